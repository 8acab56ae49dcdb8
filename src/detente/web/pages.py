"""Page data: one function per dashboard page, each building the ONE object the page shows.

A page's data is plain JSON (dicts, lists, strings, numbers): the ``.json`` twin sends it as it
is, and the HTML template is rendered from exactly the same object (plus the request), so the two
cannot drift apart. ``tests/web/test_page_twins.py`` checks that for every page route.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any, TypeVar

from fastapi.encoders import jsonable_encoder

from detente.corpus.events import ends_after
from detente.corpus.query import build_query, highlight, spelling_groups
from detente.corpus.store import claim_key
from detente.domain import Claim, Issue, Scenario
from detente.errors import DetenteError
from detente.io import review_list
from detente.io.scenario_yaml import parse_yaml_text
from detente.report.analysis import Analysis
from detente.report.charts import matrix_figure, strip_figure
from detente.report.context import evidence_counts
from detente.report.deal_explorer import explorer_view
from detente.report.deal_views import deal_view
from detente.report.event_list import event_views
from detente.report.evidence import Quote
from detente.report.explainer import issue_weight
from detente.report.model_views import IssueModelView
from detente.report.palette import actor_styles
from detente.report.timeline_chart import position_timeline
from detente.report.wording import scale_point
from detente.web.compare import compare
from detente.web.state import DashboardState, SearchFilter
from detente.web.uncertainty import run_key
from detente.web.workspace import Entry, plain_versions
from detente.workflows import options, review
from detente.workflows.analyse import model_names
from detente.workflows.deals import explore
from detente.workflows.mc import DEFAULT_MC_MODELS, ROBUST_RULE
from detente.workflows.timeline import store_events

T = TypeVar("T")


@dataclass(frozen=True)
class Page:
    """A page's template and its data (plain JSON: what the template and the twin both show)."""

    template: str
    data: dict[str, Any]


def plain(value: Any) -> Any:
    """``value`` as the JSON twin will send it: dataclasses, models and dates become JSON's
    types, dict keys strings. The template sees this too, never the objects it came from."""
    return json.loads(json.dumps(jsonable_encoder(value)))


def page(template: str, data: dict[str, Any]) -> Page:
    return Page(template, plain(data))


def _known(lookup: Callable[[str], T], key: str, what: str, sid: str) -> T:
    """``lookup(key)``, with an unknown key a 404 (DT702) instead of a KeyError."""
    try:
        return lookup(key)
    except KeyError:
        raise DetenteError("DT702", f"no {what} {key!r} in scenario {sid!r}") from None


def _stamp(entry: Entry) -> dict[str, Any]:
    """What every scenario page's data starts with: which scenario, which version, editable."""
    return {
        "id": entry.id,
        "version": entry.version,
        "etag": entry.etag,
        "editable": entry.editable,
        "file": entry.path.name,
    }


def _base(entry: Entry) -> dict[str, Any]:
    scenario = entry.scenario()
    return {
        **_stamp(entry),
        "scenario": scenario,
        "styles": {k: v.colour for k, v in actor_styles(scenario).items()},
    }


def _run_info(state: DashboardState, entry: Entry) -> tuple[Analysis | None, dict[str, Any]]:
    """The latest run of the models and what the page says about it."""
    last = state.last_run(entry)
    if last is None:
        return None, {"ran": False, "forecasts_version": None, "stale": False}
    version, analysis = last
    return analysis, {
        "ran": True,
        "forecasts_version": version,
        "stale": version != entry.version,
    }


def _forecasts(analysis: Analysis | None) -> dict[str, Any] | None:
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


def _quote(quote: Quote) -> dict[str, Any]:
    return {**asdict(quote), "available": quote.available, "citation": quote.citation}


def scale_words(issue: Issue) -> list[dict[str, Any]]:
    """The issue's anchors, lowest first: the words the edit form shows beside its numbers."""
    return [{"point": p, "words": label} for p, label in sorted(issue.anchors.items())]


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
    return page("index.html.j2", {"scenarios": rows})


def scenario_page(state: DashboardState, sid: str) -> Page:
    entry = state.workspace.get(sid)
    data = _base(entry)
    scenario: Scenario = data["scenario"]
    corpus = state.corpus()
    claims = corpus.claims if corpus else ()
    run, info = _run_info(state, entry)
    data.update(info)
    data["matrix"] = matrix_figure(scenario, evidence_counts(scenario, claims))
    # The issue list in the explainers' order (weightiest first), without resolving any quote.
    data["issue_list"] = [
        {"id": i.id, "name": i.name, "proposition": i.proposition}
        for i in sorted(
            (i for i in scenario.issues if scenario.positions_on(i.id)),
            key=lambda i: -issue_weight(scenario, i.id),
        )
    ]
    data["forecasts"] = _forecasts(run)
    data["deals"] = (
        deal_view(scenario, run.deals, run.deals_note) if run and run.deals is not None else None
    )
    return page("scenario.html.j2", data)


