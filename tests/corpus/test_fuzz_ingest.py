"""Fuzzing every ingest format through ``detente ingest``: a valid article of each format,
after random hostile edits, next to a good file, must give exit 0 or 2 with a ``[DTnnn]`` line
for the rejected file, never a traceback and never a hang, and the good file must be stored
(one bad file once lost the whole batch)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from typer.testing import CliRunner

from detente.cli import app
from detente.corpus.store import Store
from fuzz_inputs import FUZZ, JUNK, assert_coded, encoded, mutations, watchdog

runner = CliRunner()

MARKDOWN_SEED = """\
---
title: Talks resume in Riyadh
date: 2025-03-01
outlet: Gazette
url: https://example.org/talks
---
# Talks resume

The Kremlin rejected the proposal on Monday, while Kyiv welcomed the maritime truce.
"""
JSONL_SEED = (
    '{"id": "a1", "title": "Talks resume", "date": "2025-03-01", "outlet": "Gazette", '
    '"url": "https://example.org/a1", "text": "The Kremlin rejected the proposal."}\n'
    '{"id": "a2", "text": "Kyiv welcomed the maritime truce.", "date": "2025-03-02"}\n'
)
HTML_SEED = """\
<!doctype html>
<html><head><title>Talks resume</title>
<meta property="article:published_time" content="2025-03-01T09:00:00Z">
<meta property="og:site_name" content="Gazette"></head>
<body><nav>Home | World</nav><article><h1>Talks resume</h1>
<p>The Kremlin rejected the proposal on Monday, while Kyiv welcomed the maritime truce.</p>
<p>Negotiators will meet again in Riyadh next week.</p></article>
<footer>(c) Gazette</footer></body></html>
"""
TEXT_SEED = "The Kremlin rejected the proposal on Monday.\nKyiv welcomed the maritime truce.\n"

FORMATS = {
    "markdown": ("article.md", MARKDOWN_SEED),
    "jsonl": ("articles.jsonl", JSONL_SEED),
    "html": ("article.html", HTML_SEED),
    "txt": ("article.txt", TEXT_SEED),
}
GOOD = "Southland welcomed the reconstruction fund."


def check_batch(folder: Path, name: str, content: bytes) -> None:
    (folder / "in").mkdir()
    (folder / "in" / "good.txt").write_text(GOOD)
    (folder / "in" / name).write_bytes(content)
    db = folder / "corpus.db"
    with watchdog():
        result = runner.invoke(app, ["ingest", str(folder / "in"), "--db", str(db)])
    assert_coded(result, f"ingest {name}")
    with Store(db) as store:
        stored = {d.id: d.text for d in store.documents()}
    assert stored.get("good.txt") == GOOD, f"the good file was lost next to {name}"


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_each_seed_is_ingested(fmt: str, tmp_path: Path) -> None:
    name, seed = FORMATS[fmt]
    (tmp_path / name).write_text(seed)
    result = runner.invoke(app, ["ingest", str(tmp_path / name), "--db", str(tmp_path / "c.db")])
    assert result.exit_code == 0, result.output
    with Store(tmp_path / "c.db") as store:
        assert store.documents()


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_fuzzed_articles_are_coded_and_never_cost_the_good_file(fmt: str) -> None:
    name, seed = FORMATS[fmt]

    @FUZZ
    @given(text=mutations(seed), junk=JUNK)
    def run(text: str, junk: bytes) -> None:
        with tempfile.TemporaryDirectory() as folder:
            check_batch(Path(folder), name, encoded(text, junk))

    run()


def test_a_real_process_reports_bad_articles_without_a_traceback(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD)
    (folder / "deep.md").write_text("---\nx: " + "[" * 300 + "\n---\nBody.\n")
    (folder / "bad.jsonl").write_text('{"id": "x", "text": "\\ud800", "n": ' + "9" * 5000 + "}\n")
    command = "from detente.cli import main; main()"
    done = subprocess.run(
        [sys.executable, "-c", command, "ingest", str(folder), "--db", str(tmp_path / "c.db")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert "[DT308]" in done.stderr and "[DT306]" in done.stderr
    assert "ingested 1 document into" in done.stdout
