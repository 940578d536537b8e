"""The matcher finds every mention of a method: longest match, word boundaries, case, plurals, hyphens."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cxcanon.catalog import Catalog, load_catalog
from cxcanon.catalog.model import Alias, Method, TermEntry, Verification
from cxcanon.catalog.terms import normalize
from cxcanon.linking import matcher as matcher_module
from cxcanon.linking.matcher import Matcher, plural_suffixes

LINKING = Path(__file__).parent / "fixtures" / "linking"


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_catalog(LINKING))


def found(matcher: Matcher, text: str) -> list[tuple[str, str]]:
    """Each mention as (text as written, method ids joined by '+')."""
    mentions = matcher.find(text)
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
    return [(m.text, "+".join(sorted(m.method_ids))) for m in mentions]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # longest match wins
        ("A Customer Journey Map helps.", [("Customer Journey Map", "customer-journey-map")]),
        ("Every Customer Journey counts.", [("Customer Journey", "customer-journey")]),
        ("Customer Journey Management", [("Customer Journey Management", "customer-journey-management")]),
        (
            "the TCJG Customer Value Proposition Canvas",
            [("TCJG Customer Value Proposition Canvas", "value-proposition-canvas")],
        ),
        ("a Customer Value Proposition Canvas", [("Customer Value Proposition Canvas", "value-proposition-canvas")]),
        # word boundaries, for any Unicode letter
        ("the Kanoes and Kano Models", [("Kano Models", "kano-model")]),
        ("Personalities differ", []),
        ("Personas differ", [("Personas", "persona")]),
        ("Kundenreisekarte", [("Kundenreisekarte", "customer-journey-map")]),
        ("eine Kundenreisekartei", []),
        ("Schlüsselmomentär", []),
        ("ÜSchlüsselmoment", []),
        ("ein Schlüsselmoment.", [("Schlüsselmoment", "moments-of-truth")]),
        ("Personaß Personaé éPersona", []),
        ("(Persona)", [("Persona", "persona")]),
        ("Persona_Persona", [("Persona", "persona"), ("Persona", "persona")]),
        ("Persona2", []),
        # hyphens and spaces are interchangeable, so are runs of whitespace and line breaks
        ("the Value-Proposition-Canvas", [("Value-Proposition-Canvas", "value-proposition-canvas")]),
        ("das Kano Modell", [("Kano Modell", "kano-model")]),
        ("Customer\n  Journey   Map", [("Customer\n  Journey   Map", "customer-journey-map")]),
        ("Customer\u2011Journey\u2013Map", [("Customer\u2011Journey\u2013Map", "customer-journey-map")]),
        # names match in any case; abbreviations only as written
        ("value proposition canvas", [("value proposition canvas", "value-proposition-canvas")]),
        ("KANO MODEL", [("KANO MODEL", "kano-model")]),
        ("an MVP", [("MVP", "minimum-viable-product")]),
        ("an mvp or an Mvp", []),
        ("two MVPs", [("MVPs", "minimum-viable-product")]),
        ("two MVPS", []),
        ("MOT and mot", [("MOT", "moments-of-truth")]),
        ("VPC vpc", [("VPC", "value-proposition-canvas")]),
        # plurals: English -s/-es, German -s/-n/-en
        ("Customer Journeys", [("Customer Journeys", "customer-journey")]),
        ("Customer Journey Maps", [("Customer Journey Maps", "customer-journey-map")]),
        ("Service Blueprints", [("Service Blueprints", "service-blueprint")]),
        ("die Kundenreisen", [("Kundenreisen", "customer-journey")]),
        ("des Kano-Modells", [("Kano-Modells", "kano-model")]),
        ("Service-Blaupausen", [("Service-Blaupausen", "service-blueprint")]),
        ("Kundenreiseen", []),
        # ambiguous terms name every method
        ("the CJM", [("CJM", "customer-journey-management+customer-journey-map")]),
        ("the cjm", []),
        # offsets stay exact when case folding changes the length (ß → ss)
        ("Maße, Größe: Customer Journey Map", [("Customer Journey Map", "customer-journey-map")]),
        ("Straße  und  Customer  Journey", [("Customer  Journey", "customer-journey")]),
        ("\ufb01 Persona  \u00df Kano  Model \u0130", [("Persona", "persona"), ("Kano  Model", "kano-model")]),
        ("", []),
        ("nothing to see", []),
    ],
)
def test_mentions(matcher: Matcher, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(matcher, text) == expected


def test_several_mentions_left_to_right(matcher: Matcher) -> None:
    text = "Build a Persona, then a Customer Journey Map; test an MVP. The Persona again."
    assert [m.text for m in matcher.find(text)] == ["Persona", "Customer Journey Map", "MVP", "Persona"]


@pytest.mark.parametrize(
    ("text", "kind", "canonical", "term", "plural"),
    [
        ("Kano Model", "name", True, "Kano Model", False),
        ("Kano-Modell", "name-de", True, "Kano-Modell", False),
        ("MVP", "abbreviation", True, "MVP", False),
        ("TCJG Customer Value Proposition Canvases", "branded", False, "TCJG Customer Value Proposition Canvas", True),
        ("Customer Value Proposition Canvas", "misnomer", False, "Customer Value Proposition Canvas", False),
        ("Service Map Chart", "former", False, "Service Map Chart", False),
        ("Journey Map", "synonym", False, "Journey Map", False),
        ("CJM", "abbreviation", False, "CJM", False),
    ],
)
def test_mention_kinds(matcher: Matcher, text: str, kind: str, canonical: bool, term: str, plural: bool) -> None:
    (mention,) = matcher.find(text)
    assert (mention.kind, mention.canonical, mention.term, mention.plural) == (kind, canonical, term, plural)


def _method(id: str, name: str, *aliases: str) -> Method:
    return Method(
        id=id,
        name=name,
        definition={"en": "x"},
        category="research",
        status="stable",
        verification=Verification("unverified"),
        aliases=tuple(Alias(a, "synonym", "en") for a in aliases),
    )


def test_a_term_spelled_like_a_plural_belongs_to_its_own_method() -> None:
    catalog = Catalog([_method("journey", "Journey"), _method("journeys-framework", "Journeys Framework", "Journeys")], [])
    assert [m.method_ids for m in Matcher(catalog).find("Journeys and Journey")] == [("journeys-framework",), ("journey",)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # punctuation inside a term must be there as written: the automaton sees it as a word gap
        ("the C&A Model works", ["C&A Model"]),
        ("the C A Model, the C-A Model, the C.A Model", []),
        ("(C&A Model)", ["C&A Model"]),
        ("XC&A Model", []),
        # a term ending in punctuation ends where the punctuation does
        ("a Service Canvas+ here, a Service Canvas+s there", ["Service Canvas+", "Service Canvas+"]),
        ("a Service Canvas here", []),
        # combining marks are letters: a decomposed accent glues words together
        ("Persona\u0301 e\u0301Persona", []),
        ("Persona e\u0301 Persona", ["Persona", "Persona"]),
        # letters beyond the BMP are letters too; an emoji is not
        ("\U0001d400Persona Persona\U0001d400", []),
        ("\U0001f600Persona\U0001f600", ["Persona"]),
    ],
)
def test_word_gaps_punctuation_and_marks(text: str, expected: list[str]) -> None:
    catalog = Catalog([_method("ca", "C&A Model"), _method("sc", "Service Canvas+"), _method("persona", "Persona")], [])
    assert [m.text for m in Matcher(catalog).find(text)] == expected


@pytest.mark.parametrize(
    ("term", "kind", "lang", "suffixes"),
    [
        ("Persona", "name", None, ("s",)),
        ("Business Process", "name", None, ("es",)),
        ("Kano", "name", None, ("s",)),  # so "Kanoes" is no plural
        ("Coach", "synonym", "en", ("es",)),
        ("Kundenreise", "name-de", None, ("s", "n")),
        ("Messung", "translation", "de", ("s", "en")),
        ("Regel", "translation", "de", ("s", "n")),
        ("Kundenwert", "translation", "de", ("s", "e", "en", "es")),  # Kundenwerte, den Kundenwerten, des Kundenwertes
        ("Beschwerdemanagement", "name-de", None, ("s", "e", "en", "es")),
        ("Kundenerlebnis", "translation", "de", ("es", "se", "ses", "sen")),
        ("MVP", "abbreviation", None, ("s",)),
        ("NPS", "abbreviation", None, ()),
        ("Score 2", "name", None, ()),
    ],
)
def test_plural_suffixes(term: str, kind: str, lang: str | None, suffixes: tuple[str, ...]) -> None:
    alias = Alias(term, kind, lang) if kind not in ("name", "name-de", "abbreviation") else None
    assert plural_suffixes(TermEntry(term, "m", kind, alias)) == suffixes


def test_empty_catalog_finds_nothing() -> None:
    assert Matcher(Catalog([], [])).find("Persona") == []


def test_ten_thousand_terms_still_find_the_longest(matcher: Matcher) -> None:
    methods = [
        Method(
            id=f"m{i}",
            name=f"Method Number {i}",
            definition={"en": "x"},
            category="research",
            status="stable",
            verification=Verification("unverified"),
        )
        for i in range(10_000)
    ]
    big = Matcher(Catalog(methods, []))
    assert [m.method_ids for m in big.find("see Method Number 1234 and method number 12")] == [("m1234",), ("m12",)]


# --- candidates: the last-word automaton finds exactly what a search for every whole term finds ---

_WORDS = ["kano", "model", "map", "journey", "c", "a", "nps", "maß", "e\u0301", "x2"]
_GAPS = [" ", "  ", "-", ", ", " (", ") ", "&", "+", "#", "."]


def _is_word_char(char: str) -> bool:
    """The contract's word characters: letters and digits of any script, and combining marks."""
    return char.isalnum() or unicodedata.category(char)[0] == "M"


