"""``cxcanon generate OUTDIR``: write the generated site pages to a folder.

For generators without MkDocs plugins (e.g. Zensical, which runs Python-Markdown
extensions only): the same files the ``cxcanon`` plugin feeds into a build,
written to disk. With ``--docs``, the hand-written pages are copied in first
and the home page's counts are filled, so OUTDIR is a complete docs folder.

With ``--engine zensical`` OUTDIR becomes a Zensical project: the docs folder is
``OUTDIR/docs``, and `cxcanon.engines.zensical` adds what the MkDocs plugins add
(mentions, "Mentioned on", edit links, the version in the footer) and writes
``OUTDIR/zensical.yml``; ``zensical build -f OUTDIR/zensical.yml`` builds ``OUTDIR/site``.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import posixpath
import shutil
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import yaml

from ..catalog import default_root, validate_catalog
from ..catalog.model import Catalog
from ..render import PageContext, Site, SiteFile, fill_home, render_site

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for a few plain settings; tags such as ``!ENV`` read as null."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """``!ENV VAR`` / ``!ENV [VAR, ..., default]``: the variable's text, as MkDocs reads it (the default when unset)."""
    if isinstance(node, yaml.SequenceNode):
        values = [loader.construct_object(child) for child in node.value]
        names, default = (values[:-1], values[-1]) if len(values) > 1 else (values, None)
    else:
        names, default = [loader.construct_scalar(node)], None  # type: ignore[arg-type]
    for name in names:
        if str(name) in os.environ:
            return os.environ[str(name)]
    return default


