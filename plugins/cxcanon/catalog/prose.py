"""Checks on Markdown prose fields: markup injection stops at the gate."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .problems import Problem
from .schema import field_name
from .sources import CITE_THE_WORK, unpublishable
from .yamlsafe import Document, PathKey

ALLOWED_SCHEMES = frozenset({"http", "https"})


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True})
    # Let every link through to the token stream, so that we judge it (markdown-it
    # would silently leave a javascript: link as text, hiding the author's mistake).
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def _walk(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def markdown_tokens(text: str) -> Iterator[Token]:
    """Every token of a Markdown text, inline ones included, with raw HTML and *all* links kept visible."""
    return _walk(_parser().parse(text))


def _might_have_markup(text: str) -> bool:
    return "<" in text or "](" in text or "]:" in text or "&" in text


def prose_problems(doc: Document, path: PathKey, text: str, root: Path | None = None) -> list[Problem]:
    """Raw HTML, non-http(s) link targets and links to unpublishable hosts in one Markdown field."""
    if not _might_have_markup(text):
        return []
    name = field_name(path)
    problems: list[Problem] = []
    for token in markdown_tokens(text):
        if token.type in ("html_block", "html_inline"):
            snippet = token.content.strip().splitlines()[0][:40] if token.content.strip() else "<"
            pos = doc.find(path, snippet)
            problems.append(
                Problem(
                    doc.path,
                    pos.line,
                    pos.column,
                    name,
                    f"raw HTML is not allowed: {snippet!r}",
                    "use Markdown (e.g. **bold**, [text](https://…)); HTML never reaches the site",
                )
            )
        elif token.type in ("link_open", "image"):
            target = str(token.attrGet("href") or token.attrGet("src") or "")
            scheme = urlsplit(target.strip()).scheme.lower()
            if scheme not in ALLOWED_SCHEMES:
                pos = doc.find(path, target[:40] or "](")
                shown = target if len(target) < 60 else target[:57] + "..."
                problems.append(
                    Problem(
                        doc.path,
                        pos.line,
                        pos.column,
                        name,
                        f"link target {shown!r} is not an http(s) URL",
                        "link only to absolute https:// addresses",
                    )
                )
            elif reason := unpublishable(target, root):
                pos = doc.find(path, target[:40])
                problems.append(Problem(doc.path, pos.line, pos.column, name, f"unpublishable link <{target}>: {reason}", CITE_THE_WORK))
    return problems
