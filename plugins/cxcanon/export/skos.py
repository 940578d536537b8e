"""The catalog as a SKOS concept scheme (``/api/v1/catalog.ttl`` and ``catalog.jsonld``), built with rdflib.

One ``skos:Concept`` per method, identified by its permalink. Labels:
``prefLabel`` in English (the canonical name) and German; ``altLabel`` for
the abbreviation and for aliases (with their language tags); ``hiddenLabel``
for misnomers, so a search finds them without offering them as names.
Relations map to ``broader``/``narrower`` (both directions written) and
``related`` (``related``, ``confused-with``, ``variant-of``, ``based-on``).

The graph satisfies the SKOS integrity conditions that a consumer checks
(see [integrity_problems][cxcanon.export.skos.integrity_problems]): at most one ``prefLabel`` per language,
the three label properties pairwise disjoint per concept, and ``related``
disjoint from ``broaderTransitive``.

Both files are deterministic: the same catalog gives the same bytes, whatever
the process's hash seed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from io import BytesIO
from typing import Any
from urllib.parse import urljoin, urlsplit

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, SKOS
from rdflib.plugins.serializers.jsonld import from_rdf
from rdflib.plugins.serializers.turtle import TurtleSerializer
from rdflib.term import Node, _is_valid_uri

from ..catalog.model import Catalog, Method, Researcher, Source
from .api import method_url
from .citations import format_apa, source_record

WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"
ORCID = "https://orcid.org/"
LABEL_LANGS = ("en", "de")
NON_HIERARCHICAL = ("related", "confused-with", "variant-of", "based-on")
"""Relation types written as ``skos:related``."""
DEFAULT_SITE_URL = "https://cx-canon.example.org/"
"""Base of the concept URIs when the site has no ``site_url`` (RDF needs absolute URIs)."""

JSONLD_CONTEXT: dict[str, str] = {
    "skos": str(SKOS),
    "dct": str(DCTERMS),
    "foaf": str(FOAF),
    "owl": str(OWL),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
}


def _base(site_url: str | None) -> str:
    url = site_url or DEFAULT_SITE_URL
    return url if url.endswith("/") else url + "/"


def scheme_uri(site_url: str | None) -> URIRef:
    """The concept scheme's URI: the catalog's method index, ``<site>/methods/``."""
    return URIRef(urljoin(_base(site_url), "methods/"))


def concept_uri(method_id: str, site_url: str | None) -> URIRef:
    """A method's concept URI: its permalink."""
    return URIRef(method_url(method_id, _base(site_url)))


def researcher_uri(researcher_id: str, site_url: str | None) -> URIRef:
    """A researcher's URI: the researcher page."""
    return URIRef(urljoin(_base(site_url), f"researchers/{researcher_id}/"))


