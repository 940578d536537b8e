"""The linking extension: first mention per method, skip contexts, tooltips, self-links, opt-outs, and a round trip."""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path
from typing import Any

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxcanon.catalog import Catalog, load_catalog
from cxcanon.linking.markdown_ext import AutolinkExtension, relative_url

LINKING = Path(__file__).parent / "fixtures" / "linking"
EXTENSIONS: list[Any] = [
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "footnotes",
    "md_in_html",
    "meta",
    "tables",
    "toc",
    "pymdownx.superfences",
    "pymdownx.tabbed",
    "pymdownx.details",
]
LINK = re.compile(r'<a class="cxcanon-mention[^"]*"[^>]*>(.*?)</a>', re.S)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(LINKING)


def render(catalog: Catalog, text: str, page_url: str | None = "guide/", **config: Any) -> str:
    return markdown.markdown(text, extensions=[*EXTENSIONS, AutolinkExtension(catalog=catalog, page_url=page_url, **config)])


def links(output: str) -> list[tuple[str, str]]:
    """Each inserted link as (text, href)."""
    found = re.findall(r'<a class="cxcanon-mention[^"]*"[^>]*href="([^"]*)"[^>]*>(.*?)</a>', output, re.S)
    return [(text, href) for href, text in found]


KANO = ("Kano Model", "../methods/kano-model/")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param("The Kano Model.", [KANO], id="prose"),
        pytest.param("Kano Model, Kano Model and Kano Models.", [KANO], id="first-mention-only"),
        pytest.param("`Kano Model` then Kano Model", [KANO], id="inline-code"),
        pytest.param("```\nKano Model\n```\n\nKano Model", [KANO], id="fenced-code"),
        pytest.param("    Kano Model\n\nKano Model", [KANO], id="indented-code"),
        pytest.param("[the Kano Model](x.md) and Kano Model", [KANO], id="existing-link"),
        pytest.param("<https://example.org/Kano-Model> Kano Model", [KANO], id="autolink"),
        pytest.param("![Kano Model](k.png) Kano Model", [KANO], id="image-alt"),
        pytest.param("# Kano Model\n\nKano Model", [KANO], id="heading"),
        pytest.param("Setext Kano Model\n-----------------\n\nKano Model", [KANO], id="setext-heading"),
        pytest.param("<span>Kano Model</span> and Kano Model", [KANO], id="raw-inline-html"),
        pytest.param("<em>the <b>Kano Model</b></em>, Kano Model", [KANO], id="nested-raw-inline-html"),
        pytest.param("<div>\nKano Model\n</div>\n\nKano Model", [KANO], id="raw-html-block"),
        pytest.param("The Kano Model here.\n\n*[Kano Model]: a model", [], id="abbreviation"),
        pytest.param('!!! note "Kano Model"\n    Kano Model in the body', [KANO], id="admonition"),
        pytest.param('??? note "Kano Model"\n    Kano Model in the body', [KANO], id="details"),
        pytest.param("| a | b |\n|---|---|\n| Kano Model | x |", [KANO], id="table"),
        pytest.param("- one\n- the Kano Model", [KANO], id="list"),
        pytest.param("> quoted Kano Model", [KANO], id="blockquote"),
        pytest.param('=== "Tab"\n\n    Kano Model in a tab', [KANO], id="content-tab"),
        pytest.param('<div markdown="1">\nKano Model in *markdown* HTML\n</div>', [KANO], id="md-in-html"),
        pytest.param("Term\n:   the Kano Model", [KANO], id="definition-list"),
        pytest.param("Text[^1]\n\n[^1]: the Kano Model", [KANO], id="footnote"),
        pytest.param("*the Kano Model*", [KANO], id="emphasis"),
        pytest.param("Kano\\-Model and Kano Model", [("Kano-Model", "../methods/kano-model/")], id="backslash-escape"),
        pytest.param('<span class="no-autolink">Kano Model</span> Kano Model', [KANO], id="opt-out-span"),
        pytest.param("*Kano Model*{ .no-autolink } and Kano Model", [KANO], id="opt-out-attr-list"),
        pytest.param("---\nautolink: false\n---\nKano Model", [], id="front-matter-opt-out"),
        pytest.param("autolink: no\n\nKano Model", [], id="meta-opt-out"),
        pytest.param("autolink: true\n\nKano Model", [KANO], id="meta-opt-in"),
    ],
)
def test_what_is_linked(catalog: Catalog, source: str, expected: list[tuple[str, str]]) -> None:
    output = render(catalog, source)
    assert links(output) == expected, output


def test_skipped_contexts_keep_their_text(catalog: Catalog) -> None:
    output = render(catalog, "`Kano Model` <span title='Kano Model'>x</span>\n\n# Kano Model {#k}\n\n![Kano Model](k.png)")
    assert "<code>Kano Model</code>" in output
    assert "<span title='Kano Model'>x</span>" in output  # raw HTML attributes byte-identical
    assert '<h1 id="k">Kano Model</h1>' in output
    assert 'alt="Kano Model"' in output
    assert links(output) == []


