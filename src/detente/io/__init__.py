"""Reading and writing scenarios in every supported format.

``load_scenario(path)`` picks the reader from the suffix (and, where several formats share it,
from the text); ``save_scenario(scenario, path, to=None)`` picks the writer from ``to`` or the
suffix. The formats (yaml, json, decide, table, ktab, csv-dir) are registered once, in
:data:`detente.io.formats.FORMATS`. Every reader raises coded, located
:class:`~detente.errors.DetenteError`.
"""

from __future__ import annotations

import os
from pathlib import Path

from detente.domain import Issue, Scenario
from detente.errors import DetenteError
from detente.io.atomic import write_atomic, write_files_atomic
from detente.io.formats import (
    FORMATS,
    Format,
    candidates,
    claimant,
    read_formats,
    readable_summary,
    write_formats,
    writer_for,
)
from detente.io.text import read_text_file, unreadable_file


def sniff_format(path: str | os.PathLike[str]) -> str:
    """The format of an input file: from its suffix and, when several formats read that suffix,
    from its text (see :mod:`detente.io.formats`)."""
    source = Path(path)
    choices = candidates(source)
    if len(choices) == 1:
        return choices[0].name
    if not choices:
        raise _unknown_format(source)
    return _sniffed(choices, source, read_text_file(source)).name


def _sniffed(choices: list[Format], source: Path, text: str) -> Format:
    chosen = claimant(choices, source, text)
    if chosen is None:
        raise _unknown_format(source)
    return chosen


def _unknown_format(source: Path) -> DetenteError:
    return DetenteError.of(
        "DT118", location=str(source), name=source.name, formats=readable_summary()
    )


def load_scenario(path: str | os.PathLike[str], *, fmt: str | None = None) -> Scenario:
    """A Scenario from any supported file; the format comes from ``fmt`` or :func:`sniff_format`.

    The file is read once: the text the format was told from is the text that is parsed.
    """
    source = Path(path)
    if not source.exists():
        raise unreadable_file(source)
    if fmt is not None:
        chosen = FORMATS.get(fmt)
        if chosen is None or chosen.read is None:
            raise DetenteError.of(
                "DT118.unknown_input", name=fmt, formats=", ".join(read_formats())
            )
        return chosen.read(read_text_file(source), str(source))
    choices = candidates(source)
    if not choices:
        raise _unknown_format(source)
    text = read_text_file(source)
    chosen = choices[0] if len(choices) == 1 else _sniffed(choices, source, text)
    assert chosen.read is not None  # candidates() holds readable formats only
    return chosen.read(text, str(source))


def output_format(path: str | os.PathLike[str], to: str | None = None) -> str:
    """The format to write ``path`` in: ``to`` if given, else from the suffix (a folder or a
    path without suffix: the folder format)."""
    if to is not None:
        if to not in write_formats():
            raise DetenteError.of("DT118.cannot_write", name=to, formats=", ".join(write_formats()))
        return to
    target = Path(path)
    chosen = writer_for(target)
    if chosen is None:
        raise DetenteError.of(
            "DT118.output",
            location=str(target),
            name=target.name,
            formats="|".join(write_formats()),
        )
    return chosen.name


def save_scenario(scenario: Scenario, path: str | os.PathLike[str], to: str | None = None) -> Path:
    """Write ``scenario`` to ``path`` in format ``to`` (default: from the suffix), atomically;
    a folder format writes all of its files or none."""
    writer = FORMATS[output_format(path, to)].write
    assert writer is not None  # output_format() names writable formats only
    written = writer(scenario)
    if isinstance(written, str):
        return write_atomic(path, written)
    folder = Path(path)
    write_files_atomic({folder / file_name: text for file_name, text in written.items()})
    return folder


def original_scale(issue: Issue) -> tuple[float, float]:
    """Kept for callers of the io API; the arithmetic lives on :class:`detente.domain.Issue`."""
    return issue.original_bounds()


def to_original(issue: Issue, axis_value: float) -> float:
    """Kept for callers of the io API; the arithmetic lives on :class:`detente.domain.Issue`."""
    return issue.to_original(axis_value)


__all__ = [
    "FORMATS",
    "Format",
    "load_scenario",
    "original_scale",
    "output_format",
    "read_formats",
    "save_scenario",
    "sniff_format",
    "to_original",
    "write_formats",
]
