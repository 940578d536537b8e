"""Generated pages as prose for Markdown plus ready HTML: the same HTML as Markdown of the whole page."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxcanon import load_catalog
from cxcanon.render import Site, render_site
from cxcanon.render.ready import split
from cxcanon.render.search import search_entry

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc"]
"""The site's Markdown extensions (mkdocs.yml) that act on generated pages."""


def _html(text: str) -> str:
    return markdown.Markdown(extensions=EXTENSIONS).convert(text)


def _body(page: str) -> str:
    return page.split("\n---\n", 1)[1] if page.startswith("---\n") else page


def _same(html: str) -> str:
    """HTML with runs of newlines collapsed: Markdown puts blank lines around raw HTML blocks, which shows nowhere."""
    return re.sub(r"\n+", "\n", html)


@pytest.mark.parametrize("catalog", ["site", "base", "export", "shipped"])
def test_split_pages_give_the_html_of_the_whole_page(catalog: str) -> None:
    root = REPO / "methods" if catalog == "shipped" else FIXTURES / catalog
    for lang in ("en", "de"):
        pages = [f for f in render_site(load_catalog(root), Site(lang=lang)) if f.is_page]
        for page in pages:
            body = _body(page.content)
            ready = split(body)
            assert _same(ready.fill(_html(ready.markdown))) == _same(_html(body)), page.path
        # The point of it: a method page's structure never goes through Markdown again. (The injection
        # probe's names put "<script>" inside its JSON-LD: that page is left whole, to Markdown's own rules.)
        methods = [p for p in pages if p.path.startswith("methods/") and not p.path.endswith(("index.md", "injection-probe.md"))]
        assert methods and all(split(_body(p.content)).fragments for p in methods)
        assert all("<dl" not in split(_body(p.content)).markdown for p in methods)


def test_prose_stays_markdown_for_the_auto_linker() -> None:
    page = '# Title\n\n<div class="x">\n<p>ready</p>\n</div>\n\n## Steps\n\n<div class="cxc-prose" markdown="1">\n\n1. Map the *journey*.\n\n</div>\n'
    ready = split(page)
    assert "1. Map the *journey*." in ready.markdown and "## Steps" in ready.markdown
    assert ready.fragments == ('<div class="x">\n<p>ready</p>\n</div>', '<div class="cxc-prose">', "</div>")
    assert ready.fill(_html(ready.markdown)).count("<em>journey</em>") == 1


@pytest.mark.parametrize(
    "page",
    [
        '<div class="a">\nunclosed\n',  # never closes
        '<div class="a">\n<p>x</p>\n</div>\nText right after the block.\n',  # Markdown's own rules apply
        '<div class="a">\n\n<p>x</p>\n</div>\n',  # a blank line inside a block
        '<section markdown="1">\n\ntext\n\n</section>\n',  # Markdown inside another element
        '<div markdown="1">\n\ntext\n',  # a Markdown block that never closes
    ],
)
def test_pages_of_another_shape_are_left_whole(page: str) -> None:
    ready = split(page)
    assert ready.fragments == () and ready.markdown == page
    assert ready.fill("<p>CXCANONREADY0Z</p>") == "<p>CXCANONREADY0Z</p>"


def test_search_entry_comes_from_the_front_matter() -> None:
    meta = {"title": "A <b> & B", "description": "A definition &amp; more.", "tags": ["A", "B"], "search": {"boost": 2}}
    assert search_entry("methods/a/", meta) == {
        "location": "methods/a/",
        "title": "A &lt;b&gt; &amp; B",
        "text": "A definition &amp; more.",
        "tags": ["A", "B"],
        "boost": 2,
    }
    assert search_entry("names/", {"title": "All names", "search": {"exclude": True}}) is None
    assert search_entry("x/", {}, "Fallback title") == {"location": "x/", "title": "Fallback title", "text": ""}
    long = {"title": "L", "description": "word " * 60 + "end &amp; more"}
    text = search_entry("l/", long)["text"]  # type: ignore[index]
    assert text.endswith(" …") and len(text) <= 162 and "&amp" not in text[-8:]


