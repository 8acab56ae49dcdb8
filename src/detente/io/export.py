"""Exports: JSON (the YAML's shape) and tidy CSV: actors.csv, issues.csv, positions.csv.

Numbers that are whole come out as integers (``30``, not ``30.0``) so that files read the way
people write them and imports round-trip to the same text. Rows keep the scenario's order.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any

from detente.domain import Scenario
from detente.io.atomic import write_files_atomic

CSV_FILES = ("actors.csv", "issues.csv", "positions.csv")


def _number(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def _tidy(value: Any) -> Any:
    if isinstance(value, dict):
        return {_number(k): _tidy(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_tidy(v) for v in value]
    return _number(value)


def scenario_to_plain(scenario: Scenario) -> dict[str, Any]:
    """The scenario as plain dicts and lists in the YAML's shape: unset and empty fields left out,
    dates as ``datetime.date``, whole numbers as ``int``."""
    data = scenario.model_dump(mode="python", exclude_none=True)
    for section in ("sources", "actors", "issues", "positions"):
        data[section] = [
            {k: v for k, v in item.items() if v not in ((), {}, [])} for item in data[section]
        ]
        if not data[section] and section in ("sources", "positions"):
            del data[section]
    result: dict[str, Any] = _tidy(data)
    return result


def scenario_to_json(scenario: Scenario) -> str:
    """JSON text of the scenario (same keys as the YAML; dates as ISO strings)."""
    return json.dumps(scenario_to_plain(scenario), ensure_ascii=False, indent=2, default=str) + "\n"


def _csv_text(header: list[str], rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else _number(v) for v in row])
    return buffer.getvalue()


def scenario_to_csv_tables(scenario: Scenario) -> dict[str, str]:
    """The three tidy tables, file name -> CSV text. Lists are joined with ``;``; anchors as
    ``point=label`` pairs; evidence as ``doc@start-end``."""
    actors = _csv_text(
        ["id", "name", "capability", "aliases", "description"],
        [[a.id, a.name, a.capability, ";".join(a.aliases), a.description] for a in scenario.actors],
    )
    issues = _csv_text(
        [
            "id",
            "name",
            "proposition",
            "anchors",
            "options",
            "status_quo",
            "scale_low",
            "scale_high",
        ],
        [
            [
                i.id,
                i.name,
                i.proposition,
                ";".join(f"{_number(k)}={v}" for k, v in i.anchors.items()),
                ";".join(str(_number(o)) for o in i.options or ()),
                i.status_quo,
                i.scale.low if i.scale else None,
                i.scale.high if i.scale else None,
            ]
            for i in scenario.issues
        ],
    )
    positions = _csv_text(
        ["actor", "issue", "position", "salience", "red_line", "confidence", "evidence", "note"],
        [
            [
                p.actor,
                p.issue,
                p.position,
                p.salience,
                p.red_line,
                p.confidence,
                ";".join(f"{e.doc}@{e.start}-{e.end}" for e in p.evidence),
                p.note,
            ]
            for p in scenario.positions
        ],
    )
    return dict(zip(CSV_FILES, (actors, issues, positions), strict=True))


def save_csv_dir(scenario: Scenario, directory: str | os.PathLike[str]) -> Path:
    """Write actors.csv, issues.csv and positions.csv into ``directory``, all or none."""
    folder = Path(directory)
    tables = scenario_to_csv_tables(scenario)
    write_files_atomic({folder / file_name: text for file_name, text in tables.items()})
    return folder