def test_each_method_once_ambiguous_terms_once(catalog: Catalog) -> None:
    output = render(catalog, "CJM, CJM, Persona, Personas, MVP and the Customer Journey Map; a User Persona.")
    assert links(output) == [
        ("CJM", "../terms/cjm/"),
        ("Persona", "../methods/persona/"),
        ("MVP", "../methods/minimum-viable-product/"),
        ("Customer Journey Map", "../methods/customer-journey-map/"),
    ]


def test_tooltip_is_the_definition(catalog: Catalog) -> None:
    output = render(catalog, "The Kano Model.")
    assert 'title="The Kano model sorts product attributes by how they affect customer satisfaction."' in output
    assert 'data-method="kano-model"' in output
    assert "data-canonical" not in output


@pytest.mark.parametrize(
    ("source", "label"),
    [
        ("the TCJG Customer Value Proposition Canvas", "a branded name"),
        ("the Customer Value Proposition Canvas", "a common misnomer"),
    ],
)
def test_renamed_mentions_show_the_canonical_name(catalog: Catalog, source: str, label: str) -> None:
    output = render(catalog, source)
    term = source.removeprefix("the ")
    assert links(output) == [(term, "../methods/value-proposition-canvas/")]
    assert 'data-canonical="Value Proposition Canvas"' in output
    title = html.unescape(re.search(r'title="([^"]*)"', output).group(1))  # type: ignore[union-attr]
    assert title == (
        f"“{term}” is {label} for Value Proposition Canvas (Osterwalder & Pigneur, 2014). "
        "The Value Proposition Canvas matches a customer profile with a value map."
    )


def test_former_names_show_the_canonical_name(catalog: Catalog) -> None:
    output = render(catalog, "a Service Map Chart")
    assert 'data-canonical="Service Blueprint"' in output
    assert "a former name for Service Blueprint (Shostack, 1984)" in output


def test_synonyms_name_the_method_in_the_tooltip_only(catalog: Catalog) -> None:
    output = render(catalog, "a User Persona")
    assert "data-canonical" not in output
    assert "“User Persona” is another name for Persona" in html.unescape(output)


def test_ambiguous_terms_link_to_their_disambiguation_page(catalog: Catalog) -> None:
    output = render(catalog, "our CJM")
    assert 'class="cxcanon-mention cxcanon-ambiguous"' in output
    assert "“CJM” names 2 methods: Customer Journey Management; Customer Journey Map." in html.unescape(output)


@pytest.mark.parametrize(
    ("page_url", "source", "expected"),
    [
        ("methods/kano-model/", "Kano Model and a Persona", [("Persona", "../persona/")]),
        ("terms/cjm/", "CJM and the Customer Journey Map", [("Customer Journey Map", "../../methods/customer-journey-map/")]),
        ("", "Kano Model", [("Kano Model", "methods/kano-model/")]),
        ("guide/deep/page/", "Kano Model", [("Kano Model", "../../../methods/kano-model/")]),
        (None, "Kano Model", [("Kano Model", "/methods/kano-model/")]),
    ],
)
def test_links_are_relative_and_never_to_the_page_itself(
    catalog: Catalog, page_url: str | None, source: str, expected: list[tuple[str, str]]
) -> None:
    assert links(render(catalog, source, page_url=page_url)) == expected


def test_urls_without_directory_urls(catalog: Catalog) -> None:
    output = render(catalog, "Kano Model, CJM", page_url="guide/intro.html", method_url="methods/{id}.html", term_url="terms/{slug}.html")
    assert links(output) == [("Kano Model", "../methods/kano-model.html"), ("CJM", "../terms/cjm.html")]
    assert links(render(catalog, "Kano Model", page_url="methods/kano-model.html", method_url="methods/{id}.html")) == []


@pytest.mark.parametrize(
    ("target", "page", "expected"),
    [
        ("methods/x/", "", "methods/x/"),
        ("methods/x/", "a/", "../methods/x/"),
        ("methods/x/", "methods/y/", "../x/"),
        ("methods/x.html", "a/b.html", "../methods/x.html"),
        ("methods/x.html", "index.html", "methods/x.html"),
    ],
)
def test_relative_url(target: str, page: str, expected: str) -> None:
    assert relative_url(target, page) == expected


@pytest.mark.parametrize(("minimum", "expected"), [(3, ["Alpha Method"]), (2, ["AM"])])
def test_short_abbreviations_are_not_linked(minimum: int, expected: list[str]) -> None:
    base = load_catalog(Path(__file__).parent / "fixtures" / "base")
    output = render(base, "AM and the Alpha Method", min_abbreviation=minimum)
    assert [text for text, _ in links(output)] == expected


SEGMENT = st.sampled_from(["a", "b", "methods", "x"])
URL = st.tuples(st.lists(SEGMENT, max_size=3), st.sampled_from(["", "index.html", "p.html"])).map(
    lambda parts: "".join(f"{p}/" for p in parts[0]) + parts[1]
)


