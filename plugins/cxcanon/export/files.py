"""Every export file of a site build, as ``(docs path, content)`` pairs.

The JSON Schemas of the API are published beside it (``api/v1/schema/``).

The citation files sit beside each method page (``methods/<id>/cite.json``,
``cite.ris``, ``cite.bib``); the catalog-wide files under ``api/v1/``. The
JSON API's ``methods.json`` and ``terms.json`` come from [cxcanon.export.api][].
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator

from ..catalog.model import Catalog
from ..catalog.schema import schema_dir
from .api import API_PREFIX
from .citations import cite_files
from .researchers import researchers_json
from .skos import jsonld_chunks, skos_graph, to_jsonld, to_turtle


class FileWriter:
    """Writes many small files into one folder tree: each folder is made once, each file in one system call.

    A large catalog's build writes about ten thousand citation files and term redirects; through
    `pathlib` each cost a third more, and making its folder again each time as much once more.
    """

    def __init__(self) -> None:
        self.made: set[str] = set()

    def write(self, path: str, content: str | bytes | Iterable[str]) -> None:
        """Write ``content`` (text as UTF-8, or text in pieces) to ``path``, making its folder if need be."""
        self.folder(path)
        if not isinstance(content, (str, bytes)):
            with open(path, "w", encoding="utf-8", newline="") as out:
                out.writelines(content)
            return
        data = content.encode("utf-8") if isinstance(content, str) else content
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o666)
        try:
            view = memoryview(data)
            while view:  # os.write may write less than asked
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)

    def folder(self, path: str) -> None:
        """Make the folder of ``path`` (once) without writing it: a file moved there next."""
        folder = os.path.dirname(path)
        if folder not in self.made:
            os.makedirs(folder, exist_ok=True)
            self.made.add(folder)


def json_text(data: object) -> str:
    """JSON as the site publishes it: UTF-8, two-space indent, trailing newline."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


API_SCHEMAS = "api"
"""The folder of the exports' JSON Schemas inside the catalog's schema folder (``methods/schema/api/``)."""


def api_schemas() -> list[tuple[str, str]]:
    """The exports' JSON Schemas as published under ``api/v1/schema/``."""
    folder = schema_dir() / API_SCHEMAS
    return [(f"{API_PREFIX}schema/{path.name}", path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.schema.json"))]


SKOS_PATHS = (f"{API_PREFIX}catalog.jsonld", f"{API_PREFIX}catalog.ttl")
"""Where the SKOS files go (see `skos_files`)."""


def export_files(catalog: Catalog, site_url: str | None, *, skos: bool = True, cites: bool = True) -> list[tuple[str, str]]:
    """``researchers.json``, ``catalog.ttl``, ``catalog.jsonld``, the JSON Schemas and each method's citation files, sorted by path.

    ``skos=False`` and ``cites=False`` leave out the two SKOS files and the citation files, for a
    caller that has them made elsewhere (`cxcanon.export.deferred`).
    """
    files = [*api_schemas(), (f"{API_PREFIX}researchers.json", json_text(researchers_json(catalog, site_url)))]
    if skos:
        files.extend(skos_files(catalog, site_url))
    if cites:
        files.extend(all_cite_files(catalog, site_url))
    return sorted(files)


def all_cite_files(catalog: Catalog, site_url: str | None) -> list[tuple[str, str]]:
    """Every method's citation files (CSL-JSON, RIS, BibTeX) as ``(docs path, content)``."""
    return [item for method in catalog.methods.values() for item in cite_files(catalog, method, site_url).items()]


def each_data_file(catalog: Catalog, site_url: str | None) -> Iterator[tuple[str, str | Iterable[str]]]:
    """The SKOS files, then every method's citation files, one at a time: a writer holds one file at a time
    (and the SKOS graph only while it serialises it); at 2,000 methods they are about 40 MB of text."""
    graph = skos_graph(catalog, site_url)
    yield SKOS_PATHS[0], jsonld_chunks(graph)  # written piece by piece: the largest file
    yield SKOS_PATHS[1], to_turtle(graph)
    del graph
    for method in catalog.methods.values():
        yield from cite_files(catalog, method, site_url).items()


def skos_files(catalog: Catalog, site_url: str | None) -> list[tuple[str, str]]:
    """``catalog.jsonld`` and ``catalog.ttl``: the catalog as a SKOS concept scheme, from one graph."""
    graph = skos_graph(catalog, site_url)
    return [(SKOS_PATHS[0], to_jsonld(graph)), (SKOS_PATHS[1], to_turtle(graph))]
