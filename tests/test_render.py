"""Catalog → pages, without MkDocs: escaping, URLs, page content, golden files, the JSON API."""

from __future__ import annotations

import html
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

import pytest

from cxcanon import Catalog, load_catalog
from cxcanon.catalog.model import Method
from cxcanon.catalog.terms import normalize, slugify
from cxcanon.export.api import methods_json, terms_json
from cxcanon.render import METHOD_SECTIONS, PageContext, Site, SiteFile, fill_home, render_site
from cxcanon.render.markup import inline_md, prose, prose_inline, safe_url, text
from cxcanon.render.urls import href, page_url

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parent / "golden"
SITE = Site(
    site_url="https://cx-canon.example.org/",
    repo_url="https://github.com/cx-canon/cx-canon",
    edit_base="https://github.com/cx-canon/cx-canon/edit/main/",
    catalog_dir="methods",
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    """The rendering fixture: every field, statuses, an ambiguous abbreviation, an injection probe."""
    return load_catalog(FIXTURES / "site")


@pytest.fixture(scope="module")
def files(catalog: Catalog) -> dict[str, str]:
    return {f.path: f.content for f in render_site(catalog, SITE)}


# --- escaping ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("plain", "plain"),
        ("<script>", "&lt;script&gt;"),
        ('a "quote"', "a &quot;quote&quot;"),
        ("Bain & Company", "Bain &amp; Company"),
    ],
)
def test_text_escapes_html(raw: str, expected: str) -> None:
    assert text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Net Promoter Score", "Net Promoter Score"),
        ("*bold* _it_", r"\*bold\* \_it\_"),
        ("[x](https://e.org)", r"\[x\]\(https://e\.org\)"),
        ("<b>x</b>", "&lt;b&gt;x&lt;/b&gt;"),
        ("A & B #1", r"A &amp; B \#1"),
        (r"back\slash", r"back\\slash"),
    ],
)
def test_inline_markdown_is_inert(raw: str, expected: str) -> None:
    assert inline_md(raw) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/x", "https://example.org/x"),
        ("http://example.org", "http://example.org"),
        (" https://example.org ", "https://example.org"),
        ("javascript:alert(1)", None),
        ("JavaScript:alert(1)", None),
        ("data:text/html,x", None),
        ("//example.org", None),
        ("https:///nohost", None),
        ("", None),
        (None, None),
    ],
)
def test_only_absolute_http_urls_are_links(url: str | None, expected: str | None) -> None:
    assert safe_url(url) == expected


@pytest.mark.parametrize(
    ("markdown", "must_contain", "must_not_contain"),
    [
        ("**bold** and *it*", "<strong>bold</strong>", "<script"),
        ("<script>alert(1)</script>", "&lt;script&gt;", "<script"),
        ("[x](javascript:alert(1))", "[x](javascript:alert(1))", "href"),
        ('<img src=x onerror="alert(1)">', "&lt;img", "<img"),
        ("[ok](https://example.org)", '<a href="https://example.org">ok</a>', "javascript"),
        ("# Heading", "<h3>Heading</h3>", "<h1>"),
        ("`<b>` in code", "<code>&lt;b&gt;</code>", "<b>"),
    ],
)
def test_prose_is_sanitised(markdown: str, must_contain: str, must_not_contain: str) -> None:
    html = prose(markdown)
    assert must_contain in html
    assert must_not_contain not in html


def test_inline_prose_has_no_paragraph() -> None:
    assert prose_inline("*how* it [differs](https://e.org)") == '<em>how</em> it <a href="https://e.org">differs</a>'


# --- URLs ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "directory_urls", "expected"),
    [
        ("methods/nps.md", True, "methods/nps/"),
        ("methods/nps.md", False, "methods/nps.html"),
        ("methods/index.md", True, "methods/"),
        ("methods/index.md", False, "methods/index.html"),
        ("index.md", True, ""),
        ("terms/nps/index.html", True, "terms/nps/"),
        ("terms/nps/index.html", False, "terms/nps/index.html"),
        ("api/v1/methods.json", True, "api/v1/methods.json"),
    ],
)
def test_page_url_matches_mkdocs(path: str, directory_urls: bool, expected: str) -> None:
    assert page_url(path, directory_urls=directory_urls) == expected


