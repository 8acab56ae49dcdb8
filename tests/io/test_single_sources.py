"""One message, one read, one check: the io readers and the domain share their sources of truth."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

import detente.io
import detente.io.ktab
from detente.domain import Actor, Issue, Position, Scenario, Source
from detente.domain.scenario import EvidenceRef, reference_problems
from detente.errors import DetenteError, DetenteErrors
from detente.io import load_scenario
from detente.io.ktab import dump_ktab
from detente.io.scenario_yaml import load_yaml
from detente.io.text import read_text_file


def test_a_missing_file_gets_the_same_message_from_every_reader(tmp_path: Path) -> None:
    missing = tmp_path / "absent.yaml"
    with pytest.raises(DetenteError) as from_loader:
        load_scenario(missing)
    with pytest.raises(DetenteError) as from_text:
        read_text_file(missing)
    with pytest.raises(DetenteError) as with_format:
        load_scenario(missing, fmt="ktab")
    assert str(from_loader.value) == str(from_text.value) == str(with_format.value)
    assert str(from_loader.value) == f"[DT117] {missing}: file not found"


def test_a_sniffed_csv_is_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "demo.csv"
    actors = (Actor(id="a", name="A"), Actor(id="b", name="B"))
    issue = Issue(id="i", name="I", proposition="p")
    positions = tuple(Position(actor=a.id, issue="i", position=40, salience=50) for a in actors)
    path.write_text(
        dump_ktab(Scenario(title="demo", actors=actors, issues=(issue,), positions=positions))
    )
    reads: list[Path] = []

    def counting(source: Path, **kwargs: int) -> str:
        reads.append(Path(source))
        text: str = read_text_file(source, **kwargs)
        return text

    # Every name the loader could read through: the sniffer's and the KTAB reader's.
    monkeypatch.setattr(detente.io, "read_text_file", counting)
    monkeypatch.setattr(detente.io.ktab, "read_text_file", counting)
    scenario = load_scenario(path)
    assert [a.id for a in scenario.actors] == ["a", "b"]
    assert reads == [path]


def _problem_document() -> str:
    return (
        "title: refs\n"
        "sources:\n  - {id: s1}\n"
        "actors:\n  - {id: a, name: A}\n  - {id: a, name: A again}\n  - {id: b, name: B}\n"
        "issues:\n  - {id: i, name: I, proposition: p}\n"
        "positions:\n"
        "  - {actor: a, issue: i, position: 10, salience: 50}\n"
        "  - {actor: zz, issue: i, position: 10, salience: 50}\n"
        "  - {actor: a, issue: i, position: 20, salience: 50,"
        " evidence: [{doc: s2, start: 0, end: 4}]}\n"
    )


def test_reference_problems_lists_every_problem_with_its_path() -> None:
    problems = reference_problems(
        {"sources": ["s1"], "actors": ["a", "a", "b", 7], "issues": ["i"]},
        [("a", "i", []), ("zz", "i", []), None, ("a", "i", ["s2", None])],
    )
    assert [(p.kind, p.path, p.message) for p in problems] == [
        ("duplicate_id", ("actors", 1, "id"), "duplicate actor id 'a'"),
        ("unknown_reference", ("positions", 1, "actor"), "unknown actor 'zz'"),
        ("second_position", ("positions", 3), "second position of 'a' on 'i'"),
        ("unknown_reference", ("positions", 3, "evidence", 0, "doc"), "unknown source 's2'"),
    ]
    assert problems[1].known == ("a", "b")


def test_the_model_and_the_yaml_loader_report_the_same_problems(tmp_path: Path) -> None:
    path = tmp_path / "refs.yaml"
    path.write_text(_problem_document(), encoding="utf-8")
    with pytest.raises(DetenteErrors) as located:
        load_yaml(path)
    assert [(e.code, e.message) for e in located.value.errors] == [
        ("DT112", "actors[1].id: duplicate actor id 'a'"),
        ("DT113", "positions[1].actor: unknown actor 'zz'"),
        ("DT116", "positions[2]: second position of 'a' on 'i'"),
        ("DT113", "positions[2].evidence[0].doc: unknown source 's2'"),
    ]
    lines = _problem_document().splitlines()

    def at(line: int, token: str) -> str:  # 1-based line, column of ``token`` on it
        return f"{path}:{line}:{lines[line - 1].index(token) + 1}"

    assert [e.location for e in located.value.errors] == [
        at(6, "a,"),
        at(12, "zz"),
        at(13, "{actor"),
        at(13, "s2"),
    ]
    assert located.value.errors[1].hint == "declare it under `actors:` first"
    # The model raises the first of the same problems, with the same path and words.
    with pytest.raises(ValidationError, match=r"\[actors\.1\.id\] duplicate actor id 'a'"):
        Scenario(
            title="refs",
            sources=(Source(id="s1"),),
            actors=(Actor(id="a", name="A"), Actor(id="a", name="A again")),
            issues=(Issue(id="i", name="I", proposition="p"),),
        )
    with pytest.raises(ValidationError, match=r"\[positions\.0\.evidence\.0\.doc\] unknown source"):
        Scenario(
            title="refs",
            actors=(Actor(id="a", name="A"),),
            issues=(Issue(id="i", name="I", proposition="p"),),
            positions=(
                Position(
                    actor="a",
                    issue="i",
                    position=1,
                    salience=1,
                    evidence=(EvidenceRef(doc="s2", start=0, end=4),),
                ),
            ),
        )
