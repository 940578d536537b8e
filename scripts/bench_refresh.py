#!/usr/bin/env python3
"""Edit-to-refresh under ``mkdocs serve``: edit one method file, time until the served page shows it.

    python scripts/bench_refresh.py [N ...] [--edits E] [--english-only]   (default: 0 2000, 3 edits)

For each catalog (``0`` = a copy of the shipped catalog; N > 0 = N synthetic methods, as in
`bench_site.py`) it starts ``mkdocs serve`` on a local port, waits for the first build, then
edits one method's English definition ``--edits`` times. After each edit it polls the method's
page until the new text is served and prints the time from the file's write to that response:
the watcher's polling delay, the rebuild and the response, as a contributor waits for them.
Between edits it waits for the full rebuild that follows each quick refresh
(`cxcanon.engines.refresh`).

Goal (issue #16): within 1 s at the shipped catalog, within 3 s at 2,000 methods.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))

from bench_site import synthetic_catalog  # noqa: E402 - the same synthetic catalog as the build benchmark

MARKER = "definition:\n  en: "


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, needle: str, limit: float) -> float | None:
    """Seconds until ``url`` serves a page containing ``needle`` (None after ``limit`` seconds)."""
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        page = fetch(url)
        if page is not None and needle in page:
            return time.perf_counter() - start
        time.sleep(0.05)
    return None


def edit(path: Path, probe: str) -> None:
    """Put ``probe`` at the start of the method's English definition (replacing an earlier probe)."""
    text = path.read_text(encoding="utf-8")
    head, tail = text.split(MARKER, 1)
    if tail.startswith("Probe"):
        tail = tail.split(" ", 1)[1]
    path.write_text(head + MARKER + probe + " " + tail, encoding="utf-8")


def run(catalog: Path, method_id: str, edits: int, english_only: bool) -> list[float | None]:
    port = free_port()
    env = {**os.environ, "CXCANON_CATALOG": str(catalog), "NO_MKDOCS_2_WARNING": "1"}
    if english_only:
        env["CXCANON_DE_EDITION"] = "off"
    mkdocs = str(Path(sys.executable).with_name("mkdocs"))
    server = subprocess.Popen(
        [mkdocs, "serve", "-f", str(REPO / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(os.environ["CXCANON_SERVE_LOG"], "w") if "CXCANON_SERVE_LOG" in os.environ else subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/methods/{method_id}/"
    try:
        if wait_for(url, "<h1", 600) is None:
            raise SystemExit("mkdocs serve did not serve the page within 10 minutes")
        time.sleep(2)  # let the watcher settle after the first build
        found: list[float | None] = []
        path = catalog / f"{method_id}.yaml"
        for k in range(edits):
            probe = f"Probe{k}x{time.time_ns() % 100000}"
            edit(path, probe)
            found.append(wait_for(url, probe, 300))
            # The full rebuild follows the quick refresh; requests wait for it, so this returns when it is done.
            time.sleep(2)
            fetch(f"http://127.0.0.1:{port}/")
            time.sleep(1)
        return found
    finally:
        server.terminate()
        server.wait(timeout=30)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", type=int, nargs="*", default=[0, 2000], help="0 = the shipped catalog, N = N synthetic methods")
    parser.add_argument("--edits", type=int, default=3, help="edits per catalog")
    parser.add_argument("--english-only", action="store_true", help="serve without the German edition")
    args = parser.parse_args(argv)
    print(f"{'catalog':>8} {'editions':>9} {'min s':>6} {'median s':>9} {'max s':>6}  goal")
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            catalog = Path(tmp) / "methods"
            if n == 0:
                shutil.copytree(REPO / "methods", catalog)
                method_id, label, goal = "service-blueprint", "shipped", 1.0
            else:
                synthetic_catalog(catalog, n)
                method_id, label, goal = "method-7", str(n), 3.0
            times = run(catalog, method_id, args.edits, args.english_only)
        seen = [t for t in times if t is not None]
        editions = "en" if args.english_only else "en+de"
        if len(seen) < len(times):
            print(f"{label:>8} {editions:>9} {len(times) - len(seen)} edit(s) never showed within 300 s")
        if seen:
            print(
                f"{label:>8} {editions:>9} {min(seen):>6.2f} {statistics.median(seen):>9.2f} {max(seen):>6.2f}"
                f"  ≤ {goal:.0f} s {'met' if statistics.median(seen) <= goal else 'not met'}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
