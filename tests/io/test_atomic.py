"""Atomic writes leave whole files with ordinary permissions, and nothing on failure."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from detente.errors import DetenteError
from detente.io.atomic import write_atomic, write_files_atomic


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_file_gets_the_mode_a_plain_open_would_give(tmp_path: Path) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    written = write_atomic(tmp_path / "atomic.txt", "x")
    assert _mode(written) == _mode(plain)


def test_replacing_a_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("old")
    os.chmod(target, 0o640)
    write_atomic(target, "new")
    assert target.read_text() == "new"
    assert _mode(target) == 0o640


def test_a_failed_set_leaves_no_file_and_no_temporary(tmp_path: Path) -> None:
    (tmp_path / "blocker").write_text("a file where a folder should be")
    files = {tmp_path / "ok.txt": "fine", tmp_path / "blocker" / "b.txt": "never"}
    with pytest.raises(DetenteError) as caught:
        write_files_atomic(files)
    assert caught.value.code == "DT901"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocker"]
