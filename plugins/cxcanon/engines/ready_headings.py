"""A generated page's section headings as ready HTML too, with their places in its table of contents and anchors.

After `cxcanon.render.ready.split`, a generated page's Markdown holds its title, its prose,
the placeholders of its ready HTML and the renderer's section headings ("Origin", "Steps",
"Cite this" …). For the table of contents, Python-Markdown spent as much on those headings as
on the prose. `lift` takes them out as well, each into a placeholder paragraph of its own;
after Markdown, `Lifted.fill` gives each heading the id the ``toc`` extension would have given
it (its words slugified, made unique on the page after the ids Markdown gave) and the HTML
Markdown would have made of it, and adds it to the page's table of contents and anchors.

The HTML of a heading comes from a Markdown of its own with only ``attr_list`` and ``toc``,
configured as the site's (`HeadingMaker`): the extensions that shape a heading of plain words.
A site whose Markdown has other extensions (which might shape headings too) lifts nothing, and
so does a page whose Markdown has any other heading or anything that could make one; its
headings stay in Markdown. The pages come out the same either way (the tests compare them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from markdown import Markdown
from markdown.extensions.toc import nest_toc_tokens, slugify, unique

from ..render.ready import PLACEHOLDER, TOKEN, Split

_LIFTED = re.compile(r"(#{2,6}) ([\w ,.;:()'’/–-]+?)(?: \{ ?([a-z][a-z0-9-]*(?: [a-z][a-z0-9-]*)*) ?\})?")
"""A heading this module takes out: level 2 to 6, plain words, optionally bare attributes (``{ data-search-exclude }``)."""
_TITLE = re.compile(r"# [^#\n]+")
_HEADING_LIKE = re.compile(r"[ \t>]*(#|=+[ \t]*$|-+[ \t]*$)|.*<[hH][1-6]")
"""Lines that are, or could make, a heading: ATX (also indented or quoted), setext underlines (and rules), HTML."""
_FENCE = re.compile(r"[ \t]*(```|~~~)")

_SHAPING = frozenset({"toc", "attr_list"})
"""The extensions whose work on a heading of plain words `HeadingMaker` repeats."""
_LEAVE_HEADINGS = frozenset(
    {
        "tables",
        "fenced_code",
        "admonition",
        "md_in_html",
        "cxcanon.engines.ready_markdown.PlaceholderExtension",
        "cxcanon.linking.markdown_ext.AutolinkExtension",  # never links inside a heading
        "mkdocstrings._internal.extension.MkdocstringsExtension",  # only ``::: identifier`` blocks
        "mkdocs_autorefs._internal.references.AutorefsExtension",  # only references and empty anchors
    }
)
"""Extensions that leave a heading of plain words as it is."""


@dataclass(frozen=True, slots=True)
class Heading:
    """A section heading taken out of a page's Markdown."""

    line: str
    level: int
    words: str
    attributes: str


@dataclass(frozen=True, slots=True)
class Lifted:
    """A generated page's Markdown with its section headings taken out too (see the module docstring).

    Each placeholder of ``markdown`` stands for a run of ready HTML blocks and headings (``parts``),
    which Markdown would have put one per line: a placeholder paragraph less to parse for each.
    """

    markdown: str
    parts: tuple[tuple[str | Heading, ...], ...]
    maker: HeadingMaker

    @property
    def headings(self) -> list[Heading]:
        """The lifted headings, in the page's order."""
        return [part for run in self.parts for part in run if isinstance(part, Heading)]

    def fill(self, html: str, page: Any) -> str:
        """The page's HTML with its headings and ready HTML back; its table of contents and anchors with the headings."""
        items = list(page.toc)
        if len(items) != 1 or items[0].level != 1 or items[0].children:
            raise ValueError("a heading besides the title was left in the Markdown of a page whose section headings were lifted")
        title = items[0]
        taken = set(page.present_anchor_ids or ())
        flat: list[dict[str, Any]] = [{"level": 1, "id": title.id, "name": title.title, "children": []}]
        fragments = []
        for run in self.parts:
            pieces = []
            for part in run:
                if isinstance(part, Heading):
                    made, token = self.maker.make(part, taken)
                    pieces.append(made)
                    flat.append(token)
                else:
                    pieces.append(part)
            fragments.append("\n".join(pieces))
        title.children = [_link(type(title), token) for token in nest_toc_tokens(flat)[0]["children"]]
        page.present_anchor_ids = taken
        return Split(self.markdown, tuple(fragments)).fill(html)


