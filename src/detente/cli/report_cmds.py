"""Report and dashboard commands: report, serve. Thin over detente.report and detente.web."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from detente.cli.app import app, stderr, stdout
from detente.errors import DetenteError
from detente.workflows.options import DEFAULT_REPORT_DRAWS


@app.command()
def report(
    file: Annotated[Path, typer.Argument(help="Scenario file in any format `validate` accepts.")],
    corpus: Annotated[
        Path | None,
        typer.Option(
            "--corpus",
            help="Corpus store (SQLite) to read quotes, claims, facts and conflicts from.",
        ),
    ] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.")] = Path(
        "report.html"
    ),
    docs: Annotated[
        list[Path] | None,
        typer.Option("--docs", help="Folder with the source documents (when there is no store)."),
    ] = None,
    seed: Annotated[
        int, typer.Option("--seed", help="Seed for the models; recorded in the manifest.")
    ] = 0,
    fmt: Annotated[
        str,
        typer.Option(
            "--format", help="html (interactive, offline), md (Markdown) or print (printable HTML)."
        ),
    ] = "html",
    pair: Annotated[
        list[str] | None,
        typer.Option(
            "--pair",
            help="ACTOR:ACTOR whose deal frontier to draw (repeatable: each pair is drawn, the "
            "first starts the explorer; default: the two parties furthest apart).",
        ),
    ] = None,
    deal_issues: Annotated[
        int | None,
        typer.Option(
            "--deal-issues",
            help="Cover only the N weightiest issues in the all-party solution points (default: "
            "every issue; the trades always cover every issue).",
        ),
    ] = None,
    unreviewed: Annotated[
        bool,
        typer.Option(
            "--unreviewed",
            help="Also show machine claims not yet reviewed in the dashboard, marked as such.",
        ),
    ] = False,
    mc_draws: Annotated[
        int,
        typer.Option(
            "--mc-draws",
            help="Random variants for the fan charts and robust/fragile labels (seeded by "
            "--seed); 0 leaves them and the tornado charts out.",
        ),
    ] = DEFAULT_REPORT_DRAWS,
) -> None:
    """Write one self-contained HTML report (opens offline): what each party wants, with evidence,
    forecasts, deals, conflicts, a timeline and the run manifest."""
    from detente.cli.progress import stage_bars
    from detente.workflows.deals import parse_pair
    from detente.workflows.report import FORMATS, make_report

    if fmt not in FORMATS:
        raise DetenteError(
            "DT719", f"--format {fmt!r} is not a report format", hint=f"use {', '.join(FORMATS)}"
        )
    if mc_draws < 0:
        raise DetenteError("DT605", f"--mc-draws {mc_draws} is negative", hint="0 or more")
    if deal_issues is not None and deal_issues < 1:
        raise DetenteError("DT601", f"--deal-issues must be at least 1, got {deal_issues}")
    pairs = [parse_pair(p) for p in pair or ()]
    with stage_bars("writing the report") as stage:
        written = make_report(
            file,
            out,
            corpus=corpus,
            docs=docs or (),
            seed=seed,
            pairs=pairs,
            fmt=fmt,
            unreviewed=unreviewed,
            mc_draws=mc_draws,
            stage=stage,
            deal_issues=deal_issues,
        )
    stdout.print(f"report written: {written.resolve()}", markup=False)


@app.command()
def serve(
    scenarios: Annotated[
        list[Path], typer.Argument(help="Scenario files to open (YAML ones are editable).")
    ],
    host: Annotated[
        str, typer.Option("--host", help="Address to bind; keep 127.0.0.1 unless you mean it.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port.")] = 8000,
    db: Annotated[
        Path | None, typer.Option("--db", help="Corpus store (SQLite) for evidence search.")
    ] = None,
    docs: Annotated[
        list[Path] | None,
        typer.Option("--docs", help="Folder with the source documents (for quotes and search)."),
    ] = None,
    history: Annotated[
        Path | None,
        typer.Option(
            "--history",
            help="Folder for the version history (default: .detente-history next to each file).",
        ),
    ] = None,
) -> None:
    """Open the local dashboard: browse, edit with undo, run the models, compare, export."""
    # The web stack is imported only when serving, so other commands start faster.
    import uvicorn

    from detente.web.app import create_app

    if not 0 < port < 65536:
        raise DetenteError("DT710", f"port {port} is out of range", hint="use 1–65535")
    # On loopback only loopback names are served (DNS rebinding); a public bind serves any name.
    loopback = frozenset({"127.0.0.1", "localhost", "::1"})
    application = create_app(
        scenarios,
        db=db,
        history=history,
        docs=tuple(docs or ()),
        allowed_hosts=loopback if host in loopback else None,
    )
    if host not in loopback:
        stderr.print(
            f"warning: serving on {host}: anyone who can reach it can edit the scenarios",
            markup=False,
        )
    stdout.print(f"detente dashboard on http://{host}:{port}/ (Ctrl+C to stop)", markup=False)
    uvicorn.run(application, host=host, port=port, log_level="warning")
