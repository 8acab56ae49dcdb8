"""The auto-written explainer: what each party wants on each main issue, sentence by sentence.

Every sentence is written from the scenario's numbers and the issue's own anchor labels, and
carries the evidence it rests on (quotes cut from the stored text, never paraphrased). Claims
from a corpus, when one is given, add sentences of the form "outlet, date: quote".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from detente.domain import Forecast, Issue, Position, Scenario
from detente.report.evidence import EvidenceResolver, Quote

MAX_CLAIMS = 3  # claim sentences per party and issue; the rest are counted, not listed
NEAR_ANCHOR = 5.0  # axis points within which a position "is" an anchor rather than "near" it


@dataclass(frozen=True)
class ClaimView:
    """A claim from the corpus, as the views need it."""

    actor: str
    issue: str
    stance: str  # e.g. "for", "against", "neutral"
    quote: Quote


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


def num(value: float) -> str:
    """A number as a reader wants it: at most one decimal, no trailing zero."""
    return f"{value:.1f}".removesuffix(".0")


def describe_point(issue: Issue, value: float) -> str:
    """Words for a point on the issue's axis, from its anchor labels."""
    anchors = sorted(issue.anchors.items())
    if not anchors:
        return f"{num(value)} on a 0–100 scale where 100 means “{issue.proposition}”"
    nearest_point, nearest_label = min(anchors, key=lambda a: abs(a[0] - value))
    if abs(nearest_point - value) <= NEAR_ANCHOR:
        return f"“{nearest_label}” ({num(value)}/100)"
    below = [a for a in anchors if a[0] < value]
    above = [a for a in anchors if a[0] > value]
    if below and above:
        low, high = below[-1], above[0]
        closer = low if value - low[0] <= high[0] - value else high
        return (
            f"a point between “{low[1]}” and “{high[1]}”, closer to “{closer[1]}” "
            f"({num(value)}/100)"
        )
    return f"beyond “{nearest_label}” ({num(value)}/100)"


# Names that read as a noun phrase and take "the" in running text ("the United States wants").
_TAKES_ARTICLE = ("United ", "European ", "Netherlands", "Philippines", "Kremlin", "White House")


def noun(name: str) -> str:
    return f"the {name}" if name.startswith(_TAKES_ARTICLE) else name


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


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
    name = noun(scenario.actor(pos.actor).name)
    quotes = tuple(resolver.quote(ref) for ref in pos.evidence)
    para = ActorParagraph(pos.actor, f"What does {name} want?")
    para.sentences.append(
        Sentence(f"{capital(name)} wants {describe_point(issue, pos.position)}.", quotes)
    )
    para.sentences.append(
        Sentence(
            f"It is {salience_words(pos.salience)} for {name} (salience {num(pos.salience)}/100)."
        )
    )
    if pos.red_line is not None:
        direction = "above" if pos.red_line >= pos.position else "below"
        para.sentences.append(
            Sentence(f"Its red line: no outcome {direction} {describe_point(issue, pos.red_line)}.")
        )
    if pos.note:
        para.sentences.append(Sentence(f"Analyst's note: {pos.note}"))
    matching = [
        c for c in claims if c.actor == pos.actor and c.issue == issue.id and c.quote.available
    ]
    for claim in matching[:MAX_CLAIMS]:
        para.sentences.append(Sentence(_claim_words(name, claim), (claim.quote,)))
    if len(matching) > MAX_CLAIMS:
        extra = len(matching) - MAX_CLAIMS
        para.sentences.append(
            Sentence(f"The corpus holds {extra} more such claim{'s' * (extra > 1)}.")
        )
    return para


STANCE_WORDS = {
    "for": "{name} in favour",
    "against": "{name} against it",
    "conditional": "{name} in favour on conditions",
}


def _claim_words(name: str, claim: ClaimView) -> str:
    stance = STANCE_WORDS.get(claim.stance, "{name}: " + claim.stance).format(name=name)
    return f"{claim.quote.citation} reports {stance}."


def _summary(scenario: Scenario, issue: Issue, forecasts: Sequence[Forecast]) -> list[Sentence]:
    positions = scenario.positions_on(issue.id)
    out: list[Sentence] = [Sentence(f"The question: {issue.proposition}")]
    if issue.status_quo is not None:
        out.append(Sentence(f"Today it stands at {describe_point(issue, issue.status_quo)}."))
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
    predicted = [f.issues[issue.id].position for f in forecasts if issue.id in f.issues]
    if predicted:
        mean = sum(predicted) / len(predicted)
        lo, hi = min(predicted), max(predicted)
        span = f"{lo:.0f}" if round(lo) == round(hi) else f"between {lo:.0f} and {hi:.0f}"
        out.append(
            Sentence(
                f"The {len(predicted)} model{'s' if len(predicted) > 1 else ''} forecast an "
                f"outcome {span}: {describe_point(issue, mean)} on average."
            )
        )
    return out


def explain(
    scenario: Scenario,
    resolver: EvidenceResolver,
    forecasts: Sequence[Forecast] = (),
    claims: Sequence[ClaimView] = (),
) -> list[IssueExplainer]:
    """One explainer per issue with positions, the weightiest issue first."""
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
                summary=_summary(scenario, issue, forecasts),
                paragraphs=paragraphs,
            )
        )
    explainers.sort(key=lambda e: -e.weight)
    return explainers
