#!/usr/bin/env python3
"""Benchmark: build the site from N synthetic methods, against plain Material builds of the same text.

    python scripts/bench_site.py [N ...] [--repeat R] [--english-only]   (default: 500 2000, 3 builds of each)

The synthetic catalog is N copies of one shipped method (`TEMPLATE`), each with its own id,
name, one alias and one relation, plus the shipped researchers and categories. For each N it
builds, in the same run and on the same machine, each in a fresh process:

- ``ours``: the repository's mkdocs.yml with every plugin, English only (``CXCANON_DE_EDITION=off``);
- ``prose``: the baseline — a plain Material build (search, ``font: false``, a one-entry nav) of
  one page per method holding only its prose: definition, description, steps, when to use, pitfalls;
- ``generated``: a plain Material build of the very pages our plugin generates (a second column:
  it shows what our plugins add on top of building those pages at all);
- ``ours en+de`` and ``prose en+de``: the bilingual site as ``mkdocs build`` makes it, against a plain
  build of the prose in both languages (English at /, German at /de/).

The builds take turns ``--repeat`` times and the fastest of each counts: wall time on a shared
machine varies by tens of percent from one minute to the next. It prints time, peak memory and site
size per method and language; the CPU-time ratio (user + system time of the build processes) is
steadier than wall time when other work shares the machine. Peak memory twice: "peak MiB" is the
largest single process (its peak RSS), "all MiB" the peak of all the build's processes together
(proportional set size sampled every 0.1 s, so pages shared after a fork count once; Linux only).
"all MiB" comes from one more build of each kind, not timed: the sampling takes about a twentieth
of a core, time that a build using every core would lose and a build on one core would not.
Our build runs a worker for citations and SKOS and, bilingual, the German edition beside the English.
Every build writes into a folder of its own, removed after all builds of that size; ``TMPDIR`` says
where (a folder on another disk, or a RAM disk to leave the disk out of the comparison).

Goals (issue #16): ours ≤ 1.5× prose, in each language set; time from 500 to 2,000 methods within
10 % of linear; peak memory ≤ 2× the prose build's; ≤ 60 KB of site per method and language.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
TEMPLATE = "service-blueprint"
"""The shipped method whose copies make the synthetic catalog: full English and German prose, a primary source."""
PROSE_FIELDS = (("definition", None), ("description", None), ("steps", "Steps"), ("when_to_use", "When to use"), ("pitfalls", "Pitfalls"))

CHILD = textwrap.dedent(
    """
    import json, os, resource, subprocess, sys, time

    def pss_mib(pid):
        # Proportional set size of a process and all its descendants: pages shared after a fork count once.
        total, todo, seen = 0, [pid], set()
        while todo:
            p = todo.pop()
            if p in seen:
                continue
            seen.add(p)
            try:
                with open(f"/proc/{p}/smaps_rollup") as f:
                    total += next(int(line.split()[1]) for line in f if line.startswith("Pss:"))
                for task in os.listdir(f"/proc/{p}/task"):
                    with open(f"/proc/{p}/task/{task}/children") as f:
                        todo += [int(c) for c in f.read().split()]
            except (OSError, StopIteration):
                pass
        return total / 1024

    sampling = sys.argv[1] == "sample" and os.path.exists(f"/proc/{os.getpid()}/smaps_rollup")
    start = time.perf_counter()
    proc = subprocess.Popen(sys.argv[2:], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    all_mib = 0.0
    while sampling and proc.poll() is None:
        all_mib = max(all_mib, pss_mib(proc.pid))
        time.sleep(0.1)
    out, err = proc.communicate()
    elapsed = time.perf_counter() - start
    if proc.returncode:
        sys.stderr.write(out + err)
        sys.exit(proc.returncode)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"seconds": elapsed, "cpu": usage.ru_utime + usage.ru_stime, "peak_mib": usage.ru_maxrss / 1024, "all_mib": all_mib}))
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
      lang: {langs}
markdown_extensions: [admonition, attr_list, md_in_html, tables, {{toc: {{permalink: true}}}}]
nav:
  - Home: index.md
"""


def _mkdocs() -> str:
    return str(Path(sys.executable).with_name("mkdocs"))


def coined(i: int) -> str:
    """A made-up word for copy ``i``: five syllables from a hash, so that no two copies' names look alike."""
    digest = hashlib.sha256(str(i).encode()).digest()
    consonants, vowels = "bdfgklmnprstvz", "aeiou"
    return "".join(consonants[digest[2 * k] % len(consonants)] + vowels[digest[2 * k + 1] % len(vowels)] for k in range(5)).capitalize()


