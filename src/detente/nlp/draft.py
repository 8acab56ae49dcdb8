"""Draft a scenario from nothing: parties, issues and positions from the claims of a corpus.

Pure functions over plain data. The extraction runs first with the *catalogue scenario*
(:func:`catalogue_scenario`: every gazetteer party as an actor, every entry of
``data/issue_catalogue.yaml`` as an issue), so each claim names a gazetteer party and a
catalogue issue. :func:`draft_scenario` then

1. groups the parties as an analyst would (``data/blocs.yaml``): officials are already resolved
   to their state by the gazetteer; European states join one bloc when none of them contradicts
   the others; organisations (NATO, the UN) and states that are only mentioned (a host, a
   passing reference) are non-parties unless they take positions on enough issues;
   ``parties=`` overrides all of it;
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
from functools import cache
from importlib import resources

import numpy as np
from ruamel.yaml import YAML

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
from detente.errors import DetenteError
from detente.nlp.actors import build_phrases
from detente.nlp.gazetteer import GAZETTEER
from detente.nlp.issues import IssueIndex
from detente.nlp.propose import EMPHATIC_CUES
from detente.nlp.vocabulary import terms

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
SUPPORT, SUPPORT_RANK = 0.4, 2
MIN_WORDS = 6
STATEMENT_ENDS = frozenset('.!?"”’)')
# (doc, start, actor, issue) of a claim.
ClaimKey = tuple[str, int, str, str]
Mentions = Sequence[tuple[str, int, int, str, str | None, str, str | None]]


# ------------------------------------------------------------------------------- data files


@dataclass(frozen=True)
class CatalogueIssue:
    id: str
    name: str
    proposition: str
    keywords: str
    anchors: dict[float, str]
    focus: tuple[re.Pattern[str], ...] = ()
    defaults: Mapping[str, str] = field(default_factory=dict)
    split_by_focus: bool = False  # one drafted issue per focus value (NATO vs EU membership)
    aliases: Mapping[str, str] = field(default_factory=dict)  # focus spellings -> one name
    # Terms (as vocabulary.terms gives them) that put a sentence on a neighbouring issue:
    # "a limited ceasefire" is not the complete one.
    exclude: frozenset[str] = frozenset()
    # ... unless the sentence also holds one of these: "rejected a full ceasefire but agreed to
    # a narrower one" is about the full one too.
    keep_if: re.Pattern[str] | None = None

    def focus_values(self, sentence: str) -> list[str]:
        """The focus values a sentence names, in order, spellings merged."""
        found = [m.group(1) for pattern in self.focus for m in pattern.finditer(sentence)]
        return [self.aliases.get(" ".join(v.split()), " ".join(v.split())) for v in found]

    def text(self, template: str, slots: Mapping[str, str] | None, *, capital: bool = True) -> str:
        """``template`` with its slots filled; with ``slots=None`` (the catalogue scenario the
        extraction matches against) {target} is dropped, so no party's name is a keyword."""
        if slots is None:
            template = template.replace("{target}'s ", "").replace("{target}", "")
        values = {"target": "the country", "focus": "it", **self.defaults, **(slots or {})}
        if values["target"].endswith("s"):  # "the United States' …", not "…States's"
            template = template.replace("{target}'s", "{target}'")
        filled = " ".join(template.format(**values).split())
        return filled[:1].upper() + filled[1:] if capital else filled

    def issue(self, slots: Mapping[str, str] | None = None, issue_id: str | None = None) -> Issue:
        """The entry as a scenario issue, its slots filled (with the defaults when not given)."""
        return Issue(
            id=issue_id or self.id,
            name=self.text(self.name, slots),
            proposition=self.text(self.proposition, slots),
            anchors={k: self.text(v, slots, capital=False) for k, v in self.anchors.items()},
            description=self.keywords if issue_id is None else None,
        )


@dataclass(frozen=True)
class Bloc:
    id: str
    name: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class PartyRules:
    party_min_claims: int
    party_min_issues: int
    organisation_min_issues: int
    blocs: tuple[Bloc, ...]
    organisations: frozenset[str]


