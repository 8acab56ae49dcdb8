"""The export router: the scenario as YAML, JSON and CSV, the offline report, the plotly bundle."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from detente.errors import DetenteError
from detente.io.export import scenario_to_csv_tables, scenario_to_json
from detente.io.scenario_yaml import dump_scenario_yaml
from detente.report.context import build_context
from detente.report.render import plotly_js, plotly_version, render_report
from detente.web.render import dashboard_of

router = APIRouter(tags=["export"])
PLOTLY_NAME = f"plotly-{plotly_version()}.min.js"


def _download(text: str, filename: str, media: str) -> Response:
    return Response(
        text,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/s/{sid}/export.yaml")
async def export_yaml(request: Request, sid: str) -> Response:
    entry = dashboard_of(request).state.workspace.get(sid)
    text = entry.texts.get(entry.version) or dump_scenario_yaml(entry.scenario())
    return _download(text, f"{sid}-v{entry.version}.yaml", "application/yaml")


@router.get("/s/{sid}/export.json")
async def export_json(request: Request, sid: str) -> Response:
    entry = dashboard_of(request).state.workspace.get(sid)
    return _download(
        scenario_to_json(entry.scenario()), f"{sid}-v{entry.version}.json", "application/json"
    )


@router.get("/s/{sid}/export.csv")
async def export_csv(request: Request, sid: str, table: str = "positions") -> Response:
    entry = dashboard_of(request).state.workspace.get(sid)
    tables = scenario_to_csv_tables(entry.scenario())
    name = f"{table}.csv"
    if name not in tables:
        raise DetenteError("DT702", f"no table {table!r}", hint="positions, actors or issues")
    return _download(tables[name], f"{sid}-v{entry.version}-{name}", "text/csv")


@router.get("/s/{sid}/report.html")
async def export_report(request: Request, sid: str) -> Response:
    state = dashboard_of(request).state
    entry = state.workspace.get(sid)
    last = state.last_run(entry)
    analysis = last[1] if last and last[0] == entry.version else state.run(entry)
    ctx = build_context(
        entry.scenario(), analysis, state.resolver(entry, entry.scenario()), state.corpus()
    )
    return _download(render_report(ctx), f"{sid}-v{entry.version}-report.html", "text/html")


@router.get(f"/static/{PLOTLY_NAME}", include_in_schema=False)
async def plotly_bundle() -> Response:
    return Response(
        plotly_js(),
        media_type="application/javascript",
        headers={"Cache-Control": "public, max-age=31536000, immutable"},
    )
