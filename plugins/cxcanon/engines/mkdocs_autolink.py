"""MkDocs plugin ``cxcanon-autolink``: adds the linking extension to the build and reports what it linked.

A thin adapter over `cxcanon.linking.markdown_ext`: it passes each page's URL (links are
relative; a page never links to itself), honours front matter ``autolink: false``,
logs how many mentions were linked on how many pages and every ambiguous mention,
writes ``api/v1/mentions.json`` (per page, the methods it mentions; per method,
the pages that mention it), and appends a "Mentioned on" list to each method page.
"""

from __future__ import annotations

import json
from fnmatch import fnmatch
from html import escape
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from ..catalog import Catalog, validate_catalog
from ..linking.markdown_ext import AutolinkExtension, PageMentions, is_opt_out, relative_url

log = get_plugin_logger("cxcanon-autolink")

STYLESHEET = "assets/stylesheets/cxcanon-autolink.css"
CSS = """\
/* cxcanon-autolink: mentions of methods, linked by the build. */
a.cxcanon-mention { text-decoration: underline dotted; text-underline-offset: .2em; }
/* A branded, misnomer or former name also shows the canonical name. */
a.cxcanon-mention[data-canonical]::after { content: " → " attr(data-canonical); font-size: .85em; opacity: .8; }
"""


class AutolinkConfig(base.Config):
    """Options of ``cxcanon-autolink``."""

    enabled = c.Type(bool, default=True)
    """Link mentions at all."""
    catalog = c.Optional(c.Type(str))
    """The catalog folder; by default the one the ``cxcanon`` plugin loads (``methods`` next to mkdocs.yml)."""
    lang = c.Optional(c.Choice(("en", "de")))
    """Language of the tooltips; by default the site's (``theme.language``)."""
    min_abbreviation = c.Type(int, default=3)
    """Abbreviations shorter than this are not linked ("CI", "UX" mean too many things)."""
    mentions_json = c.Type(str, default="api/v1/mentions.json")
    """Where to write the per-page mentions, relative to the site folder."""
    backlinks = c.Type(bool, default=True)
    """Append a "Mentioned on" list to each method page (pages of the ``cxcanon`` plugin)."""
    backlinks_exclude = c.Type(list, default=["contributing.md", "api/*", "reference/*", "check/*"])
    """Pages (source paths, glob patterns) that are not listed under "Mentioned on": guides for contributors and developers."""


