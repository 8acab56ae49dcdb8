"""Write an edited scenario document back with the smallest change to the file's text.

ruamel.yaml keeps comments and key order, but it re-emits flow collections and long plain
scalars in its own line layout, so dumping a whole hand-formatted file after one edit would
also re-wrap lines nobody touched. Instead, only the list items of ``sources``, ``actors``,
``issues`` and ``positions`` that changed (or were appended) are rendered and spliced into the
original text; every other line stays byte for byte. The result is parsed again and compared
with the document: when anything else changed, or the check fails, the caller falls back to a
full dump (``None`` is returned).
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

SECTIONS = ("sources", "actors", "issues", "positions")
WIDTH = 4096  # never fold: folding re-wraps text the user wrote on one line


def yaml_writer(dash_column: int = 2) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = WIDTH
    yaml.indent(mapping=2, sequence=dash_column + 2, offset=dash_column)
    return yaml


def _is_filler(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _trim(lines: list[str], start: int, end: int) -> int:
    """``end`` moved back over trailing blank and comment lines (they belong to what follows)."""
    while end > start + 1 and _is_filler(lines[end - 1]):
        end -= 1
    return end


def _render(section: str, items: list[Any], dash_column: int) -> str:
    buffer = io.StringIO()
    yaml_writer(dash_column).dump(CommentedMap([(section, CommentedSeq(items))]), buffer)
    rendered = buffer.getvalue().splitlines(keepends=True)[1:]  # drop "section:"
    end = _trim(rendered, 0, len(rendered))
    return "".join(rendered[:end])


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _scalar_text(value: Any) -> str | None:
    """How ruamel writes ``value`` after ``key: ``, if that fits on one line."""
    buffer = io.StringIO()
    yaml_writer().dump(CommentedMap([("k", value)]), buffer)
    text = buffer.getvalue()
    if text.count("\n") != 1 or not text.startswith("k: "):
        return None
    return text[3:-1]


def _patch_item(
    lines: list[str], old: Any, new: Any, end: int, dash_column: int
) -> list[tuple[int, int, str]] | None:
    """Line edits that turn block mapping ``old`` into ``new``: numbers changed in place,
    number fields removed, new fields appended. None when the change is anything else."""
    if not isinstance(old, CommentedMap) or not isinstance(new, dict) or old.fa.flow_style():
        return None
    kept = [k for k in new if k in old]
    if kept != [k for k in old if k in new] or list(new)[: len(kept)] != kept:
        return None  # reordered keys, or new keys placed before old ones
    edits: list[tuple[int, int, str]] = []
    for key in old:
        if key in new and old[key] == new[key]:
            continue
        line_no, column = old.lc.value(key)
        if not _is_number(old[key]) or line_no != old.lc.key(key)[0]:
            return None
        line = lines[line_no]
        if key not in new:
            edits.append((line_no, line_no + 1, ""))
            continue
        text = _scalar_text(new[key])
        if text is None:
            return None
        hash_at = line.find("#", column)
        tail = "\n" if hash_at < 0 else line[len(line[:hash_at].rstrip()) :]
        edits.append((line_no, line_no + 1, line[:column] + text + tail))
    added = [k for k in new if k not in old]
    if added:
        buffer = io.StringIO()
        yaml_writer(dash_column).dump(CommentedMap([(k, new[k]) for k in added]), buffer)
        pad = " " * (dash_column + 2)
        block = "".join(
            pad + row if row.strip() else row for row in buffer.getvalue().splitlines(True)
        )
        edits.append((end, end, block))
    return edits


def _comments(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every comment of ``node`` and its children, with where it is attached."""
    found: list[tuple[Any, ...]] = []
    attached = getattr(node, "ca", None)
    if attached is not None:
        for key, slots in sorted(attached.items.items(), key=lambda kv: str(kv[0])):
            found.append((path, key, _texts(slots)))
        found.append((path, None, _texts(attached.comment or ())))
    children = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else ()
    )
    for key, child in children:
        found += _comments(child, (*path, key))
    return found


def _texts(slots: Any) -> tuple[str, ...]:
    tokens: list[Any] = []
    for slot in slots or ():
        tokens += slot if isinstance(slot, list) else [slot]
    return tuple(t.value for t in tokens if t is not None and hasattr(t, "value"))


def splice(original_text: str, document: CommentedMap) -> str | None:
    """The original text with the changed section items replaced, or None if not possible."""
    try:
        original = yaml_writer().load(original_text)
    except YAMLError:
        return None
    if not isinstance(original, CommentedMap) or list(original) != list(document):
        return None
    if _comments(original) != _comments(document):
        return None  # a comment was changed (a review list, a marker): only a dump writes it
    lines = original_text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    key_lines = sorted(original.lc.key(key)[0] for key in original)
    edits: list[tuple[int, int, str]] = []
    for key in document:
        old, new = original[key], document[key]
        if old == new:
            continue
        if (
            key not in SECTIONS
            or not isinstance(old, CommentedSeq)
            or not isinstance(new, list)
            or not old
            or old.fa.flow_style()
            or len(new) < len(old)
        ):
            return None
        section_end = next((n for n in key_lines if n > original.lc.key(key)[0]), len(lines))
        starts = [old.lc.item(i)[0] for i in range(len(old))]
        dash_column = old.lc.item(0)[1] - 2
        if dash_column < 0 or any(lines[s].lstrip()[:1] != "-" for s in starts):
            return None
        for index, start in enumerate(starts):
            if old[index] != new[index]:
                stop = starts[index + 1] if index + 1 < len(starts) else section_end
                end = _trim(lines, start, stop)
                patch = _patch_item(lines, old[index], new[index], end, dash_column)
                if patch is None:
                    patch = [(start, end, _render(key, [new[index]], dash_column))]
                edits.extend(patch)
        if len(new) > len(old):
            end = _trim(lines, starts[-1], section_end)
            edits.append((end, end, _render(key, list(new[len(old) :]), dash_column)))
    for start, end, text in sorted(edits, reverse=True):
        lines[start:end] = [text]
    result = "".join(lines)
    try:
        check = yaml_writer().load(result)
    except YAMLError:
        return None
    return result if check == document else None
