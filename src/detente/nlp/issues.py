"""Which of the scenario's issues a sentence is about.

Two signals, combined: a lexical score (the issue's name, proposition, anchors and description
as weighted keywords, each weighted by how few issues share it) and the cosine similarity of
MiniLM sentence embeddings, which catches paraphrase. Words that name parties are ignored:
they occur everywhere and say nothing about the issue.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from detente.domain import Issue
from detente.nlp.vocabulary import terms

ALGORITHM = "issues.v1"
NAME_WEIGHT, PROPOSITION_WEIGHT, OTHER_WEIGHT = 3.0, 1.5, 0.75
TOPIC_BONUS = 0.2


def issue_text(issue: Issue) -> str:
    """The text an issue is embedded as."""
    return f"{issue.name}. {issue.proposition}"


@dataclass(frozen=True)
class IssueHit:
    issue: str
    score: float
    lexical: float
    semantic: float


class IssueIndex:
    def __init__(
        self,
        issues: Iterable[Issue],
        ignore_words: Iterable[str] = (),
        issue_vectors: np.ndarray | None = None,
    ) -> None:
        self.issues = list(issues)
        self.ignore = frozenset(w.lower() for w in ignore_words)
        weights: list[dict[str, float]] = []
        for issue in self.issues:
            bag: dict[str, float] = {}
            parts = [(issue.name, NAME_WEIGHT), (issue.proposition, PROPOSITION_WEIGHT)]
            parts += [(label, OTHER_WEIGHT) for label in issue.anchors.values()]
            parts.append((issue.description or "", OTHER_WEIGHT))
            for text, weight in parts:
                for term in set(terms(text, self.ignore)):
                    bag[term] = max(bag.get(term, 0.0), weight)
            weights.append(bag)
        n = len(self.issues)
        df: dict[str, int] = {}
        for bag in weights:
            for term in bag:
                df[term] = df.get(term, 0) + 1
        self.weights = [{t: w * math.log(1 + n / df[t]) for t, w in bag.items()} for bag in weights]
        # A sentence that hits the issue's best two keywords scores about 1.
        self.norms = [
            max(sum(sorted(bag.values(), reverse=True)[:2]), 1e-9) for bag in self.weights
        ]
        self.vectors = issue_vectors
        # The same weights as a term -> column matrix: a text's score is a sum of columns.
        self.columns = {
            t: k for k, t in enumerate(sorted({t for bag in self.weights for t in bag}))
        }
        self.matrix = np.zeros((n, len(self.columns)))
        for row, bag in enumerate(self.weights):
            for term, weight in bag.items():
                self.matrix[row, self.columns[term]] = weight
        # A stance's scope, its sentence and the unsure-text check score the same text.
        self.found = lru_cache(maxsize=8192)(self._found)
        self.lexical_scores = lru_cache(maxsize=8192)(self._lexical_scores)

    def _found(self, text: str) -> list[int]:
        """Columns of the issue terms ``text`` contains."""
        return sorted({self.columns[t] for t in terms(text, self.ignore) if t in self.columns})

    def _lexical_scores(self, text: str) -> np.ndarray:
        summed = self.matrix[:, self.found(text)].sum(axis=1)
        scores: np.ndarray = np.minimum(1.0, summed / np.array(self.norms))
        return scores

    def assign(
        self,
        text: str,
        vector: np.ndarray | None,
        *,
        threshold: float = 0.35,
        margin: float = 0.12,
        max_issues: int = 2,
        topic: frozenset[str] = frozenset(),
    ) -> list[IssueHit]:
        """Issues the sentence is about, best first (at most ``max_issues``).

        ``topic``: issues the paragraph has been speaking about. An issue whose every matching
        word a topic issue shares ("dismissed membership" after talk of NATO) yields to it,
        and topic issues the words match gain ``TOPIC_BONUS``.
        """
        if not self.issues:
            return []
        lexical = self.lexical_scores(text)
        if vector is not None and self.vectors is not None:
            semantic = self.vectors @ vector
            # Cosines of MiniLM sit around 0.1 for unrelated and 0.5+ for related text.
            semantic_part = np.clip((semantic - 0.2) / 0.4, 0.0, 1.0)
            score = 0.55 * lexical + 0.45 * semantic_part
        else:
            semantic = np.zeros(len(self.issues))
            score = lexical.copy()  # the cached scores must not change below
        on_topic = np.array([i.id in topic and lexical[k] > 0 for k, i in enumerate(self.issues)])
        if on_topic.any():
            # An issue whose every matching word a topic issue shares ("dismissed membership"
            # after talk of NATO) yields to it: the topic is the reading.
            matched = self.matrix[:, self.found(text)] > 0
            for k in np.flatnonzero((lexical > 0) & ~on_topic):
                if any(not (matched[k] & ~matched[t]).any() for t in np.flatnonzero(on_topic)):
                    score[k] = 0.0
        score = score + TOPIC_BONUS * on_topic
        order = np.argsort(-score)
        best = float(score[order[0]])
        hits: list[IssueHit] = []
        for index in order[:max_issues]:
            value = float(score[index])
            if value < threshold or value < best - margin:
                break
            hits.append(
                IssueHit(
                    self.issues[index].id, value, float(lexical[index]), float(semantic[index])
                )
            )
        return hits
