"""The JSON API: ``/api/v1/methods.json`` and ``/api/v1/terms.json`` as plain data.

Field names follow the data contract in DESIGN.md; consumers depend on them.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from ..catalog.model import Catalog, Method, Source, Text

API_PREFIX = "api/v1/"


def method_url(method_id: str, site_url: str | None) -> str:
    """The permalink of a method page (site-relative without a site URL)."""
    path = f"methods/{method_id}/"
    if not site_url:
        return "/" + path
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", path)


def _source(source: Source | None) -> dict[str, Any] | None:
    if source is None:
        return None
    fields = (
        "type",
        "title",
        "year",
        "container",
        "publisher",
        "place",
        "edition",
        "volume",
        "issue",
        "pages",
        "doi",
        "isbn",
        "url",
    )
    data: dict[str, Any] = {"authors": list(source.authors)}
    if source.editors:
        data["editors"] = list(source.editors)
    data.update({name: getattr(source, name) for name in fields if getattr(source, name) is not None})
    if source.note is not None:
        data["note"] = _text(source.note)
    return data


def _text(value: Text | None) -> dict[str, str] | None:
    """A catalog text as the API publishes it: ``{"en": ..., "de": ...}`` (``de`` only where written)."""
    if value is None:
        return None
    return {lang: body for lang, body in (("en", value.en), ("de", value.de)) if body}


def method_record(catalog: Catalog, method: Method, site_url: str | None) -> dict[str, Any]:
    """One method as the API publishes it."""
    return {
        "id": method.id,
        "name": method.name,
        "abbreviation": method.abbreviation,
        "names": dict(method.names),
        "aliases": [
            {
                key: value
                for key, value in (
                    ("term", a.term),
                    ("kind", a.kind),
                    ("lang", a.lang),
                    ("coined_by", a.coined_by),
                    ("note", _text(a.note)),
                )
                if value is not None
            }
            for a in method.aliases
        ],
        "definition": dict(method.definition),
        "originators": [{"id": r.id, "name": r.name} for r in catalog.originators(method)],
        "year": method.year,
        "verification": method.verification.level,
        "status": method.status,
        "replaced_by": method.replaced_by,
        "category": method.category,
        "source": _source(method.source),
        "related": [
            {key: value for key, value in (("id", r.id), ("type", r.type), ("note", _text(r.note))) if value is not None}
            for r in method.related
        ],
        "wikidata": method.wikidata,
        "wikipedia": dict(method.wikipedia),
        "url": method_url(method.id, site_url),
    }


def methods_json(catalog: Catalog, site_url: str | None = None) -> dict[str, Any]:
    """``{"version": ..., "methods": [...]}``, methods sorted by id."""
    return {"version": catalog.version, "methods": [method_record(catalog, m, site_url) for m in catalog.methods.values()]}


def terms_json(catalog: Catalog) -> dict[str, Any]:
    """``{"version": ..., "terms": {normalised term: [method ids]}}``, terms sorted."""
    return {
        "version": catalog.version,
        "terms": {term: list(dict.fromkeys(entry.method_id for entry in entries)) for term, entries in catalog.terms.items()},
    }
