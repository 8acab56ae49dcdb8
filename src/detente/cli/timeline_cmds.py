"""``detente timeline``: each party's position per issue across article dates, and what moved."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer

from detente.cli.app import app, stdout
from detente.errors import DetenteError


def _since(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise DetenteError("DT308", f"--since {value!r} is not a date", hint="YYYY-MM-DD") from None


@app.command()
def timeline(
    db: Annotated[Path, typer.Option("--db", help="Corpus store written by `detente extract`.")],
    since: Annotated[
        str | None, typer.Option(help="Report what changed after this date (YYYY-MM-DD).")
    ] = None,
    issue: Annotated[str | None, typer.Option(help="Only this issue id.")] = None,
    scenario: Annotated[
        Path | None,
        typer.Option(help="Name events' participants as this scenario's parties."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
) -> None:
    """Positions over time (0 against, 50 conditional, 100 for), changes since a date, events."""
    from rich.table import Table

    from detente.io import load_scenario
    from detente.workflows.timeline import timeline_json, timeline_of_store

    parties = load_scenario(scenario) if scenario is not None else None
    found = timeline_of_store(db, since=_since(since), issue=issue, scenario=parties)
    if as_json:
        stdout.print_json(json.dumps(timeline_json(found)))
        return
    dates = sorted({p.date for p in found.points})
    table = Table(
        "issue", "party", *[d.isoformat() for d in dates], title="Position by article date"
    )
    lines: dict[tuple[str, str], dict[dt.date, str]] = {}
    for point in found.points:
        lines.setdefault((point.issue, point.actor), {})[point.date] = (
            f"{point.position:.0f} ({len(point.claims)})"
        )
    for (issue_id, actor), cells in sorted(lines.items()):
        table.add_row(issue_id, actor, *[cells.get(d, "") for d in dates])
    stdout.print(table)
    stdout.print("cells: position (claims behind it); 100 = for the proposition, 0 = against")
    if found.since is not None:
        stdout.print(f"What changed since {found.since.isoformat()}: {len(found.changes)}")
        for change in found.changes:
            before = "none" if change.before is None else f"{change.before:.0f}"
            stdout.print(
                f"  {change.date.isoformat()} {change.kind}: {change.actor} on {change.issue} "
                f"({before} -> {change.after:.0f}) [{change.claim.doc}:{change.claim.start}]",
                markup=False,
            )
    stdout.print(f"Events: {len(found.events)}")
    for event in found.events:
        who = ", ".join(event.participants) or "no party named"
        planned = " (planned)" if event.planned else ""
        stdout.print(
            f"  {event.date} {event.kind}{planned} — {who}: {event.sentence.strip()} "
            f"[{event.doc}:{event.start}]"
            + (f" and {len(event.citations) - 1} more" if len(event.citations) > 1 else ""),
            markup=False,
        )
    if found.undated_docs:
        from detente.domain.wording import plural

        one = found.undated_docs == 1
        stdout.print(
            f"{plural(found.undated_docs, 'document')} {'has' if one else 'have'} no date and "
            f"{'is' if one else 'are'} not on the timeline"
        )
