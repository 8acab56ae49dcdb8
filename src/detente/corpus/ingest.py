"""Read articles from .txt, .md (front matter), .html and .jsonl into normalised Documents.

Text is NFC-normalised with its whitespace kept, so character offsets into the stored text stay
meaningful. Every file is read on its own: a malformed one becomes a coded DetenteError in the
result while the rest of the batch goes through.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from selectolax.lexbor import LexborHTMLParser

from detente.corpus.dedupe import link_duplicates
from detente.domain.corpus import Document
from detente.errors import DetenteError
from detente.io.text import INGEST_FILE, read_text_file

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".jsonl")
MAX_BYTES = 5_000_000
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*\r?\n", re.S)
_BOILERPLATE_TAGS = "script, style, noscript, nav, header, footer, aside, form, iframe, svg, button"
_BLOCK_TAGS = "h1, h2, h3, h4, h5, h6, p, li, blockquote, pre, td"
_META_KEYS = ("id", "title", "outlet", "date", "url")
_TEXT_KEYS = ("id", "title", "outlet", "url")
_MAX_META_DEPTH = 8  # front matter and JSONL records are flat; deeper is a hostile file


@dataclass
class IngestResult:
    documents: list[Document] = field(default_factory=list)
    errors: list[DetenteError] = field(default_factory=list)
    # Files under a named folder that were not read, with the reason (".pdf: not a text format").
    skipped: list[tuple[str, str]] = field(default_factory=list)


def normalise(text: str) -> str:
    """NFC, with line endings unified; every other whitespace character is kept."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_date(value: object, where: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise DetenteError(
            "DT308", f"date {text!r} is not an ISO date", location=where, hint="use YYYY-MM-DD"
        ) from None


def iter_input_files(
    paths: Iterable[str | Path], skipped: list[tuple[str, str]] | None = None
) -> Iterator[Path]:
    """Files named, and supported files under folders named, in a stable order.

    What a folder holds but is not read goes to ``skipped`` with the reason, so a folder of
    PDFs does not silently give "0 documents".
    """
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            yield path
            continue
        for found in sorted(path.rglob("*")):
            if found.is_dir():
                continue
            if not found.is_file():
                _skip(skipped, found, "not a regular file (a pipe, socket or device)")
            elif found.suffix.lower() not in SUFFIXES:
                _skip(
                    skipped,
                    found,
                    f"{found.suffix or 'no suffix'}: not one of {', '.join(SUFFIXES)}",
                )
            else:
                yield found


def _skip(skipped: list[tuple[str, str]] | None, path: Path, reason: str) -> None:
    if skipped is not None:
        skipped.append((str(path), reason))


