"""The SKOS concept scheme: read back with rdflib from Turtle and JSON-LD, integrity conditions, determinism."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from dataclasses import replace

import jsonschema
import pytest
from rdflib import OWL, RDF, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, SKOS

from conftest import FIXTURES, SCHEMAS, SITE_URL
from cxcanon import Catalog
from cxcanon.catalog.model import Relation
from cxcanon.export.skos import (
    JSONLD_CONTEXT,
    _sort_jsonld,
    catalog_jsonld,
    catalog_turtle,
    hierarchy_conflicts,
    integrity_problems,
    skos_graph,
    to_jsonld,
    to_turtle,
)

M = "https://cx-canon.example.org/methods/"


@pytest.fixture(scope="module")
def turtle(export_catalog: Catalog) -> Graph:
    """catalog.ttl as a consumer reads it."""
    return Graph().parse(data=catalog_turtle(export_catalog, SITE_URL), format="turtle")


def concept(method_id: str) -> URIRef:
    return URIRef(f"{M}{method_id}/")


def test_turtle_and_jsonld_carry_the_same_graph(export_catalog: Catalog, turtle: Graph) -> None:
    jsonld = Graph().parse(data=catalog_jsonld(export_catalog, SITE_URL), format="json-ld")
    assert len(turtle) > 80
    assert isomorphic(turtle, jsonld)


def test_jsonld_matches_its_schema(export_catalog: Catalog) -> None:
    schema = json.loads((SCHEMAS / "catalog-jsonld.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(catalog_jsonld(export_catalog, SITE_URL)), schema)


def test_one_concept_per_method_in_one_versioned_scheme(export_catalog: Catalog, turtle: Graph) -> None:
    concepts = set(turtle.subjects(RDF.type, SKOS.Concept))
    assert concepts == {concept(mid) for mid in export_catalog.methods}
    (scheme,) = turtle.subjects(RDF.type, SKOS.ConceptScheme)
    assert scheme == URIRef(M)
    assert turtle.value(scheme, OWL.versionInfo) == Literal("2030.01.02")
    assert all((c, SKOS.inScheme, scheme) in turtle for c in concepts)
    # Top concepts: exactly those without a broader concept.
    assert set(turtle.objects(scheme, SKOS.hasTopConcept)) == {concept("beta-method"), concept("gamma-method"), concept("delta-method")}


LABELS = [
    ("alpha-method", SKOS.prefLabel, Literal("Alpha Method", lang="en")),
    ("alpha-method", SKOS.prefLabel, Literal("Alpha-Methode", lang="de")),
    ("alpha-method", SKOS.altLabel, Literal("AM", lang="en")),
    ("alpha-method", SKOS.altLabel, Literal("AM", lang="de")),
    ("alpha-method", SKOS.altLabel, Literal("First Method", lang="en")),
    ("alpha-method", SKOS.altLabel, Literal("Erste Methode", lang="de")),
    ("alpha-method", SKOS.altLabel, Literal("Alpha Canvas Pro", lang="en")),
    ("alpha-method", SKOS.altLabel, Literal("Primary Method", lang="en")),
    ("alpha-method", SKOS.hiddenLabel, Literal("Alfa Method", lang="en")),
    ("beta-method", SKOS.altLabel, Literal("Beta Brand Canvas", lang="de")),
    ("gamma-method", SKOS.altLabel, Literal("Gamma-Verfahren", lang="de")),
]


@pytest.mark.parametrize(("method_id", "predicate", "label"), LABELS)
def test_labels(turtle: Graph, method_id: str, predicate: URIRef, label: Literal) -> None:
    assert (concept(method_id), predicate, label) in turtle


def test_misnomer_is_only_a_hidden_label(turtle: Graph) -> None:
    assert (concept("alpha-method"), SKOS.altLabel, Literal("Alfa Method", lang="en")) not in turtle


def test_definitions_in_both_languages(export_catalog: Catalog, turtle: Graph) -> None:
    for method in export_catalog.methods.values():
        found = {label.language: str(label) for label in turtle.objects(concept(method.id), SKOS.definition) if isinstance(label, Literal)}
        assert found == dict(method.definition)


RELATIONS = [
    ("alpha-method", SKOS.broader, "delta-method"),
    ("delta-method", SKOS.narrower, "alpha-method"),
    ("alpha-method", SKOS.related, "beta-method"),  # confused-with
    ("beta-method", SKOS.related, "alpha-method"),  # written both ways: related is symmetric
    ("gamma-method", SKOS.related, "alpha-method"),  # variant-of
    ("alpha-method", SKOS.related, "gamma-method"),
]


@pytest.mark.parametrize(("subject", "predicate", "obj"), RELATIONS)
def test_relations(turtle: Graph, subject: str, predicate: URIRef, obj: str) -> None:
    assert (concept(subject), predicate, concept(obj)) in turtle


def test_confused_with_note_becomes_a_scope_note(turtle: Graph) -> None:
    assert (
        concept("alpha-method"),
        SKOS.scopeNote,
        Literal("Often confused with Beta Method: Alpha is about fixtures, beta about books.", lang="en"),
    ) in turtle


def test_provenance(turtle: Graph) -> None:
    alpha = concept("alpha-method")
    assert set(turtle.objects(alpha, DCTERMS.creator)) == {
        URIRef("https://cx-canon.example.org/researchers/doe-jane/"),
        URIRef("https://cx-canon.example.org/researchers/roe-richard/"),
    }
    assert turtle.value(alpha, DCTERMS.source) == URIRef("https://doi.org/10.1000/alpha.1999")
    assert turtle.value(concept("beta-method"), DCTERMS.source) == URIRef("urn:isbn:9783161484100")
    # No DOI, URL or ISBN: the APA reference as text.
    assert turtle.value(concept("gamma-method"), DCTERMS.source) == Literal(
        "Roe, R. (1988). The gamma chapter. In E. Editor & H. Herausgeber (eds.), Handbook of Fixtures (pp. 3–9). Fixture Press."
    )
    assert turtle.value(concept("delta-method"), DCTERMS.source) is None
    assert turtle.value(alpha, SKOS.exactMatch) == URIRef("http://www.wikidata.org/entity/Q1")
    assert turtle.value(concept("gamma-method"), OWL.deprecated) == Literal(True)
    assert turtle.value(concept("gamma-method"), DCTERMS.isReplacedBy) == alpha


def test_the_export_satisfies_the_skos_integrity_conditions(turtle: Graph) -> None:
    assert integrity_problems(turtle) == []
    for node in turtle.subjects(RDF.type, SKOS.Concept):
        langs = [label.language for label in turtle.objects(node, SKOS.prefLabel) if isinstance(label, Literal)]
        assert sorted(langs) == ["de", "en"], node


@pytest.mark.parametrize(
    ("triples", "problem"),
    [
        ([(SKOS.prefLabel, Literal("Second", lang="en"))], "2 prefLabels in language 'en'"),
        ([(SKOS.altLabel, Literal("Alpha Method", lang="en"))], "is both skos:prefLabel and skos:altLabel"),
        ([(SKOS.hiddenLabel, Literal("First Method", lang="en"))], "is both skos:altLabel and skos:hiddenLabel"),
        ([(SKOS.related, URIRef(f"{M}delta-method/"))], "skos:related and skos:broaderTransitive"),
    ],
)
def test_integrity_check_catches_each_violation(turtle: Graph, triples: list[tuple[URIRef, object]], problem: str) -> None:
    broken = Graph()
    for triple in turtle:
        broken.add(triple)
    for predicate, obj in triples:
        broken.add((concept("alpha-method"), predicate, obj))  # type: ignore[arg-type]
    assert any(problem in found for found in integrity_problems(broken)), integrity_problems(broken)


def test_related_that_the_hierarchy_contradicts_is_left_out(export_catalog: Catalog) -> None:
    """A catalog that says delta is both broader than and related to alpha exports only the hierarchy."""
    delta = export_catalog.methods["delta-method"]
    contradicting = replace(delta, related=(*delta.related, Relation("alpha-method", "related")))
    changed = Catalog(
        [contradicting, *(m for m in export_catalog.methods.values() if m.id != "delta-method")],
        export_catalog.researchers.values(),
        version="x",
    )
    assert hierarchy_conflicts(changed) == [("alpha-method", "delta-method")]
    graph = skos_graph(changed, SITE_URL)
    assert integrity_problems(graph) == []
    assert (concept("delta-method"), SKOS.related, concept("alpha-method")) not in graph
    assert (concept("alpha-method"), SKOS.broader, concept("delta-method")) in graph


def test_unsafe_links_become_no_uri(export_catalog: Catalog) -> None:
    researcher = export_catalog.researchers["example-institute"]
    broken = replace(researcher, url='https://example.org/"><script>')
    changed = Catalog(
        export_catalog.methods.values(), [broken, *(r for r in export_catalog.researchers.values() if r.id != researcher.id)], version="x"
    )
    text = catalog_turtle(changed, SITE_URL)  # rdflib would refuse to write the URI
    assert "<script>" not in text


def test_output_does_not_depend_on_the_hash_seed() -> None:
    """Two processes with different hash seeds write byte-identical Turtle and JSON-LD."""
    code = (
        "import hashlib, sys; from cxcanon import load_catalog; from cxcanon.export.skos import catalog_turtle, catalog_jsonld; "
        "c = load_catalog(sys.argv[1]); "
        "print(hashlib.sha256((catalog_turtle(c, 'https://x.org/') + catalog_jsonld(c, 'https://x.org/')).encode()).hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", code, str(FIXTURES / "export")],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for seed in ("1", "2", "3")
    }
    assert len(digests) == 1
    assert len(next(iter(digests))) == len(hashlib.sha256().hexdigest())


def _rdflib_turtle(graph: Graph) -> str:
    return graph.serialize(format="turtle")


def _rdflib_jsonld(graph: Graph) -> str:
    data = json.loads(graph.serialize(format="json-ld", context=JSONLD_CONTEXT, auto_compact=True))
    _sort_jsonld(data)
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def test_the_files_are_rdflibs_own_writers_output_byte_for_byte(export_catalog: Catalog) -> None:
    """The Turtle writer that remembers prefixed names, and the JSON-LD tree taken without its JSON round trip."""
    assert to_turtle(skos_graph(export_catalog, SITE_URL)) == _rdflib_turtle(skos_graph(export_catalog, SITE_URL))
    assert to_jsonld(skos_graph(export_catalog, SITE_URL)) == _rdflib_jsonld(skos_graph(export_catalog, SITE_URL))


def test_a_prefix_declared_late_gives_the_uris_seen_before_it_their_prefixed_names() -> None:
    """An object URI first seen without a prefix gets one once a predicate of its namespace declares it."""

    def made() -> Graph:  # a fresh graph for each writer: writing declares its prefixes in the graph
        graph = Graph()
        for k in range(24):  # rdflib reads triples in hash order: for some namespaces the object comes first
            vocab = f"http://vocab{k}.example.org/terms#"
            graph.add((concept(f"a{k}"), SKOS.related, URIRef(f"{vocab}thing")))
            graph.add((concept(f"b{k}"), URIRef(f"{vocab}weight"), Literal(k)))
        graph.add((concept("a0"), OWL.deprecated, Literal(True)))
        return graph

    ours, expected = to_turtle(made()), _rdflib_turtle(made())
    assert expected.count(":thing") == 24  # the case at hand: rdflib gave every object its prefixed name
    assert ours == expected
    assert to_jsonld(made()) == _rdflib_jsonld(made())
