"""From claims to scenario positions, merged without overwriting what an analyst set.

For each (party, issue) with claims: the position is the side of the 0–100 axis the claims
point to (for → 100, against → 0, conditional → 65, weighted by each claim's confidence);
salience grows with how often and how emphatically the party speaks about the issue relative
to its other issues; confidence is the share of the weight that agrees with the majority
side, discounted when only one source says it. Syndicated copies count as one source.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from detente.domain import Claim, Document, EvidenceRef, Position, Scenario
from detente.domain.wording import plural
from detente.io.scenario_yaml import update_position

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


@dataclass
class ChangeReport:
    added: list[str] = field(default_factory=list)
    filled: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    sources_added: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.filled or self.sources_added)

    def lines(self) -> list[str]:
        return (
            [f"+ {line}" for line in self.added]
            + [f"~ {line}" for line in self.filled]
            + [f"= {line}" for line in self.kept]
            + [f"+ source {s}" for s in self.sources_added]
        )


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


def merge_into_document(
    data: CommentedMap,
    scenario: Scenario,
    proposals: list[ProposedPosition],
    documents: list[Document],
) -> ChangeReport:
    """Add proposed positions to a round-trip scenario document, in place.

    A position the scenario already has keeps every value it has; only fields it lacks
    (confidence, evidence) are filled in. Documents cited as evidence are added as sources.
    """
    report = ChangeReport()
    by_id = {d.id: d for d in documents}
    known_sources = {s.id for s in scenario.sources}
    cited: list[str] = []
    for proposal in proposals:
        pos = proposal.position
        label = f"{pos.actor}/{pos.issue}"
        existing = scenario.position(pos.actor, pos.issue)
        evidence = [e.model_dump() for e in pos.evidence]
        if existing is None:
            fields: dict[str, Any] = {
                "position": pos.position,
                "salience": pos.salience,
                "confidence": pos.confidence,
                "evidence": _seq(evidence),
                "note": pos.note,
            }
            update_position(data, pos.actor, pos.issue, **fields)
            report.added.append(
                f"{label}: position {pos.position:g}, salience {pos.salience:g}, "
                f"confidence {pos.confidence:g} ({plural(proposal.claims, 'claim')})"
            )
            cited += [e["doc"] for e in evidence]
            continue
        fill: dict[str, Any] = {}
        if existing.confidence is None and pos.confidence is not None:
            fill["confidence"] = pos.confidence
        if not existing.evidence and evidence:
            fill["evidence"] = _seq(evidence)
            cited += [e["doc"] for e in evidence]
        if fill:
            update_position(data, pos.actor, pos.issue, **fill)
            report.filled.append(f"{label}: filled {', '.join(sorted(fill))}")
        delta = pos.position - existing.position
        report.kept.append(
            f"{label}: kept analyst position {existing.position:g}"
            + (f" (corpus suggests {pos.position:g})" if abs(delta) >= 25 else "")
        )
    sources = data.get("sources")
    for doc_id in dict.fromkeys(cited):
        if doc_id in known_sources:
            continue
        if sources is None:
            sources = data["sources"] = CommentedSeq()
        doc = by_id.get(doc_id)
        entry = CommentedMap([("id", doc_id)])
        if doc is not None:
            for key in ("outlet", "title", "url"):
                if getattr(doc, key):
                    entry[key] = getattr(doc, key)
            if doc.date:
                entry["date"] = doc.date.isoformat()
        sources.append(entry)
        known_sources.add(doc_id)
        report.sources_added.append(doc_id)
    return report


def _seq(items: list[dict[str, Any]]) -> CommentedSeq:
    seq = CommentedSeq()
    for item in items:
        mapping = CommentedMap(item)
        mapping.fa.set_flow_style()
        seq.append(mapping)
    return seq
