"""Safe text for generated pages: everything from the catalog is escaped or sanitised here.

Catalog strings never reach a page unescaped. Plain-text fields go through
`text` (HTML) or `inline_md` (a Markdown heading or table cell);
Markdown prose goes through `prose`, a CommonMark renderer with raw HTML
switched off and only http(s) link targets, so a ``<script>`` or a
``javascript:`` URL that slipped past validation still renders as inert text.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..catalog.prose import markdown_tokens

SAFE_SCHEMES = frozenset({"http", "https"})
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")
HEADING_OFFSET = 2
"""Prose headings sit below the page's own ``##`` section headings."""


def text(value: object) -> str:
    """HTML-escape a plain-text catalog value (quotes included, safe in attributes)."""
    return html.escape(str(value), quote=True)


def inline_md(value: str) -> str:
    """A plain-text value as inert Markdown: Markdown punctuation backslash-escaped, then ``<>&`` as entities."""
    return html.escape(_MD_SPECIAL.sub(r"\\\1", value), quote=False)


def safe_url(url: str | None) -> str | None:
    """The URL when it is an absolute http(s) address, else None (never a ``javascript:`` link)."""
    if not url:
        return None
    stripped = url.strip()
    try:
        parts = urlsplit(stripped)
    except ValueError:
        return None
    if parts.scheme.lower() not in SAFE_SCHEMES or not parts.netloc:
        return None
    return stripped


def link(url: str | None, label: str, *, css: str | None = None) -> str:
    """An external ``<a>`` when the URL is safe, else the escaped label alone."""
    target = safe_url(url)
    if target is None:
        return text(label)
    cls = f' class="{text(css)}"' if css else ""
    return f'<a href="{text(target)}"{cls}>{text(label)}</a>'


def _validate_link(url: str) -> bool:
    return safe_url(url) is not None


@cache
def _renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.validateLink = _validate_link  # type: ignore[method-assign]
    md.core.ruler.push("cxcanon_heading_offset", _offset_headings)
    return md


def _offset_headings(state: Any) -> None:
    tokens: list[Token] = state.tokens
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(6, int(token.tag[1]) + HEADING_OFFSET)
            token.tag = f"h{level}"


def prose(markdown: str) -> str:
    """Markdown prose as sanitised HTML: no raw HTML, only http(s) links, headings shifted below h2."""
    return _renderer().render(markdown).strip()


def prose_markdown(markdown: str) -> str | None:
    """The prose itself, when it is safe to hand to the site's Markdown renderer; else None.

    Handing Markdown (not pre-rendered HTML) to Python-Markdown lets the auto-linker
    see the prose, since it never touches raw HTML. That is safe only for text that
    cannot contain markup in *any* Markdown dialect: no ``<`` at all (no raw HTML,
    no autolinks), no headings (they would break the page outline), and no link
    target other than an absolute http(s) URL. Anything else returns None, and the
    caller falls back to `prose`, the sanitised HTML rendering.
    """
    if "<" in markdown:
        return None
    if _plain(markdown):
        return markdown.strip()
    for token in markdown_tokens(markdown):
        if token.type in ("html_block", "html_inline", "heading_open"):
            return None
        if token.type in ("link_open", "image"):
            target = str(token.attrGet("href") or token.attrGet("src") or "")
            if safe_url(target) is None:
                return None
    return markdown.strip()


_MAYBE_HEADING = re.compile(r"^ {0,3}(#|=+\s*$|-+\s*$)", re.MULTILINE)


def _plain(markdown: str) -> bool:
    """True when the text can hold no link and no heading, so the token walk can be skipped.

    Links need ``](`` (inline), ``]:`` (a reference definition) or ``<`` (autolinks, excluded
    before); headings start a line with ``#`` or underline one with ``=`` or ``-``.
    """
    return "](" not in markdown and "]:" not in markdown and _MAYBE_HEADING.search(markdown) is None


def prose_inline(markdown: str) -> str:
    """A one-paragraph Markdown field (e.g. a relation note) as sanitised inline HTML."""
    return _renderer().renderInline(markdown).strip()


def front_matter(meta: Mapping[str, Any]) -> str:
    """A YAML front-matter block; values are JSON (valid YAML) so no catalog text can break out."""
    lines = ["---"]
    for key, value in meta.items():
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


_META_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*): (.+)")
_MULTIMARKDOWN_KEY = re.compile(r"[ ]{0,3}[A-Za-z0-9_-]+:")
_NOT_JSON_IN_YAML = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
"""Characters a YAML reader folds or refuses inside a quoted string, where JSON takes them as they are."""
_YAML_WORDS = frozenset({"yes", "no", "true", "false", "on", "off", "null"})
"""Keys a YAML reader takes for a boolean or for nothing."""


def read_front_matter(text: str) -> tuple[dict[str, Any], str] | None:
    """The metadata and the Markdown of a page that `front_matter` began, read without a YAML parser; None where
    the text does not begin so, or where a YAML reader (MkDocs') might read it otherwise.

    Each line of such a block is a key and a JSON value as `json.dumps` writes it, which a YAML
    reader takes for the same value as long as it holds only strings without the characters YAML
    folds or refuses, integers, numbers with a point, booleans, null, lists and string-keyed
    mappings of those (a number written with an exponent only is text to YAML; such a block is
    left to YAML, as is any line written otherwise). The Markdown after it is what MkDocs leaves: the
    text after the closing line, leading blank lines removed, and it must not begin with a line
    MkDocs would read as metadata once no block precedes it.
    """
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---\n", 3)
    if end < 0:
        return None
    meta: dict[str, Any] = {}
    for line in text[4:end].split("\n"):
        found = _META_LINE.fullmatch(line)
        if found is None or _NOT_JSON_IN_YAML.search(line) or found.group(1).lower() in _YAML_WORDS:
            return None
        try:
            value = json.loads(found.group(2))
        except ValueError:
            return None
        if json.dumps(value, ensure_ascii=False) != found.group(2) or not _same_in_yaml(value):
            return None  # not as `front_matter` writes it, or a value YAML may read otherwise
        meta[found.group(1)] = value
    if not meta:
        return None
    body = text[end + 5 :].lstrip("\n")
    if _MULTIMARKDOWN_KEY.match(body) or body[:1].isspace():
        return None
    return meta, body


def _same_in_yaml(value: Any) -> bool:
    if value is None or isinstance(value, (str, bool, int)):
        return True
    if isinstance(value, float):  # YAML reads a number as a float only with a point in it ("1e+16" is text to YAML)
        return math.isfinite(value) and "." in repr(value)
    if isinstance(value, list):
        return all(_same_in_yaml(item) for item in value)
    if isinstance(value, dict):
        return all(_same_in_yaml(item) for item in value.values())
    return False


def join_names(names: Sequence[str], lang: str = "en") -> str:
    """``a``, ``a and b``, ``a, b and c`` (already escaped parts; "und" in German)."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + (" und " if lang == "de" else " and ") + names[-1]


WIKIPEDIA_LABELS = {"en": "Wikipedia (English)", "de": "Wikipedia (Deutsch)"}


def links_out(wikipedia: Mapping[str, str], wikidata: str | None) -> str:
    """Links to the Wikipedia articles and the Wikidata item of a method or person (verified ones only)."""
    found = [link(url, WIKIPEDIA_LABELS.get(lang, f"Wikipedia ({lang})")) for lang, url in sorted(wikipedia.items())]
    if wikidata:
        found.append(link(f"https://www.wikidata.org/wiki/{wikidata}", f"Wikidata {wikidata}"))
    return " · ".join(found)
