"""``detente init``: draft a scenario from articles alone, with the list of what to review.

Self-contained: the library is imported inside the command (it loads spaCy), and
``detente propose`` without ``--scenario`` calls :func:`run_init` too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from detente.cli.app import app, stderr, stdout

DEFAULT_OUT = Path("out/draft.yaml")


def run_init(
    paths: list[Path],
    out: Path,
    *,
    parties: str | None = None,
    db: Path | None = None,
    use_embeddings: bool = True,
    force: bool = False,
) -> None:
    """Draft, write ``out`` (never over an existing file unless ``force``), print the review."""
    from rich.progress import Progress

    from detente.errors import DetenteError
    from detente.workflows.ingest import ingest_to_store
    from detente.workflows.init import draft_from_documents, store_draft, write_draft

    if out.exists() and not force:
        raise DetenteError(
            "DT409",
            "will not overwrite an existing scenario with a draft",
            location=str(out),
            hint="choose another --out, or pass --force",
        )
    done = ingest_to_store(paths, None)
    for error in done.result.errors:
        stderr.print(str(error), markup=False)
    documents = done.result.documents
    if not documents:
        raise DetenteError("DT403", "no readable documents among the inputs", hint="see --help")
    wanted = [p for p in (parties or "").split(",") if p.strip()] or None
    with Progress(console=stderr.console, transient=True) as bar:
        task = bar.add_task("drafting", total=len(documents))
        run = draft_from_documents(
            documents,
            parties=wanted,
            use_embeddings=use_embeddings,
            progress=lambda n: bar.advance(task, n),
        )
    written = write_draft(run, out)
    if db is not None:
        store_draft(run, documents, db)
    scenario = run.draft.scenario
    stdout.print(
        f"DRAFT written to {written}: {len(scenario.actors)} parties, {len(scenario.issues)} "
        f"issues, {len(scenario.positions)} positions from {len(documents)} articles. "
        "It is a draft: nothing in it is checked.",
        markup=False,
    )
    stdout.print(f"Review list ({len(run.review)} items, also at the top of the file):")
    for item in run.review:
        stdout.print(f"- {item.line()}", markup=False, highlight=False)
    stdout.print(f"Next: edit {written}, then `detente validate {written}`.", markup=False)
    if done.result.errors:
        raise typer.Exit(2)


@app.command("init")
def init_cmd(
    paths: Annotated[
        list[Path], typer.Argument(help="Files or folders of .txt, .md, .html, .jsonl articles.")
    ],
    out: Annotated[Path, typer.Option("--out", help="Where to write the draft.")] = DEFAULT_OUT,
    parties: Annotated[
        str | None,
        typer.Option(help="Comma-separated parties to draft, e.g. us,russia,ukraine,europe."),
    ] = None,
    db: Annotated[
        Path | None, typer.Option("--db", help="Also store the articles and drafted claims.")
    ] = None,
    no_embeddings: Annotated[
        bool, typer.Option("--no-embeddings", help="Keywords only (faster, rougher).")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite --out if it exists.")] = False,
) -> None:
    """Draft a scenario from articles alone: parties, issues, positions and a review list."""
    run_init(paths, out, parties=parties, db=db, use_embeddings=not no_embeddings, force=force)
