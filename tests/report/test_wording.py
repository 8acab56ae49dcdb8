"""The wording rules, on the flagship's every sentence and on small cases that failed before."""

from __future__ import annotations

import datetime as dt
import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from dashboard_fixtures import copy_sample
from typer.testing import CliRunner

from detente.cli import app
from detente.domain import EvidenceRef
from detente.io import load_scenario
from detente.report import build_context
from detente.report.embed import page_figures
from detente.report.evidence import DocumentFiles, EvidenceResolver, Quote
from detente.report.explainer import ClaimView, explain
from detente.report.wording import (
    evidence_hedge,
    is_plural,
    quoted_spans,
    red_line_sentence,
    scale_point,
    unquoted_spans,
)
from detente.workflows.analyse import analyse
from detente.workflows.report import make_report

BRIEFS = Path(__file__).resolve().parents[2] / "examples" / "ukraine-2025" / "briefs"


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return copy_sample(tmp_path / "case")


@pytest.fixture(scope="module")
def flagship_context(flagship_path: Path, seeds_dir: Path):  # type: ignore[no-untyped-def]
    scenario = load_scenario(flagship_path)
    resolver = EvidenceResolver(scenario, [DocumentFiles([seeds_dir])])
    return build_context(scenario, analyse(scenario, seed=0), resolver)


def _sentences(ctx) -> list[str]:  # type: ignore[no-untyped-def]
    out = []
    for e in ctx.explainers:
        out += [s.text for s in e.summary]
        for p in e.paragraphs:
            out.append(p.question)
            out += [s.text for s in p.sentences]
    if ctx.deals is not None:
        out += [ctx.deals.note or ""]
        rows = ctx.deals.logrolls + ctx.deals.crossing_logrolls + ctx.deals.solutions
        out += [str(v) for row in rows for v in row.values()] + [ctx.deals.logroll_note or ""]
    out += [s.text for s in getattr(ctx, "lede", [])]
    if ctx.explorer.view is not None:
        out += [ctx.explorer.view["summary"], *ctx.explorer.view["blocked"]]
        out += [str(v) for row in ctx.explorer.view["solutions"] for v in row.values()]
    return [s for s in out if s]


def test_no_quotation_mark_in_the_flagship_encloses_words_not_in_a_source(
    flagship_context, seeds_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    sources = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.iterdir())]
    sentences = _sentences(flagship_context)
    assert len(sentences) > 100
    bad = {s: unquoted_spans(s, sources) for s in sentences if unquoted_spans(s, sources)}
    assert bad == {}


def test_flagship_sentences_have_no_old_mechanical_faults(flagship_context) -> None:  # type: ignore[no-untyped-def]
    sentences = _sentences(flagship_context)
    assert not [s for s in sentences if "closer to" in s]
    assert not [s for s in sentences if "What does the European supporters" in s]
    assert "What do the European supporters of Ukraine (EU, UK, France) want?" in sentences
    assert not [s for s in sentences if ".txt" in s]  # an outlet, never a file name
    assert not [s for s in sentences if "on average" in s]
    for e in flagship_context.explainers:
        for p in e.paragraphs:
            texts = [s.text for s in p.sentences]
            assert len(texts) == len(set(texts))


def test_anchor_labels_are_paraphrased_and_midpoints_say_midway(sample: Path) -> None:
    harbour = load_scenario(sample).issue("harbour")
    assert quoted_spans(scale_point(harbour, 80)) == []
    assert "joint patrols" in scale_point(harbour, 50)
    low, high = sorted(harbour.anchors)[0], sorted(harbour.anchors)[1]
    assert "midway" in scale_point(harbour, (low + high) / 2)
    assert "nearer the first" in scale_point(harbour, low + (high - low) * 0.3)


def test_hedges_follow_the_evidence_and_the_confidence() -> None:
    assert "no source cited" in evidence_hedge([], 0.9)
    assert evidence_hedge(["Reuters"], 0.3) == "In the analyst's inference from Reuters,"
    assert evidence_hedge(["Reuters"], 0.6) == "Reportedly,"
    assert evidence_hedge(["Reuters", None], 0.9) == "According to Reuters and an unnamed source,"


def test_red_lines_say_whether_they_are_stated_or_inferred(sample: Path) -> None:
    scenario = load_scenario(sample)
    with_line = [p for p in scenario.positions if p.red_line is not None]
    assert with_line
    pos = with_line[0]
    issue = scenario.issue(pos.issue)
    cited = pos.model_copy(
        update={"confidence": 0.9, "evidence": (EvidenceRef(doc="d", start=0, end=1),)}
    )
    bare = pos.model_copy(update={"evidence": ()})
    assert (red_line_sentence(issue, cited) or "").startswith("Its stated red line")
    assert "inferred by the analyst" in (red_line_sentence(issue, bare) or "")