def _every_occurrence(matcher: Matcher, folded: str) -> list[tuple[int, int, object]]:
    """The reference: each term looked for at every position, with the word-boundary rules of the matcher contract."""
    masked = matcher_module._mask(folded)
    found = []
    for key_masked, forms in [*matcher._by_text.items(), *((" " * f[0], (f,)) for f in matcher._wordless)]:
        for form in forms:
            key = form[4] or key_masked
            at = folded.find(key)
            while at >= 0:
                stop = at + len(key)
                before_ok = not _is_word_char(key[0]) or at == 0 or masked[at - 1] == " "
                after_ok = not _is_word_char(key[-1]) or stop == len(folded) or masked[stop] == " "
                if before_ok and after_ok:
                    found.append((at, -len(key), form))
                at = folded.find(key, at + 1)
    return sorted(found)


@settings(max_examples=300, deadline=None)
@example(terms=["#kano", "kano", "(c)"], text="a #kano b ##kano (c) c")
@example(terms=["map+", "map", "++"], text="map+ map++ map ++")
@example(terms=["kano model", "kano (model"], text="kano&model kano (model kano-model kano model")
@given(
    st.lists(
        st.lists(st.sampled_from(_WORDS), min_size=1, max_size=3).map(" ".join)
        | st.tuples(st.sampled_from(_WORDS), st.sampled_from(_GAPS), st.sampled_from(_WORDS)).map("".join)
        | st.sampled_from(["++", "#kano", "map+", "(c)"]),
        min_size=1,
        max_size=12,
        unique_by=lambda t: normalize(t),
    ),
    st.lists(st.sampled_from(_WORDS) | st.sampled_from(_GAPS), max_size=40).map("".join),
)
def test_candidates_equal_a_search_for_every_term(terms: list[str], text: str) -> None:
    catalog = Catalog([_method(f"m{i}", term) for i, term in enumerate(terms) if len(term) >= 2], [])
    matcher = Matcher(catalog)
    folded, _ = matcher_module._fold(text)
    assert sorted(matcher._candidates(folded)) == _every_occurrence(matcher, folded)


def _folded_by_character(text: str) -> tuple[str, list[int]]:
    """`_fold` spelled out one character at a time: each folded character with the offset it came from."""
    chars: list[tuple[str, int]] = []
    for offset, char in enumerate(text):
        for folded in char.casefold():
            folded = folded.translate(matcher_module._SEPARATOR_TABLE)
            if not (folded == " " and chars and chars[-1][0] == " "):  # a run of separators: its first stands for it
                chars.append((folded, offset))
    return "".join(c for c, _ in chars), [offset for _, offset in chars]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from([*_WORDS, *_GAPS, "ß", "Straße", "ﬁ", " ", "  ", " – ", ",", "\n", "İ"]), max_size=30).map("".join))
def test_folded_offsets_lead_back_to_the_original_text(text: str) -> None:
    folded, origin = matcher_module._fold(text)
    expected, offsets = _folded_by_character(text)
    assert folded == expected
    assert [position if origin is None else origin[position] for position in range(len(folded))] == offsets
