"""The view model behind the report and the dashboard: plain data, ready for the templates."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from detente.corpus.events import Event
from detente.domain import EvidenceRef, Scenario
from detente.domain.corpus import Claim, Conflict, Fact
from detente.errors import DetenteError
from detente.report.analysis import Analysis
from detente.report.charts import (
    Figure,
    TimelineItem,
    matrix_figure,
    strip_figure,
    timeline_figure,
)
from detente.report.deal_explorer import ReportExplorer, report_explorer
from detente.report.deal_views import DealView, deal_view
from detente.report.event_list import event_views
from detente.report.evidence import EvidenceResolver, Quote
from detente.report.explainer import ClaimView, IssueExplainer, Sentence, explain
from detente.report.lede import lede
from detente.report.model_views import ModelViews, model_views
from detente.report.palette import actor_styles
from detente.report.timeline_chart import position_timeline
from detente.report.wording import capital, noun


@dataclass
class CorpusData:
    """What a corpus contributes to the views (all optional)."""

    claims: Sequence[Claim] = ()
    facts: Sequence[Fact] = ()
    conflicts: Sequence[Conflict] = ()
    note: str | None = None  # why the corpus parts are missing, when they are
    accepted: frozenset[Claim] = frozenset()  # the claims the analyst accepted on review
    events: Sequence[Event] = ()  # calls, talks, proposals ... (detente.corpus.events)


@dataclass(frozen=True)
class ConflictSideView:
    value: str
    quotes: tuple[Quote, ...]


@dataclass(frozen=True)
class ConflictView:
    kind: str
    subject: str
    sides: tuple[ConflictSideView, ...]


@dataclass
class ReportContext:
    scenario: Scenario
    title: str
    generated: str
    explainers: list[IssueExplainer]
    matrix: Figure
    strips: dict[str, Figure]
    analysis: Analysis
    deals: DealView | None
    conflicts: list[ConflictView]
    conflicts_note: str | None
    timeline: Figure | None
    timeline_note: str | None
    evidence_origin: str
    styles: dict[str, Any]
    models: ModelViews | None = None  # per issue: forecast notes, rounds, fan and tornado
    lede: list[Sentence] = field(default_factory=list)
    explorer: ReportExplorer = field(default_factory=lambda: ReportExplorer(None, None))
    extra: dict[str, Any] = field(default_factory=dict)


def _claim_views(corpus: CorpusData, resolver: EvidenceResolver) -> list[ClaimView]:
    return [
        ClaimView(
            c.actor,
            c.issue,
            c.stance,
            resolver.quote(EvidenceRef(doc=c.doc, start=c.start, end=c.end)),
            accepted=c in corpus.accepted,
        )
        for c in corpus.claims
    ]


def _conflict_views(
    scenario: Scenario, conflicts: Sequence[Conflict], resolver: EvidenceResolver
) -> list[ConflictView]:
    views = []
    for conflict in conflicts:
        sides = tuple(
            ConflictSideView(
                side.value,
                tuple(
                    resolver.quote(EvidenceRef(doc=d, start=s, end=e)) for d, s, e in side.sources
                ),
            )
            for side in conflict.sides
        )
        views.append(ConflictView(conflict.kind, conflict_subject(scenario, conflict), sides))
    return views


_STANCE_SUBJECT = re.compile(r"stance of (\S+) on (\S+)")
_ISSUE_IN_BRACKETS = re.compile(r"\((\S+)\)$")


def conflict_subject(scenario: Scenario, conflict: Conflict) -> str:
    """What the sources disagree about, with the scenario's names for its ids ("Russia on the
    Kursk land swap: for and against", never "stance of russia on kursk_exchange")."""
    actors = {a.id: noun(a.name) for a in scenario.actors}
    issues = {i.id: i.name for i in scenario.issues}
    stance = _STANCE_SUBJECT.fullmatch(conflict.subject)
    if stance and stance.group(1) in actors and stance.group(2) in issues:
        values = [side.value for side in conflict.sides]
        read = ", ".join(values[:-1]) + " and " + values[-1]
        party, issue = actors[stance.group(1)], issues[stance.group(2)]
        return f"{capital(party)} on {issue}: read as {read}"
    bracket = _ISSUE_IN_BRACKETS.search(conflict.subject)
    if bracket and bracket.group(1) in issues:
        return conflict.subject[: bracket.start()] + f"({issues[bracket.group(1)]})"
    return conflict.subject


