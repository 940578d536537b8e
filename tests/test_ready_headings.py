"""Generated pages' section headings as ready HTML: the same HTML, table of contents and anchors as Markdown of the whole page."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import markdown
import pytest
from mkdocs.structure.toc import get_toc

from cxcanon import load_catalog
from cxcanon.engines.ready_headings import HeadingMaker, lift
from cxcanon.engines.ready_markdown import PlaceholderExtension
from cxcanon.render import Site, render_site
from cxcanon.render.ready import split

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
EXTENSIONS = ["toc", "tables", "fenced_code", "admonition", "attr_list", "md_in_html"]
"""The site's Markdown extensions (MkDocs' own three and mkdocs.yml's) that act on generated pages."""
CONFIGS = {"toc": {"permalink": True}}


class _Page:
    """What `Lifted.fill` reads and sets on MkDocs' page after Markdown."""

    def __init__(self, md: markdown.Markdown, html: str) -> None:
        self.toc = get_toc(md.toc_tokens)  # type: ignore[attr-defined]
        self.present_anchor_ids = set(re.findall(r' id="([^"]+)"', html))  # as MkDocs' anchor extractor finds them


def _rendered(text: str) -> tuple[str, _Page]:
    md = markdown.Markdown(extensions=[*EXTENSIONS, PlaceholderExtension()], extension_configs=CONFIGS)
    html = md.convert(text)
    return html, _Page(md, html)


def _toc(items: Any) -> list[tuple[str, str, int, list[Any]]]:
    return [(item.title, item.id, item.level, _toc(item.children)) for item in items]


def _same(html: str) -> str:
    """HTML with runs of newlines collapsed: Markdown puts blank lines around raw HTML blocks, which shows nowhere."""
    return re.sub(r"\n+", "\n", html)


def _body(page: str) -> str:
    return page.split("\n---\n", 1)[1] if page.startswith("---\n") else page


def _compare(body: str, maker: HeadingMaker) -> bool:
    """Assert that the lifted page equals the page split with its headings in Markdown; False where the page keeps them.

    (That the split page's HTML is the whole page's, `test_ready` shows. MkDocs finds the ids of a
    page's ready HTML in neither, as it does not in Markdown's stashed raw HTML.)"""
    ready = split(body)
    lifted = lift(ready, maker)
    if lifted is None:
        return False
    assert not re.search(r"^#{2,6} ", lifted.markdown, re.MULTILINE)
    split_html, split_page = _rendered(ready.markdown)
    html, page = _rendered(lifted.markdown)
    filled = lifted.fill(html, page)
    assert filled == ready.fill(split_html)
    assert _same(filled) == _same(_rendered(body)[0])
    assert _toc(page.toc) == _toc(split_page.toc)
    assert page.present_anchor_ids == split_page.present_anchor_ids
    return True


@pytest.mark.parametrize("catalog", ["site", "base", "export", "shipped"])
def test_lifted_headings_give_the_page_markdown_would_make(catalog: str) -> None:
    maker = HeadingMaker.for_site(EXTENSIONS, CONFIGS)
    assert maker is not None
    root = REPO / "methods" if catalog == "shipped" else FIXTURES / catalog
    for lang in ("en", "de"):
        pages = [f for f in render_site(load_catalog(root), Site(lang=lang)) if f.is_page]
        lifted = {page.path for page in pages if split(_body(page.content)).fragments and _compare(_body(page.content), maker)}
        # Every method page's headings are lifted (the injection probe's page is left whole by the split).
        methods = {p.path for p in pages if p.path.startswith("methods/") and not p.path.endswith(("index.md", "injection-probe.md"))}
        assert methods and methods <= lifted, sorted(methods - lifted)[:5]


