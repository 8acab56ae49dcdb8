"""Read an input file as text, with the checks every input shares: a regular file, small, UTF-8.

:func:`read_text_file` is the one bounded reader of the project: scenario formats and the corpus
ingest both read through it. Each caller names its error codes (:class:`ReadCodes`): a scenario
file reports DT117/DT104/DT103, an ingested article DT301/DT304/DT310 (and DT302 for a binary
file), so the checks are shared while every error still says which kind of input failed.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

from detente.errors import DetenteError

MAX_FILE_BYTES = 5 * 1024 * 1024
# NUL bytes in the first block mark a binary file (the same test as git's and grep's).
BINARY_PROBE_BYTES = 8192


@dataclass(frozen=True)
class ReadCodes:
    """The message templates (see :data:`detente.errors.MESSAGES`) one kind of input uses."""

    missing: str  # the file does not exist
    unreadable: str  # the OS refused to read it; field ``reason``
    not_regular: str  # a folder, pipe, socket or device (opening a pipe would block)
    too_large: str  # fields ``size``, ``limit``
    not_utf8: str  # fields ``byte``, ``offset``
    binary: str | None = None  # NUL bytes near the start; None: not checked


SCENARIO_FILE = ReadCodes(
    missing="DT117",
    unreadable="DT117.unreadable",
    not_regular="DT117.not_a_file",
    too_large="DT104",
    not_utf8="DT103",
)
INGEST_FILE = ReadCodes(
    missing="DT301",
    unreadable="DT301.unreadable",
    not_regular="DT301.not_regular",
    too_large="DT304",
    not_utf8="DT310",
    binary="DT302",
)


def read_text_file(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = MAX_FILE_BYTES,
    codes: ReadCodes = SCENARIO_FILE,
) -> str:
    """The UTF-8 text of ``path`` (a leading BOM dropped, line ends normalised to ``\\n``).

    Raises ``codes.missing``/``unreadable``/``not_regular`` when the file cannot be read,
    ``codes.too_large`` when it is larger than ``max_bytes`` (checked before reading, so a huge
    file is never loaded), ``codes.binary`` for NUL bytes near the start (when set) and
    ``codes.not_utf8`` with the byte offset, line and column of the first byte that is not UTF-8.
    """
    source = Path(path)
    try:
        size = source.stat().st_size
    except OSError as exc:
        raise unreadable_file(source, exc, codes) from exc
    if not source.is_file():
        raise DetenteError.of(codes.not_regular, location=str(source))
    if size > max_bytes:
        raise DetenteError.of(codes.too_large, location=str(source), size=size, limit=max_bytes)
    try:
        raw = source.read_bytes()
    except OSError as exc:
        raise unreadable_file(source, exc, codes) from exc
    if codes.binary is not None and b"\x00" in raw[:BINARY_PROBE_BYTES]:
        raise DetenteError.of(codes.binary, location=str(source))
    return decode_utf8(raw, str(source), codes.not_utf8)


def unreadable_file(
    source: Path, exc: OSError | None = None, codes: ReadCodes = SCENARIO_FILE
) -> DetenteError:
    """The error for a file that is missing (``exc`` None or FileNotFoundError) or cannot be
    read: the one wording every reader of one kind of input uses."""
    if exc is None or isinstance(exc, FileNotFoundError):
        return DetenteError.of(codes.missing, location=str(source))
    return DetenteError.of(codes.unreadable, location=str(source), reason=exc.strerror)


def decode_utf8(raw: bytes, name: str, code: str = "DT103") -> str:
    """Decode ``raw`` as UTF-8 (line ends normalised) or raise ``code`` at the first bad byte."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise DetenteError.of(
            code, location=f"{name}:{line}:{column}", byte=raw[exc.start], offset=exc.start
        ) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def first_line(text: str) -> str:
    """The first line of ``text`` that is not blank ("" when there is none)."""
    return next((line for line in text.splitlines() if line.strip()), "")


def finite_number(text: str) -> float | None:
    """The number in a table cell, or None when it is not one (NaN and infinities are not)."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None
