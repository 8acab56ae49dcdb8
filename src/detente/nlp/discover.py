"""Start from nothing: propose actors and issues from the corpus itself.

Actors are the gazetteer parties that hold stances in the text. Issues are clusters of the
sentences that carry stances (average-linkage clustering of their MiniLM embeddings by cosine
distance), each labelled with the key phrases that set it apart from the other clusters.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage

from detente.domain import Actor, Issue, Scenario, slugify
from detente.nlp.gazetteer import GAZETTEER
from detente.nlp.issues import IssueHit
from detente.nlp.records import SentenceRecord
from detente.nlp.vocabulary import terms

ALGORITHM = "discover.v1"
CLUSTER_DISTANCE = 0.65
MIN_CLUSTER = 2
MAX_ISSUES = 20


def _key_phrases(
    texts: list[str], background: Counter[str], total_bg: int, ignore: frozenset[str]
) -> list[str]:
    counts: Counter[str] = Counter()
    for text in texts:
        words = terms(text, ignore)
        counts.update(set(words))
        counts.update({f"{a} {b}" for a, b in itertools.pairwise(words)})
    scored = {
        phrase: n
        * math.log((1 + total_bg) / (1 + background[phrase]))
        * (1.5 if " " in phrase else 1)
        for phrase, n in counts.items()
        if n >= 2 or len(texts) < 3
    }
    return [p for p, _ in sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))[:3]]


def discover_scenario(records: list[SentenceRecord], phrases: Iterable[str]) -> Scenario:
    """A scenario proposed from the stance-bearing sentences; also assigns their issues."""
    candidates = [r for r in records if r.stances and r.vector is not None]
    names = {e.key: e.name for e in GAZETTEER}
    actor_ids = sorted({s.actor for r in candidates for s in r.stances})
    ignore = frozenset(w.lower() for p in phrases for w in re.findall(r"\w+", p))
    issues: list[Issue] = []
    if len(candidates) >= 2:
        vectors = np.stack([r.vector for r in candidates])  # type: ignore[misc]
        tree = linkage(vectors, method="average", metric="cosine")
        labels = fcluster(tree, t=CLUSTER_DISTANCE, criterion="distance")
    else:
        labels = np.ones(len(candidates), dtype=int)
    clusters: dict[int, list[SentenceRecord]] = {}
    for record, label in zip(candidates, labels, strict=True):
        clusters.setdefault(int(label), []).append(record)
    background: Counter[str] = Counter()
    for record in candidates:
        words = terms(record.text, ignore)
        background.update(set(words) | {f"{a} {b}" for a, b in itertools.pairwise(words)})
    ranked = sorted(clusters.values(), key=lambda rs: (-len(rs), rs[0].doc, rs[0].start))
    used: set[str] = set()
    for members in ranked:
        if len(members) < MIN_CLUSTER and len(clusters) > 1:
            continue
        phrases = _key_phrases([m.text for m in members], background, len(candidates), ignore)
        if not phrases:
            continue
        label = phrases[0]
        issue_id = slugify(label)
        if issue_id in used:
            continue
        used.add(issue_id)
        issues.append(
            Issue(
                id=issue_id,
                name=label.capitalize(),
                proposition=f"Agreement on {label} ({', '.join(phrases)})",
                anchors={0.0: f"no {label}", 100.0: f"full {label}"},
                description=f"Proposed from {len(members)} sentences by {ALGORITHM}.",
            )
        )
        for member in members:
            member.issues = [IssueHit(issue_id, 1.0, 0.0, 1.0)]
        if len(issues) >= MAX_ISSUES:
            break
    if not issues:
        issues.append(Issue(id="general", name="General", proposition="A negotiated settlement"))
    if not actor_ids:
        actor_ids = ["unknown"]
    actors = tuple(Actor(id=a, name=names.get(a, a)) for a in actor_ids)
    return Scenario(title="Proposed from the corpus", actors=actors, issues=tuple(issues))
