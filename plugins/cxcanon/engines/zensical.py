"""Zensical as the second engine: ``cxcanon generate OUTDIR --docs docs --engine zensical``.

Zensical (tested: `ZENSICAL_VERSION`) runs Python-Markdown extensions but no MkDocs plugins.
`finish_project` turns the docs folder ``cxcanon generate`` wrote into a Zensical project:

- ``OUTDIR/zensical.yml``: ``mkdocs.yml`` without the ``cxcanon`` plugins, with the linking
  extension ``cxcanon.markdown_ext`` (which reads each page's URL and front matter from
  Zensical's page context), the catalog version in the footer, the mention stylesheet and an
  ``overrides`` folder; build it with ``zensical build -f OUTDIR/zensical.yml`` into ``OUTDIR/site``.
- what the ``cxcanon-autolink`` plugin adds after rendering, computed here with the same
  extension and matcher: ``api/v1/mentions.json`` and the "Mentioned on" section of method pages.
- generated pages hide their search tags (``hide: [tags]``: Zensical shows them as chips) and
  carry their edit link in front matter (``edit_url``, used by ``overrides/partials/actions.html``):
  a method page's opens its YAML file, the other generated pages have none.
- links in generated pages are made relative to the page's source file: Zensical resolves every
  relative link that way, where MkDocs leaves links in HTML relative to the page's URL.
- a generated page's HTML blocks are kept out of its Markdown file: the file holds the prose and a
  placeholder per block, ``OUTDIR/ready/<page>.json`` the blocks, and ``cxcanon.engines.ready_markdown``
  puts them back after rendering. Zensical scans every page's source for links in Python; on the
  generated pages' HTML that scan took more time than rendering them.

What Zensical cannot do (README: "Zensical"): its search indexes the theme language only (no
``lang: [en, de]``) and has no per-page ``search: boost``; it builds one edition per configuration.
"""

from __future__ import annotations

import json
import posixpath
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from fnmatch import fnmatch
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..catalog.model import Catalog
from ..linking.markdown_ext import AutolinkExtension, PageMentions, is_opt_out, relative_url
from ..render.i18n import translate
from ..render.ready import split
from ..render.site import Site, SiteFile
from ..render.urls import method_path, page_url

__all__ = ["CONFIG_NAME", "ZENSICAL_VERSION", "Project", "file_relative_links", "finish_project", "mentions"]

