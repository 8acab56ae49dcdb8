"""Only http(s) and relative URLs become links (a source url is input, e.g. front matter)."""

from __future__ import annotations

import pytest

from detente.report.links import safe_href


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "\x01javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
    ],
)
def test_script_and_other_schemes_are_not_links(url: str) -> None:
    assert safe_href(url) is None


@pytest.mark.parametrize(
    "url", ["https://example.org/a?b=1", "http://example.org", "/local/page", "page.html#x"]
)
def test_http_and_relative_urls_stay_links(url: str) -> None:
    assert safe_href(url) == url
