"""The catalog commands: ``validate``, ``new``, ``show``, ``stats``."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from ..catalog import LoadError, LoadResult, NearDuplicate, default_root, load_yaml, near_duplicates, validate_catalog
from ..catalog.figures import figures
from ..catalog.labels import origin_label
from ..catalog.model import ALIAS_KINDS, VERIFICATION_LEVELS, Catalog, Method
from ..catalog.problems import Problem, Severity
from ..catalog.terms import normalize, slugify
from ..export.references import reference

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _root(args: argparse.Namespace) -> Path:
    return Path(args.catalog) if getattr(args, "catalog", None) else default_root()


def _load_or_report(args: argparse.Namespace) -> Catalog | None:
    """The catalog, or None after printing why it cannot be loaded."""
    result = validate_catalog(_root(args))
    if result.catalog is None:
        print(result.report.render(), file=sys.stderr)
        print(f"cxcanon: the catalog has {len(result.report.errors)} error(s); run `cxcanon validate`", file=sys.stderr)
    return result.catalog


# --- validate -----------------------------------------------------------------


def cmd_validate(args: argparse.Namespace) -> int:
    result = validate_catalog(Path(args.path) if args.path else default_root())
    report = result.report
    if result.methods and not args.no_fuzzy:
        report.extend(_near_duplicate_problem(found) for found in near_duplicates(result.methods))
    output = report.render(args.format)
    if args.format == "json":
        print(output)
    elif output:
        print(output)
    failed = report.failed(strict=args.strict)
    if args.format == "text":
        summary = _summary(result)
        print(summary if not failed else summary.replace("ok:", "failed:"), file=sys.stderr)
    return EXIT_PROBLEMS if failed else EXIT_OK


def _near_duplicate_problem(found: NearDuplicate) -> Problem:
    """A warning at the newer entry's look-alike name that names both files."""
    new, old = found.method, found.other
    yaml_path: tuple[str | int, ...] = ("name",)
    field = "name"
    if found.term != new.name:
        index = next((i for i, alias in enumerate(new.aliases) if alias.term == found.term), None)
        if index is not None:
            yaml_path, field = ("aliases", index, "term"), f"aliases[{index}].term"
        elif found.term == new.name_de:
            yaml_path, field = ("names", "de"), "names.de"
    try:
        position = load_yaml(new.path).where(yaml_path)
        line, column = position.line, position.column
    except LoadError:  # the file changed since validation; the whole file is the best position left
        line, column = 1, 1
    return Problem(
        new.path,
        line,
        column,
        field,
        f"'{found.term}' looks like '{found.other_term}' of method '{old.id}' in {old.path} ({found.likeness})",
        f"if both name one method, add '{found.term}' to the aliases in {old.path} and drop {new.path};"
        f" if they differ, relate them in {new.path} (`related: [{{id: {old.id}, type: confused-with, note: <the difference>}}]`)",
        Severity.WARNING,
    )


def _summary(result: LoadResult) -> str:
    errors, warnings = len(result.report.errors), len(result.report.warnings)
    text = f"ok: {result.files} files, {errors} error(s), {warnings} warning(s)"
    if result.catalog is not None:
        ambiguous = result.catalog.ambiguous_terms()
        text += f"; {len(result.catalog)} methods, {len(result.catalog.researchers)} researchers"
        if ambiguous:
            shown = "; ".join(f"{entries[0].term} → {', '.join(sorted({e.method_id for e in entries}))}" for entries in ambiguous.values())
            text += f"\nambiguous terms (rendered as disambiguation pages): {shown}"
    return text


# --- new ----------------------------------------------------------------------

SKELETON = """\
# yaml-language-server: $schema=schema/method.schema.json
id: {id}
name: {name}
names:
  de: {name}
aliases: []
definition:
  en: "TODO: one citable sentence that says what {name} is."
  de: "TODO: ein zitierfähiger Satz, der sagt, was {name} ist."
originators: []
origin_note: "TODO: list the researcher ids of all authors of the primary source instead, then delete this note."
verification:
  level: unverified
  note: "TODO: verify originators, year and source in two independent sources; list the URLs under `checked`."
status: draft
category: {category}
description: |
  TODO: how it works.
related: []
references: []
history:
  - date: {today}
    change: Entry created.
"""


