"""The run manifest: what produced a result, so anyone can reproduce it.

A manifest names the detente version, every model with the exact parameters it ran with, the
seed, and the sha256 of every input file's bytes. It holds no wall-clock time, so the same
run gives the same manifest byte for byte.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from detente import __version__
from detente.domain.forecast import ParamValue


def sha256_of(path: str | os.PathLike[str]) -> str:
    """The sha256 of a file's bytes; of a folder, over its files' relative paths and bytes."""
    source = Path(path)
    digest = hashlib.sha256()
    if source.is_dir():
        for file in sorted(p for p in source.rglob("*") if p.is_file()):
            digest.update(file.relative_to(source).as_posix().encode("utf-8") + b"\0")
            digest.update(hashlib.sha256(file.read_bytes()).digest())
        return digest.hexdigest()
    with source.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def build_manifest(
    *,
    models: Mapping[str, Mapping[str, ParamValue]] | None = None,
    seed: int | None = None,
    inputs: Mapping[str, str | os.PathLike[str]] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """``{"detente_version", "models": {id: params}, "seed", "inputs": {role: {path, sha256}}}``.

    ``inputs`` maps a role ("scenario", "table", ...) to a file path; ``extra`` adds keys
    (e.g. a Monte Carlo draw count) without overriding the standard ones.
    """
    manifest: dict[str, Any] = {
        "detente_version": __version__,
        "models": {model_id: dict(params) for model_id, params in (models or {}).items()},
        "seed": seed,
        "inputs": {
            role: {"path": str(path), "sha256": sha256_of(path)}
            for role, path in (inputs or {}).items()
        },
    }
    for key, value in (extra or {}).items():
        manifest.setdefault(key, value)
    return manifest