def _data(name: str) -> dict:  # type: ignore[type-arg]
    text = resources.files("detente.nlp").joinpath("data", name).read_text(encoding="utf-8")
    loaded: dict = YAML(typ="safe").load(text)  # type: ignore[type-arg]
    return loaded


def _phrases(words: Sequence[str]) -> re.Pattern[str] | None:
    """Whole words or phrases of a sentence, any case; None for none."""
    if not words:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.I)


@cache
def catalogue() -> tuple[CatalogueIssue, ...]:
    """The issue catalogue of ``data/issue_catalogue.yaml``."""
    entries = []
    for raw in _data("issue_catalogue.yaml")["issues"]:
        entries.append(
            CatalogueIssue(
                id=raw["id"],
                name=raw["name"],
                proposition=raw["proposition"],
                keywords=" ".join(str(raw["keywords"]).split()),
                anchors={float(k): str(v) for k, v in raw["anchors"].items()},
                focus=tuple(re.compile(" ".join(p.split())) for p in raw.get("focus", ())),
                defaults=dict(raw.get("defaults", {})),
                split_by_focus=bool(raw.get("split_by_focus", False)),
                aliases=dict(raw.get("aliases", {})),
                exclude=frozenset(t for w in raw.get("exclude", ()) for t in terms(w)),
                keep_if=_phrases(raw.get("keep_if", ())),
            )
        )
    return tuple(entries)


@cache
def party_rules() -> PartyRules:
    raw = _data("blocs.yaml")
    return PartyRules(
        party_min_claims=int(raw["party_min_claims"]),
        party_min_issues=int(raw["party_min_issues"]),
        organisation_min_issues=int(raw["organisation_min_issues"]),
        blocs=tuple(Bloc(b["id"], b["name"], tuple(b["members"])) for b in raw["blocs"]),
        organisations=frozenset(raw["organisations"]),
    )


def catalogue_scenario() -> Scenario:
    """Every gazetteer party and every catalogue issue: what the extraction drafts against."""
    return Scenario(
        title="Issue catalogue",
        actors=tuple(Actor(id=e.key, name=e.name) for e in GAZETTEER),
        issues=tuple(entry.issue() for entry in catalogue()),
    )


# ---------------------------------------------------------------------------------- records


@dataclass(frozen=True)
class PartyGroup:
    id: str
    name: str
    members: tuple[str, ...]  # gazetteer keys whose claims are this party's
    evidence: tuple[str, ...]  # why these members are one party
    speakers: tuple[str, ...]  # the officials and offices its claims were read from


@dataclass(frozen=True)
class NonParty:
    actor: str
    name: str
    claims: int
    issues: int
    reason: str


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


# ---------------------------------------------------------------------------------- parties

_NAMES = {e.key: e.name for e in GAZETTEER}
_PEOPLE = {e.key: frozenset(e.people) for e in GAZETTEER}


def _lookup_party(name: str, rules: PartyRules) -> tuple[str, tuple[str, ...]]:
    """(party id, gazetteer members) for one ``--parties`` item."""
    wanted = name.strip().lower()
    for bloc in rules.blocs:
        if wanted in (bloc.id, bloc.name.lower()):
            return bloc.id, bloc.members
    for entry in GAZETTEER:
        names = {entry.key, entry.name.lower(), *(p.lower() for p in entry.places)}
        names |= {p.lower() for p in entry.people} | {d.lower() for d in entry.demonyms}
        if wanted in names:
            return entry.key, (entry.key,)
    known = [b.id for b in rules.blocs] + [e.key for e in GAZETTEER]
    raise DetenteError(
        "DT408",
        f"--parties: {name!r} is not a party detente knows",
        hint=f"use ids such as {', '.join(known[:8])}, ... or a state's name",
    )


def _sides(claims: Iterable[Claim]) -> dict[str, float]:
    """Issue -> net lean of the claims (for +, against -, conditional a little +)."""
    lean: dict[str, float] = defaultdict(float)
    for claim in claims:
        sign = {"for": 1.0, "against": -1.0, "conditional": 0.3}[claim.stance]
        lean[claim.issue] += sign * claim.confidence
    return lean


def _counts(claims: Iterable[Claim]) -> tuple[Counter[str], dict[str, set[str]]]:
    per_actor: Counter[str] = Counter()
    issues: dict[str, set[str]] = defaultdict(set)
    for claim in claims:
        per_actor[claim.actor] += 1
        issues[claim.actor].add(claim.issue)
    return per_actor, issues


