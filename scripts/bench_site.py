#!/usr/bin/env python3
"""Benchmark: build the site from N synthetic methods, against a plain Material build of the same pages.

    python scripts/bench_site.py [N ...] [--repeat R]     (default: 500 2000, 3 builds of each kind)

For each N it builds, in the same run and on the same machine,
(a) our site: the repository's mkdocs.yml with every plugin, over a synthetic catalog, and
(b) a plain Material site: the very pages our plugin generates, written to a docs folder and
    built with Material and its search only (no cxcanon plugins),
and prints build time, peak memory (RSS of the build process) and site size. The two builds
take turns ``--repeat`` times and the fastest of each counts: wall time on a shared machine
varies by tens of percent from one minute to the next.

Our site is built twice: English only (``CXCANON_DE_EDITION=off``) and with the German
edition as ``mkdocs build`` makes it; the German edition's cost is their ratio.

Goals: our build at most 1.5× the plain build; time from 500 to 2,000 methods within 10 % of
linear (≤ 4.4×); at most 60 KB of site per method; the bilingual build at most 2× the English one.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))

from bench_validate import generate  # noqa: E402 - the same synthetic catalog as the validation benchmark

CHILD = textwrap.dedent(
    """
    import json, resource, subprocess, sys, time
    start = time.perf_counter()
    done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode:
        sys.stderr.write(done.stdout + done.stderr)
        sys.exit(done.returncode)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"seconds": elapsed, "peak_mib": peak / 1024}))
    """
)

PLAIN_CONFIG = """\
site_name: CX Canon (plain)
site_url: https://cx-canon.example.org/
theme:
  name: material
  font: false
plugins:
  - search:
      lang: [en, de]
markdown_extensions: [admonition, attr_list, md_in_html, tables, {toc: {permalink: true}}]
nav:
  - Home: index.md
  - Browse:
      - All names A–Z: names/index.md
      - By category: methods/index.md
      - By researcher: researchers/index.md
      - Timeline: timeline/index.md
"""


def _mkdocs() -> str:
    return str(Path(sys.executable).with_name("mkdocs"))


def measure(command: list[str], env: dict[str, str]) -> dict[str, float]:
    """Time and peak memory of one build, run in a fresh process."""
    done = subprocess.run([sys.executable, "-c", CHILD, *command], capture_output=True, text=True, env=env, check=False)
    if done.returncode:
        raise SystemExit(f"build failed: {' '.join(command)}\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def plain_docs(catalog_dir: Path, docs: Path) -> None:
    """The pages our plugin generates, as plain files, plus the hand-written home page."""
    from cxcanon import load_catalog
    from cxcanon.render import Site, render_site

    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# CX Canon\n\nThe plain baseline.\n", encoding="utf-8")
    for generated in render_site(load_catalog(catalog_dir), Site(site_url="https://cx-canon.example.org/")):
        target = docs / generated.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(generated.content, encoding="utf-8")


def run(n: int, tmp: Path, repeat: int = 1) -> dict[str, dict[str, float]]:
    """Both builds of one catalog size, ``repeat`` times in turns; the fastest build of each counts."""
    catalog = tmp / "methods"
    generate(catalog, n)
    env = {**os.environ, "CXCANON_CATALOG": str(catalog), "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    plain_dir = tmp / "plain"
    plain_docs(catalog, plain_dir / "docs")
    (plain_dir / "mkdocs.yml").write_text(PLAIN_CONFIG, encoding="utf-8")
    builds = {
        "ours": (
            [_mkdocs(), "build", "-q", "-f", str(REPO / "mkdocs.yml"), "-d", str(tmp / "ours")],
            tmp / "ours",
            {"CXCANON_DE_EDITION": "off"},
        ),
        "plain": ([_mkdocs(), "build", "-q", "-f", str(plain_dir / "mkdocs.yml"), "-d", str(plain_dir / "site")], plain_dir / "site", {}),
        "bilingual": ([_mkdocs(), "build", "-q", "-f", str(REPO / "mkdocs.yml"), "-d", str(tmp / "both")], tmp / "both", {}),
    }
    best: dict[str, dict[str, float]] = {}
    for _ in range(repeat):
        # The two take turns, so a slow minute of a shared machine does not fall on one of them only.
        for name, (command, site, extra) in builds.items():
            shutil.rmtree(site, ignore_errors=True)
            measured = measure(command, {**env, **extra})
            measured["kib"] = size_of(site) / 1024
            if name not in best or measured["seconds"] < best[name]["seconds"]:
                best[name] = measured
    return best


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", type=int, nargs="*", default=[500, 2000], help="catalog sizes (methods)")
    parser.add_argument("--repeat", type=int, default=3, help="builds of each kind per size, taking turns; the fastest counts")
    args = parser.parse_args(argv)
    sizes = args.sizes
    results: dict[int, dict[str, dict[str, float]]] = {}
    print(
        f"{'methods':>7} {'ours s':>7} {'plain s':>8} {'ratio':>6} {'ours MiB':>9} {'plain MiB':>10} {'ours MB':>8} {'KB/method':>10}"
        f" {'en+de s':>8} {'en+de/en':>9}"
    )
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            results[n] = run(n, Path(tmp), args.repeat)
        ours, plain, both = results[n]["ours"], results[n]["plain"], results[n]["bilingual"]
        print(
            f"{n:>7} {ours['seconds']:>7.1f} {plain['seconds']:>8.1f} {ours['seconds'] / plain['seconds']:>5.2f}x"
            f" {ours['peak_mib']:>9.0f} {plain['peak_mib']:>10.0f} {ours['kib'] / 1024:>8.1f} {ours['kib'] * 1.024 / n:>10.1f}"
            f" {both['seconds']:>8.1f} {both['seconds'] / ours['seconds']:>8.2f}x"
        )
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        growth = results[large]["ours"]["seconds"] / results[small]["ours"]["seconds"]
        print(f"time {small} → {large} methods: {growth:.2f}× (linear: {large / small:.1f}×, goal ≤ {large / small * 1.1:.1f}×)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