def _link(cls: Any, token: dict[str, Any]) -> Any:
    """A table-of-contents entry of the page's own kind (MkDocs' or ProperDocs' ``AnchorLink``)."""
    link = cls(token["name"], token["id"], token["level"])
    link.children = [_link(cls, child) for child in token["children"]]
    return link


class HeadingMaker:
    """The HTML and table-of-contents entry of a heading, as the site's Markdown makes them (see the module docstring)."""

    def __init__(self, toc_config: dict[str, Any]) -> None:
        self.toc_config = toc_config
        self.made: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {}
        self.markdown: Markdown | None = None
        self.slugify = toc_config.get("slugify", slugify)
        self.separator = toc_config.get("separator", "-")

    @classmethod
    def for_site(cls, extensions: list[Any], configs: dict[str, Any]) -> HeadingMaker | None:
        """A maker for a site's Markdown; None if an extension might shape headings in a way it does not repeat."""
        names = {_name(extension) for extension in extensions}
        if "toc" not in names or not names <= _SHAPING | _LEAVE_HEADINGS:
            return None
        toc_config = dict(configs.get("toc") or configs.get("markdown.extensions.toc") or {})
        if set(toc_config) - {"permalink", "permalink_class", "permalink_title", "permalink_leading", "slugify", "separator"}:
            return None  # e.g. toc_depth or anchorlink: left to Markdown
        return cls(toc_config)

    def make(self, heading: Heading, taken: set[str]) -> tuple[str, dict[str, Any]]:
        """The heading's HTML and table-of-contents entry; its id is made unique against ``taken`` and added to it."""
        anchor = unique(self.slugify(heading.words, self.separator), taken)
        key = (heading.line, anchor)
        found = self.made.get(key)
        if found is None:
            if self.markdown is None:
                self.markdown = Markdown(extensions=["attr_list", "toc"], extension_configs={"toc": self.toc_config})
            self.markdown.reset()
            attributes = f"{heading.attributes} #{anchor}".strip()
            html = self.markdown.convert(f"{'#' * heading.level} {heading.words} {{ {attributes} }}")
            token = self.markdown.toc_tokens[0]  # type: ignore[attr-defined]
            found = self.made[key] = (html, {"level": token["level"], "id": token["id"], "name": token["name"]})
        html, token = found
        return html, {**token, "children": []}


def _name(extension: Any) -> str:
    if isinstance(extension, str):
        return extension.removeprefix("markdown.extensions.")
    return f"{type(extension).__module__}.{type(extension).__name__}"


def lift(ready: Split, maker: HeadingMaker) -> Lifted | None:
    """``ready`` with its section headings taken out as well; None where the page's headings stay in Markdown."""
    lines = ready.markdown.split("\n")
    start = 0
    if lines and lines[0] == "---":
        start = lines.index("---", 1) + 1
    out = lines[:start]
    parts: list[list[str | Heading]] = []
    gap: list[str] = []  # blank lines since the last line kept
    joined = False  # only blank lines since the last placeholder: the next one joins its run
    titled = lifted = False
    for i in range(start, len(lines)):
        line = lines[i]
        if not line.strip():
            gap.append(line)
            continue
        if _FENCE.match(line):
            return None
        part: str | Heading | None = None
        match = _LIFTED.fullmatch(line)
        if match is not None and titled and "_" not in match.group(2):
            if gap == [] or (i + 1 < len(lines) and lines[i + 1].strip()):
                return None  # not a block of its own: Markdown reads it together with its neighbour
            part = Heading(line, len(match.group(1)), match.group(2), match.group(3) or "")
            lifted = True
        elif (found := PLACEHOLDER.fullmatch(line)) is not None:
            part = ready.fragments[int(found.group(1))]
        elif not titled and _TITLE.fullmatch(line):
            titled = True
        elif _HEADING_LIKE.match(line):
            return None
        if part is not None and joined:
            parts[-1].append(part)
            gap = []
            continue
        out.extend(gap)
        gap = []
        if part is None:
            out.append(line)
            joined = False
        else:
            out.append(TOKEN.format(len(parts)))
            parts.append([part])
            joined = True
    out.extend(gap)
    if not lifted:
        return None
    return Lifted("\n".join(out), tuple(tuple(run) for run in parts), maker)
