"""``cxcanon export FORMAT ...``: write the catalog in a format other tools read.

Each format is a sibling subcommand registered in `FORMATS`: a function that
adds its parser to the ``export`` subparsers and sets ``func``. To add a format,
write ``add_<format>(formats)`` and ``cmd_export_<format>(args)`` and list the
adder in ``FORMATS``.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeAlias

from ..catalog import default_root, validate_catalog
from ..catalog.model import Catalog
from ..export.api import API_PREFIX, methods_json, terms_json
from ..export.files import export_files, json_text
from ..linking.lint import VALE_STYLE, vale_style

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

Formats: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def register(subparsers: Formats) -> None:
    """Add ``export`` and its formats to the ``cxcanon`` command line."""
    parser = subparsers.add_parser("export", help="write the catalog in a format other tools read (vale, ...)")
    formats = parser.add_subparsers(dest="export_format", required=True, metavar="FORMAT")
    for add in FORMATS:
        add(formats)


def load(args: argparse.Namespace) -> Catalog | None:
    """The validated catalog of ``--catalog``, or None after printing why not."""
    result = validate_catalog(Path(args.catalog) if getattr(args, "catalog", None) else default_root())
    if result.catalog is None:
        print(result.report.render(), file=sys.stderr)
        print(f"cxcanon export: the catalog has {len(result.report.errors)} error(s); run `cxcanon validate`", file=sys.stderr)
    return result.catalog


# --- vale ---------------------------------------------------------------------


def add_vale(formats: Formats) -> None:
    parser = formats.add_parser(
        "vale",
        help="write a Vale style that flags non-canonical names",
        description=(
            f"Writes DIR/{VALE_STYLE}/*.yml. Put DIR in your .vale.ini as StylesPath (or copy the {VALE_STYLE} folder into it) "
            f"and add `BasedOnStyles = {VALE_STYLE}`. Renamed.yml (branded, misnomer, former names) warns; Aliases.yml and "
            "Abbreviations.yml (other aliases) suggest; Ambiguous.yml warns on terms that name several methods."
        ),
    )
    parser.add_argument("dir", metavar="DIR", help="the Vale StylesPath to write into")
    parser.add_argument("--catalog", help="the catalog folder (default: ./methods)")
    parser.set_defaults(func=cmd_export_vale)


def cmd_export_vale(args: argparse.Namespace) -> int:
    catalog = load(args)
    if catalog is None:
        return EXIT_PROBLEMS
    root = Path(args.dir)
    for name, text in vale_style(catalog).items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    print(f"wrote {root / VALE_STYLE}/ — add `BasedOnStyles = {VALE_STYLE}` to your .vale.ini (StylesPath = {root})")
    return EXIT_OK


# --- api (citations, SKOS, JSON) -----------------------------------------------------


def add_api(formats: Formats) -> None:
    parser = formats.add_parser(
        "api",
        help="write the site's data files: /api/v1/ (JSON, SKOS, schemas) and methods/<id>/cite.*",
        description=(
            "Writes DIR/api/v1/{methods,terms,researchers}.json, catalog.ttl, catalog.jsonld, schema/*.schema.json and "
            "DIR/methods/<id>/cite.{json,ris,bib}: the same bytes a site build publishes, without building the site."
        ),
    )
    parser.add_argument("dir", metavar="DIR", help="the folder to write into (the site root)")
    parser.add_argument("--site-url", help="absolute URL of the published site (default: site_url from ./mkdocs.yml)")
    parser.add_argument("--catalog", help="the catalog folder (default: ./methods)")
    parser.set_defaults(func=cmd_export_api)


def _site_url(args: argparse.Namespace) -> str | None:
    if args.site_url:
        return str(args.site_url)
    config = Path("mkdocs.yml")
    if config.is_file():
        # A line match, not a YAML load: mkdocs.yml uses MkDocs-only tags (!ENV) that safe loaders reject.
        found = re.search(r"^site_url:\s*['\"]?([^'\"\s#]+)", config.read_text(encoding="utf-8"), re.MULTILINE)
        if found:
            return found.group(1)
    return None


def cmd_export_api(args: argparse.Namespace) -> int:
    site_url = _site_url(args)
    if not site_url:
        print("cxcanon export api: no site URL — pass --site-url https://… (concept URIs and permalinks are absolute)", file=sys.stderr)
        return EXIT_USAGE
    catalog = load(args)
    if catalog is None:
        return EXIT_PROBLEMS
    files = [
        (f"{API_PREFIX}methods.json", json_text(methods_json(catalog, site_url))),
        (f"{API_PREFIX}terms.json", json_text(terms_json(catalog))),
        *export_files(catalog, site_url),
    ]
    root = Path(args.dir)
    for path, text in files:
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    print(f"wrote {len(files)} files under {root}/ (catalog version {catalog.version})")
    return EXIT_OK


FORMATS: list[Callable[[Formats], None]] = [add_vale, add_api]
"""Every ``export`` format, in the order ``cxcanon export --help`` lists them."""
