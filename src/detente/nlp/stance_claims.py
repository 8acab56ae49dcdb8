"""Claims from the rule reader's stance hits (stance.v1 decides; stance.v2 takes them as features).

A hit is relative to a plain proposition; each issue it was assigned turns it into a claim,
flipped when the issue's proposition is itself a reversal ("sanctions are eased") or when the
reversing word names the issue ("agreed to a moratorium" on a moratorium issue). Confidence
mixes the cue's and the issue assignment's.
"""

from __future__ import annotations

from collections.abc import Mapping

from detente.domain import Claim
from detente.nlp.records import SentenceRecord
from detente.nlp.vocabulary import terms


def rule_claims(
    records: list[SentenceRecord],
    doc_text: Mapping[str, str],
    reverses: Mapping[str, bool],
    name_words: Mapping[str, set[str]],
) -> list[Claim]:
    """One claim per (sentence, actor, issue, stance) of the hits of ``records``.

    ``reverses``: issue id -> its proposition is a reversal; ``name_words``: issue id -> the
    words and thesaurus terms of its name.
    """
    claims = []
    for record in records:
        per_stance = record.stance_issues or [record.issues] * len(record.stances)
        for stance, issues in zip(record.stances, per_stance, strict=True):
            for hit in issues:
                value = stance.stance
                flip = reverses.get(hit.issue, False)
                if not flip and _names_issue(stance.reversal, name_words.get(hit.issue)):
                    flip = True  # "agreed to a moratorium" on an issue that is a moratorium
                if flip and value == "for":
                    value = "against"
                elif flip and value == "against":
                    value = "conditional" if stance.conditional else "for"
                claims.append(
                    Claim(
                        doc=record.doc,
                        start=record.start,
                        end=record.end,
                        sentence=doc_text[record.doc][record.start : record.end],
                        actor=stance.actor,
                        speaker=stance.speaker,
                        issue=hit.issue,
                        stance=value,
                        confidence=round(
                            max(0.05, min(1.0, stance.confidence * (0.6 + 0.4 * hit.score))), 3
                        ),
                        cue=stance.cue,
                    )
                )
    return _one_per_key(claims)


def _names_issue(word: str | None, name_words: set[str] | None) -> bool:
    """Whether a reversal word names the issue itself ("a moratorium" on a ceasefire issue)."""
    if word is None or not name_words:
        return False
    return word in name_words or bool(set(terms(word)) & name_words)


def _one_per_key(claims: list[Claim]) -> list[Claim]:
    """One claim per (sentence, actor, issue, stance): the most confident."""
    best: dict[tuple[str, int, str, str, str], Claim] = {}
    for claim in claims:
        key = (claim.doc, claim.start, claim.actor, claim.issue, claim.stance)
        if key not in best or claim.confidence > best[key].confidence:
            best[key] = claim
    return list(best.values())
