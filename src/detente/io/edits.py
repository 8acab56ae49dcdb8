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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeAlias

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from detente.domain import Document, Position, Scenario
from detente.errors import DetenteError
from detente.io import review_list
from detente.io.scenario_yaml import update_entry, update_position

Change: TypeAlias = (
    "Callable[[CommentedMap, Scenario], str]"  # an edit, as the workspace applies it
)
POSITION_FIELDS = ("position", "salience", "red_line", "confidence", "note")
REQUIRED_FIELDS = ("position", "salience")  # a position cannot be without these
SLUG = re.compile(r"^[a-z][a-z0-9_]*$")
RENAMEABLE = ("actors", "issues", "sources")


def _actor(scenario: Scenario, actor: str) -> None:
    if actor not in {a.id for a in scenario.actors}:
        raise DetenteError.of("DT702.no_item", what="party", item=actor)


def _issue(scenario: Scenario, issue: str) -> None:
    if issue not in {i.id for i in scenario.issues}:
        raise DetenteError.of("DT702.no_item", what="issue", item=issue)


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
        raise DetenteError.of("DT704.nothing")
    removed = [k for k in REQUIRED_FIELDS if k in fields and fields[k] is None]
    if removed:
        raise DetenteError.of("DT704.required", field=removed[0])
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
        raise DetenteError.of("DT704.held", actor=actor, issue=issue)
    missing = [k for k in REQUIRED_FIELDS if fields.get(k) is None]
    if missing:
        needs = " and ".join(missing) + (" too" if len(missing) < len(REQUIRED_FIELDS) else "")
        raise DetenteError.of("DT704.new_needs", actor=actor, issue=issue, needs=needs)
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
        raise DetenteError.of("DT704.no_position", actor=actor, issue=issue)
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
        raise DetenteError.of("DT720", doc=doc, start=start, end=end, actor=actor, issue=issue)
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
        raise DetenteError.of("DT704.no_evidence", index=index, actor=actor, issue=issue)
    refs = [r.model_dump() for i, r in enumerate(pos.evidence) if i != index]
    update_position(document, actor, issue, evidence=refs or None)
    return f"{actor} on {issue}: evidence #{index} unlinked"


def rename(document: CommentedMap, scenario: Scenario, section: str, old: str, new: str) -> str:
    """Give a party, an issue or a source a new id, and every reference to it with it."""
    if section not in RENAMEABLE:
        raise DetenteError.of(
            "DT704.section", action="rename", section=section, hint=", ".join(RENAMEABLE)
        )
    ids = {
        "actors": [a.id for a in scenario.actors],
        "issues": [i.id for i in scenario.issues],
        "sources": [s.id for s in scenario.sources],
    }[section]
    if old not in ids:
        raise DetenteError.of("DT702.no_item", what=section[:-1], item=old)
    if new in ids:
        raise DetenteError.of("DT704.exists", what=section[:-1], item=new)
    if section != "sources" and not SLUG.fullmatch(new):
        raise DetenteError.of("DT704.not_slug", item=new)
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
        review_list.rename_subject(document, old, new)  # a draft's review items follow
    return f"{section[:-1]} {old} renamed to {new}"


def set_name(document: CommentedMap, scenario: Scenario, section: str, item: str, name: str) -> str:
    """Give a party or an issue a new display name."""
    if section not in ("actors", "issues"):
        raise DetenteError.of(
            "DT704.section", action="name entries", section=section, hint="actors, issues"
        )
    if item not in _ids(scenario, section):
        raise DetenteError.of("DT702.no_item", what=_singular(section), item=item)
    name = " ".join(name.split())
    if not name:
        raise DetenteError.of("DT704.no_name", what=_singular(section))
    update_entry(document, section, item, name=name)
    return f"{_singular(section)} {item} named {name!r}"


def _ids(scenario: Scenario, section: str) -> list[str]:
    return [e.id for e in (scenario.actors if section == "actors" else scenario.issues)]


def _singular(section: str) -> str:
    return {"actors": "party", "issues": "issue", "sources": "source"}[section]


def _position_entry(document: CommentedMap, actor: str, issue: str) -> CommentedMap | None:
    return next(
        (
            p
            for p in document.get("positions") or ()
            if isinstance(p, CommentedMap) and p.get("actor") == actor and p.get("issue") == issue
        ),
        None,
    )


def mark_reviewed(document: CommentedMap, scenario: Scenario, index: int) -> str:
    """Accept item ``index`` (from 0) of a draft's review list: it leaves the list for the
    ``Reviewed:`` record, and the ``# REVIEW`` markers it stands for are removed. Nothing else
    changes: the values and the evidence stay as they are."""
    listed = review_list.items(document)
    if not 0 <= index < len(listed):
        raise DetenteError.of("DT702.review_item", index=index, count=len(listed))
    item = listed[index]
    if item.kind == "capability":
        for actor in document.get("actors") or ():
            review_list.drop_marker(actor, "capability")
    elif item.kind in ("position", "red line") and " on " in item.subject:
        actor, issue = item.subject.split(" on ", 1)
        entry = _position_entry(document, actor, issue)
        if entry is not None:
            review_list.drop_marker(entry, "position" if item.kind == "position" else "red_line")
    review_list.remove(
        document,
        [i for i in listed if i.index != index],
        [f"[{item.kind}] {item.subject}: accepted"],
    )
    return f"review: {item.kind} {item.subject} accepted"


