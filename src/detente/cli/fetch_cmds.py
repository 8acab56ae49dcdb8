"""``detente fetch``: pages and feeds into the corpus store (see detente.corpus.fetch)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from detente.cli.app import app, stderr, stdout
from detente.cli.corpus_cmds import report_errors, stored_counts
from detente.errors import DetenteError


def _read_url_file(path: Path) -> list[str]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DetenteError(
            "DT301", f"cannot read the URL list: {exc}", location=str(path)
        ) from None
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


@app.command()
def fetch(
    urls: Annotated[
        list[str] | None, typer.Argument(help="Article URLs.", show_default=False)
    ] = None,
    db: Annotated[
        Path, typer.Option("--db", help="SQLite corpus store (created if missing).")
    ] = Path("out/corpus.db"),
    feed: Annotated[
        list[str] | None, typer.Option("--feed", help="RSS or Atom feed URL (repeatable).")
    ] = None,
    url_file: Annotated[
        Path | None, typer.Option("--urls", help="File with one URL per line ('#' comments).")
    ] = None,
    delay: Annotated[float, typer.Option(help="Seconds between requests to one host.")] = 1.0,
    timeout: Annotated[float, typer.Option(help="Seconds to connect and per read.")] = 10.0,
    retries: Annotated[int, typer.Option(help="Further tries after a timeout or a 5xx.")] = 2,
    max_items: Annotated[int, typer.Option(help="Articles taken from each feed.")] = 50,
) -> None:
    """Download articles (robots.txt obeyed, rate-limited), keep their HTML, store their text."""
    from rich.progress import Progress

    from detente.workflows.fetch import FetchSettings, fetch_to_store

    targets = list(urls or []) + (_read_url_file(url_file) if url_file else [])
    if not targets and not feed:
        raise DetenteError("DT301", "no URL given", hint="name URLs, --feed URL or --urls FILE")
    settings = FetchSettings(
        timeout=timeout, retries=retries, delay=delay, max_feed_items=max_items
    )
    with Progress(console=stderr.console, transient=True) as progress:
        task = progress.add_task("fetching", total=None)
        done = fetch_to_store(
            targets,
            db,
            feeds=feed or [],
            settings=settings,
            on_page=lambda url: progress.advance(task),
        )
    report_errors(done.result.errors)
    docs = done.result.documents
    stdout.print(
        f"fetched {len(docs)} {'page' if len(docs) == 1 else 'pages'} into {db}: "
        f"{stored_counts(docs, done.counts)}; {len(done.result.errors)} failed"
    )
    if done.result.errors:
        raise typer.Exit(2)
