"""Start-up stays lazy: ``detente --help`` imports no layer below the CLI, ``validate`` only
``io`` and ``domain``. Each runs in a fresh interpreter (the test process has imported
everything already); the times are measured by benchmarks/bench_startup.py, not here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

# Heavy third-party packages and the layers below the CLI (workflows.options is names only).
HEAVY = ("numpy", "numba", "scipy", "pydantic", "ruamel", "spacy", "jinja2", "fastapi", "rich")
LAYERS = (
    "detente.models",
    "detente.deals",
    "detente.simulate",
    "detente.mc",
    "detente.nlp",
    "detente.corpus",
    "detente.report",
    "detente.web",
    "detente.manifest",
)
PROBE = """
import json, sys
from detente.cli import main
sys.argv = ["detente", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def _modules_after(args: list[str]) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def _loaded(modules: set[str], prefixes: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == p or m.startswith(p + ".") for p in prefixes))


@pytest.mark.parametrize("args", [["--help"], ["--version"]])
def test_help_and_version_import_no_layer_and_no_heavy_package(args: list[str]) -> None:
    modules = _modules_after(args)
    assert "detente.cli.deals_cmds" in modules  # the commands were registered
    assert _loaded(modules, HEAVY + LAYERS + ("detente.io", "detente.domain")) == []


def test_validate_imports_only_io_and_domain(flagship_path: Path) -> None:
    modules = _modules_after(["validate", str(flagship_path)])
    assert "detente.io" in modules and "detente.domain" in modules
    assert _loaded(modules, ("numpy", "numba", "scipy", "spacy", "jinja2", *LAYERS)) == []
