"""Coded, searchable errors.

Every error a user can cause carries a stable code (``DT101``), a location (``file:line:column``
or ``file:line`` or a field path) and a hint. The CLI prints ``str(error)`` and exits with
status 2; no traceback reaches the user. Codes are never reused for another meaning: retire a
code by leaving its line here with ``(retired)``.

Ranges: DT1xx scenario files, DT2xx other scenario formats (KTAB, decide, actor tables),
DT3xx corpus and ingest, DT4xx extraction and evaluation, DT5xx models, forecasts and backtest
tables, DT6xx deals and simulation, DT7xx report and dashboard, DT9xx output and environment.
"""

from __future__ import annotations

ERROR_CODES: dict[str, str] = {
    # DT1xx: scenario files
    "DT101": "file is not valid YAML",
    "DT102": "file is empty",
    "DT103": "file is not UTF-8",
    "DT104": "file is larger than the size limit",
    "DT105": "YAML aliases expand beyond the limit (alias bomb)",
    "DT106": "document is not a mapping",
    "DT107": "unsupported schema_version",
    "DT108": "required field missing",
    "DT109": "unknown field",
    "DT110": "value has the wrong type",
    "DT111": "number out of range",
    "DT112": "duplicate id",
    "DT113": "reference to an unknown id",
    "DT114": "malformed id (slug expected)",
    "DT115": "evidence span is invalid",
    "DT116": "duplicate position for one actor and issue",
    "DT117": "file not found or unreadable",
    "DT118": "unsupported file format",
    "DT119": "invalid value",
    "DT120": "document is nested too deep",
    "DT121": "number has too many digits to read",
    "DT122": "YAML merge keys (<<) are not supported",
    "DT123": "document has more lines and entries than a YAML or JSON scenario may hold",
    # DT2xx: other input formats
    "DT201": "malformed header in an imported file",
    "DT202": "malformed row in an imported file",
    "DT203": "number out of range in an imported file",
    "DT204": "counts in the header do not match the rows",
    "DT205": "unknown directive in a decide file",
    "DT206": "reference to an unknown actor or issue in an imported file",
    "DT207": "duplicate actor, issue or position in an imported file",
    "DT208": "inconsistent values for one actor in an imported file",
    "DT209": "scenario cannot be written in this format",
    "DT210": "scale of an issue cannot be determined",
    # DT3xx: corpus and ingest
    "DT301": "input file not found or unreadable",
    "DT302": "input file is binary, not text",
    "DT303": "input document is empty",
    "DT304": "input file is larger than the size limit",
    "DT305": "HTML has no extractable main text",
    "DT306": "JSON line is malformed",
    "DT307": "unsupported input file type",
    "DT308": "front matter is malformed",
    "DT309": "corpus store cannot be opened or is not a detente store",
    "DT310": "input text is not UTF-8",
    "DT311": "full-text search query is malformed",
    "DT312": "corpus store is locked by another writer for too long",
    "DT313": "corpus store could not be written (disk full or I/O error)",
    "DT314": "a web page could not be fetched (network error, timeout or HTTP error)",
    "DT315": "robots.txt of the site disallows fetching the page",
    "DT316": "a feed is not RSS or Atom",
    # DT4xx: extraction and evaluation
    "DT401": "gold annotation file is malformed",
    "DT402": "prediction folder or file missing",
    "DT403": "no documents to extract from",
    "DT404": "a language model extraction needs (spaCy or embeddings) is not installed",
    "DT405": "unknown stance step id",
    "DT406": "stance model is missing or unreadable",
    "DT407": "extraction training corpus is malformed",
    "DT410": "keyword-only extraction (--no-embeddings) needs a scenario",
    # DT5xx: models and forecasts
    "DT501": "unknown model id",
    "DT502": "unknown model parameter",
    "DT503": "model parameter has a wrong type or value",
    "DT504": "issue has no weight (all capabilities or saliences are zero)",
    "DT505": "forecast asked for an unknown issue",
    "DT506": "model would run too long on this scenario (cost estimate over budget)",
    "DT510": "backtest table is unreadable or has no header",
    "DT511": "backtest table has no actor columns (p<actor>, s<actor>)",
    "DT512": "backtest table cell is not a number or is out of range",
    "DT513": "backtest table has no row with an observed outcome",
    # DT6xx: deals and simulation
    "DT601": "invalid deal-space setting (grid, issue selection, reservation)",
    "DT602": "unknown or invalid utility shape",
    "DT603": "deal space too large to analyse exactly",
    "DT604": "invalid simulation setting (strategy, rounds)",
    "DT605": "invalid Monte Carlo setting (draws, chunk, back-end)",
    "DT606": "bad --set path or value in what-if",
    # DT7xx: report and dashboard
    "DT701": "corpus store not found",
    "DT702": "unknown scenario, actor, issue or version in the dashboard",
    "DT703": "edit conflicts with a newer saved version (reload and retry)",
    "DT704": "invalid edit",
    "DT705": "scenario format cannot be edited in the dashboard",
    "DT706": "nothing to undo",
    "DT707": "unknown or malformed pair of parties for the deal frontier",
    "DT708": "write refused: sent from another site's page",
    "DT709": "SOURCE_DATE_EPOCH is not a whole number of seconds",
    "DT710": "port out of range",
    "DT711": "request for a host name the dashboard does not serve",
    "DT719": "unknown report format (--format)",
    # DT9xx: output and environment
    "DT901": "cannot write output file",
}


class DetenteError(Exception):
    """A user-facing error: ``[DT101] file:line:column: what is wrong (hint)``."""

    def __init__(
        self, code: str, message: str, *, location: str | None = None, hint: str | None = None
    ) -> None:
        if code not in ERROR_CODES:
            raise ValueError(f"unregistered error code {code!r}; add it to ERROR_CODES")
        self.code = code
        self.message = message
        self.location = location
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{printable(self.location)}: " if self.location else ""
        hint = f" ({printable(self.hint)})" if self.hint else ""
        return f"[{self.code}] {where}{printable(self.message)}{hint}"


def printable(text: str) -> str:
    """``text`` with control characters shown as escapes: an input's key or file name must not
    send terminal escape sequences (which can rewrite the screen) through an error message."""
    if text.isprintable():
        return text
    return "".join(
        ch
        if ch.isprintable() or ch == "\n"
        else f"\\x{ord(ch):02x}"
        if ord(ch) < 256
        else f"\\u{ord(ch):04x}"
        for ch in text
    )


class DetenteErrors(DetenteError):
    """Several errors found in one input, reported together (one per line)."""

    def __init__(self, errors: list[DetenteError]) -> None:
        if not errors:
            raise ValueError("DetenteErrors needs at least one error")
        self.errors = errors
        first = errors[0]
        super().__init__(first.code, first.message, location=first.location, hint=first.hint)

    def __str__(self) -> str:
        return "\n".join(DetenteError.__str__(e) for e in self.errors)
