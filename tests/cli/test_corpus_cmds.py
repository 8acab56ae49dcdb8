"""``detente ingest`` / ``extract`` with some bad inputs: the good ones go in, the exit is 2."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.corpus.store import Store

runner = CliRunner()


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Northland rejected the border plan on Monday.")
    (folder / "b.txt").write_text("Southland welcomed the reconstruction fund.")
    (folder / "broken.txt").write_bytes(b"half a \x00 file")
    return folder


def test_ingest_stores_the_good_files_says_how_many_and_exits_2(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    result = runner.invoke(app, ["ingest", str(_folder(tmp_path)), "--db", str(db)])
    assert result.exit_code == 2
    assert "[DT302]" in result.stderr and "broken.txt" in result.stderr
    assert "2 documents went in; 1 input rejected" in result.stderr
    assert "ingested 2 documents" in result.stdout
    with Store(db) as store:
        assert [d.id for d in store.documents()] == ["a.txt", "b.txt"]


SCENARIO = """\
title: Border talks
actors:
  - {id: northland, name: Northland}
  - {id: southland, name: Southland}
issues:
  - {id: border, name: Border plan, proposition: The border plan is adopted}
positions:
  - {actor: northland, issue: border, position: 10, salience: 80}
  - {actor: southland, issue: border, position: 90, salience: 60}
"""


def test_extract_writes_the_good_files_results_says_how_many_and_exits_2(tmp_path: Path) -> None:
    out = tmp_path / "out"
    scenario = tmp_path / "border.yaml"
    scenario.write_text(SCENARIO)
    args = ["extract", str(_folder(tmp_path)), "--out", str(out), "--no-embeddings"]
    result = runner.invoke(app, [*args, "--scenario", str(scenario)])
    assert result.exit_code == 2, result.output
    assert "2 documents went in; 1 input rejected" in result.stderr
    assert any(out.iterdir())


def test_extract_by_keywords_without_a_scenario_is_refused_before_any_work(
    tmp_path: Path,
) -> None:
    # Discovery clusters embeddings: keywords alone, with no scenario, would find nothing and
    # say "0 claims" with exit 0.
    out = tmp_path / "out"
    args = ["extract", str(_folder(tmp_path)), "--out", str(out), "--no-embeddings"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr.startswith("[DT410] --no-embeddings needs --scenario")
    assert not out.exists()


BAD_NEXT_TO_GOOD = {
    "date.md": "---\ndate: 2025-02-30\n---\nBody one.\n",
    "title.md": "---\ntitle: 123\n---\nBody two.\n",
    "deep.md": "---\nx: " + "[" * 250 + "]" * 250 + "\n---\nBody three.\n",
    "digits.md": "---\nn: " + "9" * 4301 + "\n---\nBody four.\n",
    "broken.md": "---\ntitle: [unclosed\n---\nBody five.\n",
    "title.jsonl": '{"id": "a", "text": "one", "title": 5}\n',
    "url.jsonl": '{"id": "b", "text": "two", "url": ["a"]}\n',
    "surrogate.jsonl": '{"id": "c", "text": "\\ud800"}\n',
    "deep.jsonl": '{"id": "d", "text": "x", "x": ' + "[" * 3000 + "]" * 3000 + "}\n",
    "digits.jsonl": '{"id": "e", "text": "y", "n": ' + "9" * 4301 + "}\n",
}


@pytest.mark.parametrize("name", sorted(BAD_NEXT_TO_GOOD))
def test_one_bad_file_never_costs_the_good_one(tmp_path: Path, name: str) -> None:
    """Each of these once raised a traceback, created no store and dropped the good file."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("The Kremlin rejected the proposal.")
    (folder / name).write_text(BAD_NEXT_TO_GOOD[name])
    db = tmp_path / "c.db"
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert re.search(rf"\[DT30[68]\] {re.escape(str(folder / name))}", result.output)
    with Store(db) as store:
        assert [d.id for d in store.documents()] == ["good.txt"]


def test_broken_front_matter_is_one_line_with_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.md"
    path.write_text(BAD_NEXT_TO_GOOD["broken.md"])
    result = runner.invoke(app, ["ingest", str(path), "--db", str(tmp_path / "c.db")])
    lines = [line for line in result.output.splitlines() if "DT308" in line]
    assert len(lines) == 1 and f"{path}:2:" in lines[0]


def test_a_named_pipe_is_refused_before_it_is_opened(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)  # opening it for reading would block until a writer comes
    (tmp_path / "good.txt").write_text("Kyiv welcomed the maritime truce.")
    result = runner.invoke(
        app, ["ingest", str(pipe), str(tmp_path / "good.txt"), "--db", str(tmp_path / "c.db")]
    )
    assert result.exit_code == 2
    assert f"[DT301] {pipe}: not a regular file" in result.output


def test_a_folder_with_no_readable_format_says_what_was_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "office"
    folder.mkdir()
    (folder / "memo.pdf").write_bytes(b"%PDF-1.7")
    (folder / "notes.docx").write_bytes(b"PK")
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(tmp_path / "c.db")])
    assert result.exit_code == 2
    assert f"skipped {folder / 'memo.pdf'}: .pdf" in result.output
    assert "[DT307]" in result.output
