"""The one bounded text reader: scenario files and ingested articles share its checks, and each
kind of input keeps its own error codes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from detente.corpus.ingest import read_file
from detente.errors import DetenteError
from detente.io import load_scenario
from detente.io.text import INGEST_FILE, SCENARIO_FILE, ReadCodes, read_text_file


def _error(path: Path, codes: ReadCodes, max_bytes: int = 1000) -> DetenteError:
    with pytest.raises(DetenteError) as raised:
        read_text_file(path, max_bytes=max_bytes, codes=codes)
    return raised.value


@pytest.mark.parametrize(
    ("codes", "missing", "not_regular", "too_large", "not_utf8"),
    [
        (SCENARIO_FILE, "DT117", "DT117", "DT104", "DT103"),
        (INGEST_FILE, "DT301", "DT301", "DT304", "DT310"),
    ],
)
def test_each_kind_of_input_reports_its_own_codes(
    tmp_path: Path, codes: ReadCodes, missing: str, not_regular: str, too_large: str, not_utf8: str
) -> None:
    assert _error(tmp_path / "absent.txt", codes).code == missing
    assert _error(tmp_path, codes).code == not_regular
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)  # opening it would block: refused from its stat alone
    assert _error(pipe, codes).code == not_regular
    big = tmp_path / "big.txt"
    big.write_text("x" * 1001)
    error = _error(big, codes)
    assert error.code == too_large and "1001" in error.message and "1000" in error.message
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"first line\nZelensk\xfd\n")
    error = _error(bad, codes)
    assert (error.code, error.location) == (not_utf8, f"{bad}:2:8")
    assert "0xfd" in error.message and "offset 18" in error.message


def test_only_ingest_refuses_nul_bytes(tmp_path: Path) -> None:
    path = tmp_path / "binary.txt"
    path.write_bytes(b"title: x\x00\n")
    assert _error(path, INGEST_FILE).code == "DT302"
    assert read_text_file(path, codes=SCENARIO_FILE) == "title: x\x00\n"


def test_bom_dropped_and_line_ends_normalised_for_both(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"\xef\xbb\xbfone\r\ntwo\rthree\n")
    for codes in (SCENARIO_FILE, INGEST_FILE):
        assert read_text_file(path, codes=codes) == "one\ntwo\nthree\n"


def test_scenarios_and_ingest_read_through_the_same_limit_check(tmp_path: Path) -> None:
    scenario = tmp_path / "s.yaml"
    scenario.write_text(
        "title: x\nactors: [{id: a, name: A}]\nissues: [{id: i, name: I, proposition: p}]\n"
        + "# a comment line\n" * 10
    )
    article = tmp_path / "a.txt"
    article.write_text("word " * 400)
    with pytest.raises(DetenteError) as from_scenario:
        read_text_file(scenario, max_bytes=100)
    from_ingest = read_file(article, max_bytes=100).errors
    assert from_scenario.value.code == "DT104"
    assert [(e.code, e.message) for e in from_ingest] == [
        ("DT304", "2000 bytes is over the limit of 100")
    ]
    assert load_scenario(scenario).title == "x"  # under the default limit
