"""The dashboard's issue page after a run: build time with the run's per-issue views kept in the
dashboard's state (once per run) against building them again for every page.

    .venv/bin/python benchmarks/bench_issue_page.py [--repeats 3]

Serves a copy of the flagship scenario (examples/ukraine-2025) through the test client with the
page cache off (``page_cache_size=0``, so every request builds its page), runs the models once,
then GETs every issue page ``--repeats`` times in each mode. The views are the forecast notes and
round-by-round figures of ``report.model_views``; "rebuilt" drops them before each request. It
prints the median build time of each mode and their ratio.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from fastapi.testclient import TestClient  # noqa: E402

from detente.web.app import create_app  # noqa: E402

FLAGSHIP = ROOT / "examples" / "ukraine-2025" / "scenario.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "ukraine-2025"
        folder.mkdir()
        shutil.copy(FLAGSHIP, folder / "scenario.yaml")
        app = create_app([folder / "scenario.yaml"], page_cache_size=0)
        client = TestClient(app)
        state = app.state.dashboard.state
        ran = client.post("/s/ukraine_2025/run", headers={"accept": "application/json"})
        if ran.status_code != 200:
            raise SystemExit(f"run: HTTP {ran.status_code}")
        issues = [i["id"] for i in client.get("/s/ukraine_2025.json").json()["issue_list"]]

        def median_ms(rebuild: bool) -> float:
            times = []
            for _ in range(args.repeats):
                for issue in issues:
                    if rebuild:
                        state.views.clear()
                    started = time.perf_counter()
                    client.get(f"/s/ukraine_2025/issues/{issue}")
                    times.append(time.perf_counter() - started)
            return statistics.median(times) * 1000

        median_ms(False)  # warm-up: templates compiled, views built once
        kept, rebuilt = median_ms(False), median_ms(True)
    print(f"issue page, views kept per run  {kept:7.1f} ms (median of {len(issues)} issues)")
    print(f"issue page, views rebuilt       {rebuilt:7.1f} ms")
    print(f"kept views speed-up: {rebuilt / kept:.1f}x")


if __name__ == "__main__":
    main()
