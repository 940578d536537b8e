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

import atexit
import copy
import gc
import multiprocessing
import os
import pickle
import posixpath
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from ..catalog import LoadResult
from ..catalog.cache import validated as _validated
from ..catalog.model import Catalog
from ..export.deferred import waiting_file
from ..render import PageContext, Rendering, Site, SiteFile, fill_home, start_rendering
from ..render.i18n import translate
from ..render.markup import read_front_matter
from ..render.method_page import render_method
from ..render.ready import Split, split, strip_indentation
from ..render.search import search_entry
from ..render.urls import method_path
from . import chrome, converter, refresh, shares
from .editions import _EDITIONS, Editions
from .ready_headings import HeadingMaker, Lifted, lift
from .ready_markdown import PlaceholderExtension
from .store import Blob, Store, StoredFile

log = get_plugin_logger(__name__)

_UNSET = object()


class CatalogPluginConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Switch the catalog pages off (e.g. for a quick build of the hand-written pages)."""
    catalog = c.Type(str, default="methods")
    """The catalog folder, relative to mkdocs.yml."""
    editions = c.Type(dict, default={})
    """Further language editions built with this one: language code → its configuration file (relative to
    mkdocs.yml), e.g. ``{de: mkdocs.de.yml}``. Each is built after this site into ``<site_dir>/<code>/``, with the
    same catalog (beside it: see ``parallel_editions``); its configuration usually ``INHERIT``s this one and sets ``theme.language``, ``docs_dir`` and ``nav``.
    An edition whose file is ``off`` (or empty) is not built."""
    parallel_editions = c.Type(bool, default=True)
    """Build the further editions in worker processes beside this build (about half the time of a bilingual build
    on two cores, while both builds are held in memory at once); ``false`` builds them one after the other. ``serve``
    always builds them one after the other."""
    parallel_pages = c.Type(bool, default=True)
    """Share the generated pages' Markdown and templates with a helper process where a core is spare (see
    `cxcanon.engines.shares`); ``false`` renders every page in the build's own process, in the further editions too.
    ``serve`` always does."""
    frame_once = c.Type(bool, default=True)
    """Render the parts of the theme's page frame that are the same on many pages (the navigation of pages outside
    it, the table of contents of pages with the same sections, the search box, the interface's translations) once
    per build and language, and spare Material's search plugin its pass over the generated pages it does not index
    (see `cxcanon.engines.chrome`); ``false`` renders them for every page and lets the search plugin pass over
    every page, in the further editions too. The pages come out the same either way."""
    one_converter = c.Type(bool, default=True)
    """Render the generated pages with one Markdown converter per process, reset for each page (see
    `cxcanon.engines.converter`); ``false`` lets MkDocs build one for every page, in the further editions too. The pages
    come out the same either way."""


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
        self.extras: list[tuple[str, Path | str]] = []
        """The generated files that are not pages: site path, and the file in the data folder or the content (`shares.place`)."""
        self.ready: dict[str, Split | Lifted] = {}
        """Generated pages whose ready HTML skips Markdown: put back by ``on_page_content``."""
        self.heading_maker: HeadingMaker | object | None = _UNSET
        """Makes the lifted section headings of generated pages (`ready_headings`); None: the site's Markdown keeps them."""
        self.editions_seen: Editions | None = None
        """The editions of the build, kept for pages rendered again after it (`refresh_methods`)."""
        self.live: tuple[MkDocsConfig, Files, Any, Any] | None = None
        """The last build's configuration, files, navigation and templates (``serve`` renders edited pages with them).

        No ``on_startup`` hook tells a serve from a build: MkDocs keeps one instance of a plugin
        that has one for the whole process, which the language editions' builds would share."""
        self.nav: Any = None
        self.nav_urls: tuple[str, ...] = ()
        """The URLs the navigation links to, relative to the site (`chrome.nav_key`)."""
        self.frame: chrome.Frame | None = None
        """The parts of the page frame that repeat, rendered once in this build (`chrome.install`)."""
        self.search_pass: chrome.SearchPass | None = None
        """Material's search plugin's pass over generated pages it does not index, done here (`chrome.SearchPass`)."""
        self.search_entries: list[dict[str, Any]] | None = None
        """Material's search index entries, when the site uses Material's search: generated pages add theirs."""
        self.edition_jobs: list[tuple[str, Any, Path]] = []
        """Further editions building in worker processes: code, process, the hidden folder it builds into."""
        self.data_folder: tempfile.TemporaryDirectory[str] | None = None
        self.store: Store | None = None
        """The data folder's store of pages waiting to be read (`cxcanon.engines.store`)."""
        self.kept: dict[str, Blob] = {}
        """Where in the store each generated page (and large data file) waits."""
        self.kept_meta: dict[str, dict[str, Any]] = {}
        """The metadata of the pages that wait in the store without their front matter (`StoredFile.meta`)."""
        """Where the exports write the SKOS and citation files during a build: a hidden folder of the site folder
        (MkDocs' cleaning leaves it alone), from which they are moved into place, and where the generated pages wait."""
        self.render_share: shares.RenderShare | None = None
        """The helper process rendering the generated pages' Markdown from the back of their list (`cxcanon.engines.shares`)."""
        self.write_share: shares.WriteShare | None = None
        """The helper process writing a share of the generated pages."""
        self.placing: shares.RenderShare | None = None
        """The Markdown helper, done with its pages, while it puts generated files into the site (waited for in ``on_post_build``)."""
        self.to_park: Page | None = None
        """The generated page rendered last: its HTML is parked once MkDocs has set it (`_park`)."""
        self.parked: dict[str, Blob] = {}
        """Generated pages whose HTML waits in the data folder between rendering and templates."""
        self.fill_later: Rendering | None = None
        """The exports that fill the references into parked pages when they come back (`_unpark`)."""
        self.unfilled: set[str] = set()
        """Parked pages whose references are filled in when they come back."""
        self.converter: converter.SharedConverter | None = None
        """The Markdown converter of this build's generated pages (`cxcanon.engines.converter`); None: one per page."""

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
        _freeze_what_lasts()
        config.markdown_extensions.append(PlaceholderExtension())  # type: ignore[arg-type]  # instances are accepted
        search = config.plugins.get("material/search") or config.plugins.get("search")
        entries = getattr(getattr(search, "search_index", None), "entries", None)
        self.search_entries = entries if isinstance(entries, list) else None
        self.site = _site(config, config_dir, self.catalog_root, self.lang)
        if self.editions:  # the main build: its editions follow its parallel_pages (forked next, or built after it)
            shares.ALLOWED = self.config.parallel_pages
            chrome.ALLOWED = self.config.frame_once
            converter.ALLOWED = self.config.one_converter
        self.converter = converter.SharedConverter() if self.config.one_converter and converter.ALLOWED else None
        self._start_editions(config)
        self._drop_data_folder()
        site_dir = Path(config.site_dir)
        for stale in site_dir.glob(f"{DATA_PREFIX}*"):  # left by a build that was killed
            shutil.rmtree(stale, ignore_errors=True)
        site_dir.mkdir(parents=True, exist_ok=True)
        self.data_folder = tempfile.TemporaryDirectory(prefix=DATA_PREFIX, dir=site_dir)
        self.store = Store(Path(self.data_folder.name, "store"))
        self.kept, self.kept_meta = {}, {}
        store, kept, kept_meta = self.store, self.kept, self.kept_meta

        def keep(path: str, content: str) -> None:
            # A page's front matter is read here, from the lines this package wrote (MkDocs' YAML reader is slower).
            found = read_front_matter(content) if path.endswith(".md") else None
            if found is not None:
                kept_meta[path], content = found
            kept[path] = store.put(content.encode("utf-8"))

        self.rendering = start_rendering(self.catalog, self.site, data_folder=Path(self.data_folder.name, "data"), keep=keep)
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
        if self.config.enabled and self.editions and not self.edition_jobs:
            _EDITIONS[self.catalog_root] = Editions.of_main(self.lang, config, self.editions, self.config_dir)

    def _start_editions(self, config: MkDocsConfig) -> None:
        """Start building the further editions in worker processes, beside this build (see `on_post_build`).

        Each edition builds into a hidden folder of the site folder (MkDocs' cleaning of the site
        folder leaves hidden entries alone), which `on_post_build` renames to ``<code>/``. Forked
        before this build starts its own worker, so the processes share the validated catalog and
        no thread. Not under ``serve`` (its quick refresh renders every edition's pages in this
        process), not on one core or without ``fork``: then the editions build one after the other.
        """
        self._stop_editions()
        if not self.editions or not self.config.parallel_editions:
            return
        if (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return
        if any(name.endswith(".livereload") for name in sys.modules):  # `serve` imports it, `build` does not
            return
        editions = Editions.of_main(self.lang, config, self.editions, self.config_dir)
        _EDITIONS[self.catalog_root] = editions
        site_dir = Path(config.site_dir)
        site_dir.mkdir(parents=True, exist_ok=True)
        context = multiprocessing.get_context("fork")
        shares.BUILDS_AT_ONCE = 1 + len(self.editions)  # the editions' processes share the cores (inherited by each)
        for code in self.editions:
            target = site_dir / f".cxcanon-edition-{code}"
            shutil.rmtree(target, ignore_errors=True)
            job = context.Process(target=_build_edition, args=(editions, code, config, target), name=f"cxcanon-edition-{code}")
            job.start()
            self.edition_jobs.append((code, job, target))

    def _stop_editions(self) -> None:
        if self.edition_jobs:  # this process started them (an edition's own build leaves the count as it inherited it)
            shares.BUILDS_AT_ONCE = 1
        for _code, job, target in self.edition_jobs:
            if job.is_alive():
                job.terminate()
            job.join()
            shutil.rmtree(target, ignore_errors=True)
        self.edition_jobs = []

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if self.catalog is None:
            return files
        docs_dir = Path(config.docs_dir).resolve()
        yaml_of = {method_path(m.id): Path(m.path) for m in self.catalog.methods.values()}
        self.ready = {}
        self.heading_maker = _UNSET
        self.extras = []
        written = frozenset() if self.rendering is None else self.rendering.pending
        for generated in self.generated:
            if files.get_file_from_path(generated.path) is not None:
                raise PluginError(
                    f"cxcanon: docs/{generated.path} collides with a page generated from the catalog; rename or remove the hand-written file"
                )
            blob = self.kept.get(generated.path)  # pages and large data files wait in the store (a large catalog's are never all held)
            where = None
            if self.data_folder is not None and generated.path in written and not generated.is_page:
                # SKOS and citation files, written by the exports
                where = Path(waiting_file(Path(self.data_folder.name, "data"), generated.path))
            if not generated.is_page and generated.path.startswith(ENTRY_FILES):
                # An entry's own files (its citation files, its names' redirects): put into the site by this
                # plugin (`shares.place`), not handed to MkDocs, which would only copy thousands of them.
                content = generated.content if blob is None or self.store is None else self.store.get(blob).decode("utf-8")
                self.extras.append((generated.path, where or content))
                continue
            # Entry pages are reached through search, indexes and links, not the sidebar.
            listed = not generated.is_page or posixpath.basename(generated.path) == "index.md"
            inclusion = InclusionLevel.UNDEFINED if listed else InclusionLevel.NOT_IN_NAV
            if blob is not None and self.store is not None:
                meta = self.kept_meta.pop(generated.path, None)
                file: File = StoredFile.kept(config, generated.path, self.store, blob, meta, inclusion=inclusion)
            elif where is not None:
                file = File.generated(config, generated.path, abs_src_path=str(where), inclusion=inclusion)
            else:
                file = File.generated(config, generated.path, content=generated.content, inclusion=inclusion)
            if self.rendering is not None and generated.path in self.rendering.pending:
                self.pending[generated.path] = file
            source = yaml_of.get(generated.path)
            if source is not None:
                # Material's own edit button then opens the YAML file, not a page that does not exist.
                file.edit_uri = posixpath.normpath(os.path.relpath(self.catalog_root / source.name, docs_dir).replace(os.sep, "/"))
            files.append(file)
        # The pages' contents now live in their files: the lists need only their paths.
        self.generated = [SiteFile(f.path, "") for f in self.generated]
        if self.rendering is not None:
            self.rendering.files = []
        return files

    @event_priority(-100)  # last: the navigation is final, MkDocs renders the pages next
    def on_nav(self, nav: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        self.nav = nav
        self.render_share = None
        if self.catalog is not None and self.config.parallel_pages and shares.ALLOWED and shares.cores_for_pages() > 1:
            generated = [f.src_uri for f in files.documentation_pages() if f.src_uri in self.generated_pages]
            if len(generated) >= shares.MIN_PAGES and self.store is not None:
                autolinker = _autolinker(config)

                def render(file: File) -> shares.Rendered:  # runs in the helper
                    page = shares.render_page(file, config, files, self.converter)
                    ready = self.ready.pop(file.src_uri, None)
                    mentions = None
                    if autolinker is not None:
                        mentions, autolinker.last = autolinker.last, None
                    return shares.Rendered.of(page, _filled(ready, page.content, page), mentions)

                self.store.flush()  # the helper reads the pages from the store
                extras, self.extras = shares.Extras(self.extras), []  # the helper puts some into the site after its pages
                done = self.rendering.exports.written if self.rendering is not None else None
                self.render_share = shares.RenderShare.start(generated, config, files, render, self.store.path.parent, extras, done)
                log.debug(f"the Markdown of the last of {len(generated)} generated pages is rendered in a helper process")
        return nav

    @event_priority(-100)  # last: the other plugins' build-wide steps (cross-references, "Mentioned on") are done
    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        """Every page is rendered: fill in the citations and SKOS files the worker made meanwhile; share the writing."""
        self.frame = self.search_pass = None
        if self.config.enabled and self.config.frame_once and chrome.ALLOWED:
            self.frame = chrome.install(env)
            search = config.plugins.get("material/search") or config.plugins.get("search")
            self.search_pass = chrome.SearchPass() if search is not None and chrome.SearchPass.applies(search) else None
            self.nav_urls = tuple(_nav_urls(self.nav.items if self.nav is not None else []))
        if self.catalog is not None:  # for `serve`: the quick refresh of an edited method's page (see `refresh`)
            self.live = (config, files, self.nav, env)
            refresh.LIVE.setdefault(self.catalog_root, {})[self.lang] = self
        self._park()
        if self.rendering is None:
            return env
        self.rendering.exports.finish()  # SKOS and citation files are in the data folder now; the pages are rendered
        self.unfilled = {path for path in self.pending if path in self.parked}  # filled in when they come back
        self.fill_later = self.rendering if self.unfilled else None
        for path, file in self.pending.items():
            if path not in self.unfilled and file.page is not None and file.page.content is not None:
                file.page.content = self.rendering.fill(file.page.content)
        self.rendering, self.pending = None, {}
        extras, self.extras = self.extras, []
        if self.render_share is not None:
            self.render_share.finish()
            pages = shares.pick([f for f in files.documentation_pages() if f.src_uri in self.generated_pages], shares.WRITE_SHARE)
            if self.store is not None:
                self.store.flush()  # the helper reads its parked pages from the store
            claims = self.render_share.extras or shares.Extras(extras)
            compiled = chrome.compile_ahead(env, ["main.html", *config.theme.static_templates])  # not again in the helper
            log.debug(f"{compiled} templates compiled before the writing helper starts")
            self.write_share = shares.WriteShare.start(pages, claims, config, files, self.nav, env)
            self.placing, self.render_share = self.render_share, None  # still putting files into the site
            for file in pages:  # written by the helper: not held here
                if file.page is not None:
                    _release(file.page)
            log.debug(
                f"{len(pages)} generated pages are written by a helper process; {claims.count} other generated files"
                " are put into the site by the helpers and this build"
            )
        elif self.edition_jobs and self.config.parallel_pages and shares.ALLOWED and extras:
            # The editions take the cores, but this one also has the entries' own files to put into
            # the site: a helper starts on them now, and the build takes what is left after its pages.
            # The other editions finish first; the helper then has their core.
            self.write_share = shares.WriteShare.start([], shares.Extras(extras), config, files, self.nav, env)
            log.debug(f"the {len(extras)} generated files that are not pages are put into the site by a helper process, with this build")
        else:
            shares.place(Path(config.site_dir), extras)
        return env

    def on_build_error(self, *, error: Exception) -> None:
        for helper in (self.render_share, self.placing):
            if helper is not None:
                helper.stop()
        if self.write_share is not None:
            self.write_share.cancel()
        self.render_share = self.placing = None
        self.write_share = None
        if self.rendering is not None:
            self.rendering.exports.cancel()
            self.rendering, self.pending = None, {}
        self._drop_data_folder()
        self._stop_editions()
        gc.unfreeze()  # frozen in on_config (`_freeze_what_lasts`)

    def _drop_data_folder(self) -> None:
        self.to_park, self.parked, self.unfilled, self.fill_later = None, {}, set(), None
        if self.store is not None:
            self.store.close()
            self.store = None
        self.kept, self.kept_meta = {}, {}
        if self.data_folder is not None:
            self.data_folder.cleanup()
            self.data_folder = None

    def on_pre_page(self, page: Page, /, *, config: MkDocsConfig, files: Files) -> Page | None:
        """A page the helper renders is neither read nor converted here: ``on_page_content`` takes its result."""
        if self.render_share is not None and self.render_share.takes(page.file.src_uri):
            shares.rendered_elsewhere(page)
        elif self.converter is not None and page.file.src_uri in self.generated_pages:
            self.converter.use_for(page)
        return page

    @event_priority(100)  # first: every plugin reads the page's metadata as MkDocs would have read it
    def _meta_read_already(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """A generated page stored without its front matter gets the metadata read from it (`StoredFile.meta`)."""
        meta = getattr(page.file, "meta", None)
        if meta is not None:
            page.meta = copy.deepcopy(meta)
        return markdown

    def _page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """A generated page's HTML blocks leave its Markdown (``on_page_content`` puts them back); the home page's counts."""
        self._park()
        if self.catalog is None:
            return markdown
        if self.render_share is not None and self.render_share.takes(page.file.src_uri):
            return markdown  # rendered by the helper (empty here): its result is taken in on_page_content
        if page.file.src_uri in self.generated_pages:
            ready = split(markdown)
            if not ready.fragments:
                return markdown
            if self.heading_maker is _UNSET:  # every plugin has added its Markdown extensions by now
                self.heading_maker = HeadingMaker.for_site(config.markdown_extensions, config.mdx_configs)
            maker = self.heading_maker
            prepared = (lift(ready, maker) if isinstance(maker, HeadingMaker) else None) or ready
            self.ready[page.file.src_uri] = prepared
            return prepared.markdown
        if page.file.src_uri != "index.md":
            return markdown
        return fill_home(markdown, PageContext(self.catalog, self.site, "index.md"))

    on_page_markdown = CombinedEvent(_meta_read_already, _page_markdown)

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """Put the ready HTML of a generated page back in place of its placeholders; index the page by its names."""
        if self.render_share is not None and self.render_share.takes(page.file.src_uri):
            rendered = self.render_share.result(page.file.src_uri)
            html = rendered.apply(page, files)
            autolinker = _autolinker(config)
            if autolinker is not None:
                autolinker.last = rendered.extra
        if page.file.src_uri in self.generated_pages and self.search_entries is not None:
            entry = search_entry(page.url, page.meta, page.title)
            if entry is not None:
                self.search_entries.append(entry)
            page.meta["search"] = {"exclude": True}  # Material's search need not parse the page's HTML
        ready = self.ready.pop(page.file.src_uri, None)
        if page.file.src_uri in self.generated_pages:
            # Rendered: the page's Markdown is not needed again. A large catalog's build holds every
            # page's HTML until it writes them; their Markdown need not be held besides.
            page.markdown = ""  # not None: MkDocs takes that for "not read yet" and drops the title
            page.file.content_string = ""
            self.to_park = page
        return _filled(ready, html, page)

    def _park(self) -> None:
        """Move the last generated page's HTML and table of contents to the store until its templates are rendered (`_unpark`).

        MkDocs renders every page's Markdown before it renders any page's templates and holds all
        their HTML in between: a large catalog's largest cost in memory. A page's HTML is final
        only after every plugin's ``on_page_content``, so it is parked when the next page starts
        (and in ``on_env``, after the last). Build-wide steps in between see an empty page: the
        references are filled in when it comes back; cross-references (mkdocs-autorefs) do not
        occur on generated pages. Its anchors stay (MkDocs checks links to them after writing).
        """
        page, self.to_park = self.to_park, None
        if page is None or not page.content or self.store is None:
            return
        self.parked[page.file.src_uri] = self.store.put(pickle.dumps((page.content, page.toc), protocol=pickle.HIGHEST_PROTOCOL))
        page.content = ""
        page.toc = type(page.toc)([])

    def _unpark(self, page: Page) -> None:
        """Bring a parked page's HTML back, with its references filled in."""
        path = page.file.src_uri
        blob = self.parked.pop(path, None)
        if blob is None or self.store is None:
            return
        html, page.toc = pickle.loads(self.store.get(blob))  # written by this build (`_park`)
        if path in self.unfilled and self.fill_later is not None:
            self.unfilled.discard(path)
            html = self.fill_later.fill(html)
        page.content = html

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        """Every page without its templates' indentation: a tenth of a method page's size."""
        if self.catalog is None:
            return output
        if page.file.src_uri in self.generated_pages:
            _release(page)  # written next
        return strip_indentation(output)

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.config.enabled:
            server.watch(str(self.catalog_root))
            for edition in self.editions.values():
                server.watch(str(self.config_dir / edition))
            refresh.FastRefresh(server, self.catalog_root, lambda root: _validated(root)[0])
        return server

    def refresh_methods(self, result: LoadResult, method_ids: list[str]) -> None:
        """Render the pages of ``method_ids`` again from ``result``'s catalog, with the last build's navigation and templates."""
        if self.live is None or result.catalog is None:
            return
        config, files, nav, env = self.live
        build, pages = refresh.engine_modules(config)
        self.catalog = result.catalog
        for method_id in method_ids:
            path = method_path(method_id)
            old = files.get_file_from_path(path)
            if old is None:
                continue
            content = render_method(PageContext(result.catalog, self.site, path, self.lang), result.catalog.methods[method_id])
            file = File.generated(config, path, content=content, inclusion=old.inclusion)
            file.edit_uri = old.edit_uri
            page = pages.Page(None, file, config)
            build._populate_page(page, config, files)
            build._build_page(page, config, files.documentation_pages(), nav, env)

    @event_priority(100)  # first: a parked page's HTML is back before other plugins read it
    def _page_back(self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        """Bring back a parked page's HTML; point the language switcher and the ``hreflang`` links at this page in the other editions."""
        self._unpark(page)
        context[chrome.NAV_KEY] = chrome.nav_key(page.url, self.nav_urls) if self.frame is not None else None
        editions = _EDITIONS.get(self.catalog_root) or self.editions_seen
        if editions is not None and self.catalog is not None:
            self.editions_seen = editions
            config.extra["alternate"] = editions.alternates(page.file.src_uri, self.generated_pages)
        if self.search_pass is not None and page.file.src_uri in self.generated_pages:
            self.search_pass.hide(page)  # Material's search plugin, next, passes over nothing
        return context

    @event_priority(-100)  # last: after Material's search plugin and the autolinker's "Mentioned on"
    def _page_whole(self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        if self.search_pass is not None:
            self.search_pass.restore(page)
        return context

    on_page_context = CombinedEvent(_page_back, _page_whole)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Build the further language editions into ``<site_dir>/<code>/``, one after the other."""
        if self.write_share is not None:
            share, self.write_share = self.write_share, None
            share.finish()
        if self.placing is not None:
            placing, self.placing = self.placing, None
            placing.wait()
        if self.frame is not None:
            log.debug(
                f"{len(self.frame.rendered)} parts of the page frame rendered once and repeated {self.frame.repeated} times, in this process"
            )
        self._drop_data_folder()  # its files are in the site now
        gc.unfreeze()  # frozen in on_config (`_freeze_what_lasts`)
        _spare_the_last_collection()
        editions = _EDITIONS.get(self.catalog_root)
        if not self.config.enabled or not self.editions or editions is None:
            return
        try:
            if self.edition_jobs:
                failed = []
                for code, job, target in self.edition_jobs:
                    job.join()
                    if job.exitcode != 0:
                        failed.append(code)
                        continue
                    final = Path(config.site_dir) / code
                    shutil.rmtree(final, ignore_errors=True)
                    target.rename(final)
                if failed:
                    raise PluginError(f"cxcanon: the {', '.join(failed)} edition failed to build; its messages are above")
                return
            for code in self.editions:
                editions.build(code, config)
        finally:
            self._stop_editions()
            _EDITIONS.pop(self.catalog_root, None)
            shares.ALLOWED = True
            chrome.ALLOWED = True
            converter.ALLOWED = True


def _filled(ready: Split | Lifted | None, html: str, page: Page) -> str:
    """A generated page's HTML with its ready HTML (and lifted headings) back in place."""
    if ready is None:
        return html
    if isinstance(ready, Split):
        return ready.fill(html)
    try:
        return ready.fill(html, page)
    except ValueError as error:
        raise PluginError(f"cxcanon: {page.file.src_uri}: {error}") from None


def _nav_urls(items: list[Any]) -> Any:
    """The URL of every page and link in the navigation, sections unfolded."""
    for item in items:
        if getattr(item, "url", None) is not None:
            yield item.url
        yield from _nav_urls(getattr(item, "children", None) or [])


def _build_edition(editions: Editions, code: str, main_config: MkDocsConfig, site_dir: Path) -> None:
    """In a worker process: build one further edition; a failure is logged (no traceback) and ends the process with 1."""
    try:
        editions.build(code, main_config, site_dir=site_dir)
    except Exception as error:  # reported to the reader as a message; the main build then fails
        log.error(f"cxcanon: the {code} edition: {error}")
        sys.exit(1)


def _freeze_what_lasts() -> None:
    """Leave what lives as long as the build out of the garbage collector's full walks (until ``on_post_build``).

    By the time the catalog is validated, the process holds every module, the configuration
    and the catalog: hundreds of thousands of objects that stay to the end. Each full walk of
    the collector went over all of them, about half a second of the build process's time at
    2,000 methods; frozen, they are left out (the walks then took half as long), and the helper
    processes forked later share their memory pages without touching them. ``serve`` unfreezes
    them after each build, so that nothing of one build outlives the next.
    """
    gc.freeze()


_SPARING = False


def _spare_the_last_collection() -> None:
    """At the end of the process, spare the garbage collector its last walk over everything a build left.

    A large catalog's build leaves hundreds of thousands of objects (pages, navigation,
    templates) that point at each other. When the process ends, the collector would walk them
    all once more only to free them (about half a second at 2,000 methods, after the site is
    written). Frozen just before, they are freed with the process. Registered once, on the
    first finished build: builds in one long-running process (``serve``, tests) collect as
    usual in between.
    """
    global _SPARING
    if not _SPARING:
        _SPARING = True
        atexit.register(gc.freeze)


DATA_PREFIX = ".cxcanon-data-"


ENTRY_FILES = ("methods/", "terms/")
"""Generated files (not pages) in these folders belong to one entry each and are put into the site by the plugin;
the site-wide data files (``api/``, ``assets/``) go through MkDocs, so that hand-written pages can link them."""


def _release(page: Page) -> None:
    """Let go of what a written generated page held: its HTML, table of contents and front matter (but its title).

    MkDocs keeps every page to the end of the build; what is left is what the build-wide steps after
    writing read (the title, for the mentions report; the anchors, for MkDocs' link checks).
    """
    page.content = ""
    page.toc = type(page.toc)([])
    page.meta = {"title": page.meta["title"]} if "title" in page.meta else {}


def _autolinker(config: MkDocsConfig) -> Any:
    """The ``cxcanon-autolink`` plugin's Markdown extension, when the site uses it (its mentions travel with a shared page)."""
    return getattr(config.plugins.get("cxcanon-autolink"), "extension", None)


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
