"""The Typer application that every command module registers on.

Commands live in small modules next to this one and call the workflows; they hold no logic of
their own, and import the workflows inside the command body, so that ``detente --help`` and a
small ``validate`` start in a fraction of a second (benchmarks/bench_startup.py). A
:class:`~detente.errors.DetenteError` anywhere below a command is printed as one coded line on
stderr and ends the process with status 2, never with a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from detente.errors import DetenteError, DetenteErrors

if TYPE_CHECKING:
    from rich.console import Console


class _LazyConsole:
    """A Rich console made on first use: importing Rich costs more start-up than the rest of
    ``detente --help``, which prints through typer and never needs it."""

    def __init__(self, **settings: Any) -> None:
        self._settings = settings
        self._console: Console | None = None

    @property
    def console(self) -> Console:
        """The Rich console itself, for ``Progress(console=...)`` and the like."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._settings)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.console, name)


# No emoji codes: ":warning:" in a title or note must reach the user (and JSON output) as typed.
stderr = _LazyConsole(stderr=True, highlight=False, soft_wrap=True, emoji=False)
stdout = _LazyConsole(highlight=False, soft_wrap=True, emoji=False)


# A file with an error on each of 100,000 rows would otherwise print 100,000 lines.
MAX_PRINTED_ERRORS = 50


def print_error(error: DetenteError) -> None:
    """The coded lines of ``error`` on stderr, the first :data:`MAX_PRINTED_ERRORS` of many."""
    # Plain text, without Rich: a coded line needs no layout, and a failing `validate` starts
    # faster without it.
    if isinstance(error, DetenteErrors) and len(error.errors) > MAX_PRINTED_ERRORS:
        shown = DetenteErrors(error.errors[:MAX_PRINTED_ERRORS])
        typer.echo(str(shown), err=True)
        more = len(error.errors) - MAX_PRINTED_ERRORS
        typer.echo(f"... and {more:,} more errors: fix these and run again", err=True)
        return
    typer.echo(str(error), err=True)


def _plain_names(params: list[Any]) -> list[Any]:
    # Typer labels a flag ``<bool>`` as if it took a value (a flag takes none) and names an
    # argument in lower case; arguments are written in capitals, as in the usage line.
    for param in params:
        if isinstance(param, TyperOption) and param.is_flag and param.metavar is None:
            param.metavar = ""
        elif isinstance(param, TyperArgument) and param.metavar is None and param.name:
            param.metavar = param.name.upper()
    return params


class _Command(TyperCommand):
    """Help that reads as one types the command: ``detente validate [OPTIONS] FILE``."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _plain_names(super().get_params(ctx))

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        # Typer writes a required argument as ``{file}``; the usual spelling is ``FILE``.
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument):
                name = str(param.metavar) if param.required else f"[{param.metavar}]"
                pieces.append(name + ("..." if param.nargs != 1 else ""))
        return pieces


class _CodedErrorGroup(TyperGroup):
    # ``ctx`` is typer's vendored click Context, which typer does not export; typer no longer
    # depends on the click package, so naming ``click.Context`` here would import a package
    # that only happens to be installed.
    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except DetenteError as error:
            print_error(error)
            ctx.exit(2)

    def get_params(self, ctx: Any) -> list[Any]:
        return _plain_names(super().get_params(ctx))


class _Typer(typer.Typer):
    """Every ``@app.command()`` gets the help of :class:`_Command`."""

    def command(  # type: ignore[override]
        self, name: str | None = None, *, cls: type[TyperCommand] | None = None, **settings: Any
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        return super().command(name, cls=cls or _Command, **settings)


app = _Typer(
    cls=_CodedErrorGroup,
    name="detente",
    help="From news coverage of a negotiation to cited positions, forecasts and package deals.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=False,
)


def _print_version(value: bool) -> None:
    if value:
        from detente import __version__

        typer.echo(f"detente {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_print_version, is_eager=True, help="Print the version."
    ),
) -> None:
    """From news coverage of a negotiation to cited positions, forecasts and package deals."""
