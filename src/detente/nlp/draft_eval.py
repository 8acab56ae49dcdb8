"""How a drafted scenario's issues compare with an analyst's: found, duplicated, junk.

A drafted claim is a *reference claim of issue X* when its sentence overlaps a span the analyst
tied to X: the evidence spans of X's positions in the reference scenario, or a gold claim of X.
A drafted issue *matches* X when more than half of its claims are reference claims of X.
Matching is one-to-one (the assignment that matches the most issues, then the largest shares):
a second drafted issue that would match an X already taken is a *duplicate*; a drafted issue
that matches no X at all is *junk*. ``benchmarks/eval_draft.py`` prints these figures.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

from detente.domain import Claim, Scenario
from detente.nlp.evaluate import doc_key

MAJORITY = 0.5


@dataclass(frozen=True)
class IssueMatch:
    drafted: str
    reference: str | None  # the reference issue it matches one-to-one, if any
    share: float  # share of its claims that are reference claims of its best issue
    best: str | None  # the reference issue with the largest share
    claims: int


@dataclass(frozen=True)
class DraftScore:
    reference_issues: int
    found: tuple[str, ...]
    missed: tuple[str, ...]
    matches: tuple[IssueMatch, ...]  # in drafted order
    top: int  # how many drafted issues were scored

    @property
    def junk(self) -> tuple[IssueMatch, ...]:
        return tuple(m for m in self.matches if m.share <= MAJORITY)

    @property
    def duplicates(self) -> tuple[IssueMatch, ...]:
        return tuple(m for m in self.matches if m.share > MAJORITY and m.reference is None)


Spans = Mapping[str, list[tuple[int, int, str]]]  # doc key -> [(start, end, issue)]


def reference_spans(
    scenario: Scenario | None, gold: Iterable[Mapping[str, object]] = ()
) -> dict[str, list[tuple[int, int, str]]]:
    """Doc key -> (start, end, issue) of the reference scenario's evidence and the gold claims."""
    spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for position in scenario.positions if scenario else ():
        for ref in position.evidence:
            spans[doc_key(ref.doc)].append((ref.start, ref.end, position.issue))
    for row in gold:
        start, end = int(row["start"]), int(row["end"])  # type: ignore[call-overload]
        spans[doc_key(str(row["doc"]))].append((start, end, str(row["issue"])))
    return dict(spans)


def reference_issues_of(claim: Claim, spans: Spans) -> set[str]:
    return {
        issue
        for start, end, issue in spans.get(doc_key(claim.doc), ())
        if start < claim.end and claim.start < end
    }


def score_draft(
    drafted_order: Sequence[str],
    claims: Iterable[Claim],
    spans: Spans,
    reference_ids: Sequence[str],
    top: int = 20,
) -> DraftScore:
    """Found, missed, duplicate and junk issues among the first ``top`` drafted issues."""
    order = list(drafted_order)[:top]
    by_issue: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_issue[claim.issue].append(claim)
    share = np.zeros((len(order), len(reference_ids)))
    for row, issue in enumerate(order):
        group = by_issue.get(issue, [])
        for claim in group:
            for found in reference_issues_of(claim, spans):
                if found in reference_ids:
                    share[row, list(reference_ids).index(found)] += 1 / len(group)
    majority = np.where(share > MAJORITY, share, 0.0)
    # Most matches first (a large constant per match), then the largest shares.
    rows, cols = linear_sum_assignment(-10.0 * (majority > 0).astype(float) - majority)
    assigned = {int(r): reference_ids[c] for r, c in zip(rows, cols, strict=True) if majority[r, c]}
    matches = []
    for row, issue in enumerate(order):
        best = int(np.argmax(share[row])) if len(reference_ids) else 0
        matches.append(
            IssueMatch(
                drafted=issue,
                reference=assigned.get(row),
                share=round(float(share[row, best]), 3) if len(reference_ids) else 0.0,
                best=reference_ids[best] if len(reference_ids) and share[row, best] else None,
                claims=len(by_issue.get(issue, [])),
            )
        )
    found_ids = tuple(r for r in reference_ids if r in assigned.values())
    return DraftScore(
        reference_issues=len(reference_ids),
        found=found_ids,
        missed=tuple(r for r in reference_ids if r not in found_ids),
        matches=tuple(matches),
        top=len(order),
    )
