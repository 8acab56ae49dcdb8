"""What the views take from a corpus store: stance conflicts only between claims they show."""

from __future__ import annotations

from detente.domain.corpus import Claim, Conflict, ConflictSide
from detente.report.corpus_view import shown_conflicts


def _claim(start: int, stance: str) -> Claim:
    return Claim(
        doc="a.txt",
        start=start,
        end=start + 10,
        sentence="x" * 10,
        actor="russia",
        issue="kursk_exchange",
        stance=stance,  # type: ignore[arg-type]
        confidence=0.7,
        cue="wants",
    )


def test_a_stance_conflict_needs_a_shown_claim_on_each_side() -> None:
    """The flagship report once set unchecked machine readings against each other as "where the
    sources disagree", while the claims themselves were hidden until reviewed."""
    against, for_, spelling = _claim(0, "against"), _claim(40, "for"), None
    stance = Conflict(
        kind="stance",
        subject="stance of russia on kursk_exchange",
        sides=(
            ConflictSide(value="against", sources=(("a.txt", 0, 10),)),
            ConflictSide(value="for", sources=(("a.txt", 40, 50), ("a.txt", 80, 90))),
        ),
    )
    spelling = Conflict(
        kind="spelling",
        subject="spelling of Luhansk",
        sides=(
            ConflictSide(value="Lugansk", sources=(("a.txt", 100, 107),)),
            ConflictSide(value="Luhansk", sources=(("a.txt", 200, 207),)),
        ),
    )
    assert shown_conflicts([stance, spelling], []) == [spelling]
    assert shown_conflicts([stance], [against]) == []
    [kept] = shown_conflicts([stance], [against, for_])
    assert kept.sides[1].sources == (("a.txt", 40, 50),)  # the span not shown is left out