def confirm_position(document: CommentedMap, scenario: Scenario, actor: str, issue: str) -> str:
    """A person confirms a drafted position as it stands: its ``# REVIEW`` markers go, the review
    items about it move to the record, and the record says which position was confirmed."""
    pos = _held(scenario, actor, issue)
    entry = _position_entry(document, actor, issue)
    for key in list(entry or ()):
        review_list.drop_marker(entry, key)  # type: ignore[arg-type]
    subject = f"{actor} on {issue}"
    listed = review_list.items(document)
    record = [f"[{i.kind}] {i.subject}: accepted" for i in listed if i.subject == subject]
    record.append(f"[position] {subject}: confirmed at {_whole(pos.position)}")
    review_list.remove(document, [i for i in listed if i.subject != subject], record)
    return f"{subject}: position {_whole(pos.position)} confirmed"


def merge_issues(document: CommentedMap, scenario: Scenario, keep: str, drop: str) -> str:
    """Fold issue ``drop`` into ``keep``; see :func:`_merge`."""
    return _merge(document, scenario, "issues", keep, drop)


def merge_actors(document: CommentedMap, scenario: Scenario, keep: str, drop: str) -> str:
    """Fold party ``drop`` into ``keep`` (its name and aliases become aliases of ``keep``)."""
    return _merge(document, scenario, "actors", keep, drop)


def _merge(document: CommentedMap, scenario: Scenario, section: str, keep: str, drop: str) -> str:
    """Move ``drop``'s positions onto ``keep`` and remove ``drop``.

    A position of ``drop`` is moved over, with its evidence, where ``keep`` has none for that
    party (issue). Where both have one, ``keep``'s values stay and ``drop``'s evidence is added
    to it; when the two positions differ, that is flagged (a ``# REVIEW`` marker and a review
    item naming both values), never averaged: only a person can say which reading is right."""
    what = _singular(section)
    ids = _ids(scenario, section)
    for item in (keep, drop):
        if item not in ids:
            raise DetenteError.of("DT702.no_item", what=what, item=item)
    if keep == drop:
        raise DetenteError.of("DT704.self_merge", what=what, item=keep)
    key, other = ("issue", "actor") if section == "issues" else ("actor", "issue")
    entries = [p for p in document.get("positions") or () if isinstance(p, CommentedMap)]
    moved, flagged = 0, []
    for entry in [p for p in entries if p.get(key) == drop]:
        held = next((p for p in entries if p.get(key) == keep and p[other] == entry[other]), None)
        if held is None:
            entry[key] = keep
            moved += 1
            continue
        _fold_evidence(document, held, entry)
        document["positions"].remove(entry)
        entries.remove(entry)
        if held["position"] != entry["position"]:
            subject = f"{held['actor']} on {held['issue']}"
            flagged.append(subject)
            review_list.set_marker(
                held, "position", f"merged {what} {drop} said {_whole(entry['position'])}"
            )
            review_list.add(
                document,
                "position",
                subject,
                f"merging {what} {drop} into {keep}: {drop} had position "
                f"{_whole(entry['position'])}, {keep} has {_whole(held['position'])}; kept "
                f"{_whole(held['position'])}, not an average: read the evidence and decide",
            )
    gone = next(e for e in document[section] if isinstance(e, dict) and e.get("id") == drop)
    if section == "actors":
        _fold_aliases(document, scenario, keep, drop)
    document[section].remove(gone)
    listed = review_list.items(document)
    own = [i for i in listed if i.subject == drop]  # the item about drop itself is settled
    record = [f"[{i.kind}] {i.subject}: merged into {keep}" for i in own]
    review_list.remove(document, [i for i in listed if i.subject != drop], record)
    review_list.rename_subject(document, drop, keep)
    conflicts = f"; positions differ for {', '.join(flagged)} (flagged)" if flagged else ""
    return f"{what} {drop} merged into {keep}: {moved} position(s) moved{conflicts}"


def _fold_evidence(document: CommentedMap, held: CommentedMap, entry: CommentedMap) -> None:
    """``entry``'s evidence added to ``held``'s, each span once."""
    refs = [dict(r) for r in held.get("evidence") or ()]
    seen = {(r["doc"], r["start"], r["end"]) for r in refs}
    extra = [
        dict(r) for r in entry.get("evidence") or () if (r["doc"], r["start"], r["end"]) not in seen
    ]
    if extra:
        update_position(document, held["actor"], held["issue"], evidence=refs + extra)


def _fold_aliases(document: CommentedMap, scenario: Scenario, keep: str, drop: str) -> None:
    kept, dropped = scenario.actor(keep), scenario.actor(drop)
    aliases = list(dict.fromkeys([*kept.aliases, dropped.name, *dropped.aliases]))
    listed = CommentedSeq(a for a in aliases if a != kept.name)
    listed.fa.set_flow_style()  # as the draft writes them: one line
    update_entry(document, "actors", keep, aliases=listed)


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
