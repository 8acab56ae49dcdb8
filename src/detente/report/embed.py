"""How figures travel inside a page: one element per chart, the figure as data.

Two encodings, drawn by the same script (``templates/_charts.js.j2``):

- ``data-figure``: the figure's JSON in a single-quoted attribute (what the dashboard serves);
- packed: the offline report names each chart ``data-packed`` and carries all its figures in one
  gzip-compressed, base64-encoded JSON object (``script#detente-figures``), which the browser
  unpacks with its built-in ``DecompressionStream``. The figures of the flagship report (about
  a hundred charts) take a tenth of the bytes that way, which keeps the file small enough to send.

Packing is deterministic (gzip without a timestamp), so a report stays byte-stable.
"""

from __future__ import annotations

import base64
import gzip
import json
import re
from collections.abc import Mapping
from html import unescape
from typing import Any

from markupsafe import Markup, escape

PACKED_ID = "detente-figures"
_PACKED = re.compile(
    rf'<script type="application/json" id="{PACKED_ID}" data-encoding="gzip\+base64">'
    r"([A-Za-z0-9+/=]*)</script>"
)
_ATTRIBUTE = re.compile(r"id=\"([^\"]*)\" data-figure='([^']*)'")


def figure_json(figure: Mapping[str, Any]) -> str:
    """Compact JSON, with ``< > & '`` escaped so it is safe inside HTML (like Jinja's tojson)."""
    text = json.dumps(figure, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("'", "\\u0027")
    )


def chart_fragment(figure: Mapping[str, Any], element_id: str) -> Markup:
    """``<div class="chart" data-figure='...'>``: the same element the templates' chart macro
    writes, for pages that build their HTML in Python."""
    return Markup('<div class="chart" id="{}" data-figure=\'{}\'></div>').format(
        escape(element_id), Markup(figure_json(figure))
    )


def pack_figures(figures: Mapping[str, Mapping[str, Any]]) -> str:
    """Figures by element id as gzip + base64 text (ASCII, safe inside a script element)."""
    raw = figure_json(figures).encode("utf-8")
    return base64.b64encode(gzip.compress(raw, compresslevel=9, mtime=0)).decode("ascii")


def unpack_figures(packed: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(gzip.decompress(base64.b64decode(packed)))
    return data


def page_figures(html: str) -> dict[str, Any]:
    """Every figure of a page by element id, packed or in attributes (what the browser draws)."""
    figures: dict[str, Any] = {}
    for match in _PACKED.finditer(html):
        figures.update(unpack_figures(match.group(1)))
    for element_id, text in _ATTRIBUTE.findall(html):
        figures[unescape(element_id)] = json.loads(unescape(text))
    return figures
