"""The catalog model: normalisation, resolution and indexes."""

from __future__ import annotations

import pytest

from cxcanon import load_catalog, normalize, slugify


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Customer-Journey-Map", "customer journey map"),
        ("Customer  Journey\tMap", "customer journey map"),
        ("Value‐Proposition–Canvas", "value proposition canvas"),  # Unicode hyphen and en dash
        ("STRASSE", "straße"),  # case folding
        ("ＮＰＳ", "nps"),  # NFKC folds full-width letters
        ("  Persona ", "persona"),
    ],
)
def test_normalize_equates_variants(a: str, b: str) -> None:
    assert normalize(a) == normalize(b)


@pytest.mark.parametrize(
    ("term", "slug"),
    [
        ("Erlebnisökonomie", "erlebnisoekonomie"),
        ("Kundenbegeisterung", "kundenbegeisterung"),
        ("SUCCES-Formel", "succes-formel"),
        ("Moment that Matters", "moment-that-matters"),
        ("Straße & Weg", "strasse-and-weg"),
        ("Café", "cafe"),
        ("???", "term"),
    ],
)
def test_slugify(term: str, slug: str) -> None:
    assert slugify(term) == slug


def test_catalog_indexes(base_catalog) -> None:
    catalog = load_catalog(base_catalog)
    assert list(catalog.methods) == ["alpha-method", "beta-method"]
    assert [m.id for m in catalog.resolve("alpha-methode")] == ["alpha-method"]
    assert [m.id for m in catalog.resolve("am")] == ["alpha-method"]
    assert [m.id for m in catalog.resolve("FIRST-method")] == ["alpha-method"]
    assert sorted(m.id for m in catalog.resolve("shared alias")) == ["alpha-method", "beta-method"]
    assert catalog.resolve("nothing") == []
    assert list(catalog.ambiguous_terms()) == ["shared alias"]
    assert catalog.by_researcher == {"doe-jane": ("alpha-method",)}
    assert [m.id for m in catalog.methods_by("doe-jane")] == ["alpha-method"]
    [(other, relation)] = catalog.inverse_relations("alpha-method")
    assert (other.id, relation.type) == ("beta-method", "related")
    entry = catalog.entries("Beta Brand Canvas")[0]
    assert entry.kind == "branded" and entry.alias is not None and entry.alias.coined_by == "Example Consulting"


def test_model_objects_are_immutable(base_catalog) -> None:
    method = load_catalog(base_catalog).method("alpha-method")
    with pytest.raises(AttributeError):
        method.name = "Other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        method.definition["en"] = "changed"  # type: ignore[index]
    assert method.source is not None and method.source.volume == "1"
    assert method.last_changed == "2026-11-23"
