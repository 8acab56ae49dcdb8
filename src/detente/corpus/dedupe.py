"""Exact and near-duplicate detection: syndicated copies are linked to their first source.

Near duplicates are found with MinHash over word 5-shingles (Broder 1997): the share of equal
signature slots estimates the Jaccard similarity of two shingle sets.
"""

from __future__ import annotations

import re
import zlib

import numpy as np

from detente.domain.corpus import Document

ALGORITHM = "minhash.v1"
SHINGLE_WORDS = 5
NUM_PERM = 128
NEAR_DUPLICATE_JACCARD = 0.7
_MERSENNE = (1 << 61) - 1
_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE_WORDS) -> np.ndarray:
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < size:
        grams = [" ".join(words)] if words else []
    else:
        grams = [" ".join(words[i : i + size]) for i in range(len(words) - size + 1)]
    return np.array(sorted({zlib.crc32(g.encode("utf-8")) for g in grams}), dtype=np.uint64)


def signatures(texts: list[str], seed: int = 0, num_perm: int = NUM_PERM) -> np.ndarray:
    """One MinHash signature row per text (universal hashing a*x+b mod a Mersenne prime)."""
    rng = np.random.default_rng(seed)
    a = rng.integers(1, _MERSENNE, size=num_perm, dtype=np.uint64)
    b = rng.integers(0, _MERSENNE, size=num_perm, dtype=np.uint64)
    out = np.full((len(texts), num_perm), np.iinfo(np.uint64).max, dtype=np.uint64)
    for row, text in enumerate(texts):
        grams = shingles(text)
        if grams.size:
            # Products wrap modulo 2**64; that is still a fixed random hash per slot.
            hashed = (np.outer(grams, a) + b) % _MERSENNE
            out[row] = hashed.min(axis=0)
    return out


def link_duplicates(documents: list[Document], *, seed: int = 0) -> list[Document]:
    """Mark exact copies (same hash) and near copies (estimated Jaccard >= threshold).

    The earliest document (by date, then id) is the original; the others point at it.
    """
    if not documents:
        return []
    order = sorted(
        range(len(documents)),
        key=lambda i: (documents[i].date is None, documents[i].date or 0, documents[i].id),
    )
    sigs = signatures([documents[i].text for i in order], seed=seed)
    first_by_hash: dict[str, str] = {}
    linked: dict[int, Document] = {}
    for rank, index in enumerate(order):
        doc = documents[index]
        update: dict[str, str | None] = {"duplicate_of": None, "near_duplicate_of": None}
        if doc.sha256 in first_by_hash:
            update["duplicate_of"] = first_by_hash[doc.sha256]
        else:
            first_by_hash[doc.sha256] = doc.id
            if rank:
                similarity = (sigs[:rank] == sigs[rank]).mean(axis=1)
                best = int(similarity.argmax())
                if similarity[best] >= NEAR_DUPLICATE_JACCARD:
                    original = linked[order[best]]
                    update["near_duplicate_of"] = (
                        original.duplicate_of or original.near_duplicate_of or original.id
                    )
        linked[index] = doc.model_copy(update=update)
    return [linked[i] for i in range(len(documents))]
