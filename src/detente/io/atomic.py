"""Write files so a reader never sees half of one: a temporary file beside it, then a rename."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from detente.errors import DetenteError


def _write_temporary(target: Path, data: str | bytes) -> Path:
    """``data`` in a synced temporary file beside ``target``; DT901 (and no file) on failure."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if target.is_dir():
        # Checked here, not left to the rename: by then other files of the set may be in place.
        raise DetenteError.of("DT901.folder", location=str(target))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError) as exc:
        # mkdir says "File exists" or "Not a directory" without naming the file in the way.
        blocker = next((p for p in (target.parent, *target.parent.parents) if p.exists()), None)
        raise DetenteError.of("DT901.blocked", location=str(target), blocker=blocker) from exc
    except OSError as exc:
        raise DetenteError.of("DT901", location=str(target), reason=exc.strerror) from exc
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise DetenteError.of("DT901", location=str(target), reason=exc.strerror) from exc
    try:
        # mkstemp creates the file private (0600); give it the mode a plain open() would have,
        # or keep the mode of the file it replaces, so a report can be shared as usual.
        os.fchmod(fd, _mode_for(target))
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise DetenteError.of("DT901", location=str(target), reason=exc.strerror) from exc
    return Path(tmp)


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        return 0o666 & ~_process_umask()


def _process_umask() -> int:
    # Read, not set-and-restore: os.umask() would briefly change it for the dashboard's threads.
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except OSError:
        pass
    return 0o022


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> Path:
    """Write ``data`` to ``path`` atomically and return the path."""
    return write_files_atomic({Path(path): data})[0]


def write_files_atomic(
    files: Mapping[Path, str | bytes], remove: Iterable[Path] = ()
) -> list[Path]:
    """Write several files that belong together (a Genius export, CSV tables).

    Every file is written to its temporary path before any is renamed into place, so a failure
    while writing (a missing folder, a full disk) leaves none of them behind, old or new half.
    The files in ``remove`` (stale members of the same set) are deleted only once every new file
    is in place, so a failed write removes nothing.
    """
    temporaries: list[tuple[Path, Path]] = []
    try:
        for target, data in files.items():
            temporaries.append((_write_temporary(target, data), target))
        for tmp, target in temporaries:
            try:
                os.replace(tmp, target)
            except OSError as exc:
                raise DetenteError.of("DT901", location=str(target), reason=exc.strerror) from exc
    finally:
        for tmp, _ in temporaries:
            tmp.unlink(missing_ok=True)
    for stale in remove:
        try:
            stale.unlink(missing_ok=True)
        except OSError as exc:
            raise DetenteError.of("DT901.stale", location=str(stale), reason=exc.strerror) from exc
    return list(files)
