"""The auto-written explainer: what each party wants on each main issue, sentence by sentence.

Every sentence is written from the scenario's numbers and the issue's own anchor labels, and
carries the evidence it rests on (quotes cut from the stored text, never paraphrased). Claims
from a corpus, when one is given, add sentences of the form "outlet, date: quote".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from detente.domain import Forecast, Issue, Position, Scenario
from detente.report.evidence import EvidenceResolver, Quote
from detente.report.wording import (
    beyond_red_line,
    capital,
    evidence_hedge,
    noun,
    num,
    red_line_sentence,
    scale_point,
    source_name,
    verb,
)

MAX_CLAIMS = 3  # claim sentences per party and issue; the rest are counted, not listed


@dataclass(frozen=True)
class ClaimView:
    """A claim from the corpus, as the views need it."""

    actor: str
    issue: str
    stance: str  # e.g. "for", "against", "neutral"
    quote: Quote
    accepted: bool = False  # the analyst accepted it in the review queue


@dataclass(frozen=True)
class Sentence:
    text: str
    quotes: tuple[Quote, ...] = ()


@dataclass
class ActorParagraph:
    actor_id: str
    question: str
    sentences: list[Sentence] = field(default_factory=list)


@dataclass
class IssueExplainer:
    issue: Issue
    weight: float
    summary: list[Sentence]
    paragraphs: list[ActorParagraph]


def salience_words(salience: float) -> str:
    if salience >= 70:
        return "a top priority"
    if salience >= 40:
        return "an important issue"
    if salience >= 15:
        return "a secondary issue"
    return "a minor issue"


def issue_weight(scenario: Scenario, issue_id: str) -> float:
    """How much the issue matters overall: capability-weighted salience summed over actors."""
    return sum(
        p.salience * scenario.actor(p.actor).capability for p in scenario.positions_on(issue_id)
    )


def _actor_paragraph(
    scenario: Scenario,
    issue: Issue,
    pos: Position,
    resolver: EvidenceResolver,
    claims: Sequence[ClaimView],
) -> ActorParagraph:
    actor_name = scenario.actor(pos.actor).name
    name = noun(actor_name)
    quotes = tuple(resolver.quote(ref) for ref in pos.evidence)
    para = ActorParagraph(pos.actor, f"What {verb(actor_name, 'does', 'do')} {name} want?")
    hedge = evidence_hedge([q.outlet for q in quotes], pos.confidence)
    confidence = "" if pos.confidence is None else f"; analyst's confidence {pos.confidence:.0%}"
    para.sentences.append(
        Sentence(
            f"{hedge} {name} {verb(actor_name, 'wants', 'want')} "
            f"{scale_point(issue, pos.position)}{confidence}.",
            quotes,
        )
    )
    para.sentences.append(
        Sentence(
            f"It is {salience_words(pos.salience)} for {name} (salience {num(pos.salience)}/100)."
        )
    )
    red_line = red_line_sentence(issue, pos)
    if red_line is not None:
        para.sentences.append(Sentence(red_line))
    if pos.note:
        para.sentences.append(Sentence(f"Analyst's note: {pos.note}"))
    matching = _distinct(
        c for c in claims if c.actor == pos.actor and c.issue == issue.id and c.quote.available
    )
    for claim in matching[:MAX_CLAIMS]:
        para.sentences.append(Sentence(_claim_words(name, claim, pos), (claim.quote,)))
    if len(matching) > MAX_CLAIMS:
        extra = len(matching) - MAX_CLAIMS
        para.sentences.append(
            Sentence(f"The corpus holds {extra} more such claim{'s' * (extra > 1)}.")
        )
    return para


def _distinct(claims: Iterable[ClaimView]) -> list[ClaimView]:
    """One claim per outlet, stance and quoted text: the same sentence is never said twice."""
    seen: dict[tuple[str | None, str, str | None], ClaimView] = {}
    for claim in claims:
        seen.setdefault((claim.quote.outlet, claim.stance, claim.quote.text), claim)
    return list(seen.values())


STANCE_WORDS = {
    "for": "in favour",
    "against": "against it",
    "conditional": "in favour on conditions",
}
# Where on the axis a claim's stance points (for: towards 100), to spot claims that disagree.
STANCE_SIDE = {"for": 1, "against": -1, "conditional": 1}


def _claim_words(name: str, claim: ClaimView, pos: Position) -> str:
    stance = STANCE_WORDS.get(claim.stance, claim.stance)
    checked = (
        "accepted by the analyst on review, reports"
        if claim.accepted
        else "not yet checked by the analyst, takes it to report"
    )
    text = f"A machine reading of {source_name(claim.quote.outlet)}, {checked} {name} {stance}"
    side = STANCE_SIDE.get(claim.stance, 0)
    if side and (pos.position - 50) * side < 0:
        text += ", the opposite of the analyst's reading"
    return text + "."


def _summary(
    scenario: Scenario,
    issue: Issue,
    forecasts: Sequence[Forecast],
    labels: Mapping[tuple[str, str], str],
) -> list[Sentence]:
    positions = scenario.positions_on(issue.id)
    out: list[Sentence] = [Sentence(f"The question: {issue.proposition}")]
    if issue.status_quo is not None:
        out.append(Sentence(f"Today it stands at {scale_point(issue, issue.status_quo)}."))
    if len(positions) >= 2:
        low = min(positions, key=lambda p: p.position)
        high = max(positions, key=lambda p: p.position)
        gap = high.position - low.position
        out.append(
            Sentence(
                f"{capital(noun(scenario.actor(low.actor).name))} and "
                f"{noun(scenario.actor(high.actor).name)} are "
                f"furthest apart, {num(gap)} points on the 0–100 axis."
            )
        )
    out.extend(_forecast_sentences(scenario, issue, forecasts, labels))
    return out


def _forecast_sentences(
    scenario: Scenario,
    issue: Issue,
    forecasts: Sequence[Forecast],
    labels: Mapping[tuple[str, str], str],
) -> list[Sentence]:
    """Each model's forecast by name (never an average) with its Monte Carlo label when there is
    one, and a warning for every forecast that falls beyond a party's red line."""
    predicted = [(f.model, f.issues[issue.id].position) for f in forecasts if issue.id in f.issues]
    if not predicted:
        return []
    by_model = "; ".join(
        f"{model} {num(value)}"
        + (f" ({labels[(model, issue.id)]})" if (model, issue.id) in labels else "")
        for model, value in predicted
    )
    out = [Sentence(f"The models' forecasts, by model: {by_model} (out of 100).")]
    for pos in scenario.positions_on(issue.id):
        beyond = [f"{m} ({num(v)})" for m, v in predicted if beyond_red_line(pos, v)]
        if beyond and pos.red_line is not None:
            name = noun(scenario.actor(pos.actor).name)
            out.append(
                Sentence(
                    f"Warning: beyond the red line of {name} ({num(pos.red_line)}/100): "
                    f"{', '.join(beyond)}."
                )
            )
    return out


def explain(
    scenario: Scenario,
    resolver: EvidenceResolver,
    forecasts: Sequence[Forecast] = (),
    claims: Sequence[ClaimView] = (),
    labels: Mapping[tuple[str, str], str] | None = None,
) -> list[IssueExplainer]:
    """One explainer per issue with positions, the weightiest issue first; ``labels`` gives
    (model, issue) -> "robust"/"fragile" from a Monte Carlo run."""
    explainers: list[IssueExplainer] = []
    for issue in scenario.issues:
        positions = sorted(scenario.positions_on(issue.id), key=lambda p: -p.salience)
        if not positions:
            continue
        paragraphs = [_actor_paragraph(scenario, issue, p, resolver, claims) for p in positions]
        explainers.append(
            IssueExplainer(
                issue=issue,
                weight=issue_weight(scenario, issue.id),
                summary=_summary(scenario, issue, forecasts, labels or {}),
                paragraphs=paragraphs,
            )
        )
    explainers.sort(key=lambda e: -e.weight)
    return explainers
