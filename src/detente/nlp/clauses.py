"""Clause-level splitting of a stance's complement.

One cue can govern several coordinated contents ("wants sanctions eased and elections held",
"is opposed to joining NATO, hosting foreign troops or reclaiming land"). Each conjunct is
a stance of its own, possibly on a different issue and with a different polarity (only the
first conjunct above "undoes" something), so each gets its own token set: the conjunct's
subtree without its nested conjuncts, plus the material the conjuncts share.
"""

from __future__ import annotations

from spacy.tokens import Token

ALGORITHM = "clauses.v1"
# Coordinated contents worth splitting: predicates (splitting nominal conjuncts cost precision).
_SPLIT_POS = frozenset(["VERB", "AUX"])


def _depth(token: Token) -> int:
    depth = 0
    while token.head.i != token.i:  # spaCy makes a new Token per access: compare indices
        token = token.head
        depth += 1
    return depth


def split_clauses(tokens: list[Token]) -> list[list[Token]]:
    """``tokens`` (a complement) as one token list per coordinated clause, in text order.

    Splits at the highest token of ``tokens`` that has same-kind conjuncts; the rest of the
    complement (outside that token's subtree) is shared by every clause. Without coordination
    the complement is returned whole.
    """
    inside = {t.i for t in tokens}
    heads = [
        t
        for t in tokens
        if t.pos_ in _SPLIT_POS
        and any(c.dep_ == "conj" and c.i in inside and c.pos_ in _SPLIT_POS for c in t.children)
    ]
    if not heads:
        return [tokens]
    top = min(heads, key=lambda t: (_depth(t), t.i))
    conjuncts = [top, *[c for c in top.conjuncts if c.i in inside and c.pos_ in _SPLIT_POS]]
    conjunct_ids = {c.i for c in conjuncts}
    within = {t.i for c in conjuncts for t in c.subtree}
    shared = [t for t in tokens if t.i not in within]
    clauses = []
    for conjunct in sorted(conjuncts, key=lambda t: t.i):
        own = _own_subtree(conjunct, conjunct_ids)
        clauses.append(sorted([*shared, *own], key=lambda t: t.i))
    return clauses


def _own_subtree(conjunct: Token, conjunct_ids: set[int]) -> list[Token]:
    """The conjunct's subtree without the other conjuncts (and their coordinators)."""
    out = []
    stack = [conjunct]
    while stack:
        token = stack.pop()
        out.append(token)
        for child in token.children:
            if child.i in conjunct_ids or child.dep_ in ("cc", "preconj"):
                continue
            if child.dep_ == "punct" and child.lower_ in (",", ";"):
                continue
            stack.append(child)
    return out
