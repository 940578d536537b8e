"""The slow exports of a build, computed by a worker process while the pages render.

Formatting the APA references (citeproc-py takes about 5 ms a reference) and
serialising the SKOS graph (which quotes some of them) take longer than
rendering every page of the catalog. None of it is needed until the build
writes its files, so `start_exports` forks one worker process that does
it, and the build goes on rendering on the other core. Until
`DeferredExports.finish`, a method page carries a token in place of each
reference it cites and of the BibTeX in its "Cite this" block (the worker
writes each record's BibTeX once, for the pages and the citation files);
`DeferredExports.fill` swaps the tokens for the references. The result is
byte for byte what formatting up front gives (a test holds the two together).

Small catalogs, machines with one core and platforms without ``fork`` do it
all at once, in this process: then no token is ever handed out.

With a ``folder``, the SKOS and citation files are written there (by the worker, or
at once) instead of coming back as strings: a build then copies them to the site
and never holds them (at 2,000 methods they are about 40 MB of text). Each waits
there under its site path as one file name (`waiting_file`): no folder per method
to make, and none to remove once the files have moved into the site.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from ..catalog.model import Catalog
from . import citations
from .files import FileWriter, all_cite_files, each_data_file, skos_files

__all__ = ["DeferredExports", "start_exports", "waiting_file", "waiting_path"]

DEFER_FROM = 40
"""From this many references to format, the work goes to a worker process."""

_MARK = "CXCANONAPA"
_BIBTEX_MARK = "CXCANONBIB"
_TOKEN = re.compile(r"CXCANON(APA|BIB)(\d+)PENDING")
"""A token: one word (the linker never splits it), nothing Markdown, HTML, JSON or Turtle would escape; an APA
reference's or a record's BibTeX."""

_JOB: tuple[Catalog, str | None, list[str], bool, Path | None, Any] | None = None
"""What the forked worker is to do (catalog, site URL, record keys, data files too, their folder, the event it sets once
they are written); set just before the fork, so the worker inherits it."""


class DeferredExports:
    """The APA references, SKOS and citation files of one catalog, formatted now or by a worker process."""

    def __init__(
        self, catalog: Catalog, site_url: str | None, skos: bool = True, locale: str | None = None, folder: Path | None = None
    ) -> None:
        # ``skos``: also the data files published once per site, the SKOS files and every method's citation files;
        # ``folder``: write those there (see the module docstring).
        global _JOB
        self._future: Future[tuple[list[str], list[str], list[tuple[str, str]]]] | None = None
        self._pool: ProcessPoolExecutor | None = None
        self._skos: list[tuple[str, str]] | None = None
        self._written: Any = None
        self._bibtex: list[str] = []
        """Each record's BibTeX (escaped for a page), in the order of the record keys: from the worker."""
        todo = citations.unformatted(catalog, site_url, locale)
        if len(todo) >= DEFER_FROM and (os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods():
            citations.apa_style(locale)  # parse the style once, before forking, so the worker inherits it
            self._written = multiprocessing.get_context("fork").Event()
            _JOB = (catalog, site_url, todo, skos, folder, self._written)
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
            self._future = self._pool.submit(_work)
            _JOB = None
            self._keys = todo
            citations.defer(
                {key: f"{_MARK}{index}PENDING" for index, key in enumerate(todo)},
                {key: f"{_BIBTEX_MARK}{index}PENDING" for index, key in enumerate(todo)},
            )
        else:
            self._skos = _data_files(catalog, site_url, folder) if skos else []
            self._keys = []

    def written(self) -> bool:
        """Whether the data files are in the folder already: written at once, or by a worker that is done with them.

        A process forked from the build after this object was made may ask too (the worker tells
        every such process at once).
        """
        return self._written is None or self._written.is_set()

    @property
    def pending(self) -> bool:
        """True until `finish`, when a worker formats the references."""
        return self._future is not None

    def finish(self) -> list[tuple[str, str]]:
        """Wait for the worker (if any); the SKOS and citation files as ``(docs path, content)`` (none: written to the folder)."""
        if self._future is not None:
            try:
                rendered, self._bibtex, self._skos = self._future.result()
            finally:
                citations.defer({})
                if self._pool is not None:
                    self._pool.shutdown()
                self._future = self._pool = None
            # In the order of the keys this process holds already: a large catalog's record keys are
            # megabytes of JSON, not worth a second copy from the worker.
            citations.remember(dict(zip(self._keys, rendered, strict=True)))
        assert self._skos is not None
        return self._skos

    def fill(self, text: str) -> str:
        """``text`` with every token replaced by its reference (HTML); call after `finish`."""
        if _MARK not in text and _BIBTEX_MARK not in text:
            return text
        keys, bibtex = self._keys, self._bibtex

        def filled(found: re.Match[str]) -> str:
            index = int(found.group(2))
            return citations.apa_html(keys[index]) if found.group(1) == "APA" else bibtex[index]

        return _TOKEN.sub(filled, text)

    def cancel(self) -> None:
        """Stop waiting for the worker (a failed build); tokens are no longer handed out."""
        citations.defer({})
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        self._future = self._pool = None


def start_exports(
    catalog: Catalog, site_url: str | None, *, skos: bool = True, locale: str | None = None, folder: Path | None = None
) -> DeferredExports:
    """Start formatting the catalog's references (in ``locale``) and, unless ``skos`` is false, SKOS files (see the module docstring)."""
    return DeferredExports(catalog, site_url, skos, locale, folder)


def _work() -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """In the worker: every reference and BibTeX of the job (in its order), then the SKOS files (which quote some of the
    references) and the citation files."""
    assert _JOB is not None
    catalog, site_url, todo, skos, folder, written = _JOB
    citations.defer({})
    rendered = [citations.apa_html(key) for key in todo]
    entries = [citations.bibtex_html(json.loads(key)) for key in todo]  # the citation files reuse each record's entry
    files = _data_files(catalog, site_url, folder) if skos else []
    written.set()
    return rendered, entries, files


def waiting_file(folder: Path | str, path: str) -> str:
    """Where the data file with site path ``path`` waits in ``folder``: the path as one name (``api%2Fv1%2Fcatalog.ttl``)."""
    return os.path.join(folder, quote(path, safe=""))


def waiting_path(name: str) -> str:
    """The site path of a file waiting in a data folder under ``name`` (the inverse of `waiting_file`)."""
    return unquote(name)


def _data_files(catalog: Catalog, site_url: str | None, folder: Path | None = None) -> list[tuple[str, str]]:
    """The SKOS and citation files; with ``folder``, written there (and none returned)."""
    if folder is None:
        return skos_files(catalog, site_url) + all_cite_files(catalog, site_url)
    writer = FileWriter()
    for path, content in each_data_file(catalog, site_url):  # written as made: never all held
        writer.write(waiting_file(folder, path), content)
    return []
