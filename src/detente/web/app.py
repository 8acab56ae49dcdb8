"""The local dashboard: FastAPI + Jinja (templates shared with the report) + htmx.

Every page ``/x`` has a JSON twin ``/x.json``; edits are POSTs that name the version they were
made against (form field ``version`` or an ``If-Match`` ETag) and get 409 when another save came
in between. It is a single-user local tool: routes run on the event loop, one request at a time.
"""

from __future__ import annotations

import inspect
import json
import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Form, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from detente import __version__
from detente.errors import DetenteError
from detente.io.export import scenario_to_csv_tables, scenario_to_json
from detente.io.scenario_yaml import dump_scenario_yaml, update_entry, update_position
from detente.report.context import build_context
from detente.report.render import environment, plotly_js, plotly_version, render_report
from detente.web import pages
from detente.web.state import DashboardState
from detente.web.workspace import Workspace
from detente.workflows.deals import parse_pair

WEB_DIR = Path(__file__).parent
STATIC = WEB_DIR / "static"
HTMX = "htmx-2.0.11.min.js"
STATUS = {"DT702": 404, "DT703": 409, "DT706": 409}
PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
MAX_VERSION_DIGITS = 9  # far more versions than a history will ever hold


def _wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


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
    plotly_name = f"plotly-{plotly_version()}.min.js"
    env.globals.update(
        htmx_js=f"/static/{HTMX}",
        plotly_js_url=f"/static/{plotly_name}",
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
    app.state.dashboard = state

    @app.middleware("http")
    async def known_host_only(request: Request, call_next: Any) -> Response:
        """A page on another site can point its own host name at 127.0.0.1 and read the
        dashboard as same-origin; the Host header it sends still names that other site."""
        if allowed_hosts is not None:
            host = urlsplit(f"//{request.headers.get('host', '')}").hostname or ""
            if host not in allowed_hosts:
                return JSONResponse(
                    {"error": "DT711", "message": f"[DT711] host {host!r} is not served here"},
                    421,
                )
        response: Response = await call_next(request)
        return response

    @app.middleware("http")
    async def same_origin_writes(request: Request, call_next: Any) -> Response:
        """Refuse writes sent by another site's page (cross-site request forgery): a browser
        names the page's origin on every cross-origin POST."""
        origin = request.headers.get("origin")
        writes = request.method not in ("GET", "HEAD", "OPTIONS")
        if writes and origin and urlsplit(origin).netloc != request.headers.get("host"):
            return JSONResponse(
                {"error": "DT708", "message": f"[DT708] writes from {origin} are refused"}, 403
            )
        response: Response = await call_next(request)
        return response

    @app.exception_handler(RequestValidationError)
    async def malformed_field(request: Request, exc: RequestValidationError) -> Response:
        """A form field of the wrong type (a 5,000-digit offset, a word for an index) is a
        coded 400 like every other bad edit, not FastAPI's uncoded 422."""
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'request'}: {e.get('msg', '')}"
            for e in exc.errors()
        )
        return await coded_error(request, DetenteError("DT704", f"malformed request: {problems}"))

    @app.exception_handler(DetenteError)
    async def coded_error(request: Request, exc: DetenteError) -> Response:
        status = STATUS.get(exc.code, 400)
        headers = {}
        entry_id = request.path_params.get("sid")
        if status == 409 and entry_id in state.workspace.entries:
            headers["ETag"] = state.workspace.entries[entry_id].etag
        if request.url.path.endswith(".json") or _wants_json(request):
            return JSONResponse({"error": exc.code, "message": str(exc)}, status, headers=headers)
        if request.headers.get("hx-request"):
            html = env.get_template("error.html.j2").render(error=exc, status=status)
            # htmx swaps only 2xx answers by default: show the message in the page's error slot.
            headers.update({"HX-Retarget": "#messages", "HX-Reswap": "innerHTML"})
            return HTMLResponse(html, 200, headers=headers)
        html = env.get_template("error_page.html.j2").render(
            error=exc, status=status, request=request
        )
        return HTMLResponse(html, status, headers=headers)

    def render(page: pages.Page, request: Request, fragment: str | None = None) -> HTMLResponse:
        template = env.get_template(page.template)
        if fragment:
            module = template.make_module(page.context | {"request": request})
            return HTMLResponse(getattr(module, fragment)())
        return HTMLResponse(template.render(page.context | {"request": request}))

    page_cache = PageCache(page_cache_size)

    def page_key(name: str, request: Request, params: dict[str, Any]) -> tuple[Any, ...] | None:
        """What a scenario's page depends on: its version, the latest runs and the store's
        data version (the store may be filled while the dashboard runs)."""
        entry = state.workspace.entries.get(params.get("sid", ""))
        if entry is None:
            return None  # the index and compare pages read several scenarios: not cached
        store = state.store()
        data_version = store.data_version() if store is not None else None
        return (
            name,
            tuple(sorted(params.items())),
            str(request.query_params),
            entry.version,
            state.run_count,
            data_version,
        )

    def twin(path: str, build: Callable[..., Awaitable[pages.Page]], name: str) -> None:
        """Register ``path.json`` (first, so it wins the match) and ``path``.

        Both take ``build``'s signature, so FastAPI validates and documents its typed path
        parameters (``sid: str``...) in /openapi.json."""

        async def cached(request: Request, params: dict[str, Any]) -> pages.Page:
            key = page_key(name, request, params)
            if key is None:
                return await build(request, **params)
            page = page_cache.get(key)
            if page is None:
                page = page_cache.put(key, await build(request, **params))
            return page

        async def as_json(request: Request, **params: Any) -> JSONResponse:
            page = await cached(request, params)
            return JSONResponse(jsonable_encoder(page.data))

        async def as_html(request: Request, **params: Any) -> HTMLResponse:
            page = await cached(request, params)
            return render(page, request)

        signature = inspect.signature(build)
        json_signature = signature.replace(return_annotation=JSONResponse)
        html_signature = signature.replace(return_annotation=HTMLResponse)
        as_json.__signature__ = json_signature  # type: ignore[attr-defined]
        as_html.__signature__ = html_signature  # type: ignore[attr-defined]

        app.add_api_route(
            path + ".json",
            as_json,
            methods=["GET"],
            name=name + "_json",
            response_class=JSONResponse,
        )
        app.add_api_route(path, as_html, methods=["GET"], name=name, response_class=HTMLResponse)

    async def p_index(request: Request) -> pages.Page:
        return pages.index_page(state)

    def chosen_pairs(request: Request) -> list[tuple[str, str]]:
        return [parse_pair(p) for p in request.query_params.getlist("pair") if p]

    async def p_scenario(request: Request, sid: str) -> pages.Page:
        return pages.scenario_page(state, sid, chosen_pairs(request))

    async def p_issue(request: Request, sid: str, iid: str) -> pages.Page:
        return pages.issue_page(state, sid, iid)

    async def p_party(request: Request, sid: str, aid: str) -> pages.Page:
        return pages.party_page(state, sid, aid)

    async def p_corpus(request: Request, sid: str) -> pages.Page:
        return pages.corpus_page(state, sid, request.query_params.get("q", ""))

    async def p_history(request: Request, sid: str) -> pages.Page:
        return pages.history_page(state, sid)

    async def p_compare(request: Request) -> pages.Page:
        entries = list(state.workspace.entries)
        first = entries[0]
        a = request.query_params.get("a") or first
        b = request.query_params.get("b") or (entries[1] if len(entries) > 1 else first)
        return pages.compare_page(state, a, b)

    twin("/index", p_index, "index")
    twin("/s/{sid}", p_scenario, "scenario")
    twin("/s/{sid}/issues/{iid}", p_issue, "issue")
    twin("/s/{sid}/parties/{aid}", p_party, "party")
    twin("/s/{sid}/corpus", p_corpus, "corpus")
    twin("/s/{sid}/history", p_history, "history")
    twin("/compare", p_compare, "compare")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def home(request: Request) -> HTMLResponse:
        return render(pages.index_page(state), request)

    # edits ----------------------------------------------------------------------------------
    def expected_version(request: Request, version: str | None) -> int:
        match = request.headers.get("if-match", "").strip('"')
        if match and "-v" in match:
            return _version_number(match.rsplit("-v", 1)[1], "If-Match header")
        if version is None or version.strip() == "":
            raise DetenteError(
                "DT704", "the edit names no version", hint="send version or If-Match"
            )
        return _version_number(version, "version field")

    def after_edit(
        request: Request, sid: str, back: str, fragment: pages.Page | None, name: str | None
    ) -> Response:
        entry = state.workspace.get(sid)
        if _wants_json(request):
            return JSONResponse(
                {"scenario": sid, "version": entry.version, "etag": entry.etag},
                headers={"ETag": entry.etag},
            )
        response: Response
        if request.headers.get("hx-request") and fragment is not None and name is not None:
            response = render(fragment, request, name)
        else:
            response = RedirectResponse(back, status_code=303)
        response.headers["ETag"] = entry.etag
        return response

    def number(value: str | None, field: str) -> float | None:
        if value is None or value.strip() == "":
            return None
        # Plain decimals only: float() would also take "1_0", "infinity" and "nan".
        if not PLAIN_NUMBER.fullmatch(value.strip()):
            raise DetenteError("DT704", f"{field} must be a number, not {value[:40]!r}")
        return float(value)

    @app.post("/s/{sid}/positions/{aid}/{iid}", tags=["edit"])
    async def edit_position(
        request: Request,
        sid: str,
        aid: str,
        iid: str,
        version: str | None = Form(None),
        position: str | None = Form(None),
        salience: str | None = Form(None),
        red_line: str | None = Form(None),
        clear_red_line: bool = Form(False),
    ) -> Response:
        """Set position, salience and/or red line (empty red line + clear_red_line removes it)."""
        fields: dict[str, Any] = {}
        for name, raw in (("position", position), ("salience", salience), ("red_line", red_line)):
            value = number(raw, name)
            if value is not None:
                fields[name] = int(value) if value.is_integer() else value
        if clear_red_line:
            fields["red_line"] = None
        if not fields:
            raise DetenteError(
                "DT704", "nothing to change", hint="send position, salience or red_line"
            )
        state.workspace.edit(
            sid,
            expected_version(request, version),
            f"{aid} on {iid}: "
            + ", ".join(f"{k} {'removed' if v is None else v}" for k, v in fields.items()),
            lambda doc, _s: _set_position(doc, aid, iid, fields),
        )
        return after_edit(
            request, sid, f"/s/{sid}/issues/{iid}", pages.issue_page(state, sid, iid), "panel"
        )

    @app.post("/s/{sid}/actors/{aid}", tags=["edit"])
    async def edit_capability(
        request: Request,
        sid: str,
        aid: str,
        version: str | None = Form(None),
        capability: str = Form(...),
    ) -> Response:
        value = number(capability, "capability")
        state.workspace.edit(
            sid,
            expected_version(request, version),
            f"{aid}: capability {value}",
            lambda doc, s: _update_actor(doc, s, aid, value),
        )
        return after_edit(
            request, sid, f"/s/{sid}/parties/{aid}", pages.party_page(state, sid, aid), "panel"
        )

    def link(
        request: Request,
        sid: str,
        aid: str,
        iid: str,
        version: str | None,
        doc: str,
        start: int,
        end: int,
    ) -> None:
        def change(document: Any, scenario: Any) -> None:
            pos = scenario.position(aid, iid)
            if pos is None:
                raise DetenteError("DT704", f"{aid} holds no position on {iid}: set one first")
            _check_span(state, state.workspace.get(sid), doc, start, end)
            refs = [r.model_dump() for r in pos.evidence]
            refs.append({"doc": doc, "start": start, "end": end})
            if doc not in {s.id for s in scenario.sources}:
                document.setdefault("sources", []).append({"id": doc})
            update_position(document, aid, iid, evidence=refs)

        state.workspace.edit(
            sid,
            expected_version(request, version),
            f"{aid} on {iid}: evidence {doc} {start}-{end} linked",
            change,
        )

    @app.post("/s/{sid}/positions/{aid}/{iid}/evidence", tags=["edit"])
    async def link_evidence(
        request: Request,
        sid: str,
        aid: str,
        iid: str,
        version: str | None = Form(None),
        doc: str = Form(...),
        start: int = Form(...),
        end: int = Form(...),
    ) -> Response:
        """Link a span of a document as evidence for a position."""
        link(request, sid, aid, iid, version, doc, start, end)
        return after_edit(
            request, sid, f"/s/{sid}/issues/{iid}", pages.issue_page(state, sid, iid), "panel"
        )

    @app.post("/s/{sid}/link", tags=["edit"])
    async def link_from_search(
        request: Request,
        sid: str,
        actor: str = Form(...),
        issue: str = Form(...),
        version: str | None = Form(None),
        doc: str = Form(...),
        start: int = Form(...),
        end: int = Form(...),
    ) -> Response:
        """Link a search hit as evidence (the form on the corpus page)."""
        link(request, sid, actor, issue, version, doc, start, end)
        entry = state.workspace.get(sid)
        if _wants_json(request) or not request.headers.get("hx-request"):
            return after_edit(request, sid, f"/s/{sid}/issues/{issue}", None, None)
        scenario = entry.scenario()
        message = (
            f"Linked {doc} {start}–{end} to {scenario.actor(actor).name} on "
            f"{scenario.issue(issue).name} (version {entry.version})."
        )
        html = env.get_template("message.html.j2").render(message=message)
        return HTMLResponse(
            html,
            headers={
                "ETag": entry.etag,
                "HX-Trigger": json.dumps({"versionChanged": {"value": entry.version}}),
            },
        )

    @app.post("/s/{sid}/positions/{aid}/{iid}/evidence/unlink", tags=["edit"])
    async def unlink_evidence(
        request: Request,
        sid: str,
        aid: str,
        iid: str,
        version: str | None = Form(None),
        index: int = Form(...),
    ) -> Response:
        def change(document: Any, scenario: Any) -> None:
            pos = scenario.position(aid, iid)
            if pos is None or not 0 <= index < len(pos.evidence):
                raise DetenteError("DT704", f"no evidence #{index} on {aid}'s position on {iid}")
            refs = [r.model_dump() for i, r in enumerate(pos.evidence) if i != index]
            update_position(document, aid, iid, evidence=refs or None)

        state.workspace.edit(
            sid,
            expected_version(request, version),
            f"{aid} on {iid}: evidence #{index} unlinked",
            change,
        )
        return after_edit(
            request, sid, f"/s/{sid}/issues/{iid}", pages.issue_page(state, sid, iid), "panel"
        )

    @app.post("/s/{sid}/undo", tags=["edit"])
    async def undo(request: Request, sid: str, version: str | None = Form(None)) -> Response:
        state.workspace.undo(sid, expected_version(request, version))
        return after_edit(
            request, sid, request.headers.get("hx-current-url") or f"/s/{sid}/history", None, None
        )

    @app.post("/s/{sid}/run", tags=["analysis"])
    async def run(request: Request, sid: str) -> Response:
        """Run every model and the deal analysis on the current version."""
        entry = state.workspace.get(sid)
        analysis = state.run(entry)
        issue = request.query_params.get("issue")
        if _wants_json(request):
            return JSONResponse(
                {
                    "scenario": sid,
                    "version": entry.version,
                    "forecasts": {f.model: f.positions() for f in analysis.forecasts},
                }
            )
        if request.headers.get("hx-request"):
            if issue:
                return render(pages.issue_page(state, sid, issue), request, "panel")
            return render(
                pages.scenario_page(state, sid, chosen_pairs(request)), request, "analysis_panel"
            )
        return RedirectResponse(
            f"/s/{sid}/issues/{issue}" if issue else f"/s/{sid}", status_code=303
        )

    # exports --------------------------------------------------------------------------------
    @app.get("/s/{sid}/export.yaml", tags=["export"])
    async def export_yaml(sid: str) -> Response:
        entry = state.workspace.get(sid)
        text = entry.texts.get(entry.version) or dump_scenario_yaml(entry.scenario())
        return _download(text, f"{sid}-v{entry.version}.yaml", "application/yaml")

    @app.get("/s/{sid}/export.json", tags=["export"])
    async def export_json(sid: str) -> Response:
        entry = state.workspace.get(sid)
        return _download(
            scenario_to_json(entry.scenario()), f"{sid}-v{entry.version}.json", "application/json"
        )

    @app.get("/s/{sid}/export.csv", tags=["export"])
    async def export_csv(sid: str, table: str = "positions") -> Response:
        entry = state.workspace.get(sid)
        tables = scenario_to_csv_tables(entry.scenario())
        name = f"{table}.csv"
        if name not in tables:
            raise DetenteError("DT702", f"no table {table!r}", hint="positions, actors or issues")
        return _download(tables[name], f"{sid}-v{entry.version}-{name}", "text/csv")

    @app.get("/s/{sid}/report.html", tags=["export"])
    async def export_report(sid: str) -> Response:
        entry = state.workspace.get(sid)
        last = state.last_run(entry)
        analysis = last[1] if last and last[0] == entry.version else state.run(entry)
        ctx = build_context(
            entry.scenario(), analysis, state.resolver(entry, entry.scenario()), state.corpus()
        )
        return _download(render_report(ctx), f"{sid}-v{entry.version}-report.html", "text/html")

    @app.get(f"/static/{plotly_name}", include_in_schema=False)
    async def plotly_bundle() -> Response:
        return Response(
            plotly_js(),
            media_type="application/javascript",
            headers={"Cache-Control": "public, max-age=31536000, immutable"},
        )

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


