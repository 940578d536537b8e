"""``cxcanon lint PATH...``: report names of methods that are not canonical in Markdown or text files."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..catalog import default_root, validate_catalog
from ..linking.lint import Linter, lint_paths

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``lint`` to the ``cxcanon`` command line."""
    parser = subparsers.add_parser(
        "lint",
        help="find branded, misnomer and former names of methods in Markdown or text files",
        description=(
            "Reports every branded, misnomer or former name of a catalog method (with --strict: every name that is not "
            "canonical) as FILE:LINE:COL. Markdown files (.md, .markdown) are parsed: front matter, code, raw HTML, "
            "link targets and images are skipped. Directories are searched for .md, .markdown, .txt files. "
            "Exit status: 0 clean, 1 findings (or unreadable files), 2 usage error."
        ),
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or directories to check")
    parser.add_argument("--strict", action="store_true", help="flag every alias, not only branded, misnomer and former names")
    parser.add_argument("--format", choices=("text", "json", "github"), default="text")
    parser.add_argument("--catalog", help="the catalog folder (default: ./methods)")
    parser.set_defaults(func=cmd_lint)


def cmd_lint(args: argparse.Namespace) -> int:
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        for path in missing:
            print(f"cxcanon lint: {path}: no such file or directory", file=sys.stderr)
        return EXIT_USAGE
    result = validate_catalog(Path(args.catalog) if args.catalog else default_root())
    if result.catalog is None:
        print(result.report.render(), file=sys.stderr)
        print(f"cxcanon lint: the catalog has {len(result.report.errors)} error(s); run `cxcanon validate`", file=sys.stderr)
        return EXIT_USAGE
    findings, unreadable = lint_paths(Linter(result.catalog, strict=args.strict), [Path(p) for p in args.paths])
    if args.format == "json":
        document: dict[str, Any] = {"findings": [f.as_json() for f in findings], "unreadable": unreadable}
        print(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        for finding in findings:
            print(finding.format_github() if args.format == "github" else finding.format())
    for problem in unreadable:
        print(f"cxcanon lint: {problem}", file=sys.stderr)
    if args.format == "text" and findings:
        files = len({f.path for f in findings})
        print(f"{len(findings)} non-canonical name(s) in {files} file(s)", file=sys.stderr)
    return EXIT_FINDINGS if findings or unreadable else EXIT_OK