@pytest.mark.parametrize(
    ("source", "target", "directory_urls", "expected"),
    [
        ("methods/a.md", "methods/b.md", True, "../b/"),
        ("methods/a.md", "researchers/r.md", True, "../../researchers/r/"),
        ("methods/a.md", "researchers/r.md", False, "../researchers/r.html"),
        ("terms/x/index.html", "methods/a.md", True, "../../methods/a/"),
        ("terms/x/index.html", "methods/a.md", False, "../../methods/a.html"),
        ("names/index.md", "methods/a.md", True, "../methods/a/"),
        ("index.md", "methods/index.md", True, "methods/"),
        ("index.md", "names/index.md", False, "names/index.html"),
        ("methods/index.md", "methods/a.md", True, "a/"),
    ],
)
def test_relative_links(source: str, target: str, directory_urls: bool, expected: str) -> None:
    assert href(source, target, directory_urls=directory_urls) == expected


# --- the generated file set ---------------------------------------------------------------


def test_one_page_per_method_and_researcher(catalog: Catalog, files: dict[str, str]) -> None:
    for method_id in catalog.methods:
        assert f"methods/{method_id}.md" in files
    for researcher_id in catalog.researchers:
        assert f"researchers/{researcher_id}.md" in files
    for index in ("names/index.md", "methods/index.md", "researchers/index.md", "timeline/index.md"):
        assert index in files


def test_every_term_has_a_redirect_or_disambiguation_page(catalog: Catalog, files: dict[str, str]) -> None:
    for key, entries in catalog.terms.items():
        slug = slugify(entries[0].term)
        method_ids = {e.method_id for e in entries}
        if len(method_ids) == 1:
            page = files[f"terms/{slug}/index.html"]
            (method_id,) = method_ids
            # the target learns the name the reader came by (?from=), except for the method's own name
            target = f"../../methods/{method_id}/" + ("" if entries[0].kind == "name" else "?" + urlencode({"from": entries[0].term}))
            assert f'url={html.escape(target)}"' in page, key
            assert f'<link rel="canonical" href="https://cx-canon.example.org/methods/{method_id}/">' in page
            assert f'<a href="{html.escape(target)}">' in page
        else:
            page = files[f"terms/{slug}.md"]
            for method_id in method_ids:
                assert f'href="../../methods/{method_id}/"' in page


def test_ambiguous_abbreviation_is_a_disambiguation_page(files: dict[str, str]) -> None:
    page = files["terms/gc.md"]
    assert "names more than one method" in page
    assert "Roe &amp; Doe, 2004" in page and "Roe, 1987" in page
    assert "The delta score is a fixture metric" in page
    assert 'aria-label="Origin disputed"' in page  # a small mark in lists
    assert "terms/gc/index.html" not in files


def test_former_ids_redirect(files: dict[str, str]) -> None:
    assert 'url=../gamma-canvas/"' in files["methods/old-gamma/index.html"]
    # the old id also works as a term URL
    assert 'url=../../methods/gamma-canvas/"' in files["terms/old-gamma/index.html"]


