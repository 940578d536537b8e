"""Search weighting: make every name of a method find that method's page first.

Material's search (lunr) appends ``*`` to every query word, so "Kundenreise"
also matches "Kundenreisemanagement" on another page, and the rarer, longer
word wins on inverse document frequency. A method's own name words that are
a proper prefix of another method's name words are therefore repeated in its
page's ``tags`` (the field Material weighs 10⁶× over text), so that the exact
name outweighs the prefix match. Tags are hidden in search results (CSS), so
the repetition is never shown.
"""

from __future__ import annotations

import bisect
import html
import re
import weakref
from collections.abc import Iterable, Mapping
from typing import Any

from ..catalog.model import Catalog, Method, TermEntry
from .markup import text
from .urls import disambiguation_path, method_path, page_url, term_slug

SEPARATOR = re.compile(r"[\s\-]+")
"""Material's default search separator."""
PREFIX_REPEATS = 6
"""Repeats of a shared word in a one-word name (divided among the words of longer names)."""

_words_cache: weakref.WeakKeyDictionary[Catalog, list[tuple[str, str]]] = weakref.WeakKeyDictionary()


def words(term: str) -> list[str]:
    """The lower-cased words lunr indexes for a term."""
    return [w for w in SEPARATOR.split(term.lower()) if w]


def _all_words(catalog: Catalog) -> list[tuple[str, str]]:
    """Every (word, method id) of every name in the catalog, sorted; computed once per catalog."""
    found = _words_cache.get(catalog)
    if found is None:
        found = sorted({(w, m.id) for m in catalog.methods.values() for term, _ in m.terms() for w in words(term)})
        _words_cache[catalog] = found
    return found


def _shared_elsewhere(word: str, method_id: str, index: list[tuple[str, str]]) -> bool:
    """True when another method has this word, or a longer word starting with it, in one of its names."""
    for position in range(bisect.bisect_left(index, (word, "")), len(index)):
        other_word, other_id = index[position]
        if not other_word.startswith(word):
            return False
        if other_id != method_id:
            return True
    return False


def search_tags(catalog: Catalog, method: Method) -> list[str]:
    """Every name of the method (HTML-escaped: Material inserts tags as HTML), plus weighting repeats.

    A word shared with another method's names is repeated more the fewer words its
    name has: "Kundenerfahrung" as a whole name outweighs the same word inside
    "Management der Kundenerfahrung", and an exact word outweighs a longer word it prefixes.
    """
    names = list(dict.fromkeys(text(term) for term, _kind in method.terms()))
    index = _all_words(catalog)
    weight: dict[str, int] = {}
    for term, _kind in method.terms():
        term_words = words(term)
        for word in term_words:
            if _shared_elsewhere(word, method.id, index):
                weight[word] = max(weight.get(word, 0), -(-PREFIX_REPEATS // len(term_words)))
    extra = [text(word) for word, count in weight.items() for _ in range(count)]
    return names + extra


def disambiguation_tags(entries: Iterable[TermEntry]) -> list[str]:
    """The tags of a disambiguation page: its term, weighted like the methods' own names (the page's boost then decides)."""
    terms = list(dict.fromkeys(entry.term for entry in entries))
    repeated = [text(word) for term in terms for word in words(term) for _ in range(PREFIX_REPEATS)]
    return [text(term) for term in terms] + repeated


BEST_BETS_PATH = "assets/cxcanon-names.json"
"""Where the site's name index for the search box's best bet is written."""


def best_bets(catalog: Catalog, *, directory_urls: bool = True, lang: str = "en") -> dict[str, object]:
    """Every normalised name → the page it names, for the search box's "best bet".

    lunr ranks by word statistics, so an exact alias can lose to a longer word on
    another page. The site's script looks the whole query up here (normalised as
    `cxcanon.catalog.terms.normalize` does) and puts the canonical page (or the
    disambiguation page of an ambiguous term) first. Values are
    ``[url, canonical name, how the term names it, and for an alias its language]``; URLs are site-relative.
    """

    names: dict[str, list[str]] = {}
    for key, entries in catalog.terms.items():
        ids = list(dict.fromkeys(entry.method_id for entry in entries))
        if len(ids) == 1:
            method = catalog.methods[ids[0]]
            kind = entries[0].kind
            name = (method.name_de or method.name) if lang == "de" else method.name
            alias = entries[0].alias
            names[key] = [page_url(method_path(method.id), directory_urls=directory_urls), name, kind]
            if alias is not None and alias.lang:
                names[key].append(alias.lang)
        else:
            url = page_url(disambiguation_path(term_slug(entries[0].term)), directory_urls=directory_urls)
            names[key] = [url, entries[0].term, "ambiguous"]
    return {"version": catalog.version, "names": names}


SEARCH_TEXT_CHARS = 160
"""How much of a definition the search index holds: its start is what a result shows, and what
makes the index grow with the catalog (about 110 bytes gzipped per method with 160 characters)."""


def clip(text: str, limit: int = SEARCH_TEXT_CHARS) -> str:
    """``text`` cut at the last word boundary before ``limit`` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:–-")
    return cut + " …"


def search_entry(location: str, meta: Mapping[str, Any], title: str | None = None) -> dict[str, Any] | None:
    """The search index entry of a generated page, from its front matter alone (None if it is kept out of search).

    A generated page is found by its names, not its full text: the entry holds the title, the
    start of its description (a method's definition, `clip`), the names as ``tags`` and the page's boost, in the
    shape of Material's index. Building it from the front matter spares parsing the page's
    HTML, and keeps the index a reader downloads at about one short entry per page, however
    long the entries' prose grows. Hand-written pages keep their full-text entries.
    """
    search = meta.get("search") or {}
    if not isinstance(search, Mapping):
        search = {}
    if search.get("exclude"):
        return None
    entry: dict[str, Any] = {
        "location": location,
        "title": html.escape(html.unescape(str(meta.get("title") or title or "")), quote=False),
        "text": html.escape(clip(html.unescape(str(meta.get("description") or ""))), quote=False),
    }
    tags = meta.get("tags")
    if isinstance(tags, list):
        entry["tags"] = [str(tag) for tag in tags]
    if "boost" in search:
        entry["boost"] = search["boost"]
    return entry
