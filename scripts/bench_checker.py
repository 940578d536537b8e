#!/usr/bin/env python3
"""Benchmark: the name checker marks a 10,000-word text in the reader's browser (Chromium, headless).

    python scripts/bench_checker.py [--words 10000] [--runs 7] [--site DIR]

Builds the site from the shipped catalog (or takes a built one), opens /check/ in Debian's
Chromium through Playwright and times, inside the page, over the same text:

- ``find``: the checker's matcher alone (docs/assets/cxcanon-check.js);
- ``page``: find plus marking the text and listing the findings (what a reader waits for);
- ``baseline``: the obvious way, one case-insensitive regular expression per searchable form,
  run in the same page over the same text: the ratio says what the shared table buys.

It also prints the size of the checker's data file against terms.json, raw and gzipped.
Goal (issue 15): a 10,000-word text marked within 100 ms.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

BASELINE = """(data) => {
  const keys = Object.keys(data.forms).map(k => new RegExp("(^|[^\\\\p{L}\\\\p{N}])" + k.replace(/[.*+?^${}()|[\\]\\\\]/g, "\\\\$&").replace(/ /g, "[\\\\s\\\\-]+") + "(?![\\\\p{L}\\\\p{N}])", "giu"));
  return (text) => { let n = 0; for (const re of keys) { re.lastIndex = 0; while (re.exec(text)) n++; } return n; };
}"""


def sample_text(terms: list[str], words: int, seed: int = 7) -> str:
    """About ``words`` words of filler with a catalog name every 15 words or so."""
    filler = "the team we our customers in a workshop and then with more data from every channel sees what matters".split()
    rng = random.Random(seed)
    out: list[str] = []
    while len(out) < words:
        out.extend(rng.choice(filler) for _ in range(rng.randint(8, 20)))
        out.extend(rng.choice(terms).split())
    return " ".join(out[:words])


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(root: Path) -> str:
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--site", type=Path, help="a built site (default: build the shipped one)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            env = {**os.environ, "CXCANON_DE_EDITION": "off", "NO_MKDOCS_2_WARNING": "1"}
            mkdocs = Path(sys.executable).with_name("mkdocs")
            subprocess.run([str(mkdocs), "build", "-q", "-d", str(site)], cwd=REPO, env=env, check=True)
        data = (site / "assets" / "cxcanon-check.json").read_bytes()
        terms = (site / "api" / "v1" / "terms.json").read_bytes()
        print(f"data file: {len(data) / 1024:.1f} KiB ({len(gzip.compress(data)) / 1024:.1f} KiB gzipped)")
        print(f"terms.json: {len(terms) / 1024:.1f} KiB ({len(gzip.compress(terms)) / 1024:.1f} KiB gzipped)")
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"])
            page = browser.new_page()
            page.goto(serve(site) + "check/")
            page.wait_for_function("window.CXCanonChecker !== undefined")
            names = page.evaluate("async () => Object.values((await window.CXCanonChecker.load()).table.methods).map(m => m[1])")
            text = sample_text(names, args.words)
            timings = page.evaluate(
                """async ([text, runs, baseline]) => {
                    const matcher = await window.CXCanonChecker.load();
                    const naive = eval(baseline)(matcher.table);
                    const root = document.querySelector("[data-cxcanon-checker]");
                    const input = root.querySelector("[data-cxcanon-input]");
                    input.value = text;
                    const out = {find: [], page: [], baseline: [], mentions: matcher.find(text).length};
                    for (let i = 0; i < runs; i++) {
                        let t = performance.now(); matcher.find(text); out.find.push(performance.now() - t);
                        t = performance.now(); await window.CXCanonChecker.check(root); out.page.push(performance.now() - t);
                        t = performance.now(); naive(text); out.baseline.push(performance.now() - t);
                    }
                    return out;
                }""",
                [text, args.runs, BASELINE],
            )
            browser.close()
    find, marked, naive = (statistics.median(timings[k]) for k in ("find", "page", "baseline"))
    print(f"text: {args.words} words, {timings['mentions']} mentions; median of {args.runs} runs")
    print(f"find      {find:8.1f} ms")
    print(f"page      {marked:8.1f} ms   (goal: within 100 ms)")
    print(f"baseline  {naive:8.1f} ms   (one regular expression per form)   find/baseline {find / naive:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
