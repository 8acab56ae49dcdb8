"""Time to the flagship report's first chart in headless Chromium, against DOMContentLoaded.

    .venv/bin/python benchmarks/bench_report_first_chart.py [--loads 9] [--report FILE]
        [--width 1280] [--seeds ../shared/seeds]

Writes the flagship report (examples/ukraine-2025, with the seed articles when they are at
hand) unless ``--report`` names one, then opens it ``--loads`` times from disk, each time in a
fresh browser context of Debian's Chromium (Playwright with ``executable_path``: nothing is
downloaded). On every load a script installed before the page's own records, on the page's
clock (milliseconds from navigation start):

* **first chart**: the first frame after the first plotly chart's SVG (``.chart .main-svg``)
  is in the document: a MutationObserver notes the SVG, and the next ``requestAnimationFrame``
  callback, which runs just before that frame is painted, takes the time;
* **DOMContentLoaded**: ``domContentLoadedEventEnd`` of the navigation timing entry.

It prints both medians and their ratio (first chart / DOMContentLoaded): how much of the wait
for the first chart is spent after the document itself is ready.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from playwright.sync_api import sync_playwright  # noqa: E402
from rich.progress import Progress  # noqa: E402

from detente.workflows.report import make_report  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
FLAGSHIP = ROOT / "examples" / "ukraine-2025" / "scenario.yaml"
SEEDS = ROOT.parent / "shared" / "seeds"
WATCH_FIRST_CHART = """
(() => {
  window.__firstChart = null;
  const seen = () => {
    if (window.__firstChart !== null || !document.querySelector('.chart .main-svg')) { return; }
    window.__firstChart = -1;
    requestAnimationFrame(() => { window.__firstChart = performance.now(); });
  };
  new MutationObserver(seen).observe(document, {childList: true, subtree: true});
})();
"""
READ_TIMES = """() => ({
  firstChart: window.__firstChart,
  domContentLoaded: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd
})"""


def one_load(browser: Any, url: str, width: int) -> tuple[float, float]:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.add_init_script(WATCH_FIRST_CHART)
    page.goto(url, wait_until="load")
    page.wait_for_function("window.__firstChart > 0", timeout=30_000)
    times = page.evaluate(READ_TIMES)
    context.close()
    return float(times["firstChart"]), float(times["domContentLoaded"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=9)
    parser.add_argument("--report", type=Path, default=None)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--seeds", type=Path, default=SEEDS)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="detente-bench-") as scratch:
        report = args.report
        if report is None:
            docs = [args.seeds] if args.seeds.is_dir() else []
            report = make_report(FLAGSHIP, Path(scratch) / "report.html", docs=docs)
        size = report.stat().st_size
        first: list[float] = []
        ready: list[float] = []
        with sync_playwright() as pw, Progress(transient=True) as progress:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            task = progress.add_task("loading the report", total=args.loads + 1)
            one_load(browser, report.as_uri(), args.width)  # warm-up: the disk cache, not counted
            progress.advance(task)
            for _ in range(args.loads):
                chart, loaded = one_load(browser, report.as_uri(), args.width)
                first.append(chart)
                ready.append(loaded)
                progress.advance(task)
            browser.close()
    chart_ms, ready_ms = statistics.median(first), statistics.median(ready)
    print(f"report: {report.name}, {size:,} bytes, {args.loads} loads at {args.width} px")
    for label, median, values in (
        ("first chart visible", chart_ms, first),
        ("DOMContentLoaded   ", ready_ms, ready),
    ):
        print(f"{label}: median {median:.0f} ms (min {min(values):.0f}, max {max(values):.0f})")
    print(f"first chart / DOMContentLoaded: {chart_ms / ready_ms:.2f}x")


if __name__ == "__main__":
    main()
