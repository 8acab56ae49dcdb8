"""Fit the stance.v2 classifier on the extraction training corpus (seeded): by default the
pruner stance.v3 reads behind (src/detente/nlp/data/stance.v3.pruner.npz).

    python scripts/train_extractor.py [--seed 7] [--out PATH] [--metrics PATH]
    python scripts/train_extractor.py --score-test     # also the blind test, once per round

Runs detente's pipeline on every corpus article (the features ``detente extract`` sees), fits
the MLP on the train split, calibrates its temperature and picks the claim threshold on dev
(tuple precision >= 0.85), then writes the model and ``training/extraction/metrics.pruner.json``:
dev scores, per negotiation and style, the reliability table and the learning curve (F1 vs
25/50/100% of train). The test split is scored only with ``--score-test``.

The ``stance.v2`` step's own weights (data/stance.v2.npz, metrics.json) are frozen at their
349-article fit of 2026-12-02, which the drafting figures were measured with; the feature code
has changed since, so ``--out src/detente/nlp/data/stance.v2.npz`` refits rather than rebuilds
them.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from detente.errors import DetenteError
from detente.nlp.cross_encoder import pruner_path
from detente.nlp.stance_model import STANCE_V2
from detente.nlp.stance_train import TrainSettings
from detente.workflows.learned import candidate_recall, load_corpus, split_report, train

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "training" / "extraction"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--out", type=Path, default=pruner_path())
    parser.add_argument("--metrics", type=Path, default=CORPUS / "metrics.pruner.json")
    parser.add_argument("--score-test", action="store_true", help="score the blind test split")
    parser.add_argument("--no-curve", action="store_true", help="skip the learning curve")
    args = parser.parse_args()
    settings = TrainSettings(seed=args.seed)
    began = time.perf_counter()
    try:
        features = load_corpus(args.corpus, ROOT)
    except DetenteError as error:
        print(error, file=sys.stderr)
        return 2
    print(
        f"{len(features.candidates)} candidates, {int((features.labels > 0).sum())} positive, "
        f"{time.perf_counter() - began:.0f}s",
        file=sys.stderr,
    )
    model = train(features, settings)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    model.save(args.out, seed=settings.seed)
    splits = ["test", "dev"] if args.score_test else ["dev"]
    metrics: dict[str, object] = {
        "version": STANCE_V2,
        "seed": settings.seed,
        "temperature": model.temperature,
        "threshold": model.threshold,
        "articles": {
            s: sum(1 for d, v in features.split.items() if v == s and d in features.negotiation)
            for s in ("train", "dev", "test")
        },
        "candidate_recall_dev": round(candidate_recall(features, "dev"), 3),
    }
    for split in splits:
        metrics[split] = split_report(features, model, split)
    if not args.no_curve:
        curve = {}
        for share in (0.25, 0.5, 1.0):
            partial = model if share == 1.0 else train(features, settings, share)
            curve[f"{int(share * 100)}%"] = {
                split: split_report(features, partial, split)["stance.v2"] for split in splits
            }
        metrics["learning_curve"] = curve
    args.metrics.write_text(json.dumps(metrics, indent=1) + "\n", encoding="utf-8")
    for split in splits:
        print(
            split,
            json.dumps(metrics[split]["stance.v2"]),
            "rules:",  # type: ignore[index]
            json.dumps(metrics[split]["rules_keyword_issues"]),
        )  # type: ignore[index]
    print(f"wrote {args.out} and {args.metrics} in {time.perf_counter() - began:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
