"""The dashboard's Uncertainty page: Monte Carlo runs on demand, their progress, their results.

A real app over the sample scenario; every run is a real run of the models in the server's
background thread.
"""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from dashboard_fixtures import copy_sample
from fastapi.testclient import TestClient

from detente.io import load_scenario
from detente.web.app import create_app
from detente.web.uncertainty import (
    WEB_CPU_SECONDS,
    WEB_MAX_DRAWS,
    McJob,
    RunKey,
    results_view,
)
from detente.workflows import options
from detente.workflows.mc import estimated_seconds, uncertainty_analysis

FLAGSHIP = Path(__file__).resolve().parents[2] / "examples" / "ukraine-2025" / "scenario.yaml"
JSON = {"accept": "application/json"}
SETTINGS = {"draws": "200", "seed": "7", "models": ["median.v1", "bdm.v1"]}
QUERY = "draws=200&seed=7&models=median.v1%2Cbdm.v1"


@pytest.fixture()
def sample(tmp_path: Path) -> Path:
    return copy_sample(tmp_path / "case")


@pytest.fixture()
def client(sample: Path) -> TestClient:
    return TestClient(create_app([sample]))


def _finished(client: TestClient, query: str, limit: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + limit
    while True:
        progress: dict[str, Any] = client.get(f"/s/sample/uncertainty/progress.json?{query}").json()
        if progress["state"] != "running" or time.monotonic() > deadline:
            return progress
        time.sleep(0.05)


def test_a_run_starts_in_the_background_reports_progress_and_shows_its_charts(
    client: TestClient, sample: Path
) -> None:
    assert client.get(f"/s/sample/uncertainty/progress.json?{QUERY}").json()["state"] == "none"
    started = client.post("/s/sample/uncertainty/run", data=SETTINGS, headers=JSON)
    assert started.status_code == 202
    body = started.json()
    assert body["progress"] == f"/s/sample/uncertainty/progress.json?{QUERY}"
    assert body["page"] == f"/s/sample/uncertainty?{QUERY}" and body["version"] == 1
    progress = _finished(client, QUERY)
    assert progress["state"] == "done", progress
    assert progress["done"] == progress["total"] == 200
    assert progress["draws_per_second"] > 0 and progress["eta_seconds"] == 0
    assert progress["sweeps"]["done"] == progress["sweeps"]["total"] > 0

    data = client.get(f"/s/sample/uncertainty.json?{QUERY}").json()
    results = data["results"]
    assert data["run"]["state"] == "done"
    assert results["draws"] == 200 and results["models"] == ["median.v1", "bdm.v1"]
    by_issue = {i["id"]: i for i in results["issues"]}
    assert set(by_issue) == {"harbour", "quota", "pause"}
    for issue in by_issue.values():
        assert issue["fan"]["data"] and {r["model"] for r in issue["forecasts"]} == {
            "median.v1",
            "bdm.v1",
        }
        assert {r["label"] for r in issue["forecasts"]} <= {"robust", "fragile"}
    assert results["robust"] + results["fragile"] == 6
    assert any(i["tornado"] for i in by_issue.values())

    # The same figures and labels as the report's builders give for this run.
    scenario = load_scenario(sample)
    key = RunKey("sample", 1, 200, 7, ("median.v1", "bdm.v1"))
    analysis = uncertainty_analysis(scenario, key.models, draws=200, seed=7)
    assert results == results_view(scenario, key, analysis)

    html = client.get(f"/s/sample/uncertainty?{QUERY}")
    assert html.status_code == 200
    assert 'id="fan-harbour"' in html.text and 'id="tornado-' in html.text
    assert 'class="label-robust"' in html.text or 'class="label-fragile"' in html.text
    context = dict(html.context)  # type: ignore[attr-defined]
    context.pop("request")
    assert context == data  # the twin is what the page was rendered from


def test_reload_and_asking_again_show_the_kept_run(client: TestClient) -> None:
    client.post("/s/sample/uncertainty/run", data=SETTINGS, headers=JSON)
    assert _finished(client, QUERY)["state"] == "done"
    runs = client.app.state.dashboard.state.mc_runs  # type: ignore[attr-defined]
    changes = runs.changes
    again = client.post("/s/sample/uncertainty/run", data=SETTINGS, headers=JSON)
    assert again.status_code == 202 and again.json()["state"] == "done"
    assert runs.changes == changes  # nothing ran again
    # The page without settings shows the run last started on this version.
    plain = client.get("/s/sample/uncertainty.json").json()
    assert plain["settings"] == {"draws": 200, "seed": 7, "models": ["median.v1", "bdm.v1"]}
    assert plain["results"] == client.get(f"/s/sample/uncertainty.json?{QUERY}").json()["results"]
    # Another seed is another run, not yet made.
    other = client.get("/s/sample/uncertainty.json?draws=200&seed=8&models=median.v1,bdm.v1")
    assert other.json()["run"] is None and other.json()["results"] is None


def test_a_form_post_is_redirected_to_the_page_of_its_run(client: TestClient) -> None:
    posted = client.post("/s/sample/uncertainty/run", data=SETTINGS, follow_redirects=False)
    assert posted.status_code == 303
    assert posted.headers["location"] == f"/s/sample/uncertainty?{QUERY}"
    assert _finished(client, QUERY)["state"] == "done"


def test_an_edit_makes_a_new_version_without_the_old_run(client: TestClient) -> None:
    client.post("/s/sample/uncertainty/run", data=SETTINGS, headers=JSON)
    assert _finished(client, QUERY)["state"] == "done"
    edited = client.post(
        "/s/sample/positions/mediator/harbour", data={"version": 1, "position": 70}, headers=JSON
    )
    assert edited.json()["version"] == 2
    page = client.get(f"/s/sample/uncertainty.json?{QUERY}").json()
    assert page["version"] == 2 and page["run"] is None


@pytest.mark.parametrize(
    ("settings", "words"),
    [
        ({"draws": str(WEB_MAX_DRAWS + 1)}, "detente mc"),
        ({"draws": "lots"}, "whole number"),
        ({"draws": "5"}, "out of range"),
        ({"seed": "-1"}, "whole number"),
        ({"models": ["nope.v9"]}, "unknown model"),
    ],
)
def test_bad_settings_are_a_coded_error_and_start_nothing(
    client: TestClient, settings: dict[str, Any], words: str
) -> None:
    refused = client.post("/s/sample/uncertainty/run", data=settings, headers=JSON)
    assert refused.status_code == 400
    assert refused.json()["error"] == "DT730" and words in refused.json()["message"]
    assert client.app.state.dashboard.state.mc_runs.jobs == {}  # type: ignore[attr-defined]
    page = client.get("/s/sample/uncertainty.json", params=settings)
    assert page.status_code == 400 and page.json()["error"] == "DT730"


def test_one_run_per_scenario_version_at_a_time(client: TestClient, sample: Path) -> None:
    """A second run on the same version while one is under way is a 409 (DT731); the same
    run asked for again is that run."""
    runs = client.app.state.dashboard.state.mc_runs  # type: ignore[attr-defined]
    release = threading.Event()

    def held(*args: Any) -> dict[str, Any]:  # the run's last step waits for the test
        release.wait(60)
        return results_view(*args)

    key = RunKey("sample", 1, 200, 7, ("median.v1", "bdm.v1"))
    job: McJob = runs.start(key, load_scenario(sample), held)
    try:
        same = client.post("/s/sample/uncertainty/run", data=SETTINGS, headers=JSON)
        assert same.json()["state"] == "running" and runs.get(key) is job
        other = dict(SETTINGS, seed="8")
        refused = client.post("/s/sample/uncertainty/run", data=other, headers=JSON)
        assert refused.status_code == 409 and refused.json()["error"] == "DT731"
        page = client.get(f"/s/sample/uncertainty?{QUERY}")
        assert '<div id="mc-progress-box">' in page.text  # shown, not hidden
        assert 'watch("draws=200' in page.text  # and polled from the start
    finally:
        release.set()
    assert _finished(client, QUERY)["state"] == "done" and job.results is not None
    assert client.post("/s/sample/uncertainty/run", data=other, headers=JSON).status_code == 202
    assert _finished(client, "draws=200&seed=8&models=median.v1,bdm.v1")["state"] == "done"


def test_a_run_estimated_over_the_cpu_budget_is_refused(tmp_path: Path) -> None:
    """5,000 draws are within the cap, but not of the per-draw models on the flagship."""
    flagship = tmp_path / "ukraine" / "scenario.yaml"
    flagship.parent.mkdir()
    shutil.copy(FLAGSHIP, flagship)
    client = TestClient(create_app([flagship]))
    every = {"draws": "5000", "models": list(options.MODEL_IDS)}
    refused = client.post("/s/ukraine/uncertainty/run", data=every, headers=JSON)
    assert refused.status_code == 400 and refused.json()["error"] == "DT730"
    message = refused.json()["message"]
    assert "budget of 120 s" in message and "ask for at most" in message
    fits = int(message.split("ask for at most ")[1].split(" draws")[0].replace(",", ""))
    scenario = load_scenario(flagship)
    assert estimated_seconds(scenario, options.MODEL_IDS, fits) <= WEB_CPU_SECONDS
    assert estimated_seconds(scenario, options.MODEL_IDS, 5000) > WEB_CPU_SECONDS
    assert client.app.state.dashboard.state.mc_runs.jobs == {}  # type: ignore[attr-defined]