class AutolinkPlugin(BasePlugin[AutolinkConfig]):
    """Links the first mention of each method on every page."""

    def __init__(self) -> None:
        self.extension: AutolinkExtension | None = None
        self.pages: list[tuple[Page, PageMentions]] = []
        self.mentioned_on: dict[str, list[Page]] = {}
        self.lang = "en"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.pages = []
        if not self.config.enabled:
            return config
        pattern = "{}/" if config.use_directory_urls else "{}.html"
        theme_lang = str(config.theme.get("language") or "en")
        self.lang = self.config.lang or (theme_lang if theme_lang in ("en", "de") else "en")
        self.extension = AutolinkExtension(
            catalog=self._catalog(config),
            method_url=pattern.format("methods/{id}"),
            term_url=pattern.format("terms/{slug}"),
            lang=self.lang,
            min_abbreviation=self.config.min_abbreviation,
        )
        config.markdown_extensions.append(self.extension)  # type: ignore[arg-type]  # instances are accepted, as mkdocs-autorefs does
        config.extra_css.append(STYLESHEET)
        return config

    def _catalog(self, config: MkDocsConfig) -> Catalog:
        site_plugin = config.plugins.get("cxcanon")
        loaded = getattr(site_plugin, "catalog", None)
        if isinstance(loaded, Catalog) and not self.config.catalog:
            return loaded
        option = self.config.catalog or (getattr(site_plugin, "config", {}) or {}).get("catalog") or "methods"
        root = Path(config.config_file_path or ".").parent / option
        result = validate_catalog(root)
        if result.catalog is None:
            raise PluginError(f"cxcanon-autolink: the catalog {root} has errors:\n{result.report.render()}")
        return result.catalog

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if self.extension is not None and files.get_file_from_path(STYLESHEET) is None:
            files.append(File.generated(config, STYLESHEET, content=CSS))
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.extension is not None:
            self.extension.for_page(page.url, enabled=not is_opt_out(page.meta.get("autolink")))
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.extension is not None and self.extension.last is not None:
            self.pages.append((page, self.extension.last))
            self.extension.last = None
        return html

    # --- "Mentioned on" backlinks: every page's Markdown is rendered before any page's HTML is written ---

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        listed = [
            (page, found) for page, found in self.pages if not any(fnmatch(page.file.src_uri, p) for p in self.config.backlinks_exclude)
        ]
        self.mentioned_on = pages_by_method(listed)
        return env

    def on_page_context(self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        meta = page.meta.get("cxcanon")
        method_id = meta.get("method") if isinstance(meta, dict) else None
        if self.extension is not None and self.config.backlinks and method_id and page.content is not None:
            section = backlinks_html(page.url, self.mentioned_on.get(method_id, []), self.lang)
            if section:
                page.content += section
                if page.toc is not None and page.toc.items:  # the section is listed in the page's table of contents too
                    first = page.toc.items[0]
                    siblings = first.children if first.level == 1 else page.toc.items  # under the page title, as Material shows it
                    siblings.append(AnchorLink("Erwähnt auf" if self.lang == "de" else "Mentioned on", "mentioned-on", 2))
        return context

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.extension is None:
            return
        report = mentions_report(self.pages, self.extension.catalog.version)
        target = Path(config.site_dir) / self.config.mentions_json
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        linked = sum(p.linked for _, p in self.pages)
        pages = sum(1 for _, p in self.pages if p.linked)
        skipped = [page.file.src_uri for page, p in self.pages if p.skipped]
        log.info(
            f"linked {linked} mention(s) of methods on {pages} of {len(self.pages)} page(s)"
            + (f"; autolink: false on {', '.join(skipped)}" if skipped else "")
        )
        for term, where in ambiguous_mentions(self.pages).items():
            log.info(f"ambiguous mention '{term}' (linked to its disambiguation page) on {', '.join(where)}")


def mentions_report(pages: list[tuple[Page, PageMentions]], version: str) -> dict[str, Any]:
    """The content of ``mentions.json``: per page the methods it mentions, and per method the pages."""
    by_method: dict[str, list[str]] = {}
    entries = []
    for page, found in sorted(pages, key=lambda item: item[0].url):
        if not found.method_ids and not found.ambiguous:
            continue
        for method_id in found.method_ids:
            by_method.setdefault(method_id, []).append(page.url)
        ambiguous = {m.term: sorted(m.method_ids) for m in found.ambiguous}
        entries.append(
            {
                "url": page.url,
                "title": page.title,
                "methods": sorted(found.method_ids),
                "ambiguous": [{"term": term, "methods": ids} for term, ids in sorted(ambiguous.items())],
            }
        )
    return {"version": version, "pages": entries, "methods": {k: by_method[k] for k in sorted(by_method)}}


def pages_by_method(pages: list[tuple[Page, PageMentions]]) -> dict[str, list[Page]]:
    """For each method, the pages that mention it, by title."""
    found: dict[str, list[Page]] = {}
    for page, mentions in pages:
        for method_id in mentions.method_ids:
            found.setdefault(method_id, []).append(page)
    return {k: sorted(v, key=lambda p: ((p.title or "").casefold(), p.url)) for k, v in found.items()}


def backlinks_html(page_url: str, pages: list[Page], lang: str = "en") -> str:
    """The "Mentioned on" section of a method page (empty when no page mentions it)."""
    if not pages:
        return ""
    items = "".join(f'<li><a href="{escape(relative_url(p.url, page_url) or "./")}">{escape(p.title or p.url)}</a></li>' for p in pages)
    heading = "Erwähnt auf" if lang == "de" else "Mentioned on"
    return f'\n<h2 id="mentioned-on">{heading}</h2>\n<ul class="cxcanon-mentioned-on">{items}</ul>\n'


def ambiguous_mentions(pages: list[tuple[Page, PageMentions]]) -> dict[str, list[str]]:
    """Each ambiguous term as written, with the source files that mention it."""
    found: dict[str, list[str]] = {}
    for page, mentions in pages:
        for mention in mentions.ambiguous:
            where = found.setdefault(mention.term, [])
            if page.file.src_uri not in where:
                where.append(page.file.src_uri)
    return found