def test_indentation_goes_but_preformatted_text_and_scripts_stay() -> None:
    from cxcanon.render.ready import strip_indentation

    page = "<div>\n    <p>a</p>\n  <pre><code>@book{x,\n  title = {T}\n}</code></pre>\n  <textarea>\n  typed\n</textarea>\n  <script>\n  const s = `\n    kept`;\n</script>\n\t<p>b</p>"
    assert strip_indentation(page) == (
        "<div>\n<p>a</p>\n<pre><code>@book{x,\n  title = {T}\n}</code></pre>\n<textarea>\n  typed\n</textarea>\n<script>\n  const s = `\n    kept`;\n</script>\n<p>b</p>"
    )


_KEEP_SPEC = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2>)", re.DOTALL | re.IGNORECASE)


def _stripped_as_specified(html: str) -> str:
    """The rule in one regular expression: kept elements as they are, every other line break's indentation gone."""
    parts = _KEEP_SPEC.split(html)  # text, kept element, its tag name, text, ...
    return "".join(re.sub(r"\n[ \t]+", "\n", part) if i % 3 == 0 else part for i, part in enumerate(parts) if i % 3 != 2)


_PIECES = ["<pre>", "</pre>", "<PRE class='x'>", "</Pre>", "<script>", "</script>", "<SCRIPT>", "</scripT>", "<style>", "</style>"]
_PIECES += ["<textarea>", "</textarea>", "<prefix>", "<pre", "</pre", "<scripts>", "</style >", "\n", "\n  ", "\n\t", " ", "\t", "a", "<p>"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=16))
def test_indentation_is_stripped_as_the_rule_says(pieces: list[str]) -> None:
    """Unclosed elements, closing tags in another case, names that only begin like a kept one, tabs and spaces."""
    from cxcanon.render.ready import strip_indentation

    html = "".join(pieces)
    assert strip_indentation(html) == _stripped_as_specified(html)


@pytest.mark.parametrize("catalog", ["site", "shipped"])
def test_the_markdown_extension_gives_the_same_html(catalog: str) -> None:
    """`cxcanon.engines.ready_markdown` (for Zensical, which has no plugins) splits and fills inside Markdown."""
    from cxcanon.linking.markdown_ext import AutolinkExtension

    loaded = load_catalog(REPO / "methods" if catalog == "shipped" else FIXTURES / catalog)
    for page in (f for f in render_site(loaded, Site()) if f.is_page):
        body = _body(page.content)
        whole = markdown.Markdown(extensions=[*EXTENSIONS, AutolinkExtension(loaded)]).convert(body)
        ready = markdown.Markdown(extensions=[*EXTENSIONS, AutolinkExtension(loaded), "cxcanon.engines.ready_markdown"]).convert(body)
        assert _same(ready) == _same(whole), page.path


class _PageContext(markdown.preprocessors.Preprocessor):
    """Stands in for the ``rendering_context`` preprocessor Zensical registers on every Markdown instance."""

    def __init__(self, md: markdown.Markdown, path: str) -> None:
        super().__init__(md)
        self.page = type("Page", (), {"url": path[: -len(".md")] + "/", "path": path, "meta": {}})()

    def run(self, lines: list[str]) -> list[str]:
        return lines


def _with_context(path: str, store: Path) -> markdown.Markdown:
    from cxcanon.engines.ready_markdown import ReadyHtmlExtension

    md = markdown.Markdown(extensions=[*EXTENSIONS, ReadyHtmlExtension(store=str(store))])
    md.preprocessors.register(_PageContext(md, path), "rendering_context", 40)
    return md


