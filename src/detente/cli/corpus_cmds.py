"""Corpus commands: ingest, extract, propose, eval. Thin: each calls a workflow.

The workflows are imported inside each command: they load spaCy, which would otherwise add a
second to the start-up of every detente command, `--help` included.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from detente.cli.app import app, stderr, stdout
from detente.errors import DetenteError
from detente.workflows.options import DEFAULT_STANCE

if TYPE_CHECKING:
    from detente.domain import Document

Paths = Annotated[
    list[Path], typer.Argument(help="Files or folders of .txt, .md, .html, .jsonl articles.")
]


def report_errors(errors: list[DetenteError]) -> None:
    for error in errors:
        stderr.print(str(error), markup=False)


def stored_counts(docs: list[Document], counts: dict[str, int]) -> str:
    """What a write to the store did, as ingest and fetch both report it."""
    from detente.domain.wording import plural

    dups = sum(1 for d in docs if d.duplicate_of or d.near_duplicate_of)
    return (
        f"{counts['added']} added, {counts['replaced']} replaced, {counts['unchanged']} "
        f"unchanged; {plural(dups, 'duplicate')} linked"
    )


def _report_skipped(skipped: list[tuple[str, str]]) -> None:
    """Files a folder held that were not read: shown, so "0 documents" is never a mystery."""
    for path, reason in skipped[:10]:
        stderr.print(f"skipped {path}: {reason}", markup=False, highlight=False)
    if len(skipped) > 10:
        from detente.domain.wording import plural

        stderr.print(f"... and {plural(len(skipped) - 10, 'more file')} skipped", markup=False)


def _exit_if_rejected(went_in: int, errors: list[DetenteError]) -> None:
    """Exit 2 when some inputs were rejected, after saying that the good ones went in."""
    if errors:
        from detente.domain.wording import plural

        stderr.print(
            f"{plural(went_in, 'document')} went in; {plural(len(errors), 'input')} rejected "
            "(listed above): exit 2",
            markup=False,
        )
        raise typer.Exit(2)


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
    paths: Paths,
    db: Annotated[Path, typer.Option("--db", help="SQLite corpus store (created if missing).")],
    outlet: Annotated[str | None, typer.Option(help="Outlet for documents naming none.")] = None,
    date: Annotated[str | None, typer.Option(help="YYYY-MM-DD for undated documents.")] = None,
    workers: Annotated[
        int | None,
        typer.Option(help="Read and parse the files on a local Dask cluster of N workers."),
    ] = None,
    scheduler: Annotated[
        str | None, typer.Option(help="Read them on the Dask cluster at tcp://HOST:PORT.")
    ] = None,
) -> None:
    """Read articles into the corpus store: normalised, hashed, duplicates linked."""
    from rich.progress import MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

    from detente.domain.wording import plural
    from detente.workflows.ingest import ingest_to_store

    when = _date(date)
    with Progress(
        SpinnerColumn(),
        TextColumn("reading files"),
        MofNCompleteColumn(),
        console=stderr.console,
        transient=True,
    ) as bar:
        task = bar.add_task("ingest", total=None)
        done = ingest_to_store(
            paths,
            db,
            workers=workers,
            scheduler=scheduler,
            progress=lambda n: bar.advance(task, n),
            outlet=outlet,
            date=when,
        )
    report_errors(done.result.errors)
    _report_skipped(done.result.skipped)
    docs = done.result.documents
    stdout.print(
        f"ingested {plural(len(docs), 'document')} into {db}: "
        f"{stored_counts(docs, done.counts)}; {len(done.result.errors)} rejected"
    )
    _exit_if_rejected(len(docs), done.result.errors)
    if not docs and done.result.skipped:
        from detente.workflows.ingest import SUFFIXES

        raise DetenteError(
            "DT307",
            f"no file given is in a format detente reads ({len(done.result.skipped)} skipped)",
            hint=f"convert them to one of {', '.join(SUFFIXES)}",
        )


@app.command("extract")
def extract_cmd(
    paths: Paths,
    scenario: Annotated[
        Path | None, typer.Option(help="Scenario whose actors and issues to use.")
    ] = None,
    db: Annotated[Path | None, typer.Option("--db", help="Also store the results here.")] = None,
    out: Annotated[Path, typer.Option("--out", help="Folder for the JSONL outputs.")] = Path(
        "out/extract"
    ),
    no_embeddings: Annotated[
        bool,
        typer.Option(
            "--no-embeddings",
            help="Match issues by keywords only (faster); needs --scenario.",
            show_default=False,
        ),
    ] = False,
    stance: Annotated[
        str,
        typer.Option(
            help="Stance step: stance.v3 (cross-encoder over stance.v2's candidates, the most "
            "accurate), stance.v2 (learned MLP, about twice as fast) or stance.v1 (rules)."
        ),
    ] = DEFAULT_STANCE,
    workers: Annotated[
        int | None,
        typer.Option(help="Partition the documents over a local Dask cluster of N workers."),
    ] = None,
    scheduler: Annotated[
        str | None, typer.Option(help="Partition them over the Dask cluster at tcp://HOST:PORT.")
    ] = None,
) -> None:
    """Claims, facts and cross-source conflicts from articles, each pinned to its sentence."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )
    from rich.table import Table

    from detente.domain.wording import plural
    from detente.io import load_scenario
    from detente.workflows.extract import check_settings, extract, summary, write_outputs
    from detente.workflows.ingest import ingest_to_store

    check_settings(scenario, use_embeddings=not no_embeddings)
    loaded = load_scenario(scenario) if scenario is not None else None
    done = ingest_to_store(paths, None)
    report_errors(done.result.errors)
    documents = done.result.documents
    if not documents:
        raise DetenteError("DT403", "no readable documents among the inputs")
    # Shown from the start: loading the language models alone takes seconds.
    with Progress(
        SpinnerColumn(),
        TextColumn("extracting documents"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=stderr.console,
        transient=True,
    ) as bar:
        task = bar.add_task("extract", total=len(documents))
        result = extract(
            documents,
            loaded,
            db=db,
            use_embeddings=not no_embeddings,
            stance=stance,
            progress=lambda n: bar.advance(task, n),
            workers=workers,
            scheduler=scheduler,
        )
    written = write_outputs(result, out, proposed_scenario=loaded is None)
    table = Table(title=f"extraction ({plural(len(documents), 'document')})", show_header=False)
    for key, value in summary(result).items():
        table.add_row(key, str(value))
    stdout.print(table)
    stdout.print("wrote " + ", ".join(str(p) for p in written))
    if loaded is None:
        stdout.print("note: scenario.proposed.yaml is a rough clustering; `detente init` drafts")
        stdout.print("a scenario with grouped parties, named issues and a review list.")
    _exit_if_rejected(len(documents), done.result.errors)


@app.command("propose")
def propose_cmd(
    scenario: Annotated[
        Path | None,
        typer.Option(help="Scenario to merge into; without it, draft one (as `detente init`)."),
    ] = None,
    paths: Annotated[
        list[Path] | None, typer.Argument(help="The articles (re-extracted unless --claims).")
    ] = None,
    claims: Annotated[
        Path | None, typer.Option(help="Folder with claims.jsonl from `detente extract`.")
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Write the merged scenario here.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only print the changes.")] = False,
) -> None:
    """Positions, salience, confidence from claims, merged without overwriting analyst values."""
    from detente.domain.wording import plural
    from detente.io import load_scenario

    if scenario is None:
        from detente.cli.init_cmds import DEFAULT_OUT, run_init

        if claims is not None or not paths:
            raise DetenteError(
                "DT403", "without --scenario, give the articles to draft from", hint="see --help"
            )
        return run_init(paths, out or DEFAULT_OUT)
    from detente.workflows.extract import extract, read_claims
    from detente.workflows.ingest import ingest_to_store
    from detente.workflows.propose import propose

    loaded = load_scenario(scenario)
    done = ingest_to_store(paths or [], None)
    report_errors(done.result.errors)
    if claims is not None:
        found = read_claims(claims)
    else:
        if not done.result.documents:
            raise DetenteError("DT403", "give articles or --claims DIR", hint="see --help")
        found = extract(done.result.documents, loaded).claims
    report = propose(scenario, found, done.result.documents, out, dry_run)
    for line in report.lines():
        stdout.print(line, markup=False)
    verb = "would change" if dry_run or out is None else "changed"
    stdout.print(
        f"{verb}: {plural(len(report.added), 'position')} added, {len(report.filled)} filled, "
        f"{len(report.kept)} kept as the analyst set them, "
        f"{plural(len(report.sources_added), 'source')} added"
        + (f"; wrote {out}" if out is not None and not dry_run else "")
    )


@app.command("eval")
def eval_cmd(
    gold: Annotated[list[Path], typer.Option("--gold", help="Gold JSONL file(s).")],
    pred: Annotated[Path, typer.Option("--pred", help="Folder written by `detente extract`.")],
) -> None:
    """Precision, recall and F1 of extracted claims and facts against gold annotations."""
    from rich.table import Table

    from detente.workflows.extract import evaluate

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