def _timeline(
    scenario: Scenario, corpus: CorpusData, resolver: EvidenceResolver
) -> list[TimelineItem]:
    items: list[TimelineItem] = []

    def add(doc: str, kind: str, label: str) -> None:
        source = resolver.source(doc)
        if source.date is not None:
            items.append(TimelineItem(source.date, kind, label, source.outlet or doc))

    for claim in corpus.claims:
        add(claim.doc, "claim", f"{claim.actor} {claim.stance} {claim.issue}: {claim.cue}")
    for fact in corpus.facts:
        add(fact.doc, "fact", f"{fact.kind}: {fact.value}")
    for pos in scenario.positions:
        for ref in pos.evidence:
            add(ref.doc, "evidence", f"{pos.actor} on {pos.issue} (scenario evidence)")
    return items


def evidence_counts(scenario: Scenario, claims: Sequence[Claim]) -> dict[tuple[str, str], int]:
    counts: Counter[tuple[str, str]] = Counter()
    for pos in scenario.positions:
        counts[(pos.actor, pos.issue)] += len(pos.evidence)
    for claim in claims:
        counts[(claim.actor, claim.issue)] += 1
    return dict(counts)


def build_time() -> dt.datetime:
    """When the report is built: ``SOURCE_DATE_EPOCH`` when set (reproducible builds: the same
    inputs give the same bytes), else now."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return dt.datetime.now(dt.UTC)
    try:
        return dt.datetime.fromtimestamp(int(raw), dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise DetenteError(
            "DT709",
            f"SOURCE_DATE_EPOCH={raw!r} is not a time",
            hint="seconds since 1970-01-01 UTC, e.g. `git log -1 --format=%ct`",
        ) from None


def build_context(
    scenario: Scenario,
    analysis: Analysis,
    resolver: EvidenceResolver,
    corpus: CorpusData | None = None,
    pairs: Sequence[tuple[str, str]] = (),
) -> ReportContext:
    corpus = corpus or CorpusData(note="No corpus store was given (use --corpus DB).")
    forecasts = analysis.forecasts
    views = model_views(scenario, analysis)
    explainers = explain(
        scenario,
        resolver,
        forecasts,
        _claim_views(corpus, resolver),
        labels=views.labels(),
    )
    timeline_items = _timeline(scenario, corpus, resolver)
    conflicts = _conflict_views(scenario, corpus.conflicts, resolver)
    dates = {c.doc: resolver.source(c.doc).date for c in corpus.claims}
    positions_over_time = position_timeline(scenario, corpus.claims, dates)
    return ReportContext(
        scenario=scenario,
        title=scenario.title,
        generated=build_time().strftime("%Y-%m-%d %H:%M UTC"),
        explainers=explainers,
        matrix=matrix_figure(scenario, evidence_counts(scenario, corpus.claims)),
        strips={
            e.issue.id: strip_figure(
                scenario, e.issue.id, forecasts, views.issues[e.issue.id].notes
            )
            for e in explainers
        },
        analysis=analysis,
        deals=deal_view(scenario, analysis.deals, analysis.deals_note)
        if analysis.deals is not None
        else None,
        conflicts=conflicts,
        conflicts_note=None if conflicts else (corpus.note or "The sources given do not disagree."),
        timeline=timeline_figure(timeline_items) if timeline_items else None,
        timeline_note=None
        if timeline_items
        else "No dated claims, facts or evidence to place on a timeline.",
        evidence_origin=resolver.describe(),
        styles={k: v.colour for k, v in actor_styles(scenario).items()},
        models=views,
        lede=lede(scenario, explainers, forecasts, resolver, corpus.facts),
        explorer=report_explorer(scenario, pairs),
        extra={
            "position_timeline": positions_over_time,
            "events": event_views(scenario, corpus.events, resolver),
        },
    )