def test_stored_blocks_give_the_same_html(tmp_path: Path) -> None:
    """With ``store``, the page's file holds placeholders and the blocks come from ``<store>/<path>.json``."""
    import json

    pages = [f for f in render_site(load_catalog(FIXTURES / "site"), Site()) if f.is_page]
    checked = 0
    for page in pages:
        ready = split(_body(page.content))
        if not ready.fragments:
            continue
        (tmp_path / (page.path + ".json")).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / (page.path + ".json")).write_text(json.dumps(ready.fragments), encoding="utf-8")
        html = _with_context(page.path, tmp_path).convert(ready.markdown)
        assert "CXCANONREADY" not in html, page.path
        assert _same(html) == _same(_html(_body(page.content))), page.path
        checked += 1
    assert checked > 10
    # A page without a stored file is split as before; a page with one takes its blocks, not the text's.
    whole = _body(next(p for p in pages if p.path == "methods/gamma-canvas.md").content)
    assert _same(_with_context("elsewhere.md", tmp_path).convert(whole)) == _same(_html(whole))


@pytest.mark.parametrize("lang", ["en", "de"])
def test_front_matter_read_without_yaml_is_what_mkdocs_reads(lang: str) -> None:
    """Every generated page of the shipped catalog: the same metadata and Markdown as MkDocs' own reader gives."""
    from mkdocs.utils.meta import get_data

    from cxcanon.render.markup import read_front_matter

    pages = [f for f in render_site(load_catalog(REPO / "methods"), Site(site_url="https://x.org/", lang=lang)) if f.is_page]
    assert len(pages) > 300
    for page in pages:
        found = read_front_matter(page.content)
        assert found is not None, page.path
        markdown_text, meta = get_data(page.content)
        assert found == (meta, markdown_text), page.path


@pytest.mark.parametrize(
    "text",
    [
        "# No front matter\n",
        '---\ntitle: "A"\n',  # never closed
        "---\n---\n\n# Empty\n",
        "---\ntitle: A plain YAML string\n---\n\n# A\n",  # not JSON
        "---\nboost: 1e+16\n---\n\n# A\n",  # an exponent without a point: text to YAML
        "---\nboost: 1.50\n---\n\n# A\n",  # not as json.dumps writes it
        '---\nyes: "A"\n---\n\n# A\n',  # a key YAML reads as a boolean
        '---\ntitle: "A\u2028B"\n---\n\n# A\n',  # a line separator YAML folds
        '---\ntitle: "A\x85B"\n---\n\n# A\n',
        '---\ntitle: "A"\n---\n\nauthor: B\n\n# A\n',  # Markdown MkDocs would read metadata from
        '---\ntitle: "A" # a comment\n---\n\n# A\n',
    ],
)
def test_front_matter_not_surely_read_as_mkdocs_reads_it_is_left_to_mkdocs(text: str) -> None:
    from cxcanon.render.markup import read_front_matter

    assert read_front_matter(text) is None


def test_front_matter_with_escapes_lists_and_mappings_reads_as_yaml_does() -> None:
    from mkdocs.utils.meta import get_data

    from cxcanon.render.markup import front_matter, read_front_matter

    meta = {
        "title": 'Quotes " and \\ backslashes, a tab\tand a newline\n, Umlaute äöü, emoji 😀',
        "tags": ["a", "b", 3, True, None],
        "search": {"boost": 2, "exclude": False, "weight": 1.5, "small": 1.5e-07, "big": 1e16},
        "cxcanon": {"method": "m", "nested": [{"x": "y"}]},
    }
    text = front_matter(meta) + "# Title\n\nBody.\n"
    assert read_front_matter(text) is None  # 1e16 is written "1e+16": text to YAML
    assert get_data(text)[1]["search"]["big"] == "1e+16"
    del meta["search"]["big"]  # type: ignore[attr-defined]
    text = front_matter(meta) + "# Title\n\nBody.\n"
    assert read_front_matter(text) == (meta, "# Title\n\nBody.\n")
    markdown_text, read = get_data(text)
    assert (read, markdown_text) == (meta, "# Title\n\nBody.\n")