class PageCache:
    """The most recently used pages by key, at most ``size`` of them (a plain LRU)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.pages: OrderedDict[tuple[Any, ...], pages.Page] = OrderedDict()

    def get(self, key: tuple[Any, ...]) -> pages.Page | None:
        page = self.pages.get(key)
        if page is not None:
            self.pages.move_to_end(key)
        return page

    def put(self, key: tuple[Any, ...], page: pages.Page) -> pages.Page:
        if self.size > 0:
            self.pages[key] = page
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)
        return page


def _version_number(raw: str, where: str) -> int:
    """A version number as sent by a client; anything but a short run of digits is a 400 (a
    5,000-digit string would otherwise reach ``int`` and its size limit)."""
    text = raw.strip()
    if not (text.isascii() and text.isdigit() and len(text) <= MAX_VERSION_DIGITS):
        raise DetenteError(
            "DT704",
            f"the {where} names no valid version: {raw[:40]!r}",
            hint="send the version number shown on the page, e.g. version=3",
        )
    return int(text)


def _check_span(state: DashboardState, entry: Any, doc: str, start: int, end: int) -> None:
    """Evidence must point into a document the dashboard can read, inside its text."""
    text = next(
        (t for provider in state.providers(entry) if (t := provider.text(doc)) is not None), None
    )
    if text is None:
        raise DetenteError(
            "DT704",
            f"no document {doc[:80]!r} in the corpus store or the source folders",
            hint="link a document the corpus page can search",
        )
    if not 0 <= start < end <= len(text):
        raise DetenteError(
            "DT704",
            f"span {start}-{end} is outside {doc} (0-{len(text)})",
            hint="evidence is a span [start, end) inside the document",
        )


def _set_position(document: Any, actor: str, issue: str, fields: dict[str, Any]) -> None:
    update_position(document, actor, issue, **fields)


def _update_actor(document: Any, scenario: Any, actor_id: str, capability: float | None) -> None:
    if capability is None:
        raise DetenteError("DT704", "capability is required")
    try:
        update_entry(
            document,
            "actors",
            actor_id,
            capability=int(capability) if capability.is_integer() else capability,
        )
    except KeyError:
        raise DetenteError("DT702", f"no party {actor_id!r}") from None


def _download(text: str, filename: str, media: str) -> Response:
    return Response(
        text,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
