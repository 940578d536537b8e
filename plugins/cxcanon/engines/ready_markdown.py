"""``cxcanon.engines.ready_markdown``: the ready-HTML split as a Python-Markdown extension.

The MkDocs plugin takes a generated page's HTML blocks out of its Markdown before MkDocs
parses it and puts them back afterwards (`cxcanon.render.ready`). An engine without plugins
(Zensical) reads the generated pages from files; this extension does the same inside
Python-Markdown: a preprocessor splits the page, a postprocessor fills the HTML back in. A page
that is not of the generated shape is left to Markdown as it is.

With ``store`` (a folder; ``cxcanon generate --engine zensical`` sets it), the split was done when
the page was written: the page's file holds the Markdown with placeholders and
``<store>/<source path>.json`` the HTML blocks, found through the page's source path in Zensical's
page context. The engine then never sees the HTML in the source (Zensical scans every page's
source for links, in Python).

Both mark each placeholder paragraph's text as atomic (`PlaceholderExtension`): Markdown's inline
patterns, which find nothing in a placeholder, then skip it (seventeen placeholders made two
thirds of a method page's inline work). The MkDocs plugin, which splits pages itself, adds only
that extension.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from ..linking.markdown_ext import zensical_page
from ..render.ready import PLACEHOLDER, Split, split


class _Take(Preprocessor):
    def __init__(self, md: Markdown, extension: ReadyHtmlExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        stored = self.extension.stored(self.md)
        if stored is not None:
            self.extension.ready = Split("", stored)
            return lines
        ready = split("\n".join(lines))
        self.extension.ready = ready if ready.fragments else None
        return ready.markdown.split("\n") if ready.fragments else lines


class _Fill(Postprocessor):
    def __init__(self, md: Markdown, extension: ReadyHtmlExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        # Not cleared here: other extensions (toc) run the postprocessors on pieces of the page too.
        ready = self.extension.ready
        return text if ready is None else ready.fill(text)


class _Atomic(Treeprocessor):
    def run(self, root: Any) -> None:
        for element in root:
            text = element.text
            if element.tag == "p" and text and len(element) == 0 and PLACEHOLDER.fullmatch(text):
                element.text = AtomicString(text)


class PlaceholderExtension(Extension):
    """Placeholder paragraphs skip Markdown's inline patterns (see the module docstring)."""

    def extendMarkdown(self, md: Markdown) -> None:
        # Before the inline patterns (priority 20).
        md.treeprocessors.register(_Atomic(md), "cxcanon_ready_atomic", 25)


class ReadyHtmlExtension(Extension):
    """Generated pages' HTML blocks skip Markdown's HTML parser (see the module docstring)."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {"store": ["", "Folder of the pages' HTML blocks written by `cxcanon generate` (see the module docstring)"]}
        super().__init__(**kwargs)
        self.ready: Split | None = None

    def stored(self, md: Markdown) -> tuple[str, ...] | None:
        """The current page's HTML blocks from the store; None without a store, a page context or a stored file."""
        store = self.getConfig("store")
        page = zensical_page(md) if store else None
        if page is None:
            return None
        try:
            fragments = json.loads((Path(store) / (page[1] + ".json")).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        return tuple(fragments)

    def extendMarkdown(self, md: Markdown) -> None:
        # Before Python-Markdown's own HTML block preprocessor (priority 20); the fill runs
        # after the raw-HTML postprocessor (priority 30) has put stashed HTML back.
        md.preprocessors.register(_Take(md, self), "cxcanon_ready_take", 25)
        md.postprocessors.register(_Fill(md, self), "cxcanon_ready_fill", 5)
        PlaceholderExtension().extendMarkdown(md)

    def reset(self) -> None:
        self.ready = None


def makeExtension(**kwargs: Any) -> ReadyHtmlExtension:
    return ReadyHtmlExtension(**kwargs)
