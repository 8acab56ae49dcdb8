"""Coded, searchable errors.

Every error a user can cause carries a stable code (``DT101``), a location (``file:line:column``
or ``file:line`` or a field path) and a hint. The CLI prints ``str(error)`` and exits with
status 2; no traceback reaches the user. Codes are never reused for another meaning: retire a
code by leaving its line here with ``(retired)``.

Ranges: DT1xx scenario files, DT2xx other scenario formats (KTAB, decide, actor tables),
DT3xx corpus and ingest, DT4xx extraction and evaluation, DT5xx models, forecasts and backtest
tables, DT6xx deals and simulation, DT7xx report and dashboard, DT9xx output and environment.

Messages are templates next to their codes (spaCy's ``Errors`` is the model): ``MESSAGES`` maps
a key, the code or ``code.variant`` when one code is raised with several wordings, to a
:class:`Message` with named placeholders, and ``DetenteError.of(key, location=..., **fields)``
fills them::

    raise DetenteError.of("DT104", location=str(path), size=size, limit=max_bytes)
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

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
    "DT317": "ingest over Dask needs at least one worker (--workers)",
    # DT4xx: extraction and evaluation
    "DT401": "gold annotation file is malformed",
    "DT402": "prediction folder or file missing",
    "DT403": "no documents to extract from",
    "DT404": "a language model extraction needs (spaCy or embeddings) is not installed",
    "DT405": "unknown extraction step id (or stance step id)",
    "DT406": "stance model is missing or unreadable",
    "DT407": "extraction training corpus is malformed",
    "DT408": "a party named with --parties is not known",
    "DT409": "a draft would overwrite an existing file",
    "DT415": "extraction over Dask needs a scenario and at least one worker",
    "DT416": "cannot reach the Dask scheduler (extract or ingest over Dask)",
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
    "DT612": "unknown sensitivity method (--method)",
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
    "DT720": "evidence span already linked to this position",
    "DT730": "invalid Monte Carlo run asked of the dashboard (draws over its cap, seed, model)",
    "DT731": "a Monte Carlo run on this scenario version is already under way in the dashboard",
    # DT9xx: output and environment
    "DT901": "cannot write output file",
}


@dataclass(frozen=True)
class Message:
    """The wording of one way an error is raised: ``text`` and ``hint`` are ``str.format``
    templates with named placeholders (``{size}``, ``{name!r}``, ``{value:g}``)."""

    text: str
    hint: str | None = None

    def fields(self) -> set[str]:
        """The placeholder names of the text and the hint."""
        parts = (self.text, self.hint or "")
        return {name for part in parts for _, name, _, _ in string.Formatter().parse(part) if name}


# Message templates, by key: the code, or ``code.variant`` when one code is raised with several
# wordings. ``DetenteError.of(key, location=..., **fields)`` fills them; the fields must be
# exactly the placeholders (tests/test_errors.py checks every call site).
MESSAGES: dict[str, Message] = {
    # DT1xx: scenario files
    "DT101": Message("{problem}", hint="check indentation, colons and quotes"),
    "DT101.plain": Message("{problem}"),
    "DT101.json": Message("invalid JSON: {problem}"),
    "DT102": Message("file holds no YAML document", hint="start from an example scenario"),
    "DT102.json": Message("file holds no JSON document"),
    "DT103": Message(
        "byte {byte:#04x} at byte offset {offset} is not UTF-8", hint="save the file as UTF-8"
    ),
    "DT104": Message(
        "file is {size} bytes, more than the limit of {limit}",
        hint="split the scenario or raise the limit",
    ),
    "DT105": Message(
        "aliases expand the document past {limit} nodes", hint="write the values out, not aliases"
    ),
    "DT106": Message(
        "the document is a {kind}, not a mapping",
        hint="a scenario starts with keys such as `title:` and `actors:`",
    ),
    "DT107": Message(
        "schema_version {version!r} is not supported",
        hint="this detente reads schema_version {supported}",
    ),
    "DT108": Message("{path}: required field missing", hint="add `{field}:`"),
    "DT109": Message("{path}: unknown field {field!r}"),
    "DT110": Message("{path}: {problem}, got {value!r}"),
    "DT111": Message("{path}: {problem}, got {value!r}"),
    "DT112": Message("{path}: {problem}", hint="ids must be unique; rename one of them"),
    "DT113": Message("{path}: {problem}"),
    "DT114": Message(
        "{path}: {value!r} is not a slug",
        hint="use lower-case letters, digits and '_', starting with a letter, e.g. `eu_members`",
    ),
    "DT115": Message("{path}: {problem}", hint="evidence is a span [start, end) with end > start"),
    "DT116": Message("{path}: {problem}", hint="merge the two entries"),
    "DT117": Message("file not found"),
    "DT117.unreadable": Message("cannot read file: {reason}"),
    "DT117.not_a_file": Message("not a file", hint="give a file path"),
    "DT118": Message("cannot tell the format of {name!r}", hint="formats read: {formats}"),
    "DT118.unknown_input": Message("unknown input format {name!r}", hint="one of {formats}"),
    "DT118.cannot_write": Message("cannot write format {name!r}", hint="one of {formats}"),
    "DT118.output": Message(
        "cannot tell which format to write for {name!r}", hint="pass --to {formats}"
    ),
    "DT119": Message("{path}: {problem}"),
    "DT119.date": Message("{date} is not a calendar date ({problem})", hint="dates are YYYY-MM-DD"),
    "DT119.some_date": Message("a date is not a calendar date ({problem})"),
    "DT120": Message(
        "the document is nested more than {limit} levels deep",
        hint="a scenario needs only a few levels: sections, entries and their fields",
    ),
    "DT121": Message(
        "a number with {digits:,} digits is longer than the {limit:,} digits detente reads",
        hint="write the number in a sensible size",
    ),
    "DT122": Message(
        "a merge key (<<) copies keys from another mapping", hint="write the keys out in each entry"
    ),
    # DT2xx: other input formats
    "DT201.ktab_lines": Message("a KTAB file needs a scenario line and a header line"),
    "DT201.ktab_meta": Message(
        "line 1 must be: scenarioName, description, nActors, nDims",
        hint="nActors and nDims are whole numbers; nDims at least 1",
    ),
    "DT201.ktab_dimension": Message(
        "dimension {number} has no name (column {column} of the header is empty)",
        hint="name each dimension, e.g. 'Tax Position'",
    ),
    "DT201.table_header": Message(
        "the first line must be the header Actor,Capability,Position,Salience"
    ),
    "DT202.csv": Message("the {part} cannot be read as CSV: {problem}"),
    "DT202.ktab_fields": Message(
        "row has {got} fields, expected {expected}",
        hint="name, description, power, then position and salience per dimension",
    ),
    "DT202.not_a_number": Message("not a number: {cell!r}"),
    "DT202.no_name": Message("the actor name is empty"),
    "DT202.table_row": Message("row must be: actor name, capability, position, salience (numbers)"),
    "DT202.decide_fields": Message("{tag} line has {got} fields, needs {needed}"),
    "DT202.scale_value": Message("scale value {cell!r} is not a number"),
    "DT202.decide_numbers": Message("position, salience and power must be numbers"),
    "DT203.power": Message("power {power:g} is outside [0, 1e8]"),
    "DT203.ktab_range": Message("{issue} {what} {value:g} is outside [0, 100]"),
    "DT203.salience_sum": Message(
        "saliences sum to {total:g}, more than 100",
        hint="KTAB splits at most 100 points of attention across dimensions",
    ),
    "DT203.magnitude": Message("a number's size is beyond ±{limit:g}"),
    "DT203.negative_capability": Message("capability {capability:g} is negative"),
    "DT203.salience_100": Message("salience {salience:g} is outside [0, 100]"),
    "DT203.table_scale": Message("positions of {actors} lie outside the scale [{low:g}, {high:g}]"),
    "DT203.decide_position": Message(
        "position {value} is outside the scale [{low}, {high}]",
        hint="set the scale with #M rows or correct the position",
    ),
    "DT203.salience_1": Message("salience {value} is outside [0, 1]"),
    "DT203.scale_too_big": Message("#M value {value:g} is beyond ±{limit:g}"),
    "DT203.power_too_big": Message("power {value:g} is beyond {limit:g}"),
    "DT203.negative_power": Message("power {value} is negative"),
    "DT204.ktab_columns": Message(
        "header has {columns} columns; {dimensions} dimensions need {needed}",
        hint="Actor, Description, Influence, then a Position and a Salience per dimension",
    ),
    "DT204.ktab_rows": Message("line 1 announces {announced} actors but the file has {rows} rows"),
    "DT204.no_rows": Message("no actor rows"),
    "DT204.table_empty": Message("the table has no actor rows"),
    "DT204.decide_empty": Message("no #A actors or no #P issues"),
    "DT205": Message("unknown directive {tag!r}", hint="lines start with #A #P #M #D"),
    "DT206.scale_issue": Message("#M for unknown issue {issue!r}", hint="declare it with #P"),
    "DT206.actor": Message("unknown actor {actor!r}", hint="declare it with #A"),
    "DT206.issue": Message("unknown issue {issue!r}", hint="declare it with #P"),
    "DT207.actor_twice": Message("actor {name!r} appears twice"),
    "DT207.declared_twice": Message("{tag} {entry!r} declared twice"),
    "DT207.second_row": Message("second #D row for {actor!r} on {issue!r}"),
    "DT208": Message(
        "power {value} differs from {earlier} on an earlier row of {actor!r}",
        hint="detente keeps one capability per actor",
    ),
    "DT209.ktab_missing": Message(
        "KTAB needs every actor on every issue; missing {count}: {examples}",
        hint="fill the missing positions or export to yaml/json/csv-dir",
    ),
    "DT209.ktab_salience": Message(
        "actor {actor!r}: saliences sum to {total:g}; KTAB allows at most 100",
        hint="rescale the saliences or export to another format",
    ),
    "DT210.table": Message(
        "every position is {value:g}; cannot tell the scale",
        hint="give the scale bounds explicitly",
    ),
    "DT210.decide": Message("issue {issue!r} needs two distinct #M values"),
    # DT3xx: corpus and ingest (the shared reader, detente.io.text)
    "DT301": Message("no such file"),
    "DT301.unreadable": Message("cannot read: {reason}"),
    "DT301.not_regular": Message(
        "not a regular file (a pipe, socket or device)", hint="save the text to a file first"
    ),
    "DT302": Message("file holds NUL bytes", hint="not text"),
    "DT304": Message("{size} bytes is over the limit of {limit}", hint="split the file"),
    "DT310": Message(
        "byte {byte:#04x} at byte offset {offset} is not UTF-8", hint="re-encode as UTF-8"
    ),
    # DT7xx: scenario edits (io/edits.py: the dashboard, propose, detente edit/rename)
    "DT702.no_item": Message("no {what} {item!r} in the scenario"),
    "DT702.review_item": Message(
        "no review item #{index} (the list has {count})",
        hint="reload the draft page: the list changes as items are reviewed",
    ),
    "DT704.nothing": Message(
        "nothing to change", hint="give a position, salience, red line, note..."
    ),
    "DT704.required": Message("a position cannot be without its {field}"),
    "DT704.held": Message("{actor} already holds a position on {issue}"),
    "DT704.new_needs": Message(
        "{actor} holds no position on {issue} yet: a new one needs {needs}",
        hint="fill in both the position and the salience (0–100)",
    ),
    "DT704.no_position": Message("{actor} holds no position on {issue}: set one first"),
    "DT704.no_evidence": Message("no evidence #{index} on {actor}'s position on {issue}"),
    "DT704.section": Message("cannot {action} in {section!r}"),
    "DT704.exists": Message("{what} {item!r} exists already"),
    "DT704.not_slug": Message(
        "{item!r} is not a slug", hint="lower-case letters, digits and '_', starting with a letter"
    ),
    "DT704.no_name": Message("a {what} needs a name"),
    "DT704.self_merge": Message("cannot merge {what} {item!r} with itself"),
    "DT704.split_nothing": Message(
        "nothing chosen to move from {what} {item!r}",
        hint="tick the evidence (and, for a party, the aliases) the new entry takes",
    ),
    "DT704.not_alias": Message("{alias!r} is not an alias of {actor}"),
    "DT720": Message(
        "{doc} {start}-{end} is already evidence for {actor} on {issue}",
        hint="each span is linked once; unlink it first to move it",
    ),
    "DT123": Message(
        "the document has {lines:,} lines and {entries:,} in-line entries, more than the "
        "{limit:,} a YAML or JSON scenario may hold (about 10,000 positions)",
        hint="split the scenario, strip long runs of comments, or give many actors as an "
        "actor-table or KTAB .csv, which reads in linear time",
    ),
    # DT9xx: output and environment
    "DT901": Message("cannot write: {reason}"),
    "DT901.folder": Message("cannot write: a folder is in the way"),
    "DT901.blocked": Message("cannot write: {blocker} is a file, not a folder"),
    "DT901.stale": Message("cannot remove a stale file: {reason}"),
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

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled with its fields (an ingest over Dask sends the errors back from workers);
        ``Exception`` would call ``__init__`` with the formatted message alone."""
        return (
            DetenteError,
            (self.code, self.message),
            {"location": self.location, "hint": self.hint},
        )

    @staticmethod
    def of(
        key: str, /, *, location: str | None = None, hint: str | None = None, **fields: Any
    ) -> DetenteError:
        """The error of template ``key`` (``"DT104"``, ``"DT202.csv"``) with ``fields`` filled.

        ``hint`` replaces the template's hint (for hints computed at the raise site, such as
        "did you mean ..."). Fields must be exactly the template's placeholders.
        """
        template = MESSAGES.get(key)
        if template is None:
            raise ValueError(f"no message template {key!r}; add it to MESSAGES")
        expected = template.fields()
        if set(fields) != expected:
            raise ValueError(f"{key} takes the fields {sorted(expected)}, not {sorted(fields)}")
        if hint is None and template.hint is not None:
            hint = template.hint.format(**fields)
        code = key.split(".", 1)[0]
        return DetenteError(code, template.text.format(**fields), location=location, hint=hint)

    @staticmethod
    def joined(errors: Sequence[DetenteError]) -> DetenteError:
        """Several problems found at one place as one error: the first's code and location,
        the messages joined by ``; ``, the first hint."""
        first = errors[0]
        hint = next((error.hint for error in errors if error.hint), None)
        message = "; ".join(error.message for error in errors)
        return DetenteError(first.code, message, location=first.location, hint=hint)

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

    def __reduce__(self) -> tuple[Any, ...]:
        return (DetenteErrors, (self.errors,))

    def __str__(self) -> str:
        return "\n".join(DetenteError.__str__(e) for e in self.errors)
