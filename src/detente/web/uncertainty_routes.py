"""The Uncertainty page's two endpoints: start a Monte Carlo run, and read its progress.

The page (``/s/{sid}/uncertainty`` and its ``.json`` twin) is in :mod:`detente.web.page_routes`;
the runs themselves in :mod:`detente.web.uncertainty`.
"""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from detente.web.render import dashboard_of, wants_json
from detente.web.state import DashboardState
from detente.web.uncertainty import RunKey, run_key

router = APIRouter()


def _key(
    state: DashboardState, sid: str, draws: str | None, seed: str | None, models: list[str]
) -> RunKey:
    entry = state.workspace.get(sid)
    chosen = [m.strip() for item in models for m in item.split(",") if m.strip()]
    return run_key(sid, entry.version, draws, seed, chosen, state.mc_runs.cap)


@router.post("/s/{sid}/uncertainty/run", tags=["analysis"])
async def start_run(
    request: Request,
    sid: str,
    draws: str | None = Form(None),
    seed: str | None = Form(None),
) -> Response:
    """Start a Monte Carlo run (``draws`` at most the dashboard's cap, ``seed``, ``models``
    repeated or comma-separated) on the current version, in the background; asking for a run
    already kept or under way starts nothing. JSON clients get 202 and the addresses of its
    progress and of its page; a form post is redirected to the page."""
    state = dashboard_of(request).state
    models = [str(m) for m in (await request.form()).getlist("models")]
    key = _key(state, sid, draws, seed, models)
    job = state.mc_runs.start(key, state.workspace.get(sid).scenario(key.version))
    page = f"/s/{sid}/uncertainty?{key.query()}"
    if wants_json(request):
        return JSONResponse(
            {
                **key.settings(),
                "scenario": sid,
                "version": key.version,
                "state": job.state,
                "progress": f"/s/{sid}/uncertainty/progress.json?{key.query()}",
                "page": page,
            },
            status_code=202,
        )
    return RedirectResponse(page, status_code=303)


@router.get("/s/{sid}/uncertainty/progress.json", tags=["analysis"])
async def progress(request: Request, sid: str) -> JSONResponse:
    """Done and total draws, draws per second and the seconds left of the run these settings
    name on the current version (``state`` "none" when there is no such run)."""
    state = dashboard_of(request).state
    params = request.query_params
    models = params.getlist("models")
    key = _key(state, sid, params.get("draws"), params.get("seed"), models)
    job = state.mc_runs.get(key)
    if job is None:
        return JSONResponse({"state": "none", **key.settings()})
    return JSONResponse({**job.progress(), **key.settings()})
