"""The catalog's typed, immutable data model and its derived indexes.

Objects are built once per run by `cxcanon.catalog.load` from validated
files; consumers (pages, matcher, exports, CLI) only read them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

from .terms import normalize

AliasKind = Literal["synonym", "abbreviation", "translation", "branded", "misnomer", "former"]
ALIAS_KINDS: tuple[str, ...] = ("synonym", "abbreviation", "translation", "branded", "misnomer", "former")
RELATION_TYPES: tuple[str, ...] = ("broader", "narrower", "related", "confused-with", "variant-of", "based-on")
VERIFICATION_LEVELS: tuple[str, ...] = ("primary-source", "secondary", "unverified", "disputed")
STATUSES: tuple[str, ...] = ("stable", "draft", "deprecated")

LANGUAGES: tuple[str, ...] = ("en", "de")
"""The catalog's languages: every text is written in English and German."""

SOURCE_KINDS: tuple[str, ...] = ("primary", "catalogue", "encyclopedia", "scholarly", "institution")
"""What a checked source is: the primary work itself, a bibliographic record, an encyclopedia,
a secondary scholarly work, or the originator's or an institution's own page."""

TermKind = Literal["name", "abbreviation", "name-de", "synonym", "translation", "branded", "misnomer", "former"]


@dataclass(frozen=True, slots=True)
class Text:
    """A text in the catalog's languages: English always, German where written (``None`` until then)."""

    en: str
    de: str | None = None

    def get(self, lang: str) -> str:
        """The text in ``lang``, or the English text where that language is missing."""
        return (self.de if lang == "de" else None) or self.en

    def has(self, lang: str) -> bool:
        """True when the text is written in ``lang``."""
        return bool(self.en if lang == "en" else self.de)


@dataclass(frozen=True, slots=True)
class Alias:
    """Another name a method goes by; it always resolves to its method."""

    term: str
    kind: str
    lang: str | None = None
    coined_by: str | None = None
    note: Text | None = None
    attested_in: str | None = None
    everyday_phrase: bool = False
    """The name is also an everyday phrase: search and lint resolve it, prose is not auto-linked."""


@dataclass(frozen=True, slots=True)
class Source:
    """A bibliographic record: a method's primary source or a further reference."""

    type: str
    title: str
    authors: tuple[str, ...] = ()
    editors: tuple[str, ...] = ()
    year: int | None = None
    container: str | None = None
    publisher: str | None = None
    place: str | None = None
    edition: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    doi: str | None = None
    isbn: str | None = None
    url: str | None = None
    note: Text | None = None

    @property
    def link(self) -> str | None:
        """The best resolvable link: DOI first, then URL."""
        if self.doi:
            return f"https://doi.org/{self.doi}"
        return self.url


@dataclass(frozen=True, slots=True)
class Relation:
    """A typed link from one method to another."""

    id: str
    type: str
    note: Text | None = None


@dataclass(frozen=True, slots=True)
class CheckedSource:
    """A source consulted to verify an origin, and what kind of source it is (`SOURCE_KINDS`)."""

    url: str
    kind: str


@dataclass(frozen=True, slots=True)
class Verification:
    """How the origin (originators, year, source) was checked."""

    level: str
    checked: tuple[CheckedSource, ...] = ()
    note: Text | None = None


@dataclass(frozen=True, slots=True)
class Misattribution:
    """A name the origin is commonly but wrongly credited to."""

    name: str
    note: Text


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """A meaningful change of an entry, for people who cite it."""

    date: str
    change: str
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Category:
    """One entry of the controlled category list."""

    id: str
    en: str
    de: str


@dataclass(frozen=True, slots=True)
class Researcher:
    """A person (or organisation) who originated a method."""

    id: str
    name: str
    family: str | None = None
    affiliation: str | None = None
    orcid: str | None = None
    wikidata: str | None = None
    url: str | None = None
    wikipedia: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    path: str = ""

    @property
    def sort_key(self) -> tuple[str, str]:
        """Order of researcher lists: family name (the last word when unknown), then the full name."""
        return (normalize(self.family or self.name.split()[-1]), normalize(self.name))


