"""The catalog we ship: it validates, and every name from the seed texts resolves as intended."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cxcanon.catalog import load_yaml, validate_catalog
from cxcanon.catalog.terms import normalize

REPO = Path(__file__).resolve().parents[1]
SEED_TERMS = sorted((Path(__file__).parent / "fixtures" / "seed_terms").glob("*.yaml"))


@pytest.fixture(scope="module")
def shipped():
    result = validate_catalog(REPO / "methods")
    assert result.catalog is not None, result.report.render()
    return result.catalog


def test_shipped_catalog_has_no_errors() -> None:
    result = validate_catalog(REPO / "methods")
    assert not result.report.errors, result.report.render()


def test_every_method_file_starts_with_the_schema_header() -> None:
    for path in sorted((REPO / "methods").glob("*.yaml")):
        if path.name in ("categories.yaml", "catalog.yaml"):
            continue
        assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=schema/method.schema.json\n"), path
    for path in sorted((REPO / "methods" / "researchers").glob("*.yaml")):
        assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../schema/researcher.schema.json\n"), path


def _seed_terms() -> list[tuple[str, str, str]]:
    cases = []
    for path in SEED_TERMS:
        cases += [(path.name, item["term"], item["method"]) for item in load_yaml(path, expect="list").data]
    return cases


@pytest.fixture(scope="module")
def shipped_matcher(shipped):
    from cxcanon.linking.matcher import Matcher

    return Matcher(shipped)


@pytest.mark.parametrize(("fixture", "term", "method_id"), _seed_terms())
def test_seed_text_names_resolve_to_the_intended_method(shipped, shipped_matcher, fixture: str, term: str, method_id: str) -> None:
    """A name resolves as it is (a name or alias), or through the matcher's rules: an inflected form
    ("Kundenwerte", "Kundenerlebnisse") or the first part of a hyphenated compound ("Persona-Konzepten")."""
    found = [m.id for m in shipped.resolve(term)]
    if not found:
        found = [mid for m in shipped_matcher.find(term) for mid in m.method_ids]
    assert method_id in found, f"{fixture}: {term!r} resolves to {found}, expected {method_id}"


# Wording about how the catalog was made, which a reader cannot follow.
MAKING_OF = re.compile(r"\bseed\b|seed[ -]?texts?|scrambled|disregarded|\bsearch tool|stored (?:page|copy|cop(?:y|ies))|\bhelper\b", re.I)


def _texts(method) -> list[tuple[str, str]]:
    found = [("definition." + lang, text) for lang, text in method.definition.items()]
    for field in ("origin_note", "name_rationale", "description", "steps", "when_to_use", "pitfalls"):
        value = getattr(method, field)
        if value is not None:
            found += [(f"{field}.en", value.en), (f"{field}.de", value.de or "")]
    notes = [a.note for a in method.aliases] + [r.note for r in method.related] + [w.note for w in method.misattributed_to]
    notes.append(method.verification.note)
    found += [("note", t) for note in notes if note is not None for t in (note.en, note.de or "")]
    return found


def test_no_text_speaks_of_how_the_catalog_was_made(shipped) -> None:
    offending = [
        f"{m.id}: {field}: {match.group(0)!r}"
        for m in shipped.methods.values()
        for field, text in _texts(m)
        if (match := MAKING_OF.search(text))
    ]
    assert not offending, "\n".join(offending)


def test_every_method_has_german_for_every_english_text(shipped) -> None:
    missing = [f"{m.id}: {field}" for m in shipped.methods.values() for field, text in _texts(m) if field.endswith(".de") and not text]
    assert not missing, "\n".join(missing)


def test_no_entry_links_an_unpublishable_host(shipped) -> None:
    from cxcanon.catalog.sources import unpublishable

    urls = [(m.id, c.url) for m in shipped.methods.values() for c in m.verification.checked]
    urls += [(m.id, s.url) for m in shipped.methods.values() for s in (m.source, *m.references) if s is not None and s.url]
    urls += [(r.id, r.url) for r in shipped.researchers.values() if r.url]
    assert [(owner, url) for owner, url in urls if unpublishable(url)] == []


def test_home_counts_match_cxcanon_stats(shipped) -> None:
    from cxcanon.cli.catalog import catalog_stats
    from cxcanon.render import PageContext, Site
    from cxcanon.render.home import counts_block

    html = counts_block(PageContext(shipped, Site(), "index.md"))
    shown = dict((label, count) for count, label in re.findall(r"<strong>([^<]+)</strong> <span>([^<]+)</span>", html))
    stats = catalog_stats(shipped)
    assert shown["methods"] == str(stats["methods"])
    assert shown["distinct names that lead to them"] == str(stats["names"])
    assert shown["originators named"] == str(stats["originators"])
    assert shown["of methods with a traceable originator"] == f"{stats['traceable_share']:.0%}"
    assert shown["branded names unmasked"] == str(stats["branded_names"])
    # a German name spelt like the English one is not another name
    assert stats["names"] == len({normalize(term) for m in shipped.methods.values() for term, _ in m.terms()})


SEEDS = REPO.parent / "shared" / "seeds"
"""The German practitioner articles the project grew from (beside the repository on the project's machines)."""

NOT_NAMES = {
    # phrase in the articles → the method it must not be taken for
    "end-to-end Prinzip": "internal-marketing",
    "Zielgruppe": "market-segmentation",
    "Closed Loop Verankerungsmaßnahmen": "closed-loop-feedback",
    "Verbundenheit": "customer-connectedness",
}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the German practitioner articles are not beside this checkout")
def test_the_german_articles_link_names_not_phrases(shipped, shipped_matcher) -> None:
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    mentions = [(m.text, m.method_ids) for text in texts for m in shipped_matcher.find(text)]
    assert mentions, "the articles mention methods"
    for phrase, method_id in NOT_NAMES.items():
        assert not [m for m in mentions if normalize(m[0]) == normalize(phrase) and method_id in m[1]], phrase
    # inflected and compound forms are found by rule: "Scrum-Runden" is a mention of Scrum, "Personas" of Persona
    found = {mid for _, ids in mentions for mid in ids}
    assert {"scrum", "persona", "customer-journey"} <= found