ZENSICAL_VERSION = "0.0.73"
"""The Zensical release this adapter is tested with (the ``test`` extra pins it)."""
CONFIG_NAME = "zensical.yml"
READY_DIR = "ready"
"""Folder of a project (beside its docs) that holds the generated pages' HTML blocks, one JSON file per page."""
STYLESHEET = "assets/stylesheets/cxcanon-autolink.css"
BACKLINKS_EXCLUDE = ["contributing.md", "api/*", "reference/*", "check/*"]
"""Defaults of ``cxcanon-autolink``'s ``backlinks_exclude`` (its option in mkdocs.yml wins)."""
_PLUGINS = frozenset({"cxcanon", "cxcanon-autolink"})
_URL_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")([^"]*)(")')


@dataclass(frozen=True, slots=True)
class Project:
    """Where the parts of a generated Zensical project are."""

    root: Path
    docs: Path
    config: Path


@dataclass(frozen=True, slots=True)
class _Page:
    """A rendered page as the mention report needs it (the attributes of MkDocs' ``Page`` it reads)."""

    url: str
    title: str
    src_uri: str


def file_relative_links(path: str, content: str, *, directory_urls: bool = True) -> str:
    """A generated page's HTML links, rewritten from relative to its URL to relative to its source file.

    ``methods/a.md`` is served at ``methods/a/``: MkDocs keeps ``../b/`` in HTML as written (``methods/b/``),
    Zensical resolves it against ``methods/`` (``b/``). Absolute URLs, fragments and ``data:`` are left alone.
    """
    url = page_url(path, directory_urls=directory_urls)
    url_folder = url[:-1] if url.endswith("/") else posixpath.dirname(url)
    file_folder = posixpath.dirname(path)
    if url_folder == file_folder:
        return content

    def rewrite(found: re.Match[str]) -> str:
        link = found.group(2)
        if not link or link.startswith(("#", "/")) or ":" in link.split("/", 1)[0]:
            return found.group(0)
        target, hash_, fragment = link.partition("#")
        resolved = posixpath.normpath(posixpath.join(url_folder, target))
        new = posixpath.relpath(resolved, file_folder or ".")
        if target.endswith("/") or target in ("", "."):
            new = "./" if new == "." else new + "/"
        return found.group(1) + new + hash_ + fragment + found.group(3)

    return _URL_ATTRIBUTE.sub(rewrite, content)


def _nav_titles(nav: Any) -> dict[str, str]:
    """Source path → title, from mkdocs.yml's ``nav`` (MkDocs titles a page by its nav entry first)."""
    found: dict[str, str] = {}
    if isinstance(nav, list):
        for item in nav:
            if isinstance(item, dict):
                for title, value in item.items():
                    if isinstance(value, str):
                        found.setdefault(value, str(title))
                    else:
                        for path, nested in _nav_titles(value).items():
                            found.setdefault(path, nested)
    return found


def _title(src: str, meta: dict[str, Any], toc_tokens: list[dict[str, Any]], nav_titles: dict[str, str]) -> str:
    """The page title as MkDocs 1.6 sets it: nav entry, front matter, first top-level heading, file name."""
    if src in nav_titles:
        return nav_titles[src]
    if "title" in meta:
        return str(meta["title"])
    if toc_tokens and toc_tokens[0].get("level") == 1:
        return str(toc_tokens[0]["name"])
    if src == "index.md":
        return "Home"
    stem = posixpath.splitext(posixpath.basename(src))[0]
    if stem in ("index", "README"):
        stem = posixpath.basename(posixpath.dirname(src)) or stem
    return stem.replace("-", " ").replace("_", " ").capitalize()


def _pages(docs: Path, excluded: Any) -> Iterator[str]:
    for path in sorted(docs.rglob("*.md")):
        src = path.relative_to(docs).as_posix()
        if any(part.startswith(".") for part in src.split("/")) or src.startswith("templates/"):
            continue
        if excluded is not None and excluded.match_file(src):
            continue
        yield src


def mentions(
    docs: Path,
    catalog: Catalog,
    settings: dict[str, Any],
    *,
    lang: str = "en",
    directory_urls: bool = True,
) -> list[tuple[_Page, PageMentions]]:
    """Every page of a docs folder rendered with the site's Markdown extensions and the linking extension, as MkDocs renders it."""
    import markdown
    import pathspec
    from mkdocs.utils.meta import get_data

    extension = AutolinkExtension(
        catalog=catalog,
        method_url=page_url("methods/{id}.md", directory_urls=directory_urls),
        term_url=page_url("terms/{slug}.md", directory_urls=directory_urls),
        lang=lang,
        min_abbreviation=int(_autolink_option(settings, "min_abbreviation", 3)),
    )
    names, configs = _markdown_extensions(settings.get("markdown_extensions"))
    md = markdown.Markdown(extensions=[*names, extension], extension_configs=configs)
    exclude = settings.get("exclude_docs")
    excluded = pathspec.GitIgnoreSpec.from_lines(str(exclude).splitlines()) if exclude else None
    nav_titles = _nav_titles(settings.get("nav"))
    found: list[tuple[_Page, PageMentions]] = []
    for src in _pages(docs, excluded):
        body, meta = get_data((docs / src).read_text(encoding="utf-8-sig"))
        url = page_url(src, directory_urls=directory_urls)
        extension.for_page(url, enabled=not is_opt_out(meta.get("autolink")))
        md.reset()
        md.convert(split(body).markdown)  # mentions are found in prose only: the ready HTML need not be parsed
        page = extension.last or PageMentions(url)
        found.append((_Page(url, _title(src, meta, getattr(md, "toc_tokens", []), nav_titles), src), page))
    return found


def _markdown_extensions(value: Any) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """mkdocs.yml's ``markdown_extensions`` as Python-Markdown takes them, after MkDocs' built-in ones."""
    names: list[str] = ["toc", "tables", "fenced_code"]
    configs: dict[str, dict[str, Any]] = {}
    for item in value or []:
        if isinstance(item, str) and item not in names:
            names.append(item)
        elif isinstance(item, dict):
            for name, options in item.items():
                if name not in names:
                    names.append(name)
                if isinstance(options, dict):
                    configs[name] = options
    return names, configs


def _plugin_options(settings: dict[str, Any], name: str) -> dict[str, Any] | None:
    for item in settings.get("plugins") or []:
        if item == name:
            return {}
        if isinstance(item, dict) and name in item:
            return item[name] if isinstance(item[name], dict) else {}
    return None


def _autolink_option(settings: dict[str, Any], option: str, default: Any) -> Any:
    options = _plugin_options(settings, "cxcanon-autolink") or {}
    value = options.get(option)
    return default if value is None else value


def _backlinks(page: _Page, listed: list[_Page], lang: str) -> str:
    """The "Mentioned on" section in Markdown: a heading (in the table of contents, as MkDocs adds it) and the list."""
    if not listed:
        return ""
    items = "".join(f'<li><a href="{escape(relative_url(p.url, page.url) or "./")}">{escape(p.title or p.url)}</a></li>' for p in listed)
    heading = "Erwähnt auf" if lang == "de" else "Mentioned on"
    return f'\n\n## {heading} {{ #mentioned-on }}\n\n<ul class="cxcanon-mentioned-on">{items}</ul>\n'


def _with_front_matter(content: str, extra: dict[str, Any]) -> str:
    """A generated page with more front-matter keys (generated pages always start with a front-matter block)."""
    lines = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in extra.items())
    if content.startswith("---\n"):
        return "---\n" + lines + content[4:]
    return "---\n" + lines + "---\n\n" + content


