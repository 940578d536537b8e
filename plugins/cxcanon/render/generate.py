"""``render_site``: every generated file of the site from one validated catalog."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..catalog.model import Catalog, Method
from ..export.api import API_PREFIX, methods_json, terms_json
from ..export.citations import LOCALES, cite_paths
from ..export.deferred import DeferredExports, start_exports
from ..export.files import SKOS_PATHS, export_files
from ..linking.checker import checker_data
from ..linking.matcher import shared_matcher
from .check_page import CHECK_DATA_PATH, CHECK_PATH, render_check
from .compare import COMPARE_INDEX_PATH, clusters, compare_path, render_compare_index, render_comparison
from .i18n import translate
from .indexes import render_categories, render_names, render_researchers, render_timeline
from .markup import text
from .method_page import render_method
from .researcher_page import render_researcher
from .search import BEST_BETS_PATH, best_bets
from .site import PageContext, Site, SiteFile
from .term_pages import redirect_page, render_disambiguation, render_redirect, term_groups, term_url
from .urls import (
    CATEGORIES_PATH,
    NAMES_PATH,
    RESEARCHERS_PATH,
    TIMELINE_PATH,
    disambiguation_path,
    method_path,
    page_url,
    redirect_path,
    researcher_path,
)


def _former_id_redirect(site: Site, path: str, method: Method, lang: str) -> SiteFile:
    """The page at a method's former id (or the term URL of that id): "this entry moved"."""
    name = (method.name_de or method.name) if lang == "de" else method.name
    title = translate(lang, "{name} · moved", name=text(name))
    return redirect_page(site, path, method, title, translate(lang, "This entry moved to "), lang)


def render_site(catalog: Catalog, site: Site | None = None) -> list[SiteFile]:
    """Pages, term redirects and the JSON API, sorted by path; the same list for every generator."""
    return start_rendering(catalog, site).finish()


@dataclass(slots=True)
class Rendering:
    """A site rendered but for its slow exports, which a worker process may still be computing.

    ``files`` is what `render_site` returns, except that until `finish` a
    method page holds a token for each APA reference it cites and the files in
    ``pending`` are empty. A generator that renders the pages itself (the MkDocs
    plugin) goes on with ``files`` and calls `finish` before it writes anything.
    """

    files: list[SiteFile]
    pending: frozenset[str]
    """Paths whose content is not final until `finish`."""
    exports: DeferredExports
    kept: frozenset[str] = frozenset()
    """Paths handed to ``keep`` as they were rendered (their `SiteFile` is empty; see `start_rendering`)."""

    def finish(self) -> list[SiteFile]:
        """Every file, final: wait for the worker, fill in the references and the SKOS files."""
        late = dict(self.exports.finish())
        return [SiteFile(f.path, late[f.path] if f.path in late else self.fill(f.content)) for f in self.files]

    def fill(self, text: str) -> str:
        """Text rendered from a pending page (Markdown or its HTML) with the references filled in."""
        return self.exports.fill(text)


def start_rendering(
    catalog: Catalog, site: Site | None = None, *, data_folder: Path | None = None, keep: Callable[[str, str], None] | None = None
) -> Rendering:
    """Render the site; its citations and SKOS files are computed meanwhile (see `Rendering`).

    With ``data_folder``, the SKOS and citation files are written there instead of held (their
    `SiteFile` stays empty; a generator copies them from the folder once `Rendering.finish` returns).
    With ``keep``, each page is handed to ``keep(path, content)`` as soon as it is rendered, and so
    is each large data file (the JSON API); their `SiteFile` stays empty, so that a large catalog's
    pages are never all held at once. `Rendering.kept` lists them.
    """
    site = site or Site()
    # Citations and SKOS take longer than all the pages: a worker process starts on them now.
    # The data files are the main edition's; the references on German pages use the German CSL locale.
    exports = start_exports(catalog, site.site_url, skos=site.lang == "en", locale=LOCALES.get(site.lang), folder=data_folder)
    try:
        return _render(catalog, site, exports, keep)
    except BaseException:
        exports.cancel()
        raise


KEEP_CHARS = 64_000
"""Data files at least this long are handed to ``keep`` too (see `start_rendering`); the many small ones stay in the list."""


