"""schema.org JSON-LD on method pages: a DefinedTerm in the catalog's DefinedTermSet, read back with rdflib."""

from __future__ import annotations

import json
import re

import pytest
from rdflib import Graph, Literal, Namespace, URIRef

from conftest import SITE_URL
from cxcanon import Catalog
from cxcanon.export.jsonld import method_jsonld, script_tag

SDO = Namespace("https://schema.org/")


def as_graph(data: dict[str, object]) -> Graph:
    """Parse offline: the schema.org context is replaced by its one rule that matters here (the vocabulary)."""
    return Graph().parse(data=json.dumps({**data, "@context": {"@vocab": str(SDO)}}), format="json-ld")


def test_defined_term_fields(export_catalog: Catalog) -> None:
    data = method_jsonld(export_catalog, export_catalog.methods["alpha-method"], SITE_URL)
    assert data["@type"] == "DefinedTerm"
    assert data["@id"] == data["url"] == "https://cx-canon.example.org/methods/alpha-method/"
    assert data["termCode"] == "alpha-method"
    assert data["name"] == "Alpha Method"
    assert data["alternateName"] == ["AM", "Alpha-Methode", "First Method", "Erste Methode", "Alpha Canvas Pro", "Primary Method"]
    assert "Alfa Method" not in data["alternateName"]  # a misnomer is no name of the method
    assert data["sameAs"] == ["https://www.wikidata.org/wiki/Q1"]
    assert data["dateModified"] == "2027-03-04"
    term_set = data["inDefinedTermSet"]
    assert term_set["@type"] == "DefinedTermSet"
    assert term_set["@id"] == "https://cx-canon.example.org/methods/"  # the SKOS concept scheme's URI
    assert term_set["version"] == "2030.01.02"
    assert data["isBasedOn"]["identifier"]["value"] == "10.1000/alpha.1999"


def test_method_without_wikidata_or_source_leaves_them_out(export_catalog: Catalog) -> None:
    data = method_jsonld(export_catalog, export_catalog.methods["delta-method"], SITE_URL)
    assert "sameAs" not in data and "isBasedOn" not in data and "creator" not in data


def test_json_ld_reads_as_rdf(export_catalog: Catalog) -> None:
    graph = as_graph(method_jsonld(export_catalog, export_catalog.methods["alpha-method"], SITE_URL))
    term = URIRef("https://cx-canon.example.org/methods/alpha-method/")
    assert (term, SDO.termCode, Literal("alpha-method")) in graph
    assert (term, SDO.inDefinedTermSet, URIRef("https://cx-canon.example.org/methods/")) in graph
    assert (term, SDO.sameAs, Literal("https://www.wikidata.org/wiki/Q1")) in graph or (
        term,
        SDO.sameAs,
        URIRef("https://www.wikidata.org/wiki/Q1"),
    ) in graph


@pytest.mark.parametrize("payload", ["</script><script>alert(1)</script>", "<!-- x", "</SCRIPT >"])
def test_script_tag_cannot_be_closed_by_catalog_text(payload: str) -> None:
    tag = script_tag({"name": payload})
    inner = tag.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert not re.search(r"</script|<!--", inner, re.IGNORECASE)
    assert json.loads(inner) == {"name": payload}
