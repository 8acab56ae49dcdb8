"""The README's example commands for scenarios, forecasts and deals run as written.

Each ``detente ...`` line of a ``sh`` block in those sections is run from a scratch folder laid
out like the repository (``examples/`` beside it, ``../shared`` above it), so that copying a
line from the README into a shell at the repository root does what the test did. Lines that
read ``../shared`` skip when it is absent. An ``OK ...: <counts>`` comment is checked against
the output.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente.cli import app

ROOT = Path(__file__).resolve().parents[2]
SECTIONS = (
    "Flagship example and demo corpus",
    "Scenario files and formats",
    "Forecast models",
    "Deal space and simulation",
)
# Commands of the areas these sections document; `extract` and `eval` belong to extraction.
COMMANDS = {"validate", "show", "convert", "schema", "forecast", "backtest", "deals"}
COMMANDS |= {"simulate", "export-genius"}


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    lines: list[str] = []
    for section in re.split(r"^## ", text, flags=re.MULTILINE):
        if not section.startswith(SECTIONS):
            continue
        for block in re.findall(r"```sh\n(.*?)```", section, flags=re.DOTALL):
            for line in block.splitlines():
                words = line.split()
                if len(words) > 1 and words[0] == "detente" and words[1] in COMMANDS:
                    lines.append(line.strip())
    return lines


@pytest.mark.parametrize("line", _readme_commands())
def test_readme_command_runs_as_written(
    line: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    command, _, comment = line.partition("  #")
    words = shlex.split(command)
    redirect = words.index(">") if ">" in words else None
    args, out_file = (words[1:redirect], words[redirect + 1]) if redirect else (words[1:], None)
    shared = ROOT.parent / "shared"
    if any("../shared" in word for word in args) and not shared.is_dir():
        pytest.skip("../shared is absent")
    workdir = tmp_path / "repo"
    workdir.mkdir()
    (workdir / "examples").symlink_to(ROOT / "examples")
    if shared.is_dir():
        (tmp_path / "shared").symlink_to(shared)
    monkeypatch.chdir(workdir)
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip()
    if out_file is not None:
        Path(out_file).parent.mkdir(parents=True, exist_ok=True)
        Path(out_file).write_text(result.stdout, encoding="utf-8")
    counts = re.search(r"OK \.\.\.: (.*?)(?:, \.\.\.)?$", comment.strip())
    if counts:
        assert counts.group(1) in result.stdout


def test_readme_has_commands_for_every_documented_area() -> None:
    used = {line.split()[1] for line in _readme_commands()}
    assert used == COMMANDS
