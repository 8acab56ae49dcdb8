"""Who the parties of a draft are: gazetteer parties grouped by ``data/blocs.yaml``.

Officials are already resolved to their state by the gazetteer. A bloc's members join it when
none of them leans against the others on an issue; organisations and states that are only
mentioned are non-parties unless they take enough positions; ``--parties`` overrides the rules.
Every grouping and exclusion carries the evidence the review shows (see docs/drafting.md).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from detente.domain import Claim
from detente.errors import DetenteError
from detente.nlp.draft_catalogue import data_file
from detente.nlp.gazetteer import GAZETTEER


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


@cache
def party_rules() -> PartyRules:
    raw = data_file("blocs.yaml")
    return PartyRules(
        party_min_claims=int(raw["party_min_claims"]),
        party_min_issues=int(raw["party_min_issues"]),
        organisation_min_issues=int(raw["organisation_min_issues"]),
        blocs=tuple(Bloc(b["id"], b["name"], tuple(b["members"])) for b in raw["blocs"]),
        organisations=frozenset(raw["organisations"]),
    )


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


NAMES = {e.key: e.name for e in GAZETTEER}
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
            non_parties.append(NonParty(actor, NAMES.get(actor, actor), 0, 0, reason))
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
            evidence_line = f"{NAMES.get(actor, actor)} kept apart from {bloc.name}: {why}"
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
        name=name or bloc_name or NAMES.get(party, party),
        members=members,
        evidence=evidence,
        speakers=tuple(s for s, _ in said.most_common(8)),
    )


def _non_party(
    actor: str, per_actor: Counter[str], issues: Mapping[str, set[str]], reason: str
) -> NonParty:
    return NonParty(actor, NAMES.get(actor, actor), per_actor[actor], len(issues[actor]), reason)


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
        f"{NAMES.get(m, m)}: {per_actor[m]} claims on {len(issues[m])} issues" for m in joined
    ]
    shared = set.intersection(*(set(leans[m]) for m in joined)) if len(joined) >= 2 else set()
    if shared:
        evidence.append(f"on the same side of {', '.join(sorted(shared))}, no contradiction")
    elif len(joined) >= 2:
        evidence.append("no member contradicts another on any issue")
    return joined, evidence, apart if len(joined) >= 2 else []
