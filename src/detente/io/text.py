"""Read an input file as text, with the checks every format shares: present, small, UTF-8."""

from __future__ import annotations

import math
import os
from pathlib import Path

from detente.errors import DetenteError

MAX_FILE_BYTES = 5 * 1024 * 1024


def read_text_file(path: str | os.PathLike[str], *, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The UTF-8 text of ``path`` (a leading BOM dropped, line ends normalised to ``\\n``).

    Raises DT117 when the file is missing or unreadable, DT104 when it is larger than
    ``max_bytes`` (checked before reading, so a huge file is never loaded), DT103 with the
    byte offset, line and column of the first byte that is not UTF-8.
    """
    source = Path(path)
    try:
        size = source.stat().st_size
    except OSError as exc:
        raise unreadable_file(source, exc) from exc
    if not source.is_file():
        raise DetenteError("DT117", "not a file", location=str(source), hint="give a file path")
    if size > max_bytes:
        raise DetenteError(
            "DT104",
            f"file is {size} bytes, more than the limit of {max_bytes}",
            location=str(source),
            hint="split the scenario or raise the limit",
        )
    try:
        raw = source.read_bytes()
    except OSError as exc:
        raise unreadable_file(source, exc) from exc
    return decode_utf8(raw, str(source))


def unreadable_file(source: Path, exc: OSError | None = None) -> DetenteError:
    """DT117 for a file that is missing (``exc`` None or FileNotFoundError) or cannot be read:
    the one wording every reader uses."""
    if exc is None or isinstance(exc, FileNotFoundError):
        return DetenteError("DT117", "file not found", location=str(source))
    return DetenteError("DT117", f"cannot read file: {exc.strerror}", location=str(source))


def decode_utf8(raw: bytes, name: str) -> str:
    """Decode ``raw`` as UTF-8 or raise DT103 naming the byte offset of the first bad byte."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise DetenteError(
            "DT103",
            f"byte {raw[exc.start]:#04x} at byte offset {exc.start} is not UTF-8",
            location=f"{name}:{line}:{column}",
            hint="save the file as UTF-8",
        ) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def finite_number(text: str) -> float | None:
    """The number in a table cell, or None when it is not one (NaN and infinities are not)."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None
