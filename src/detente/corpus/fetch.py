"""Fetch articles from URLs and RSS/Atom feeds: polite, bounded, and stored like ingested files.

Politeness: every request names detente in its User-Agent, robots.txt is read once per host and
obeyed, and requests to one host are spaced by ``delay`` seconds. Bounds: a connect/read timeout,
a capped number of retries with backoff for timeouts, connection errors and 5xx answers, at most
``max_redirects`` redirects, and a byte limit read as a stream (a huge page is refused, not
downloaded whole). Text: the charset the server declares, else the page's ``<meta charset>``,
else UTF-8, and when a declared charset does not decode the bytes, the next of those. The main
text and metadata (title, outlet, author, date, canonical URL) come from trafilatura, with the
project's own HTML reader as a fallback; the raw HTML is kept for provenance.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from detente import __version__
from detente.corpus.dedupe import link_duplicates
from detente.corpus.ingest import html_main_text, normalise, parse_date, unique_ids
from detente.domain.corpus import Document
from detente.errors import DetenteError

USER_AGENT = f"detente/{__version__} (negotiation-analysis toolkit; polite fetcher)"
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class FetchSettings:
    timeout: float = 10.0  # seconds, for connecting and for each read
    retries: int = 2  # further tries after a timeout, a connection error or a 5xx answer
    delay: float = 1.0  # seconds between two requests to one host
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    max_feed_items: int = 50
    user_agent: str = USER_AGENT


@dataclass(frozen=True)
class RawPage:
    """What the server sent, kept beside the document for provenance."""

    doc_id: str
    url: str  # as asked for
    final_url: str  # after redirects
    status: int
    content_type: str
    fetched_at: str
    author: str | None
    html: str


@dataclass
class FetchResult:
    documents: list[Document] = field(default_factory=list)
    pages: list[RawPage] = field(default_factory=list)
    errors: list[DetenteError] = field(default_factory=list)


class PoliteClient:
    """An httpx client that spaces requests per host, obeys robots.txt and retries a little."""

    def __init__(
        self, settings: FetchSettings, *, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        self.settings = settings
        self._sleep = sleep
        self._last: dict[str, float] = {}
        self._robots: dict[str, RobotFileParser | None] = {}
        self._client = httpx.Client(
            headers={"User-Agent": settings.user_agent},
            timeout=httpx.Timeout(settings.timeout),
            follow_redirects=True,
            max_redirects=settings.max_redirects,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str) -> tuple[httpx.Response, bytes]:
        """The response and its body (at most ``max_bytes``), or a coded error for ``url``."""
        if not self.allowed(url):
            raise DetenteError(
                "DT315", "robots.txt of the site disallows fetching this page", location=url
            )
        for attempt in range(self.settings.retries + 1):
            self._wait_for(url)
            try:
                response, body = self._get_once(url)
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                if attempt == self.settings.retries:
                    raise _network_error(url, exc) from None
            else:
                if response.status_code not in _RETRY_STATUS or attempt == self.settings.retries:
                    return response, body
            self._sleep(min(8.0, self.settings.delay * 2**attempt))
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _get_once(self, url: str) -> tuple[httpx.Response, bytes]:
        with self._client.stream("GET", url) as response:
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self.settings.max_bytes:
                raise _too_large(url, int(declared), self.settings.max_bytes)
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > self.settings.max_bytes:
                    raise _too_large(url, size, self.settings.max_bytes)
                chunks.append(chunk)
        return response, b"".join(chunks)

    def _wait_for(self, url: str) -> None:
        host = urlsplit(url).netloc
        last = self._last.get(host)
        if last is not None:
            remaining = self.settings.delay - (time.monotonic() - last)
            if remaining > 0:
                self._sleep(remaining)
        self._last[host] = time.monotonic()

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        if root not in self._robots:
            self._robots[root] = self._read_robots(f"{root}/robots.txt")
        robots = self._robots[root]
        return robots is None or robots.can_fetch(self.settings.user_agent, url)

    def _read_robots(self, robots_url: str) -> RobotFileParser | None:
        """The parsed robots.txt; none (everything allowed) when the site has none."""
        self._wait_for(robots_url)
        try:
            response, body = self._get_once(robots_url)
        except (httpx.HTTPError, DetenteError):
            return None
        if response.status_code >= 400:
            return None
        parser = RobotFileParser()
        parser.parse(body.decode("utf-8", "replace").splitlines())
        return parser


def _network_error(url: str, exc: Exception) -> DetenteError:
    what = "timed out" if isinstance(exc, httpx.TimeoutException) else f"failed ({exc})"
    return DetenteError(
        "DT314", f"the request {what}", location=url, hint="check the address or try later"
    )


def _too_large(url: str, size: int, limit: int) -> DetenteError:
    return DetenteError(
        "DT304", f"the page is over the limit of {limit:,} bytes ({size:,} read)", location=url
    )


def decode_page(body: bytes, declared: str | None) -> str:
    """The page's text: declared charset, then ``<meta charset>``, then UTF-8, then cp1252."""
    candidates = [declared] if declared else []
    meta = _META_CHARSET.search(body[:4096])
    if meta:
        candidates.append(meta.group(1).decode("ascii", "ignore"))
    candidates += ["utf-8", "cp1252"]
    for charset in candidates:
        try:
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("utf-8", "replace")


