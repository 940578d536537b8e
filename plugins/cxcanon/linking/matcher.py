"""Find every mention of a catalog method in a text, in one pass, whatever the number of terms.

The contract (each rule has a test in ``tests/test_matcher.py``):

- Every canonical name, abbreviation, German name and alias is a term.
- The longest match wins ("Customer Journey Map" over "Customer Journey"); of
  overlapping matches the leftmost wins.
- A match starts and ends at a word boundary for any Unicode letter or digit:
  "Kano" is not found in "Kanoes", "Persona" not in "Personalities", "Maß" not in "Maßnahme".
- Hyphens, underscores and runs of whitespace are interchangeable
  ("Value-Proposition-Canvas" = "Value Proposition Canvas").
- Names and aliases match in any case. Abbreviations (the method's
  ``abbreviation``, aliases of kind ``abbreviation`` and short all-capital
  terms such as "CBC") match only as written: "MVP" is found, "mvp" is not.
- Plurals match: English ``-s`` (``-es`` after s, x, z, ch, sh) for every term;
  German ``-s``, ``-n`` (after e, el, er) and ``-en`` (after a consonant) for German terms.
  A term written exactly as another term's plural belongs to that term only.

The index, built once per catalog, is an Aho-Corasick automaton (``pyahocorasick``)
over the last word of every normalised term (`cxcanon.catalog.terms.normalize`), and a
dictionary of the terms themselves. The text is case-folded and its word gaps
(punctuation) turned into spaces; the automaton finds each last word between two
gaps in one pass, and each hit is extended backwards, word start by word start,
by looking the span up in the dictionary. The automaton stays small however many
terms there are (method names end in few words: Map, Model, Canvas, Score), so
matching costs about the same with 10 or 10,000 terms.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import ahocorasick

from ..catalog.model import Catalog, TermEntry

__all__ = ["CANONICAL_KINDS", "Matcher", "Mention"]

CANONICAL_KINDS: frozenset[str] = frozenset({"name", "abbreviation", "name-de"})
"""Term kinds that are a method's own names; every other kind is an alias.

(An alias of kind ``abbreviation`` is told apart by ``TermEntry.alias``: see `Mention.canonical`.)
"""

# The same separator class as cxcanon.catalog.terms.normalize: hyphens, dashes, whitespace, underscore.
_SEPARATOR_CHARS = "\u002d\u2010\u2011\u2012\u2013\u2014\u2212_ \t\n\r\f\v\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\x1c\x1d\x1e\x1f\x85"
_SEPARATOR_TABLE = {ord(c): " " for c in _SEPARATOR_CHARS}
_SEPARATOR_RUN = re.compile(f"[{re.escape(_SEPARATOR_CHARS)}]+")
_SPACE_RUN = re.compile(" {2,}")
_VOWELS = frozenset("aeiouyäöü")
_ACRONYM = re.compile(r"[A-Z0-9&]{2,5}")


@dataclass(frozen=True, slots=True)
class Mention:
    """One mention of one or more methods in a text: ``text[start:end]``."""

    start: int
    end: int
    text: str
    """The mention as written in the text."""
    term: str
    """The catalog term it matched, as written in the catalog (without a plural ending)."""
    entries: tuple[TermEntry, ...]
    """How the term names each method (one entry per method)."""
    plural: bool = False

    @property
    def method_ids(self) -> tuple[str, ...]:
        return tuple(entry.method_id for entry in self.entries)

    @property
    def ambiguous(self) -> bool:
        """True when the term names more than one method."""
        return len(self.entries) > 1

    @property
    def kind(self) -> str:
        """The kind of name (``name``, ``abbreviation``, ``name-de``, or an alias kind); of the first method when ambiguous."""
        return self.entries[0].kind

    @property
    def everyday_phrase(self) -> bool:
        """True when every method's name for this term is also an everyday phrase (resolved, but not linked in prose)."""
        return all(entry.alias is not None and entry.alias.everyday_phrase for entry in self.entries)

    @property
    def canonical(self) -> bool:
        """True when the mention uses a method's own name, abbreviation or German name (not an alias)."""
        return all(entry.alias is None and entry.kind in CANONICAL_KINDS for entry in self.entries)


_Candidate = tuple[int, "str | None"]
"""(index into Matcher._entries, the term as written when it must match in exactly that case)."""
_Form = tuple[int, str, bool, tuple[_Candidate, ...], "str | None"]
"""One searchable form: (length, catalog term, is a plural, candidates, the normalised key when
it holds characters other than letters, digits and spaces).

Plain tuples of strings and ints, not objects: CPython's garbage collector stops tracking
them, so a catalog of 10,000 terms does not slow down every collection of a build.
"""


