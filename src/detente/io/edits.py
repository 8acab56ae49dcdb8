"""Scenario edits: one function per change, on the round-trip YAML document of a scenario.

The dashboard (``web/edit_routes.py``), ``detente propose`` (``workflows/propose.py``) and
``detente edit`` / ``detente rename`` (``workflows/edit.py``) change scenario files only
through these functions. Each takes the document (a ruamel ``CommentedMap`` from
:func:`~detente.io.scenario_yaml.load_document` or ``parse_yaml_text``) and the Scenario it
validated to (to check ids), changes the document in place, returns a one-line description for
the version history, and raises a coded error for an edit that cannot be made. Nothing is
written here: :func:`~detente.io.scenario_yaml.save_document` or the dashboard's workspace
validates the edited document and writes it atomically, splicing only the changed items back
into the file, so comments and key order survive.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from detente.domain import Document, Position, Scenario
from detente.errors import DetenteError
from detente.io.scenario_yaml import update_entry, update_position

POSITION_FIELDS = ("position", "salience", "red_line", "confidence", "note")
REQUIRED_FIELDS = ("position", "salience")  # a position cannot be without these
SLUG = re.compile(r"^[a-z][a-z0-9_]*$")
RENAMEABLE = ("actors", "issues", "sources")


def _actor(scenario: Scenario, actor: str) -> None:
    if actor not in {a.id for a in scenario.actors}:
        raise DetenteError("DT702", f"no party {actor!r} in the scenario")


def _issue(scenario: Scenario, issue: str) -> None:
    if issue not in {i.id for i in scenario.issues}:
        raise DetenteError("DT702", f"no issue {issue!r} in the scenario")


def _whole(value: Any) -> Any:
    """40, not 40.0: the file reads as people write it."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _describe(fields: dict[str, Any]) -> str:
    return ", ".join(
        f"{k.replace('_', ' ')} {'removed' if v is None else _whole(v)}" for k, v in fields.items()
    )


def set_position(
    document: CommentedMap, scenario: Scenario, actor: str, issue: str, **fields: Any
) -> str:
    """Set fields of a party's position on an issue; ``None`` removes an optional field
    (red line, confidence, note). A party without a position there gets one, which needs both
    a position and a salience."""
    _actor(scenario, actor)
    _issue(scenario, issue)
    unknown = sorted(set(fields) - set(POSITION_FIELDS))
    if unknown:
        raise ValueError(f"not a field of a position: {', '.join(unknown)}")
    if not fields:
        raise DetenteError(
            "DT704", "nothing to change", hint="give a position, salience, red line, note..."
        )
    removed = [k for k in REQUIRED_FIELDS if k in fields and fields[k] is None]
    if removed:
        raise DetenteError("DT704", f"a position cannot be without its {removed[0]}")
    current = scenario.position(actor, issue)
    if current is None:
        return add_position(document, scenario, actor, issue, **fields)
    changed = {k: v for k, v in fields.items() if getattr(current, k) != v}
    if not changed:
        return f"{actor} on {issue}: no change"
    update_position(document, actor, issue, **{k: _whole(v) for k, v in changed.items()})
    return f"{actor} on {issue}: {_describe(changed)}"


def add_position(
    document: CommentedMap, scenario: Scenario, actor: str, issue: str, **fields: Any
) -> str:
    """A new position of ``actor`` on ``issue``; it needs a position and a salience."""
    _actor(scenario, actor)
    _issue(scenario, issue)
    if scenario.position(actor, issue) is not None:
        raise DetenteError("DT704", f"{actor} already holds a position on {issue}")
    missing = [k for k in REQUIRED_FIELDS if fields.get(k) is None]
    if missing:
        raise DetenteError(
            "DT704",
            f"{actor} holds no position on {issue} yet: a new one needs "
            + " and ".join(missing)
            + (" too" if len(missing) < len(REQUIRED_FIELDS) else ""),
            hint="fill in both the position and the salience (0–100)",
        )
    ordered = {k: _whole(fields[k]) for k in POSITION_FIELDS if fields.get(k) is not None}
    update_position(document, actor, issue, **ordered)
    return f"{actor} on {issue}: position added ({_describe(ordered)})"


def set_capability(
    document: CommentedMap, scenario: Scenario, actor: str, capability: float
) -> str:
    _actor(scenario, actor)
    update_entry(document, "actors", actor, capability=_whole(capability))
    return f"{actor}: capability {_whole(capability)}"


def _held(scenario: Scenario, actor: str, issue: str) -> Position:
    _actor(scenario, actor)
    _issue(scenario, issue)
    pos = scenario.position(actor, issue)
    if pos is None:
        raise DetenteError("DT704", f"{actor} holds no position on {issue}: set one first")
    return pos


def link_evidence(
    document: CommentedMap,
    scenario: Scenario,
    actor: str,
    issue: str,
    doc: str,
    start: int,
    end: int,
    source: dict[str, Any] | None = None,
) -> str:
    """Add the span ``[start, end)`` of document ``doc`` to a position's evidence; ``doc`` is
    added to the sources (with ``source``'s outlet, title, date...) when the scenario lacks it.
    The same span cannot be linked twice to the same position."""
    pos = _held(scenario, actor, issue)
    if any((r.doc, r.start, r.end) == (doc, start, end) for r in pos.evidence):
        raise DetenteError(
            "DT720",
            f"{doc} {start}-{end} is already evidence for {actor} on {issue}",
            hint="each span is linked once; unlink it first to move it",
        )
    refs = [r.model_dump() for r in pos.evidence] + [{"doc": doc, "start": start, "end": end}]
    update_position(document, actor, issue, evidence=refs)
    add_source(document, scenario, doc, source)
    return f"{actor} on {issue}: evidence {doc} {start}-{end} linked"


