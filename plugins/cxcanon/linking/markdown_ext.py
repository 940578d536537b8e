"""A Python-Markdown extension that links the first mention of each method on a page.

It works on the element tree Python-Markdown itself builds, after every inline
pattern, ``attr_list`` and ``abbr`` have run, so what it treats as code, heading
or link is exactly what the page renders as such (admonitions, content tabs,
``markdown``-attributed HTML and tables included).

The contract (each rule has a test in ``tests/test_markdown_ext.py``):

- The first mention of each method on a page becomes ``<a class="cxcanon-mention">``
  to the method's page; an ambiguous term links to its disambiguation page
  ``terms/<slug>/``. Later mentions stay plain text.
- The ``title`` attribute carries the one-sentence definition (Material's
  ``content.tooltips`` shows it as a tooltip). A mention by a branded, misnomer or
  former name also names the canonical method: in the tooltip, and in
  ``data-canonical``, which the site's stylesheet shows after the mention.
- Never linked: inline code, code blocks, existing links, images, headings,
  abbreviations, admonition and ``<details>`` titles, raw HTML (inline or block,
  with everything between a raw opening and closing tag), and any element with the
  class ``no-autolink``. Front matter never reaches the tree.
- A page never links to itself (its own method or disambiguation page).
- Abbreviations shorter than three characters ("CI", "UX") are not linked: they mean
  too many things (option ``min_abbreviation``).
- Opt-outs: front matter ``autolink: false`` (read from ``Meta`` of the ``meta``
  extension, from Zensical's page context, or set per page by the MkDocs plugin), and for a single mention
  ``<span class="no-autolink">Persona</span>`` or, with ``attr_list``,
  ``*Persona*{ .no-autolink }``.
- Nothing but the inserted ``<a>`` elements changes the output.

Outside MkDocs, use it like any extension::

    markdown.markdown(text, extensions=[AutolinkExtension(catalog="methods", page_url="guides/intro/")])

Under Zensical (``markdown_extensions: [{cxcanon.markdown_ext: {catalog: methods}}]``) the page's
URL and front matter come from the page context Zensical hands every Markdown instance
(`zensical_page`), so links are relative there too. Zensical creates the extension anew for every
page: the catalog and its matcher are kept per process (`shared_catalog`, `shared_matcher`), keyed
on the catalog folder and its files' modification times.
"""

from __future__ import annotations

import re
import weakref
import xml.etree.ElementTree as etree
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from ..catalog.labels import origin_label
from ..catalog.model import Catalog, Method
from ..catalog.terms import slugify
from .matcher import Matcher, Mention, shared_matcher

__all__ = [
    "SKIPPED_TAGS",
    "AutolinkExtension",
    "AutolinkTreeprocessor",
    "PageMentions",
    "is_opt_out",
    "makeExtension",
    "relative_url",
    "shared_catalog",
    "shared_matcher",
    "zensical_page",
]

SKIPPED_TAGS: frozenset[str] = frozenset(
    "a abbr acronym audio button canvas code h1 h2 h3 h4 h5 h6 iframe img kbd map math object option picture pre "
    "samp script select style summary svg template textarea title var video".split()
)
"""Elements whose text is never linked (nor the text of anything inside them)."""
SKIPPED_CLASSES: frozenset[str] = frozenset({"no-autolink", "admonition-title", "headerlink"})
RENAMING_KINDS: frozenset[str] = frozenset({"branded", "misnomer", "former"})
"""Alias kinds whose mention also shows the canonical name."""
KIND_LABELS: dict[str, str] = {
    "branded": "a branded name",
    "misnomer": "a common misnomer",
    "former": "a former name",
    "synonym": "another name",
    "translation": "a translation",
    "abbreviation": "an abbreviation",
}
KIND_LABELS_DE: dict[str, str] = {
    "branded": "ein Markenname",
    "misnomer": "eine verbreitete Fehlbezeichnung",
    "former": "ein früherer Name",
    "synonym": "ein anderer Name",
    "translation": "eine Übersetzung",
    "abbreviation": "eine Abkürzung",
}
PRIORITY = -5
"""After everything that shapes the tree (inline 20, attr_list 8, abbr 7, toc 5, MkDocs' link check 0)."""

_PLACEHOLDER = re.compile("\x02([^\x02\x03]*)\x03")
_STASH_KEY = re.compile(r"wzxhzdk:(\d+)")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)\b[^>]*?(/?)>")
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


@dataclass(slots=True)
class PageMentions:
    """What the extension found on one page."""

    url: str | None
    method_ids: set[str] = field(default_factory=set)
    """Every method mentioned (unambiguously) on the page, linked or not."""
    mentions: int = 0
    linked: int = 0
    ambiguous: list[Mention] = field(default_factory=list)
    skipped: bool = False
    """True when the page opted out (``autolink: false``)."""


