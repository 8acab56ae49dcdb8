"""Dashboard throughput on 127.0.0.1: requests/s with the page cache against without it.

    .venv/bin/python benchmarks/bench_dashboard.py [--requests 400] [--clients 8]

Serves a copy of the invented test scenario (tests/report/data) with uvicorn on a free port of
127.0.0.1, twice in the same run: with the page cache (the default, 256 pages) and with
``page_cache_size=0`` (every page built afresh). Each run sends a bounded number of GETs, spread
over the scenario's pages and their JSON twins, from a few client threads; it reports
requests/s, p50 and p95 latency and the ratio of the two throughputs.
"""

from __future__ import annotations

import argparse
import http.client
import shutil
import socket
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import uvicorn  # noqa: E402

from detente.web.app import create_app  # noqa: E402

PATHS = [
    "/s/sample",
    "/s/sample.json",
    "/s/sample/issues/harbour",
    "/s/sample/issues/quota.json",
    "/s/sample/parties/northland",
    "/s/sample/history",
    "/s/sample/corpus?q=harbour",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _get(port: int, path: str) -> float:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    connection.close()
    if response.status != 200:
        raise SystemExit(f"GET {path}: HTTP {response.status}")
    return time.perf_counter() - started


def measure(scenario: Path, cache_size: int, requests: int, clients: int) -> dict[str, float]:
    port = _free_port()
    app = create_app([scenario], page_cache_size=cache_size)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        for path in PATHS:  # warm-up: the first build of every page is the same for both
            _get(port, path)
        started = time.perf_counter()
        with ThreadPoolExecutor(clients) as pool:
            latencies = list(pool.map(lambda i: _get(port, PATHS[i % len(PATHS)]), range(requests)))
        elapsed = time.perf_counter() - started
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    quantiles = statistics.quantiles(latencies, n=20)
    return {
        "requests_per_s": requests / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": quantiles[18] * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(ROOT / "tests" / "report" / "data", Path(tmp), dirs_exist_ok=True)
        scenario = Path(tmp) / "sample.yaml"
        results = {
            "uncached": measure(scenario, 0, args.requests, args.clients),
            "cached": measure(scenario, 256, args.requests, args.clients),
        }
    for name, row in results.items():
        print(
            f"{name:9} {row['requests_per_s']:8.1f} requests/s  p50 {row['p50_ms']:7.1f} ms"
            f"  p95 {row['p95_ms']:7.1f} ms  ({args.requests} GETs, {args.clients} clients)"
        )
    ratio = results["cached"]["requests_per_s"] / results["uncached"]["requests_per_s"]
    print(f"cache speed-up: {ratio:.1f}x requests/s")


if __name__ == "__main__":
    main()
