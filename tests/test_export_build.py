"""Exports in real builds: the cite block against the catalog, the published files, redirects, reproducibility."""

from __future__ import annotations

import filecmp
import html
import json
import re
from pathlib import Path

import bibtexparser
import jsonschema
import pytest
import rispy
from rdflib import Graph

from conftest import REPO, SCHEMAS, SITE_URL, BuiltSite, build_site
from cxcanon.export.citations import csl_records, format_apa, to_bibtex
from cxcanon.export.skos import integrity_problems

pytestmark = pytest.mark.build

UNSTABLE = {"sitemap.xml", "sitemap.xml.gz"}
"""Files that carry the build date; everything else must be byte-identical between two builds."""


def cite_text(page: str, which: str) -> str | None:
    """The text a reader copies from one cite box of a built page (tags stripped, entities decoded)."""
    found = re.search(rf'data-cxcanon-cite="{which}"><pre[^>]*><code>(.*?)</code></pre>', page, re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))) if found else None


@pytest.mark.parametrize("method_id", ["alpha-method", "beta-method", "gamma-method", "delta-method"])
def test_cite_block_on_the_built_page_matches_the_catalog(export_site: BuiltSite, method_id: str) -> None:
    catalog = export_site.catalog
    method = catalog.methods[method_id]
    page = export_site.page(f"methods/{method_id}/")
    records = csl_records(catalog, method, SITE_URL)
    apa = format_apa(records)
    assert cite_text(page, "entry-apa") == apa[0]
    assert f"(Version {catalog.version})" in apa[0] and f"{SITE_URL}methods/{method_id}/" in apa[0]
    (entry,) = bibtexparser.parse_string(cite_text(page, "entry-bibtex") or "").entries
    assert entry["url"] == f"{SITE_URL}methods/{method_id}/"
    assert entry["version"] == catalog.version
    assert entry["date"] == method.last_changed
    if method.source is None:
        assert cite_text(page, "source-apa") is None
    else:
        assert cite_text(page, "source-apa") == apa[1]
        (source,) = bibtexparser.parse_string(cite_text(page, "source-bibtex") or "").entries
        (published,) = bibtexparser.parse_string(to_bibtex(records[1:])).entries
        assert source.fields_dict.keys() == published.fields_dict.keys()
        assert all(source[key] == published[key] for key in published.fields_dict)
        assert int(source["year"]) == method.source.year
        assert method.source.doi is None or source["doi"] == method.source.doi


def test_citation_files_are_published_beside_each_page(export_site: BuiltSite) -> None:
    for method_id, method in export_site.catalog.methods.items():
        folder = export_site.root / "methods" / method_id
        records = json.loads((folder / "cite.json").read_text(encoding="utf-8"))
        assert records == csl_records(export_site.catalog, method, SITE_URL)
        ris = rispy.loads((folder / "cite.ris").read_text(encoding="utf-8"))
        bib = bibtexparser.parse_string((folder / "cite.bib").read_text(encoding="utf-8"))
        assert len(ris) == len(bib.entries) == len(records)
        page = export_site.page(f"methods/{method_id}/")
        for name in ("cite.json", "cite.ris", "cite.bib"):
            assert f'href="{name}" download' in page


def test_page_embeds_schema_org_json_ld(export_site: BuiltSite) -> None:
    page = export_site.page("methods/alpha-method/")
    (payload,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)
    data = json.loads(payload)
    assert data["@type"] == "DefinedTerm" and data["termCode"] == "alpha-method"
    assert data["inDefinedTermSet"]["version"] == export_site.catalog.version


def test_catalog_version_in_the_footer_of_every_page(export_site: BuiltSite) -> None:
    pages = [p for p in export_site.root.rglob("index.html") if "md-footer" in p.read_text(encoding="utf-8")]
    assert len(pages) >= len(export_site.catalog.methods)
    for path in pages:
        german = path.relative_to(export_site.root).parts[0] == "de"
        expected = f"Katalogversion {export_site.catalog.version}" if german else f"catalog version {export_site.catalog.version}"
        assert expected in path.read_text(encoding="utf-8"), path


def test_every_api_file_matches_its_schema_and_version(export_site: BuiltSite) -> None:
    api = export_site.root / "api" / "v1"
    for name, schema in [
        ("methods.json", "methods"),
        ("terms.json", "terms"),
        ("researchers.json", "researchers"),
        ("mentions.json", "mentions"),
        ("catalog.jsonld", "catalog-jsonld"),
    ]:
        data = json.loads((api / name).read_text(encoding="utf-8"))
        jsonschema.validate(data, json.loads((SCHEMAS / f"{schema}.schema.json").read_text(encoding="utf-8")))
        version = data["@graph"][0].get("owl:versionInfo") if name == "catalog.jsonld" else data["version"]
        assert version == export_site.catalog.version, name
    published = {p.name for p in (api / "schema").glob("*.json")}
    assert published == {p.name for p in SCHEMAS.glob("*.schema.json")}


def test_published_skos_parses_and_is_sound(export_site: BuiltSite) -> None:
    api = export_site.root / "api" / "v1"
    graph = Graph().parse(api / "catalog.ttl", format="turtle")
    assert integrity_problems(graph) == []
    assert len(graph) == len(Graph().parse(api / "catalog.jsonld", format="json-ld"))


def test_former_id_redirects_to_the_renamed_method(export_site: BuiltSite) -> None:
    redirect = export_site.page("methods/old-alpha/")
    assert 'http-equiv="refresh"' in redirect and "alpha-method/" in redirect
    assert f'rel="canonical" href="{SITE_URL}methods/alpha-method/"' in redirect


def test_two_builds_of_the_same_commit_are_byte_identical(built_site: BuiltSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The shipped site built again (another hash seed) gives the same bytes, sitemap dates aside."""
    monkeypatch.setenv("PYTHONHASHSEED", "12345")
    result = build_site(REPO / "methods", tmp_path / "again")
    assert result.returncode == 0, result.stdout + result.stderr
    first = sorted(p.relative_to(built_site.root).as_posix() for p in built_site.root.rglob("*") if p.is_file())
    second = sorted(p.relative_to(tmp_path / "again").as_posix() for p in (tmp_path / "again").rglob("*") if p.is_file())
    assert first == second
    compared = [path for path in first if path not in UNSTABLE]
    _, mismatch, errors = filecmp.cmpfiles(built_site.root, tmp_path / "again", compared, shallow=False)
    # A file edited in the work tree between the session's first build and this one also shows up here.
    assert mismatch == [] and errors == [], f"differ between two builds: {mismatch + errors}"
    assert len(compared) > 200


def test_search_finds_a_method_by_its_names_and_definition_only(export_site: BuiltSite) -> None:
    """One entry per method page: its title, definition and names; no citation boilerplate, no prose sections."""
    docs = json.loads(export_site.page("search/search_index.json"))["docs"]
    method_docs = [d for d in docs if d["location"].startswith("methods/alpha-method/")]
    assert [d["location"] for d in method_docs] == ["methods/alpha-method/"]
    (entry,) = method_docs
    alpha = export_site.catalog.methods["alpha-method"]
    definition = alpha.definition.get("en") or ""
    shown = html.unescape(entry["text"]).removesuffix(" …")
    assert shown and definition.startswith(shown)  # the definition's start: what a search result shows
    assert alpha.name in entry["tags"] and entry["boost"] == 2
    assert not any("CX Canon contributors" in d["text"] or "DefinedTerm" in d["text"] for d in docs)
