"""Split edits: part of an issue or a party becomes a new one (the dashboard's *Split*).

The counterpart of :func:`detente.io.edits.merge_issues` and ``merge_actors``, with the same
contract as every function of :mod:`detente.io.edits`: the document changes in place, a
one-line description comes back, a coded error (DT702, DT704) refuses an edit that cannot be
made, and nothing is written here. A split never invents a value: a position that gives part
of its evidence to the new entry is copied there and both are flagged for review.
"""

from __future__ import annotations

from collections.abc import Sequence

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from detente.domain import Scenario
from detente.errors import DetenteError
from detente.io import review_list
from detente.io.edits import POSITION_FIELDS, SLUG, _held, _ids, _singular
from detente.io.scenario_yaml import update_entry, update_position


def split_issue(
    document: CommentedMap,
    scenario: Scenario,
    issue: str,
    new_id: str,
    name: str,
    evidence: Sequence[tuple[str, int]],
) -> str:
    """Move the chosen evidence of ``issue`` (``(party, index)`` pairs, index from 0 in the
    file's order) to a new issue ``new_id`` called ``name``; see :func:`_split`."""
    return _split(document, scenario, "issues", issue, new_id, name, evidence)


def split_actor(
    document: CommentedMap,
    scenario: Scenario,
    actor: str,
    new_id: str,
    name: str,
    evidence: Sequence[tuple[str, int]],
    aliases: Sequence[str] = (),
) -> str:
    """Move the chosen aliases and evidence (``(issue, index)`` pairs) of party ``actor`` to a
    new party ``new_id`` called ``name``; see :func:`_split`."""
    known = scenario.actor(actor).aliases if actor in _ids(scenario, "actors") else ()
    for alias in aliases:
        if alias not in known:
            raise DetenteError.of("DT704.not_alias", alias=alias, actor=actor)
    note = _split(document, scenario, "actors", actor, new_id, name, evidence, aliases)
    if aliases:
        kept = CommentedSeq(a for a in known if a not in aliases)
        kept.fa.set_flow_style()
        update_entry(document, "actors", actor, aliases=kept or None)
    return note


def _split(
    document: CommentedMap,
    scenario: Scenario,
    section: str,
    old: str,
    new: str,
    name: str,
    chosen: Sequence[tuple[str, int]],
    aliases: Sequence[str] = (),
) -> str:
    """A new entry ``new`` after ``old`` takes the chosen evidence, with positions of its own.

    Each position with chosen evidence gets a twin on ``new`` holding those spans; it starts
    at the values of the old one, since the file holds no claims to read them again, and is
    flagged (a ``# REVIEW`` marker and a review item). A position left without evidence moves
    whole; one that keeps some is flagged too. The new entry starts as a copy of the old
    (proposition and anchors for an issue), marked for review, so the file stays valid."""
    what = _singular(section)
    ids = _ids(scenario, section)
    if old not in ids:
        raise DetenteError.of("DT702.no_item", what=what, item=old)
    if new in ids:
        raise DetenteError.of("DT704.exists", what=what, item=new)
    if not SLUG.fullmatch(new):
        raise DetenteError.of("DT704.not_slug", item=new)
    name = " ".join(name.split())
    if not name:
        raise DetenteError.of("DT704.no_name", what=what)
    if not chosen and not aliases:
        raise DetenteError.of("DT704.split_nothing", what=what, item=old)
    key, other = ("issue", "actor") if section == "issues" else ("actor", "issue")
    by_other: dict[str, set[int]] = {}
    for item, index in chosen:
        held = _held(scenario, *((item, old) if key == "issue" else (old, item)))
        if not 0 <= index < len(held.evidence):
            raise DetenteError.of(
                "DT704.no_evidence", index=index, actor=held.actor, issue=held.issue
            )
        by_other.setdefault(item, set()).add(index)
    _new_entry(document, section, old, new, name, aliases)
    for item, indices in by_other.items():
        _split_position(document, key, other, old, new, item, indices)
    spans = sum(len(i) for i in by_other.values())
    said = f"{spans} evidence span(s) of {', '.join(sorted(by_other))}" if by_other else "none"
    review_list.add(
        document,
        "party" if section == "actors" else "issue",
        new,
        f"split from {old} by a person ({said}"
        + (f"; aliases {', '.join(aliases)}" if aliases else "")
        + f"): its {'proposition and axis' if section == 'issues' else 'capability'} and the "
        f"positions' values are {old}'s; write them for {new}",
    )
    return f"{what} {old} split: {new} ({name}) takes {said}" + (
        f" and {len(aliases)} alias(es)" if aliases else ""
    )


def _new_entry(
    document: CommentedMap, section: str, old: str, new: str, name: str, aliases: Sequence[str]
) -> None:
    entries = document[section]
    at, source = next(
        (n, e) for n, e in enumerate(entries) if isinstance(e, dict) and e.get("id") == old
    )
    entry = CommentedMap([("id", new), ("name", name)])
    if section == "issues":
        for field_name in ("proposition", "anchors", "status_quo"):
            if field_name in source:
                entry[field_name] = source[field_name]
        review_list.set_marker(entry, "proposition", f"split from {old}: say what {new} is about")
    else:
        entry["capability"] = source.get("capability", 1)
        review_list.set_marker(entry, "capability", f"split from {old}: set this party's clout")
        if aliases:
            listed = CommentedSeq(aliases)
            listed.fa.set_flow_style()
            entry["aliases"] = listed
    entry["description"] = f"Split from {old} by a person."
    entries.insert(at + 1, entry)


def _split_position(
    document: CommentedMap, key: str, other: str, old: str, new: str, item: str, moved: set[int]
) -> None:
    """The chosen spans of one position go to its twin on ``new``; both are flagged."""
    entry = next(
        p
        for p in document["positions"]
        if isinstance(p, CommentedMap) and p.get(key) == old and p.get(other) == item
    )
    refs = [dict(r) for r in entry.get("evidence") or ()]
    keep = [r for n, r in enumerate(refs) if n not in moved]
    pair = {key: new, other: item}
    subject = f"{pair['actor']} on {pair['issue']}"
    if not keep:
        was = f"{entry['actor']} on {entry['issue']}"
        entry[key] = new  # nothing left to stand on: the position moves whole
        listed = review_list.items(document)  # and the items about it go with it
        review_list.remove(
            document,
            [
                review_list.ListedItem(
                    i.index, i.kind, subject if i.subject == was else i.subject, i.text
                )
                for i in listed
            ],
            [],
        )
        review_list.set_marker(entry, "position", f"moved whole from {old} by a split")
        text = f"moved whole from {old} by a split: its value is {old}'s; read it again"
    else:
        values = {k: entry[k] for k in POSITION_FIELDS if k in entry and k != "note"}
        update_position(document, entry["actor"], entry["issue"], evidence=keep)
        twin = update_position(
            document,
            pair["actor"],
            pair["issue"],
            **values,
            evidence=[r for n, r in enumerate(refs) if n in moved],
            note=f"split from {old}: {len(moved)} of {len(refs)} evidence span(s)",
        )
        assert isinstance(twin, CommentedMap)  # update_position makes one for a new pair
        review_list.set_marker(twin, "position", f"copied from {old}; check")
        review_list.set_marker(entry, "position", f"split: {len(moved)} span(s) went to {new}")
        text = (
            f"split from {old}: {len(moved)} of {len(refs)} evidence span(s) moved here and the "
            f"values copied from {old}'s position, not read again: read the evidence and set them"
        )
    review_list.add(document, "position", subject, text)
