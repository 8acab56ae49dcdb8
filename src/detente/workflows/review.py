"""The analyst's review of machine claims: a queue, the verdicts, and how precise the reader is.

Claims read from the corpus are unverified until the analyst accepts or rejects them. Accepting
links the claim's span as evidence for the party's position (through :mod:`detente.io.edits`);
rejecting is remembered in the corpus store (``claim_reviews``), so the claim does not come back
after the next extraction. The queue lists the claims that contradict the analyst's position
first: those are the ones a reader of the report would be misled by.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from detente.corpus.store import claim_key
from detente.domain import Claim, Scenario
from detente.errors import DetenteError
from detente.io import edits
from detente.report.explainer import STANCE_SIDE

# Written by the training scripts (training/extraction/, one file per learned stance step);
# present in a checkout of the repository.
_TRAINING = Path(__file__).resolve().parents[3] / "training" / "extraction"
METRICS = (_TRAINING / "metrics.json", _TRAINING / "metrics.v3.json")


@dataclass(frozen=True)
class QueueItem:
    claim: Claim
    key: str
    analyst_position: float | None
    contradicts: bool  # the claim points to the other side of the axis than the analyst


def _contradicts(scenario: Scenario, claim: Claim) -> tuple[float | None, bool]:
    pos = scenario.position(claim.actor, claim.issue)
    if pos is None:
        return None, False
    side = STANCE_SIDE.get(claim.stance, 0)
    return pos.position, bool(side) and (pos.position - 50) * side < 0


def review_queue(
    scenario: Scenario, claims: Sequence[Claim], verdicts: Mapping[str, str]
) -> list[QueueItem]:
    """The claims on the scenario's parties and issues that nobody reviewed yet: contradicting
    the analyst first, then the most confident."""
    actors = {a.id for a in scenario.actors}
    issues = {i.id for i in scenario.issues}
    items = []
    for claim in claims:
        key = claim_key(claim)
        if key in verdicts or claim.actor not in actors or claim.issue not in issues:
            continue
        position, contradicts = _contradicts(scenario, claim)
        items.append(QueueItem(claim, key, position, contradicts))
    items.sort(key=lambda i: (not i.contradicts, -i.claim.confidence, i.claim.doc, i.claim.start))
    return items


def reviewed(claims: Sequence[Claim], verdicts: Mapping[str, str], verdict: str) -> list[Claim]:
    return [c for c in claims if verdicts.get(claim_key(c)) == verdict]


def precision_on_reviews(
    claims: Sequence[Claim], verdicts: Mapping[str, str]
) -> dict[str, dict[str, Any]]:
    """Per extractor: accepted and rejected claims so far, and the share accepted (its
    precision on this corpus, as the analyst judged it)."""
    counts: dict[str, Counter[str]] = {}
    for claim in claims:
        verdict = verdicts.get(claim_key(claim))
        if verdict is not None:
            counts.setdefault(claim.extractor, Counter())[verdict] += 1
    return {
        extractor: {
            "accepted": c["accepted"],
            "rejected": c["rejected"],
            "precision": round(c["accepted"] / (c["accepted"] + c["rejected"]), 3),
        }
        for extractor, c in sorted(counts.items())
    }


def evaluated_precision(metrics: Sequence[Path] = METRICS) -> dict[str, dict[str, Any]]:
    """Each learned extractor's precision on its blind test articles, as training measured it
    (a file not at hand, e.g. in an installed package, is left out)."""
    out: dict[str, dict[str, Any]] = {}
    for path in metrics:
        if not path.is_file():
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        test = data.get("test", {})
        version = data.get("version")
        found = test.get(version) if version else None
        if isinstance(found, dict) and "precision" in found:
            out[version] = {
                "precision": found["precision"],
                "articles": test.get("articles"),
                "predicted": found.get("predicted"),
            }
    return out


def find_claim(claims: Sequence[Claim], key: str) -> Claim:
    for claim in claims:
        if claim_key(claim) == key:
            return claim
    raise DetenteError("DT702", f"no claim {key[:120]!r} in the corpus store")


def accept(document: CommentedMap, scenario: Scenario, claim: Claim, source: dict[str, Any]) -> str:
    """Link an accepted claim's span as evidence for the party's position (an edit of the
    scenario); a span already linked stays as it is."""
    pos = scenario.position(claim.actor, claim.issue)
    if pos is None:
        raise DetenteError(
            "DT704",
            f"{claim.actor} holds no position on {claim.issue}: the claim has nothing to support",
            hint="add the position on the issue page first, then accept the claim",
        )
    if any((r.doc, r.start, r.end) == (claim.doc, claim.start, claim.end) for r in pos.evidence):
        return f"{claim.actor} on {claim.issue}: claim accepted (span already linked)"
    linked = edits.link_evidence(
        document, scenario, claim.actor, claim.issue, claim.doc, claim.start, claim.end, source
    )
    return linked.replace(": evidence", ": claim accepted, evidence", 1)