def deals_page(
    state: DashboardState,
    sid: str,
    pair: tuple[str, str] | None = None,
    issues: Sequence[str] = (),
    respects: bool = False,
    reservation: dict[str, float] | None = None,
) -> Page:
    """The deal explorer: two parties' frontier over the chosen issues (default: the two
    furthest apart, every issue either cares about), optionally within every red line."""
    entry = state.workspace.get(sid)
    data = _base(entry)
    scenario: Scenario = data["scenario"]
    found = explore(scenario, pair, issues, respects=respects, reservation=reservation)
    data["explorer"] = explorer_view(scenario, found)
    data["reservation"] = {a: float(u) for a, u in zip(found.pair, found.reservation, strict=True)}
    return page("deals.html.j2", data)


def by_model(
    issue: Issue, run: Analysis | None, view: IssueModelView | None
) -> list[dict[str, Any]]:
    """One row per registered model of the latest run: its forecast on the issue (0–100, and
    in the issue's own units when it has a scale), the scale's words for it, its robust/fragile
    label when a Monte Carlo run gave one, and whose red line it lies beyond."""
    if run is None:
        return []
    names = model_names()
    rows = []
    for model_run in run.runs:
        found = model_run.forecast.issues.get(issue.id) if model_run.forecast else None
        note = view.notes.get(model_run.model) if view is not None else None
        value = None if found is None else found.position
        rows.append(
            {
                "model": model_run.model,
                "name": names.get(model_run.model, ""),
                "forecast": value,
                "original": None
                if value is None or issue.scale is None
                else issue.to_original(value),
                "words": None if value is None else scale_point(issue, value),
                "label": note.label if note else None,
                "beyond": [{"party": p, "red_line": line} for p, line in note.beyond]
                if note
                else [],
                "warning": note.warning if note else None,
                "short_warning": note.short_warning if note else None,
                "error": model_run.error,
            }
        )
    return rows


def issue_page(
    state: DashboardState,
    sid: str,
    issue_id: str,
    draft: dict[str, Any] | None = None,
) -> Page:
    """``draft`` is what the analyst typed into one row's form when a save was refused
    (``{"actor": ..., "fields": {...}, "message": ...}``): the form shows it again."""
    entry = state.workspace.get(sid)
    data = _base(entry)
    scenario: Scenario = data["scenario"]
    issue = _known(scenario.issue, issue_id, "issue", sid)
    run, info = _run_info(state, entry)
    forecasts = run.forecasts if run else []
    views = state.last_views(entry)
    view = views.issues.get(issue_id) if views is not None else None
    resolver = state.resolver(entry, scenario)
    rows: list[dict[str, Any]] = []
    for actor in scenario.actors:
        pos = scenario.position(actor.id, issue_id)
        quotes = [_quote(resolver.quote(ref)) for ref in pos.evidence] if pos else []
        words = {
            key: scale_point(issue, value)
            for key in ("position", "red_line")
            if pos is not None and (value := getattr(pos, key)) is not None
        }
        rows.append(
            {
                "actor": {"id": actor.id, "name": actor.name},
                "position": pos,
                "quotes": quotes,
                "words": words,
            }
        )
    corpus = state.corpus()
    on_issue = [c for c in (corpus.claims if corpus else ()) if c.issue == issue_id]
    over_time = position_timeline(
        scenario, on_issue, {c.doc: resolver.source(c.doc).date for c in on_issue}
    )
    data.update(info)
    data.update(
        {
            "issue": issue,
            "scale": scale_words(issue),
            "rows": rows,
            "positions": [r["position"] for r in rows if r["position"] is not None],
            "evidence": [q for r in rows for q in r["quotes"]],
            "forecasts": {
                f.model: f.issues[issue_id].position for f in forecasts if issue_id in f.issues
            },
            "strip": strip_figure(scenario, issue_id, forecasts),
            "by_model": by_model(issue, run, view),
            "rounds": view.rounds if view is not None else None,
            "over_time": over_time.figures.get(issue_id),
            "positions_over_time": over_time.data,
            "draft": draft,
        }
    )
    return page("issue.html.j2", data)


