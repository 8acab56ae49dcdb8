"""The Typer application that every command module registers on.

Commands live in small modules next to this one and call the library; they hold no logic of
their own. A :class:`~detente.errors.DetenteError` anywhere below a command is printed as one
coded line on stderr and ends the process with status 2, never with a traceback.
"""

from __future__ import annotations

from typing import Any

import typer
from rich.console import Console
from typer.core import TyperGroup

from detente.errors import DetenteError

# No emoji codes: ":warning:" in a title or note must reach the user (and JSON output) as typed.
stderr = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)
stdout = Console(highlight=False, soft_wrap=True, emoji=False)


class _CodedErrorGroup(TyperGroup):
    # ``ctx`` is typer's vendored click Context, which typer does not export; typer no longer
    # depends on the click package, so naming ``click.Context`` here would import a package
    # that only happens to be installed.
    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except DetenteError as error:
            stderr.print(str(error), markup=False)
            ctx.exit(2)


app = typer.Typer(
    cls=_CodedErrorGroup,
    name="detente",
    help="From news coverage of a negotiation to cited positions, forecasts and package deals.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _print_version(value: bool) -> None:
    if value:
        from detente import __version__

        stdout.print(f"detente {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_print_version, is_eager=True, help="Print the version."
    ),
) -> None:
    """From news coverage of a negotiation to cited positions, forecasts and package deals."""
