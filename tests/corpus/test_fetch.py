"""``detente fetch`` against a real HTTP server on 127.0.0.1 serving pages the tests generate."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.corpus.fetch import FetchSettings, decode_page, fetch_pages
from detente.corpus.store import Store

ARTICLE = """<html><head><title>Envoys meet in Riyadh | Test Wire</title>
<meta property="og:site_name" content="Test Wire">
<meta name="author" content="Ana Lopez">
<meta property="article:published_time" content="2025-03-24T08:00:00Z">
<link rel="canonical" href="{canonical}">
</head><body><nav>Home | World | Sport</nav><article><h1>Envoys meet in Riyadh</h1>
<p>American and Russian negotiators met in Riyadh on Monday to discuss a maritime truce in the
Black Sea, officials said.</p>
<p>The Kremlin said it would agree to the truce only if sanctions on its farm bank were lifted,
while Kyiv said it wanted the truce to start at once.</p>
<p>Talks are expected to continue on Tuesday with a Ukrainian delegation in the same hotel.</p>
</article><footer>Copyright Test Wire</footer></body></html>"""

OTHER = """<html><head><title>Kyiv lists sites to shield</title></head><body><article>
<p>Ukraine has drawn up a list of energy sites it wants protected under the moratorium, a
presidential adviser said on Wednesday, adding that railways and ports should be covered.</p>
<p>The adviser said the list would be handed to the American delegation before the next round
of talks, which both sides expect to take place within days.</p></article></body></html>"""

CP1252 = (
    "<html><head><meta charset='windows-1252'><title>Caf\u00e9 talks</title></head><body>"
    "<article><p>At a caf\u00e9 in Gen\u00e8ve the delegates said the r\u00e9sum\u00e9 of the "
    "talks would be published on Friday, and that the ceasefire plan was still under "
    "discussion by both delegations.</p><p>Officials said a second meeting would follow "
    "next week in the same city if the first one went well.</p></article></body></html>"
).encode("cp1252")

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title>
<item><title>Envoys meet</title><link>{base}/news/a</link></item>
<item><title>Sites to shield</title><link>{base}/news/b</link></item>
<item><title>Members only</title><link>{base}/private/c</link></item>
</channel></rss>"""