def _squash(text: str) -> str:
    return _SEPARATOR_RUN.sub(" ", text)


def _case_sensitive(entry: TermEntry) -> bool:
    """Abbreviations match only as written; so do short all-capital terms of any kind ("CBC")."""
    if entry.kind == "abbreviation":
        return True
    return bool(_ACRONYM.fullmatch(entry.term)) and any(c.isalpha() for c in entry.term)


def _is_german(entry: TermEntry) -> bool:
    return entry.kind == "name-de" or (entry.alias is not None and entry.alias.lang == "de")


def plural_suffixes(entry: TermEntry, *, case_sensitive: bool | None = None) -> tuple[str, ...]:
    """The plural endings a term may carry in running text."""
    key = entry.term.rstrip()
    last = key[-1:].casefold()
    if not last.isalpha():
        return ()
    if _case_sensitive(entry) if case_sensitive is None else case_sensitive:
        return ("s",) if last != "s" else ()
    found: list[str] = []
    folded = key.casefold()
    if folded.endswith(("s", "x", "z", "ch", "sh")):
        found.append("es")
    else:
        found.append("s")
    if _is_german(entry):
        # German plural and case endings: der Kundenwert → die Kundenwerte(n), des Kundenwert(e)s;
        # die Persona → den Personas; die Schnittstelle → den Schnittstellen.
        if folded.endswith(("e", "el", "er")):
            found.append("n")
        elif folded.endswith(_GERMAN_EN_ONLY):
            found.append("en")
        elif folded.endswith("nis"):
            found.extend(("se", "ses", "sen"))  # das Erlebnis → die Erlebnisse, des Erlebnisses, den Erlebnissen
        elif last not in _VOWELS and last != "s":
            found.extend(("e", "en", "es"))
    return tuple(dict.fromkeys(found))


_GERMAN_EN_ONLY = ("ung", "heit", "keit", "schaft", "ion", "tät", "ik")
"""German noun endings whose plural is always -en (die Messung → die Messungen; no -e, no genitive -es)."""


