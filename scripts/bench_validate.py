#!/usr/bin/env python3
"""Benchmark: load + validate N synthetic method files, against a bare PyYAML C-loader baseline.

    python scripts/bench_validate.py [N ...]     (default: 1000 10000)

Prints, per N, wall time and peak memory (RSS of a fresh process) of
(a) `yaml.load(..., CSafeLoader)` of every file and (b) `validate_catalog`,
and their ratio, so the overhead of our checks shows against a baseline
built in the same run. Goal: 10,000 files in at most 3 s on 2 cores.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

CHILD = textwrap.dedent(
    """
    import json, resource, sys, time
    from pathlib import Path
    root, mode = Path(sys.argv[1]), sys.argv[2]
    start = time.perf_counter()
    if mode == "baseline":
        import yaml
        count = 0
        for path in sorted(root.glob("*.yaml")) + sorted((root / "researchers").glob("*.yaml")):
            with open(path, "rb") as handle:
                yaml.load(handle, Loader=yaml.CSafeLoader)
            count += 1
    else:
        from cxcanon.catalog import validate_catalog
        result = validate_catalog(root)
        assert result.catalog is not None, result.report.render()[:2000]
        count = result.files
    elapsed = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": elapsed, "peak_mib": peak_kib / 1024, "files": count}))
    """
)

METHOD = """\
# yaml-language-server: $schema=schema/method.schema.json
id: {id}
name: Synthetic Method {n}
abbreviation: SM{n}
names:
  de: Synthetische Methode {n}
aliases:
  - term: Synthetic Alias {n}
    lang: en
    kind: synonym
  - term: Brand Canvas {n}
    lang: de
    kind: branded
    coined_by: Example Consulting
definition:
  en: Synthetic method number {n} exists only to measure how fast the catalog loads.
  de: Die synthetische Methode {n} dient nur dazu, die Ladezeit des Katalogs zu messen.
originators: [researcher-{r}]
year: {year}
verification:
  level: secondary
  checked: [{{url: "https://example.org/{n}", kind: scholarly}}, {{url: "https://example.com/{n}", kind: catalogue}}]
status: stable
source:
  type: article
  authors: ["Researcher, Number {r}"]
  title: On synthetic method {n}
  year: {year}
  container: Journal of Benchmarks
  volume: 3
  issue: 2
  pages: 1-20
category: research
description: |
  A paragraph of **Markdown** prose that describes synthetic method {n}, with enough
  words to resemble a real entry, and a second sentence about when it helps.
steps: |
  1. Do the first thing.
  2. Do the second thing.
when_to_use: When a benchmark needs many realistic files.
pitfalls: |
  - Reading too much into synthetic numbers.
related:
  - id: {prev}
    type: related
  - id: {next}
    type: confused-with
    note: The neighbouring synthetic method differs only in its number.
references: []
history:
  - date: 2026-11-23
    change: Entry created.
"""


def generate(root: Path, n: int) -> None:
    (root / "researchers").mkdir(parents=True)
    researchers = max(1, n // 4)
    for r in range(researchers):
        (root / "researchers" / f"researcher-{r}.yaml").write_text(
            f"id: researcher-{r}\nname: Researcher Number {r}\nfamily: Researcher\naffiliation: Benchmark University\n", encoding="utf-8"
        )
    for i in range(n):
        text = METHOD.format(
            id=f"method-{i}", n=i, r=i % researchers, year=1950 + i % 70, prev=f"method-{(i - 1) % n}", next=f"method-{(i + 1) % n}"
        )
        (root / f"method-{i}.yaml").write_text(text, encoding="utf-8")


def measure(root: Path, mode: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", CHILD, str(root), mode], capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [1000, 10000]
    print(f"{'files':>7} {'yaml.load s':>12} {'validate s':>11} {'ratio':>6} {'yaml MiB':>9} {'validate MiB':>13}")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "methods"
            generate(root, n)
            measure(root, "baseline")  # warm the file cache for both runs
            base = measure(root, "baseline")
            ours = measure(root, "validate")
            print(
                f"{n:>7} {base['seconds']:>12.2f} {ours['seconds']:>11.2f} {ours['seconds'] / base['seconds']:>5.1f}x {base['peak_mib']:>9.0f} {ours['peak_mib']:>13.0f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
