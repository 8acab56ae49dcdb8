"""Draft a scenario from nothing: parties, issues and positions from the claims of a corpus.

Pure functions over plain data. The extraction runs first with the *catalogue scenario*
(:func:`detente.nlp.draft_catalogue.catalogue_scenario`: every gazetteer party as an actor,
every entry of ``data/issue_catalogue.yaml`` as an issue), so each claim names a gazetteer party
and a catalogue issue. :func:`draft_scenario` then

1. keeps the claims whose words speak of their issue (``draft_catalogue.supported``) and groups
   the parties as an analyst would (:mod:`detente.nlp.draft_parties`); ``parties=`` overrides it;
2. keeps the catalogue issues the parties speak to (at least ``MIN_ISSUE_CLAIMS`` claims), names
   them from their claims (the party they are about, the sea or plant they concern) and ranks
   them by the weight of their claims;
3. drafts each party's position: the side of the axis its claims take (for 100, against 0,
   conditional 65), flagged when it has claims on both sides rather than averaged; salience
   saturates with the weight of its claims (``salience``) and never reaches 100 from one claim;
   a red line only where a claim's sentence states a limit; capability is left to the analyst.

:mod:`detente.nlp.draft_review` turns everything uncertain into the review list, printed and
written into the YAML as comments.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from detente.domain import (
    Actor,
    Claim,
    Document,
    EvidenceRef,
    Issue,
    Position,
    Scenario,
    Source,
    slugify,
)
from detente.nlp.draft_catalogue import CatalogueIssue, catalogue, is_statement, supported
from detente.nlp.draft_novel import ORIGIN, novel_issues, unique_id
from detente.nlp.draft_parties import (
    NAMES,
    NonParty,
    PartyGroup,
    group_parties,
    party_rules,
)
from detente.nlp.gazetteer import GAZETTEER, build_phrases
from detente.nlp.propose import EMPHATIC_CUES
from detente.nlp.vocabulary import stem

ALGORITHM = "draft.v1"
MIN_ISSUE_CLAIMS = 2
MAX_ISSUES = 30
MAX_EVIDENCE = 5
STANCE_POINT = {"for": 100.0, "against": 0.0, "conditional": 65.0}
# A party is "mixed" on an issue when the smaller of its for/against weights is at least this
# share of the two together: flagged for review, the position then follows the larger side.
MIXED_SHARE = 0.25
SALIENCE_SCALE = 3.0  # weight of claims at which salience reaches 63
SALIENCE_MAX = 95.0
EMPHASIS = 1.5  # a claim stated emphatically ("insists", "never") weighs this much more
RED_LINE_POINT = 50.0
# (doc, start, actor, issue) of a claim.
ClaimKey = tuple[str, int, str, str]
Mentions = Sequence[tuple[str, int, int, str, str | None, str, str | None]]
Embed = Callable[[list[str]], np.ndarray]  # texts -> L2-normalised rows (MiniLM)


# ---------------------------------------------------------------------------------- records


@dataclass(frozen=True)
class DraftIssue:
    issue: Issue
    origin: str  # catalogue id
    claims: tuple[Claim, ...]
    weight: float


@dataclass
class Draft:
    scenario: Scenario
    parties: list[PartyGroup]
    non_parties: list[NonParty]
    issues: list[DraftIssue]
    positions: list[DraftedPosition]
    claims: list[Claim]  # the claims behind the draft, keyed by drafted party and issue
    left_out: list[tuple[str, int]]  # (catalogue issue, claims) mentioned too little to keep
    # Statements of a party's position that fit no drafted issue: where an issue the catalogue
    # does not know may hide. One claim per sentence.
    unplaced: list[Claim] = field(default_factory=list)


# ----------------------------------------------------------------------------------- issues


def _slot_values(
    entry: CatalogueIssue,
    claims: Sequence[Claim],
    mentions_by_doc: Mapping[str, list[tuple[int, int, str, str]]],
    party_of: Mapping[str, str],
    names: Mapping[str, str],
) -> dict[str, str]:
    """{target} and {focus} of an issue, from the sentences of its claims."""
    slots: dict[str, str] = {}
    targets: Counter[str] = Counter()
    organisations = party_rules().organisations
    for claim in claims:
        for start, end, actor, _kind in mentions_by_doc.get(claim.doc, []):
            if not claim.start <= start < claim.end or actor in organisations:
                continue
            party = party_of.get(actor, actor)
            before = claim.sentence[: start - claim.start]
            after = claim.sentence[end - claim.start :]
            about = (
                bool(_ABOUT_BEFORE.search(before)) or after[:2] in ("'s", "\u2019s")
            ) and not _SPEAKER_AFTER.match(after)
            if about and party in names and party != claim.actor:
                targets[party] += 1
    if targets:
        best, count = targets.most_common(1)[0]
        if count >= 2 and count > sum(targets.values()) / 3:
            slots["target"] = names[best]
    focus: Counter[str] = Counter()
    for claim in claims:
        focus.update(entry.focus_values(claim.sentence))
    if focus:
        value = focus.most_common(1)[0][0]
        slots["focus"] = value if value[:1].isupper() else value.lower()
    return slots


# A party named right after these words is what an issue is about ("guarantees for Ukraine",
# "troops in Ukraine"), not the speaker.
_ABOUT_BEFORE = re.compile(
    r"\b(?:for|to|in|on|into|against|wants?|wanted|urged?|urges|asks?|asked|"
    r"(?:insist|insists|insisted|demand|demands|demanded) that)\s+(?:the\s+)?$",
    re.I,
)
# ... unless what follows makes it a speaker: "in the Trump administration", "to Kyiv's envoy".
_SPEAKER_AFTER = re.compile(
    r"(?:'s|\u2019s)?\s+(?:administration|officials?|leaders?|government|delegation|team|"
    r"negotiators?|envoys?|president|minister|spokes\w+)\b",
    re.I,
)


def select_issues(
    claims: Sequence[Claim],
    mentions: Mentions,
    party_of: Mapping[str, str],
    names: Mapping[str, str],
) -> tuple[list[DraftIssue], list[tuple[str, int]]]:
    """Catalogue issues with enough claims, named from them, heaviest first; and those left out."""
    by_issue: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_issue[claim.issue].append(claim)
    mentions_by_doc: dict[str, list[tuple[int, int, str, str]]] = defaultdict(list)
    for doc, start, end, _text, actor, kind, _canonical in mentions:
        if actor is not None and kind != "commentator":
            mentions_by_doc[doc].append((start, end, actor, kind))
    entries = {e.id: e for e in catalogue()}
    kept: list[DraftIssue] = []
    left_out: list[tuple[str, int]] = []
    taken: set[str] = set()
    parts: list[tuple[CatalogueIssue, str, list[Claim]]] = []
    for issue_id, group in by_issue.items():
        entry = entries.get(issue_id)
        if entry is not None:
            parts += _split(entry, group)
    parts.sort(key=lambda part: (-_weight(part[2]), part[1]))
    for entry, base_id, group in parts:
        if len(group) < MIN_ISSUE_CLAIMS or len(kept) >= MAX_ISSUES:
            left_out.append((base_id, len(group)))
            continue
        slots = _slot_values(entry, group, mentions_by_doc, party_of, names)
        issue = entry.issue(slots, unique_id(base_id, taken))
        description = (
            f"Drafted by {ALGORITHM} from {len(group)} claims in "
            f"{len({c.doc for c in group})} article(s); catalogue issue {entry.id!r}. "
            + _sides_text(group, names)
        )
        issue = issue.model_copy(update={"description": description})
        kept.append(DraftIssue(issue, entry.id, tuple(group), _weight(group)))
    return kept, left_out


_SIDE_LABELS = (("for", "For"), ("against", "Against"), ("conditional", "On conditions"))


def _sides_text(claims: Sequence[Claim], names: Mapping[str, str]) -> str:
    """Who the claims put on which side: "For: Ukraine, United States. Against: Russia." """
    sides: dict[str, set[str]] = defaultdict(set)
    for claim in claims:
        sides[claim.stance].add(names.get(claim.actor, claim.actor))
    return " ".join(
        f"{label}: {', '.join(sorted(sides[stance]))}."
        for stance, label in (
            ("for", "For"),
            ("against", "Against"),
            ("conditional", "On conditions"),
        )
        if sides[stance]
    )


def _split(
    entry: CatalogueIssue, claims: list[Claim]
) -> list[tuple[CatalogueIssue, str, list[Claim]]]:
    """(entry, issue id, claims): one part, or one per focus value for a split entry.

    A claim whose sentence names no focus value goes with the largest part.
    """
    if not entry.split_by_focus:
        return [(entry, entry.id, claims)]
    groups: dict[str, list[Claim]] = defaultdict(list)
    unnamed: list[Claim] = []
    for claim in claims:
        values = entry.focus_values(claim.sentence)
        (groups[values[0]] if values else unnamed).append(claim)
    if not groups:
        return [(entry, entry.id, claims)]
    largest = max(groups, key=lambda v: (len(groups[v]), v))
    groups[largest] += unnamed
    return [(entry, f"{entry.id}_{slugify(value)}", group) for value, group in groups.items()]


def _weight(claims: Iterable[Claim]) -> float:
    return sum(c.confidence * (EMPHASIS if c.cue.lower() in EMPHATIC_CUES else 1.0) for c in claims)


# -------------------------------------------------------------------------------- positions


def salience(weight: float) -> float:
    """Salience from the weight of a party's claims on an issue: saturating, never 100.

    One plain claim of confidence 1 gives 28, three give 63, six 86; the cap is SALIENCE_MAX.
    """
    return round(min(SALIENCE_MAX, 100.0 * (1.0 - math.exp(-weight / SALIENCE_SCALE))), 1)


@dataclass(frozen=True)
class DraftedPosition:
    position: Position
    mixed: bool
    split: dict[str, int]  # stance -> number of claims
    red_line_claim: Claim | None


def draft_position(
    party: str,
    issue: str,
    claims: Sequence[Claim],
    root: Mapping[str, str],
    states_limit: Callable[[str], bool],
) -> DraftedPosition:
    """A party's drafted position on one issue from its claims there."""
    by_stance: dict[str, float] = defaultdict(float)
    sources: dict[str, set[str]] = defaultdict(set)
    for claim in claims:
        by_stance[claim.stance] += claim.confidence
        sources[claim.stance].add(root.get(claim.doc, claim.doc))
    pro, con = by_stance.get("for", 0.0), by_stance.get("against", 0.0)
    mixed = min(pro, con) > 0 and min(pro, con) / (pro + con) >= MIXED_SHARE
    majority = max(by_stance, key=lambda s: (by_stance[s], s))
    point = STANCE_POINT[majority]
    if mixed and abs(pro - con) / (pro + con) < 0.1:
        point = 50.0  # evenly split: the middle, and the review says so
    total = sum(by_stance.values())
    all_sources = {root.get(c.doc, c.doc) for c in claims}
    confidence = (by_stance[majority] / total) * (1 - 1 / (1 + len(sources[majority])))
    limit = next((c for c in claims if states_limit(c.sentence)), None)
    evidence = tuple(
        EvidenceRef(doc=c.doc, start=c.start, end=c.end)
        for c in sorted(claims, key=lambda c: (-c.confidence, c.doc, c.start))
        if c.stance == majority
    )[:MAX_EVIDENCE]
    split: dict[str, int] = dict(sorted(Counter(str(c.stance) for c in claims).items()))
    note = (
        f"{ALGORITHM}: {len(claims)} claims ("
        + ", ".join(f"{n} {s}" for s, n in split.items())
        + f") in {len(all_sources)} source(s)"
        + ("; MIXED: claims on both sides, check" if mixed else "")
    )
    return DraftedPosition(
        Position(
            actor=party,
            issue=issue,
            position=point,
            salience=salience(_weight(claims)),
            red_line=RED_LINE_POINT if limit is not None else None,
            confidence=round(confidence, 2),
            evidence=evidence,
            note=note,
        ),
        mixed,
        split,
        limit,
    )


