#!/usr/bin/env python3
"""Measure what a reader downloads: a first page view, then a first search, per language.

    python scripts/bench_transfer.py [N ...] [--site DIR]   (default: the shipped catalog and 2000 methods)

For each catalog size (``0`` = the shipped catalog; N > 0 = N synthetic methods, as in
`bench_site.py`) it builds the bilingual site, serves it from a local server that gzips
what it sends (as any web host does), and drives Debian's Chromium: open the home page
(``/`` and ``/de/``), then type a name into the search box and wait for the results. It
prints the requests and the bytes transferred (compressed, as on the wire) of each
scenario, the search index's size, and whether the first result is the expected page.

Goal (issue #16): a first page view plus a first search transfers at most 400 KB gzipped per
language at 2,000 methods, with the same first-right answers.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))

from bench_site import synthetic_catalog  # noqa: E402 - the same synthetic catalog as the build benchmark

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
COMPRESSIBLE = (".html", ".js", ".css", ".json", ".svg", ".xml", ".txt")
QUERIES = {"en": ("Service Blueprint", "methods/service-blueprint/"), "de": ("Kundenreise", "methods/customer-journey/")}
"""A name to search on each edition of the shipped site, and the page that must come first."""


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files, gzipped when the client accepts it (level 6, like most web servers)."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() or path.suffix not in COMPRESSIBLE or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, *_: Any) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def build(catalog: Path | None, site: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if catalog is not None:
        env["CXCANON_CATALOG"] = str(catalog)
    mkdocs = str(Path(sys.executable).with_name("mkdocs"))
    done = subprocess.run([mkdocs, "build", "-q", "-f", str(REPO / "mkdocs.yml"), "-d", str(site)], env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"build failed:\n{done.stderr[-3000:]}")


def visit(browser: Any, base: str, lang: str, query: str, expected: str) -> dict[str, Any]:
    """Bytes on the wire for the first page view, then for the first search; and the first result."""
    context = browser.new_context()
    page = context.new_page()
    seen: list[Any] = []
    page.on("requestfinished", lambda request: seen.append(request))
    home = base if lang == "en" else base + f"{lang}/"
    page.goto(home, wait_until="networkidle")
    first_view = _bytes(seen)
    count = len(seen)
    page.click("label.md-search__icon, .md-search__input")
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")
    page.wait_for_selector(".md-search-result__item > a.md-search-result__link", timeout=20000)
    page.wait_for_load_state("networkidle")
    hrefs: list[str] = page.eval_on_selector_all(".md-search-result__item > a.md-search-result__link", "ls => ls.map(a => a.href)")
    first = hrefs[0].removeprefix(home).split("#")[0].split("?")[0] if hrefs else None
    total = _bytes(seen)
    context.close()
    return {
        "first_view": first_view,
        "requests_first_view": count,
        "with_search": total,
        "requests": len(seen),
        "first": first,
        "expected": expected,
    }


def _bytes(requests: list[Any]) -> int:
    total = 0
    for request in requests:
        sizes = request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    return total


def measure(label: str, site: Path, queries: dict[str, tuple[str, str]]) -> None:
    from playwright.sync_api import sync_playwright

    server, base = serve(site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for lang, (query, expected) in queries.items():
                index = site / ("" if lang == "en" else lang) / "search" / "search_index.json"
                raw = index.read_bytes()
                r = visit(browser, base, lang, query, expected)
                verdict = "ok" if r["first"] == expected else f"EXPECTED {expected}"
                print(
                    f"{label:>10} {lang:>4} {r['requests_first_view']:>5} {r['first_view'] / 1024:>10.0f}"
                    f" {r['requests']:>5} {r['with_search'] / 1024:>12.0f} {len(raw) / 1024:>10.0f} {len(gzip.compress(raw, 6)) / 1024:>9.0f}"
                    f"  {query!r} → {r['first']} {verdict}"
                )
            browser.close()
    finally:
        server.shutdown()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", type=int, nargs="*", default=[0, 2000], help="0 = the shipped catalog, N = N synthetic methods")
    parser.add_argument("--site", help="measure this built site (bilingual, shipped catalog) instead of building one")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: apt-get install chromium", file=sys.stderr)
        return 2
    print(
        f"{'catalog':>10} {'lang':>4} {'reqs':>5} {'view KB gz':>10} {'reqs':>5} {'+search KB gz':>12} {'index KB':>10} {'index gz':>9}  first result"
    )
    if args.site:
        measure("given", Path(args.site), QUERIES)
        return 0
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            site = Path(tmp) / "site"
            if n == 0:
                build(None, site)
                measure("shipped", site, QUERIES)
            else:
                catalog = Path(tmp) / "methods"
                synthetic_catalog(catalog, n)
                build(catalog, site)
                word = "method-7"
                name = next(
                    line.split(": ", 1)[1]
                    for line in (catalog / f"{word}.yaml").read_text(encoding="utf-8").splitlines()
                    if line.startswith("name: ")
                )
                german = next(
                    line.split(": ", 1)[1].strip()
                    for line in (catalog / f"{word}.yaml").read_text(encoding="utf-8").splitlines()
                    if line.startswith("  de: ") and "Blueprint" in line
                )
                measure(f"{n}", site, {"en": (name, f"methods/{word}/"), "de": (german, f"methods/{word}/")})
            shutil.rmtree(site, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