def test_plural_party_names_take_plural_verbs() -> None:
    assert is_plural("European supporters of Ukraine (EU, UK, France)")
    assert not is_plural("United States")
    assert not is_plural("Russia")


def test_identical_claims_are_said_once_and_contrary_ones_are_flagged(sample: Path) -> None:
    scenario = load_scenario(sample)
    pos = scenario.positions[0]
    quote = Quote("a.txt", 0, 5, "words", None, dt.date(2025, 3, 1), None, None, "document file")
    claim = ClaimView(pos.actor, pos.issue, "for" if pos.position < 50 else "against", quote)
    paragraphs = explain(scenario, EvidenceResolver(scenario), claims=[claim, claim])
    para = next(
        p
        for e in paragraphs
        if e.issue.id == pos.issue
        for p in e.paragraphs
        if p.actor_id == pos.actor
    )
    claim_sentences = [s.text for s in para.sentences if "machine reading" in s.text]
    assert len(claim_sentences) == 1
    assert "an unnamed source" in claim_sentences[0] and "a.txt" not in claim_sentences[0]
    assert "opposite of the analyst's reading" in claim_sentences[0]


def test_flagship_forecasts_are_named_and_red_lines_flagged(flagship_context) -> None:  # type: ignore[no-untyped-def]
    nato = next(e for e in flagship_context.explainers if e.issue.id == "nato_membership")
    texts = [s.text for s in nato.summary]
    models = [r.model for r in flagship_context.analysis.runs if r.forecast is not None]
    by_model = next(t for t in texts if t.startswith("The models' forecasts, by model"))
    assert all(m in by_model for m in models)
    assert any(t.startswith("Warning: beyond the red line of Russia") for t in texts)


def test_flagship_logrolls_are_checked_against_every_red_line(flagship_context) -> None:  # type: ignore[no-untyped-def]
    """The only trade the flagship offers (US recognition for a Russian ceasefire) crosses
    Ukraine's red line: it was once the first row of "Top logrolls"; now no trade is proposed."""
    deals = flagship_context.deals
    assert deals.logrolls == []  # nothing is presented as the top trade
    assert deals.logroll_note and "none is proposed" in deals.logroll_note
    recognition = next(
        r for r in deals.crossing_logrolls if "Recognition of the annexed regions" in r["Trade"]
    )
    assert "beyond the red line of Ukraine" in recognition["Red lines"]
    assert "cost to third parties: Ukraine -" in recognition["Gains and costs"]
    assert all(row["Red lines"] != "respects every red line" for row in deals.crossing_logrolls)
    assert all("Red lines" in row for row in deals.solutions)


def test_flagship_lede_names_the_parties_and_the_newest_article(flagship_context) -> None:  # type: ignore[no-untyped-def]
    texts = [s.text for s in flagship_context.lede]
    assert texts[0].startswith("Four parties: the United States, Russia, Ukraine")
    top = flagship_context.explainers[0].issue.name
    assert texts[1].startswith(f"{top}: today at ")
    newest = next(t for t in texts if t.startswith("What the latest article"))
    assert "2025-03-26" in newest and "first to report" in newest


def test_quote_context_is_not_cut_at_us_abbreviation() -> None:
    from detente.report.evidence import sentence_context

    text = "Earlier news. Trump said the U.S. could help run the plants. Then more."
    start = text.index("could help")
    before, after = sentence_context(text, start, start + len("could help"))
    assert before == "Trump said the U.S. "
    assert after == " run the plants."


# Elements whose own text is one run of prose; inline elements (a, sup, mark, b) belong to it.
_BLOCKS = {
    "p",
    "li",
    "td",
    "th",
    "dd",
    "dt",
    "h1",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "summary",
    "label",
    "option",
    "caption",
    "title",
}


