"""The README documents every command the CLI registers (read from the Typer app itself)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import typer

from detente.cli import app

README = Path(__file__).resolve().parents[2] / "README.md"


def _command_paths(group: Any, prefix: str = "detente") -> list[str]:
    # Typer may ship its own click; a group is anything with sub-commands.
    paths = []
    for name, command in sorted(group.commands.items()):
        if command.hidden:
            continue
        path = f"{prefix} {name}"
        paths.append(path)
        if getattr(command, "commands", None):
            paths.extend(_command_paths(command, path))
    return paths


def test_readme_documents_every_registered_command() -> None:
    root = typer.main.get_command(app)
    commands = _command_paths(root)
    assert {"detente validate", "detente show", "detente convert", "detente schema"} <= set(
        commands
    )
    readme = README.read_text(encoding="utf-8")
    # "detente show" must appear as itself: not as a prefix of "detente show-all".
    missing = [path for path in commands if not re.search(re.escape(path) + r"(?![\w-])", readme)]
    assert not missing, f"README.md does not document: {', '.join(missing)}"
