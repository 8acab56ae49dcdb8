"""Which URLs may become a link: only http(s) and relative ones, everywhere a page shows one.

A source's ``url`` comes from a scenario file, front matter or a fetched page, so it is input:
``javascript:``, ``data:`` or ``vbscript:`` in an ``href`` would run in the reader's browser.
"""

from __future__ import annotations

from urllib.parse import urlsplit

_ALLOWED_SCHEMES = frozenset({"http", "https"})


def safe_href(url: str | None) -> str | None:
    """``url`` when it is http(s) or relative (no scheme), else ``None`` (shown as plain text)."""
    if not url:
        return None
    # Browsers drop ASCII tab/newline and leading control characters and spaces before parsing
    # a scheme ("java\tscript:"), so judge the URL as they will read it.
    cleaned = "".join(ch for ch in url if ch not in "\t\n\r").lstrip("".join(map(chr, range(33))))
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in cleaned):
        return None
    scheme = urlsplit(cleaned).scheme.lower()
    if scheme and scheme not in _ALLOWED_SCHEMES:
        return None
    return cleaned
