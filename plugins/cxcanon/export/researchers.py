"""``/api/v1/researchers.json``: every originator with the methods they originated."""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from ..catalog.model import Catalog, Researcher


def researcher_url(researcher_id: str, site_url: str | None) -> str:
    """The permalink of a researcher page (site-relative without a site URL)."""
    path = f"researchers/{researcher_id}/"
    if not site_url:
        return "/" + path
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", path)


def researcher_record(catalog: Catalog, researcher: Researcher, site_url: str | None) -> dict[str, Any]:
    """One researcher as the API publishes it; optional fields are null when unknown."""
    return {
        "id": researcher.id,
        "name": researcher.name,
        "family": researcher.family,
        "affiliation": researcher.affiliation,
        "orcid": researcher.orcid,
        "wikidata": researcher.wikidata,
        "wikipedia": dict(researcher.wikipedia),
        "homepage": researcher.url,
        "methods": [m.id for m in catalog.methods_by(researcher.id)],
        "url": researcher_url(researcher.id, site_url),
    }


def researchers_json(catalog: Catalog, site_url: str | None = None) -> dict[str, Any]:
    """``{"version": ..., "researchers": [...]}``, researchers sorted by id; each lists its methods, oldest first."""
    ordered = sorted(catalog.researchers.values(), key=lambda r: r.id)
    return {"version": catalog.version, "researchers": [researcher_record(catalog, r, site_url) for r in ordered]}
