"""The dashboard's scenarios: edits saved atomically, a version history with undo, and 409s.

Each scenario file is edited through its round-trip YAML document, so the analyst's comments and
key order survive. Every save validates the edited document, writes a numbered snapshot to the
history folder and then the scenario file itself, each atomically. A save names the version it
was made against; if another save came in between, it is refused (optimistic concurrency), and
the caller gets the current version to reload. Undo restores the previous version's text as a
new version, and so does restoring any earlier version, so the history only ever grows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from detente.domain import Scenario, slugify
from detente.errors import DetenteError
from detente.io import load_scenario, sniff_format
from detente.io.atomic import write_atomic
from detente.io.scenario_yaml import dump_document, parse_yaml_text, validate_document

HISTORY_FOLDER = ".detente-history"


@dataclass(frozen=True)
class Version:
    number: int
    saved_at: str
    note: str
    sha256: str
    parent: int | None = None  # the version this one was edited from
    same_as: int | None = None  # for an undo: the earlier version whose text it restores


@dataclass
class Entry:
    """One scenario open in the dashboard."""

    id: str
    path: Path
    editable: bool
    history_dir: Path
    versions: list[Version] = field(default_factory=list)
    texts: dict[int, str] = field(default_factory=dict)
    scenarios: dict[int, Scenario] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def version(self) -> int:
        return self.versions[-1].number

    @property
    def etag(self) -> str:
        return f'"{self.id}-v{self.version}"'

    def scenario(self, number: int | None = None) -> Scenario:
        chosen = self.version if number is None else number
        if chosen not in self.scenarios:
            if chosen not in self.texts:
                raise DetenteError("DT702", f"scenario {self.id!r} has no version {chosen}")
            self.scenarios[chosen] = validate_document(
                parse_yaml_text(self.texts[chosen], str(self.path)), str(self.path)
            )
        return self.scenarios[chosen]


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def scenario_id(path: Path, taken: set[str]) -> str:
    """A slug for the URL: the file stem, or the folder name for files called ``scenario``."""
    stem = path.parent.name if path.stem == "scenario" and path.parent.name else path.stem
    base = slugify(stem)
    chosen, n = base, 2
    while chosen in taken:
        chosen, n = f"{base}-{n}", n + 1
    return chosen


class Workspace:
    """All scenarios the dashboard serves, by id."""

    def __init__(self, paths: list[Path], history_root: Path | None = None) -> None:
        self.entries: dict[str, Entry] = {}
        for path in paths:
            entry = self._open(path.resolve(), history_root)
            self.entries[entry.id] = entry

    def _open(self, path: Path, history_root: Path | None) -> Entry:
        scenario = load_scenario(path)  # coded errors for a bad file, before anything is served
        sid = scenario_id(path, set(self.entries))
        editable = sniff_format(path) == "yaml"
        root = history_root if history_root is not None else path.parent / HISTORY_FOLDER
        entry = Entry(sid, path, editable, root / sid)
        text = path.read_text(encoding="utf-8") if editable else ""
        _remove_temporaries(entry)
        self._load_history(entry)
        if editable:
            _drop_unsaved_version(entry, text)
        if not editable:
            entry.versions = [Version(1, _now(), "opened (read-only format)", "")]
            entry.scenarios[1] = scenario
        elif not entry.versions or entry.versions[-1].sha256 != _sha(text):
            # The file changed outside the dashboard (or is new to it): that text is a version too.
            self._record(
                entry, text, "opened" if not entry.versions else "changed outside the dashboard"
            )
        return entry

    def _load_history(self, entry: Entry) -> None:
        index = entry.history_dir / "versions.json"
        if not entry.editable or not index.is_file():
            return
        for item in json.loads(index.read_text(encoding="utf-8")):
            version = Version(**item)
            snapshot = entry.history_dir / f"v{version.number:04d}.yaml"
            if snapshot.is_file():
                entry.versions.append(version)
                entry.texts[version.number] = snapshot.read_text(encoding="utf-8")

    def _record(self, entry: Entry, text: str, note: str, same_as: int | None = None) -> Version:
        number = entry.versions[-1].number + 1 if entry.versions else 1
        parent = entry.versions[-1].number if entry.versions and same_as is None else None
        if same_as is not None:
            parent = self._by_number(entry, same_as).parent
        version = Version(number, _now(), note, _sha(text), parent, same_as)
        write_atomic(entry.history_dir / f"v{number:04d}.yaml", text)
        entry.versions.append(version)
        entry.texts[number] = text
        write_atomic(
            entry.history_dir / "versions.json",
            json.dumps([v.__dict__ for v in entry.versions], indent=1),
        )
        return version

    @staticmethod
    def _by_number(entry: Entry, number: int) -> Version:
        return next(v for v in entry.versions if v.number == number)

    def get(self, sid: str) -> Entry:
        try:
            return self.entries[sid]
        except KeyError:
            raise DetenteError("DT702", f"no scenario {sid!r} in this dashboard") from None

    def edit(
        self, sid: str, expected: int, change: Callable[[CommentedMap, Scenario], str]
    ) -> Version:
        """Apply ``change`` (an edit of :mod:`detente.io.edits`, which returns the line the
        history shows) to the document of version ``expected``; save it as a new version."""
        entry = self.get(sid)
        if not entry.editable:
            raise DetenteError(
                "DT705",
                f"{entry.path.name} is not a YAML scenario: it is read-only here",
                hint="convert it with `detente convert FILE scenario.yaml` to edit it",
            )
        with entry.lock:
            _check_current(
                entry, expected, "reload the page to see the latest version, then edit again"
            )
            current = entry.texts[entry.version]
            document = parse_yaml_text(current, str(entry.path))
            note = change(document, entry.scenario())
            try:
                scenario = validate_document(document, str(entry.path))
            except DetenteError as exc:
                raise DetenteError("DT704", str(exc), location=entry.id) from None
            text = dump_document(document)
            if _unchanged(text, current, entry):
                return entry.versions[-1]  # a save that changes nothing is not a new version
            version = self._record(entry, text, note)
            entry.scenarios[version.number] = scenario
            write_atomic(entry.path, text)
            return version

    def undo(self, sid: str, expected: int) -> Version:
        """Restore the version before ``expected`` as a new version."""
        entry = self.get(sid)
        with entry.lock:
            _check_current(entry, expected, "reload the page and undo again")
            latest = entry.versions[-1]
            logical = self._by_number(entry, latest.same_as or latest.number)
            if logical.parent is None or not entry.editable:
                raise DetenteError("DT706", "nothing to undo", location=entry.id)
            # Undo steps back along the chain of edits, so repeated undos keep going back.
            previous = logical.parent
            text = entry.texts[previous]
            version = self._record(
                entry, text, f"undo: back to version {previous}", same_as=previous
            )
            write_atomic(entry.path, text)
            return version

    def restore(self, sid: str, expected: int, number: int) -> Version:
        """Save the text of any earlier version ``number`` as a new version, made from
        ``expected`` (so an undo afterwards comes back to ``expected``)."""
        entry = self.get(sid)
        if not entry.editable:
            raise DetenteError("DT705", f"{entry.path.name} is read-only here", location=entry.id)
        with entry.lock:
            _check_current(entry, expected, "reload the history and restore again")
            if number not in entry.texts:
                raise DetenteError("DT702", f"scenario {entry.id!r} has no version {number}")
            text = entry.texts[number]
            if _unchanged(text, entry.texts[entry.version], entry):
                return entry.versions[-1]  # it says what the current version says
            version = self._record(entry, text, f"restored version {number}")
            write_atomic(entry.path, text)
            return version


def _remove_temporaries(entry: Entry) -> None:
    """Delete what a save killed half-way left behind: the temporary files ``write_atomic``
    makes beside the scenario file and in the history folder, which a finished save renames."""
    leftovers = [*entry.path.parent.glob(f".{entry.path.name}.*.tmp")]
    if entry.history_dir.is_dir():
        leftovers += entry.history_dir.glob(".*.tmp")
    for leftover in leftovers:
        leftover.unlink(missing_ok=True)


def _drop_unsaved_version(entry: Entry, text: str) -> None:
    """Forget a version a killed save recorded but never wrote to the scenario file.

    A save writes the snapshot, then the index, then the file, one save at a time, so a kill
    leaves at most the last version unsaved: the file still holds the one before, and is older
    than that version's snapshot (a file reverted by hand after a finished save is newer, and is
    recorded as changed outside the dashboard instead). Snapshots beyond the index (killed
    before the index was written) are removed too.
    """
    versions = entry.versions
    if (
        len(versions) >= 2
        and versions[-1].sha256 != _sha(text) == versions[-2].sha256
        and entry.path.stat().st_mtime_ns <= _snapshot(entry, versions[-1]).stat().st_mtime_ns
    ):
        lost = versions.pop()
        del entry.texts[lost.number]
        write_atomic(
            entry.history_dir / "versions.json",
            json.dumps([v.__dict__ for v in versions], indent=1),
        )
    last = versions[-1].number if versions else 0
    for snapshot in entry.history_dir.glob("v*.yaml") if entry.history_dir.is_dir() else ():
        number = snapshot.stem[1:]
        if number.isdigit() and int(number) > last:
            snapshot.unlink(missing_ok=True)


def _snapshot(entry: Entry, version: Version) -> Path:
    return entry.history_dir / f"v{version.number:04d}.yaml"


def _unchanged(text: str, current: str, entry: Entry) -> bool:
    """Whether ``text`` says what ``current`` says, byte for byte or once dumped the same way
    (a hand-written file may be laid out differently from what the dumper writes)."""
    return text == current or text == dump_document(parse_yaml_text(current, str(entry.path)))


def _check_current(entry: Entry, expected: int, hint: str) -> None:
    """Refuse a change made against a version that another save has since replaced (a 409)."""
    if expected != entry.version:
        raise DetenteError(
            "DT703",
            f"version {expected} is out of date: version {entry.version} was saved since",
            location=entry.id,
            hint=hint,
        )


def plain_versions(entry: Entry) -> list[dict[str, Any]]:
    return [v.__dict__ for v in reversed(entry.versions)]