# ------------------------------------------------------------------------------------ draft


def draft_scenario(
    claims: Sequence[Claim],
    documents: Sequence[Document],
    mentions: Mentions = (),
    *,
    parties: Sequence[str] | None = None,
    states_limit: Callable[[str], bool] = lambda sentence: False,
    title: str | None = None,
    embed: Embed | None = None,
) -> Draft:
    """The draft scenario and its review list from claims on the catalogue scenario."""
    statements = [c for c in claims if is_statement(c.sentence)]
    claims = supported(statements)
    mentioned = Counter(m[4] for m in mentions if m[4] is not None and m[5] != "commentator")
    groups, non_parties = group_parties(claims, parties, mentioned)
    party_of = {m: g.id for g in groups for m in g.members}
    names = {g.id: g.name for g in groups}
    rekeyed = [
        c.model_copy(update={"actor": party_of[c.actor]}) for c in claims if c.actor in party_of
    ]
    issues, left_out = select_issues(rekeyed, mentions, party_of, names)
    if embed is not None:
        issues += _novel(statements, issues, groups, party_of, embed)
    kept = [c.model_copy(update={"issue": d.issue.id}) for d in issues for c in d.claims]
    root = {d.id: d.duplicate_of or d.near_duplicate_of or d.id for d in documents}
    grouped: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for claim in kept:
        grouped[(claim.actor, claim.issue)].append(claim)
    drafted = [
        draft_position(party, issue, group, root, states_limit)
        for (party, issue), group in sorted(grouped.items())
    ]
    order = {g.id: i for i, g in enumerate(groups)}
    issue_order = {d.issue.id: i for i, d in enumerate(issues)}
    drafted.sort(key=lambda d: (issue_order[d.position.issue], order[d.position.actor]))
    used_docs = sorted({c.doc for c in kept})
    by_id = {d.id: d for d in documents}
    speaking = {p.position.actor for p in drafted}
    scenario = Scenario(
        title=title or "DRAFT: scenario drafted from the articles",
        as_of=max((d.date for d in documents if d.date), default=None),
        description=(
            f"A draft by detente {ALGORITHM} from {len(documents)} article(s). Nothing in it is "
            "checked: read the review list, then correct parties, issues, positions and set "
            "capabilities."
        ),
        sources=tuple(_source(by_id[d]) for d in used_docs if d in by_id),
        actors=tuple(
            Actor(id=g.id, name=g.name, aliases=_aliases(g), description=_party_note(g))
            for g in groups
            if g.id in speaking
        )
        or (Actor(id="unknown", name="Unknown party"),),
        issues=tuple(d.issue for d in issues)
        or (Issue(id="general", name="General", proposition="A negotiated settlement"),),
        positions=tuple(d.position for d in drafted),
    )
    placed = {(c.doc, c.start) for c in kept}
    unplaced = {
        (c.doc, c.start): c
        for c in statements
        if (c.doc, c.start) not in placed and c.actor in party_of
    }
    return Draft(
        scenario, groups, non_parties, issues, drafted, kept, left_out, list(unplaced.values())
    )