def group_parties(
    claims: Sequence[Claim],
    requested: Sequence[str] | None = None,
    mentioned: Mapping[str, int] | None = None,
) -> tuple[list[PartyGroup], list[NonParty]]:
    """The parties of the draft and the actors left out, each with the reason.

    ``mentioned``: how often each gazetteer party is named; those named but holding no claim
    are listed as non-parties too.
    """
    groups, non_parties = _group_parties(claims, requested)
    per_actor, _issues = _counts(claims)
    for actor, times in sorted((mentioned or {}).items()):
        if actor not in per_actor and times:
            reason = f"named {times} time(s) but states no position"
            non_parties.append(NonParty(actor, _NAMES.get(actor, actor), 0, 0, reason))
    return groups, non_parties


def _group_parties(
    claims: Sequence[Claim], requested: Sequence[str] | None
) -> tuple[list[PartyGroup], list[NonParty]]:
    rules = party_rules()
    per_actor, issues = _counts(claims)
    speakers: dict[str, Counter[str]] = defaultdict(Counter)
    for claim in claims:
        if claim.speaker and claim.speaker in _PEOPLE.get(claim.actor, ()):
            speakers[claim.actor][claim.speaker] += 1
    groups: list[PartyGroup] = []
    taken: set[str] = set()
    if requested:
        explicit = {_lookup_party(n, rules)[0] for n in requested}
        for name in requested:
            party, members = _lookup_party(name, rules)
            own = tuple(m for m in members if m == party or m not in explicit)
            groups.append(_group(party, own, ("named with --parties",), speakers))
            taken.update(own)
        others = [a for a in per_actor if a not in taken]
        return groups, [_non_party(a, per_actor, issues, "not among --parties") for a in others]
    non_parties: list[NonParty] = []
    for bloc in rules.blocs:
        joined, evidence, apart = _bloc_members(bloc, claims, per_actor, issues)
        if len(joined) >= 2:
            groups.append(_group(bloc.id, tuple(joined), tuple(evidence), speakers, bloc.name))
            taken.update(joined)
        for actor, why in apart:
            evidence_line = f"{_NAMES.get(actor, actor)} kept apart from {bloc.name}: {why}"
            groups.append(_group(actor, (actor,), (evidence_line,), speakers))
            taken.add(actor)
    for actor in sorted(per_actor, key=lambda a: (-per_actor[a], a)):
        if actor in taken:
            continue
        n_issues = len(issues[actor])
        if actor in rules.organisations:
            if n_issues >= rules.organisation_min_issues:
                why = f"an organisation, but it takes positions on {n_issues} issues"
                groups.append(_group(actor, (actor,), (why,), speakers))
            else:
                non_parties.append(
                    _non_party(
                        actor,
                        per_actor,
                        issues,
                        "an organisation the talks are about or held under, not a side: "
                        f"positions on {n_issues} issue(s), fewer than "
                        f"{rules.organisation_min_issues}",
                    )
                )
            continue
        if per_actor[actor] < rules.party_min_claims and n_issues < rules.party_min_issues:
            non_parties.append(
                _non_party(
                    actor,
                    per_actor,
                    issues,
                    "named too little to be a side (a host or a passing mention)",
                )
            )
            continue
        why = f"a state with {per_actor[actor]} claims on {n_issues} issues"
        groups.append(_group(actor, (actor,), (why,), speakers))
    order = {g.id: -sum(per_actor[m] for m in g.members) for g in groups}
    groups.sort(key=lambda g: (order[g.id], g.id))
    return groups, non_parties


def _group(
    party: str,
    members: tuple[str, ...],
    evidence: tuple[str, ...],
    speakers: Mapping[str, Counter[str]],
    name: str | None = None,
) -> PartyGroup:
    said: Counter[str] = Counter()
    for member in members:
        said.update(speakers.get(member, Counter()))
    rules = party_rules()
    bloc_name = next((b.name for b in rules.blocs if b.id == party), None)
    return PartyGroup(
        id=party,
        name=name or bloc_name or _NAMES.get(party, party),
        members=members,
        evidence=evidence,
        speakers=tuple(s for s, _ in said.most_common(8)),
    )


