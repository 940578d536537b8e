"""One Markdown converter for many pages (`cxcanon.engines.converter`): the pages come out as with one converter each."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cxcanon.engines.converter import SharedConverter

PAGES = {
    "a.md": "# Alpha\n\n## Steps\n\nSee [b](b.md#steps) and [b again](b.md#nowhere).\n\n## Steps\n\n<a id='raw'></a>Text.\n",
    "b.md": "# Beta { #top }\n\n## Steps\n\n| x | y |\n|---|---|\n| 1 | 2 |\n\n!!! note\n    A note.\n",
    "c.md": '# Gamma\n\n<div markdown="1">\n## Steps\n\n*inside*\n</div>\n\n## Pitfalls { data-search-exclude }\n\nSee [ref].\n\n[ref]: https://example.org/\n',
    "d.md": "No title here: [ref] is defined on another page.\n\n## Steps\n",
}


def _site(tmp_path: Path, extensions: list[Any]) -> tuple[Any, Any]:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files

    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    for name, text in PAGES.items():
        (docs / name).write_text(text, encoding="utf-8")
    config = MkDocsConfig()
    theme = {"name": None, "custom_dir": str(docs)}  # no theme package needed (MkDocs' own is not ProperDocs')
    config.load_dict(
        {"site_name": "t", "docs_dir": str(docs), "site_dir": str(tmp_path / "site"), "theme": theme, "markdown_extensions": extensions}
    )
    assert not config.validate()[0]
    files = Files([File(name, str(docs), str(tmp_path / "site"), True) for name in PAGES])
    return config, files


def _render(config: Any, files: Any, converter: SharedConverter | None) -> list[tuple[Any, ...]]:
    from mkdocs.structure.pages import Page

    results = []
    for name in PAGES:
        file = files.get_file_from_path(name)
        page = Page(None, file, config)
        page.read_source(config)
        if converter is not None:
            converter.use_for(page)
        page.render(config, files)  # as MkDocs calls it
        links = {target.src_uri: found for target, found in (page.links_to_anchors or {}).items()}
        results.append((page.content, str(page.toc), page._title_from_render, page.present_anchor_ids, links))
    return results


EXTENSIONS: list[Any] = ["toc", "attr_list", "md_in_html", "tables", "admonition"]


def test_pages_rendered_with_one_converter_come_out_as_with_one_each(tmp_path: Path) -> None:
    config, files = _site(tmp_path, [*EXTENSIONS, {"toc": {"permalink": True}}])
    alone = _render(config, files, None)
    shared = SharedConverter()
    assert _render(config, files, shared) == alone
    assert shared.built == 1  # one converter for the four pages
    assert _render(config, files, shared) == alone  # and again, with the same converter
    assert shared.built == 1
    # What each page's own converter left: the ids made unique per page, not across pages; every page's links and anchors.
    content, _toc, title, anchors, links = alone[0]
    assert 'id="steps"' in content and 'id="steps_1"' in content and title == "Alpha"
    assert {"alpha", "steps", "steps_1", "raw"} <= anchors
    assert links["b.md"] == {"steps": "b.md#steps", "nowhere": "b.md#nowhere"}
    assert 'id="steps"' in alone[1][0] and alone[1][2] == "Beta" and alone[3][2] is None
    assert "example.org" in alone[2][0] and "example.org" not in alone[3][0]


def test_a_change_of_extensions_or_their_configuration_builds_a_new_converter(tmp_path: Path) -> None:
    config, files = _site(tmp_path, list(EXTENSIONS))
    shared = SharedConverter()
    _render(config, files, shared)
    assert shared.built == 1
    config.mdx_configs["toc"] = {"permalink": "#"}
    expected = _render(config, files, None)
    assert _render(config, files, shared) == expected
    assert shared.built == 2
    assert 'class="headerlink"' in expected[0][0]
    config.markdown_extensions.remove("admonition")
    expected = _render(config, files, None)
    assert _render(config, files, shared) == expected
    assert shared.built == 3
    assert "admonition" not in expected[1][0]


def test_the_pages_module_keeps_its_markdown_module_outside_a_render_and_after_a_failing_one(tmp_path: Path) -> None:
    import markdown
    from mkdocs.structure.pages import Page

    config, files = _site(tmp_path, list(EXTENSIONS))
    page = Page(None, files.get_file_from_path("a.md"), config)
    names = type(page).render.__globals__
    assert names["markdown"] is markdown
    with pytest.raises(RuntimeError):  # its Markdown was never read: MkDocs' own render refuses
        SharedConverter().render(page, config, files)
    assert names["markdown"] is markdown
    page.read_source(config)
    SharedConverter().render(page, config, files)
    assert names["markdown"] is markdown
    assert page.content is not None and "Alpha</h1>" in page.content