def zensical_config(
    settings: dict[str, Any],
    *,
    config_dir: Path,
    catalog_root: Path,
    catalog: Catalog,
    lang: str,
    directory_urls: bool,
    editions: bool = False,
    ready: Path | None = None,
) -> dict[str, Any]:
    """``zensical.yml``: the site's mkdocs.yml for Zensical, with the linking extension in place of the plugins.

    ``ready``: the folder of the generated pages' HTML blocks (`READY_DIR`), if ``generate`` wrote one.
    """
    config = {key: value for key, value in settings.items() if key not in ("INHERIT", "docs_dir", "site_dir")}
    extra = dict(config.get("extra") or {})
    if not editions:
        extra.pop("alternate", None)  # the language switcher, when no other edition is built
    if extra:
        config["extra"] = extra
    else:
        config.pop("extra", None)
    config["docs_dir"] = "docs"
    config["site_dir"] = "site"
    theme = dict(config.get("theme") or {})
    theme["custom_dir"] = "overrides"
    config["theme"] = theme
    plugins: list[Any] = []
    for item in settings.get("plugins") or []:
        name = item if isinstance(item, str) else next(iter(item), None) if isinstance(item, dict) else None
        if name in _PLUGINS:
            continue
        if name == "mkdocstrings" and isinstance(item, dict):
            item = json.loads(json.dumps(item))  # a copy to edit: handler paths are relative to mkdocs.yml
            python = ((item["mkdocstrings"] or {}).get("handlers") or {}).get("python") or {}
            if isinstance(python.get("paths"), list):
                python["paths"] = [str((config_dir / p).resolve()) for p in python["paths"]]
        plugins.append(item)
    config["plugins"] = plugins
    options: dict[str, Any] = {
        "catalog": str(catalog_root),
        "lang": lang if lang in ("en", "de") else "en",
        "method_url": page_url("methods/{id}.md", directory_urls=directory_urls),
        "term_url": page_url("terms/{slug}.md", directory_urls=directory_urls),
        "min_abbreviation": int(_autolink_option(settings, "min_abbreviation", 3)),
    }
    config["markdown_extensions"] = [
        *(settings.get("markdown_extensions") or []),
        {"cxcanon.markdown_ext": options},
        # generated pages' HTML blocks skip Markdown's HTML parser (and Zensical's link scan: see the module docstring)
        {"cxcanon.engines.ready_markdown": {"store": str(ready)}} if ready is not None else "cxcanon.engines.ready_markdown",
    ]
    config["extra_css"] = [*(settings.get("extra_css") or []), STYLESHEET]
    copyright_ = settings.get("copyright")
    version = translate(lang, "catalog version {version}", version=catalog.version)
    if copyright_ and version not in str(copyright_):
        config["copyright"] = f"{copyright_} · {version}"
    return config


