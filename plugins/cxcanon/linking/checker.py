"""The name checker: every mention of a method in a reader's text, classified, and its data for the browser.

The page ``/check/`` runs the same matcher in the reader's browser (``docs/assets/cxcanon-check.js``)
from the data `checker_data` publishes: the matcher's own table of searchable forms, so that the
rules (normalisation, word boundaries, case of abbreviations, plurals, longest match) are defined
once, here in Python. `findings` is the reference the script is tested against
(``tests/fixtures/checker_cases.yaml``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..catalog.labels import origin_label
from ..catalog.model import Catalog
from .matcher import Matcher, Mention

KINDS = ("canonical", "synonym", "abbreviation", "translation", "branded", "misnomer", "former", "ambiguous")
"""How a text names a method: by its own name, by an alias of a kind, or by a term of several methods."""

REPLACED = frozenset({"branded", "misnomer", "former"})
"""Kinds of names that the canonical version of a text replaces by the canonical name."""


def finding_kind(mention: Mention) -> str:
    """``ambiguous``, ``canonical`` (a method's own name, abbreviation or German name) or the alias kind."""
    if mention.ambiguous:
        return "ambiguous"
    if mention.canonical:
        return "canonical"
    return mention.kind


def findings(matcher: Matcher, text: str) -> list[list[object]]:
    """Every mention in ``text`` as ``[start, end, text as written, kind, [method ids]]``."""
    return [[m.start, m.end, m.text, finding_kind(m), sorted(m.method_ids)] for m in matcher.find(text)]


def checker_data(catalog: Catalog, matcher: Matcher, *, lang: str, url: Callable[[str], str]) -> dict[str, Any]:
    """The name checker's data file: the matcher's table and, per method, what the page shows in ``lang``.

    ``methods`` maps each id to ``[name, canonical name, origin label ("" when unknown), page URL (site-relative)]``;
    ``differences`` maps ``"id|id"`` (sorted) to the stated difference of two methods that share a name.
    """
    methods = {
        m.id: [
            (m.name_de or m.name) if lang == "de" else m.name,
            m.name,
            origin_label(catalog, m) if m.originators or m.year is not None else "",
            url(m.id),
        ]
        for m in catalog.methods.values()
    }
    # The stated differences the page shows: of methods that share an ambiguous name.
    sharing = {tuple(sorted(pair)) for entries in catalog.ambiguous_terms().values() for pair in _pairs(e.method_id for e in entries)}
    differences: dict[str, str] = {}
    for method in catalog.methods.values():
        for rel in method.related:
            pair = tuple(sorted((method.id, rel.id)))
            if rel.type == "confused-with" and rel.note is not None and pair in sharing:
                differences.setdefault("|".join(pair), rel.note.get(lang))
    return {"version": catalog.version, "lang": lang, **matcher.table(), "methods": methods, "differences": differences}


def _pairs(ids: Iterable[str]) -> list[tuple[str, str]]:
    unique = sorted(set(ids))
    return [(a, b) for i, a in enumerate(unique) for b in unique[i + 1 :]]
