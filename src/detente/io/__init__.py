"""Reading and writing scenarios in every supported format.

``load_scenario(path)`` picks the reader from the suffix (and, for ``.csv``/``.txt``, from the
first lines); ``save_scenario(scenario, path, to=None)`` picks the writer from ``to`` or the
suffix. Every reader raises coded, located :class:`~detente.errors.DetenteError`.

==========  =====================  ===========================================
format      suffix                 reader / writer
==========  =====================  ===========================================
yaml        .yaml .yml             :mod:`detente.io.scenario_yaml`
json        .json                  :mod:`detente.io.export`
ktab        .csv (KTAB header)     :mod:`detente.io.ktab`
decide      .txt .csv (``#A``...)  :mod:`detente.io.decide`
table       .csv (Actor,...)       :mod:`detente.io.table` (read only)
csv-dir     a folder               :mod:`detente.io.export` (write only)
==========  =====================  ===========================================
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from detente.domain import Issue, Scenario
from detente.errors import DetenteError
from detente.io.atomic import write_atomic
from detente.io.decide import dump_decide, load_decide, parse_decide
from detente.io.export import save_csv_dir, scenario_to_json
from detente.io.ktab import dump_ktab, load_ktab, parse_ktab
from detente.io.scenario_yaml import dump_scenario_yaml, load_json, load_yaml
from detente.io.table import load_table, parse_table
from detente.io.text import read_text_file, unreadable_file

READ_FORMATS = ("yaml", "json", "ktab", "decide", "table")
WRITE_FORMATS = ("yaml", "json", "ktab", "decide", "csv-dir")


_SNIFFED_SUFFIXES = (".csv", ".txt", ".tsv")


def sniff_format(path: str | os.PathLike[str]) -> str:
    """The format of an input file: from its suffix, then (for .csv/.txt) from its first lines."""
    source = Path(path)
    suffix = source.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return "yaml"
    if suffix == ".json":
        return "json"
    if suffix in _SNIFFED_SUFFIXES:
        return _format_of_text(source, read_text_file(source))
    raise _unknown_format(source)


def _format_of_text(source: Path, text: str) -> str:
    """The format of a .csv/.txt/.tsv file, told from its first non-blank line."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    stripped = first.strip().strip("'\"")
    if stripped.startswith("#"):
        return "decide"
    header = [cell.strip().lower() for cell in first.split(",")]
    if header[:4] == ["actor", "capability", "position", "salience"]:
        return "table"
    if source.suffix.lower() == ".csv":
        return "ktab"
    raise _unknown_format(source)


def _unknown_format(source: Path) -> DetenteError:
    return DetenteError(
        "DT118",
        f"cannot tell the format of {source.name!r}",
        location=str(source),
        hint="use .yaml, .json, a KTAB or actor-table .csv, or a decide .csv/.txt",
    )


_READERS: dict[str, Callable[[Path], Scenario]] = {
    "yaml": load_yaml,
    "json": load_json,
    "ktab": load_ktab,
    "decide": load_decide,
    "table": load_table,
}
_WRITERS: dict[str, Callable[[Scenario], str]] = {
    "yaml": dump_scenario_yaml,
    "json": scenario_to_json,
    "ktab": dump_ktab,
    "decide": dump_decide,
}


# The text formats whose sniffing reads the file: parsed from that same text, read once.
_TEXT_PARSERS: dict[str, Callable[[str, str], Scenario]] = {
    "ktab": parse_ktab,
    "decide": parse_decide,
    "table": parse_table,
}


def load_scenario(path: str | os.PathLike[str], *, fmt: str | None = None) -> Scenario:
    """A Scenario from any supported file; the format comes from ``fmt`` or :func:`sniff_format`."""
    source = Path(path)
    if not source.exists():
        raise unreadable_file(source)
    if fmt is None and source.suffix.lower() in _SNIFFED_SUFFIXES:
        text = read_text_file(source)
        return _TEXT_PARSERS[_format_of_text(source, text)](text, str(source))
    chosen = fmt or sniff_format(source)
    if chosen not in _READERS:
        raise DetenteError(
            "DT118", f"unknown input format {chosen!r}", hint="one of " + ", ".join(READ_FORMATS)
        )
    return _READERS[chosen](source)


def output_format(path: str | os.PathLike[str], to: str | None = None) -> str:
    """The format to write ``path`` in: ``to`` if given, else from the suffix."""
    if to is not None:
        if to not in WRITE_FORMATS:
            raise DetenteError(
                "DT118", f"cannot write format {to!r}", hint="one of " + ", ".join(WRITE_FORMATS)
            )
        return to
    target = Path(path)
    suffix = target.suffix.lower()
    by_suffix = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".csv": "ktab", ".txt": "decide"}
    if suffix in by_suffix:
        return by_suffix[suffix]
    if not suffix or target.is_dir():
        return "csv-dir"
    raise DetenteError(
        "DT118",
        f"cannot tell which format to write for {target.name!r}",
        location=str(target),
        hint="pass --to yaml|json|ktab|decide|csv-dir",
    )


def save_scenario(scenario: Scenario, path: str | os.PathLike[str], to: str | None = None) -> Path:
    """Write ``scenario`` to ``path`` in format ``to`` (default: from the suffix), atomically."""
    chosen = output_format(path, to)
    if chosen == "csv-dir":
        return save_csv_dir(scenario, path)
    return write_atomic(path, _WRITERS[chosen](scenario))


def original_scale(issue: Issue) -> tuple[float, float]:
    """Kept for callers of the io API; the arithmetic lives on :class:`detente.domain.Issue`."""
    return issue.original_bounds()


def to_original(issue: Issue, axis_value: float) -> float:
    """Kept for callers of the io API; the arithmetic lives on :class:`detente.domain.Issue`."""
    return issue.to_original(axis_value)


__all__ = [
    "READ_FORMATS",
    "WRITE_FORMATS",
    "load_scenario",
    "original_scale",
    "output_format",
    "save_scenario",
    "sniff_format",
    "to_original",
]
