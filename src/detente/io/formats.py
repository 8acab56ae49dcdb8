"""Every scenario file format, registered once: ``FORMATS``, by name, in sniffing order.

A :class:`Format` says which suffixes it reads, how to tell its files from the other formats'
that share a suffix (``sniff``), how to parse a text (``read``) and how to write one
(``write``). :func:`detente.io.load_scenario`, :func:`detente.io.save_scenario`, the CLI's
``--to`` choices and its help text are all derived from this registry; adding a format is one
module plus one ``Format(...)`` entry here.

Reading ``path``: the formats whose ``suffixes`` hold its suffix are the candidates. One
candidate is chosen without looking inside the file; among several, the first (in ``FORMATS``
order) whose ``sniff(path, text)`` claims the text wins. The order is therefore part of the
contract: ``ktab`` claims every ``.csv``, so it comes after decide and the actor table, which
recognise their first line.

Writing ``path``: ``--to`` names the format; otherwise the first writable format whose
``output_suffixes`` hold the suffix (``""`` stands for a folder or a path without suffix).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from detente.domain import Scenario
from detente.io.decide import dump_decide, parse_decide, sniff_decide
from detente.io.export import scenario_to_csv_tables, scenario_to_json
from detente.io.ktab import dump_ktab, parse_ktab
from detente.io.scenario_yaml import dump_scenario_yaml, parse_json, parse_yaml
from detente.io.table import parse_table, sniff_table

Sniff = Callable[[Path, str], bool]
"""``sniff(path, text) -> bool``: does this format claim the file (``text`` is all of it)?"""
Reader = Callable[[str, str], Scenario]
"""``read(text, name) -> Scenario``: ``name`` (the path) goes into every error's location."""
Writer = Callable[[Scenario], str | dict[str, str]]
"""``write(scenario)``: the text of one file, or file name -> text for a folder format."""


def claims_every_file(path: Path, text: str) -> bool:
    """The sniff of a format that owns its suffixes: every candidate file is its own."""
    return True


@dataclass(frozen=True)
class Format:
    name: str
    suffixes: tuple[str, ...]  # read: files with one of these (lower-case) are candidates
    sniff: Sniff = claims_every_file
    read: Reader | None = None
    write: Writer | None = None
    summary: str = ""  # what users call it, for help texts
    output_suffixes: tuple[str, ...] = ()  # written when the output path has one of these
    lossy: bool = False  # no place for evidence, notes, sources, red lines or confidences

    def describe(self) -> str:
        """``KTAB (.csv)``: the name users know and the suffixes it reads."""
        label = self.summary or self.name
        return f"{label} ({' '.join(self.suffixes)})" if self.suffixes else label


FORMATS: dict[str, Format] = {
    entry.name: entry
    for entry in (
        Format(
            "yaml",
            (".yaml", ".yml"),
            read=parse_yaml,
            write=dump_scenario_yaml,
            summary="YAML",
            output_suffixes=(".yaml", ".yml"),
        ),
        Format(
            "json",
            (".json",),
            read=parse_json,
            write=scenario_to_json,
            summary="JSON",
            output_suffixes=(".json",),
        ),
        Format(
            "decide",
            (".csv", ".txt", ".tsv"),
            sniff_decide,
            read=parse_decide,
            write=dump_decide,
            summary="decide #A/#P/#M/#D",
            output_suffixes=(".txt",),
            lossy=True,
        ),
        Format(
            "table",
            (".csv", ".txt", ".tsv"),
            sniff_table,
            read=parse_table,
            summary="actor table",
        ),
        Format(
            "ktab",
            (".csv",),
            read=parse_ktab,
            write=dump_ktab,
            summary="KTAB",
            output_suffixes=(".csv",),
            lossy=True,
        ),
        Format(
            "csv-dir",
            (),
            write=scenario_to_csv_tables,
            summary="tidy CSV folder",
            output_suffixes=("",),
        ),
    )
}


def read_formats() -> tuple[str, ...]:
    """Names of the formats that can be read, in sniffing order."""
    return tuple(name for name, entry in FORMATS.items() if entry.read is not None)


def write_formats() -> tuple[str, ...]:
    """Names of the formats that can be written."""
    return tuple(name for name, entry in FORMATS.items() if entry.write is not None)


def readable_summary() -> str:
    """``YAML (.yaml .yml), JSON (.json), ...``: every readable format, for help and hints."""
    return ", ".join(entry.describe() for entry in FORMATS.values() if entry.read is not None)


def candidates(path: Path) -> list[Format]:
    """The readable formats whose suffixes hold ``path``'s, in sniffing order."""
    suffix = path.suffix.lower()
    return [
        entry for entry in FORMATS.values() if entry.read is not None and suffix in entry.suffixes
    ]


def claimant(choices: list[Format], path: Path, text: str) -> Format | None:
    """The first of ``choices`` whose sniff claims ``text``; None when none does."""
    return next((entry for entry in choices if entry.sniff(path, text)), None)


def writer_for(path: Path) -> Format | None:
    """The writable format an output path's suffix (or, without one, being a folder) selects."""
    suffix = path.suffix.lower()
    keys = [suffix] if suffix else []
    if not suffix or path.is_dir():
        keys.append("")
    for key in keys:
        for entry in FORMATS.values():
            if entry.write is not None and key in entry.output_suffixes:
                return entry
    return None
