"""The ``cxcanon`` MkDocs/ProperDocs plugin: feeds the generated catalog pages into the build.

A thin adapter over `cxcanon.render.render_site`: it loads the catalog
once per build, adds every generated file as an in-memory ``File`` (nothing is
written into docs/), points each method page's edit link at its YAML file and
fills the counts on the home page. A catalog that fails validation stops the
build with the core's messages.

The citations and SKOS files are computed by a worker process while MkDocs
renders the pages (`cxcanon.render.start_rendering`); ``on_env``, which
runs after every page is rendered and before anything is indexed or written,
fills them in.
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from ..catalog.cache import validated as _validated
from ..catalog.model import Catalog
from ..render import PageContext, Rendering, Site, SiteFile, fill_home, start_rendering
from ..render.i18n import translate
from ..render.urls import method_path
from .editions import _EDITIONS, Editions

log = get_plugin_logger(__name__)


class CatalogPluginConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Switch the catalog pages off (e.g. for a quick build of the hand-written pages)."""
    catalog = c.Type(str, default="methods")
    """The catalog folder, relative to mkdocs.yml."""
    editions = c.Type(dict, default={})
    """Further language editions built with this one: language code → its configuration file (relative to
    mkdocs.yml), e.g. ``{de: mkdocs.de.yml}``. Each is built after this site into ``<site_dir>/<code>/``, with the
    same catalog; its configuration usually ``INHERIT``s this one and sets ``theme.language``, ``docs_dir`` and ``nav``.
    An edition whose file is ``off`` (or empty) is not built."""


class CatalogPlugin(BasePlugin[CatalogPluginConfig]):
    """Generates method, researcher, term and index pages and the JSON API from the catalog."""

    def __init__(self) -> None:
        self.catalog: Catalog | None = None
        self.site = Site()
        self.catalog_root = Path()
        self.generated: list[SiteFile] = []
        self.rendering: Rendering | None = None
        self.pending: dict[str, File] = {}
        self.config_dir = Path()
        self.lang = "en"
        self.generated_pages: frozenset[str] = frozenset()
        """Paths of the generated pages: every edition has them (the language switcher's counterparts)."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        config_dir = Path(config.config_file_path or ".").resolve().parent
        self.config_dir = config_dir
        self.catalog_root = (config_dir / self.config.catalog).resolve()
        self.lang = str(config.theme.get("language") or "en")
        result, fresh = _validated(self.catalog_root)
        if fresh:  # the editions of one build share the catalog: its warnings are logged once
            for warning in result.report.warnings:
                log.info(warning.format())
        if result.catalog is None:
            raise PluginError(
                f"cxcanon: the catalog at {self.catalog_root} has {len(result.report.errors)} error(s):\n{result.report.render()}"
            )
        self.catalog = result.catalog
        self.site = _site(config, config_dir, self.catalog_root, self.lang)
        self.rendering = start_rendering(self.catalog, self.site)
        self.generated = self.rendering.files
        self.generated_pages = frozenset(f.path for f in self.generated if f.is_page)
        if config.copyright and self.catalog.version not in config.copyright:
            config.copyright = f"{config.copyright} · {translate(self.lang, 'catalog version {version}', version=self.catalog.version)}"
        return config

    @property
    def editions(self) -> dict[str, str]:
        """The further editions to build: language code → configuration file."""
        return {code: str(file) for code, file in self.config.editions.items() if file and str(file) != "off"}

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.config.enabled and self.editions:
            _EDITIONS[self.catalog_root] = Editions.of_main(self.lang, config, self.editions, self.config_dir)

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if self.catalog is None:
            return files
        docs_dir = Path(config.docs_dir).resolve()
        yaml_of = {method_path(m.id): Path(m.path) for m in self.catalog.methods.values()}
        for generated in self.generated:
            if files.get_file_from_path(generated.path) is not None:
                raise PluginError(
                    f"cxcanon: docs/{generated.path} collides with a page generated from the catalog; rename or remove the hand-written file"
                )
            # Entry pages are reached through search, indexes and links, not the sidebar.
            listed = posixpath.basename(generated.path) == "index.md"
            inclusion = InclusionLevel.NOT_IN_NAV if generated.is_page and not listed else InclusionLevel.UNDEFINED
            file = File.generated(config, generated.path, content=generated.content, inclusion=inclusion)
            if self.rendering is not None and generated.path in self.rendering.pending:
                self.pending[generated.path] = file
            source = yaml_of.get(generated.path)
            if source is not None:
                # Material's own edit button then opens the YAML file, not a page that does not exist.
                file.edit_uri = posixpath.normpath(os.path.relpath(self.catalog_root / source.name, docs_dir).replace(os.sep, "/"))
            files.append(file)
        return files

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        """Every page is rendered: fill in the citations and SKOS files the worker made meanwhile."""
        if self.rendering is None:
            return env
        late = dict(self.rendering.exports.finish())  # the SKOS files; the pages' Markdown is rendered already
        for path, file in self.pending.items():
            if file.page is not None:
                if file.page.content is not None:
                    file.page.content = self.rendering.fill(file.page.content)
            else:
                file.content_string = late[path]
        self.rendering, self.pending = None, {}
        return env

    def on_build_error(self, *, error: Exception) -> None:
        if self.rendering is not None:
            self.rendering.exports.cancel()
            self.rendering, self.pending = None, {}

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.catalog is None or page.file.src_uri != "index.md":
            return markdown
        return fill_home(markdown, PageContext(self.catalog, self.site, "index.md"))

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.config.enabled:
            server.watch(str(self.catalog_root))
            for edition in self.editions.values():
                server.watch(str(self.config_dir / edition))
        return server

    def on_page_context(self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        """Point the language switcher and the ``hreflang`` links at this page in the other editions."""
        editions = _EDITIONS.get(self.catalog_root)
        if editions is not None and self.catalog is not None:
            config.extra["alternate"] = editions.alternates(page.file.src_uri, self.generated_pages)
        return context

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Build the further language editions into ``<site_dir>/<code>/``, one after the other."""
        editions = _EDITIONS.get(self.catalog_root)
        if not self.config.enabled or not self.editions or editions is None:
            return
        try:
            for code in self.editions:
                editions.build(code, config)
        finally:
            _EDITIONS.pop(self.catalog_root, None)


def _site(config: MkDocsConfig, config_dir: Path, catalog_root: Path, lang: str = "en") -> Site:
    """The render settings from mkdocs.yml: URLs, edit links, URL style."""
    repo_url = config.repo_url or None
    edit_base = None
    if repo_url and config.edit_uri:
        # edit_uri points into docs/; the catalog sits beside it, so climb back to the repository root.
        up = os.path.relpath(config_dir, Path(config.docs_dir).resolve()).replace(os.sep, "/")
        edit_uri = config.edit_uri if config.edit_uri.endswith("/") else config.edit_uri + "/"
        edit_base = urljoin(repo_url.rstrip("/") + "/", posixpath.normpath(edit_uri + up) + "/")
    try:
        catalog_dir = catalog_root.relative_to(config_dir).as_posix()
    except ValueError:
        catalog_dir = catalog_root.name
    return Site(
        site_url=config.site_url or None,
        repo_url=repo_url,
        edit_base=edit_base,
        catalog_dir=catalog_dir,
        directory_urls=bool(config.use_directory_urls),
        site_name=config.site_name,
        lang=lang,
    )
