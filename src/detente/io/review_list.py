"""The review list a drafted scenario carries in its opening comment, read and changed in place.

``detente init`` writes the list as comment lines ``- [kind] subject: text`` under a
``Review list:`` heading, and ``# REVIEW: ...`` end-of-line markers on values a person must
check (``nlp/draft_review.py``). Both are YAML comments, so the scenario itself never depends on
them; the guided review (``io/edits.py``: ``mark_reviewed``, ``confirm_position``, the merges)
changes them here: an item checked leaves the list for a ``Reviewed:`` list below it, so the file
keeps a record of what a person looked at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ruamel.yaml.comments import CommentedMap

LIST_HEADING = "Review list:"
DONE_HEADING = "Reviewed:"
ITEM = re.compile(r"^- \[(?P<kind>[^\]]+)\] (?P<subject>.+?): (?P<text>.*)$")
MARKER = "# REVIEW"


@dataclass(frozen=True)
class ListedItem:
    index: int  # place in the review list, from 0
    kind: str
    subject: str
    text: str

    def line(self) -> str:
        return f"- [{self.kind}] {self.subject}: {self.text}"


def _header(document: CommentedMap) -> list[str]:
    """The opening comment's lines, without their ``# `` (blank lines kept as "")."""
    comment = getattr(document.ca, "comment", None)
    tokens = comment[1] if comment and len(comment) > 1 and comment[1] else []
    text = "".join(token.value for token in tokens)
    return [re.sub(r"^# ?", "", line) for line in text.splitlines()]


def _set_header(document: CommentedMap, lines: list[str]) -> None:
    if document.ca.comment is not None and len(document.ca.comment) > 1:
        document.ca.comment[1] = []
    while lines and not lines[-1]:
        lines.pop()
    if lines:
        document.yaml_set_start_comment("\n".join(lines))


def _sections(lines: list[str]) -> tuple[int, int, int | None]:
    """Where the list starts (its heading), where it ends, and where ``Reviewed:`` is."""
    start = lines.index(LIST_HEADING) if LIST_HEADING in lines else -1
    end = start + 1
    while start >= 0 and end < len(lines) and ITEM.match(lines[end]):
        end += 1
    done = lines.index(DONE_HEADING) if DONE_HEADING in lines else None
    return start, end, done


def items(document: CommentedMap) -> list[ListedItem]:
    """The items still to review, in the order of the file; none if it has no list."""
    lines = _header(document)
    start, end, _ = _sections(lines)
    if start < 0:
        return []
    found = [ITEM.match(line) for line in lines[start + 1 : end]]
    return [ListedItem(i, m["kind"], m["subject"], m["text"]) for i, m in enumerate(found) if m]


def reviewed(document: CommentedMap) -> list[str]:
    """The record of what was reviewed, one line each (``- [kind] subject: what was done``)."""
    lines = _header(document)
    _, _, done = _sections(lines)
    if done is None:
        return []
    out = []
    for line in lines[done + 1 :]:
        if not line.startswith("- "):
            break
        out.append(line[2:])
    return out


def remove(document: CommentedMap, keep: list[ListedItem], record: list[str]) -> None:
    """Rewrite the list as ``keep``; append ``record`` lines to the ``Reviewed:`` list."""
    lines = _header(document)
    start, end, done = _sections(lines)
    if start < 0:
        lines += ["", LIST_HEADING]
        start, end, done = _sections(lines)
    before, after = lines[: start + 1], lines[end:]
    new = before + [item.line() for item in keep] + after
    done = new.index(DONE_HEADING) if DONE_HEADING in new else None
    if not record:
        _set_header(document, new)
        return
    if done is None:
        new += ["", DONE_HEADING]
        done = len(new) - 1
    tail = done + 1
    while tail < len(new) and new[tail].startswith("- "):
        tail += 1
    new[tail:tail] = [f"- {line}" for line in record]
    _set_header(document, new)


def add(document: CommentedMap, kind: str, subject: str, text: str) -> None:
    """Append an item to the review list (a list is made when the file has none)."""
    current = items(document)
    extra = ListedItem(len(current), kind, subject, text)
    lines = _header(document)
    start, end, _ = _sections(lines)
    if start < 0:
        lines += ["", LIST_HEADING]
        start, end, _ = _sections(lines)
    lines[end:end] = [extra.line()]
    _set_header(document, lines)


def rename_subject(document: CommentedMap, old: str, new: str) -> None:
    """Items about ``old`` (a party or an issue id) follow it to its new id."""
    word = re.compile(rf"(?<![\w.]){re.escape(old)}(?![\w.])")
    changed = [
        ListedItem(i.index, i.kind, word.sub(new, i.subject), i.text) for i in items(document)
    ]
    if changed != items(document):
        remove(document, changed, [])


def drop_marker(entry: CommentedMap, key: str) -> bool:
    """Remove a ``# REVIEW`` end-of-line comment from ``entry[key]``; True if there was one."""
    slots = entry.ca.items.get(key)
    token = slots[2] if slots and len(slots) > 2 else None
    if token is None or not token.value.lstrip().startswith(MARKER):
        return False
    rest = token.value.split("\n", 1)[1] if "\n" in token.value else ""
    if rest.strip():
        token.value = "\n" + rest  # comment lines below the marker stay
    else:
        slots[2] = None
    return True


def set_marker(entry: CommentedMap, key: str, text: str) -> None:
    drop_marker(entry, key)
    entry.yaml_add_eol_comment(f"{MARKER}: {text}", key)
