"""smp.v1 against KTAB's own outputs in ../shared/data/ktab (skipped when they are absent)."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import numpy as np
import pytest

from detente.domain import Scenario
from detente.errors import DetenteError
from detente.io.ktab import load_ktab
from detente.models import MODELS
from detente.models.smp import Simulation, simulate

KTAB = (Path(__file__).resolve().parents[2] / ".." / "shared").resolve() / "data" / "ktab"
needs_ktab = pytest.mark.skipif(not KTAB.is_dir(), reason="../shared/data/ktab is absent")

HISTORY_LINE = re.compile(r"(?P<actor>[^,]+), (?P<dim>[^:]+):\s+(?P<values>[-\d. ]+)$")


def _history(case: str) -> dict[str, list[list[float]]]:
    """KTAB's printed position history: per actor name, one row of turns per dimension."""
    rows: dict[str, list[list[float]]] = {}
    for line in (KTAB / "outputs" / f"{case}.history.txt").read_text().splitlines():
        if line.startswith("History of actors' winning"):
            break
        match = HISTORY_LINE.match(line.strip())
        if match:
            values = [float(v) for v in match["values"].split()]
            rows.setdefault(match["actor"].strip(), []).append(values)
    return rows


def _run(case: str) -> tuple[Scenario, Simulation]:
    scenario = load_ktab(KTAB / "inputs" / f"{case}.csv")
    return scenario, simulate(scenario)


def _names(scenario: Scenario, sim: Simulation) -> list[str]:
    by_id = {a.id: a.name for a in scenario.actors}
    return [by_id[a] for a in sim.actors]


def _check_history(case: str) -> None:
    scenario, sim = _run(case)
    reference = _history(case)
    ours = 100.0 * sim.result.positions  # (turns + 1, actors, issues)
    for row, name in enumerate(_names(scenario, sim)):
        expected = np.array(reference[name]).T  # (turns + 1, issues)
        got = ours[:, row, :]
        assert got.shape == expected.shape, name
        # KTAB prints one decimal: agreement within half of it (plus float noise), every turn,
        # and the same number of turns (the shapes)
        np.testing.assert_allclose(got, expected, atol=0.0501, err_msg=name)


@needs_ktab
@pytest.mark.parametrize(
    "case",
    ["dummyData_3Dim", "SOE-Pol-Comp", "dummyData_6Dim", "dummyData-a040", "dummyData-a080"],
)
def test_position_histories_and_finals_match_ktab_turn_by_turn(case: str) -> None:
    _check_history(case)


CHALLENGE = re.compile(r"In turn (\d+) actor (\d+) has most advantageous target (\d+) worth")
ESTIMATE = re.compile(
    r"Est by\s+(\d+) of prob ([\d.]+) that \[\s*(\d+)>\s*(\d+)\], .* of ([-+\d.]+)"
)
PROPOSAL = re.compile(r"^\s+(\d+) proposes (\d+) adopt:\s+([-\d. ]+)$")


def _reference_challenges(
    text: str,
) -> dict[tuple[int, int, int], tuple[float, float, list[float], list[float]]]:
    """(turn, i, j) -> (P(i beats j) by i, i's expected gain, i's and j's bargain positions)."""
    lines = text.splitlines()
    found = {}
    for n, line in enumerate(lines):
        match = CHALLENGE.search(line)
        if not match:
            continue
        turn, i, j = (int(g) for g in match.groups())
        estimate = next(m for m in map(ESTIMATE.search, lines[n + 1 : n + 6]) if m)
        proposals = [PROPOSAL.match(x) for x in lines[n + 2 : n + 12]]
        mine = [p for p in proposals if p and int(p[1]) == i]
        b_i = [float(v) for v in mine[0][3].split()]
        b_j = [float(v) for v in mine[1][3].split()]
        found[(turn, i, j)] = (float(estimate[2]), float(estimate[5]), b_i, b_j)
    return found


