"""Figures travel as data: packed for the offline report, in attributes for the dashboard."""

from __future__ import annotations

import base64
import gzip
import json

from detente.report.embed import (
    PACKED_ID,
    chart_fragment,
    figure_json,
    pack_figures,
    page_figures,
    unpack_figures,
)
from detente.report.render import environment

FIGURE = {"data": [{"type": "bar", "x": [1, 2], "name": "a 'quote' </script> & <b>"}], "layout": {}}


def test_packing_round_trips_and_is_deterministic() -> None:
    packed = pack_figures({"one": FIGURE})
    assert unpack_figures(packed) == {"one": FIGURE}
    assert packed == pack_figures({"one": FIGURE})  # no timestamp in the gzip header
    assert gzip.decompress(base64.b64decode(packed))[:1] == b"{"
    assert set(packed) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")


def test_figure_json_is_safe_inside_html() -> None:
    text = figure_json(FIGURE)
    assert "<" not in text and ">" not in text and "'" not in text and "&" not in text
    assert json.loads(text) == FIGURE


def test_page_figures_reads_both_encodings() -> None:
    page = (
        f'<div class="chart" id="packed-one" data-packed></div>'
        f'<script type="application/json" id="{PACKED_ID}" data-encoding="gzip+base64">'
        f"{pack_figures({'packed-one': FIGURE})}</script>"
        f"{chart_fragment(FIGURE, 'plain-one')}"
    )
    assert page_figures(page) == {"packed-one": FIGURE, "plain-one": FIGURE}


def test_the_chart_macro_packs_only_when_the_page_collects_figures() -> None:
    template = environment().from_string(
        '{% import "_macros.html.j2" as m with context %}{{ m.chart(fig, "c1") }}'
    )
    plain = template.render(fig=FIGURE)
    assert page_figures(plain) == {"c1": FIGURE}
    collected: dict[str, object] = {}
    packed = template.render(fig=FIGURE, packed_figures=collected)
    assert packed == '<div class="chart" id="c1" data-packed></div>'
    assert collected == {"c1": FIGURE}