def link_node(url: str | None) -> URIRef | None:
    """An http(s) link as a URI node, or None when it is no absolute http(s) URI that Turtle can carry."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or not _is_valid_uri(url.strip()):
        return None
    return URIRef(url.strip())


def source_node(source: Source) -> Node:
    """What ``dct:source`` points at: the DOI, the URL, an ISBN URN, or else the APA reference as text."""
    link = link_node(source.link)
    if link is not None:
        return link
    if source.isbn:
        return URIRef("urn:isbn:" + source.isbn.replace("-", ""))
    return Literal(format_apa([source_record(source)])[0])


def _lang(tag: str | None) -> str | None:
    return tag or None


def method_labels(method: Method) -> tuple[list[Literal], list[Literal], list[Literal]]:
    """``(prefLabel, altLabel, hiddenLabel)`` of a method, pairwise disjoint and free of duplicates."""
    pref = [Literal(method.name, lang="en")]
    if method.name_de:
        pref.append(Literal(method.name_de, lang="de"))
    alt: list[Literal] = []
    hidden: list[Literal] = []
    if method.abbreviation:
        # An abbreviation like "NPS" is used as it is in both languages.
        alt.extend(Literal(method.abbreviation, lang=lang) for lang in LABEL_LANGS)
    for alias in method.aliases:
        label = Literal(alias.term, lang=_lang(alias.lang))
        (hidden if alias.kind == "misnomer" else alt).append(label)
    taken = set(pref)
    alt = _unique(label for label in alt if label not in taken)
    taken.update(alt)
    hidden = _unique(label for label in hidden if label not in taken)
    return pref, alt, hidden


def _unique(labels: Iterable[Literal]) -> list[Literal]:
    return list(dict.fromkeys(labels))


def _broader_pairs(catalog: Catalog) -> set[tuple[str, str]]:
    """Every (narrower, broader) pair stated on either side."""
    pairs: set[tuple[str, str]] = set()
    for method in catalog.methods.values():
        for rel in method.related:
            if rel.id not in catalog.methods:
                continue
            if rel.type == "broader":
                pairs.add((method.id, rel.id))
            elif rel.type == "narrower":
                pairs.add((rel.id, method.id))
    return pairs


def _transitive(pairs: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """The transitive closure of (narrower, broader) pairs: one walk up from each method."""
    parents: dict[str, set[str]] = {}
    for child, parent in pairs:
        parents.setdefault(child, set()).add(parent)
    closure: set[tuple[str, str]] = set()
    for start in parents:
        seen: set[str] = set()
        stack = list(parents[start])
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            stack.extend(parents.get(node, ()))
        closure.update((start, above) for above in seen if above != start)
    return closure


def hierarchy_conflicts(catalog: Catalog) -> list[tuple[str, str]]:
    """Pairs of methods stated as related that the hierarchy also links (directly or transitively).

    SKOS forbids ``related`` between such concepts; the export keeps the
    hierarchical link and leaves the ``related`` one out.
    """
    closure = _transitive(_broader_pairs(catalog))
    conflicts: set[tuple[str, str]] = set()
    for method in catalog.methods.values():
        for rel in method.related:
            if rel.type in NON_HIERARCHICAL and ((method.id, rel.id) in closure or (rel.id, method.id) in closure):
                conflicts.add(tuple(sorted((method.id, rel.id))))  # type: ignore[arg-type]
    return sorted(conflicts)


def _researcher(graph: Graph, researcher: Researcher, site_url: str | None) -> URIRef:
    node = researcher_uri(researcher.id, site_url)
    graph.add((node, RDF.type, DCTERMS.Agent))
    graph.add((node, FOAF.name, Literal(researcher.name)))
    if researcher.orcid:
        graph.add((node, RDFS.seeAlso, URIRef(ORCID + researcher.orcid)))
    if researcher.wikidata:
        graph.add((node, RDFS.seeAlso, URIRef(WIKIDATA_ENTITY + researcher.wikidata)))
    homepage = link_node(researcher.url)
    if homepage is not None:
        graph.add((node, FOAF.homepage, homepage))
    return node


def skos_graph(catalog: Catalog, site_url: str | None) -> Graph:
    """The catalog as an rdflib graph: the concept scheme, its concepts and their originators."""
    # rdflib's plain store: the graph has one context, and its other stores index every triple by context too
    # (a sixth of the SKOS files' time at 2,000 methods). The serialisers sort what they write: same files.
    graph = Graph(store="SimpleMemory")
    graph.bind("skos", SKOS)
    graph.bind("dct", DCTERMS)
    graph.bind("foaf", FOAF)
    graph.bind("owl", OWL)
    scheme = scheme_uri(site_url)
    settings = catalog.settings
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    graph.add((scheme, DCTERMS.title, Literal(str(settings.get("title") or "CX Canon"), lang="en")))
    graph.add((scheme, OWL.versionInfo, Literal(catalog.version)))
    graph.add((scheme, DCTERMS.publisher, Literal(str(settings.get("publisher") or "CX Canon contributors"))))
    license_url = link_node(str(settings.get("license_url") or ""))
    if license_url is not None:
        graph.add((scheme, DCTERMS.license, license_url))
    modified = max((m.last_changed for m in catalog.methods.values() if m.last_changed), default=None)
    if modified:
        graph.add((scheme, DCTERMS.modified, Literal(modified, datatype=XSD.date)))

    broader = _broader_pairs(catalog)
    conflicts = set(hierarchy_conflicts(catalog))
    has_broader = {child for child, _ in broader}
    for child, parent in sorted(broader):
        graph.add((concept_uri(child, site_url), SKOS.broader, concept_uri(parent, site_url)))
        graph.add((concept_uri(parent, site_url), SKOS.narrower, concept_uri(child, site_url)))

    for method in catalog.methods.values():
        node = concept_uri(method.id, site_url)
        graph.add((node, RDF.type, SKOS.Concept))
        graph.add((node, SKOS.inScheme, scheme))
        graph.add((node, SKOS.notation, Literal(method.id)))
        if method.id not in has_broader:
            graph.add((node, SKOS.topConceptOf, scheme))
            graph.add((scheme, SKOS.hasTopConcept, node))
        pref, alt, hidden = method_labels(method)
        for predicate, labels in ((SKOS.prefLabel, pref), (SKOS.altLabel, alt), (SKOS.hiddenLabel, hidden)):
            for label in labels:
                graph.add((node, predicate, label))
        for lang, sentence in method.definition.items():
            graph.add((node, SKOS.definition, Literal(sentence, lang=lang)))
        for rel in method.related:
            pair = tuple(sorted((method.id, rel.id)))
            if rel.type in NON_HIERARCHICAL and rel.id in catalog.methods and pair not in conflicts:
                graph.add((node, SKOS.related, concept_uri(rel.id, site_url)))
                graph.add((concept_uri(rel.id, site_url), SKOS.related, node))
            if rel.type == "confused-with" and rel.note and rel.id in catalog.methods:
                # The catalog's statement of the difference, where a thesaurus user looks for usage guidance.
                other = catalog.methods[rel.id]
                graph.add((node, SKOS.scopeNote, Literal(f"Often confused with {other.name}: {rel.note.en}", lang="en")))
                if rel.note.de:
                    other_de = other.name_de or other.name
                    graph.add((node, SKOS.scopeNote, Literal(f"Häufig verwechselt mit {other_de}: {rel.note.de}", lang="de")))
        for researcher in catalog.originators(method):
            graph.add((node, DCTERMS.creator, _researcher(graph, researcher, site_url)))
        if method.year is not None:
            graph.add((node, DCTERMS.created, Literal(str(method.year), datatype=XSD.gYear)))
        if method.source is not None:
            graph.add((node, DCTERMS.source, source_node(method.source)))
        if method.wikidata:
            graph.add((node, SKOS.exactMatch, URIRef(WIKIDATA_ENTITY + method.wikidata)))
        if method.last_changed:
            graph.add((node, DCTERMS.modified, Literal(method.last_changed, datatype=XSD.date)))
        for entry in method.history:
            note = entry.change + (f" ({entry.reason})" if entry.reason else "")
            graph.add((node, SKOS.changeNote, Literal(f"{entry.date}: {note}", lang="en")))
        if method.status == "deprecated":
            graph.add((node, OWL.deprecated, Literal(True)))
            if method.replaced_by:
                graph.add((node, DCTERMS.isReplacedBy, concept_uri(method.replaced_by, site_url)))
    return graph


def integrity_problems(graph: Graph) -> list[str]:
    """The SKOS integrity conditions a graph breaks, as messages (empty when it is sound).

    Checked: S14 (one ``prefLabel`` per language), S13 (``prefLabel``,
    ``altLabel`` and ``hiddenLabel`` pairwise disjoint), S27 (``related``
    disjoint from ``broaderTransitive``), and that every concept is in a scheme.
    """
    problems: list[str] = []
    concepts = sorted(set(graph.subjects(RDF.type, SKOS.Concept)), key=str)
    for concept in concepts:
        langs: dict[str | None, int] = {}
        for label in graph.objects(concept, SKOS.prefLabel):
            lang = label.language if isinstance(label, Literal) else None
            langs[lang] = langs.get(lang, 0) + 1
        problems += [f"{concept}: {n} prefLabels in language {lang!r}" for lang, n in sorted(langs.items(), key=str) if n > 1]
        sets = {p: set(graph.objects(concept, p)) for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)}
        for a, b in ((SKOS.prefLabel, SKOS.altLabel), (SKOS.prefLabel, SKOS.hiddenLabel), (SKOS.altLabel, SKOS.hiddenLabel)):
            problems += [
                f"{concept}: {label!r} is both {graph.qname(a)} and {graph.qname(b)}" for label in sorted(sets[a] & sets[b], key=str)
            ]
        if (concept, SKOS.inScheme, None) not in graph:
            problems.append(f"{concept}: not in a concept scheme")
    above: dict[Node, set[Node | None]] = {}
    for concept in concepts:
        # transitive_objects includes the start node itself; SKOS's broaderTransitive does not.
        above[concept] = set(graph.transitive_objects(concept, SKOS.broader)) - {concept}
    for start, end in sorted(graph.subject_objects(SKOS.related), key=str):
        if end in above.get(start, set()) or start in above.get(end, set()):
            problems.append(f"{start}: skos:related and skos:broaderTransitive both link it to {end}")
    return problems


class _TurtleWriter(TurtleSerializer):
    """rdflib's Turtle writer, remembering each URI's prefixed name (or that it has none).

    rdflib looks a URI's prefixed name up afresh at each of its uses (about 160,000 lookups at
    2,000 methods, most of the writer's time). The answer changes only when a prefix is
    declared, which only a lookup that may declare one does (``gen_prefix``, a predicate's, the
    first time): then the URIs remembered without a prefixed name are looked up again. The
    output is rdflib's, byte for byte.
    """

    def __init__(self, store: Graph) -> None:
        self._pnames: dict[tuple[Node, bool], str | None] = {}
        super().__init__(store)

    def get_pname(self, uri: Node, gen_prefix: bool = True) -> str | None:
        key = (uri, gen_prefix)
        if key in self._pnames:
            return self._pnames[key]
        found = super().get_pname(uri, gen_prefix)
        if gen_prefix:  # a prefix may have been declared: what had none may have one now
            self._pnames = {known: pname for known, pname in self._pnames.items() if pname is not None}
        self._pnames[key] = found
        return found


def to_turtle(graph: Graph) -> str:
    """The graph as Turtle (rdflib sorts subjects, predicates and objects: stable output)."""
    out = BytesIO()
    _TurtleWriter(graph).serialize(out, encoding="utf-8")
    return out.getvalue().decode("utf-8")


def to_jsonld(graph: Graph) -> str:
    """The graph as compact JSON-LD with a readable context, nodes and values in a stable order.

    rdflib's converter makes the tree (`from_rdf`, what its JSON-LD writer writes out), without
    its writer's round trip through JSON text.
    """
    return "".join(jsonld_chunks(graph))


def jsonld_chunks(graph: Graph) -> Iterator[str]:
    """`to_jsonld`'s text in pieces, for a writer that need not hold it all (at 2,000 methods, joining its
    million pieces costs as much memory again as the tree)."""
    data: Any = from_rdf(graph, JSONLD_CONTEXT, auto_compact=True)
    # rdflib's JSON-LD converter follows set iteration order, which varies with the hash seed.
    _sort_jsonld(data)
    yield from json.JSONEncoder(ensure_ascii=False, indent=2, sort_keys=True).iterencode(data)
    yield "\n"


def _sort_jsonld(value: Any) -> None:
    """Sort every list of a JSON-LD tree by its items' JSON, innermost first, in place (a large catalog's tree is not copied)."""
    if isinstance(value, dict):
        for item in value.values():
            _sort_jsonld(item)
    elif isinstance(value, list):
        for item in value:
            _sort_jsonld(item)
        value.sort(key=lambda item: json.dumps(item, ensure_ascii=False, sort_keys=True))


def catalog_turtle(catalog: Catalog, site_url: str | None) -> str:
    """``/api/v1/catalog.ttl``."""
    return to_turtle(skos_graph(catalog, site_url))


def catalog_jsonld(catalog: Catalog, site_url: str | None) -> str:
    """``/api/v1/catalog.jsonld``: the same graph as the Turtle file."""
    return to_jsonld(skos_graph(catalog, site_url))
