"""Counts as a person writes them: "1 actor", "2 actors", "1,204 documents"."""

from __future__ import annotations


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``count`` and ``noun``, in the plural unless ``count`` is 1 (``many`` when irregular)."""
    return f"{count:,} {noun if count == 1 else many or noun + 's'}"
