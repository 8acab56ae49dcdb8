"""The page router: every page ``/x`` and its JSON twin ``/x.json``, built once from one object.

Each page is one entry in :data:`PAGES`: its path, its route name and an async builder that
returns the page's :class:`~detente.web.pages.Page`. :func:`_twin` registers it twice; both
routes take the builder's signature, so FastAPI validates and documents the typed path
parameters (``sid: str``...) in /openapi.json.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse

from detente.web import pages
from detente.web.render import dashboard_of
from detente.web.state import DashboardState
from detente.workflows.deals import parse_pair, parse_reservations

router = APIRouter()
Builder = Callable[..., Awaitable[pages.Page]]


def _state(request: Request) -> DashboardState:
    return dashboard_of(request).state


def _listed(request: Request, name: str) -> list[str]:
    """A query parameter given as ``x=a,b``, ``x=a&x=b`` or both; empty items dropped."""
    return [v.strip() for item in request.query_params.getlist(name) for v in item.split(",")]


async def index(request: Request) -> pages.Page:
    return pages.index_page(_state(request))


async def scenario(request: Request, sid: str) -> pages.Page:
    return pages.scenario_page(_state(request), sid)


async def deals(request: Request, sid: str) -> pages.Page:
    """``?pair=a:b&issues=x,y&respects=1&reserve=a:0.4`` (every parameter optional)."""
    pair = request.query_params.get("pair", "")
    return pages.deals_page(
        _state(request),
        sid,
        pair=parse_pair(pair) if pair else None,
        issues=[i for i in _listed(request, "issues") if i],
        respects=request.query_params.get("respects", "") not in ("", "0", "false"),
        reservation=parse_reservations([r for r in _listed(request, "reserve") if r]),
    )


async def issue(request: Request, sid: str, iid: str) -> pages.Page:
    return pages.issue_page(_state(request), sid, iid)


async def party(request: Request, sid: str, aid: str) -> pages.Page:
    return pages.party_page(_state(request), sid, aid)


async def corpus(request: Request, sid: str) -> pages.Page:
    params = request.query_params
    return pages.corpus_page(
        _state(request),
        sid,
        params.get("q", ""),
        outlet=params.get("outlet", ""),
        since=params.get("from", ""),
        until=params.get("to", ""),
        exact=params.get("exact", "") not in ("", "0", "false"),
    )


async def review(request: Request, sid: str) -> pages.Page:
    return pages.review_page(_state(request), sid)


async def draft(request: Request, sid: str) -> pages.Page:
    return pages.draft_page(_state(request), sid)


async def timeline(request: Request, sid: str) -> pages.Page:
    """``?since=2025-03-20``: only the events after that date."""
    return pages.timeline_page(_state(request), sid, request.query_params.get("since", ""))


async def history(request: Request, sid: str) -> pages.Page:
    return pages.history_page(_state(request), sid)


async def uncertainty(request: Request, sid: str) -> pages.Page:
    """``?draws=500&seed=0&models=bdm.v1,median.v1`` (every parameter optional)."""
    params = request.query_params
    return pages.uncertainty_page(
        _state(request),
        sid,
        draws=params.get("draws"),
        seed=params.get("seed"),
        models=[m for m in _listed(request, "models") if m],
    )


async def compare(request: Request) -> pages.Page:
    state = _state(request)
    entries = list(state.workspace.entries)
    first = entries[0]
    a = request.query_params.get("a") or first
    b = request.query_params.get("b") or (entries[1] if len(entries) > 1 else first)
    return pages.compare_page(state, a, b)


# path, route name, builder: one line per page.
PAGES: tuple[tuple[str, str, Builder], ...] = (
    ("/index", "index", index),
    ("/s/{sid}", "scenario", scenario),
    ("/s/{sid}/issues/{iid}", "issue", issue),
    ("/s/{sid}/parties/{aid}", "party", party),
    ("/s/{sid}/deals", "deals", deals),
    ("/s/{sid}/corpus", "corpus", corpus),
    ("/s/{sid}/review", "review", review),
    ("/s/{sid}/draft", "draft", draft),
    ("/s/{sid}/timeline", "timeline", timeline),
    ("/s/{sid}/history", "history", history),
    ("/s/{sid}/uncertainty", "uncertainty", uncertainty),
    ("/compare", "compare", compare),
)


async def _cached(
    name: str, build: Builder, request: Request, params: dict[str, Any]
) -> pages.Page:
    dashboard = dashboard_of(request)
    key = dashboard.page_key(name, request, params)
    if key is None:
        return await build(request, **params)
    found = dashboard.cache.get(key)
    if found is None:
        found = dashboard.cache.put(key, await build(request, **params))
    return found


def _twin(path: str, name: str, build: Builder) -> None:
    """Register ``path.json`` (first, so it wins the match) and ``path``."""

    async def as_json(request: Request, **params: Any) -> JSONResponse:
        return JSONResponse((await _cached(name, build, request, params)).data)

    async def as_html(request: Request, **params: Any) -> HTMLResponse:
        return dashboard_of(request).render(await _cached(name, build, request, params), request)

    signature = inspect.signature(build)
    as_json.__signature__ = signature.replace(return_annotation=JSONResponse)  # type: ignore[attr-defined]
    as_html.__signature__ = signature.replace(return_annotation=HTMLResponse)  # type: ignore[attr-defined]
    router.add_api_route(
        path + ".json", as_json, methods=["GET"], name=name + "_json", response_class=JSONResponse
    )
    router.add_api_route(path, as_html, methods=["GET"], name=name, response_class=HTMLResponse)


for _path, _name, _build in PAGES:
    _twin(_path, _name, _build)


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def home(request: Request) -> HTMLResponse:
    return dashboard_of(request).render(pages.index_page(_state(request)), request)
