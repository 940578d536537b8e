#!/usr/bin/env python3
"""Benchmark: the site built by Zensical against the MkDocs build, in one run.

    python scripts/bench_zensical.py [N ...] [--repeat R]     (default: the shipped catalog and 1000; 3 builds of each)

For the shipped catalog (``shipped``) and for N synthetic methods (the catalog of
``bench_validate.py``) it times, taking turns ``--repeat`` times, the fastest of each:

- ``mkdocs``: ``mkdocs build`` of the repository's mkdocs.yml, English edition only
  (``CXCANON_DE_EDITION=off``: Zensical builds one edition);
- ``generate``: ``cxcanon generate OUT --docs docs --engine zensical`` (the pages, data files,
  mentions and "Mentioned on", the Zensical configuration);
- ``zensical``: ``zensical build --clean`` of that project (cold: no cache from a previous build);
- ``rebuild``: ``zensical build`` again, with Zensical's cache (what ``zensical serve`` does per change).

and prints the ratios ``zensical / mkdocs`` (the engine's build; goal ≤ 1.2×) and
``(generate + zensical) / mkdocs`` (from the catalog to the site: MkDocs renders the catalog
inside its build, Zensical needs ``generate`` first).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))

from bench_site import CHILD  # noqa: E402 - one timing harness for every build benchmark
from bench_validate import generate  # noqa: E402 - the same synthetic catalog as the other benchmarks


def _tool(name: str) -> str:
    path = Path(sys.executable).with_name(name)
    if not path.exists():
        raise SystemExit(f"{name} is not installed in this environment: pip install -e '.[test]' (zensical is in the test extra)")
    return str(path)


def measure(command: list[str], env: dict[str, str], cwd: Path = REPO) -> dict[str, float]:
    """Wall time and CPU time (of the command and its worker processes) of one command, run in a fresh process."""
    done = subprocess.run([sys.executable, "-c", CHILD, *command], capture_output=True, text=True, env=env, cwd=cwd, check=False)
    if done.returncode:
        raise SystemExit(f"failed: {' '.join(command)}\n{done.stderr[-3000:]}")
    return {key: float(value) for key, value in json.loads(done.stdout).items()}


def run(catalog: Path, tmp: Path, repeat: int) -> dict[str, dict[str, float]]:
    """The fastest wall and CPU time of each step over ``repeat`` turns."""
    env = {
        **os.environ,
        "CXCANON_CATALOG": str(catalog),
        "CXCANON_DE_EDITION": "off",
        "NO_MKDOCS_2_WARNING": "1",
        "DISABLE_MKDOCS_2_WARNING": "true",
    }
    project = tmp / "zensical"
    steps = {
        "mkdocs": [_tool("mkdocs"), "build", "-q", "-f", str(REPO / "mkdocs.yml"), "-d", str(tmp / "mkdocs-site")],
        "generate": [
            sys.executable,
            "-m",
            "cxcanon",
            "generate",
            str(project),
            "--docs",
            "docs",
            "--engine",
            "zensical",
            "--catalog",
            str(catalog),
        ],
        "zensical": [_tool("zensical"), "build", "--clean", "-f", str(project / "zensical.yml")],
        "rebuild": [_tool("zensical"), "build", "-f", str(project / "zensical.yml")],
    }
    best: dict[str, dict[str, float]] = {}
    for _ in range(repeat):
        # The engines take turns, so a slow minute of a shared machine does not fall on one of them only.
        shutil.rmtree(tmp / "mkdocs-site", ignore_errors=True)
        shutil.rmtree(project, ignore_errors=True)
        for name, command in steps.items():
            measured = measure(command, env)
            kept = best.setdefault(name, measured)
            for key, value in measured.items():
                kept[key] = min(kept[key], value)
    best["methods"] = {"count": len([p for p in (project / "docs" / "methods").glob("*.md") if p.name != "index.md"])}
    return best


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", default=["shipped", "1000"], help="'shipped' or a number of synthetic methods")
    parser.add_argument("--repeat", type=int, default=3, help="builds of each kind per size, taking turns; the fastest counts")
    args = parser.parse_args(argv)
    print(
        f"{'catalog':>8} {'methods':>7} {'':>5} {'mkdocs s':>9} {'generate s':>11} {'zensical s':>11} {'rebuild s':>10}"
        f" {'build ratio':>12} {'end-to-end':>11}"
    )
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            tmp = Path(folder)
            if size == "shipped":
                catalog = REPO / "methods"
            else:
                catalog = tmp / "methods"
                generate(catalog, int(size))
            found = run(catalog, tmp, args.repeat)
        for kind, label in (("seconds", "wall"), ("cpu", "cpu")):
            t = {name: step[kind] for name, step in found.items() if kind in step}
            build_ratio = t["zensical"] / t["mkdocs"]
            total_ratio = (t["generate"] + t["zensical"]) / t["mkdocs"]
            print(
                f"{size:>8} {found['methods']['count']:>7.0f} {label:>5} {t['mkdocs']:>9.2f} {t['generate']:>11.2f}"
                f" {t['zensical']:>11.2f} {t['rebuild']:>10.2f} {build_ratio:>11.2f}x {total_ratio:>10.2f}x"
            )
    print("build ratio: zensical build / mkdocs build (goal ≤ 1.2×); end-to-end: (generate + zensical build) / mkdocs build")
    print("wall: elapsed time; cpu: user + system time of the build and its worker processes (steadier on a shared machine)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