@given(target=URL, page=URL)
def test_relative_urls_resolve_to_their_target(target: str, page: str) -> None:
    folder = "/" + page.rsplit("/", 1)[0] + "/" if "/" in page else "/"
    relative = relative_url(target, page)
    resolved = posixpath.normpath(posixpath.join(folder, relative)) + ("/" if relative.endswith("/") and target else "")
    assert resolved == "/" + target
    assert not relative.startswith("/")


def test_german_tooltips(catalog: Catalog) -> None:
    assert 'title="Eine Testdefinition von Kano Model."' in render(catalog, "Kano-Modell", lang="de")


def test_page_report(catalog: Catalog) -> None:
    extension = AutolinkExtension(catalog=catalog, page_url="guide/")
    markdown.markdown("Kano Model, Kano Model, CJM, `Persona` and MVPs", extensions=[extension])
    page = extension.last
    assert page is not None
    assert (page.linked, page.mentions, sorted(page.method_ids)) == (3, 4, ["kano-model", "minimum-viable-product"])
    assert [m.text for m in page.ambiguous] == ["CJM"]


def test_catalog_path_and_entry_point_name(catalog: Catalog) -> None:
    output = markdown.markdown(
        "Kano Model", extensions=["cxcanon.markdown_ext"], extension_configs={"cxcanon.markdown_ext": {"catalog": str(LINKING)}}
    )
    assert links(output) == [("Kano Model", "/methods/kano-model/")]


def test_without_a_catalog_nothing_changes() -> None:
    assert markdown.markdown("Kano Model", extensions=[AutolinkExtension()]) == "<p>Kano Model</p>"


# --- round trip: nothing but the inserted links changes ------------------------------------------

WORDS = st.sampled_from(
    [
        "Kano Model",
        "Kano-Modell",
        "Personas",
        "CJM",
        "MVP",
        "mvp",
        "TCJG Customer Value Proposition Canvas",
        "Customer Journey Map",
        "Customer",
        "Journey",
        "Kundenreisen",
        "Straße",
        "the",
        "and",
        "a & b",
        "x < y",
        "*em*",
        "**strong**",
        "`Kano Model`",
        "[Persona](x.md)",
        "<span>MVP</span>",
        "<b class='a'>Kano Model</b>",
        "![Persona](p.png)",
        "<https://example.org/Persona>",
        "Persona\\*",
        "\n",
    ]
)
LINE = st.lists(WORDS, min_size=1, max_size=8).map(lambda words: " ".join(words).replace(" \n ", "\n"))


def _block(kind: str, text: str) -> str:
    one_line = text.replace("\n", " ")
    blocks = {
        "paragraph": text,
        "heading": "## " + one_line,
        "list": "- " + one_line + "\n- " + one_line,
        "quote": "> " + text.replace("\n", "\n> "),
        "admonition": '!!! note "' + one_line.replace('"', "") + '"\n    ' + text.replace("\n", "\n    "),
        "table": "| a | b |\n|---|---|\n| " + one_line.replace("|", "") + " | x |",
        "fence": "```\n" + text + "\n```",
        "html": "<div>\n" + text + "\n</div>",
        "md_html": '<div markdown="1">\n' + text + "\n</div>",
        "tab": '=== "T"\n\n    ' + text.replace("\n", "\n    "),
    }
    return blocks[kind]


BLOCK = st.tuples(
    st.sampled_from(["paragraph", "heading", "list", "quote", "admonition", "table", "fence", "html", "md_html", "tab"]), LINE
).map(lambda pair: _block(*pair))
DOCUMENT = st.lists(BLOCK, min_size=1, max_size=6).map("\n\n".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=DOCUMENT)
def test_unwrapping_the_links_gives_the_page_rendered_without_linking(catalog: Catalog, document: str) -> None:
    linked = render(catalog, document)
    plain = markdown.markdown(document, extensions=EXTENSIONS)
    assert LINK.sub(r"\1", linked) == plain


def test_an_everyday_phrase_resolves_but_is_not_linked_in_prose() -> None:
    from cxcanon.catalog.model import Alias, Method, Verification
    from cxcanon.linking.lint import Linter

    journey = Method(
        id="customer-journey",
        name="Customer Journey",
        definition={"en": "The path a customer takes.", "de": "Der Weg eines Kunden."},
        category="research",
        status="draft",
        verification=Verification("unverified"),
        aliases=(Alias("Kundenreise", "translation", "de"), Alias("Journey", "synonym", "en", everyday_phrase=True)),
    )
    catalog = Catalog([journey], [])
    output = render(catalog, "Every Journey starts somewhere; a Kundenreise is mapped.")
    assert [text for text, _ in links(output)] == ["Kundenreise"]
    assert [m.id for m in catalog.resolve("journey")] == ["customer-journey"]
    assert [f.term for f in Linter(catalog, strict=True).lint_text("Every Journey starts somewhere.", "t.md")] == ["Journey"]