@pytest.mark.parametrize(
    ("path", "golden"),
    [
        ("methods/gamma-canvas.md", "method-gamma-canvas.md"),
        ("methods/delta-score.md", "method-delta-score.md"),
        ("methods/epsilon-model.md", "method-epsilon-model.md"),
        ("researchers/roe-richard.md", "researcher-roe-richard.md"),
        ("terms/gc.md", "term-gc.md"),
        ("terms/customer-gamma-canvas/index.html", "term-customer-gamma-canvas.html"),
        ("names/index.md", "names.md"),
        ("methods/index.md", "categories.md"),
        ("researchers/index.md", "researchers.md"),
        ("timeline/index.md", "timeline.md"),
    ],
)
def test_golden_pages(files: dict[str, str], path: str, golden: str) -> None:
    """Generated pages match the reviewed files in tests/golden/ (CXCANON_UPDATE_GOLDEN=1 rewrites them)."""
    expected = GOLDEN / golden
    if os.environ.get("CXCANON_UPDATE_GOLDEN") == "1":
        expected.write_text(files[path], encoding="utf-8")
    assert files[path] == expected.read_text(encoding="utf-8"), f"{path} differs from tests/golden/{golden}"


# --- method page content --------------------------------------------------------------------


def test_method_page_shows_every_part(files: dict[str, str]) -> None:
    page = files["methods/gamma-canvas.md"]
    expected = [
        "# Gamma Canvas (GC)",
        '<span lang="de">Gamma-Leinwand</span> <span class="cxc-lang">DE</span>',
        "The gamma canvas is a fixture method",
        "Die Gamma-Leinwand ist eine Testmethode",
        '<a href="../../researchers/roe-richard/">Richard Roe</a> and <a href="../../researchers/doe-jane/">Jane Doe</a>',
        '<a href="https://doi.org/10.1234/gamma.2004">https://doi.org/10.1234/gamma.2004</a>',
        "Origin checked against the primary source",
        "Commonly misattributed to</dt>\n<dd><strong>Someone Famous</strong>",
        "a branded name for this method, used by Example &lt;b&gt;Consulting&lt;/b&gt;",
        "<dt>Translations</dt>",
        "<dt>Misnomers (common but wrong)</dt>",
        "Why this name:",
        "## Description",
        "## Steps",
        "## When to use",
        "## Pitfalls",
        "<h3>Often confused with</h3>",
        "<strong>How it differs:</strong> Epsilon is the older",
        "<h3>Narrower methods</h3>",  # stated on delta-score's side only
        "ISBN",
        "Last changed: <time>2026-11-22</time>",
        "https://github.com/cx-canon/cx-canon/edit/main/methods/gamma-canvas.yaml",
        "https://github.com/cx-canon/cx-canon/issues/new?template=wrong-attribution.yml&amp;title=",
        "Popularised by",
    ]
    for fragment in expected:
        assert fragment in page, fragment


@pytest.mark.parametrize(
    ("path", "marks"),
    [
        ("methods/delta-score.md", ["cxc-status--disputed", "Origin disputed"]),
        (
            "methods/epsilon-model.md",
            ["cxc-status--deprecated", 'use <a href="../gamma-canvas/">Gamma Canvas</a> instead', "Origin not verified"],
        ),
        ("methods/injection-probe.md", ["cxc-status--draft", "Draft", "This entry has not been reviewed yet"]),
        ("terms/gc.md", ["cxc-badge--disputed"]),
        ("names/index.md", ["cxc-badge--deprecated", "cxc-badge--draft", "cxc-badge--disputed"]),
        ("methods/index.md", ["cxc-badge--deprecated", "cxc-badge--draft", "cxc-badge--disputed"]),
        ("timeline/index.md", ["cxc-badge--deprecated"]),
    ],
)
def test_status_and_uncertain_origin_are_visible(files: dict[str, str], path: str, marks: list[str]) -> None:
    for mark in marks:
        assert mark in files[path], mark


def test_settled_entry_has_no_badges(files: dict[str, str]) -> None:
    assert "cxc-badge" not in files["methods/gamma-canvas.md"].split("## Origin")[0]


