"""Scenario YAML: load with located errors, edit in place, save with comments and key order kept.

The file is read with ruamel.yaml's round-trip loader, so the document (a ``CommentedMap``)
remembers every comment, the key order and the line and column of every key and value. Errors
from pydantic (a ``loc`` path such as ``("positions", 3, "salience")``) are mapped through that
document to ``file:line:column``. Reference checks (duplicate ids, unknown actors, issues and
evidence documents) run on the raw document so that *all* of them are reported at once, not
only the first one the model validator meets.

Editing: :func:`load_document` returns the round-trip document, :func:`update_position` and
:func:`update_entry` change values in it, :func:`save_document` re-validates and writes it back
atomically, rewriting only the list items that changed: untouched lines stay byte for byte.
"""

from __future__ import annotations

import difflib
import io
import json
import os
import warnings
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq, merge_attrib
from ruamel.yaml.error import MarkedYAMLError, ReusedAnchorWarning, YAMLError
from ruamel.yaml.tokens import AliasToken

from detente.domain import Actor, EvidenceRef, Issue, Position, Scenario, Source
from detente.domain.scenario import (
    SCHEMA_VERSION,
    ReferenceProblem,
    Scale,
    reference_problems,
)
from detente.errors import DetenteError, DetenteErrors
from detente.io.atomic import write_atomic
from detente.io.export import scenario_to_plain
from detente.io.limits import check_depth, check_reading_budget, parse_failure, too_deep
from detente.io.text import MAX_FILE_BYTES, read_text_file
from detente.io.yaml_splice import splice, yaml_writer

# A YAML alias re-uses a node; a chain of them (the "billion laughs") makes a tiny file expand
# into an enormous tree that validation would walk. Count the expanded tree and refuse past this.
MAX_EXPANDED_NODES = 1_000_000

_SECTION_MODELS: dict[str, type[BaseModel]] = {
    "sources": Source,
    "actors": Actor,
    "issues": Issue,
    "positions": Position,
    "evidence": EvidenceRef,
    "scale": Scale,
}
_RANGE_ERRORS = {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}
_FIELD_HINTS = {
    "salience": "salience is 0–100: how much the actor cares",
    "capability": "capability is any non-negative number up to 1e15",
    "position": "positions lie on the issue's 0–100 axis",
    "red_line": "a red line lies on the issue's 0–100 axis",
    "confidence": "confidence is 0–1",
    "status_quo": "the status quo lies on the issue's 0–100 axis",
    "start": "evidence offsets are non-negative character offsets",
    "end": "evidence offsets are non-negative character offsets",
}


# ---------------------------------------------------------------------------------- parsing


def parse_yaml_text(text: str, name: str) -> CommentedMap:
    """The round-trip document of ``text``; DT101/DT102/DT105/DT106 on failure."""
    check_reading_budget(text, name)
    yaml = yaml_writer()
    try:
        with warnings.catch_warnings():
            # YAML 1.2 lets a later anchor of the same name win; ruamel warns on stderr.
            warnings.simplefilter("ignore", ReusedAnchorWarning)
            data = yaml.load(text)
    except RecursionError:
        raise too_deep(text, name) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        problem = exc.problem or exc.context or "invalid YAML"
        raise DetenteError.of("DT101", location=where, problem=problem) from exc
    except YAMLError as exc:
        raise DetenteError.of(
            "DT101.plain", location=name, problem=str(exc).splitlines()[0]
        ) from exc
    except ValueError as exc:  # int() of a huge number, date() of an impossible date
        raise parse_failure(exc, text, name) from None
    if data is None:
        raise DetenteError.of("DT102", location=f"{name}:1:1")
    check_depth(data, text, name)
    _check_expansion(data, text, name)
    _refuse_merge_keys(data, name)
    if not isinstance(data, CommentedMap):
        line, col = _node_position(data)
        raise DetenteError.of("DT106", location=f"{name}:{line}:{col}", kind=_kind(data))
    return data


def _refuse_merge_keys(data: Any, name: str) -> None:
    """DT122 for ``<<:``: merged keys are not the document's own, so edits would lose them."""
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, CommentedMap):
            if getattr(node, merge_attrib, None):
                line, col = _node_position(node)
                raise DetenteError.of("DT122", location=f"{name}:{line}:{col}")
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "string"
    return type(value).__name__


def _node_position(value: Any) -> tuple[int, int]:
    lc = getattr(value, "lc", None)
    if lc is not None and lc.line is not None:
        return lc.line + 1, lc.col + 1
    return 1, 1