def synthetic_catalog(root: Path, n: int, template: str = TEMPLATE) -> None:
    """N copies of a shipped method, each with its own id, name, one alias and one relation.

    Only the template's originators are copied of the researchers, so that the catalog validates
    without a warning per unused researcher (a warning costs a log line in every build)."""
    shipped = REPO / "methods"
    base = yaml.safe_load((shipped / f"{template}.yaml").read_text(encoding="utf-8"))
    (root / "researchers").mkdir(parents=True)
    for researcher in base["originators"]:
        shutil.copy(shipped / "researchers" / f"{researcher}.yaml", root / "researchers")
    shutil.copytree(shipped / "schema", root / "schema")
    for name in ("categories.yaml", "catalog.yaml"):
        shutil.copy(shipped / name, root / name)
    for key in ("former_ids", "wikipedia"):
        base.pop(key, None)
    for i in range(n):
        entry = copy.deepcopy(base)
        entry["id"] = f"method-{i}"
        word = coined(i)
        entry["name"] = f"{word} {base['name']}"
        entry["names"] = {"de": f"{word}-{base['names']['de'].replace(' ', '-')}"}
        entry.pop("abbreviation", None)
        entry["aliases"] = [{"term": f"{word} Map", "lang": "en", "kind": "synonym"}]
        # Every other copy is confused with its neighbour: half as many comparison pages as methods,
        # about the shipped catalog's share (98 for 175 methods).
        neighbour = (i + 1) % n
        entry["related"] = [
            {
                "id": f"method-{neighbour}",
                "type": "confused-with" if i % 2 == 0 else "related",
                "note": {
                    "en": f"Copy {neighbour} differs only in its number.",
                    "de": f"Kopie {neighbour} unterscheidet sich nur in der Nummer.",
                },
            }
        ]
        text = "# yaml-language-server: $schema=schema/method.schema.json\n" + yaml.safe_dump(
            entry, allow_unicode=True, sort_keys=False, width=120
        )
        (root / f"method-{i}.yaml").write_text(text, encoding="utf-8")


def _prose(entry: dict[str, Any], field: str, lang: str) -> str:
    value = entry.get(field)
    if isinstance(value, dict):
        value = value.get(lang) or value.get("en")
    return str(value or "").strip()


def prose_docs(catalog_dir: Path, docs: Path, langs: tuple[str, ...]) -> None:
    """The baseline's pages: per method and language, only its prose."""
    headings = {"en": dict(PROSE_FIELDS), "de": {"steps": "Vorgehen", "when_to_use": "Wann einsetzen", "pitfalls": "Typische Fehler"}}
    for lang in langs:
        folder = docs if lang == "en" else docs / lang
        (folder / "methods").mkdir(parents=True)
        (folder / "index.md").write_text("# CX Canon\n\nThe plain baseline.\n", encoding="utf-8")
        for path in sorted(catalog_dir.glob("method-*.yaml")):
            entry = yaml.safe_load(path.read_text(encoding="utf-8"))
            name = entry["names"]["de"] if lang == "de" else entry["name"]
            parts = [f"# {name}"]
            for field, _ in PROSE_FIELDS:
                heading = headings[lang].get(field)
                if heading:
                    parts.append(f"## {heading}")
                parts.append(_prose(entry, field, lang))
            (folder / "methods" / f"{entry['id']}.md").write_text("\n\n".join(parts) + "\n", encoding="utf-8")


def generated_docs(catalog_dir: Path, docs: Path) -> None:
    """The pages our plugin generates, as plain files, plus the hand-written home page."""
    from cxcanon import load_catalog
    from cxcanon.render import Site, render_site

    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# CX Canon\n\nThe plain baseline.\n", encoding="utf-8")
    for generated in render_site(load_catalog(catalog_dir), Site(site_url="https://cx-canon.example.org/")):
        target = docs / generated.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(generated.content, encoding="utf-8")