class LiveMarkup(HTMLParser):
    """Collects markup that would run or render in a browser: tags, event handlers, script URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # JSON-LD is data, not code; a payload that broke out of it would show up as the next live tag.
        if tag == "script" and ("type", "application/ld+json") in attrs:
            return
        data_block = tag == "script" and ("type", "application/ld+json") in attrs  # JSON-LD is data, not code
        if tag in ("script", "img", "b", "iframe", "object", "embed") and not data_block:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}=")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(("javascript:", "data:", "vbscript:")):
                self.found.append(f"{tag} {name}={value}")


def live_markup(html: str) -> list[str]:
    parser = LiveMarkup()
    parser.feed(html)
    return parser.found


def test_catalog_markup_never_reaches_a_page_live(files: dict[str, str]) -> None:
    for path, content in files.items():
        if path.endswith((".md", ".html")):  # pages; the API and citation files are data, not HTML
            assert live_markup(content) == [], path
    probe = files["methods/injection-probe.md"]
    assert "&lt;script&gt;alert(&quot;definition&quot;)&lt;/script&gt;" in probe
    assert 'title: "Probe &lt;script&gt;' in probe  # MkDocs puts the title into <title> unescaped


def test_a_to_z_lists_every_name_once_per_method(catalog: Catalog, files: dict[str, str]) -> None:
    page = files["names/index.md"]
    for method in catalog.methods.values():
        for term, kind in method.terms():
            if kind == "name":
                assert f'class="cxc-canonical">{text(term)}</a>' in page, term
            else:
                assert f"{text(term)}</em> → " in page, term
    umlaut = page.index("Über-Canvas")
    assert page.rfind("## U", 0, umlaut) > page.rfind("## T", 0, umlaut)  # Ü files under U, not after Z


def test_extra_method_section_is_a_one_line_change(catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    def cite(ctx: PageContext, method: Method) -> str:
        return f"## Cite this\n\n{text(method.name)} ({ctx.site.site_url})"

    monkeypatch.setattr("cxcanon.render.method_page.METHOD_SECTIONS", [*METHOD_SECTIONS, cite])
    pages = {f.path: f.content for f in render_site(catalog, SITE)}
    assert "## Cite this\n\nGamma Canvas (https://cx-canon.example.org/)" in pages["methods/gamma-canvas.md"]


def test_search_tags_carry_every_name_escaped(files: dict[str, str]) -> None:
    front = files["methods/injection-probe.md"].split("---")[1]
    assert '"&lt;img src=x onerror=alert(1)&gt;"' in front
    assert '"search": ' not in front and 'search: {"boost": 2}' in front
    gamma = files["methods/gamma-canvas.md"].split("---")[1]
    for name in ("Gamma Canvas", "GC", "Gamma-Leinwand", "Customer Gamma Canvas", "Gammaleinwand", "Über-Canvas"):
        assert f'"{name}"' in gamma


def test_indexes_stay_out_of_search(files: dict[str, str]) -> None:
    for path in ("names/index.md", "methods/index.md", "researchers/index.md", "timeline/index.md"):
        assert 'search: {"exclude": true}' in files[path]


def test_directory_urls_off(catalog: Catalog) -> None:
    pages = {f.path: f.content for f in render_site(catalog, Site(directory_urls=False))}
    assert '<a href="../researchers/roe-richard.html">Richard Roe</a>' in pages["methods/gamma-canvas.md"]
    assert "url=../../methods/gamma-canvas.html?from=Customer+Gamma+Canvas" in pages["terms/customer-gamma-canvas/index.html"]
    assert "Edit this entry" not in pages["methods/gamma-canvas.md"]  # no repository configured


def test_home_counts(catalog: Catalog) -> None:
    home = fill_home("intro\n\n<!-- cxcanon:counts -->\n", PageContext(catalog, SITE, "index.md"))
    assert "<strong>4</strong> <span>methods</span>" in home
    assert "<strong>2</strong> <span>originators named</span>" in home  # people who originated a method, not popularisers
    assert "data-cxcanon-search" in home
    assert fill_home("no marker", PageContext(catalog, SITE, "index.md")) == "no marker"


def test_render_is_deterministic(catalog: Catalog) -> None:
    assert render_site(catalog, SITE) == render_site(catalog, SITE)
    assert all(isinstance(f, SiteFile) for f in render_site(catalog, SITE))


# --- the JSON API -------------------------------------------------------------------------------


def test_methods_json_follows_the_data_contract(catalog: Catalog, files: dict[str, str]) -> None:
    data = json.loads(files["api/v1/methods.json"])
    assert data == methods_json(catalog, SITE.site_url)
    assert data["version"] == catalog.version
    assert [m["id"] for m in data["methods"]] == sorted(catalog.methods)
    gamma = next(m for m in data["methods"] if m["id"] == "gamma-canvas")
    assert {"id", "name", "aliases", "originators", "year", "definition", "related", "url"} <= gamma.keys()
    assert gamma["originators"] == [{"id": "roe-richard", "name": "Richard Roe"}, {"id": "doe-jane", "name": "Jane Doe"}]
    assert {
        "term": "Customer Gamma Canvas",
        "kind": "branded",
        "lang": "en",
        "coined_by": "Example <b>Consulting</b>",
        "note": {"en": "The consultancy's name for the unchanged canvas.", "de": "The consultancy's name for the unchanged canvas."},
    } in gamma["aliases"]
    assert gamma["url"] == "https://cx-canon.example.org/methods/gamma-canvas/"
    assert gamma["definition"]["de"].startswith("Die Gamma-Leinwand")


def test_terms_json_maps_normalised_terms_to_ids(catalog: Catalog, files: dict[str, str]) -> None:
    data = json.loads(files["api/v1/terms.json"])
    assert data == terms_json(catalog)
    assert data["terms"][normalize("GC")] == ["delta-score", "gamma-canvas"]
    assert data["terms"][normalize("Gamma-Leinwand")] == ["gamma-canvas"]
    assert set(data["terms"]) == set(catalog.terms)


def test_best_bets_map_every_normalised_name_to_its_page() -> None:
    from cxcanon.render.search import best_bets

    catalog = load_catalog(FIXTURES / "site")
    names = best_bets(catalog)["names"]
    assert set(names) == set(catalog.terms)
    for key, (url, name, kind, *lang) in names.items():
        ids = {e.method_id for e in catalog.terms[key]}
        if len(ids) == 1:
            method = catalog.methods[next(iter(ids))]
            assert (url, name) == (f"methods/{method.id}/", method.name)
            assert kind == catalog.terms[key][0].kind
            alias = catalog.terms[key][0].alias
            assert lang == ([alias.lang] if alias is not None and alias.lang else [])  # an alias's language, for "Redirected from"
        else:
            assert url.startswith("terms/") and kind == "ambiguous"


# --- the German edition ---------------------------------------------------------------------


def test_every_interface_message_has_german() -> None:
    """Each literal passed to `ctx.t` / `translate` in the renderer has a German wording."""
    import ast

    from cxcanon.render.i18n import GERMAN

    missing = []
    for path in sorted((Path(__file__).parents[1] / "plugins" / "cxcanon" / "render").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            args = node.args[:1] if name == "t" else node.args[1:2] if name == "translate" else []
            for arg in args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value not in GERMAN:
                    missing.append(f"{path.name}: {arg.value!r}")
    assert not missing, "\n".join(missing)


def test_german_pages_are_german(catalog: Catalog) -> None:
    pages = {f.path: f.content for f in render_site(catalog, Site(lang="de"))}
    gamma = pages["methods/gamma-canvas.md"]
    assert "\n# Gamma\\-Leinwand (GC)\n" in gamma  # the German name is the title (Markdown-escaped)
    assert (
        '<dt>Namen</dt><dd><span lang="de">Gamma-Leinwand</span> <span class="cxc-lang">DE</span> · <span lang="en">Gamma Canvas</span>'
        in gamma
    )
    definition = gamma.split('<div class="cxc-definition" data-cxcanon-definition>')[1]
    assert definition.index('lang="de"') < definition.index('lang="en"')  # German definition first
    for heading in ("## Herkunft", "## Auch bekannt als", "## Beschreibung", "## Beziehungen", "## Zitieren", "## Über diesen Eintrag"):
        assert heading in gamma
    for english in ("## Origin", "## Description", "Cite this entry", "Originated by"):
        assert english not in gamma
    assert 'href="../../../methods/gamma-canvas/cite.bib"' in gamma  # one set of citation files, at the site root
    assert not any(path.startswith("api/") for path in pages)  # the data files are published once
    assert "# Alle Namen A–Z" in pages["names/index.md"]
    assert '<html lang="de">' in pages["terms/customer-gamma-canvas/index.html"]


def test_a_to_z_marks_each_name_with_its_language(catalog: Catalog) -> None:
    names = {f.path: f.content for f in render_site(catalog, SITE)}["names/index.md"]
    assert "data-cxcanon-az-filter" in names
    assert re.search(r'<li data-lang="de"><span class="cxc-lang" title="German">DE</span> <em lang="de">Gamma-Leinwand</em>', names)
    assert re.search(
        r'<li data-lang="en"><span class="cxc-lang" title="English">EN</span> <a [^>]*class="cxc-canonical">Gamma Canvas</a>', names
    )


# --- hatnotes, comparison and disambiguation pages -------------------------------------------------


def test_hatnotes_name_shared_names_and_confusions(files: dict[str, str]) -> None:
    gamma = files["methods/gamma-canvas.md"]
    top = gamma.split('<div class="cxc-definition"', 1)[0]  # hatnotes come before the definition
    assert '<p class="cxc-hatnote">“GC” also means <a href="../delta-score/">Delta Score</a>' in top
    assert 'Not to be confused with <a href="../epsilon-model/">Epsilon Model</a>: Epsilon is the older' in top
    assert '<a class="cxc-compare-link" href="../../compare/epsilon-model-vs-gamma-canvas/">Compare side by side</a>' in top
    assert "data-search-exclude" in top  # the search snippet starts with the definition


def test_comparison_pages_put_confused_methods_side_by_side(catalog: Catalog, files: dict[str, str]) -> None:
    page = files["compare/epsilon-model-vs-gamma-canvas.md"]
    assert "# Epsilon Model vs Gamma Canvas" in page
    header = page.split("<thead>", 1)[1].split("</thead>", 1)[0]
    assert header.count('<th scope="col">') == 2
    for row in ("Definition", "Originated by", "Category", "When to use", "Verification"):
        assert f'<th scope="row">{row}</th>' in page
    assert "## How they differ" in page and "gamma adds a second side" in page
    index = files["compare/index.md"]
    assert 'href="epsilon-model-vs-gamma-canvas/"' in index


def test_disambiguation_says_the_shared_kind_once(files: dict[str, str]) -> None:
    page = files["terms/gc.md"]
    assert page.count("is an abbreviation of") == 1
    assert '<span class="cxc-lang">EN</span>' in page and '<span class="cxc-lang">DE</span>' in page


def test_status_shows_once_per_method_page(catalog: Catalog, files: dict[str, str]) -> None:
    for method_id in catalog.methods:
        page = files[f"methods/{method_id}.md"]
        assert page.count('class="cxc-status ') == 1, method_id
        assert 'class="cxc-badge cxc-badge--draft"' not in page and "admonition note cxc-draft" not in page, method_id


def test_concept_box_at_the_top(files: dict[str, str]) -> None:
    page = files["methods/gamma-canvas.md"]
    box = page.split('<aside class="cxc-concept"', 1)[1].split("</aside>", 1)[0]
    assert page.index('<aside class="cxc-concept"') < page.index("## Origin")
    for label in ("Names", "Other names", "Originated by", "Primary source", "Category", "Status", "Narrower methods", "Elsewhere"):
        assert f"<dt>{label}</dt>" in box, label
    assert 'Synonyms <span class="cxc-lang">DE</span>: Über-Canvas' in box  # grouped by kind and language
