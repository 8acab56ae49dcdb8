"""Rich progress bars for long work that reports its stages (``workflows.mc.Stage``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from detente.cli.app import stderr

Advance = Callable[[int], None]
Stage = Callable[[str, int], Advance]


@contextmanager
def stage_bars(title: str | None = None) -> Iterator[Stage]:
    """A stage function for the workflows: each ``stage(what, total)`` opens a bar on stderr
    (count, rate, time left) and returns its ``advance(n)``; ``title`` is a line without a count
    shown for the whole work; the bars vanish when done."""
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=stderr.console, transient=True) as bar:
        if title:
            bar.add_task(title, total=None, rate="")

        def open_stage(what: str, total: int) -> Advance:
            task = bar.add_task(what, total=total, rate="")

            def advance(n: int) -> None:
                bar.advance(task, n)
                speed = next(t.speed for t in bar.tasks if t.id == task)
                bar.update(task, rate=f"{speed:.1f} {what}/s" if speed else "")

            return advance

        yield open_stage