def measure(command: list[str], env: dict[str, str], *, sample: bool = False) -> dict[str, float]:
    """Time and peak memory of one build, run in a fresh process; with ``sample``, the memory of all its processes too."""
    mode = "sample" if sample else "time"
    done = subprocess.run([sys.executable, "-c", CHILD, mode, *command], capture_output=True, text=True, env=env, check=False)
    if done.returncode:
        raise SystemExit(f"build failed: {' '.join(command)}\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _plain_site(tmp: Path, name: str, langs: tuple[str, ...], fill: Any) -> tuple[list[str], Path]:
    folder = tmp / name
    fill(folder / "docs")
    (folder / "mkdocs.yml").write_text(PLAIN_CONFIG.format(langs=json.dumps(list(langs))), encoding="utf-8")
    return [_mkdocs(), "build", "-q", "-f", str(folder / "mkdocs.yml"), "-d", str(folder / "site")], folder / "site"


def run(n: int, tmp: Path, repeat: int = 1, bilingual: bool = True) -> dict[str, dict[str, float]]:
    """Every build of one catalog size, ``repeat`` times in turns; the fastest build of each counts."""
    catalog = tmp / "methods"
    synthetic_catalog(catalog, n)
    env = {**os.environ, "CXCANON_CATALOG": str(catalog), "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    ours = [_mkdocs(), "build", "-q", "-f", str(REPO / "mkdocs.yml")]
    builds: dict[str, tuple[list[str], Path, dict[str, str]]] = {
        "ours": ([*ours, "-d", str(tmp / "ours")], tmp / "ours", {"CXCANON_DE_EDITION": "off"}),
        "prose": (*_plain_site(tmp, "prose", ("en",), lambda d: prose_docs(catalog, d, ("en",))), {}),
        "generated": (*_plain_site(tmp, "generated", ("en",), lambda d: generated_docs(catalog, d)), {}),
    }
    if bilingual:
        builds["ours en+de"] = ([*ours, "-d", str(tmp / "both")], tmp / "both", {})
        builds["prose en+de"] = (*_plain_site(tmp, "prose-both", ("en", "de"), lambda d: prose_docs(catalog, d, ("en", "de"))), {})
    best: dict[str, dict[str, float]] = {}
    for turn in range(repeat):
        # The builds take turns, so a slow minute of a shared machine does not fall on one of them only.
        for name, (command, site, extra) in builds.items():
            # Each build writes into a new folder: none pays for removing another's files (on a disk
            # that discards freed blocks, removing twenty thousand files slows the next build's writes).
            target = site.with_name(f"{site.name}-{turn}")
            measured = measure([*command[:-1], str(target)], {**env, **extra})
            measured["kib"] = size_of(target) / 1024
            if name not in best or measured["seconds"] < best[name]["seconds"]:
                best[name] = measured
    # The memory of all of a build's processes, in one more build of each: reading it costs the
    # reader a twentieth of a core, which a build that keeps both cores busy would pay in time.
    for name, (command, site, extra) in builds.items():
        target = site.with_name(f"{site.name}-memory")
        best[name]["all_mib"] = measure([*command[:-1], str(target)], {**env, **extra}, sample=True)["all_mib"]
    return best


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", type=int, nargs="*", default=[500, 2000], help="catalog sizes (methods)")
    parser.add_argument("--repeat", type=int, default=3, help="builds of each kind per size, taking turns; the fastest counts")
    parser.add_argument("--english-only", action="store_true", help="skip the bilingual builds")
    args = parser.parse_args(argv)
    results: dict[int, dict[str, dict[str, float]]] = {}
    print(
        f"{'methods':>7} {'site':>11} {'time s':>7} {'prose s':>8} {'ratio':>6} {'generated s':>12} {'ratio':>6}"
        f" {'cpu ratio':>9} {'peak MiB':>9} {'prose MiB':>10} {'ratio':>6} {'all MiB':>8} {'ratio':>6} {'KB/method/lang':>15}"
    )
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            results[n] = run(n, Path(tmp), args.repeat, bilingual=not args.english_only)
        r = results[n]
        rows = [("en", r["ours"], r["prose"], r["generated"], 1)]
        if "ours en+de" in r:
            rows.append(("en+de", r["ours en+de"], r["prose en+de"], None, 2))
        for label, ours, prose, generated, langs in rows:
            gen = f"{generated['seconds']:>12.1f} {ours['seconds'] / generated['seconds']:>5.2f}x" if generated else f"{'–':>12} {'':>6}"
            print(
                f"{n:>7} {label:>11} {ours['seconds']:>7.1f} {prose['seconds']:>8.1f} {ours['seconds'] / prose['seconds']:>5.2f}x {gen}"
                f" {ours['cpu'] / prose['cpu']:>8.2f}x {ours['peak_mib']:>9.0f} {prose['peak_mib']:>10.0f} {ours['peak_mib'] / prose['peak_mib']:>5.2f}x"
                f" {ours['all_mib']:>8.0f} {ours['all_mib'] / max(prose['all_mib'], 1):>5.2f}x"
                f" {ours['kib'] * 1.024 / n / langs:>15.1f}"
            )
    if len(args.sizes) >= 2:
        small, large = args.sizes[0], args.sizes[-1]
        for key in ("ours", "ours en+de"):
            if key in results[small]:
                growth = results[large][key]["seconds"] / results[small][key]["seconds"]
                print(
                    f"{key}: time {small} → {large} methods {growth:.2f}× (linear {large / small:.1f}×, goal ≤ {large / small * 1.1:.1f}×)"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
