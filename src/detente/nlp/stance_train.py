"""Training stance.v2: a seeded numpy MLP, temperature calibration, a threshold for precision.

Pure functions over arrays; no torch. The MLP has one ReLU hidden layer and a softmax over
``CLASSES`` and is trained with Adam on mini-batches in a seeded order, so the same features
and seed give the same weights.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Set
from dataclasses import dataclass

import numpy as np

from detente.nlp.stance_model import StanceModel, softmax

Tuple = tuple[str, str, str, str]  # (doc, actor, issue, stance)


@dataclass(frozen=True)
class TrainSettings:
    seed: int = 7
    hidden: int = 64
    epochs: int = 20
    batch: int = 256
    learning_rate: float = 2e-3
    l2: float = 1e-4
    none_weight: float = 0.5  # "none" rows outnumber stance rows about 30 to 1


def fit_mlp(matrix: np.ndarray, labels: np.ndarray, settings: TrainSettings) -> StanceModel:
    """An MLP fitted to ``labels`` (indices into CLASSES); temperature 1, threshold 0.5."""
    rng = np.random.default_rng(settings.seed)
    mean = matrix.mean(axis=0)
    scale = matrix.std(axis=0) + 1e-3
    x = ((matrix - mean) / scale).astype(np.float32)
    n, d = x.shape
    k = 4
    params = {
        "w1": (rng.standard_normal((d, settings.hidden)) * np.sqrt(2.0 / d)).astype(np.float32),
        "b1": np.zeros(settings.hidden, dtype=np.float32),
        "w2": (rng.standard_normal((settings.hidden, k)) * np.sqrt(1.0 / settings.hidden)).astype(
            np.float32
        ),
        "b2": np.zeros(k, dtype=np.float32),
    }
    moments = {name: (np.zeros_like(p), np.zeros_like(p)) for name, p in params.items()}
    weights = np.where(labels == 0, settings.none_weight, 1.0).astype(np.float32)
    onehot = np.eye(k, dtype=np.float32)[labels]
    step = 0
    for _ in range(settings.epochs):
        order = rng.permutation(n)
        for begin in range(0, n, settings.batch):
            rows = order[begin : begin + settings.batch]
            grads = _gradients(params, x[rows], onehot[rows], weights[rows], settings.l2)
            step += 1
            for name, grad in grads.items():
                m, v = moments[name]
                m[:] = 0.9 * m + 0.1 * grad
                v[:] = 0.999 * v + 0.001 * grad * grad
                m_hat = m / (1 - 0.9**step)
                v_hat = v / (1 - 0.999**step)
                params[name] -= settings.learning_rate * m_hat / (np.sqrt(v_hat) + 1e-8)
    return StanceModel(
        mean, scale, params["w1"], params["b1"], params["w2"], params["b2"], 1.0, 0.5
    )


def _gradients(
    params: dict[str, np.ndarray],
    x: np.ndarray,
    onehot: np.ndarray,
    weights: np.ndarray,
    l2: float,
) -> dict[str, np.ndarray]:
    pre = x @ params["w1"] + params["b1"]
    hidden = np.maximum(pre, 0.0)
    probs = softmax(hidden @ params["w2"] + params["b2"])
    total = weights.sum()
    d_out = (probs - onehot) * weights[:, None] / total
    d_hidden = (d_out @ params["w2"].T) * (pre > 0)
    return {
        "w1": x.T @ d_hidden + l2 * params["w1"],
        "b1": d_hidden.sum(axis=0),
        "w2": hidden.T @ d_out + l2 * params["w2"],
        "b2": d_out.sum(axis=0),
    }


def fit_temperature(logits: np.ndarray, labels: np.ndarray) -> float:
    """The temperature that minimises the negative log-likelihood (a grid, monotone in T)."""
    best, best_nll = 1.0, np.inf
    for temperature in np.round(np.arange(0.3, 5.01, 0.05), 2):
        probs = softmax(logits / temperature)
        nll = -float(np.mean(np.log(probs[np.arange(len(labels)), labels] + 1e-12)))
        if nll < best_nll:
            best, best_nll = float(temperature), nll
    return best


@dataclass(frozen=True)
class TupleScore:
    gold: int
    predicted: int
    matched: int

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
        }


def score_tuples(gold: Iterable[Tuple], predicted: Iterable[Tuple]) -> TupleScore:
    g, p = set(gold), set(predicted)
    return TupleScore(len(g), len(p), len(g & p))


def breakdown(
    gold: Set[Tuple], predicted: Set[Tuple], negotiation: dict[str, str], style: dict[str, str]
) -> dict[str, dict[str, dict[str, float | int]]]:
    """Tuple scores per negotiation, per article style, per issue and per stance class.

    An issue is keyed ``negotiation:issue`` (issue ids repeat across negotiations); a stance
    group scores the claims of that class against the gold tuples of that class.
    """
    keys: dict[str, Callable[[Tuple], str]] = {
        "per_negotiation": lambda t: negotiation[t[0]],
        "per_style": lambda t: style[t[0]],
        "per_issue": lambda t: f"{negotiation[t[0]]}:{t[2]}",
        "per_stance": lambda t: t[3],
    }
    report: dict[str, dict[str, dict[str, float | int]]] = {}
    for name, key in keys.items():
        report[name] = {
            value: score_tuples(
                {t for t in gold if key(t) == value}, {t for t in predicted if key(t) == value}
            ).as_dict()
            for value in sorted({key(t) for t in gold | predicted})
        }
    return report


def choose_threshold(
    scored: list[tuple[Tuple, float]], gold: set[Tuple], min_precision: float = 0.85
) -> float:
    """The claim threshold: best F1 with precision >= ``min_precision``, else best F0.5."""
    best_tuple: dict[Tuple, float] = {}
    for key, confidence in scored:
        best_tuple[key] = max(confidence, best_tuple.get(key, 0.0))
    grid = np.round(np.arange(0.30, 0.96, 0.01), 2)
    results = []
    for threshold in grid:
        kept = {k for k, c in best_tuple.items() if c >= threshold}
        results.append((float(threshold), score_tuples(gold, kept)))
    precise = [(t, s) for t, s in results if s.precision >= min_precision and s.recall >= 0.5]
    if precise:  # the precision target is reachable with recall left: the best F1 there
        return max(precise, key=lambda ts: (round(ts[1].f1, 4), -ts[0]))[0]
    # Otherwise weigh precision twice as much as recall (F0.5): a wrong claim costs more.
    return max(results, key=lambda ts: (round(_f_half(ts[1]), 4), -ts[0]))[0]


def _f_half(score: TupleScore) -> float:
    p, r = score.precision, score.recall
    return 1.25 * p * r / (0.25 * p + r) if p + r else 0.0


def reliability(
    confidences: np.ndarray,
    correct: np.ndarray,
    edges: tuple[float, ...] = (0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0),
) -> list[dict[str, float | int | str]]:
    """Per confidence bin: how many predicted claims, their mean confidence, their precision."""
    table: list[dict[str, float | int | str]] = []
    for low, high in itertools.pairwise(edges):
        inside = (confidences >= low) & ((confidences < high) | (high == 1.0))
        count = int(inside.sum())
        table.append(
            {
                "bin": f"{low:.1f}-{high:.1f}",
                "claims": count,
                "mean_confidence": round(float(confidences[inside].mean()), 3) if count else 0.0,
                "precision": round(float(correct[inside].mean()), 3) if count else 0.0,
            }
        )
    return table