def document_id(url: str) -> str:
    """A readable, stable id for a page: host and path, with a short hash of the whole URL."""
    parts = urlsplit(url)
    slug = re.sub(r"[^a-z0-9]+", "-", f"{parts.netloc}{parts.path}".lower()).strip("-")
    return f"{slug[:80]}-{hashlib.sha256(url.encode('utf-8')).hexdigest()[:8]}"


def page_document(html: str, url: str) -> tuple[Document, str | None]:
    """The Document of a fetched page (main text and metadata) and its author, if named."""
    meta = _trafilatura_meta(html, url)
    text = meta.pop("text", None)
    if not text:
        text, fallback = html_main_text(html, url)
        meta = {**fallback, **{k: v for k, v in meta.items() if v}}
    text = normalise(text)
    if not text.strip():
        raise DetenteError("DT305", "no main text in the page", location=url)
    canonical = _http_url(meta.get("url")) or url
    document = Document(
        id=document_id(canonical),
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        title=meta.get("title") or None,
        outlet=meta.get("outlet") or urlsplit(canonical).netloc or None,
        date=_lenient_date(meta.get("date"), url),
        url=canonical,
    )
    return document, meta.get("author") or None


def _trafilatura_meta(html: str, url: str) -> dict[str, Any]:
    import trafilatura  # imported here: it is heavy, and only fetching needs it

    found = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    if found is None:
        return {}
    data = found if isinstance(found, dict) else found.as_dict()
    return {
        "text": data.get("text"),
        "title": data.get("title"),
        "outlet": data.get("sitename"),
        "author": data.get("author"),
        "date": data.get("date"),
        "url": data.get("url"),
    }


def _http_url(value: object) -> str | None:
    if isinstance(value, str) and urlsplit(value).scheme in ("http", "https"):
        return value
    return None


def _lenient_date(value: object, where: str) -> Any:
    """A page's date when it reads as one; a page with an odd date is still worth keeping."""
    try:
        return parse_date(value, where)
    except DetenteError:
        return None


def feed_links(feed_text: str, feed_url: str, limit: int) -> list[str]:
    """Article links of an RSS or Atom feed, in feed order, at most ``limit``."""
    import feedparser  # imported here: only feeds need it

    parsed = feedparser.parse(feed_text)
    if parsed.get("bozo") and not parsed.entries:
        raise DetenteError("DT316", "not an RSS or Atom feed", location=feed_url)
    links = [urljoin(feed_url, e.get("link", "")) for e in parsed.entries if e.get("link")]
    return list(dict.fromkeys(links))[:limit]


def fetch_pages(
    urls: Iterable[str],
    settings: FetchSettings | None = None,
    *,
    feeds: Iterable[str] = (),
    on_page: Callable[[str], None] | None = None,
) -> FetchResult:
    """Fetch every URL (and every article a feed lists); one bad page never costs the others."""
    settings = settings or FetchSettings()
    result = FetchResult()
    with PoliteClient(settings) as client:
        targets = list(dict.fromkeys(urls))
        for feed_url in feeds:
            try:
                response, body = client.get(feed_url)
                _check_status(response, feed_url)
                text = decode_page(body, response.charset_encoding)
                targets += feed_links(text, str(response.url), settings.max_feed_items)
            except DetenteError as error:
                result.errors.append(error)
        for url in dict.fromkeys(targets):
            _fetch_one(client, url, result)
            if on_page is not None:
                on_page(url)
    result.documents = link_duplicates(unique_ids(result.documents))
    return result


def _fetch_one(client: PoliteClient, url: str, result: FetchResult) -> None:
    if urlsplit(url).scheme not in ("http", "https"):
        result.errors.append(
            DetenteError("DT314", "only http and https addresses are fetched", location=url)
        )
        return
    try:
        response, body = client.get(url)
        _check_status(response, url)
        html = decode_page(body, response.charset_encoding)
        document, author = page_document(html, str(response.url))
    except DetenteError as error:
        result.errors.append(error)
        return
    result.documents.append(document)
    result.pages.append(
        RawPage(
            doc_id=document.id,
            url=url,
            final_url=str(response.url),
            status=response.status_code,
            content_type=response.headers.get("content-type", ""),
            fetched_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            author=author,
            html=html,
        )
    )


def _check_status(response: httpx.Response, url: str) -> None:
    if response.status_code >= 400:
        raise DetenteError(
            "DT314",
            f"the server answered HTTP {response.status_code} {response.reason_phrase}",
            location=url,
        )
