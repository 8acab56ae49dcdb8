"""Fuzzing every scenario format through the CLI: a valid file of each format, after random
hostile edits, must give exit 0 or 2 with a ``[DTnnn]`` line, never a traceback, and must not
hang. What reads cleanly is then forecast, analysed for deals and converted back to YAML, the
steps that used to crash on values validation let through (``capability: .inf``).

Commands run in-process (CliRunner) so that the whole file takes seconds; two hostile files
also go through a real ``detente`` process to show the user sees no traceback there either.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from typer.testing import CliRunner

from detente.cli import app
from fuzz_inputs import FUZZ, JUNK, assert_coded, encoded, hostile, watchdog

runner = CliRunner()

YAML_SEED = """\
schema_version: 1
title: Harbour talks
as_of: 2025-03-01
sources:
  - {id: memo.txt, outlet: Gazette, date: 2025-02-01}
actors:
  - {id: port, name: Port authority, capability: 40}
  - {id: union, name: "Dockers' union", capability: 30}
  - {id: city, name: City council}
issues:
  - id: wages
    name: Wages
    proposition: Wages rise by ten percent
    anchors: {0: no rise, 100: full rise}
    options: [0, 50, 100]
    status_quo: 0
  - id: hours
    name: Hours
    proposition: The week shortens to 35 hours
    scale: {low: 40, high: 35, unit: hours}
positions:
  - actor: port
    issue: wages
    position: 20
    salience: 70
    red_line: 50
    confidence: 0.8
    evidence:
      - {doc: memo.txt, start: 0, end: 12}
  - {actor: union, issue: wages, position: 100, salience: 90, red_line: 40}
  - {actor: city, issue: wages, position: 60, salience: 30}
  - {actor: port, issue: hours, position: 10, salience: 50}
  - {actor: union, issue: hours, position: 90, salience: 60, note: wants it by June}
uncertainty: {position_sd: 5}
"""
JSON_SEED = """\
{"schema_version": 1, "title": "Harbour talks", "as_of": "2025-03-01",
 "sources": [{"id": "memo.txt", "outlet": "Gazette"}],
 "actors": [{"id": "port", "name": "Port", "capability": 40},
            {"id": "union", "name": "Union", "capability": 30}],
 "issues": [{"id": "wages", "name": "Wages", "proposition": "Wages rise",
             "options": [0, 50, 100], "scale": {"low": 0, "high": 10, "unit": "%"}}],
 "positions": [{"actor": "port", "issue": "wages", "position": 20, "salience": 70,
                "red_line": 50, "evidence": [{"doc": "memo.txt", "start": 0, "end": 4}]},
               {"actor": "union", "issue": "wages", "position": 100, "salience": 90}]}
"""
KTAB_SEED = (
    "Harbour,Two dimensions,3,2,\n"
    "Actor,Description,Influence,Wage Position,Wage Salience,Hours Position,Hours Salience,\n"
    "Port,The port,40,20,60,50,40,\n"
    "Union,The union,30,100,70,10,30,\n"
    "City,The city,25,60,20,40,50,\n"
)
DECIDE_SEED = (
    "#A\tport\tPort\n#A\tunion\tUnion\n#A\tcity\tCity\n"
    "#P\twages\tWages\tWage rise\n#M\twages\t0\n#M\twages\t10\n"
    "#D\tport\twages\t2\t0.7\t0.4\n#D\tunion\twages\t10\t0.9\t0.3\n#D\tcity\twages\t6\t0.2\t0.3\n"
)
TABLE_SEED = "Actor,Capability,Position,Salience\nPort,0.4,4,80\nUnion,0.6,10,60\nCity,0.3,6,20\n"

FORMATS = {
    "yaml": (".yaml", YAML_SEED),
    "json": (".json", JSON_SEED),
    "ktab": (".csv", KTAB_SEED),
    "decide-txt": (".txt", DECIDE_SEED),
    "decide-csv": (".csv", DECIDE_SEED),
    "actor-table": (".csv", TABLE_SEED),
}


def _run(args: list[str], what: str) -> int:
    with watchdog():
        result = runner.invoke(app, args)
    assert_coded(result, what)
    return result.exit_code


def check_scenario_file(path: Path) -> None:
    """validate, and for a file that reads: forecast, Monte Carlo, deals, a simulated
    negotiation and a YAML round trip."""
    if _run(["validate", str(path)], f"validate {path.name}") != 0:
        return
    _run(["forecast", str(path)], f"forecast {path.name}")
    _run(["mc", str(path), "--draws", "4"], f"mc {path.name}")
    _run(["deals", str(path), "--top", "1"], f"deals {path.name}")
    _run(["simulate", str(path), "--rounds", "5"], f"simulate {path.name}")
    copy = path.with_name("copy.yaml")
    if _run(["convert", str(path), str(copy)], f"convert {path.name}") == 0:
        # What detente writes, detente reads.
        assert _run(["validate", str(copy)], f"validate the YAML copy of {path.name}") == 0


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_each_seed_reads_cleanly(fmt: str, tmp_path: Path) -> None:
    suffix, seed = FORMATS[fmt]
    path = tmp_path / f"seed{suffix}"
    path.write_text(seed, encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_fuzzed_files_give_exit_0_or_a_coded_error(fmt: str) -> None:
    suffix, seed = FORMATS[fmt]

    @FUZZ
    @given(text=hostile(seed), junk=JUNK)
    def run(text: str, junk: bytes) -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"fuzzed{suffix}"
            path.write_bytes(encoded(text, junk))
            check_scenario_file(path)

    run()


@pytest.mark.parametrize(
    "content",
    [
        YAML_SEED.replace("capability: 40", "capability: .inf").replace("[0, 50", "[" * 300),
        KTAB_SEED.replace("The port", "p" * 140_000).replace("Wage Position", ""),
    ],
    ids=["yaml-inf-and-deep", "ktab-huge-cell-no-name"],
)
def test_a_real_process_prints_a_code_and_no_traceback(content: str, tmp_path: Path) -> None:
    path = tmp_path / ("bad.yaml" if content.startswith("schema") else "bad.csv")
    path.write_text(content, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", "from detente.cli import main; main()", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("[DT") and "Traceback" not in done.stderr + done.stdout