_ConfigLoader.add_constructor("!ENV", _env)
_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def _mkdocs_settings(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    except yaml.YAMLError as error:
        print(f"cxcanon generate: cannot read {path}: {error}", file=sys.stderr)
        return {}
    if not isinstance(data, dict):
        return {}
    parent = data.pop("INHERIT", None)
    if isinstance(parent, str):  # as MkDocs: mappings merge, everything else the inheriting file replaces
        return _merged(_mkdocs_settings(path.parent / parent), data)
    return data


def _merged(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        merged[key] = _merged(merged[key], value) if isinstance(value, dict) and isinstance(merged.get(key), dict) else value
    return merged


def _editions(settings: dict[str, Any]) -> dict[str, str]:
    """The ``cxcanon`` plugin's further editions (language code → configuration file), as the plugin reads them."""
    for item in settings.get("plugins") or []:
        if isinstance(item, dict) and isinstance(item.get("cxcanon"), dict):
            editions = item["cxcanon"].get("editions") or {}
            if isinstance(editions, dict):
                return {str(code): str(file) for code, file in editions.items() if file and str(file) != "off"}
    return {}


def site_from_settings(settings: dict[str, Any], catalog_dir: str) -> Site:
    """The render settings from mkdocs.yml values (the plugin computes the same from MkDocs' config)."""
    repo_url = settings.get("repo_url") or None
    edit_uri = settings.get("edit_uri")
    edit_base = None
    if repo_url and isinstance(edit_uri, str) and edit_uri:
        docs_dir = str(settings.get("docs_dir") or "docs").strip("/")
        up = "/".join(".." for _ in docs_dir.split("/"))
        edit_base = urljoin(repo_url.rstrip("/") + "/", posixpath.normpath(edit_uri.rstrip("/") + "/" + up) + "/")
    return Site(
        site_url=settings.get("site_url") or None,
        repo_url=repo_url,
        edit_base=edit_base,
        catalog_dir=catalog_dir,
        directory_urls=bool(settings.get("use_directory_urls", True)),
        site_name=str(settings.get("site_name") or "CX Canon"),
    )


def cmd_generate(args: argparse.Namespace) -> int:
    root = Path(args.catalog) if args.catalog else default_root()
    out = Path(args.outdir)
    if args.docs and Path(args.docs).resolve() == out.resolve():
        print("cxcanon generate: OUTDIR must not be the docs folder itself; generated pages are never written into docs/", file=sys.stderr)
        return EXIT_USAGE
    if out.exists() and any(out.iterdir()):
        if not args.force:
            print(f"cxcanon generate: {out} is not empty; pass --force to replace it", file=sys.stderr)
            return EXIT_USAGE
        shutil.rmtree(out)
    result = validate_catalog(root)
    if result.catalog is None:
        print(result.report.render(), file=sys.stderr)
        print(f"cxcanon generate: the catalog has {len(result.report.errors)} error(s); nothing written", file=sys.stderr)
        return EXIT_PROBLEMS
    settings = _mkdocs_settings(Path(args.config))
    try:
        catalog_dir = root.resolve().relative_to(Path(args.config).resolve().parent).as_posix()
    except ValueError:
        catalog_dir = root.name
    site = site_from_settings(settings, catalog_dir)
    files = render_site(result.catalog, site)
    project, out = out, (out / "docs" if args.engine == "zensical" else out)
    if not _write(out, args.docs, files, result.catalog, site):
        return EXIT_PROBLEMS
    pages = sum(1 for f in files if f.is_page)
    if args.engine == "zensical":
        from ..engines.zensical import finish_project

        config_dir = Path(args.config).resolve().parent
        editions = _editions(settings)
        written = [
            finish_project(
                project,
                out,
                settings=settings,
                config_dir=config_dir,
                catalog_root=root.resolve(),
                catalog=result.catalog,
                site=site,
                generated=files,
                editions=bool(editions),
            )
        ]
        for code, config_file in editions.items():
            # Each edition is a project of its own (Zensical builds one configuration and empties its site folder):
            # OUTDIR/<code>/, whose site is then copied to OUTDIR/site/<code>/ (python3 scripts/dev.py zensical).
            if not (config_dir / config_file).is_file():
                print(f"cxcanon generate: the {code} edition's configuration {config_dir / config_file} does not exist", file=sys.stderr)
                return EXIT_PROBLEMS
            edition = _mkdocs_settings(config_dir / config_file)
            edition_site = dataclasses.replace(
                site_from_settings(edition, catalog_dir),
                lang=str((edition.get("theme") or {}).get("language") or code),
                site_url=urljoin(site.site_url, f"{code}/") if site.site_url else None,
            )
            edition_files = render_site(result.catalog, edition_site)
            edition_docs = config_dir / str(edition.get("docs_dir") or "docs")
            if not _write(project / code / "docs", str(edition_docs), edition_files, result.catalog, edition_site):
                return EXIT_PROBLEMS
            written.append(
                finish_project(
                    project / code,
                    project / code / "docs",
                    settings=edition,
                    config_dir=config_dir,
                    catalog_root=root.resolve(),
                    catalog=result.catalog,
                    site=edition_site,
                    generated=edition_files,
                    editions=True,
                )
            )
        builds = "; ".join(f"zensical build -f {w.config}" for w in written)
        print(f"wrote {len(files)} files ({pages} pages) to {out} and {len(written)} Zensical project(s); build: {builds}", file=sys.stderr)
        if editions:
            print(
                f"then copy each edition's site into {project / 'site'}/<code>/ (python3 scripts/dev.py zensical does all)", file=sys.stderr
            )
        return EXIT_OK
    print(f"wrote {len(files)} files ({pages} pages) to {out}", file=sys.stderr)
    return EXIT_OK


def _write(out: Path, docs: str | None, files: list[SiteFile], catalog: Catalog, site: Site) -> bool:
    """Copy the hand-written pages (filling the home page's counts) and write the generated files; False on a collision."""
    out.mkdir(parents=True, exist_ok=True)
    if docs:
        shutil.copytree(docs, out, dirs_exist_ok=True)
        home = out / "index.md"
        if home.is_file():
            home.write_text(
                fill_home(home.read_text(encoding="utf-8"), PageContext(catalog, site, "index.md", site.lang)), encoding="utf-8"
            )
    for generated in files:
        target = out / generated.path
        if docs and target.exists():
            print(f"cxcanon generate: {generated.path} exists in {docs} and would be overwritten by a generated page", file=sys.stderr)
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(generated.content, encoding="utf-8")
    return True


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``generate`` to the ``cxcanon`` command line."""
    p = subparsers.add_parser("generate", help="write the generated site pages (methods, terms, indexes, API) to a folder")
    p.add_argument("outdir", help="the folder to write to (created; must be empty unless --force)")
    p.add_argument("--catalog", help="the catalog folder (default: ./methods)")
    p.add_argument("--config", default="mkdocs.yml", help="read site_url, repo_url, edit_uri from this file (default: mkdocs.yml)")
    p.add_argument("--docs", help="copy these hand-written pages in first (e.g. docs), making OUTDIR a complete docs folder")
    p.add_argument("--force", action="store_true", help="replace a non-empty OUTDIR")
    p.add_argument(
        "--engine",
        choices=("files", "zensical"),
        default="files",
        help="files: OUTDIR is a docs folder (default); zensical: OUTDIR is a Zensical project (OUTDIR/docs, OUTDIR/zensical.yml)",
    )
    p.set_defaults(func=cmd_generate)
