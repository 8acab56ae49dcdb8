"""Precision, recall and F1 of extracted claims and facts against hand-made gold annotations.

Gold lines are ``{"doc","start","end","actor","issue","stance"}`` (claims) or
``{"doc","start","end","kind","value"}`` (facts). A predicted claim matches a gold claim when
document, actor, issue and stance are equal and the spans overlap; a fact when document and
kind are equal and the spans overlap. Matching is one-to-one. Document ids are compared
without a file suffix, so ``a.txt`` and ``a`` name the same document.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from detente.domain.scores import Score
from detente.errors import DetenteError

CLAIM_KEYS = ("doc", "start", "end", "actor", "issue", "stance")
FACT_KEYS = ("doc", "start", "end", "kind", "value")
_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")


def doc_key(doc: str) -> str:
    for suffix in _SUFFIXES:
        if doc.endswith(suffix):
            return doc[: -len(suffix)]
    return doc


def read_jsonl(path: Path, code: str = "DT401") -> list[dict[str, Any]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DetenteError(code, f"cannot read: {exc.strerror}", location=str(path)) from None
    rows = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DetenteError(code, f"not JSON: {exc.msg}", location=f"{path}:{number}") from None
        if not isinstance(row, dict):
            raise DetenteError(code, "line is not a JSON object", location=f"{path}:{number}")
        row["_where"] = f"{path}:{number}"
        rows.append(row)
    return rows


def split_gold(rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    claims: list[dict[str, Any]] = []
    facts: list[dict[str, Any]] = []
    for row in rows:
        keys = CLAIM_KEYS if "actor" in row else FACT_KEYS
        missing = [k for k in keys if k not in row]
        if missing:
            raise DetenteError(
                "DT401",
                f"missing {', '.join(missing)}",
                location=row["_where"],
                hint=f"claims need {', '.join(CLAIM_KEYS)}; facts {', '.join(FACT_KEYS)}",
            )
        if not isinstance(row["start"], int) or not isinstance(row["end"], int):
            raise DetenteError("DT401", "start and end must be integers", location=row["_where"])
        (claims if keys is CLAIM_KEYS else facts).append(row)
    return claims, facts


def _match(
    gold: list[dict[str, Any]], pred: list[dict[str, Any]], fields: tuple[str, ...], name: str
) -> Score:
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    index: dict[tuple[Any, ...], list[int]] = {}
    for g, row in enumerate(gold):
        index.setdefault(tuple(_key(row, f) for f in fields), []).append(g)
    for p, row in enumerate(pred):
        for g in index.get(tuple(_key(row, f) for f in fields), []):
            if g in used_gold:
                continue
            if row["start"] < gold[g]["end"] and gold[g]["start"] < row["end"]:
                used_gold.add(g)
                used_pred.add(p)
                break
    return Score(name, len(gold), len(pred), len(used_gold), len(used_pred))


def _key(row: dict[str, Any], name: str) -> Any:
    if name == "doc":
        return doc_key(str(row[name]))
    if name == "value":  # 175 and "175" are the same value
        try:
            return float(row[name])
        except (TypeError, ValueError):
            return str(row[name])
    return row[name]


def _tuples(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> Score:
    fields = ("doc", "actor", "issue", "stance")
    g = {tuple(_key(r, f) for f in fields) for r in gold}
    p = {tuple(_key(r, f) for f in fields) for r in pred}
    return Score("claims (doc, actor, issue, stance)", len(g), len(p), len(g & p), len(g & p))


def evaluate(gold_files: list[Path], pred_dir: Path) -> list[Score]:
    """Scores for claims (span-matched and as document-level tuples) and for facts."""
    rows: list[dict[str, Any]] = []
    for path in gold_files:
        rows += read_jsonl(path)
    gold_claims, gold_facts = split_gold(rows)
    if not pred_dir.is_dir():
        raise DetenteError(
            "DT402",
            "no such folder",
            location=str(pred_dir),
            hint="run `detente extract ... --out DIR` first",
        )
    scores = []
    gold_docs = {doc_key(r["doc"]) for r in rows}
    if gold_claims:
        pred = _read_pred(pred_dir / "claims.jsonl", gold_docs)
        scores.append(
            _match(gold_claims, pred, ("doc", "actor", "issue", "stance"), "claims (span match)")
        )
        scores.append(_tuples(gold_claims, pred))
    if gold_facts:
        pred = _read_pred(pred_dir / "facts.jsonl", gold_docs)
        scores.append(_match(gold_facts, pred, ("doc", "kind"), "facts (kind, span)"))
        scores.append(
            _match(gold_facts, pred, ("doc", "kind", "value"), "facts (kind, value, span)")
        )
    return scores


def _read_pred(path: Path, gold_docs: set[str]) -> list[dict[str, Any]]:
    if not path.is_file():
        raise DetenteError("DT402", "prediction file missing", location=str(path))
    # Only documents that were annotated count: a prediction elsewhere is not an error.
    return [r for r in read_jsonl(path, "DT402") if doc_key(str(r.get("doc"))) in gold_docs]
