"""Genius export (read back with the Genius rules) and the deals / simulate / export CLI."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner, Result

from detente.cli import app
from detente.deals import SpaceSettings, build_space
from detente.deals.genius import profile_scale
from detente.domain import Scenario
from detente.workflows.deals import export_genius

ScenarioFactory = Callable[..., Scenario]
runner = CliRunner()


def genius_utility(profile: ET.Element, values: list[str]) -> float:
    """A Genius additive utility: Σ weight_j · evaluation_j(value) / max evaluation_j."""
    objective = profile.find("objective")
    assert objective is not None
    weights = {w.get("index"): float(w.get("value", "nan")) for w in objective.findall("weight")}
    total = 0.0
    for issue, value in zip(objective.findall("issue"), values, strict=True):
        evaluations = {
            i.get("value"): float(i.get("evaluation", "nan")) for i in issue.findall("item")
        }
        total += weights[issue.get("index")] * evaluations[value] / max(evaluations.values())
    return total


@pytest.mark.parametrize("shape", ["linear", "quadratic", "risk"])
def test_genius_export_reproduces_utilities(
    make_scenario: ScenarioFactory, tmp_path: Path, shape: str
) -> None:
    scenario = make_scenario(4, n_actors=3, n_issues=4, options=4)
    space = build_space(scenario, SpaceSettings(utility=shape, risk_exponent=0.6))
    written = export_genius(space, tmp_path)
    assert [p.name for p in written] == ["domain.xml"] + [f"profile-{a}.xml" for a in space.actors]
    domain = ET.parse(tmp_path / "domain.xml").getroot()
    assert domain.tag == "negotiation_template"
    issues = domain.findall("./utility_space/objective/issue")
    assert [i.get("name") for i in issues] == list(space.issues)
    labels = [[item.get("value") for item in issue.findall("item")] for issue in issues]
    assert [len(v) for v in labels] == [o.size for o in space.options]
    scale = profile_scale(space)
    rng = np.random.default_rng(0)
    packages = np.stack([rng.integers(0, o.size, 25) for o in space.options], axis=1)
    expected = space.utilities(packages) / scale
    for i, actor in enumerate(space.actors):
        profile = ET.parse(tmp_path / f"profile-{actor}.xml").getroot()
        assert profile.tag == "utility_space"
        weights = [float(w.get("value", "nan")) for w in profile.iter("weight")]
        assert sum(weights) == pytest.approx(1.0)
        for row, package in enumerate(packages):
            values = [str(labels[j][k]) for j, k in enumerate(package)]
            assert genius_utility(profile, values) == pytest.approx(expected[row, i], abs=1e-12)


def write_scenario(scenario: Scenario, path: Path) -> Path:
    from detente.io import save_scenario

    save_scenario(scenario, path)
    return path


def test_deals_json_has_exactly_the_documented_keys(
    make_scenario: ScenarioFactory, tmp_path: Path
) -> None:
    file = write_scenario(
        make_scenario(7, n_actors=3, n_issues=4, red_line_rate=0.2), tmp_path / "s.yaml"
    )
    result = runner.invoke(app, ["deals", str(file), "--json", "--grid", "4", "--top", "2"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert list(document) == [
        "frontier",
        "nash",
        "kalai_smorodinsky",
        "utilitarian",
        "egalitarian",
        "logrolls",
        "zopa",
    ]
    assert document["frontier"]
    for entry in document["frontier"]:
        assert set(entry) == {"package", "utilities"}
        assert set(entry["package"].values()) <= {0.0, 100 / 3, 200 / 3, 100.0}
    for name in ("nash", "kalai_smorodinsky", "utilitarian", "egalitarian"):
        assert set(document[name]) == {"package", "utilities"}
    assert len(document["logrolls"]) <= 2
    assert set(document["zopa"]["issues"]) <= {f"issue{j}" for j in range(4)}


def test_deals_and_simulate_text_output(make_scenario: ScenarioFactory, tmp_path: Path) -> None:
    file = write_scenario(make_scenario(8, n_actors=3, n_issues=4), tmp_path / "s.yaml")
    result = runner.invoke(app, ["deals", str(file), "--pairs", "actor0:actor1"])
    assert result.exit_code == 0, result.output
    assert "Pareto frontier" in result.stdout and "nash" in result.stdout
    sim = runner.invoke(
        app,
        ["simulate", str(file), "-s", "conceder", "-s", "actor2=boulware", "--seed", "3", "--json"],
    )
    assert sim.exit_code == 0, sim.output
    document = json.loads(sim.stdout)
    assert document["strategies"]["actor2"] == "boulware"
    assert document["strategies"]["actor0"] == "conceder"
    again = runner.invoke(
        app,
        ["simulate", str(file), "-s", "conceder", "-s", "actor2=boulware", "--seed", "3", "--json"],
    )
    assert again.stdout == sim.stdout
    mediated = runner.invoke(app, ["simulate", str(file), "--mediator"])
    assert mediated.exit_code == 0 and "single_negotiating_text" in mediated.stdout
    out = tmp_path / "genius"
    exported = runner.invoke(app, ["export-genius", str(file), str(out)])
    assert exported.exit_code == 0, exported.output
    assert sorted(p.name for p in out.iterdir()) == [
        "domain.xml",
        "profile-actor0.xml",
        "profile-actor1.xml",
        "profile-actor2.xml",
    ]


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["deals", "{file}", "--grid", "1"], "DT601"),
        (["deals", "{file}", "--utility", "cubic"], "DT602"),
        (["deals", "{file}", "--pairs", "actor0"], "DT601"),
        (["deals", "{file}", "--reservation", "actor0=lots"], "DT601"),
        (["simulate", "{file}", "--strategy", "stubborn"], "DT604"),
        (["simulate", "{file}", "--rounds", "0"], "DT604"),
        (["simulate", "{file}", "--seed", "-1"], "DT604"),
        (["simulate", "{file}", "--mediator", "--seed", "-2"], "DT604"),
    ],
)
def test_bad_options_exit_2_with_a_code(
    make_scenario: ScenarioFactory, tmp_path: Path, args: list[str], code: str
) -> None:
    file = write_scenario(make_scenario(9), tmp_path / "s.yaml")
    result = runner.invoke(app, [a.replace("{file}", str(file)) for a in args])
    assert result.exit_code == 2
    assert f"[{code}]" in result.output
    assert "Traceback" not in result.output


def test_export_into_an_unwritable_place_writes_nothing(
    make_scenario: ScenarioFactory, tmp_path: Path
) -> None:
    file = write_scenario(make_scenario(9), tmp_path / "s.yaml")
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder")
    result = runner.invoke(app, ["export-genius", str(file), str(blocker / "out")])
    assert result.exit_code == 2 and "[DT901]" in result.output
    assert f"{blocker} is a file, not a folder" in result.output
    assert blocker.read_text() == "a file, not a folder"


def test_export_that_fails_part_way_leaves_no_file_behind(
    make_scenario: ScenarioFactory, tmp_path: Path
) -> None:
    file = write_scenario(make_scenario(9), tmp_path / "s.yaml")
    outdir = tmp_path / "out"
    (outdir / "profile-actor1.xml").mkdir(parents=True)  # the second profile cannot be written
    result = runner.invoke(app, ["export-genius", str(file), str(outdir)])
    assert result.exit_code == 2 and "[DT901]" in result.output
    assert [p.name for p in outdir.iterdir()] == ["profile-actor1.xml"]


def _export_twice(
    make_scenario: ScenarioFactory, tmp_path: Path, between: Callable[[Path], None]
) -> tuple[Path, Result]:
    """Export four actors, run ``between`` on the folder, then export three: the second run."""
    outdir = tmp_path / "genius"
    bigger = write_scenario(make_scenario(4, n_actors=4), tmp_path / "big.yaml")
    assert runner.invoke(app, ["export-genius", str(bigger), str(outdir)]).exit_code == 0
    assert (outdir / "profile-actor3.xml").is_file()
    between(outdir)
    smaller = write_scenario(make_scenario(9, n_actors=3), tmp_path / "small.yaml")
    return outdir, runner.invoke(app, ["export-genius", str(smaller), str(outdir)])


def test_export_removes_the_profiles_an_earlier_export_left(
    make_scenario: ScenarioFactory, tmp_path: Path
) -> None:
    def add_own_files(outdir: Path) -> None:
        (outdir / "profile-Notes.xml").write_text("not named like an export's profile")
        (outdir / "notes.txt").write_text("the analyst's own file")

    outdir, result = _export_twice(make_scenario, tmp_path, add_own_files)
    assert result.exit_code == 0, result.output
    assert f"removed stale {outdir / 'profile-actor3.xml'}" in result.stdout
    assert sorted(p.name for p in outdir.iterdir()) == [
        "domain.xml",
        "notes.txt",
        "profile-Notes.xml",
        "profile-actor0.xml",
        "profile-actor1.xml",
        "profile-actor2.xml",
    ]


def test_a_failed_export_keeps_the_earlier_profiles(
    make_scenario: ScenarioFactory, tmp_path: Path
) -> None:
    stale: dict[str, str] = {}

    def block_a_profile(outdir: Path) -> None:
        stale["text"] = (outdir / "profile-actor3.xml").read_text()
        (outdir / "profile-actor1.xml").unlink()
        (outdir / "profile-actor1.xml").mkdir()  # this profile cannot be written now

    outdir, result = _export_twice(make_scenario, tmp_path, block_a_profile)
    assert result.exit_code == 2 and "[DT901]" in result.output
    assert (outdir / "profile-actor3.xml").read_text() == stale["text"]  # not removed


def test_an_empty_zone_is_explained_and_the_rest_analysed(flagship_path: Path) -> None:
    """The flagship said only "no zone of agreement", which reads as broken."""
    result = CliRunner().invoke(app, ["deals", str(flagship_path), "--top", "1"])
    assert result.exit_code == 0, result.output
    assert (
        "why: on territory_recognition, Russia's red line allows nothing below 75 and "
        "Ukraine's nothing above 25" in result.output
    )
    assert re.search(
        r"without territory_recognition: [1-9][\d,]* acceptable packages", result.output
    )


def test_deals_says_which_pairs_and_reservations_it_used(
    make_scenario: ScenarioFactory, tmp_path: Path
) -> None:
    """Without the echo, "no logroll" under --pairs read as "no logroll at all"."""
    file = write_scenario(make_scenario(8, n_actors=3, n_issues=4), tmp_path / "s.yaml")
    args = ["deals", str(file), "--pairs", "actor0:actor1,actor1:actor2"]
    result = runner.invoke(app, [*args, "--reservation", "actor2=0.25"])
    assert result.exit_code == 0, result.output
    assert "reservation utilities (--reservation): actor2 0.25" in result.stdout
    assert re.search(
        r"^(Logrolls|no logroll) between actor0:actor1, actor1:actor2\b", result.stdout, re.M
    )
    plain = runner.invoke(app, ["deals", str(file)])
    assert "between" not in plain.stdout and "--reservation" not in plain.stdout