def finish_project(
    root: Path,
    docs: Path,
    *,
    settings: dict[str, Any],
    config_dir: Path,
    catalog_root: Path,
    catalog: Catalog,
    site: Site,
    generated: list[SiteFile],
    editions: bool = False,
) -> Project:
    """Make ``root`` (whose ``docs`` folder ``cxcanon generate`` has written) a Zensical project; see the module docstring."""
    from .mkdocs_autolink import CSS, mentions_report, pages_by_method

    lang = site.lang
    found = mentions(docs, catalog, settings, lang=lang, directory_urls=site.directory_urls)
    report = mentions_report(found, catalog.version)  # type: ignore[arg-type]  # reads .url and .title only
    target = docs / str(_autolink_option(settings, "mentions_json", "api/v1/mentions.json"))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    exclude = list(_autolink_option(settings, "backlinks_exclude", BACKLINKS_EXCLUDE))
    listed = [(page, m) for page, m in found if not any(fnmatch(page.src_uri, p) for p in exclude)]
    mentioned_on: dict[str, list[_Page]] = pages_by_method(listed)  # type: ignore[arg-type, assignment]
    backlinks = bool(_autolink_option(settings, "backlinks", True))
    edit_of = {method_path(m.id): site.edit_url(Path(m.path).name) for m in catalog.methods.values()}
    shutil.rmtree(root / READY_DIR, ignore_errors=True)  # no page may find the blocks of an earlier run
    for file in generated:
        if not file.is_page:
            continue
        path = docs / file.path
        content = path.read_text(encoding="utf-8")
        method_id = file.path[len("methods/") : -len(".md")] if file.path in edit_of else None
        if backlinks and method_id is not None:
            content += _backlinks(
                _Page(page_url(file.path, directory_urls=site.directory_urls), "", file.path), mentioned_on.get(method_id, []), lang
            )
        content = _with_front_matter(content, {"hide": ["tags"], "edit_url": edit_of.get(file.path) or ""})
        ready = split(file_relative_links(file.path, content, directory_urls=site.directory_urls))
        if ready.fragments:
            store = root / READY_DIR / (file.path + ".json")
            store.parent.mkdir(parents=True, exist_ok=True)
            store.write_text(json.dumps(ready.fragments, ensure_ascii=False), encoding="utf-8")
        path.write_text(ready.markdown, encoding="utf-8")
    (docs / STYLESHEET).parent.mkdir(parents=True, exist_ok=True)
    (docs / STYLESHEET).write_text(CSS, encoding="utf-8")
    overrides = root / "overrides"
    theme = settings.get("theme") if isinstance(settings.get("theme"), dict) else {}
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    if custom_dir and (config_dir / str(custom_dir)).is_dir():
        shutil.copytree(config_dir / str(custom_dir), overrides, dirs_exist_ok=True)
    ours = resources.files(__package__).joinpath("zensical_overrides")
    _copy_tree(ours, overrides)
    config = zensical_config(
        settings,
        config_dir=config_dir,
        catalog_root=catalog_root,
        catalog=catalog,
        lang=lang,
        directory_urls=site.directory_urls,
        editions=editions,
        ready=root / READY_DIR,
    )
    config_file = root / CONFIG_NAME
    header = (
        f"# Generated by `cxcanon generate --engine zensical` for Zensical {ZENSICAL_VERSION}; build: zensical build -f {CONFIG_NAME}\n"
    )
    config_file.write_text(header + yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return Project(root, docs, config_file)


def _copy_tree(source: Any, target: Path) -> None:
    for entry in source.iterdir():
        if entry.is_dir():
            _copy_tree(entry, target / entry.name)
        elif entry.name.endswith(".html"):
            target.mkdir(parents=True, exist_ok=True)
            (target / entry.name).write_text(entry.read_text(encoding="utf-8"), encoding="utf-8")
