#!/usr/bin/env python3
"""Benchmark: what the exports (citations, SKOS, JSON-LD) cost ``render_site``, against rendering without them.

    python scripts/bench_exports.py [--catalog methods] [--repeat 3]

In one process and one run it measures CPU time of:

- ``pages``: ``render_site`` with the export sections and files switched off (the baseline);
- ``exports cold``: ``render_site`` as shipped, APA cache empty (a fresh ``mkdocs build``);
- ``exports warm``: the same again, APA cache filled (``mkdocs serve`` rebuilds);

and prints each as a ratio of the baseline, plus the cost per method and the share of
citeproc-py (APA formatting) in the cold run. Figures are CPU times, robust on a shared machine.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "plugins"))

from cxcanon import load_catalog
from cxcanon.catalog.model import Catalog
from cxcanon.export import citations, deferred
from cxcanon.render import Site, generate, method_page, render_site


def cpu(run: Callable[[], object]) -> float:
    start = time.process_time()
    run()
    return time.process_time() - start


def baseline(catalog: Catalog, site: Site) -> float:
    """render_site without the exports' page sections and files."""
    sections = list(method_page.METHOD_SECTIONS)
    export_files, skos_files = generate.export_files, deferred.skos_files
    method_page.METHOD_SECTIONS[:] = [s for s in sections if s not in (method_page.cite_this, method_page.structured_data)]
    generate.export_files = lambda catalog, site_url, skos=True: []  # type: ignore[assignment]
    deferred.skos_files = lambda catalog, site_url: []  # type: ignore[assignment]
    try:
        return cpu(lambda: render_site(catalog, site))
    finally:
        method_page.METHOD_SECTIONS[:] = sections
        generate.export_files, deferred.skos_files = export_files, skos_files  # type: ignore[assignment]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalog", default="methods")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    catalog = load_catalog(args.catalog)
    deferred.DEFER_FROM = 10**9  # CPU time of this process only: keep the formatting in it, no worker process
    site = Site(site_url="https://cx-canon.example.org/")
    render_site(catalog, site)  # warm imports and the style file
    base = statistics.median(baseline(catalog, site) for _ in range(args.repeat))
    cold: list[float] = []
    apa: list[float] = []
    for _ in range(args.repeat):
        citations._APA_CACHE.clear()
        citations._TEMPLATES.clear()
        cold.append(cpu(lambda: render_site(catalog, site)))
        citations._APA_CACHE.clear()
        citations._TEMPLATES.clear()
        records = [r for m in catalog.methods.values() for r in citations.csl_records(catalog, m, site.site_url)]
        apa.append(cpu(functools.partial(citations.format_apa, records)))
    warm = statistics.median(cpu(lambda: render_site(catalog, site)) for _ in range(args.repeat))
    methods = len(catalog.methods)
    print(f"catalog: {methods} methods, {len(catalog.researchers)} researchers; median of {args.repeat} runs, CPU seconds")
    print(f"pages (baseline)  {base:7.2f} s  1.00x")
    print(f"exports cold      {statistics.median(cold):7.2f} s  {statistics.median(cold) / base:.2f}x")
    print(f"exports warm      {warm:7.2f} s  {warm / base:.2f}x")
    extra = statistics.median(cold) - base
    print(
        f"export cost per method (cold): {extra / methods * 1000:.1f} ms, of which APA formatting {statistics.median(apa) / methods * 1000:.1f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
