"""The dashboard's guards: known Host names only, no writes from other sites, coded errors.

A page on another site can point its own host name at 127.0.0.1 (DNS rebinding) or post a form
to the dashboard (cross-site request forgery); both are refused here, before any route runs.
Every error a route raises is a coded ``DetenteError``, answered as JSON, an htmx fragment or
an error page.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response

from detente.errors import DetenteError
from detente.web.render import dashboard_of, wants_json

STATUS = {"DT702": 404, "DT703": 409, "DT706": 409, "DT731": 409}


def status_of(error: DetenteError) -> int:
    return STATUS.get(error.code, 400)


def install(app: FastAPI, allowed_hosts: frozenset[str] | None) -> None:
    """Add the Host check, the cross-site write refusal and the coded error handlers."""

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

    app.add_exception_handler(RequestValidationError, malformed_field)  # type: ignore[arg-type]
    app.add_exception_handler(DetenteError, coded_error)  # type: ignore[arg-type]


async def malformed_field(request: Request, exc: RequestValidationError) -> Response:
    """A form field of the wrong type (a 5,000-digit offset, a word for an index) is a coded
    400 like every other bad edit, not FastAPI's uncoded 422."""
    problems = "; ".join(
        f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'request'}: {e.get('msg', '')}"
        for e in exc.errors()
    )
    return await coded_error(request, DetenteError("DT704", f"malformed request: {problems}"))


async def coded_error(request: Request, exc: DetenteError) -> Response:
    dashboard = dashboard_of(request)
    status = status_of(exc)
    headers = {}
    entry_id = request.path_params.get("sid")
    entries = dashboard.state.workspace.entries
    if status == 409 and entry_id in entries:
        headers["ETag"] = entries[entry_id].etag
    if request.url.path.endswith(".json") or wants_json(request):
        return JSONResponse({"error": exc.code, "message": str(exc)}, status, headers=headers)
    if request.headers.get("hx-request"):
        html = dashboard.env.get_template("error.html.j2").render(error=exc, status=status)
        # htmx swaps only 2xx answers by default: show the message in the page's error slot.
        headers.update({"HX-Retarget": "#messages", "HX-Reswap": "innerHTML"})
        return HTMLResponse(html, 200, headers=headers)
    html = dashboard.env.get_template("error_page.html.j2").render(
        error=exc, status=status, request=request
    )
    return HTMLResponse(html, status, headers=headers)
