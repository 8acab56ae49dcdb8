"""What the browser tests share: a uvicorn server in a thread on 127.0.0.1, headless Chromium.

Chromium is Debian's (/usr/bin/chromium), driven by Playwright with ``executable_path``: nothing
is downloaded. The test modules skip when it is absent.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    def __init__(self, app: Any) -> None:
        self.port = _free_port()
        self.server = _uvicorn().Server(
            _uvicorn().Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the dashboard server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield instance
        instance.close()


def _uvicorn() -> Any:
    return pytest.importorskip("uvicorn")


# Every text of every drawn chart that reaches outside its chart's SVG (a clipped label).
CLIPPED_LABELS_JS = """() => {
  const out = [];
  document.querySelectorAll('div.chart').forEach(div => {
    const svg = div.querySelector('svg.main-svg');
    if (!svg) { return; }
    const box = svg.getBoundingClientRect();
    div.querySelectorAll('svg.main-svg text').forEach(t => {
      const r = t.getBoundingClientRect();
      if (!r.width || !t.textContent.trim()) { return; }
      if (r.left < box.left - 1 || r.right > box.right + 1 ||
          r.top < box.top - 1 || r.bottom > box.bottom + 1) {
        out.push(div.id + ': ' + t.textContent.slice(0, 40));
      }
    });
  });
  return out;
}"""

# Elements that stick out past the right edge of the viewport, unless inside a box that scrolls.
OVERFLOW_JS = """() => {
  const scrolls = e => {
    for (let p = e.parentElement; p; p = p.parentElement) {
      if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) { return true; }
    }
    return false;
  };
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 1 && !scrolls(e))
    .map(e => e.tagName + ': ' + (e.textContent || '').slice(0, 40));
}"""

# The matrix's tick labels: their boxes, font sizes, and the plot area's width.
MATRIX_LABELS_JS = """(id) => {
  const el = document.getElementById(id);
  const boxes = sel => [...el.querySelectorAll(sel)].map(t => {
    const r = t.getBoundingClientRect();
    return {l: r.left, r: r.right, t: r.top, b: r.bottom,
            size: parseFloat(getComputedStyle(t).fontSize), text: t.textContent};
  });
  const plot = el.querySelector('.nsewdrag').getBoundingClientRect();
  const bar = el.querySelector('.colorbar').getBoundingClientRect();
  return {x: boxes('.xtick text'), y: boxes('.ytick text'),
          plot: {l: plot.left, r: plot.right, t: plot.top, b: plot.bottom, w: plot.width},
          bar: {t: bar.top, b: bar.bottom, l: bar.left, r: bar.right}};
}"""


def overlapping(boxes: list[dict[str, float]]) -> list[tuple[str, str]]:
    """Pairs of label boxes that overlap (by more than a pixel each way)."""
    pairs = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if min(a["r"], b["r"]) - max(a["l"], b["l"]) > 1 and (
                min(a["b"], b["b"]) - max(a["t"], b["t"]) > 1
            ):
                pairs.append((str(a["text"]), str(b["text"])))
    return pairs


def hover_round_point(page: Any, chart_id: str, figure_js: str, party: str) -> str:
    """Hover ``party``'s round-1 point in the first panel of a round-by-round chart and return
    the hover text; ``figure_js`` is the expression holding the chart's plotly figure."""
    chart = page.locator(f"#{chart_id}")
    chart.scroll_into_view_if_needed()
    trace = page.evaluate(
        f"{figure_js}.data.findIndex(t => t.xaxis === 'x' && t.name === {party!r})"
    )
    point = chart.locator(".scatterlayer .trace").nth(trace).locator("path.point").nth(1)
    box = point.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    label = chart.locator(".hoverlayer .hovertext")
    label.wait_for(timeout=5_000)
    text: str = label.text_content() or ""
    return text