def test_ids_are_made_unique_as_markdown_makes_them() -> None:
    """A title with a section's words, two sections alike and an id from the prose: the ids Markdown's table of contents gives."""
    maker = HeadingMaker.for_site(EXTENSIONS, CONFIGS)
    assert maker is not None
    body = (
        '# Origin\n\n<div class="x">\n<p>ready</p>\n</div>\n\n## Origin\n\nText with an id.\n{ #steps }\n\n'
        "## Steps\n\n1. One.\n\n### Steps\n\nMore.\n\n## Cite this { data-search-exclude }\n\n### Über diesen Eintrag\n\nEnd.\n"
    )
    assert _compare(body, maker)
    lifted = lift(split(body), maker)
    assert lifted is not None and [h.words for h in lifted.headings] == ["Origin", "Steps", "Steps", "Cite this", "Über diesen Eintrag"]
    # Ready HTML and headings with only blank lines between them: one placeholder paragraph for the run.
    assert [len(run) for run in lifted.parts] == [2, 1, 1, 2]
    assert lifted.markdown.count("CXCANONREADY") == 4
    html, page = _rendered(lifted.markdown)
    filled = lifted.fill(html, page)
    assert '<h2 id="origin_1">' in filled and '<h2 id="steps_1">' in filled and '<h3 id="steps_2">' in filled
    assert '<h2 data-search-exclude id="cite-this">' in filled and '<h3 id="uber-diesen-eintrag">' in filled


@pytest.mark.parametrize(
    "body",
    [
        "# T\n\n## Steps\n\n```\n# not a heading\n```\n",  # a fenced block
        "# T\n\n## Steps\n\nText\n===\n",  # a setext heading in the prose
        "# T\n\n## Steps\n\nText\n\n---\n",  # a rule (or a setext heading)
        "# T\n\n## Steps\n\n!!! note\n\n    ## Inside\n",  # a heading inside an admonition
        "# T\n\n## Steps\n\n> ## Quoted\n",  # a quoted heading
        "# T\n\n## Steps\n\nText\n<h2>Raw</h2>\n",  # an HTML heading in the prose
        "# T\n\n## The *steps*\n\nText\n",  # a heading with markup
        "# T\n\n## snake_case\n\nText\n",  # underscores: emphasis to Markdown
        "# T\n\n## Steps\nText right below\n",  # not a block of its own
        "# T\nText\n## Steps\n\nText\n",  # a heading that ends a paragraph
        "## Steps\n\nText\n",  # no title
        "# T\n\n# Second title\n\n## Steps\n",  # a second title
        "# T\n\nText only.\n",  # nothing to lift
    ],
)
def test_pages_whose_headings_markdown_must_read_keep_them(body: str) -> None:
    maker = HeadingMaker.for_site(EXTENSIONS, CONFIGS)
    assert maker is not None
    assert lift(split(body), maker) is None


@pytest.mark.parametrize(
    ("extensions", "configs"),
    [
        ([*EXTENSIONS, "abbr"], CONFIGS),  # might shape a heading's words
        ([e for e in EXTENSIONS if e != "toc"], {}),  # no ids at all
        (EXTENSIONS, {"toc": {"permalink": True, "toc_depth": 2}}),  # not every heading in the table of contents
        (EXTENSIONS, {"toc": {"anchorlink": True}}),
    ],
)
def test_a_site_whose_markdown_might_shape_headings_otherwise_keeps_them(extensions: list[Any], configs: dict[str, Any]) -> None:
    assert HeadingMaker.for_site(extensions, configs) is None


def test_a_heading_left_in_markdown_is_an_error_not_a_wrong_page() -> None:
    maker = HeadingMaker.for_site(EXTENSIONS, CONFIGS)
    assert maker is not None
    lifted = lift(split("# T\n\n## Steps\n\nText\n"), maker)
    assert lifted is not None
    html, page = _rendered("# T\n\n## Extra\n\nCXCANONREADY0Z\n")
    with pytest.raises(ValueError, match="a heading besides the title"):
        lifted.fill(html, page)