class _Kept(list[SiteFile]):
    """The rendered files; each page (and each large data file) is handed on as it comes (see `start_rendering`)."""

    def __init__(self, keep: Callable[[str, str], None]) -> None:
        super().__init__()
        self.keep = keep
        self.kept: set[str] = set()

    def append(self, file: SiteFile) -> None:
        if not file.is_page and len(file.content) < KEEP_CHARS:
            super().append(file)
            return
        self.keep(file.path, file.content)
        self.kept.add(file.path)
        super().append(SiteFile(file.path, ""))

    def extend(self, files: Iterable[SiteFile]) -> None:
        for file in files:
            self.append(file)


def _render(catalog: Catalog, site: Site, exports: DeferredExports, keep: Callable[[str, str], None] | None = None) -> Rendering:
    files: list[SiteFile] = [] if keep is None else _Kept(keep)
    pending: set[str] = set()

    def ctx(path: str) -> PageContext:
        return PageContext(catalog, site, path, site.lang)

    for method in catalog.methods.values():
        path = method_path(method.id)
        files.append(SiteFile(path, render_method(ctx(path), method)))
        if exports.pending:
            pending.add(path)
    for researcher in catalog.researchers.values():
        path = researcher_path(researcher.id)
        files.append(SiteFile(path, render_researcher(ctx(path), researcher)))
    groups = term_groups(catalog)
    for group in groups:
        path = term_url(group)
        if path.endswith(".md"):
            files.append(SiteFile(path, render_disambiguation(ctx(path), group)))
        else:
            files.append(render_redirect(site, group, catalog.methods[group.method_ids[0]], site.lang))
    taken = {f.path for f in files}
    for old_id, new_id in catalog.former_ids.items():
        method = catalog.methods[new_id]
        files.append(_former_id_redirect(site, f"methods/{old_id}/index.html", method, site.lang))
        # A cited old id also works as a term: /terms/<old-id>/ (unless a real term has that slug).
        if redirect_path(old_id) not in taken and disambiguation_path(old_id) not in taken:
            files.append(_former_id_redirect(site, redirect_path(old_id), method, site.lang))
    files.append(SiteFile(NAMES_PATH, render_names(ctx(NAMES_PATH), groups)))
    files.append(SiteFile(CATEGORIES_PATH, render_categories(ctx(CATEGORIES_PATH))))
    files.append(SiteFile(RESEARCHERS_PATH, render_researchers(ctx(RESEARCHERS_PATH))))
    files.append(SiteFile(TIMELINE_PATH, render_timeline(ctx(TIMELINE_PATH))))
    files.append(SiteFile(CHECK_PATH, render_check(ctx(CHECK_PATH))))
    for cluster in clusters(catalog):
        path = compare_path(cluster)
        files.append(SiteFile(path, render_comparison(ctx(path), cluster)))
    files.append(SiteFile(COMPARE_INDEX_PATH, render_compare_index(ctx(COMPARE_INDEX_PATH))))
    checker = checker_data(
        catalog, shared_matcher(catalog), lang=site.lang, url=lambda mid: page_url(method_path(mid), directory_urls=site.directory_urls)
    )
    files.append(SiteFile(CHECK_DATA_PATH, json.dumps(checker, ensure_ascii=False, separators=(",", ":")) + "\n"))
    files.append(
        SiteFile(
            BEST_BETS_PATH, json.dumps(best_bets(catalog, directory_urls=site.directory_urls, lang=site.lang), ensure_ascii=False) + "\n"
        )
    )
    if site.lang == "en":  # the data files are published once, at the site root, in both languages
        files.append(SiteFile(f"{API_PREFIX}methods.json", _json(methods_json(catalog, site.site_url))))
        files.append(SiteFile(f"{API_PREFIX}terms.json", _json(terms_json(catalog))))
        files.extend(SiteFile(path, content) for path, content in export_files(catalog, site.site_url, skos=False, cites=False))
        # Made meanwhile by the exports' worker (or at once), filled in by finish():
        late = [*SKOS_PATHS, *(path for method in catalog.methods.values() for path in cite_paths(method.id))]
        files.extend(SiteFile(path, "") for path in late)
        pending.update(late)
    kept = frozenset(files.kept) if isinstance(files, _Kept) else frozenset()
    return Rendering(sorted(files, key=lambda f: f.path), frozenset(pending), exports, kept)


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
