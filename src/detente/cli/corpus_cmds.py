"""Corpus commands: ingest, extract, propose, eval. Thin: each calls the library."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from detente.cli.app import app, stderr, stdout
from detente.errors import DetenteError
from detente.io import load_scenario
from detente.nlp.evaluate import evaluate
from detente.nlp.run import (
    extract,
    ingest_to_store,
    propose,
    read_claims,
    summary,
    write_outputs,
)

PATHS = typer.Argument(..., help="Files or folders of .txt, .md, .html, .jsonl articles.")


def _report_errors(errors: list[DetenteError]) -> None:
    for error in errors:
        stderr.print(str(error), markup=False)


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise DetenteError(
            "DT308", f"--date {value!r} is not an ISO date", hint="YYYY-MM-DD"
        ) from None


@app.command()
def ingest(
    paths: list[Path] = PATHS,
    db: Path = typer.Option(..., "--db", help="SQLite corpus store (created if missing)."),
    outlet: str | None = typer.Option(None, help="Outlet for documents that name none."),
    date: str | None = typer.Option(None, help="Date (YYYY-MM-DD) for undated documents."),
) -> None:
    """Read articles into the corpus store: normalised, hashed, duplicates linked."""
    done = ingest_to_store(paths, db, outlet=outlet, date=_date(date))
    _report_errors(done.result.errors)
    docs = done.result.documents
    dups = sum(1 for d in docs if d.duplicate_of or d.near_duplicate_of)
    stdout.print(
        f"ingested {len(docs)} documents into {db}: {done.counts['added']} added, "
        f"{done.counts['replaced']} replaced, {done.counts['unchanged']} unchanged; "
        f"{dups} duplicates linked; {len(done.result.errors)} rejected"
    )
    if done.result.errors:
        raise typer.Exit(2)


@app.command("extract")
def extract_cmd(
    paths: list[Path] = PATHS,
    scenario: Path | None = typer.Option(None, help="Scenario whose actors and issues to use."),
    db: Path | None = typer.Option(None, "--db", help="Store the results in this corpus store."),
    out: Path = typer.Option(Path("out/extract"), "--out", help="Folder for the JSONL outputs."),
    no_embeddings: bool = typer.Option(False, help="Keywords only (faster, less recall)."),
) -> None:
    """Claims, facts and cross-source conflicts from articles, each pinned to its sentence."""
    loaded = load_scenario(scenario) if scenario is not None else None
    done = ingest_to_store(paths, None)
    _report_errors(done.result.errors)
    documents = done.result.documents
    if not documents:
        raise DetenteError("DT403", "no readable documents among the inputs")
    with Progress(
        TextColumn("extracting"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=stderr,
        transient=True,
        disable=len(documents) < 20,
    ) as bar:
        task = bar.add_task("extract", total=len(documents))
        result = extract(
            documents,
            loaded,
            db=db,
            use_embeddings=not no_embeddings,
            progress=lambda n: bar.advance(task, n),
        )
    written = write_outputs(result, out, proposed_scenario=loaded is None)
    facts = summary(result)
    table = Table(title=f"extraction ({len(documents)} documents)", show_header=False)
    for key, value in facts.items():
        table.add_row(key, str(value))
    stdout.print(table)
    stdout.print("wrote " + ", ".join(str(p) for p in written))
    if done.result.errors:
        raise typer.Exit(2)


@app.command("propose")
def propose_cmd(
    paths: list[Path] = typer.Argument(None, help="The articles (re-extracted unless --claims)."),
    scenario: Path = typer.Option(..., help="Scenario to merge the proposed positions into."),
    claims: Path | None = typer.Option(None, help="Folder with claims.jsonl from `extract`."),
    out: Path | None = typer.Option(None, help="Write the merged scenario here."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Only print what would change."),
) -> None:
    """Positions, salience and confidence from claims, merged without overwriting analyst values."""
    loaded = load_scenario(scenario)
    done = ingest_to_store(paths or [], None)
    _report_errors(done.result.errors)
    if claims is not None:
        found = read_claims(claims)
    else:
        if not done.result.documents:
            raise DetenteError("DT403", "give articles or --claims DIR", hint="see --help")
        found = extract(done.result.documents, loaded).claims
    report, _ = propose(scenario, found, done.result.documents, out, dry_run)
    for line in report.lines():
        stdout.print(line, markup=False)
    verb = "would change" if dry_run or out is None else "changed"
    stdout.print(
        f"{verb}: {len(report.added)} positions added, {len(report.filled)} filled, "
        f"{len(report.kept)} kept as the analyst set them, {len(report.sources_added)} sources added"
        + (f"; wrote {out}" if out is not None and not dry_run else "")
    )


@app.command("eval")
def eval_cmd(
    gold: list[Path] = typer.Option(
        ..., "--gold", help="Gold JSONL file(s) (claims and/or facts)."
    ),
    pred: Path = typer.Option(..., "--pred", help="Folder written by `detente extract --out`."),
) -> None:
    """Precision, recall and F1 of extracted claims and facts against gold annotations."""
    table = Table(title="evaluation")
    for column in ("what", "gold", "predicted", "precision", "recall", "F1"):
        table.add_column(column)
    for score in evaluate(gold, pred):
        table.add_row(
            score.name,
            str(score.gold),
            str(score.predicted),
            f"{score.precision:.3f}",
            f"{score.recall:.3f}",
            f"{score.f1:.3f}",
        )
    stdout.print(table)
