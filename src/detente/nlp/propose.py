"""From claims to proposed scenario positions (merged into the file by ``io.edits``).

For each (party, issue) with claims: the position is the side of the 0–100 axis the claims
point to (for → 100, against → 0, conditional → 65, weighted by each claim's confidence);
salience grows with how often and how emphatically the party speaks about the issue relative
to its other issues; confidence is the share of the weight that agrees with the majority
side, discounted when only one source says it. Syndicated copies count as one source.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from detente.domain import Claim, Document, EvidenceRef, Position, Scenario
from detente.domain.wording import plural

ALGORITHM = "propose.v1"
STANCE_POINT = {"for": 100.0, "against": 0.0, "conditional": 65.0}
EMPHATIC_CUES = frozenset(
    [
        "insist",
        "insists",
        "insisting",
        "insisted",
        "demand",
        "demands",
        "demanded",
        "never",
        "categorically",
        "reject",
        "rejects",
        "rejected",
        "refuse",
        "refuses",
        "refused",
        "impossible",
        "unacceptable",
    ]
)
MAX_EVIDENCE = 5


@dataclass(frozen=True)
class ProposedPosition:
    position: Position
    sources: tuple[str, ...]
    claims: int


def propose_positions(
    scenario: Scenario, claims: list[Claim], documents: list[Document]
) -> list[ProposedPosition]:
    """One proposed position per (actor, issue) the claims speak to, in scenario order."""
    root = {d.id: d.duplicate_of or d.near_duplicate_of or d.id for d in documents}
    grouped: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    actor_ids = {a.id for a in scenario.actors}
    issue_ids = {i.id for i in scenario.issues}
    for claim in claims:
        if claim.actor in actor_ids and claim.issue in issue_ids:
            grouped[(claim.actor, claim.issue)].append(claim)
    weight_per_actor: dict[str, dict[str, float]] = defaultdict(dict)
    for (actor_id, issue_id), said in grouped.items():
        emphasis = sum(
            c.confidence * (1.5 if c.cue.lower() in EMPHATIC_CUES else 1.0) for c in said
        )
        weight_per_actor[actor_id][issue_id] = emphasis
    out = []
    for actor in scenario.actors:
        for issue in scenario.issues:
            group = grouped.get((actor.id, issue.id))
            if not group:
                continue
            by_stance: dict[str, float] = defaultdict(float)
            sources_by_stance: dict[str, set[str]] = defaultdict(set)
            for claim in group:
                by_stance[claim.stance] += claim.confidence
                sources_by_stance[claim.stance].add(root.get(claim.doc, claim.doc))
            total = sum(by_stance.values())
            point = sum(STANCE_POINT[s] * w for s, w in by_stance.items()) / total
            majority = max(by_stance, key=lambda s: (by_stance[s], s))
            agreement = by_stance[majority] / total
            sources = sorted({root.get(c.doc, c.doc) for c in group})
            confidence = agreement * (1 - 1 / (1 + len(sources_by_stance[majority])))
            top = max(weight_per_actor[actor.id].values())
            salience = 30 + 70 * math.sqrt(weight_per_actor[actor.id][issue.id] / top)
            evidence = tuple(
                EvidenceRef(doc=c.doc, start=c.start, end=c.end)
                for c in sorted(group, key=lambda c: (-c.confidence, c.doc, c.start))[:MAX_EVIDENCE]
                if c.stance == majority
            )
            out.append(
                ProposedPosition(
                    Position(
                        actor=actor.id,
                        issue=issue.id,
                        position=round(point, 1),
                        salience=round(salience, 1),
                        confidence=round(confidence, 2),
                        evidence=evidence,
                        note=f"{ALGORITHM}: {plural(len(group), 'claim')}, {majority} in "
                        f"{len(sources_by_stance[majority])} of {plural(len(sources), 'source')}",
                    ),
                    tuple(sources),
                    len(group),
                )
            )
    return out
