"""The local dashboard: FastAPI + Jinja (templates shared with the report) + htmx.

The application is assembled from routers, one module each: pages (every page ``/x`` and its
JSON twin ``/x.json``, built from one data object), edits (POSTs naming the version they were
made against, 409 when another save came in between), review (verdicts on machine claims),
exports, the Monte Carlo runs of the Uncertainty page, and the security guards. It is a
single-user local tool: routes run on the event loop, one request at a time (a Monte Carlo run
goes on in a thread of its own, :mod:`detente.web.uncertainty`).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from detente import __version__
from detente.report.render import environment
from detente.web import (
    edit_routes,
    export_routes,
    page_routes,
    review_routes,
    security,
    uncertainty_routes,
)
from detente.web.render import Dashboard, PageCache
from detente.web.state import DashboardState
from detente.web.workspace import Workspace

WEB_DIR = Path(__file__).parent
STATIC = WEB_DIR / "static"
HTMX = "htmx-2.0.11.min.js"


def create_app(
    scenarios: list[Path],
    db: Path | None = None,
    history: Path | None = None,
    docs: tuple[Path, ...] = (),
    seed: int = 0,
    allowed_hosts: frozenset[str] | None = None,
    page_cache_size: int = 256,
) -> FastAPI:
    """The dashboard application. ``allowed_hosts`` (host names without port) closes it to pages
    that reach it under another name (DNS rebinding); ``None`` accepts any Host header.
    ``page_cache_size`` pages are kept between saves (0 builds every page afresh)."""
    state = DashboardState(Workspace(scenarios, history), db_path=db, docs=docs, seed=seed)
    if db is not None:
        state.store()  # a missing store is a start-up error, not a broken page later
    env = environment([WEB_DIR / "templates"])
    env.globals.update(
        htmx_js=f"/static/{HTMX}",
        plotly_js_url=f"/static/{export_routes.PLOTLY_NAME}",
        detente_version=__version__,
    )
    # No Swagger UI or ReDoc: they load their scripts from a CDN. The schema is /openapi.json.
    app = FastAPI(
        docs_url=None,
        redoc_url=None,
        title="detente dashboard",
        version=__version__,
        description="Positions, evidence, forecasts and deals of negotiation scenarios. "
        "Every page has a .json twin.",
    )
    app.state.dashboard = Dashboard(state, env, PageCache(page_cache_size))
    security.install(app, allowed_hosts)
    for routes in (page_routes, edit_routes, review_routes, export_routes, uncertainty_routes):
        app.include_router(routes.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
