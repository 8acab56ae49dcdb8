"""Command-line interface: ``detente COMMAND``. Each module registers its commands on ``app``."""

# The order of these imports is the order of the commands in `detente --help`, not alphabetical.
# isort: off
from detente.cli import scenario_cmds  # noqa: F401  (registers validate, show, convert, schema)
from detente.cli import edit_cmds  # noqa: F401  (registers edit, rename)
from detente.cli import forecast_cmds  # noqa: F401  (registers forecast, backtest)
from detente.cli import deals_cmds  # noqa: F401  (registers deals, simulate, export-genius)
from detente.cli import corpus_cmds  # noqa: F401  (registers ingest, extract, propose, eval)
from detente.cli import init_cmds  # noqa: F401  (registers init)
from detente.cli import fetch_cmds  # noqa: F401  (registers fetch)
from detente.cli import timeline_cmds  # noqa: F401  (registers timeline)
from detente.cli import report_cmds  # noqa: F401  (registers report, serve)
from detente.cli import mc_cmds  # noqa: F401  (registers mc, sensitivity, whatif)

# isort: on
from detente.cli.app import app


def main() -> None:
    app(prog_name="detente")


__all__ = ["app", "main"]