def cmd_new(args: argparse.Namespace) -> int:
    import datetime as dt

    name = " ".join(args.name.split())
    method_id = args.id or slugify(name)
    root = _root(args)
    target = root / f"{method_id}.yaml"
    if target.exists():
        print(f"cxcanon: {target} exists already — edit it, or pass --id to choose another id", file=sys.stderr)
        return EXIT_PROBLEMS
    result = validate_catalog(root)
    exact = [m for m in result.methods if any(normalize(t) == normalize(name) for t, _ in m.terms())]
    if exact:
        m = exact[0]
        print(
            f"cxcanon: '{name}' already names '{m.id}' ({m.name}) — run `cxcanon show \"{name}\"`; add new names as aliases there",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    for method, term, score in close_terms(result.methods, name):
        print(
            f"warning: '{name}' is close to '{method.id}' ({term}), {score:.0f}% alike — check it is not the same method under another name",
            file=sys.stderr,
        )
    category = args.category or "design-and-mapping"
    target.write_text(
        SKELETON.format(id=method_id, name=_yaml_text(name), category=category, today=dt.date.today().isoformat()), encoding="utf-8"
    )
    print(f"wrote {target} — fill the TODOs, then run `cxcanon validate`")
    return EXIT_OK


def _yaml_text(text: str) -> str:
    return json.dumps(text, ensure_ascii=False) if any(c in text for c in ":#'\"{}[],&*!|>%@`") else text


def close_terms(methods: Sequence[Method], name: str, threshold: float = 80) -> list[tuple[Method, str, float]]:
    """Existing names or aliases that look like ``name`` (best match per method)."""
    choices: list[tuple[str, Method, str]] = [(normalize(t), m, t) for m in methods for t, _ in m.terms()]
    best: dict[str, tuple[Method, str, float]] = {}
    for _key, score, index in process.extract(normalize(name), [c[0] for c in choices], limit=20, score_cutoff=threshold):
        _, method, term = choices[index]
        if method.id not in best or best[method.id][2] < score:
            best[method.id] = (method, term, score)
    return sorted(best.values(), key=lambda x: -x[2])


# --- show ---------------------------------------------------------------------


def cmd_show(args: argparse.Namespace) -> int:
    catalog = _load_or_report(args)
    if catalog is None:
        return EXIT_PROBLEMS
    term = " ".join(args.term)
    entries = catalog.entries(term)
    if not entries:
        old = catalog.former_ids.get(term)
        if old:
            entries = catalog.entries(catalog.methods[old].name)
    if not entries:
        keys = list(catalog.terms)
        matches = process.extract(normalize(term), keys, scorer=fuzz.WRatio, limit=20, score_cutoff=75)
        print(f"cxcanon: '{term}' is not in the catalog.", file=sys.stderr)
        closest: dict[str, str] = {}  # the best-matching name of each method, best first
        for key, _, _ in matches:
            entry = catalog.terms[key][0]
            closest.setdefault(entry.method_id, entry.term)
        if closest:
            shown = list(closest.items())[:5]
            print("closest: " + ", ".join(f"{name} ({method_id})" for method_id, name in shown), file=sys.stderr)
        return EXIT_USAGE
    if len({e.method_id for e in entries}) > 1:
        print(f"'{term}' is ambiguous; it names {len(entries)} methods:\n")
        for entry in entries:
            method = catalog.methods[entry.method_id]
            print(f"  {method.name} ({method.id}) — {origin_label(catalog, method)}")
            print(f"    {method.definition['en']}\n")
        return EXIT_OK
    entry = entries[0]
    method = catalog.methods[entry.method_id]
    if entry.kind not in ("name",):
        label = {
            "branded": "a branded name",
            "misnomer": "a common misnomer",
            "former": "a former name",
            "abbreviation": "an abbreviation",
            "translation": "a translation",
            "name-de": "the German name",
        }.get(entry.kind, "another name")
        extra = f", used by {entry.alias.coined_by}" if entry.alias and entry.alias.coined_by else ""
        print(f"'{entry.term}' is {label}{extra} for:\n")
    print(_describe(catalog, method))
    return EXIT_OK


def _describe(catalog: Catalog, method: Method) -> str:
    lines = [method.name + (f" ({method.abbreviation})" if method.abbreviation else "")]
    if method.name_de and method.name_de != method.name:
        lines.append(f"  de: {method.name_de}")
    lines += ["", f"  {method.definition['en']}", f"  de: {method.definition['de']}", ""]
    people = ", ".join(r.name for r in catalog.originators(method)) or (method.origin_note.en if method.origin_note else "unknown")
    lines.append(f"  Originators: {people}")
    lines.append(f"  Year:        {method.year if method.year is not None else 'unknown'}")
    if method.source:
        lines.append(f"  Source:      {reference(method.source)}")
    lines.append(f"  Verified:    {method.verification.level}")
    if method.status != "stable":
        lines.append(f"  Status:      {method.status}" + (f" → {method.replaced_by}" if method.replaced_by else ""))
    lines.append(f"  Id:          {method.id}")
    return "\n".join(lines)


# --- stats --------------------------------------------------------------------


def cmd_stats(args: argparse.Namespace) -> int:
    catalog = _load_or_report(args)
    if catalog is None:
        return EXIT_PROBLEMS
    stats = catalog_stats(catalog)
    if args.format == "json":
        print(json.dumps(stats, indent=2, ensure_ascii=False))
        return EXIT_OK
    print(f"catalog version {stats['version']}")
    print(f"methods:     {stats['methods']}")
    print(f"researchers: {stats['researchers']} ({stats['originators']} originators, {stats['popularisers']} only popularisers)")
    print(f"traceable:   {stats['traceable']} methods with a named originator ({stats['traceable_share']:.0%})")
    print(f"names:       {stats['names']} distinct names, {stats['branded_names']} of them branded")
    print(f"aliases:     {stats['aliases']} ({', '.join(f'{k} {v}' for k, v in stats['aliases_by_kind'].items())})")
    print(f"terms:       {stats['terms']} normalised, {stats['ambiguous_terms']} ambiguous")
    print("verification: " + ", ".join(f"{k} {v}" for k, v in stats["verification"].items()))
    print("status:       " + ", ".join(f"{k} {v}" for k, v in stats["status"].items()))
    print("categories:   " + ", ".join(f"{k} {v}" for k, v in stats["categories"].items()))
    return EXIT_OK


def catalog_stats(catalog: Catalog) -> dict[str, Any]:
    """Counts that describe the catalog (methods, researchers, aliases by kind, verification levels)."""
    kinds = Counter(a.kind for m in catalog.methods.values() for a in m.aliases)
    levels = Counter(m.verification.level for m in catalog.methods.values())
    counted = figures(catalog)
    return {
        "version": catalog.version,
        "methods": len(catalog.methods),
        "researchers": len(catalog.researchers),
        "originators": counted.originators,
        "popularisers": counted.popularisers,
        "traceable": counted.traceable,
        "traceable_share": round(counted.traceable_share, 4),
        "names": counted.names,
        "branded_names": counted.branded_names,
        "checked_origins": counted.checked_origins,
        "aliases": sum(kinds.values()),
        "aliases_by_kind": {k: kinds.get(k, 0) for k in ALIAS_KINDS},
        "terms": len(catalog.terms),
        "ambiguous_terms": len(catalog.ambiguous_terms()),
        "verification": {k: levels.get(k, 0) for k in VERIFICATION_LEVELS},
        "status": dict(sorted(Counter(m.status for m in catalog.methods.values()).items())),
        "categories": dict(sorted(Counter(m.category for m in catalog.methods.values()).items())),
    }


# --- wiring -------------------------------------------------------------------


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the catalog commands to the ``cxcanon`` parser."""

    p = sub.add_parser("validate", help="check every catalog file and report every problem")
    p.add_argument("path", nargs="?", help="the catalog folder (default: ./methods)")
    p.add_argument("--format", choices=("text", "json", "github"), default="text")
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.add_argument("--no-fuzzy", action="store_true", help="skip the near-duplicate name check")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("new", help="write a skeleton method file")
    p.add_argument("name", help='the canonical name, e.g. "Service Blueprint"')
    p.add_argument("--id", help="the id (default: the name as a slug)")
    p.add_argument("--category", help="a category id from methods/categories.yaml")
    p.add_argument("--catalog", help="the catalog folder (default: ./methods)")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("show", help="resolve any name, alias or abbreviation to its canonical method")
    p.add_argument("term", nargs="+")
    p.add_argument("--catalog", help="the catalog folder (default: ./methods)")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("stats", help="count methods, researchers, aliases and verification levels")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--catalog", help="the catalog folder (default: ./methods)")
    p.set_defaults(func=cmd_stats)
