"""Monte Carlo runs on demand: the Uncertainty page's background jobs, their progress and results.

A run is asked for by the page's form (``POST /s/{sid}/uncertainty/run``) and runs in a thread
of the server, through :func:`detente.workflows.mc.uncertainty_analysis`, so the page can poll
``/s/{sid}/uncertainty/progress.json`` meanwhile. Its result is kept per :class:`RunKey`
(scenario, version, draws, seed, models), as the plain data the page shows: reloading the page,
or asking for the same run again, shows it without running anything. One run per scenario
version at a time; the dashboard caps the draws (:data:`WEB_MAX_DRAWS`), so a request cannot
keep the machine busy for long.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from detente.domain import Scenario
from detente.errors import DetenteError
from detente.report.analysis import Analysis
from detente.report.model_views import model_views
from detente.report.wording import num
from detente.workflows import options
from detente.workflows.mc import DEFAULT_MC_MODELS, estimated_seconds, uncertainty_analysis

# 5,000 draws of the four batch models take a few seconds on the flagship; the report and
# `detente mc` have no cap.
WEB_MAX_DRAWS = 5000
WEB_MIN_DRAWS = 10
DEFAULT_WEB_DRAWS = 500
# Estimated CPU seconds a run may take (workflows.mc.estimated_seconds): the draw cap alone would
# let 5,000 draws of a per-draw model, or of a 100-actor scenario, run for hours.
WEB_CPU_SECONDS = 120.0
MAX_SEED = 2**32 - 1
KEPT_RUNS = 16  # finished runs kept (their figures), the oldest dropped first
STEPS = 20  # progress steps per run: the bar moves, chunks stay large enough to be cheap


@dataclass(frozen=True)
class RunKey:
    """What a run's result depends on."""

    sid: str
    version: int
    draws: int
    seed: int
    models: tuple[str, ...]

    def query(self) -> str:
        """The page's query string for this run (what the form sends, what reload keeps)."""
        return urlencode({"draws": self.draws, "seed": self.seed, "models": ",".join(self.models)})

    def settings(self) -> dict[str, Any]:
        return {"draws": self.draws, "seed": self.seed, "models": list(self.models)}


def _whole(raw: str, name: str, low: int, high: int) -> int:
    text = raw.strip()
    if not (text.isascii() and text.isdigit() and len(text) <= len(str(high))):
        raise DetenteError(
            "DT730", f"{name} must be a whole number, not {raw[:40]!r}", hint=f"e.g. {name}=500"
        )
    value = int(text)
    if not low <= value <= high:
        hint = (
            f"the dashboard runs at most {WEB_MAX_DRAWS:,} draws; run more with `detente mc`"
            if name == "draws" and value > high
            else f"{name} from {low:,} to {high:,}"
        )
        raise DetenteError("DT730", f"{name} {value:,} is out of range", hint=hint)
    return value


def run_key(
    sid: str, version: int, draws: str | None, seed: str | None, models: Sequence[str], cap: int
) -> RunKey:
    """The run a request asks for; a missing value takes its default, a bad one is a DT730."""
    chosen = tuple(dict.fromkeys(m for m in models if m)) or DEFAULT_MC_MODELS
    unknown = [m for m in chosen if m not in options.MODEL_IDS]
    if unknown:
        raise DetenteError(
            "DT730",
            f"unknown model {unknown[0][:40]!r}",
            hint="one of " + ", ".join(options.MODEL_IDS),
        )
    return RunKey(
        sid,
        version,
        _whole(draws, "draws", WEB_MIN_DRAWS, cap) if draws else DEFAULT_WEB_DRAWS,
        _whole(seed, "seed", 0, MAX_SEED) if seed else 0,
        tuple(m for m in options.MODEL_IDS if m in chosen),  # one order: one cache entry
    )


@dataclass
class McJob:
    """One run: its progress while it runs, then its results (or why it failed)."""

    key: RunKey
    started: float = field(default_factory=time.monotonic)
    phase: str = "draws"  # then "sweeps" (the tornado's one-at-a-time runs), then "done"
    done: dict[str, int] = field(default_factory=lambda: {"draws": 0, "sweeps": 0})
    total: dict[str, int] = field(default_factory=lambda: {"draws": 0, "sweeps": 0})
    draws_seconds: float | None = None  # how long the draws took, once they are done
    finished: float | None = None
    results: dict[str, Any] | None = None
    error: dict[str, str] | None = None

    @property
    def state(self) -> str:
        if self.error is not None:
            return "failed"
        return "running" if self.finished is None else "done"

    def stage(self, what: str, total: int) -> Callable[[int], None]:
        """The workflow's progress hook: each stage reports its total, then what it did."""
        self.phase = what
        self.total[what] = total
        if what == "sweeps" and self.draws_seconds is None:
            self.draws_seconds = time.monotonic() - self.started

        def advance(n: int) -> None:
            self.done[what] += n

        return advance

    def progress(self) -> dict[str, Any]:
        """Done and total draws, draws per second and the seconds left (None until known)."""
        now = self.finished or time.monotonic()
        done, total = self.done["draws"], self.key.draws
        seconds = self.draws_seconds or (now - self.started)
        rate = done / seconds if done and seconds > 0 else None
        eta = 0.0 if done >= total else (total - done) / rate if rate else None
        return {
            "state": self.state,
            "phase": "done" if self.state == "done" else self.phase,
            "done": done,
            "total": total,
            "draws_per_second": None if rate is None else round(rate, 1),
            "eta_seconds": None if eta is None else round(eta, 1),
            "sweeps": {"done": self.done["sweeps"], "total": self.total["sweeps"]},
            "elapsed_seconds": round(now - self.started, 2),
            "error": self.error,
        }


