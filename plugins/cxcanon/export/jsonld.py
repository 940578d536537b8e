"""schema.org JSON-LD for method pages: a ``DefinedTerm`` in the catalog's ``DefinedTermSet``.

Search engines and scholarly tools read it from the page's
``<script type="application/ld+json">``. The term's ``@id`` is its permalink
and the set's ``@id`` is the SKOS concept scheme's URI, so this data and
``/api/v1/catalog.ttl`` describe the same resources.
"""

from __future__ import annotations

import json
from typing import Any

from ..catalog.model import Catalog, Method, Researcher, Source
from .api import method_url
from .citations import publisher_of, title_of
from .skos import researcher_uri, scheme_uri

WIKIDATA_PAGE = "https://www.wikidata.org/wiki/"
SCHEMA_TYPES: dict[str, str] = {
    "article": "ScholarlyArticle",
    "book": "Book",
    "chapter": "Chapter",
    "paper": "ScholarlyArticle",
    "report": "Report",
    "thesis": "Thesis",
    "web": "WebPage",
}
"""Catalog source type → schema.org type of the primary source."""


def defined_term_set(catalog: Catalog, site_url: str | None) -> dict[str, Any]:
    """The catalog as a schema.org ``DefinedTermSet`` (without its terms)."""
    data: dict[str, Any] = {
        "@type": "DefinedTermSet",
        "@id": str(scheme_uri(site_url)),
        "name": title_of(catalog),
        "version": catalog.version,
        "publisher": {"@type": "Organization", "name": publisher_of(catalog)},
    }
    if catalog.settings.get("license_url"):
        data["license"] = str(catalog.settings["license_url"])
    return data


def _person(researcher: Researcher, site_url: str | None) -> dict[str, Any]:
    same = [f"https://orcid.org/{researcher.orcid}"] if researcher.orcid else []
    if researcher.wikidata:
        same.append(WIKIDATA_PAGE + researcher.wikidata)
    # Researcher files do not say whether a name is a person or an organisation; the family name does.
    data: dict[str, Any] = {
        "@type": "Person" if researcher.family else "Organization",
        "@id": str(researcher_uri(researcher.id, site_url)),
        "name": researcher.name,
    }
    if same:
        data["sameAs"] = same
    return data


def _work(source: Source) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": SCHEMA_TYPES.get(source.type, "CreativeWork"), "name": source.title}
    if source.authors:
        work["author"] = [
            {"@type": "Person", "familyName": a.split(",", 1)[0].strip(), "givenName": a.split(",", 1)[1].strip()}
            if "," in a
            else {"@type": "Organization", "name": a}
            for a in source.authors
        ]
    if source.year is not None:
        work["datePublished"] = str(source.year)
    if source.container:
        work["isPartOf"] = {"@type": "CreativeWork", "name": source.container}
    if source.publisher:
        work["publisher"] = {"@type": "Organization", "name": source.publisher}
    if source.link:
        work["url"] = source.link
    if source.doi:
        work["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": source.doi}
    if source.isbn:
        work["isbn"] = source.isbn
    return work


def method_jsonld(catalog: Catalog, method: Method, site_url: str | None, lang: str = "en") -> dict[str, Any]:
    """A method as a schema.org ``DefinedTerm`` in ``lang``: names, code, definition, set, source and links out."""
    shown = (method.name_de or method.name) if lang == "de" else method.name
    alternate = [term for term, kind in method.terms() if kind != "misnomer" and term != shown]
    url = method_url(method.id, site_url)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "DefinedTerm",
        "@id": url,
        "url": url,
        "name": (method.name_de or method.name) if lang == "de" else method.name,
        "termCode": method.id,
        "description": method.definition.get(lang) or method.definition.get("en", ""),
        "inLanguage": lang,
        "inDefinedTermSet": defined_term_set(catalog, site_url),
    }
    if alternate:
        data["alternateName"] = list(dict.fromkeys(alternate))
    same = [url for _, url in sorted(method.wikipedia.items())]
    if method.wikidata:
        same.insert(0, WIKIDATA_PAGE + method.wikidata)
    if same:
        data["sameAs"] = same
    people = [_person(r, site_url) for r in catalog.originators(method)]
    if people:
        data["creator"] = people
    if method.source is not None:
        data["isBasedOn"] = _work(method.source)
    if method.last_changed:
        data["dateModified"] = method.last_changed
    return data


def script_tag(data: dict[str, Any]) -> str:
    """JSON-LD in a ``<script type="application/ld+json">`` element that no catalog text can break out of."""
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # "</" would end the script element early; "<!--" could open an HTML comment state.
    payload = payload.replace("</", "<\\/").replace("<!--", "<\\u0021--")
    return f'<script type="application/ld+json">{payload}</script>'