class _Blocks(HTMLParser):
    """The visible text of a page, one string per block element (scripts and styles skipped)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._stack: list[list[str]] = [[]]
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in _BLOCKS:
            self._stack.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1
        elif tag in _BLOCKS and len(self._stack) > 1:
            self.blocks.append("".join(self._stack.pop()))

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._stack[-1].append(data)


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [unescape(re.sub(r"<[^>]+>", " ", value))]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _strings(v)]
    if isinstance(value, list):
        return [t for v in value for t in _strings(v)]
    return []


@pytest.fixture(scope="module")
def flagship_outputs(
    flagship_path: Path, seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, str]:
    """The flagship as ``make demo`` writes it (demo briefs in a store, seed articles as
    documents), in every format: the whole text a reader sees."""
    folder = tmp_path_factory.mktemp("demo")
    db = folder / "corpus.db"
    args = ["extract", str(BRIEFS), "--scenario", str(flagship_path), "--db", str(db)]
    made = CliRunner().invoke(app, [*args, "--out", str(folder / "x")])
    assert made.exit_code == 0, made.output
    out = {}
    for fmt in ("html", "md", "print"):
        path = make_report(
            flagship_path, folder / f"r.{fmt}", corpus=db, docs=[seeds_dir], fmt=fmt, mc_draws=0
        )
        out[fmt] = path.read_text(encoding="utf-8")
    return out


def test_no_quotation_mark_anywhere_in_the_flagship_report_encloses_words_not_in_a_source(
    flagship_outputs: dict[str, str], seeds_dir: Path
) -> None:
    """Every sentence of the report, its exports and every chart's hover: quotation marks
    enclose article text only (once, the manifest printed its settings as JSON, in quotes)."""
    sources = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.iterdir())]
    sources += [p.read_text(encoding="utf-8") for p in sorted(BRIEFS.iterdir()) if p.is_file()]
    parser = _Blocks()
    parser.feed(flagship_outputs["html"])
    printed = _Blocks()
    printed.feed(flagship_outputs["print"])
    texts = parser.blocks + printed.blocks + flagship_outputs["md"].splitlines()
    texts += _strings(page_figures(flagship_outputs["html"]))
    texts += _strings(
        json.loads(
            re.search(  # the explorer's tables hold its sentences too
                r'id="explorer-tables">(.*?)</script>', flagship_outputs["html"], re.S
            ).group(1)
        )
    )  # type: ignore[union-attr]
    assert len(parser.blocks) > 500 and sum(bool(quoted_spans(t)) for t in texts) > 100
    bad = {t[:200]: unquoted_spans(t, sources) for t in texts if unquoted_spans(t, sources)}
    assert bad == {}


def test_the_flagship_brief_says_what_comes_next_in_the_articles_words(
    flagship_outputs: dict[str, str],
) -> None:
    """The lede once gave a bare date ("Next, on 2025-03-27") without saying what happens."""
    brief = flagship_outputs["md"].split("## In brief", 1)[1].split("\n## ", 1)[0]
    nxt = next(line for line in brief.splitlines() if line.startswith("- Next, on 2025-03-27"))
    assert "“Emmanuel Macron said a coalition of willing countries would gather in Paris" in nxt
    assert "What the latest article (unnamed English-language outlet, 2025-03-26) changes" in brief


def test_every_flagship_position_shows_its_confidence_its_sources_and_its_red_lines_kind(
    flagship_path: Path, seeds_dir: Path
) -> None:
    """Confidence was once never shown, inferred red lines read as stated and an uncited
    position as cited. The flagship, with one position stripped of its evidence and one red
    line left on thin evidence, is checked paragraph by paragraph."""
    scenario = load_scenario(flagship_path)
    lined = [p for p in scenario.positions if p.red_line is not None and p.evidence]
    uncited, thin = lined[0], lined[1]
    changed = {
        (uncited.actor, uncited.issue): uncited.model_copy(update={"evidence": ()}),
        (thin.actor, thin.issue): thin.model_copy(update={"confidence": 0.4}),
    }
    positions = tuple(changed.get((p.actor, p.issue), p) for p in scenario.positions)
    scenario = scenario.model_copy(update={"positions": positions})
    explainers = explain(scenario, EvidenceResolver(scenario, [DocumentFiles([seeds_dir])]))
    checked = 0
    for e in explainers:
        for para in e.paragraphs:
            pos = scenario.position(para.actor_id, e.issue.id)
            assert pos is not None
            first, texts = para.sentences[0], [s.text for s in para.sentences]
            if pos.confidence is not None:
                assert f"analyst's confidence {pos.confidence:.0%}" in first.text
            assert ("no source cited" in first.text) == (not pos.evidence)
            assert len(first.quotes) == len(pos.evidence)
            if pos.red_line is not None:
                stated = bool(pos.evidence) and (pos.confidence or 1.0) >= 0.6
                assert any(t.startswith("Its stated red line") for t in texts) == stated
                assert any("inferred by the analyst" in t for t in texts) == (not stated)
            checked += 1
    assert checked == len(scenario.positions)
    para = next(
        p
        for e in explainers
        if e.issue.id == uncited.issue
        for p in e.paragraphs
        if p.actor_id == uncited.actor
    )
    assert para.sentences[0].text.startswith("By the analyst's estimate, with no source cited,")