def relative_url(target: str, page_url: str) -> str:
    """The link from a page to a site-relative target, both as MkDocs writes URLs (``methods/x/``, ``index.html``).

    The same result as ``posixpath.relpath`` (what MkDocs uses), computed from the path segments
    directly: it runs for every link of every page, and ``relpath`` normalises both paths first.
    """
    base = page_url.split("/")[:-1]  # the page's folder: "a/b/" -> [a, b]; "a/b.html" -> [a]
    parts = target.split("/")
    folder, name = parts[:-1], parts[-1]
    common = 0
    while common < len(base) and common < len(folder) and base[common] == folder[common]:
        common += 1
    relative = "/".join([".."] * (len(base) - common) + folder[common:])
    if not name:
        return (relative or ".") + "/"
    return f"{relative}/{name}" if relative else name


def _same_page(target: str, page_url: str | None) -> bool:
    return page_url is not None and target.strip("/") == page_url.strip("/")


class AutolinkTreeprocessor(Treeprocessor):
    """Links mentions in one rendered page; the extension keeps the matcher and the per-page state."""

    def __init__(self, md: Markdown, extension: AutolinkExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        ext = self.extension
        url, meta = ext.page_url, getattr(self.md, "Meta", None)
        link_base = url  # MkDocs: links are relative to the page's URL
        engine_page = None if ext.page_set else zensical_page(self.md)
        if engine_page is not None:
            # Zensical resolves every relative link against the page's source file, as MkDocs does
            # for links to .md files only: "../x/" from methods/a.md is /x/, not /methods/x/.
            url, link_base, meta = engine_page
        page = PageMentions(url)
        ext.last = page
        if not ext.page_enabled or (isinstance(meta, dict) and is_opt_out(meta.get("autolink"))):
            page.skipped = True
            return
        matcher = ext.matcher
        if matcher is None:
            return
        _Linker(self.md, ext, matcher, page, link_base).walk(root)


def zensical_page(md: Markdown) -> tuple[str, str, dict[str, Any]] | None:
    """The URL, source path and front matter of the page being rendered, from Zensical's page context (None elsewhere).

    Zensical registers a preprocessor named ``rendering_context`` on every Markdown instance; its
    ``page`` has the site-relative ``url`` (``methods/x/``, ``""`` for the home page: as MkDocs'
    ``Page.url``), the source ``path`` in the docs folder (``methods/x.md``) and the parsed front
    matter as ``meta`` (Zensical removes it before Markdown runs).
    """
    if "rendering_context" not in md.preprocessors:
        return None
    page = getattr(md.preprocessors["rendering_context"], "page", None)
    url, path = getattr(page, "url", None), getattr(page, "path", None)
    if not isinstance(url, str) or not isinstance(path, str):
        return None
    meta = getattr(page, "meta", None)
    return url.lstrip("/"), path.replace("\\", "/").lstrip("/"), meta if isinstance(meta, dict) else {}


def is_opt_out(value: Any) -> bool:
    """True for a front matter value that switches linking off (`false`, "no", "off", "0")."""
    if isinstance(value, list):
        value = value[0] if value else None
    return value is False or (isinstance(value, str) and value.strip().lower() in ("false", "no", "off", "0"))


class _Linker:
    """One walk over one page's tree."""

    def __init__(self, md: Markdown, ext: AutolinkExtension, matcher: Matcher, page: PageMentions, link_base: str | None) -> None:
        self.md = md
        self.ext = ext
        self.matcher = matcher
        self.page = page
        self.link_base = link_base  # links are relative to this path's folder; absolute from site_root without it
        self.done: set[str] = set()  # method ids and ambiguous-term slugs already linked on this page
        self.raw_depth = 0  # how many raw inline HTML elements are open around the current text

    def walk(self, element: etree.Element) -> None:
        if self._skipped(element):
            return
        depth = self.raw_depth
        children = list(element)  # before inserting links: their tails hold text already seen
        if element.text:
            element.text, links = self._link(element.text)
            for offset, link in enumerate(links):
                element.insert(offset, link)
        for child in children:
            if not isinstance(child.tag, str):
                continue  # comments and processing instructions
            self.walk(child)
            if child.tail:
                child.tail, links = self._link(child.tail)
                position = list(element).index(child) + 1
                for offset, link in enumerate(links):
                    element.insert(position + offset, link)
        self.raw_depth = depth  # an unclosed raw tag ends with its parent element

    def _skipped(self, element: etree.Element) -> bool:
        if element.tag in SKIPPED_TAGS:
            return True
        if element.get("data-autolink") in ("off", "false"):
            return True
        classes = element.get("class")
        return classes is not None and not SKIPPED_CLASSES.isdisjoint(classes.split())

    def _link(self, text: str) -> tuple[str, list[etree.Element]]:
        """The text before the first link, and the links (each carrying the text after it as tail)."""
        if "\x02" not in text and self.raw_depth == 0:
            pieces = self._link_segment(text)  # the common case: no stashed HTML in this text
            if len(pieces) == 1:
                return text, []
            return self._assemble([pieces])
        # Segments come one at a time: each placeholder of raw HTML updates raw_depth for the text after it.
        return self._assemble([self._link_segment(segment) if linkable else [segment] for segment, linkable in self._segments(text)])

    @staticmethod
    def _assemble(parts: list[list[str | etree.Element]]) -> tuple[str, list[etree.Element]]:
        head: list[str] = []
        links: list[etree.Element] = []
        for pieces in parts:
            for piece in pieces:
                if not isinstance(piece, str):
                    links.append(piece)
                elif links:
                    links[-1].tail = (links[-1].tail or "") + piece
                else:
                    head.append(piece)
        return "".join(head), links

    def _segments(self, text: str) -> Iterator[tuple[str, bool]]:
        """The text cut at placeholders of stashed raw HTML; text inside raw inline elements is not linkable."""
        if "\x02" not in text:
            yield text, self.raw_depth == 0
            return
        position = 0
        for found in _PLACEHOLDER.finditer(text):
            if found.start() > position:
                yield text[position : found.start()], self.raw_depth == 0
            yield found.group(0), False
            self._track_raw(found.group(1))
            position = found.end()
        if position < len(text):
            yield text[position:], self.raw_depth == 0

    def _track_raw(self, placeholder: str) -> None:
        key = _STASH_KEY.fullmatch(placeholder)
        if key is None:
            return
        blocks = self.md.htmlStash.rawHtmlBlocks
        index = int(key.group(1))
        raw = blocks[index] if index < len(blocks) else None
        if not isinstance(raw, str):
            return
        for tag in _TAG.finditer(raw):
            closing, name, self_closing = tag.group(1), tag.group(2).lower(), tag.group(3)
            if name in _VOID or self_closing:
                continue
            self.raw_depth = max(0, self.raw_depth - 1) if closing else self.raw_depth + 1

    def _link_segment(self, text: str) -> list[str | etree.Element]:
        mentions = self.matcher.find(text)
        if not mentions:
            return [text]
        pieces: list[str | etree.Element] = []
        position = 0
        for mention in mentions:
            link = self._consider(mention)
            if link is None:
                continue
            pieces.append(text[position : mention.start])
            link.text = mention.text
            pieces.append(link)
            position = mention.end
        pieces.append(text[position:])
        return pieces

    def _consider(self, mention: Mention) -> etree.Element | None:
        """Record a mention; the link to insert when it is the first of its method on this page."""
        ext, page = self.ext, self.page
        if len(mention.term) < ext.min_abbreviation and all(e.kind == "abbreviation" for e in mention.entries):
            return None  # "CI", "PR", "UX": two letters mean too many things to link them on sight
        if mention.everyday_phrase:
            return None  # also an everyday phrase: search and lint resolve it, prose is not linked
        if mention.ambiguous:
            slug = slugify(mention.term)
            target = ext.term_url(slug)
            if _same_page(target, page.url):
                return None
            page.mentions += 1
            page.ambiguous.append(mention)
            if "term:" + slug in self.done:
                return None
            self.done.add("term:" + slug)
            return self._anchor(target, ext.ambiguous_title(mention), ("cxcanon-ambiguous",), {"data-term": slug})
        method_id = mention.method_ids[0]
        target = ext.method_url(method_id)
        if _same_page(target, page.url):
            return None
        page.mentions += 1
        page.method_ids.add(method_id)
        if method_id in self.done:
            return None
        self.done.add(method_id)
        method = ext.catalog.methods[method_id]
        extra = {"data-method": method_id}
        if mention.kind in RENAMING_KINDS and not mention.canonical:
            extra["data-canonical"] = method.name
        return self._anchor(target, ext.method_title(mention, method), (f"cxcanon-{mention.kind}",), extra)

    def _anchor(self, target: str, title: str, classes: tuple[str, ...], extra: dict[str, str]) -> etree.Element:
        base = self.link_base
        href = relative_url(target, base) if base is not None else self.ext.site_root + target
        link = etree.Element("a", {"class": " ".join(("cxcanon-mention", *classes)), "href": href, "title": title, **extra})
        self.page.linked += 1
        return link


CATALOG_RECHECK_SECONDS = 1.0
"""How often, at most, `shared_catalog` looks at the catalog's files for a change: an engine that creates
the extension for every page (Zensical) would otherwise ``stat`` every catalog file for every page."""
_TITLES: weakref.WeakKeyDictionary[Catalog, dict[tuple[str, str, str, str, bool], str]] = weakref.WeakKeyDictionary()


def shared_catalog(root: str | Path) -> Catalog:
    """The validated catalog at ``root``, loaded once per process while its files are unchanged.

    Raises `CatalogError` (with every problem) when the catalog does not validate.
    """
    from ..catalog.cache import validated
    from ..catalog.problems import CatalogError

    result, _fresh = validated(root, max_age=CATALOG_RECHECK_SECONDS)
    if result.catalog is None:
        raise CatalogError(result.report)
    return result.catalog


class AutolinkExtension(Extension):
    """Links the first mention of each catalog method on a page (see the module docstring for the rules)."""

    def __init__(self, catalog: Catalog | str | Path | None = None, page_url: str | None = None, **kwargs: Any) -> None:
        """``catalog``: a Catalog or the path of a catalog folder; ``page_url``: the page being rendered
        (e.g. ``guides/intro/``; links are relative to it, absolute from ``site_root`` without it)."""
        self.config = {
            "site_root": ["/", "Prefix of absolute links, used when page_url is not set."],
            "method_url": ["methods/{id}/", "Site-relative URL of a method page; {id} is replaced."],
            "term_url": ["terms/{slug}/", "Site-relative URL of a term (disambiguation) page; {slug} is replaced."],
            "lang": ["en", "Language of the definitions used as tooltips (en or de)."],
            "min_abbreviation": [3, "Abbreviations shorter than this many characters are not linked (CI, PR, UX)."],
        }
        super().__init__(**kwargs)
        if isinstance(catalog, (str, Path)):
            catalog = shared_catalog(catalog)
        self.catalog: Catalog = catalog if catalog is not None else Catalog([], [])
        self.matcher: Matcher | None = shared_matcher(self.catalog) if self.catalog.methods else None
        self.page_url: str | None = page_url
        self.page_set = page_url is not None
        """True when the page was given (``page_url`` or `for_page`): an engine's page context is then not consulted."""
        self.site_root: str = self.getConfig("site_root")
        self.page_enabled = True
        self.last: PageMentions | None = None
        self._method_url: str = self.getConfig("method_url")
        self._term_url: str = self.getConfig("term_url")
        self._lang: str = self.getConfig("lang")
        self.min_abbreviation: int = int(self.getConfig("min_abbreviation"))
        titles = _TITLES.get(self.catalog)
        if titles is None:
            titles = _TITLES[self.catalog] = {}
        self._titles = titles

    def for_page(self, url: str | None, *, enabled: bool = True) -> None:
        """Set the page about to be rendered (MkDocs renders pages one at a time)."""
        self.page_url = url
        self.page_set = True
        self.page_enabled = enabled
        self.last = None

    def method_url(self, method_id: str) -> str:
        return self._method_url.format(id=method_id)

    def term_url(self, slug: str) -> str:
        return self._term_url.format(slug=slug)

    def _definition(self, method: Method) -> str:
        return method.definition.get(self._lang) or method.definition.get("en") or method.name

    def method_title(self, mention: Mention, method: Method) -> str:
        """The tooltip: the definition; for an alias, first which method it names."""
        key = (self._lang, method.id, mention.term, mention.kind, mention.canonical)
        title = self._titles.get(key)
        if title is None:
            if mention.canonical:
                title = self._definition(method)
            elif self._lang == "de":
                label = KIND_LABELS_DE.get(mention.kind, "ein anderer Name")
                who = origin_label(self.catalog, method)
                name = method.name_de or method.name
                title = f"„{mention.term}“ ist {label} für {name}{f' ({who})' if who else ''}. {self._definition(method)}"
            else:
                label = KIND_LABELS.get(mention.kind, "another name")
                who = origin_label(self.catalog, method)
                title = f"“{mention.term}” is {label} for {method.name}{f' ({who})' if who else ''}. {self._definition(method)}"
            self._titles[key] = title
        return title

    def ambiguous_title(self, mention: Mention) -> str:
        if self._lang == "de":
            names = "; ".join(self.catalog.methods[i].name_de or self.catalog.methods[i].name for i in mention.method_ids)
            return f"„{mention.term}“ bezeichnet {len(mention.method_ids)} Methoden: {names}. Auf der verlinkten Seite auswählen."
        names = "; ".join(self.catalog.methods[i].name for i in mention.method_ids)
        return f"“{mention.term}” names {len(mention.method_ids)} methods: {names}. Choose one on the linked page."

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(AutolinkTreeprocessor(md, self), "cxcanon_autolink", PRIORITY)
        md.registerExtension(self)

    def reset(self) -> None:
        """Called by Markdown.reset(); per-page state lives in the tree processor's walk."""


def makeExtension(**kwargs: Any) -> AutolinkExtension:
    return AutolinkExtension(**kwargs)