def _novel(
    statements: Sequence[Claim],
    issues: Sequence[DraftIssue],
    groups: Sequence[PartyGroup],
    party_of: Mapping[str, str],
    embed: Embed,
) -> list[DraftIssue]:
    """Issues clustered from the position sentences no drafted issue holds, after the
    catalogue's: they fill the places ``MAX_ISSUES`` leaves and never push one out."""
    placed = {(c.doc, c.start) for d in issues for c in d.claims}
    unplaced = [
        c.model_copy(update={"actor": party_of[c.actor]})
        for c in statements
        if (c.doc, c.start) not in placed and c.actor in party_of
    ]
    drafted = {d.issue.id: sorted({c.sentence for c in d.claims}) for d in issues}
    taken = {d.issue.id for d in issues}
    found = novel_issues(
        unplaced, drafted, embed, _party_words(groups), taken, MAX_ISSUES - len(issues)
    )
    return [DraftIssue(n.issue, ORIGIN, n.claims, _weight(n.claims)) for n in found]


def _party_words(groups: Sequence[PartyGroup]) -> frozenset[str]:
    """Stems of every word of a party's names, places and speakers: never an issue's name."""
    names = [p.text for p in build_phrases(None)]
    for group in groups:
        names += [group.name, *_aliases(group)]
    return frozenset(stem(w) for n in names for w in re.findall(r"[A-Za-z]+", n.lower()))


def _source(doc: Document) -> Source:
    return Source(id=doc.id, outlet=doc.outlet, date=doc.date, title=doc.title, url=doc.url)


def _aliases(group: PartyGroup) -> tuple[str, ...]:
    names: list[str] = []
    for member in group.members:
        entry = next((e for e in GAZETTEER if e.key == member), None)
        if entry is not None:
            names += [entry.name, *entry.places[:3]]
    names += list(group.speakers)
    return tuple(dict.fromkeys(n for n in names if n != group.name))


def _party_note(group: PartyGroup) -> str:
    members = ", ".join(NAMES.get(m, m) for m in group.members)
    return f"Drafted by {ALGORITHM} from {members}: " + "; ".join(group.evidence)
