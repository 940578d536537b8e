"""Every export file of a site build, as ``(docs path, content)`` pairs.

The JSON Schemas of the API are published beside it (``api/v1/schema/``).

The citation files sit beside each method page (``methods/<id>/cite.json``,
``cite.ris``, ``cite.bib``); the catalog-wide files under ``api/v1/``. The
JSON API's ``methods.json`` and ``terms.json`` come from [cxcanon.export.api][].
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from ..catalog.model import Catalog
from ..catalog.schema import schema_dir
from .api import API_PREFIX
from .citations import cite_files
from .researchers import researchers_json
from .skos import skos_graph, to_jsonld, to_turtle


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


def each_data_file(catalog: Catalog, site_url: str | None) -> Iterator[tuple[str, str]]:
    """The SKOS files, then every method's citation files, one at a time: a writer holds one file at a time
    (and the SKOS graph only while it serialises it); at 2,000 methods they are about 40 MB of text."""
    graph = skos_graph(catalog, site_url)
    yield SKOS_PATHS[0], to_jsonld(graph)
    yield SKOS_PATHS[1], to_turtle(graph)
    del graph
    for method in catalog.methods.values():
        yield from cite_files(catalog, method, site_url).items()


def skos_files(catalog: Catalog, site_url: str | None) -> list[tuple[str, str]]:
    """``catalog.jsonld`` and ``catalog.ttl``: the catalog as a SKOS concept scheme, from one graph."""
    graph = skos_graph(catalog, site_url)
    return [(SKOS_PATHS[0], to_jsonld(graph)), (SKOS_PATHS[1], to_turtle(graph))]
