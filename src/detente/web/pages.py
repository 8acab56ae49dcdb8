"""Page builders: each returns the template context and the JSON twin of one dashboard page."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any, TypeVar

from detente.domain import Position, Scenario
from detente.errors import DetenteError
from detente.io.export import scenario_to_plain
from detente.report.analysis import Analysis
from detente.report.charts import matrix_figure, strip_figure
from detente.report.context import evidence_counts
from detente.report.deal_views import deal_view
from detente.report.evidence import Quote
from detente.report.explainer import issue_weight
from detente.report.palette import actor_styles
from detente.report.timeline_chart import position_timeline
from detente.web.compare import compare
from detente.web.state import DashboardState
from detente.web.workspace import Entry, plain_versions

T = TypeVar("T")


@dataclass
class Page:
    template: str
    context: dict[str, Any]
    data: dict[str, Any]


def _forecasts_json(analysis: Analysis | None) -> dict[str, Any] | None:
    if analysis is None:
        return None
    return {
        "models": {
            r.model: (r.forecast.positions() if r.forecast else {"error": r.error})
            for r in analysis.runs
        },
        "models_note": analysis.models_note,
        "deals": analysis.deals.to_json() if analysis.deals is not None else None,
        "deals_note": analysis.deals_note,
        "manifest": analysis.manifest,
    }


def _run_info(state: DashboardState, entry: Entry) -> dict[str, Any]:
    last = state.last_run(entry)
    if last is None:
        return {"run": None, "run_version": None, "stale": False}
    version, analysis = last
    return {"run": analysis, "run_version": version, "stale": version != entry.version}


def _base(entry: Entry) -> dict[str, Any]:
    scenario = entry.scenario()
    return {
        "entry": entry,
        "scenario": scenario,
        "styles": {k: v.colour for k, v in actor_styles(scenario).items()},
    }


def _known(lookup: Callable[[str], T], key: str, what: str, sid: str) -> T:
    """``lookup(key)``, with an unknown key a 404 (DT702) instead of a KeyError."""
    try:
        return lookup(key)
    except KeyError:
        raise DetenteError("DT702", f"no {what} {key!r} in scenario {sid!r}") from None


def _stamp(entry: Entry) -> dict[str, Any]:
    """What every JSON twin of a scenario page starts with: which scenario, which version."""
    return {"scenario": entry.id, "version": entry.version, "etag": entry.etag}


def index_page(state: DashboardState) -> Page:
    rows = []
    for entry in state.workspace.entries.values():
        s = entry.scenario()
        rows.append(
            {
                "id": entry.id,
                "title": s.title,
                "file": entry.path.name,
                "version": entry.version,
                "actors": len(s.actors),
                "issues": len(s.issues),
                "editable": entry.editable,
            }
        )
    return Page("index.html.j2", {"rows": rows}, {"scenarios": rows})


def scenario_page(state: DashboardState, sid: str, pairs: Sequence[tuple[str, str]] = ()) -> Page:
    entry = state.workspace.get(sid)
    ctx = _base(entry)
    scenario: Scenario = ctx["scenario"]
    corpus = state.corpus()
    claims = corpus.claims if corpus else ()
    info = _run_info(state, entry)
    run: Analysis | None = info["run"]
    ctx.update(info)
    ctx["matrix"] = matrix_figure(scenario, evidence_counts(scenario, claims))
    # The issue list in the explainers' order (weightiest first), without resolving any quote.
    ctx["issues"] = sorted(
        (i for i in scenario.issues if scenario.positions_on(i.id)),
        key=lambda i: -issue_weight(scenario, i.id),
    )
    ctx["deals"] = deal_view(scenario, run.deals, pairs) if run and run.deals is not None else None
    data = {
        "id": entry.id,
        "version": entry.version,
        "etag": entry.etag,
        "editable": entry.editable,
        "scenario": scenario_to_plain(scenario),
        "forecasts": _forecasts_json(info["run"]),
        "forecasts_version": info["run_version"],
    }
    return Page("scenario.html.j2", ctx, data)


def issue_page(state: DashboardState, sid: str, issue_id: str) -> Page:
    entry = state.workspace.get(sid)
    ctx = _base(entry)
    scenario: Scenario = ctx["scenario"]
    issue = _known(scenario.issue, issue_id, "issue", sid)
    info = _run_info(state, entry)
    forecasts = info["run"].forecasts if info["run"] else []
    resolver = state.resolver(entry, scenario)
    positions: list[dict[str, Any]] = []
    held: list[Position] = []
    quotes: list[Quote] = []
    for actor in scenario.actors:
        pos = scenario.position(actor.id, issue_id)
        found = [resolver.quote(ref) for ref in pos.evidence] if pos else []
        positions.append({"actor": actor, "position": pos, "quotes": found})
        held.extend([pos] if pos else [])
        quotes.extend(found)
    corpus = state.corpus()
    on_issue = [c for c in (corpus.claims if corpus else ()) if c.issue == issue_id]
    over_time = position_timeline(
        scenario, on_issue, {c.doc: resolver.source(c.doc).date for c in on_issue}
    )
    ctx.update(info)
    ctx.update(
        {
            "issue": issue,
            "positions": positions,
            "strip": strip_figure(scenario, issue_id, forecasts),
            "over_time": over_time.figures.get(issue_id),
        }
    )
    data = {
        **_stamp(entry),
        "issue": issue.model_dump(mode="json"),
        "positions": [p.model_dump(mode="json") for p in held],
        "forecasts": {
            f.model: f.issues[issue_id].position for f in forecasts if issue_id in f.issues
        },
        "forecasts_version": info["run_version"],
        "evidence": [asdict(q) for q in quotes],
        "positions_over_time": over_time.data,
    }
    return Page("issue.html.j2", ctx, data)


def party_page(state: DashboardState, sid: str, actor_id: str) -> Page:
    entry = state.workspace.get(sid)
    ctx = _base(entry)
    scenario: Scenario = ctx["scenario"]
    actor = _known(scenario.actor, actor_id, "party", sid)
    held = [(scenario.issue(p.issue), p) for p in scenario.positions if p.actor == actor_id]
    ctx.update({"actor": actor, "held": held})
    data = {
        **_stamp(entry),
        "actor": actor.model_dump(mode="json"),
        "positions": [p.model_dump(mode="json") for _, p in held],
    }
    return Page("party.html.j2", ctx, data)


def corpus_page(state: DashboardState, sid: str, query: str) -> Page:
    entry = state.workspace.get(sid)
    ctx = _base(entry)
    hits, origin = state.search(entry, query) if query.strip() else ([], None)
    resolver = state.resolver(entry, ctx["scenario"])
    rows = [{"hit": h, "source": resolver.source(h.doc)} for h in hits]
    ctx.update({"query": query, "rows": rows, "origin": origin})
    data = {
        "scenario": entry.id,
        "version": entry.version,
        "query": query,
        "searched": origin,
        "hits": [asdict(h) for h in hits],
    }
    return Page("corpus.html.j2", ctx, data)


def history_page(state: DashboardState, sid: str) -> Page:
    entry = state.workspace.get(sid)
    ctx = _base(entry)
    versions = plain_versions(entry)
    ctx["versions"] = versions
    return Page(
        "history.html.j2",
        ctx,
        {**_stamp(entry), "versions": versions},
    )


def _ref(state: DashboardState, ref: str) -> tuple[Entry, int]:
    """``sid`` or ``sid@version``."""
    sid, _, number = ref.partition("@")
    entry = state.workspace.get(sid)
    if not number:
        return entry, entry.version
    if not number.isdigit():
        raise DetenteError("DT702", f"bad version {number!r} in {ref!r}", hint="use id@3")
    entry.scenario(int(number))  # raises for an unknown version
    return entry, int(number)


def compare_page(state: DashboardState, a: str, b: str) -> Page:
    entry_a, va = _ref(state, a)
    entry_b, vb = _ref(state, b)
    sa, sb = entry_a.scenario(va), entry_b.scenario(vb)
    result = compare(sa, sb, state.analysis_of(entry_a, va), state.analysis_of(entry_b, vb))
    ctx = {
        "a": f"{entry_a.id}@{va}",
        "b": f"{entry_b.id}@{vb}",
        "sa": sa,
        "sb": sb,
        "result": result,
        "refs": [
            f"{e.id}@{v.number}"
            for e in state.workspace.entries.values()
            for v in reversed(e.versions)
        ],
    }
    return Page("compare.html.j2", ctx, {"a": ctx["a"], "b": ctx["b"], **result})