def party_page(state: DashboardState, sid: str, actor_id: str) -> Page:
    entry = state.workspace.get(sid)
    data = _base(entry)
    scenario: Scenario = data["scenario"]
    actor = _known(scenario.actor, actor_id, "party", sid)
    data.update(
        {
            "actor": actor,
            "positions": [p for p in scenario.positions if p.actor == actor_id],
            "issue_names": {i.id: i.name for i in scenario.issues},
        }
    )
    return page("party.html.j2", data)


def _search_date(value: str, name: str) -> str | None:
    if not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise DetenteError(
            "DT311", f"{name} {value[:40]!r} is not a date", hint="dates read 2025-03-18"
        ) from None


def corpus_page(
    state: DashboardState,
    sid: str,
    query: str,
    outlet: str = "",
    since: str = "",
    until: str = "",
    exact: bool = False,
) -> Page:
    """Search hits with the matched words marked, each with the positions that already cite
    it. Unless ``exact``, a party's close spellings (Kyiv, Kiev) are searched together."""
    entry = state.workspace.get(sid)
    data = _base(entry)
    scenario: Scenario = data["scenario"]
    chosen = SearchFilter(outlet or None, _search_date(since, "from"), _search_date(until, "to"))
    groups = [] if exact else spelling_groups([[a.name, *a.aliases] for a in scenario.actors])
    built = build_query(query, groups)
    hits, origin = state.search(entry, built, chosen) if query.strip() else ([], None)
    resolver = state.resolver(entry, scenario)
    cited: dict[tuple[str, int, int], list[dict[str, str]]] = {}
    for pos in scenario.positions:
        for ref in pos.evidence:
            cited.setdefault((ref.doc, ref.start, ref.end), []).append(
                {"actor": pos.actor, "issue": pos.issue}
            )
    data.update(
        {
            "query": query,
            "exact": exact,
            "filter": {"outlet": chosen.outlet, "from": chosen.since, "to": chosen.until},
            "outlets": sorted({o for _, o, _ in state.documents_meta(entry) if o}),
            "searched": origin,
            "variants": list(built.variants) if query.strip() else [],
            "hits": [
                {
                    **asdict(h),
                    "pieces": highlight(h.text, built.terms),
                    "linked": cited.get((h.doc, h.start, h.end), []),
                }
                for h in hits
            ],
            "sources": {h.doc: resolver.source(h.doc) for h in hits},
        }
    )
    return page("corpus.html.j2", data)


def _claim_row(scenario: Scenario, claim: Claim, source: Any) -> dict[str, Any]:
    return {
        **claim.model_dump(mode="json"),
        "key": claim_key(claim),
        "actor_name": scenario.actor(claim.actor).name,
        "issue_name": scenario.issue(claim.issue).name,
        "outlet": source.outlet,
        "date": source.date,
    }


def review_page(state: DashboardState, sid: str) -> Page:
    """Machine claims from the corpus awaiting the analyst's verdict (contradicting the
    analyst's position first), those accepted, and the extractor's measured precision."""
    entry = state.workspace.get(sid)
    data = _base(entry)
    scenario: Scenario = data["scenario"]
    store = state.store()
    claims = store.claims() if store is not None else []
    verdicts = store.reviews() if store is not None else {}
    resolver = state.resolver(entry, scenario)
    queue = []
    for item in review.review_queue(scenario, claims, verdicts):
        row = _claim_row(scenario, item.claim, resolver.source(item.claim.doc))
        row.update({"contradicts": item.contradicts, "analyst_position": item.analyst_position})
        queue.append(row)
    known = {a.id for a in scenario.actors}, {i.id for i in scenario.issues}
    accepted = [
        _claim_row(scenario, c, resolver.source(c.doc))
        for c in review.reviewed(claims, verdicts, "accepted")
        if c.actor in known[0] and c.issue in known[1]
    ]
    data.update(
        {
            "store": store is not None,
            "queue": queue,
            "accepted": accepted,
            "rejected": len(review.reviewed(claims, verdicts, "rejected")),
            "precision": review.precision_on_reviews(claims, verdicts),
            "evaluated": review.evaluated_precision(),
        }
    )
    return page("review.html.j2", data)


