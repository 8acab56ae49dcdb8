"""What the routers share: the dashboard's state, its templates, the page cache and rendering."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse
from starlette.types import Receive, Scope, Send

from detente.web.pages import Page
from detente.web.state import DashboardState


class PageResponse(HTMLResponse):
    """HTML rendered from a page's data.

    Like Starlette's template responses, it hands the template name and the context over the
    ASGI ``http.response.debug`` extension when the server offers it (the test client does;
    uvicorn does not): that is how the tests compare what the HTML was rendered from with the
    ``.json`` twin.
    """

    def __init__(
        self,
        template: str,
        context: dict[str, Any],
        content: str,
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.template = template
        self.context = context
        super().__init__(content, status_code, headers)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if "http.response.debug" in scope.get("extensions", {}):
            info = {"template": self.template, "context": self.context}
            await send({"type": "http.response.debug", "info": info})
        await super().__call__(scope, receive, send)


class PageCache:
    """The most recently used pages by key, at most ``size`` of them (a plain LRU)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.pages: OrderedDict[tuple[Any, ...], Page] = OrderedDict()

    def get(self, key: tuple[Any, ...]) -> Page | None:
        found = self.pages.get(key)
        if found is not None:
            self.pages.move_to_end(key)
        return found

    def put(self, key: tuple[Any, ...], page: Page) -> Page:
        if self.size > 0:
            self.pages[key] = page
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)
        return page


@dataclass
class Dashboard:
    """One dashboard application's state, templates and page cache (``app.state.dashboard``)."""

    state: DashboardState
    env: jinja2.Environment
    cache: PageCache = field(default_factory=lambda: PageCache(256))

    def render(
        self,
        page: Page,
        request: Request,
        fragment: str | None = None,
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
    ) -> PageResponse:
        """The page's HTML (or one of its template's macros), from its data and nothing else."""
        template = self.env.get_template(page.template)
        context = page.data | {"request": request}
        if fragment:
            html = str(getattr(template.make_module(context), fragment)())
        else:
            html = template.render(context)
        return PageResponse(page.template, context, html, status_code, headers)

    def page_key(
        self, name: str, request: Request, params: dict[str, Any]
    ) -> tuple[Any, ...] | None:
        """What a scenario's page depends on: its version, the latest runs (of the models and
        of the Monte Carlo) and the store's data version (it may be filled while the dashboard
        runs)."""
        entry = self.state.workspace.entries.get(params.get("sid", ""))
        if entry is None:
            return None  # the index and compare pages read several scenarios: not cached
        store = self.state.store()
        data_version = store.data_version() if store is not None else None
        return (
            name,
            tuple(sorted(params.items())),
            str(request.query_params),
            entry.version,
            self.state.run_count,
            data_version,
            self.state.store_writes,
            self.state.mc_runs.changes,
        )


def dashboard_of(request: Request) -> Dashboard:
    found: Dashboard = request.app.state.dashboard
    return found


def wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept
