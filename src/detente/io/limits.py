"""Input limits checked before or around parsing, so hostile files get a coded error, not a crash.

Each limit turns a Python failure deep inside a parser into a located ``DetenteError``:
integers longer than Python's int-to-string limit (4,300 digits) raise ``ValueError`` in
``int()``; nesting a few hundred levels deep raises ``RecursionError`` in the YAML composer and
in every recursive walk after it; impossible dates raise ``ValueError`` in ``datetime.date``.

:func:`check_reading_budget` bounds the time: the round-trip YAML reader (which keeps comments
and positions for located errors and in-place edits) costs about 0.1 ms per line or list entry,
and a run of comment lines costs more than linear time, so the 5 MiB size limit alone allowed
minutes of CPU (2.6 million comment lines, or a flow list of a million numbers).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from detente.errors import DetenteError

# Deeper than any scenario needs (evidence sits at depth 4), far below the recursion limit.
MAX_DEPTH = 32
MAX_DIGITS = 4300  # sys.get_int_max_str_digits() default; longer integers cannot be read
_LONG_NUMBER = re.compile(rf"\d{{{MAX_DIGITS + 1},}}")
_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d])")
_OPENERS = frozenset("[{")
# Lines plus in-line list and mapping entries one YAML or JSON scenario may hold: a scenario of
# 10,000 positions in block style has about 41,000 and reads in about 4 s on a loaded 2-core
# machine (the flagship has 900). Larger ones belong in an actor-table or KTAB .csv.
MAX_ENTRIES = 50_000


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def number_too_long(text: str, name: str) -> DetenteError:
    found = _LONG_NUMBER.search(text)
    where = f"{name}:{':'.join(map(str, _line_col(text, found.start())))}" if found else name
    digits = len(found.group()) if found else MAX_DIGITS + 1
    return DetenteError.of("DT121", location=where, digits=digits, limit=MAX_DIGITS)


def impossible_date(text: str, name: str, problem: str) -> DetenteError:
    """DT119 at the first YYYY-MM-DD in ``text`` that is not a calendar date."""
    for found in _DATE.finditer(text):
        year, month, day = (int(g) for g in found.groups())
        try:
            dt.date(year, month, day)
        except ValueError:
            line, col = _line_col(text, found.start())
            return DetenteError.of(
                "DT119.date", location=f"{name}:{line}:{col}", date=found.group(), problem=problem
            )
    return DetenteError.of("DT119.some_date", location=name, problem=problem)


def too_deep(text: str, name: str) -> DetenteError:
    """DT120 at the first bracket that opens level ``MAX_DEPTH + 1`` (flow style or JSON)."""
    depth, where = 0, name
    for offset, char in enumerate(text):
        if char in _OPENERS:
            depth += 1
            if depth > MAX_DEPTH:
                line, col = _line_col(text, offset)
                where = f"{name}:{line}:{col}"
                break
        elif char in "]}":
            depth = max(0, depth - 1)
    return DetenteError.of("DT120", location=where, limit=MAX_DEPTH)


def check_reading_budget(text: str, name: str) -> None:
    """DT123 before parsing when ``text`` has more than :data:`MAX_ENTRIES` lines and in-line
    entries (a comma not ending its line); counting them is one pass of ``str.count``."""
    lines = text.count("\n") + (not text.endswith("\n"))
    entries = lines + text.count(",") - text.count(",\n")
    if entries > MAX_ENTRIES:
        raise DetenteError.of(
            "DT123", location=name, lines=lines, entries=entries - lines, limit=MAX_ENTRIES
        )


def parse_failure(exc: ValueError, text: str, name: str) -> DetenteError:
    """The coded error for a ``ValueError`` a parser raised while building values."""
    message = str(exc)
    if "integer string conversion" in message or "digits" in message:
        return number_too_long(text, name)
    return impossible_date(text, name, message)


def check_depth(data: Any, text: str, name: str) -> None:
    """DT120 when a parsed tree is deeper than ``MAX_DEPTH`` (iterative: no recursion)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    seen: set[int] = set()
    while stack:
        node, depth = stack.pop()
        if not isinstance(node, dict | list) or id(node) in seen:
            continue
        if depth > MAX_DEPTH:
            raise too_deep(text, name)
        seen.add(id(node))
        children = node.values() if isinstance(node, dict) else node
        stack.extend((child, depth + 1) for child in children)