def _non_party(
    actor: str, per_actor: Counter[str], issues: Mapping[str, set[str]], reason: str
) -> NonParty:
    return NonParty(actor, _NAMES.get(actor, actor), per_actor[actor], len(issues[actor]), reason)


def _bloc_members(
    bloc: Bloc,
    claims: Sequence[Claim],
    per_actor: Counter[str],
    issues: Mapping[str, set[str]],
) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """(members that join, evidence lines, [(member kept apart, why)]).

    A member with claims joins unless, on an issue it and the other members speak to, its lean
    is the opposite of the other members' lean taken together.
    """
    present = [m for m in bloc.members if per_actor[m]]
    leans = {m: _sides(c for c in claims if c.actor == m) for m in present}
    joined: list[str] = []
    apart: list[tuple[str, str]] = []
    for member in present:
        others = [o for o in present if o != member]
        clash = [
            issue
            for issue, lean in leans[member].items()
            if lean * sum(leans[o].get(issue, 0.0) for o in others) < 0
        ]
        if clash:
            apart.append((member, f"opposite side to other members on {', '.join(sorted(clash))}"))
        else:
            joined.append(member)
    evidence = [
        f"{_NAMES.get(m, m)}: {per_actor[m]} claims on {len(issues[m])} issues" for m in joined
    ]
    shared = set.intersection(*(set(leans[m]) for m in joined)) if len(joined) >= 2 else set()
    if shared:
        evidence.append(f"on the same side of {', '.join(sorted(shared))}, no contradiction")
    elif len(joined) >= 2:
        evidence.append("no member contradicts another on any issue")
    return joined, evidence, apart if len(joined) >= 2 else []


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


def _unique_id(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}_{n}", n + 1
    taken.add(candidate)
    return candidate


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
        issue = entry.issue(slots, _unique_id(base_id, taken))
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


@cache
def _catalogue_index() -> IssueIndex:
    """The catalogue's keyword matcher; party names are not keywords, bodies joined are."""
    organisations = party_rules().organisations | {b for b in ("eu",)}
    ignore = {
        w for p in build_phrases(None) if p.actor not in organisations for w in p.text.split()
    }
    return IssueIndex([e.issue() for e in catalogue()], ignore)


def is_statement(sentence: str) -> bool:
    """A sentence that can state a position: not a heading ("What Ukraine wants")."""
    text = sentence.strip()
    return len(text.split()) >= MIN_WORDS and text[-1:] in STATEMENT_ENDS


def _passes(
    scores: np.ndarray, column: int, exclude: frozenset[str], words: frozenset[str]
) -> bool:
    own = scores[column]
    return own >= SUPPORT and int((scores > own).sum()) < SUPPORT_RANK and not exclude & words


def supported(claims: Iterable[Claim]) -> list[Claim]:
    """Claims on sentences that state something and whose words speak of their issue.

    The stance step may tie one sentence to several issues by meaning alone; a drafted issue
    keeps a claim only when the issue is among the ``SUPPORT_RANK`` best keyword matches of the
    sentence and scores at least ``SUPPORT`` there, and the sentence holds none of the terms
    that put it on a neighbouring issue. (Moving a failing claim to the sentence's best match
    instead was tried: on the seeds it found fewer flagship issues and made more junk.)
    """
    index = _catalogue_index()
    column = {issue.id: k for k, issue in enumerate(index.issues)}
    excluded = {e.id: e.exclude for e in catalogue()}
    keep_if = {e.id: e.keep_if for e in catalogue()}
    kept = []
    for claim in claims:
        if claim.issue not in column or not is_statement(claim.sentence):
            continue
        words = frozenset(terms(claim.sentence))
        scores = index.lexical_scores(claim.sentence)
        keeps = keep_if[claim.issue]
        exclude = frozenset() if keeps and keeps.search(claim.sentence) else excluded[claim.issue]
        if _passes(scores, column[claim.issue], exclude, words):
            kept.append(claim)
    return kept


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
    members = ", ".join(_NAMES.get(m, m) for m in group.members)
    return f"Drafted by {ALGORITHM} from {members}: " + "; ".join(group.evidence)
