"""The catalog we ship: it validates, and every name from the seed texts resolves as intended."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxcanon.catalog import load_yaml, validate_catalog

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


@pytest.mark.parametrize(("fixture", "term", "method_id"), _seed_terms())
def test_seed_text_names_resolve_to_the_intended_method(shipped, fixture: str, term: str, method_id: str) -> None:
    found = [m.id for m in shipped.resolve(term)]
    assert method_id in found, f"{fixture}: {term!r} resolves to {found}, expected {method_id}"


def test_schema_files_are_valid_json_schema() -> None:
    from cxcanon.catalog.schema import validator

    assert validator("method").schema["title"] == "CX Canon method"
    assert validator("researcher").schema["title"] == "CX Canon researcher"