def add_source(
    document: CommentedMap, scenario: Scenario, doc: str, fields: dict[str, Any] | None = None
) -> bool:
    """Declare ``doc`` under ``sources:`` unless the scenario already does; True if added."""
    if doc in {s.id for s in scenario.sources} or doc in _declared_sources(document):
        return False
    sources = document.get("sources")
    if sources is None:
        sources = document["sources"] = CommentedSeq()
    entry = CommentedMap([("id", doc)])
    for key, value in (fields or {}).items():
        if value is not None and key != "id":
            entry[key] = value
    sources.append(entry)
    return True


def _declared_sources(document: CommentedMap) -> set[str]:
    return {str(s.get("id")) for s in document.get("sources") or () if isinstance(s, dict)}


def unlink_evidence(
    document: CommentedMap, scenario: Scenario, actor: str, issue: str, index: int
) -> str:
    """Remove the ``index``-th evidence span (0-based, in the file's order) of a position."""
    pos = _held(scenario, actor, issue)
    if not 0 <= index < len(pos.evidence):
        raise DetenteError("DT704", f"no evidence #{index} on {actor}'s position on {issue}")
    refs = [r.model_dump() for i, r in enumerate(pos.evidence) if i != index]
    update_position(document, actor, issue, evidence=refs or None)
    return f"{actor} on {issue}: evidence #{index} unlinked"


def rename(document: CommentedMap, scenario: Scenario, section: str, old: str, new: str) -> str:
    """Give a party, an issue or a source a new id, and every reference to it with it."""
    if section not in RENAMEABLE:
        raise DetenteError("DT704", f"cannot rename in {section!r}", hint=", ".join(RENAMEABLE))
    ids = {
        "actors": [a.id for a in scenario.actors],
        "issues": [i.id for i in scenario.issues],
        "sources": [s.id for s in scenario.sources],
    }[section]
    if old not in ids:
        raise DetenteError("DT702", f"no {section[:-1]} {old!r} in the scenario")
    if new in ids:
        raise DetenteError("DT704", f"{section[:-1]} {new!r} exists already")
    if section != "sources" and not SLUG.fullmatch(new):
        raise DetenteError(
            "DT704",
            f"{new!r} is not a slug",
            hint="lower-case letters, digits and '_', starting with a letter",
        )
    update_entry(document, section, old, id=new)
    positions = [p for p in document.get("positions") or () if isinstance(p, dict)]
    if section == "sources":
        for ref in (r for p in positions for r in p.get("evidence") or ()):
            if ref.get("doc") == old:
                ref["doc"] = new
    else:
        key = section[:-1]  # "actor" or "issue"
        for item in positions:
            if item.get(key) == old:
                item[key] = new
    return f"{section[:-1]} {old} renamed to {new}"


class Proposal(Protocol):
    """A position proposed from claims (``nlp.propose.ProposedPosition``)."""

    @property
    def position(self) -> Position: ...

    @property
    def claims(self) -> int: ...


@dataclass
class ChangeReport:
    added: list[str] = field(default_factory=list)
    filled: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    sources_added: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.filled or self.sources_added)

    def lines(self) -> list[str]:
        return (
            [f"+ {line}" for line in self.added]
            + [f"~ {line}" for line in self.filled]
            + [f"= {line}" for line in self.kept]
            + [f"+ source {s}" for s in self.sources_added]
        )


def merge_proposals(
    document: CommentedMap,
    scenario: Scenario,
    proposals: Sequence[Proposal],
    documents: Sequence[Document],
) -> ChangeReport:
    """Add proposed positions to the document, in place.

    A position the scenario already has keeps every value it has; only fields it lacks
    (confidence, evidence) are filled in. Documents cited as evidence are added as sources.
    """
    report = ChangeReport()
    cited: list[str] = []
    for proposal in proposals:
        pos = proposal.position
        label = f"{pos.actor}/{pos.issue}"
        existing = scenario.position(pos.actor, pos.issue)
        evidence = [e.model_dump() for e in pos.evidence]
        if existing is None:
            update_position(
                document,
                pos.actor,
                pos.issue,
                position=pos.position,
                salience=pos.salience,
                confidence=pos.confidence,
                evidence=evidence,
                note=pos.note,
            )
            report.added.append(
                f"{label}: position {pos.position:g}, salience {pos.salience:g}, "
                f"confidence {pos.confidence:g} ({proposal.claims} claims)"
            )
            cited += [e["doc"] for e in evidence]
            continue
        fill: dict[str, Any] = {}
        if existing.confidence is None and pos.confidence is not None:
            fill["confidence"] = pos.confidence
        if not existing.evidence and evidence:
            fill["evidence"] = evidence
            cited += [e["doc"] for e in evidence]
        if fill:
            update_position(document, pos.actor, pos.issue, **fill)
            report.filled.append(f"{label}: filled {', '.join(sorted(fill))}")
        delta = pos.position - existing.position
        report.kept.append(
            f"{label}: kept analyst position {existing.position:g}"
            + (f" (corpus suggests {pos.position:g})" if abs(delta) >= 25 else "")
        )
    by_id = {d.id: d for d in documents}
    for doc_id in dict.fromkeys(cited):
        if add_source(document, scenario, doc_id, _source_fields(by_id.get(doc_id))):
            report.sources_added.append(doc_id)
    return report


def _source_fields(doc: Document | None) -> dict[str, Any]:
    if doc is None:
        return {}
    fields: dict[str, Any] = {k: getattr(doc, k) or None for k in ("outlet", "title", "url")}
    fields["date"] = doc.date.isoformat() if doc.date else None
    return fields
