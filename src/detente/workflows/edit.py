"""Edit a scenario file in place: one change of :mod:`detente.io.edits`, validated and saved.

The file is read as a round-trip document, changed, validated, and written back atomically with
only the changed items re-rendered (comments, key order and untouched lines stay as they were).
An edit that fails writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from detente.domain import Scenario
from detente.errors import DetenteError
from detente.io.scenario_yaml import load_document, save_document

Change = Callable[[CommentedMap, Scenario], str]


def edit_file(path: Path, change: Change, out: Path | None = None) -> str:
    """Apply ``change`` to the YAML scenario at ``path`` and save it to ``out`` (default: the
    same file); returns the change's one-line description."""
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise DetenteError(
            "DT118",
            f"{path.name} is not a YAML scenario: only YAML files are edited in place",
            location=str(path),
            hint="convert it with `detente convert FILE scenario.yaml` first",
        )
    document, scenario = load_document(path)
    note = change(document, scenario)
    save_document(document, out or path)
    return note
