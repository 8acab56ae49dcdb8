"""The rule sentence splitter: abbreviations, initials, and long paragraphs."""

from __future__ import annotations

from detente.nlp.sentences import split_sentences


def _texts(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


def test_abbreviations_and_initials_do_not_end_a_sentence() -> None:
    text = "Mr. Witkoff met Gen. Kellogg in the U.S. capital. George W. Bush was not there."
    assert _texts(text) == [
        "Mr. Witkoff met Gen. Kellogg in the U.S. capital.",
        "George W. Bush was not there.",
    ]


def test_a_word_longer_than_the_lookback_still_ends_a_sentence() -> None:
    word = "x" * 70
    assert _texts(f"They wrote {word}. Then they left.") == [
        f"They wrote {word}.",
        "Then they left.",
    ]


def test_one_long_paragraph_splits_like_its_sentences_one_by_one() -> None:
    sentence = "Mr. Smith of the U.S. said item {} was agreed. Gen. Lee disagreed on point {}."
    sentences = [sentence.format(i, i) for i in range(600)]
    expected = [piece for s in sentences for piece in _texts(s)]
    assert _texts(" ".join(sentences)) == expected
    assert len(expected) == 1200