def draft_page(state: DashboardState, sid: str) -> Page:
    """A drafted scenario and its review list: each issue with every party's position and the
    quotes behind it, each party, and the items still to check (a scenario that was never a
    draft simply has none)."""
    entry = state.workspace.get(sid)
    data = _base(entry)
    scenario: Scenario = data["scenario"]
    # Only a YAML scenario has comments, hence a review list.
    document = (
        parse_yaml_text(entry.texts[entry.version], str(entry.path)) if entry.editable else None
    )
    listed = review_list.items(document) if document is not None else []
    resolver = state.resolver(entry, scenario)
    names = {a.id: a.name for a in scenario.actors}

    def about(*subjects: str) -> list[int]:
        return [i.index for i in listed if i.subject in subjects]

    issues = []
    for issue in scenario.issues:
        rows = [
            {
                "actor": p.actor,
                "actor_name": names[p.actor],
                "position": p,
                "words": scale_point(issue, p.position),
                "quotes": [_quote(resolver.quote(ref)) for ref in p.evidence],
                "review_items": about(f"{p.actor} on {issue.id}"),
            }
            for p in scenario.positions
            if p.issue == issue.id
        ]
        issues.append({"issue": issue, "rows": rows, "review_items": about(issue.id)})
    parties = [
        {
            "actor": actor,
            "issues": [p.issue for p in scenario.positions if p.actor == actor.id],
            "evidence": sum(len(p.evidence) for p in scenario.positions if p.actor == actor.id),
            "spans": [
                {"issue": p.issue, "index": n, "quote": _quote(resolver.quote(ref))}
                for p in scenario.positions
                if p.actor == actor.id
                for n, ref in enumerate(p.evidence)
            ],
            "review_items": about(actor.id),
        }
        for actor in scenario.actors
    ]
    data.update(
        {
            "items": [asdict(i) for i in listed],
            "reviewed": review_list.reviewed(document) if document is not None else [],
            "issues": issues,
            "parties": parties,
        }
    )
    return page("draft.html.j2", data)


def timeline_page(state: DashboardState, sid: str, since: str = "") -> Page:
    """The events the corpus reports (calls, talks, proposals, agreements, violations), dated
    against each article's date, each with its parties and the quoted sentences; ``since``
    keeps those after a date."""
    entry = state.workspace.get(sid)
    data = _base(entry)
    scenario: Scenario = data["scenario"]
    after = _search_date(since, "since")
    store = state.store()
    found = store_events(store, scenario) if store is not None else []
    views = event_views(scenario, found, state.resolver(entry, scenario))
    data.update(
        {
            "since": after,
            "corpus": store is not None,
            "kinds": sorted({v.kind for v in views}),
            "events": [
                {**asdict(v), "quotes": [_quote(q) for q in v.quotes]}
                for v in views
                if after is None or ends_after(v.date, dt.date.fromisoformat(after))
            ],
        }
    )
    return page("timeline.html.j2", data)


def history_page(state: DashboardState, sid: str) -> Page:
    entry = state.workspace.get(sid)
    return page("history.html.j2", {**_base(entry), "versions": plain_versions(entry)})


def uncertainty_page(
    state: DashboardState,
    sid: str,
    draws: str | None = None,
    seed: str | None = None,
    models: Sequence[str] = (),
) -> Page:
    """The Monte Carlo run with these settings on the current version: its form, its progress
    while it runs, then the fan and tornado charts and each forecast's robust/fragile label.
    Without settings, the run last started on this version (else the defaults)."""
    entry = state.workspace.get(sid)
    runs = state.mc_runs
    asked = draws is not None or seed is not None or bool(models)
    key = run_key(sid, entry.version, draws, seed, models, runs.cap)
    job = runs.get(key) if asked else (runs.latest(sid, entry.version) or runs.get(key))
    if job is not None:
        key = job.key
    data = _base(entry)
    data.update(
        {
            "settings": key.settings(),
            "cap": runs.cap,
            "rule": ROBUST_RULE,
            "model_choices": [
                {"id": m, "chosen": m in key.models, "default": m in DEFAULT_MC_MODELS}
                for m in options.MODEL_IDS
            ],
            "query": key.query(),
            # While it runs, the page polls the progress (the page itself is cached).
            "run": None
            if job is None
            else {
                "state": job.state,
                "error": job.error,
                "progress": None if job.state == "running" else job.progress(),
            },
            "results": None if job is None else job.results,
        }
    )
    return page("uncertainty.html.j2", data)


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
    refs = [
        f"{e.id}@{v.number}" for e in state.workspace.entries.values() for v in reversed(e.versions)
    ]
    return page(
        "compare.html.j2",
        {"a": f"{entry_a.id}@{va}", "b": f"{entry_b.id}@{vb}", "refs": refs, **result},
    )
