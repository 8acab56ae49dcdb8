"""Shared pieces of the fuzzing tests (tests/io/test_fuzz_formats.py, tests/corpus/
test_fuzz_ingest.py): hostile edits of a valid input, the bounded Hypothesis settings, the
check every CLI run must pass, and a hang detector.

Time is bounded by detente's own budget checks (file size, nesting, digits, the YAML reading
budget, the deal-space and model cost estimates) which refuse before the work; the watchdog
here only turns a hang into a failing example instead of a stuck test run.
"""

from __future__ import annotations

import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from typer.testing import Result

# Derandomized (a fixed seed per test), no example database, few examples: the whole of both
# files stays well under a minute on a loaded 2-core machine.
FUZZ = settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
HANG_SECONDS = 120  # far above any budget-checked run; only a hang reaches it

# Pieces that broke parsers before, and the characters their syntax turns on.
NASTY = (
    "9" * 4301,
    "[" * 300,
    "{" * 300,
    ".inf",
    "-.inf",
    ".nan",
    "1e309",
    "-1.8e308",
    "1.7976931348623157e308",
    "2025-02-30",
    "2025-13-45",
    "<<: {a: 1}",
    "&a",
    "*a",
    "!!python/object/apply:os.system ['true']",
    "!!binary aGk=",
    "%YAML 1.1\n---\n",
    "\x00",
    "\x1b[2J",
    "\u202e",
    "\ufeff",
    "x" * 140_000,
    "-0",
    "0x1F",
    "1_000",
    "~",
    "null",
    "true",
    "[]",
    "{}",
    '"',
    "'",
    ",",
    ";",
    ":",
    "- ",
    "? ",
    "#",
    "\t",
    "\n",
    "\r",
    "\\ud800",
    "---\n",
    "...",
)
_EDIT = st.tuples(
    st.sampled_from(("insert", "replace", "delete", "duplicate")),
    st.floats(min_value=0, max_value=1),
    st.integers(min_value=0, max_value=40),
    st.one_of(st.sampled_from(NASTY), st.text(max_size=12)),
)


def _apply(text: str, edit: tuple[str, float, int, str]) -> str:
    kind, where, length, piece = edit
    at = int(where * len(text))
    if kind == "insert":
        return text[:at] + piece + text[at:]
    if kind == "replace":
        return text[:at] + piece + text[at + length :]
    if kind == "delete":
        return text[:at] + text[at + length :]
    return text[:at] + text[at : at + length] * 2 + text[at + length :]


def mutations(seed: str) -> st.SearchStrategy[str]:
    """``seed`` itself, or ``seed`` after one to four hostile edits."""
    return st.lists(_EDIT, max_size=4).map(lambda edits: _reduce(seed, edits))


_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?![\w.-])")
_VALUES = st.one_of(
    st.sampled_from(("0", "-0", "1e-320", "1e308", "1.7976931348623157e308", "-1e308", "1e16")),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.floats(allow_nan=False, allow_infinity=False, width=64).map(repr),
    st.floats(min_value=-1, max_value=101).map(lambda v: f"{v:.6g}"),
)


def value_swaps(seed: str) -> st.SearchStrategy[str]:
    """``seed`` with some of its numbers replaced by extreme ones, the rest of its syntax
    intact: such files pass the parser and reach validation, the models and the deal space."""
    spots = [m.span() for m in _NUMBER.finditer(seed)]
    swaps = st.dictionaries(st.integers(0, len(spots) - 1), _VALUES, min_size=1, max_size=4)
    return swaps.map(lambda chosen: _swap(seed, spots, chosen))


def _swap(seed: str, spots: list[tuple[int, int]], chosen: dict[int, str]) -> str:
    out, last = [], 0
    for k, (start, end) in enumerate(spots):
        if k in chosen:
            out += [seed[last:start], chosen[k]]
            last = end
    return "".join([*out, seed[last:]])


def hostile(seed: str) -> st.SearchStrategy[str]:
    """Syntax-breaking edits or extreme values: the two ways an input goes wrong."""
    return st.one_of(mutations(seed), value_swaps(seed))


def _reduce(seed: str, edits: list[tuple[str, float, int, str]]) -> str:
    text = seed
    for edit in edits:
        text = _apply(text, edit)
    return text


def encoded(text: str, junk: bytes) -> bytes:
    """The UTF-8 bytes of ``text`` (lone surrogates escaped) with ``junk`` bytes at the end;
    junk that is not UTF-8 must be a coded error too."""
    return text.encode("utf-8", "backslashreplace") + junk


JUNK = st.one_of(st.just(b""), st.just(b""), st.binary(max_size=6))
CODED_LINE = re.compile(r"^\[DT\d{3}\] ", re.M)


def assert_coded(result: Result, what: str) -> None:
    """Exit 0 or 2; on 2 a ``[DTnnn]`` line on stderr; never a traceback or a stray exception."""
    output = result.stdout + result.stderr
    assert "Traceback" not in output, f"{what}: traceback\n{output[-3000:]}"
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{what}: {result.exception!r}"
    )
    assert result.exit_code in (0, 2), f"{what}: exit {result.exit_code}\n{output[-3000:]}"
    if result.exit_code == 2:
        assert CODED_LINE.search(result.stderr), f"{what}: exit 2 without a code\n{output[-3000:]}"


class Hang(Exception):
    """A run went past HANG_SECONDS: some input escaped every budget check."""


@contextmanager
def watchdog(seconds: float = HANG_SECONDS) -> Iterator[None]:
    def fire(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"no result after {seconds} s")

    previous = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
