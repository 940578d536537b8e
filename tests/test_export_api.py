"""The JSON API under /api/v1/: every file read back with json and checked against its published JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import FIXTURES, SCHEMAS, SITE_URL
from cxcanon import Catalog
from cxcanon.export.api import methods_json, terms_json
from cxcanon.export.files import api_schemas, export_files
from cxcanon.export.researchers import researchers_json


def schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))


def round_trip(data: object) -> Any:
    """What a consumer gets: the published text parsed again."""
    return json.loads(json.dumps(data, ensure_ascii=False, indent=2))


@pytest.mark.parametrize("path", sorted(SCHEMAS.glob("*.schema.json")), ids=lambda p: p.name)
def test_published_schemas_are_valid_json_schemas(path: Path) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(document)
    assert document["$id"].endswith(f"/api/v1/schema/{path.name}")


def test_schemas_are_published_with_the_api(export_catalog: Catalog) -> None:
    published = dict(export_files(export_catalog, SITE_URL))
    assert {p for p, _ in api_schemas()} == {f"api/v1/schema/{p.name}" for p in SCHEMAS.glob("*.schema.json")}
    assert json.loads(published["api/v1/schema/methods.schema.json"]) == schema("methods")


@pytest.mark.parametrize(
    ("name", "build"),
    [
        ("methods", lambda c: methods_json(c, SITE_URL)),
        ("terms", terms_json),
        ("researchers", lambda c: researchers_json(c, SITE_URL)),
    ],
)
def test_export_matches_its_schema_and_carries_the_version(export_catalog: Catalog, name: str, build: Any) -> None:
    data = round_trip(build(export_catalog))
    jsonschema.validate(data, schema(name))
    assert data["version"] == export_catalog.version == "2030.01.02"


@pytest.mark.parametrize(
    ("name", "bad"),
    [
        (
            "methods",
            {
                "version": "1",
                "methods": [
                    {
                        "id": "Bad Id",
                        "name": "x",
                        "aliases": [],
                        "originators": [],
                        "year": None,
                        "definition": {"en": "x"},
                        "related": [],
                        "url": "u",
                    }
                ],
            },
        ),
        ("terms", {"version": "1", "terms": {"nps": []}}),
        ("researchers", {"version": "1", "researchers": [{"id": "x"}]}),
        ("csl", [{"id": "a", "type": "magazine-ish", "title": "t"}]),
    ],
)
def test_schemas_reject_broken_documents(name: str, bad: object) -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema(name))


def test_researchers_list_their_methods_oldest_first(export_catalog: Catalog) -> None:
    records = {r["id"]: r for r in researchers_json(export_catalog, SITE_URL)["researchers"]}
    assert list(records) == sorted(records)
    assert records["roe-richard"]["methods"] == ["gamma-method", "alpha-method"]  # 1988, then 1999
    assert records["doe-jane"]["orcid"] == "0000-0002-1825-0097"
    assert records["doe-jane"]["url"] == "https://cx-canon.example.org/researchers/doe-jane/"
    assert records["example-institute"]["family"] is None
    assert records["example-institute"]["homepage"] == "https://example.org/institute"


def test_every_term_resolves_to_the_methods_the_catalog_resolves(export_catalog: Catalog) -> None:
    terms = terms_json(export_catalog)["terms"]
    for term, ids in terms.items():
        assert ids == [m.id for m in export_catalog.resolve(term)]
    assert terms["am"] == ["alpha-method"]


DOCS = Path(__file__).resolve().parents[1] / "docs" / "api"


@pytest.mark.parametrize(
    ("page", "name"),
    [
        ("methods.md", "methods"),
        ("terms.md", "terms"),
        ("researchers.md", "researchers"),
        ("mentions.md", "mentions"),
        ("citations.md", "csl"),
    ],
)
def test_documented_examples_match_the_schemas(page: str, name: str) -> None:
    """The first JSON example of each API page is a valid document, so the docs cannot drift from the format."""
    text = (DOCS / page).read_text(encoding="utf-8")
    example = text.split("```json\n", 1)[1].split("\n```", 1)[0]
    jsonschema.validate(json.loads(example), schema(name))


def test_cli_export_api_writes_what_the_site_publishes(tmp_path: Path, export_catalog: Catalog) -> None:
    from cxcanon.cli import main
    from cxcanon.render import Site, render_site

    assert main(["export", "api", str(tmp_path), "--catalog", str(FIXTURES / "export"), "--site-url", SITE_URL]) == 0
    site = {f.path: f.content for f in render_site(export_catalog, Site(site_url=SITE_URL))}
    written = {p.relative_to(tmp_path).as_posix(): p.read_text(encoding="utf-8") for p in tmp_path.rglob("*") if p.is_file()}
    assert "api/v1/catalog.ttl" in written and "methods/alpha-method/cite.ris" in written
    assert {path: site[path] for path in written} == written


def test_cli_export_api_needs_a_site_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from cxcanon.cli import main

    monkeypatch.chdir(tmp_path)  # no mkdocs.yml to read site_url from
    assert main(["export", "api", "out", "--catalog", str(FIXTURES / "export")]) == 2
    assert "--site-url" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
