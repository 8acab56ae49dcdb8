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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from selectolax.lexbor import LexborHTMLParser

from detente.corpus.dedupe import link_duplicates
from detente.domain.corpus import Document
from detente.errors import DetenteError

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".jsonl")
MAX_BYTES = 5_000_000
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*\r?\n", re.S)
_BOILERPLATE_TAGS = "script, style, noscript, nav, header, footer, aside, form, iframe, svg, button"
_BLOCK_TAGS = "h1, h2, h3, h4, h5, h6, p, li, blockquote, pre, td"
_META_KEYS = ("id", "title", "outlet", "date", "url")


@dataclass
class IngestResult:
    documents: list[Document] = field(default_factory=list)
    errors: list[DetenteError] = field(default_factory=list)


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


def iter_input_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named, and supported files under folders named, in a stable order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in SUFFIXES)
        else:
            yield path


def _read_text(path: Path, max_bytes: int) -> str:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise DetenteError(
                "DT304",
                f"{size} bytes is over the limit of {max_bytes}",
                location=str(path),
                hint="split the file",
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise DetenteError("DT301", f"cannot read: {exc.strerror}", location=str(path)) from exc
    if b"\x00" in raw[:8192]:
        raise DetenteError("DT302", "file holds NUL bytes", location=str(path), hint="not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DetenteError(
            "DT310", f"byte {exc.start} is not UTF-8", location=str(path), hint="re-encode as UTF-8"
        ) from None


def _front_matter(text: str, where: str) -> tuple[dict[str, Any], str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        data = YAML(typ="safe").load(match.group(1))
    except YAMLError as exc:
        raise DetenteError("DT308", f"front matter is not YAML: {exc}", location=where) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise DetenteError("DT308", "front matter is not a mapping", location=where)
    return data, text[match.end() :]


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
        text = _read_text(path, max_bytes)
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
            meta = {key: record.get(key) for key in _META_KEYS}
            result.documents.append(_document(record["text"], meta, None, where, str(path)))
        except json.JSONDecodeError as exc:
            result.errors.append(
                DetenteError("DT306", f"not JSON: {exc.msg}", location=f"{where}:{exc.colno}")
            )
        except DetenteError as error:
            result.errors.append(error)


def ingest_paths(
    paths: Iterable[str | Path],
    *,
    max_bytes: int = MAX_BYTES,
    defaults: dict[str, Any] | None = None,
    seed: int = 0,
) -> IngestResult:
    """Read every input, link exact and near duplicates, and keep ids unique.

    ``defaults`` (outlet, date, …) fill metadata a document does not carry itself.
    """
    result = IngestResult()
    for path in iter_input_files(paths):
        if not path.exists():
            result.errors.append(DetenteError("DT301", "no such file", location=str(path)))
            continue
        one = read_file(path, max_bytes=max_bytes)
        result.errors.extend(one.errors)
        result.documents.extend(one.documents)
    if defaults:
        filled = []
        for doc in result.documents:
            update = {
                k: v for k, v in defaults.items() if v is not None and getattr(doc, k) is None
            }
            filled.append(doc.model_copy(update=update) if update else doc)
        result.documents = filled
    result.documents = link_duplicates(_unique_ids(result.documents), seed=seed)
    return result


def _unique_ids(documents: list[Document]) -> list[Document]:
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
