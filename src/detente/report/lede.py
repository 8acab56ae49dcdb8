"""The lede and brief at the top of the report: who the parties are, where the main issues stand,
what the newest articles add, and what comes next when the articles say so.

Written by the same wording rules as the rest (:mod:`detente.report.wording`): nothing is quoted
that is not article text, and each sentence cites what it rests on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from detente.domain import EvidenceRef, Forecast, Scenario
from detente.domain.corpus import Fact
from detente.report.evidence import EvidenceResolver
from detente.report.explainer import IssueExplainer, Sentence
from detente.report.wording import capital, noun, num, quoted, scale_point, source_name, verb

LEDE_ISSUES = 3  # the weightiest issues the brief names
MAX_ITEMS = 4  # positions named in one sentence before "and N more"
_COUNTS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}


def _names(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _parties(scenario: Scenario) -> Sentence:
    names = [noun(a.name) for a in scenario.actors]
    count = _COUNTS.get(len(names), str(len(names)))
    return Sentence(f"{capital(count)} parties: {_names(names)}.")


def _issue_line(scenario: Scenario, e: IssueExplainer, forecasts: Sequence[Forecast]) -> Sentence:
    issue = e.issue
    positions = scenario.positions_on(issue.id)
    low = min(positions, key=lambda p: p.position)
    high = max(positions, key=lambda p: p.position)
    text = f"{issue.name}: "
    if issue.status_quo is not None:
        text += f"today at {scale_point(issue, issue.status_quo)}; "
    if low.actor != high.actor:
        text += (
            f"{noun(scenario.actor(low.actor).name)} "
            f"{verb(scenario.actor(low.actor).name, 'wants', 'want')} {num(low.position)}, "
            f"{noun(scenario.actor(high.actor).name)} {num(high.position)}"
        )
    models = [
        f"{f.model} {num(f.issues[issue.id].position)}" for f in forecasts if issue.id in f.issues
    ]
    if models:
        text += f"; forecasts: {', '.join(models)}"
    return Sentence(capital(text) + ".")


def _newest(scenario: Scenario, resolver: EvidenceResolver) -> list[Sentence]:
    """What the newest article changes: the positions it is the first to report, and those on
    which it repeats what earlier articles said."""
    dated = [s for s in scenario.sources if s.date is not None]
    if not dated:
        return [Sentence("The sources carry no dates, so what is new cannot be told.")]
    last: dt.date = max(s.date for s in dated if s.date is not None)
    newest = [s for s in dated if s.date == last]
    ids = {s.id for s in newest}
    earlier = {s.id for s in dated if s.date is not None and s.date < last}
    outlets = _names([source_name(s.outlet) for s in newest])
    refs: dict[tuple[str, str], EvidenceRef] = {}
    repeated: set[tuple[str, str]] = set()
    for pos in scenario.positions:
        for ref in pos.evidence:
            if ref.doc in ids:
                refs.setdefault((pos.actor, pos.issue), ref)
        if any(ref.doc in earlier for ref in pos.evidence):
            repeated.add((pos.actor, pos.issue))
    if not refs:
        return [
            Sentence(f"The newest article ({outlets}, {last.isoformat()}) adds no cited position.")
        ]
    first = [k for k in refs if k not in repeated]
    again = [k for k in refs if k in repeated]
    parts = []
    if first:
        parts.append(f"it is the first to report {_items(scenario, first)}")
    if again:
        parts.append(f"it repeats earlier reports of {_items(scenario, again)}")
    cited = (first[:MAX_ITEMS] + again[:MAX_ITEMS])[:MAX_ITEMS]
    return [
        Sentence(
            f"What the latest article ({outlets}, {last.isoformat()}) changes: "
            + "; ".join(parts)
            + ".",
            tuple(resolver.quote(refs[k]) for k in cited),
        )
    ]


def _items(scenario: Scenario, keys: Sequence[tuple[str, str]]) -> str:
    """``the United States on Complete ceasefire, Russia on ... and 3 more``."""
    items = [f"{noun(scenario.actor(a).name)} on {scenario.issue(i).name}" for a, i in keys]
    shown = items[:MAX_ITEMS]
    more = len(items) - len(shown)
    return _names(shown + ([f"{more} more"] if more > 0 else []))


def _next_steps(
    scenario: Scenario, facts: Sequence[Fact], resolver: EvidenceResolver
) -> list[Sentence]:
    """The first date the articles give after the newest article, in the sentence that gives
    it (verbatim, so in quotation marks): what comes next, when the articles say so."""
    dates = [s.date for s in scenario.sources if s.date is not None]
    if not dates or not facts:
        return []  # without extracted facts (no corpus) nothing can be said either way
    last = max(dates)
    ahead = []
    for fact in facts:
        if fact.kind != "date" or not fact.resolved:
            continue
        try:
            when = dt.date.fromisoformat(fact.value)
        except ValueError:
            continue  # a week or a month: not surely after the newest article
        if when > last:
            ahead.append((when, fact))
    if not ahead:
        return [Sentence("The articles give no dated next step.")]
    ahead.sort(key=lambda wf: (wf[0], wf[1].doc, wf[1].start))
    when, fact = ahead[0]
    quote = resolver.quote(EvidenceRef(doc=fact.doc, start=fact.start, end=fact.end))
    text = f"Next, on {when.isoformat()}, according to {source_name(quote.outlet)}"
    if quote.text is not None:
        text += f": {quoted(quote.before + quote.text + quote.after)}"
    return [Sentence(text + ("" if text.endswith(("”", ".")) else "."), (quote,))]


def lede(
    scenario: Scenario,
    explainers: Sequence[IssueExplainer],
    forecasts: Sequence[Forecast],
    resolver: EvidenceResolver,
    facts: Sequence[Fact] = (),
) -> list[Sentence]:
    out = [_parties(scenario)]
    out += [_issue_line(scenario, e, forecasts) for e in explainers[:LEDE_ISSUES]]
    out += _newest(scenario, resolver)
    out += _next_steps(scenario, facts, resolver)
    return out
