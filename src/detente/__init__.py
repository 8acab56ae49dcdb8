"""detente: from news coverage of a negotiation to cited positions, forecasts and deals."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # Looked up on first use: importlib.metadata costs every command, `--help` included, more
    # than the rest of the package root.
    if name != "__version__":
        raise AttributeError(f"module 'detente' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("detente")
    except PackageNotFoundError:  # running from a source tree that was never installed
        found = "0.0.0+unknown"
    globals()["__version__"] = found
    return found


__all__ = ["__version__"]