def _front_matter(text: str, where: str) -> tuple[dict[str, Any], str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        data = YAML(typ="safe").load(match.group(1))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        # The front matter starts on line 2, after the opening "---".
        at = f"{where}:{mark.line + 2}:{mark.column + 1}" if mark else where
        problem = exc.problem or exc.context or "invalid YAML"
        raise DetenteError("DT308", f"front matter is not YAML: {problem}", location=at) from None
    except YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else "invalid YAML"
        raise DetenteError("DT308", f"front matter is not YAML: {first}", location=where) from None
    except RecursionError:
        raise DetenteError("DT308", "front matter is nested too deep", location=where) from None
    except ValueError as exc:  # an impossible date (2025-02-30) or a 4,301-digit number
        raise DetenteError(
            "DT308", f"front matter holds a bad value: {exc}", location=where
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise DetenteError("DT308", "front matter is not a mapping", location=where)
    _check_meta(data, "DT308", where)
    return data, text[match.end() :]


def _bad_value(exc: ValueError) -> str:
    if "digits" in str(exc):
        return "a number is longer than the 4,300 digits Python reads"
    return f"a date is not a calendar date ({exc}; dates are YYYY-MM-DD)"


def _check_meta(meta: dict[str, Any], code: str, where: str) -> None:
    """Metadata fields are text (and a date); anything else is the file's error, coded."""
    for key in _TEXT_KEYS:
        value = meta.get(key)
        if value is not None and not isinstance(value, str):
            raise DetenteError(
                code,
                f"{key!r} must be text, not {type(value).__name__}",
                location=where,
                hint=f'quote it: {key}: "..."' if code == "DT308" else "give it as a string",
            )
    if _depth(meta) > _MAX_META_DEPTH:
        raise DetenteError(code, "metadata is nested too deep", location=where)


def _depth(value: Any) -> int:
    """Nesting depth, iteratively (a recursive walk is what a hostile file would exhaust)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, depth)
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, depth + 1) for child in children)
    return deepest


def html_main_text(html: str, where: str) -> tuple[str, dict[str, Any]]:
    """Main text of an HTML page (article or main element when present), boilerplate dropped."""
    tree = LexborHTMLParser(html)
    meta: dict[str, Any] = {}
    title = tree.css_first("meta[property='og:title']") or tree.css_first("title")
    if title is not None:
        meta["title"] = (title.attributes.get("content") or title.text()).strip() or None
    site = tree.css_first("meta[property='og:site_name']")
    if site is not None:
        meta["outlet"] = site.attributes.get("content")
    published = tree.css_first("meta[property='article:published_time']") or tree.css_first(
        "time[datetime]"
    )
    if published is not None:
        meta["date"] = published.attributes.get("content") or published.attributes.get("datetime")
    for node in tree.css(_BOILERPLATE_TAGS):
        node.decompose()
    root = tree.css_first("article") or tree.css_first("main") or tree.body
    if root is None:
        raise DetenteError("DT305", "no body element", location=where, hint="is this HTML?")
    blocks = [" ".join(node.text(separator="").split()) for node in root.css(_BLOCK_TAGS)]
    blocks = [b for b in blocks if b]
    if not blocks:
        text = " ".join(root.text(separator=" ").split())
        blocks = [text] if text else []
    if not blocks:
        raise DetenteError("DT305", "no text in the page body", location=where)
    return "\n\n".join(blocks), meta


def _document(
    text: str, meta: dict[str, Any], default_id: str | None, where: str, path: str | None
) -> Document:
    text = normalise(text)
    if not text.strip():
        raise DetenteError("DT303", "no text", location=where)
    digest = sha256_text(text)
    doc_id = str(meta.get("id") or default_id or digest[:12])
    return Document(
        id=doc_id,
        text=text,
        sha256=digest,
        title=meta.get("title") or None,
        outlet=meta.get("outlet") or None,
        date=parse_date(meta.get("date"), where),
        url=meta.get("url") or None,
        path=path,
    )


def read_file(path: Path, *, max_bytes: int = MAX_BYTES) -> IngestResult:
    """Documents from one file; a .jsonl file reports each bad line and keeps the good ones."""
    result = IngestResult()
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        result.errors.append(
            DetenteError(
                "DT307",
                f"cannot ingest {suffix or 'a file without suffix'}",
                location=str(path),
                hint=f"use one of {', '.join(SUFFIXES)}",
            )
        )
        return result
    try:
        text = read_text_file(path, max_bytes=max_bytes, codes=INGEST_FILE)
        if suffix == ".jsonl":
            _read_jsonl(text, path, result)
            return result
        if not text.strip():
            raise DetenteError("DT303", "file is empty", location=str(path))
        meta, body = _front_matter(text, str(path))
        if suffix in (".html", ".htm"):
            body, html_meta = html_main_text(body, str(path))
            meta = {**html_meta, **{k: v for k, v in meta.items() if v is not None}}
        result.documents.append(_document(body, meta, path.name, str(path), str(path)))
    except DetenteError as error:
        result.errors.append(error)
    return result


def _read_jsonl(text: str, path: Path, result: IngestResult) -> None:
    lines = text.split("\n")
    if not any(line.strip() for line in lines):
        result.errors.append(DetenteError("DT303", "file is empty", location=str(path)))
        return
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise DetenteError(
                    "DT306", "line is not an object with a string 'text'", location=where
                )
            _check_meta(record, "DT306", where)
            _check_no_surrogates(record, where)
            meta = {key: record.get(key) for key in _META_KEYS}
            result.documents.append(_document(record["text"], meta, None, where, str(path)))
        except json.JSONDecodeError as exc:
            result.errors.append(
                DetenteError("DT306", f"not JSON: {exc.msg}", location=f"{where}:{exc.colno}")
            )
        except RecursionError:
            result.errors.append(DetenteError("DT306", "line is nested too deep", location=where))
        except ValueError as exc:  # a number longer than 4,300 digits
            result.errors.append(DetenteError("DT306", _bad_value(exc), location=where))
        except DetenteError as error:
            result.errors.append(error)


def _check_no_surrogates(record: dict[str, Any], where: str) -> None:
    """JSON may spell a lone surrogate (\\ud800); it is no character and cannot be stored."""
    for key, value in record.items():
        if isinstance(value, str) and any(0xD800 <= ord(ch) <= 0xDFFF for ch in value):
            raise DetenteError(
                "DT306",
                f"{key!r} holds a lone surrogate (half of a UTF-16 pair), not a character",
                location=where,
            )


def ingest_paths(
    paths: Iterable[str | Path],
    *,
    max_bytes: int = MAX_BYTES,
    defaults: dict[str, Any] | None = None,
    seed: int = 0,
    progress: Callable[[int], None] | None = None,
) -> IngestResult:
    """Read every input, link exact and near duplicates, and keep ids unique.

    ``defaults`` (outlet, date, …) fill metadata a document does not carry itself;
    ``progress`` is told of each file read.
    """
    result = IngestResult()
    files = list(iter_input_files(paths, result.skipped))
    read = read_files(files, max_bytes=max_bytes, progress=progress)
    result.documents, result.errors = read.documents, read.errors
    return finish_ingest(result, defaults=defaults, seed=seed)


def read_files(
    files: Sequence[Path],
    *,
    max_bytes: int = MAX_BYTES,
    progress: Callable[[int], None] | None = None,
) -> IngestResult:
    """The documents and errors of ``files`` in their order, each file on its own (what a
    Dask worker does with its partition, :mod:`detente.workflows.ingest`)."""
    result = IngestResult()
    for path in files:
        if not path.exists():
            result.errors.append(DetenteError.of("DT301", location=str(path)))
        else:
            one = read_file(path, max_bytes=max_bytes)
            result.errors.extend(one.errors)
            result.documents.extend(one.documents)
        if progress is not None:
            progress(1)
    return result


def finish_ingest(
    result: IngestResult, *, defaults: dict[str, Any] | None = None, seed: int = 0
) -> IngestResult:
    """What needs every document at once: defaults filled, ids kept unique, duplicates linked."""
    if defaults:
        filled = []
        for doc in result.documents:
            update = {
                k: v for k, v in defaults.items() if v is not None and getattr(doc, k) is None
            }
            filled.append(doc.model_copy(update=update) if update else doc)
        result.documents = filled
    result.documents = link_duplicates(unique_ids(result.documents), seed=seed)
    return result


def unique_ids(documents: list[Document]) -> list[Document]:
    """Two different texts under one id (same file name in two folders) keep both, apart."""
    seen: dict[str, str] = {}
    out: list[Document] = []
    for doc in documents:
        if doc.id in seen and seen[doc.id] != doc.sha256:
            doc = doc.model_copy(update={"id": f"{doc.id}~{doc.sha256[:8]}"})
        if doc.id in seen and seen[doc.id] == doc.sha256:
            continue
        seen[doc.id] = doc.sha256
        out.append(doc)
    return out