def _check_expansion(data: Any, text: str, name: str) -> None:
    """DT105 when aliases expand the tree past MAX_EXPANDED_NODES nodes."""
    # ruamel.yaml resolves an alias inside its own anchor to None, so the graph has no cycles.
    sizes: dict[int, int] = {}

    def size(node: Any) -> int:
        if not isinstance(node, dict | list):
            return 1
        key = id(node)
        if key in sizes:
            return sizes[key]
        children = node.values() if isinstance(node, dict) else node
        total = 1
        for child in children:
            total += size(child)
            if total > MAX_EXPANDED_NODES:
                raise _alias_error(text, name)
        sizes[key] = total
        return total

    size(data)


def _alias_error(text: str, name: str) -> DetenteError:
    where = name
    try:
        for token in yaml_writer().scan(text):
            if isinstance(token, AliasToken):
                where = f"{name}:{token.start_mark.line + 1}:{token.start_mark.column + 1}"
                break
    except YAMLError:
        pass
    return DetenteError.of("DT105", location=where, limit=MAX_EXPANDED_NODES)


# ------------------------------------------------------------------------------- validation


def validate_document(data: CommentedMap, name: str) -> Scenario:
    """A Scenario from a parsed document, or DetenteErrors listing every located problem."""
    version = data.get("schema_version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION or isinstance(version, bool):
        line, col = _locate(data, ("schema_version",))
        raise DetenteError.of(
            "DT107", location=f"{name}:{line}:{col}", version=version, supported=SCHEMA_VERSION
        )
    errors = _reference_errors(data, name)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raw = exc.errors(include_url=False)
        failing = {tuple(e["loc"][:1]) for e in raw if len(e["loc"]) > 1}
        for error in raw:
            if error["type"] == "too_short" and tuple(error["loc"]) in failing:
                continue  # pydantic counts a list whose items all failed as empty
            if error["loc"] == () and errors:
                # The domain's own reference checks, which stop at the first problem:
                # _reference_errors reported all of them from the raw document, with locations.
                continue
            errors.append(_convert(error, data, name))
    else:
        if not errors:
            return scenario
    raise _bundle(errors)


def _bundle(errors: list[DetenteError]) -> DetenteError:
    unique: dict[str, DetenteError] = {}
    for error in errors:
        unique.setdefault(str(error), error)
    ordered = sorted(unique.values(), key=_sort_key)
    return ordered[0] if len(ordered) == 1 else DetenteErrors(ordered)


def _sort_key(error: DetenteError) -> tuple[int, int, str]:
    parts = (error.location or "").rsplit(":", 2)
    if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
        return int(parts[1]), int(parts[2]), error.code
    return 0, 0, error.code


def _locate(data: Any, loc: tuple[Any, ...], *, key: bool = False) -> tuple[int, int]:
    """1-based (line, column) of the node at ``loc``; of its nearest existing parent if absent.

    With ``key`` the position of the last key itself is returned (for unknown fields).
    """
    node = data
    position = _node_position(data)
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(node, CommentedMap):
            found = _map_key(node, part)
            if found is _MISSING:
                break
            pair = _mark(node, found, key=key and last)
            node = node[found]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
            pair = _mark(node, part)
            node = node[part]
        else:
            break
        if pair is not None and pair[0] is not None:
            position = (pair[0] + 1, pair[1] + 1)
    return position


_MISSING = object()


def _mark(node: CommentedMap | CommentedSeq, part: Any, *, key: bool = False) -> Any:
    """The (line, column) ruamel recorded for a key, value or item; None for one added after
    the file was read (an edit's new position has no place in the file yet)."""
    try:
        if isinstance(node, CommentedSeq):
            return node.lc.item(part)
        return node.lc.key(part) if key else node.lc.value(part)
    except KeyError:
        return None


def _map_key(node: CommentedMap, part: Any) -> Any:
    if part in node:
        return part
    for candidate in node:  # anchors: pydantic reports the float key 50.0 for a YAML key 50
        if str(candidate) == str(part) or _same_number(candidate, part):
            return candidate
    return _MISSING


def _same_number(a: Any, b: Any) -> bool:
    try:
        return float(a) == float(b)
    except (TypeError, ValueError):
        return False


def _dotted(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "document"


def _convert(error: Any, data: CommentedMap, name: str) -> DetenteError:
    loc = tuple(error["loc"])
    kind = error["type"]
    problem = str(error["msg"]).removeprefix("Value error, ")
    field = next((p for p in reversed(loc) if isinstance(p, str)), "")
    hint = _FIELD_HINTS.get(field)
    path = _dotted(loc)
    key: str
    fields: dict[str, object]
    if kind == "extra_forbidden":
        line, col = _locate(data, loc, key=True)
        where = f"{name}:{line}:{col}"
        return DetenteError.of(
            "DT109", location=where, hint=_field_suggestion(loc), path=path, field=field
        )
    if kind == "missing":
        key, fields = "DT108", {"path": path, "field": field}
        loc, hint = loc[:-1], None
    elif kind in _RANGE_ERRORS:
        key, fields = "DT111", {"path": path, "problem": problem, "value": error.get("input")}
    elif kind == "string_pattern_mismatch" or (kind == "string_too_long" and field == "id"):
        key, fields, hint = "DT114", {"path": path, "value": error.get("input")}, None
    elif kind == "literal_error" and field == "schema_version":
        key, fields = "DT107", {"version": error.get("input"), "supported": SCHEMA_VERSION}
    elif kind == "value_error" and "evidence" in loc:
        key, fields = "DT115", {"path": path, "problem": problem}
    elif kind.endswith(("_type", "_parsing")) or kind in {"date_from_datetime_inexact"}:
        key, fields = "DT110", {"path": path, "problem": problem, "value": error.get("input")}
    else:
        key, fields = "DT119", {"path": path, "problem": problem}
    line, col = _locate(data, loc)
    return DetenteError.of(key, location=f"{name}:{line}:{col}", hint=hint, **fields)


def _field_suggestion(loc: tuple[Any, ...]) -> str:
    section = next((p for p in reversed(loc[:-1]) if isinstance(p, str)), None)
    model = _SECTION_MODELS.get(section or "", Scenario)
    allowed = list(model.model_fields)
    close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
    if close:
        return f"did you mean `{close[0]}`?"
    return "allowed: " + ", ".join(allowed)


_REFERENCE_CODES = {
    "duplicate_id": "DT112",
    "unknown_reference": "DT113",
    "second_position": "DT116",
}


def _reference_errors(data: CommentedMap, name: str) -> list[DetenteError]:
    """Every reference problem of the raw document (the domain's check), located in the file."""

    def entries(section: str) -> list[Any]:
        items = data.get(section)
        return items if isinstance(items, list) else []

    ids = {
        section: [item.get("id") if isinstance(item, dict) else None for item in entries(section)]
        for section in ("sources", "actors", "issues")
    }
    positions = [
        (item.get("actor"), item.get("issue"), _evidence_docs(item.get("evidence")))
        if isinstance(item, dict)
        else None
        for item in entries("positions")
    ]
    errors = []
    for problem in reference_problems(ids, positions):
        line, col = _locate(data, problem.path)
        errors.append(
            DetenteError.of(
                _REFERENCE_CODES[problem.kind],
                location=f"{name}:{line}:{col}",
                hint=_unknown_reference_hint(problem)
                if problem.kind == "unknown_reference"
                else None,
                path=_dotted(problem.path),
                problem=problem.message,
            )
        )
    return errors


def _evidence_docs(evidence: Any) -> list[Any]:
    if not isinstance(evidence, list):
        return []
    return [ref.get("doc") if isinstance(ref, dict) else None for ref in evidence]


def _unknown_reference_hint(problem: ReferenceProblem) -> str:
    close = difflib.get_close_matches(problem.ref, problem.known, n=1)
    section = {"actor": "actors", "issue": "issues", "doc": "sources"}[str(problem.path[-1])]
    return f"did you mean {close[0]!r}?" if close else f"declare it under `{section}:` first"


# ---------------------------------------------------------------------------- file level


def parse_json(text: str, name: str) -> Scenario:
    """A Scenario from JSON text. Syntax errors name line and column; validation errors are
    located through the YAML reader (JSON is YAML), falling back to the field path."""
    if not text.strip():
        raise DetenteError.of("DT102.json", location=f"{name}:1:1")
    check_reading_budget(text, name)
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        raise DetenteError.of(
            "DT101.json", location=f"{name}:{exc.lineno}:{exc.colno}", problem=exc.msg
        ) from exc
    except RecursionError:
        raise too_deep(text, name) from None
    except ValueError as exc:  # an integer too long to read
        raise parse_failure(exc, text, name) from None
    # Valid JSON is YAML once its tabs (whitespace only: a tab inside a JSON string must be
    # escaped) become spaces; one space per tab keeps every column where it was.
    return validate_document(parse_yaml_text(text.replace("\t", " "), name), name)


def load_json(path: str | os.PathLike[str], *, max_bytes: int = MAX_FILE_BYTES) -> Scenario:
    """A Scenario from a JSON file (see :func:`parse_json`)."""
    return parse_json(read_text_file(path, max_bytes=max_bytes), str(path))


def parse_yaml(text: str, name: str) -> Scenario:
    """A Scenario from YAML text, with every error coded and located."""
    return validate_document(parse_yaml_text(text, name), name)


def load_document(
    path: str | os.PathLike[str], *, max_bytes: int = MAX_FILE_BYTES
) -> tuple[CommentedMap, Scenario]:
    """The round-trip document of a scenario YAML file and the Scenario it validates to."""
    name = str(path)
    data = parse_yaml_text(read_text_file(path, max_bytes=max_bytes), name)
    return data, validate_document(data, name)


def load_yaml(path: str | os.PathLike[str], *, max_bytes: int = MAX_FILE_BYTES) -> Scenario:
    """A Scenario from a YAML file, with every error coded and located."""
    return load_document(path, max_bytes=max_bytes)[1]


def dump_document(data: CommentedMap) -> str:
    """The YAML text of a round-trip document (comments and key order as loaded)."""
    buffer = io.StringIO()
    yaml_writer().dump(data, buffer)
    return buffer.getvalue()


def save_document(data: CommentedMap, path: str | os.PathLike[str]) -> Scenario:
    """Validate an edited document and write it atomically; nothing is written if invalid.

    When ``path`` already holds the file the document came from, only the changed list items
    are rewritten (see :mod:`detente.io.yaml_splice`); otherwise the whole document is dumped.
    """
    scenario = validate_document(data, str(path))
    target = Path(path)
    text = splice(read_text_file(target), data) if target.is_file() else None
    write_atomic(target, text if text is not None else dump_document(data))
    return scenario


def update_position(data: CommentedMap, actor: str, issue: str, **fields: Any) -> dict[str, Any]:
    """Set fields of the position of ``actor`` on ``issue`` (added at the end if absent).

    A field given as ``None`` is removed. Returns the position's mapping. Call
    :func:`save_document` (which validates) to write the result.
    """
    positions = data.get("positions")
    if positions is None:
        positions = data["positions"] = CommentedSeq()
    for item in positions:
        if isinstance(item, dict) and item.get("actor") == actor and item.get("issue") == issue:
            _apply(item, fields)
            return item
    entry = CommentedMap([("actor", actor), ("issue", issue)])
    _apply(entry, fields)
    positions.append(entry)
    return entry


def update_entry(data: CommentedMap, section: str, entry_id: str, **fields: Any) -> dict[str, Any]:
    """Set fields of the actor, issue or source with id ``entry_id`` (``None`` removes a field)."""
    if section not in {"actors", "issues", "sources"}:
        raise ValueError(f"section must be actors, issues or sources, not {section!r}")
    for item in data.get(section) or ():
        if isinstance(item, dict) and item.get("id") == entry_id:
            _apply(item, fields)
            return item
    raise KeyError(f"no {section[:-1]} with id {entry_id!r}")


def _apply(item: dict[str, Any], fields: dict[str, Any]) -> None:
    for key, value in fields.items():
        if value is None:
            item.pop(key, None)
        elif isinstance(value, float) and value.is_integer():
            item[key] = int(value)  # 40, not 40.0: the file reads as people write it
        elif isinstance(value, list) and all(isinstance(v, dict) for v in value):
            item[key] = CommentedSeq(_flow(v) for v in value)  # evidence refs: one per line
        else:
            item[key] = value


def scenario_to_document(scenario: Scenario) -> CommentedMap:
    """A fresh round-trip document for a Scenario: block style, short items in flow style."""
    plain = scenario_to_plain(scenario)
    document = CommentedMap(plain)
    for section in ("sources", "actors", "issues", "positions"):
        if section not in plain:
            continue
        seq = CommentedSeq()
        for item in plain[section]:
            entry = CommentedMap(item)
            for key, value in item.items():
                if isinstance(value, list | dict):
                    entry[key] = _flow(value)
            if section == "sources":
                entry.fa.set_flow_style()
            seq.append(entry)
        document[section] = seq
    return document


def _flow(value: list[Any] | dict[Any, Any]) -> CommentedSeq | CommentedMap:
    if isinstance(value, dict):
        mapping = CommentedMap(value)
        mapping.fa.set_flow_style()
        return mapping
    seq = CommentedSeq(_flow(v) if isinstance(v, list | dict) else v for v in value)
    if not any(isinstance(v, dict) for v in value):
        seq.fa.set_flow_style()
    return seq


def dump_scenario_yaml(scenario: Scenario) -> str:
    """YAML text of a Scenario (for conversions; edits of a file use :func:`update_position`)."""
    return dump_document(scenario_to_document(scenario))