def results_view(scenario: Scenario, key: RunKey, analysis: Analysis) -> dict[str, Any]:
    """Per issue, the report's fan chart, tornado chart and each model's forecast with its
    robust/fragile label and red-line warning."""
    views = model_views(scenario, analysis)
    forecasts = {f.model: f for f in analysis.forecasts}
    issues: list[dict[str, Any]] = []
    labels: list[str | None] = []
    for issue in scenario.issues:
        view = views.issues.get(issue.id)
        if view is None or not scenario.positions_on(issue.id):
            continue
        rows = [
            {
                "model": model,
                "forecast": num(note.value),
                "label": note.label,
                "warning": note.warning,
            }
            for model, note in view.notes.items()
            if model in forecasts
        ]
        labels += [r["label"] for r in rows]
        issues.append(
            {
                "id": issue.id,
                "name": issue.name,
                "proposition": issue.proposition,
                "fan": view.fan,
                "tornado": view.tornado,
                "forecasts": rows,
            }
        )
    return {
        **key.settings(),
        "note": views.uncertainty_note,
        "issues": issues,
        "robust": labels.count("robust"),
        "fragile": labels.count("fragile"),
    }


def check_budget(scenario: Scenario, key: RunKey) -> None:
    """DT730 for a run estimated over :data:`WEB_CPU_SECONDS`, with the draws that would fit."""
    seconds = estimated_seconds(scenario, key.models, key.draws)
    if seconds <= WEB_CPU_SECONDS:
        return
    fits = int(key.draws * WEB_CPU_SECONDS / seconds)
    raise DetenteError(
        "DT730",
        f"{key.draws:,} draws of {', '.join(key.models)} would take about {seconds:,.0f} s of "
        f"CPU here, over the dashboard's budget of {WEB_CPU_SECONDS:.0f} s",
        hint=(f"ask for at most {fits:,} draws, " if fits >= WEB_MIN_DRAWS else "")
        + "fewer models (the ones with a batch kernel are fastest), or run `detente mc`",
    )


def _chunk(draws: int) -> int:
    return max(25, -(-draws // STEPS))


# What the thread makes of a finished run: the page's plain results.
Builder = Callable[[Scenario, "RunKey", Analysis], dict[str, Any]]


class McRuns:
    """The dashboard's runs, by key: at most one running per scenario version."""

    def __init__(self, cap: int = WEB_MAX_DRAWS, kept: int = KEPT_RUNS) -> None:
        self.cap = cap
        self.kept = kept
        self.jobs: OrderedDict[RunKey, McJob] = OrderedDict()
        self.changes = 0  # bumped when a run starts or ends: cached pages go stale
        self._lock = threading.RLock()  # start() asks latest() while holding it

    def get(self, key: RunKey) -> McJob | None:
        return self.jobs.get(key)

    def latest(self, sid: str, version: int) -> McJob | None:
        """The run started last on this version of the scenario."""
        with self._lock:
            found = [j for k, j in self.jobs.items() if (k.sid, k.version) == (sid, version)]
        return found[-1] if found else None

    def start(
        self,
        key: RunKey,
        scenario: Scenario,
        build: Builder = results_view,
    ) -> McJob:
        """The run for ``key``: the one kept or running, else a new one in a thread. Another
        run still going on the same version is a DT731 (409)."""
        with self._lock:
            known = self.jobs.get(key)
            if known is not None and known.state != "failed":
                return known
            busy = self.latest(key.sid, key.version)
            if busy is not None and busy.state == "running":
                raise DetenteError(
                    "DT731",
                    f"a run of {busy.key.draws:,} draws on version {key.version} of "
                    f"{key.sid!r} is under way",
                    hint="wait for it to finish (its progress is on the Uncertainty page)",
                )
            check_budget(scenario, key)
            job = self.jobs[key] = McJob(key)
            self.changes += 1
            self._forget_old()
        thread = threading.Thread(
            target=self._run, args=(job, scenario, build), name=f"mc-{key.sid}", daemon=True
        )
        thread.start()
        return job

    def _run(
        self,
        job: McJob,
        scenario: Scenario,
        build: Builder,
    ) -> None:
        key = job.key
        try:
            analysis = uncertainty_analysis(
                scenario,
                key.models,
                draws=key.draws,
                seed=key.seed,
                stage=job.stage,
                chunk=_chunk(key.draws),
            )
            job.results = build(scenario, key, analysis)
        except DetenteError as error:
            job.error = {"code": error.code, "message": str(error)}
        except Exception as error:  # a thread's error has no one else to tell: keep it
            job.error = {"code": "internal", "message": f"{type(error).__name__}: {error}"}
        with self._lock:
            job.finished = time.monotonic()
            self.changes += 1

    def _forget_old(self) -> None:
        finished = [k for k, j in self.jobs.items() if j.state != "running"]
        for key in finished[: max(0, len(self.jobs) - self.kept)]:
            del self.jobs[key]
