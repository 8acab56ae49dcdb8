"""Monte Carlo, sensitivity and what-if over scenarios (pure functions over arrays and data)."""

from detente.mc.backends import Backend, run_mc
from detente.mc.summary import McResult

__all__ = ["Backend", "McResult", "run_mc"]
