#!/usr/bin/env python3
"""Benchmark: what linking every mention costs a Material build, against the tools that exist.

    python scripts/bench_linking.py [--pages 500 2000] [--terms 10 1000 10000] [--variants ...] [--repeat N]

On one generated corpus per (pages, terms) — pages of about 400 words with twelve
mentions of eight distinct methods each, headings, lists and code — it builds, in one
run and, for each corpus, one fresh process:

- ``plain``: Material for MkDocs, no plugins (the baseline every ratio is against);
- ``ours``: the same plus ``cxcanon-autolink`` (catalog in memory, as the ``cxcanon``
  plugin hands it over in a real build, so catalog loading is not counted);
- ``abbr``: Material's glossary recipe — ``abbr`` with its ``glossary`` option holding
  every term, plus ``content.tooltips``;
- ``ezglossary``: ``mkdocs-ezglossary-plugin`` with tooltips; its only way to link is
  explicit markup, so mentions are written ``<term:Name>`` and a glossary page defines them.

It prints each build's CPU time (steadier than wall time on a shared machine) and its
cost over the plain build of the same corpus, our linking time (measured inside the tree processor) in total and per page, the time to
build the matcher, and matching alone per page: Aho-Corasick against one combined
regular expression. Goals (issue 4): ours adds at most 10% at 1,000 terms; 10 → 10,000
terms costs at most 1.5x more linking time; linking per page is flat from 500 to 2,000 pages.
Material's navigation makes a plain build grow faster than linearly with pages: a
2,000-page run takes about 100 s of CPU per build.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

VARIANTS = ("plain", "ours", "abbr", "ezglossary")
SYLLABLES = "ka lo mi ne ru ta vo si pe da go fu ri ma le no be zu ko ha".split()
HEADS = ("Method", "Model", "Map", "Canvas", "Analysis", "Score", "Framework", "Matrix", "Index", "Loop")


def words(rng: random.Random, count: int) -> list[str]:
    return ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))) for _ in range(count)]


def make_terms(count: int, seed: int = 4) -> list[str]:
    """``count`` distinct method names of two to four words ("Kalomi Neru Canvas")."""
    rng = random.Random(seed)
    vocabulary = [w.capitalize() for w in words(rng, 6000)]
    found: dict[str, str] = {}
    while len(found) < count:
        name = " ".join([*rng.sample(vocabulary, rng.randint(1, 3)), rng.choice(HEADS)])
        found.setdefault(name.casefold(), name)
    return list(found.values())


def make_pages(count: int, terms: list[str], *, markup: Callable[[str], str] = lambda t: t, seed: int = 7) -> dict[str, str]:
    """``count`` pages of about 400 words, each with eight mentions of distinct random terms and four repeats.

    Eight distinct methods per page whatever the number of terms, so that 10 and 10,000 terms
    insert as many links and the comparison measures the matcher, not the number of links.
    """
    rng = random.Random(seed)
    filler = words(rng, 3000)
    pages = {}
    for index in range(count):
        distinct = rng.sample(terms, min(8, len(terms)))
        mentions = [markup(t) for t in distinct + [rng.choice(distinct) for _ in range(12 - len(distinct))]]
        rng.shuffle(mentions)
        blocks = [f"# Page {index}"]
        for section in range(4):
            sentence_words = [rng.choice(filler) for _ in range(85)]
            for position, mention in zip(rng.sample(range(85), 3), mentions[section * 3 : section * 3 + 3], strict=True):
                sentence_words[position] = mention
            text = " ".join(sentence_words)
            blocks.append(f"## Section {section}")
            blocks.append(". ".join(text[i : i + 90] for i in range(0, len(text), 90)) + ".")
        blocks.append("\n".join(f"- item {rng.choice(filler)} {rng.choice(filler)}" for _ in range(5)))
        if index % 3 == 0:
            blocks.append("```python\nprint('code is never linked')\n```")
        pages[f"section-{index % 20}/page-{index}.md"] = "\n\n".join(blocks) + "\n"
    return pages


def definition(term: str) -> str:
    return f"The {term} is a fixture method generated for the linking benchmark."


def write_site(root: Path, variant: str, pages_count: int, terms: list[str]) -> Path:
    """A docs folder and mkdocs.yml for one variant; returns the config file."""
    if root.exists():
        shutil.rmtree(root)
    docs = root / "docs"
    docs.mkdir(parents=True)
    markup = (lambda t: f"<term:{t}>") if variant == "ezglossary" else (lambda t: t)
    pages = make_pages(pages_count, terms, markup=markup)
    (docs / "index.md").write_text("# Benchmark\n\nHome.\n", encoding="utf-8")
    for name, text in pages.items():
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    config: dict[str, Any] = {
        "site_name": "Linking benchmark",
        "theme": {"name": "material", "font": False, "features": ["content.tooltips"]},
        "plugins": [],
        "markdown_extensions": ["admonition", "attr_list", "tables", "toc"],
    }
    if variant == "ours":
        config["plugins"] = ["cxcanon-autolink"]
    elif variant == "abbr":
        config["markdown_extensions"].append({"abbr": {"glossary": {t: definition(t) for t in terms}}})
    elif variant == "ezglossary":
        config["plugins"] = [{"ezglossary": {"tooltip": "short", "sections": ["term"], "list_references": False}}]
        config["markdown_extensions"].append("def_list")
        glossary = "\n\n".join(f"term:{t}\n:   {definition(t)}" for t in terms)
        (docs / "glossary.md").write_text("# Glossary\n\n" + glossary + "\n", encoding="utf-8")
    path = root / "mkdocs.yml"
    path.write_text(json.dumps(config, indent=1), encoding="utf-8")  # JSON is YAML
    return path


class Measured:
    """Linking time spent inside the tree processor, summed over a build, and the garbage collections in it."""

    seconds = 0.0
    gc_seconds = 0.0
    pages: ClassVar[list[float]] = []
    inside = False
    gc_started = 0.0


def instrument() -> None:
    """Time the tree processor; time separately the collections of the whole heap that happen to start inside it.

    A collection runs when the build as a whole has allocated enough; it walks every object
    of the build (all pages rendered so far), and the code that allocates the last object
    pays for it. Its share inside the linker grows with the build, not with the linking.
    """
    from cxcanon.linking.markdown_ext import AutolinkTreeprocessor

    original = AutolinkTreeprocessor.run

    def timed(self: AutolinkTreeprocessor, root: Any) -> None:
        Measured.inside = True
        start = time.process_time()
        try:
            original(self, root)
        finally:
            took = time.process_time() - start
            Measured.seconds += took
            Measured.pages.append(took)
            Measured.inside = False

    def collecting(phase: str, info: dict[str, int]) -> None:
        if not Measured.inside:
            return
        if phase == "start":
            Measured.gc_started = time.process_time()
        else:
            Measured.gc_seconds += time.process_time() - Measured.gc_started

    AutolinkTreeprocessor.run = timed  # type: ignore[method-assign]
    gc.callbacks.append(collecting)


def build(config_file: Path, catalog: Any | None) -> float:
    """One in-process build (as `mkdocs build` runs it); returns the CPU seconds it took.

    CPU time of this process, not wall time: the build is single-threaded, and on a shared
    machine wall time measures the neighbours as much as the build.
    """
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.plugins import BasePlugin

    class CatalogStub(BasePlugin):  # type: ignore[type-arg]
        """Stands in for the `cxcanon` plugin: hands over the catalog already in memory."""

        def __init__(self, loaded: Any) -> None:
            super().__init__()
            self.catalog = loaded

    start = time.process_time()
    config = load_config(str(config_file), site_dir=str(config_file.parent / "site"))
    if catalog is not None:
        config.plugins["cxcanon"] = CatalogStub(catalog)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()
    return time.process_time() - start


def make_catalog(terms: list[str]) -> Any:
    from cxcanon.catalog import Catalog
    from cxcanon.catalog.model import Method, Verification
    from cxcanon.catalog.terms import slugify

    methods = [
        Method(
            id=f"{slugify(t)}-{i}",
            name=t,
            definition={"en": definition(t)},
            category="research",
            status="stable",
            verification=Verification("unverified"),
        )
        for i, t in enumerate(terms)
    ]
    return Catalog(methods, [])


def match_only(catalog: Any, terms: list[str], pages: dict[str, str]) -> tuple[float, float, float]:
    """Seconds to build the matcher, and ms per page matching with Aho-Corasick and with one combined regex."""
    from cxcanon.linking.matcher import Matcher

    start = time.process_time()
    matcher = Matcher(catalog)
    built = time.process_time() - start
    texts = list(pages.values())
    start = time.process_time()
    for text in texts:
        matcher.find(text)
    ac = (time.process_time() - start) * 1000 / len(texts)
    pattern = re.compile(
        r"\b(?:" + "|".join(re.escape(t).replace(r"\ ", r"[\s-]+") for t in sorted(terms, key=len, reverse=True)) + r")(?:e?s)?\b",
        re.IGNORECASE,
    )
    sample = texts[: min(len(texts), 100)]
    start = time.process_time()
    for text in sample:
        list(pattern.finditer(text))
    regex = (time.process_time() - start) * 1000 / len(sample)
    return built, ac, regex


def measure_one(pages_count: int, terms_count: int, variants: list[str], repeat: int) -> list[Any]:
    """Build one corpus with every variant, ``repeat`` times in turns; the fastest of each counts."""
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    instrument()
    work = Path(tempfile.mkdtemp(prefix="bench-linking-"))
    try:
        # One throw-away build per variant first: templates, imports and caches are warm for every measured build.
        for variant in variants:
            warm_terms = make_terms(10)
            build(write_site(work / "warmup", variant, 10, warm_terms), make_catalog(warm_terms) if variant == "ours" else None)
        terms = make_terms(terms_count)
        catalog = make_catalog(terms)
        built, ac, regex = match_only(catalog, terms, make_pages(min(pages_count, 500), terms))
        configs = {variant: write_site(work / variant, variant, pages_count, terms) for variant in variants}
        runs: dict[str, list[float]] = {variant: [] for variant in variants}
        linking_runs: list[tuple[float, float, float]] = []
        for _ in range(repeat):
            # Variants take turns, so a slow minute of a shared machine does not fall on one of them.
            for variant, config in configs.items():
                Measured.seconds = Measured.gc_seconds = 0.0
                Measured.pages = []
                runs[variant].append(build(config, catalog if variant == "ours" else None))
                if variant == "ours":
                    linking_runs.append((Measured.seconds, Measured.gc_seconds, statistics.median(Measured.pages)))
                print(f"  built {variant:<10} {pages_count:>5} pages {terms_count:>6} terms: {runs[variant][-1]:7.2f} s", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    times = {variant: min(values) for variant, values in runs.items()}
    linking, collecting, median = min(linking_runs) if linking_runs else (0.0, 0.0, 0.0)
    return [times, linking, collecting, median, built, ac, regex]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, nargs="+", default=[500])
    parser.add_argument("--terms", type=int, nargs="+", default=[10, 1000, 10000])
    parser.add_argument("--variants", nargs="+", choices=VARIANTS, default=list(VARIANTS))
    parser.add_argument("--repeat", type=int, default=1, help="builds per variant; the fastest counts")
    parser.add_argument("--one", type=int, nargs=2, metavar=("PAGES", "TERMS"), help=argparse.SUPPRESS)  # one corpus, in a child process
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure_one(*args.one, args.variants, args.repeat)))
        return 0
    if "plain" not in args.variants:
        args.variants.insert(0, "plain")
    if "ezglossary" in args.variants:
        try:
            import mkdocs_ezglossary_plugin  # noqa: F401
        except ImportError:
            print("mkdocs-ezglossary-plugin is not installed (pip install mkdocs-ezglossary-plugin): skipping it", file=sys.stderr)
            args.variants.remove("ezglossary")
    rows = []
    for pages_count in args.pages:
        for terms_count in args.terms:
            # Each corpus in a fresh process: a process that has built other sites before has a
            # larger, more scattered heap, and every later build in it pays for that.
            command = [sys.executable, __file__, "--one", str(pages_count), str(terms_count), "--repeat", str(args.repeat)]
            done = subprocess.run([*command, "--variants", *args.variants], stdout=subprocess.PIPE, check=True, text=True)
            times, linking, collecting, median, built, ac, regex = json.loads(done.stdout)
            rows.append((pages_count, terms_count, times, linking, collecting, median, built, ac, regex))

    print(
        f"\nLinking benchmark (Python {sys.version.split()[0]}; each corpus built in a fresh process); "
        "each cost is against the plain Material build of the same corpus\n"
    )
    header = f"{'pages':>5} {'terms':>6} {'plain s':>8} " + " ".join(f"{v + ' s':>12} {'cost':>7}" for v in args.variants if v != "plain")
    print(header + f" {'linking s':>10} {'GC in it':>9} {'ms/page':>8} {'matcher s':>10} {'AC ms/pg':>9} {'regex ms/pg':>11}")
    for pages_count, terms_count, times, linking, collecting, _median, built, ac, regex in rows:
        plain = times["plain"]
        cells = " ".join(f"{times[v]:12.2f} {100 * (times[v] - plain) / plain:+6.0f}%" for v in args.variants if v != "plain")
        per_page = 1000 * linking / pages_count if linking else float("nan")
        print(
            f"{pages_count:>5} {terms_count:>6} {plain:8.2f} {cells} {linking:10.3f} {collecting:9.3f} {per_page:8.3f} {built:10.3f} {ac:9.3f} {regex:11.3f}"
        )
    ours = [
        (p, t, times.get("ours"), linking, collecting, median) for p, t, times, linking, collecting, median, *_ in rows if "ours" in times
    ]
    if ours:
        print()
        for pages_count in sorted({p for p, *_ in ours}):
            same = sorted((t, link) for p, t, _, link, *_ in ours if p == pages_count)
            if len(same) > 1 and same[0][1]:
                print(
                    f"{pages_count} pages: linking time {same[-1][0]:,} vs {same[0][0]:,} terms: {same[-1][1] / same[0][1]:.2f}x (goal ≤ 1.5x)"
                )
        by_terms: dict[int, list[tuple[int, float, float, float]]] = {}
        for p, t, _, link, collecting, median in ours:
            by_terms.setdefault(t, []).append((p, link / p, (link - collecting) / p, median))
        for t, points in sorted(by_terms.items()):
            if len(points) > 1:
                points.sort()
                (few, few_all, few_own, few_median), (many, many_all, many_own, many_median) = points[0], points[-1]
                print(
                    f"{t:,} terms: linking per page {1000 * few_all:.3f} ms at {few} pages, {1000 * many_all:.3f} ms at {many} pages "
                    f"({many_all / few_all:.2f}x; goal: flat); without the heap's collections that start inside it "
                    f"{1000 * few_own:.3f} and {1000 * many_own:.3f} ms ({many_own / few_own:.2f}x); "
                    f"median page {1000 * few_median:.3f} and {1000 * many_median:.3f} ms ({many_median / few_median:.2f}x)"
                )
        costs = [100 * (times["ours"] - times["plain"]) / times["plain"] for _, t, times, *_ in rows if t == 1000 and "ours" in times]
        if costs:
            print(f"ours at 1,000 terms adds {statistics.mean(costs):+.1f}% to the plain build (goal ≤ +10%)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