@dataclass(frozen=True, slots=True)
class Method:
    """One canonical method of the catalog."""

    id: str
    name: str
    definition: Mapping[str, str]
    category: str
    status: str
    verification: Verification
    abbreviation: str | None = None
    names: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    aliases: tuple[Alias, ...] = ()
    originators: tuple[str, ...] = ()
    origin_note: Text | None = None
    popularized_by: tuple[str, ...] = ()
    year: int | None = None
    misattributed_to: tuple[Misattribution, ...] = ()
    name_rationale: Text | None = None
    replaced_by: str | None = None
    former_ids: tuple[str, ...] = ()
    source: Source | None = None
    description: Text | None = None
    steps: Text | None = None
    when_to_use: Text | None = None
    pitfalls: Text | None = None
    related: tuple[Relation, ...] = ()
    references: tuple[Source, ...] = ()
    wikidata: str | None = None
    wikipedia: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    history: tuple[HistoryEntry, ...] = ()
    path: str = ""

    @property
    def name_de(self) -> str | None:
        """The German name (``names.de``), when the catalog records one."""
        return self.names.get("de")

    def terms(self) -> list[tuple[str, str]]:
        """Every name of this method as ``(term, kind)``: canonical name first."""
        found = [(self.name, "name")]
        if self.abbreviation:
            found.append((self.abbreviation, "abbreviation"))
        if self.name_de:
            found.append((self.name_de, "name-de"))
        found.extend((alias.term, alias.kind) for alias in self.aliases)
        return found

    @property
    def last_changed(self) -> str | None:
        """Date of the newest history entry."""
        return max((entry.date for entry in self.history), default=None)


@dataclass(frozen=True, slots=True)
class TermEntry:
    """One way a term names a method: the written form and how it relates."""

    term: str
    method_id: str
    kind: str
    alias: Alias | None = None


class Catalog:
    """The validated catalog with indexes computed once: by id, by normalised term, by researcher."""

    def __init__(
        self,
        methods: Iterable[Method],
        researchers: Iterable[Researcher],
        categories: Iterable[Category] = (),
        version: str = "0",
        settings: Mapping[str, Any] | None = None,
    ) -> None:
        self.methods: Mapping[str, Method] = MappingProxyType({m.id: m for m in sorted(methods, key=lambda m: m.id)})
        self.researchers: Mapping[str, Researcher] = MappingProxyType({r.id: r for r in sorted(researchers, key=lambda r: r.sort_key)})
        self.categories: Mapping[str, Category] = MappingProxyType({c.id: c for c in categories})
        self.version = version
        self.settings: Mapping[str, Any] = MappingProxyType(dict(settings or {}))
        terms: dict[str, list[TermEntry]] = {}
        for method in self.methods.values():
            aliases = {alias.term: alias for alias in method.aliases}
            seen: set[str] = set()
            for term, kind in method.terms():
                key = normalize(term)
                if key in seen:
                    continue
                seen.add(key)
                terms.setdefault(key, []).append(TermEntry(term, method.id, kind, aliases.get(term)))
        self.terms: Mapping[str, tuple[TermEntry, ...]] = MappingProxyType({k: tuple(v) for k, v in sorted(terms.items())})
        by_researcher: dict[str, list[str]] = {}
        for method in self.methods.values():
            for rid in method.originators:
                by_researcher.setdefault(rid, []).append(method.id)
        self.by_researcher: Mapping[str, tuple[str, ...]] = MappingProxyType({k: tuple(v) for k, v in by_researcher.items()})
        incoming: dict[str, list[tuple[Method, Relation]]] = {}
        for method in self.methods.values():
            for rel in method.related:
                incoming.setdefault(rel.id, []).append((method, rel))
        self._incoming = incoming
        self.former_ids: Mapping[str, str] = MappingProxyType({old: m.id for m in self.methods.values() for old in m.former_ids})

    def __len__(self) -> int:
        return len(self.methods)

    def method(self, method_id: str) -> Method:
        """The method with this id (``KeyError`` for an unknown id; ids are not resolved as terms)."""
        return self.methods[method_id]

    def researcher(self, researcher_id: str) -> Researcher:
        """The researcher with this id (``KeyError`` for an unknown id)."""
        return self.researchers[researcher_id]

    def resolve(self, term: str) -> list[Method]:
        """All methods a term names (any name, alias or abbreviation; any case, hyphens or spaces)."""
        entries = self.terms.get(normalize(term), ())
        return [self.methods[entry.method_id] for entry in entries]

    def entries(self, term: str) -> tuple[TermEntry, ...]:
        """How a term names each of its methods."""
        return self.terms.get(normalize(term), ())

    def originators(self, method: Method) -> list[Researcher]:
        """The researchers who originated a method, in the order of its primary source's authors."""
        return [self.researchers[rid] for rid in method.originators]

    def methods_by(self, researcher_id: str) -> list[Method]:
        """Methods a researcher originated, oldest first."""
        found = [self.methods[mid] for mid in self.by_researcher.get(researcher_id, ())]
        return sorted(found, key=lambda m: (m.year or 9999, m.name))

    def ambiguous_terms(self) -> dict[str, tuple[TermEntry, ...]]:
        """Normalised terms that name more than one method."""
        return {k: v for k, v in self.terms.items() if len({e.method_id for e in v}) > 1}

    def inverse_relations(self, method_id: str) -> list[tuple[Method, Relation]]:
        """Relations of other methods that point at this one."""
        return list(self._incoming.get(method_id, ()))