class Matcher:
    """All terms of a catalog in one automaton; `find` returns every mention in a text."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._entries: list[TermEntry] = []
        grouped: dict[str, tuple[str, list[_Candidate], bool]] = {}
        forms: list[tuple[str, TermEntry, _Candidate]] = []
        for key, entries in catalog.terms.items():
            candidates: list[_Candidate] = []
            for entry in entries:
                candidate = (len(self._entries), _squash(entry.term) if _case_sensitive(entry) else None)
                self._entries.append(entry)
                candidates.append(candidate)
                forms.append((key, entry, candidate))
            grouped[key] = (entries[0].term, candidates, False)
        for key, entry, candidate in forms:
            for suffix in plural_suffixes(entry, case_sensitive=candidate[1] is not None):
                existing = grouped.get(key + suffix)
                if existing is None:
                    grouped[key + suffix] = (entry.term, [candidate], True)
                elif existing[2] and all(self._entries[c[0]].method_id != entry.method_id for c in existing[1]):
                    existing[1].append(candidate)
                # else: a term written like this exists in its own right
        # The automaton holds the last word of every term, not whole terms: a text walks through
        # a small automaton, and each hit is extended to the terms that end there by looking up
        # the words before it. Names of methods end in far fewer words than there are names
        # ("Map", "Model", "Canvas", "Score"), so the automaton stays small however many terms
        # there are, and a page does not touch thousands of its nodes.
        self._forms: list[_Form] = []
        by_text: dict[str, list[_Form]] = {}
        wordless: list[_Form] = []
        last_words: set[str] = set()
        for key, (term, candidates, plural) in grouped.items():
            masked = _mask(key)  # word gaps (punctuation) as spaces, the same length as the key
            form = (len(key), term, plural, tuple(candidates), None if masked == key else key)
            self._forms.append(form)
            words = masked.split()
            if not words:
                wordless.append(form)  # only punctuation ("++"): looked for as it is
                continue
            by_text.setdefault(masked, []).append(form)
            last_words.add(words[-1])
        self._by_text = {text: tuple(forms) for text, forms in by_text.items()}
        self._wordless = tuple(wordless)
        keys = list(self._by_text)
        self._longest = max(map(len, keys), default=0)
        self._lead = max((len(k) - len(k.lstrip(" ")) for k in keys), default=0)
        self._trail = max((len(k) - len(k.rstrip(" ")) for k in keys), default=0)
        self._automaton = ahocorasick.Automaton()
        for word in sorted(last_words):
            self._automaton.add_word(f" {word} ", len(word))
        if last_words:
            self._automaton.make_automaton()

    def __len__(self) -> int:
        """The number of searchable forms (terms and their plurals)."""
        return len(self._forms)

    def find(self, text: str) -> list[Mention]:
        """Every mention in ``text``, left to right, longest first, none overlapping."""
        if not self._forms or not text:
            return []
        folded, origin = _fold(text)
        # Candidates as plain tuples first; the longest leftmost match wins, so a Mention is
        # built only for the matches that are kept.
        hits = self._candidates(folded)
        if not hits:
            return []
        hits.sort(key=_hit_order)
        found: list[Mention] = []
        reached = -1
        for start, negative_length, form in hits:
            if start < reached:
                continue
            end = start - negative_length
            begin, stop = (start, end) if origin is None else (origin[start], origin[end - 1] + 1)
            written = text[begin:stop]
            accepted = tuple(self._entries[i] for i, stem in form[3] if stem is None or _same_case(written, stem))
            if accepted:  # a term that must match in its case and does not is no match at all
                found.append(Mention(begin, stop, written, form[1], accepted, form[2]))
                reached = end
        return found

    def _candidates(self, folded: str) -> list[tuple[int, int, _Form]]:
        """Every occurrence of a term in the folded text, at word boundaries: ``(start, -length, form)``."""
        masked = _mask(folded)
        size = len(masked)
        by_text, longest, lead, trail = self._by_text, self._longest, self._lead, self._trail
        hits: list[tuple[int, int, _Form]] = []

        def add(start: int, stop: int) -> None:
            span = masked[start:stop]
            forms = by_text.get(span)
            if forms:
                # The text as it is must be the term: punctuation in a term must be there as written,
                # and punctuation in the text is no word gap ("Kano&Model" is not "Kano Model").
                written = folded[start:stop]
                hits.extend((start, start - stop, form) for form in forms if written == (form[4] or span))

        # ``last`` indexes " " + masked + " ": the trailing space of a last word found between two gaps.
        for last, length in self._automaton.iter(" " + masked + " ") if self._by_text else ():
            end = last - 1  # where the word ends in ``masked``
            stops = [end]  # a term that ends in punctuation ends after it: "Service Canvas+"
            while len(stops) <= trail and stops[-1] < size and masked[stops[-1]] == " ":
                stops.append(stops[-1] + 1)
            start = end - length  # the word's start; then each word start before it
            while end - start <= longest:
                for stop in stops:
                    add(start, stop)
                    ahead = start  # a term that starts with punctuation starts before the word: "#Persona"
                    while start - ahead < lead and ahead > 0 and masked[ahead - 1] == " ":
                        ahead -= 1
                        add(ahead, stop)
                gap = start - 1
                while gap >= 0 and masked[gap] == " ":
                    gap -= 1
                if gap < 0:
                    break
                start = masked.rfind(" ", 0, gap) + 1
        for form in self._wordless:
            key = form[4] or ""
            at = folded.find(key)
            while at >= 0:
                hits.append((at, -form[0], form))
                at = folded.find(key, at + 1)
        return hits

    def table(self) -> dict[str, object]:
        """The searchable forms as plain data, for a matcher in another language (the name checker's script).

        ``forms`` maps each masked form (word gaps as spaces) to its forms, each
        ``[key as written or "", candidate, ...]``; a candidate is an entry number, or
        ``[entry, stem]`` when the term must match in the case of ``stem``. ``entries`` lists
        ``[method id, kind, canonical 0/1]``; ``wordless`` holds the forms made only of
        punctuation; ``longest``, ``lead`` and ``trail`` bound the spans to look up, as here.
        """

        def plain(form: _Form) -> list[object]:
            return [form[4] or "", *(index if stem is None else [index, stem] for index, stem in form[3])]

        return {
            "forms": {text: [plain(form) for form in forms] for text, forms in self._by_text.items()},
            "wordless": [plain(form) for form in self._wordless],
            "entries": [[e.method_id, e.kind, int(e.alias is None and e.kind in CANONICAL_KINDS)] for e in self._entries],
            "longest": self._longest,
            "lead": self._lead,
            "trail": self._trail,
        }

    def find_all(self, texts: Iterable[str]) -> list[list[Mention]]:
        """`find` for each text."""
        return [self.find(text) for text in texts]


_NOT_WORD = re.compile(r"[^\w ]")
_ASCII_NOT_WORD = {c: " " for c in range(128) if not chr(c).isalnum()}
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@cache
def _marks(*, astral: bool) -> re.Pattern[str]:
    """The combining marks that are not alphanumeric: of the BMP, or of every plane that has any."""
    planes = (*range(0x30000), *range(0xE0000, 0xE1000)) if astral else range(0x10000)
    marks = "".join(chr(c) for c in planes if unicodedata.category(chr(c))[0] == "M" and not chr(c).isalnum())
    return re.compile(f"[{re.escape(marks)}]")


@cache
def _non_word() -> re.Pattern[str]:
    """Every character that is not part of a word: not a letter or digit of any script, nor a combining mark."""
    marks = _marks(astral=True).pattern[1:-1]
    return re.compile(f"[^\\w{marks}]")


def _mask(text: str) -> str:
    """``text`` with every character that is not part of a word replaced by a space (the same length).

    Word characters are letters and digits of any script and combining marks (a decomposed "ä" is one letter).

    ``\\W`` runs in C at full speed but takes combining marks for non-word characters (a
    decomposed "ä" is one letter here); the exact class is slow, so it only runs on text that has a mark.
    """
    if text.isascii():
        return text.translate(_ASCII_NOT_WORD)
    masked = _NOT_WORD.sub(" ", text)
    if _marks(astral=False).search(text) is None and _ASTRAL.search(text) is None:
        return masked
    return _non_word().sub(" ", text)


def _hit_order(hit: tuple[int, int, _Form]) -> tuple[int, int]:
    return hit[0], hit[1]


def _same_case(written: str, stem: str) -> bool:
    squashed = _squash(written)
    rest = squashed[len(stem) :]
    return squashed.startswith(stem) and (not rest or rest.islower())


@cache
def _expanding() -> re.Pattern[str]:
    """The characters whose case folding is not one character (ß → ss, ﬁ → fi, İ → i̇); all in the BMP."""
    chars = "".join(chr(c) for c in range(0x10000) if len(chr(c).casefold()) != 1 and not 0xD800 <= c <= 0xDFFF)
    return re.compile(f"[{re.escape(chars)}]")


def _fold(text: str) -> tuple[str, list[int] | _Shifts | None]:
    """The text case-folded, separators as single spaces; with a map to original offsets when lengths differ.

    Each step stays in C where it can: case folding and separator mapping keep offsets
    unless a character folds to several (ß) or separators come in runs. Runs alone map
    through `_Shifts` (one entry per piece between runs); with ß, through a list per character.
    """
    folded = text.casefold()
    origin: list[int] | None = None
    if len(folded) != len(text):
        parts: list[str] = []
        origin = []
        position = 0
        for found in _expanding().finditer(text):
            parts.append(text[position : found.start()].casefold())
            origin.extend(range(position, found.start()))
            expanded = found.group().casefold()
            parts.append(expanded)
            origin.extend([found.start()] * len(expanded))
            position = found.end()
        parts.append(text[position:].casefold())
        origin.extend(range(position, len(text)))
        folded = "".join(parts)
    folded = folded.translate(_SEPARATOR_TABLE)
    if "  " not in folded:
        return folded, origin
    kept: list[str] = []
    mapped: list[int] = []
    shifts = _Shifts()
    position = 0
    for run in _SPACE_RUN.finditer(folded):
        keep = run.start() + 1  # the first space of the run stands for all of it
        kept.append(folded[position:keep])
        if origin is not None:
            mapped.extend(origin[position:keep])
        shifts.add(keep - position, position)
        position = run.end()
    kept.append(folded[position:])
    if origin is not None:
        mapped.extend(origin[position:])
    shifts.add(len(folded) - position, position)
    return "".join(kept), (mapped if origin is not None else shifts)


class _Shifts:
    """Offsets into a text from offsets into it with runs of spaces made single: a start per piece, not an int per character."""

    __slots__ = ("folded", "original", "size")

    def __init__(self) -> None:
        self.folded: list[int] = []
        self.original: list[int] = []
        self.size = 0

    def add(self, length: int, original: int) -> None:
        """The next piece of the shortened text: ``length`` characters taken from ``original`` on."""
        self.folded.append(self.size)
        self.original.append(original)
        self.size += length

    def __getitem__(self, position: int) -> int:
        piece = bisect.bisect_right(self.folded, position) - 1
        return self.original[piece] + position - self.folded[piece]


_MATCHERS: weakref.WeakKeyDictionary[Catalog, Matcher] = weakref.WeakKeyDictionary()


def shared_matcher(catalog: Catalog) -> Matcher:
    """The matcher of a catalog, built once per catalog object (the site's name checker and the autolinker share it)."""
    matcher = _MATCHERS.get(catalog)
    if matcher is None:
        matcher = _MATCHERS[catalog] = Matcher(catalog)
    return matcher