@needs_ktab
@pytest.mark.parametrize(
    ("case", "log"),
    [
        ("dummyData_3Dim", "20170530_ref-dummyData_3Dim.txt"),
        ("SOE-Pol-Comp", "20170530_ref-SOE-Pol-Comp.txt.gz"),
    ],
)
def test_every_challenge_and_bargain_matches_ktabs_log(case: str, log: str) -> None:
    """Who challenged whom each turn, the win probability, the gain and the bargain (KTAB
    rounds bargains to 4 decimals of [0, 1] and prints 3 of [0, 100]: equal to 0.0005)."""
    path = KTAB / "outputs" / log
    text = gzip.decompress(path.read_bytes()).decode() if log.endswith(".gz") else path.read_text()
    reference = _reference_challenges(text)
    scenario, sim = _run(case)
    file_order = {a.id: k for k, a in enumerate(scenario.actors)}
    ktab_index = [file_order[a] for a in sim.actors]
    ours = {}
    for t, turn in enumerate(sim.result.turns):
        for c in turn.challenges:
            key = (t, ktab_index[c.initiator], ktab_index[c.receiver])
            ours[key] = (
                c.probability,
                c.gain,
                100 * c.initiator_position,
                100 * c.receiver_position,
            )
    turns_logged = {t for t, _, _ in reference}
    assert {k for k in ours if k[0] in turns_logged} == set(reference)
    for key, (p, gain, b_i, b_j) in reference.items():
        our_p, our_gain, our_i, our_j = ours[key]
        assert our_p == pytest.approx(p, abs=5.1e-5), key
        assert our_gain == pytest.approx(gain, abs=5.1e-5), key
        np.testing.assert_allclose(our_i, b_i, atol=5.1e-4)
        np.testing.assert_allclose(our_j, b_j, atol=5.1e-4)


@needs_ktab
def test_forecast_is_the_mean_of_final_positions_and_moves_explain_them() -> None:
    scenario = load_ktab(KTAB / "inputs" / "dummyData_3Dim.csv")
    forecast = MODELS["smp.v1"].run(scenario, None, None)
    for issue in forecast.issues.values():
        finals = [trail[-1] for trail in issue.actor_history.values()]
        assert issue.position == pytest.approx(float(np.mean(finals)))
        assert issue.history[-1] == pytest.approx(issue.position)
        challenges = [m for m in issue.moves if m.kind == "challenge"]
        adoptions = [m for m in issue.moves if m.kind == "adopt"]
        assert challenges and adoptions
        assert all(0.0 <= m.values["probability"] <= 1.0 for m in challenges)
        # every adopted move lands where the actor's history says it went
        for move in adoptions:
            trail = issue.actor_history[move.actor or ""]
            assert trail[move.round] == pytest.approx(move.values["to"])


def test_bad_option_is_a_coded_error() -> None:
    scenario_params = {"voting": "majority"}
    with pytest.raises(DetenteError) as caught:
        MODELS["smp.v1"].run(_two_actors(), scenario_params, None)
    assert caught.value.code == "DT503"


def test_other_options_change_the_answer() -> None:
    base = MODELS["smp.v1"].run(_three_actors(), None, None).positions()
    cubic = MODELS["smp.v1"].run(_three_actors(), {"victory": "quartic", "voting": "cubic"}, None)
    assert cubic.positions() != base


def test_numpy_fallback_gives_the_same_run_as_the_compiled_loops() -> None:
    scenario = _scenario([(f"a{k}", 1.0 + k, 7.0 * k % 100, 20.0 + 9 * k) for k in range(9)])
    compiled = simulate(scenario, {"compiled": True}).result
    reference = simulate(scenario, {"compiled": False}).result
    assert compiled.turns and len(compiled.turns) == len(reference.turns)
    np.testing.assert_allclose(compiled.positions, reference.positions, atol=1e-12)
    for ours, theirs in zip(compiled.turns, reference.turns, strict=True):
        assert [(c.initiator, c.receiver) for c in ours.challenges] == [
            (c.initiator, c.receiver) for c in theirs.challenges
        ]
        for c, r in zip(ours.challenges, theirs.challenges, strict=True):
            assert c.probability == pytest.approx(r.probability, abs=1e-12)


def _two_actors() -> Scenario:
    return _scenario([("a", 1.0, 10.0, 50.0), ("b", 2.0, 80.0, 60.0)])


def _three_actors() -> Scenario:
    return _scenario([("a", 1.0, 10.0, 50.0), ("b", 2.0, 80.0, 60.0), ("c", 1.5, 40.0, 90.0)])


def _scenario(rows: list[tuple[str, float, float, float]]) -> Scenario:
    return Scenario.model_validate(
        {
            "title": "t",
            "actors": [{"id": a, "name": a, "capability": c} for a, c, _, _ in rows],
            "issues": [{"id": "q", "name": "q", "proposition": "p"}],
            "positions": [
                {"actor": a, "issue": "q", "position": x, "salience": s} for a, _, x, s in rows
            ],
        }
    )