class _Site(BaseHTTPRequestHandler):
    log: ClassVar[list[tuple[float, str, str]]] = []
    flaky_hits: ClassVar[int] = 0

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def _send(self, status: int, body: bytes, content_type: str, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            self.send_header(key.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        _Site.log.append((time.monotonic(), self.path, self.headers.get("User-Agent", "")))
        base = f"http://{self.headers['Host']}"
        html = "text/html; charset=utf-8"
        if self.path == "/robots.txt":
            self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        elif self.path == "/news/a":
            self._send(200, ARTICLE.format(canonical=f"{base}/news/a").encode(), html)
        elif self.path == "/syndicated/a":
            self._send(200, ARTICLE.format(canonical=f"{base}/syndicated/a").encode(), html)
        elif self.path in ("/news/b", "/private/c"):
            self._send(200, OTHER.encode(), html)
        elif self.path == "/old-a":
            self._send(301, b"", html, Location=f"{base}/news/a")
        elif self.path == "/latin":  # declares UTF-8, sends cp1252
            self._send(200, CP1252, html)
        elif self.path == "/huge":
            self._send(200, b"<p>" + b"x" * 6_000_000 + b"</p>", html)
        elif self.path == "/slow":
            time.sleep(2.0)
            self._send(200, OTHER.encode(), html)
        elif self.path == "/flaky":
            _Site.flaky_hits += 1
            status = 503 if _Site.flaky_hits == 1 else 200
            self._send(status, OTHER.encode(), html)
        elif self.path == "/feed.xml":
            self._send(200, FEED.format(base=base).encode(), "application/rss+xml")
        else:
            self._send(404, b"not here", "text/plain")


@pytest.fixture()
def site() -> Iterator[str]:
    _Site.log = []
    _Site.flaky_hits = 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


FAST = FetchSettings(delay=0.05, timeout=0.5, retries=1)


def test_a_page_gives_main_text_and_metadata_without_boilerplate(site: str) -> None:
    result = fetch_pages([f"{site}/news/a"], FAST)
    assert not result.errors
    (doc,) = result.documents
    assert "maritime truce in the" in doc.text and "farm bank" in doc.text
    assert "Home | World" not in doc.text and "Copyright" not in doc.text
    assert doc.outlet == "Test Wire"
    assert doc.date is not None and doc.date.isoformat() == "2025-03-24"
    assert doc.url == f"{site}/news/a"
    assert result.pages[0].author == "Ana Lopez"
    assert "<nav>" in result.pages[0].html  # the raw page is kept whole, for provenance


def test_redirects_404_timeouts_huge_pages_and_retries(site: str) -> None:
    urls = [f"{site}/{p}" for p in ("old-a", "missing", "slow", "huge", "flaky")]
    result = fetch_pages(urls, FAST)
    errors = {e.location: e for e in result.errors}
    assert errors[f"{site}/missing"].code == "DT314" and "404" in errors[f"{site}/missing"].message
    assert errors[f"{site}/slow"].code == "DT314" and "timed out" in errors[f"{site}/slow"].message
    assert errors[f"{site}/huge"].code == "DT304"
    finals = {p.url: p.final_url for p in result.pages}
    assert finals[f"{site}/old-a"] == f"{site}/news/a"  # the redirect was followed
    assert f"{site}/flaky" in finals  # a 503 is retried once
    assert [path for _, path, _ in _Site.log].count("/flaky") == 2


def test_a_wrong_declared_charset_falls_back_to_the_page_meta_charset(site: str) -> None:
    (doc,) = fetch_pages([f"{site}/latin"], FAST).documents
    assert "caf\u00e9 in Gen\u00e8ve" in doc.text
    assert decode_page("caf\u00e9".encode("cp1252"), "utf-8") == "caf\u00e9"


def test_feeds_robots_user_agent_and_rate_limit(site: str) -> None:
    polite = FetchSettings(delay=0.3, timeout=2.0, retries=0)
    result = fetch_pages([], polite, feeds=[f"{site}/feed.xml"])
    assert {e.code for e in result.errors} == {"DT315"}  # /private/ is disallowed
    assert "/private/c" not in [path for _, path, _ in _Site.log]  # never even requested
    assert len(result.documents) == 2
    assert all(agent.startswith("detente/") for _, _, agent in _Site.log)
    times = [t for t, _, _ in _Site.log]
    assert all(b - a >= 0.3 * 0.95 for a, b in itertools.pairwise(times))


def test_a_syndicated_copy_is_linked_as_a_duplicate(site: str) -> None:
    result = fetch_pages([f"{site}/news/a", f"{site}/syndicated/a"], FAST)
    first, copy = result.documents
    assert copy.duplicate_of == first.id


def test_cli_fetch_stores_pages_and_html_and_exits_2_on_a_failure(
    site: str, tmp_path: Path
) -> None:
    url_list = tmp_path / "urls.txt"
    url_list.write_text(f"# coverage\n{site}/news/a\n{site}/missing\n")
    db = tmp_path / "corpus.db"
    result = CliRunner().invoke(
        app, ["fetch", "--urls", str(url_list), f"{site}/news/b", "--db", str(db), "--delay", "0"]
    )
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert f"[DT314] {site}/missing" in result.output
    assert "fetched 2 pages" in result.output
    with Store(db) as store:
        docs = store.documents()
        assert len(docs) == 2
        pages = store.raw_pages(docs[0].id)
        assert pages and pages[0]["html"].startswith("<html>")
    again = CliRunner().invoke(app, ["fetch", f"{site}/news/a", "--db", str(db), "--delay", "0"])
    assert again.exit_code == 0 and "1 unchanged" in again.output  # same dedupe as ingest
