"""Check Markdown and text files for method names that are not canonical.

Outside the site no renderer runs, so Markdown is parsed with ``markdown-it-py``
(CommonMark, tables, front matter, admonitions, definition lists, footnotes) to
skip what is not prose: front matter, code blocks, inline code, raw HTML,
link targets, autolinks and images. Positions are exact: 1-based line and
column (in characters) of the first character of the mention in the file.

By default only branded, misnomer and former names are findings; ``strict``
adds every other alias (synonyms, translations, abbreviations that are not the
method's own). A finding reads like::

    notes.md:3:5: 'TCJG Customer Value Proposition Canvas' is a branded name for 'Value Proposition Canvas' (Osterwalder et al., 2014)
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from ..catalog.labels import origin_label
from ..catalog.model import Catalog, TermEntry
from .matcher import Matcher, Mention

__all__ = ["DEFAULT_KINDS", "MARKDOWN_SUFFIXES", "VALE_STYLE", "Finding", "Linter", "lint_paths", "vale_style"]

DEFAULT_KINDS: frozenset[str] = frozenset({"branded", "misnomer", "former"})
"""Alias kinds flagged without ``--strict``."""
MARKDOWN_SUFFIXES: frozenset[str] = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mdx"})
TEXT_SUFFIXES: frozenset[str] = frozenset({".txt", ".text", ".rst", ".adoc"})
LABELS: dict[str, str] = {
    "branded": "a branded name for",
    "misnomer": "a misnomer for",
    "former": "a former name for",
    "synonym": "another name for",
    "translation": "a translation of",
    "abbreviation": "an abbreviation of",
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One non-canonical name in one file."""

    path: str
    line: int
    column: int
    text: str
    """The name as written."""
    term: str
    """The catalog term it matched."""
    kind: str
    method_ids: tuple[str, ...]
    message: str

    def format(self) -> str:
        """``path:line:col: message``."""
        return f"{self.path}:{self.line}:{self.column}: {self.message}"

    def format_github(self) -> str:
        """A GitHub Actions workflow command that annotates the line."""
        message = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::warning file={self.path},line={self.line},col={self.column},title=cxcanon lint::{message}"

    def as_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "text": self.text,
            "term": self.term,
            "kind": self.kind,
            "methods": list(self.method_ids),
            "message": self.message,
        }


def _markdown_parser() -> MarkdownIt:
    return (
        MarkdownIt("commonmark", {"html": True})
        .enable(["table", "strikethrough"])
        .use(front_matter_plugin)
        .use(admon_plugin)
        .use(deflist_plugin)
        .use(footnote_plugin)
    )


class Linter:
    """Finds non-canonical names with one `Matcher` over the catalog."""

    def __init__(self, catalog: Catalog, *, strict: bool = False, matcher: Matcher | None = None) -> None:
        self.catalog = catalog
        self.strict = strict
        self.matcher = matcher or Matcher(catalog)
        self._parser = _markdown_parser()

    def flagged(self, mention: Mention) -> bool:
        """Whether a mention is a finding: a flagged alias kind by default, any alias with ``strict``."""
        aliases = [entry for entry in mention.entries if entry.alias is not None]
        if self.strict:
            return bool(aliases)
        return any(entry.kind in DEFAULT_KINDS for entry in aliases)

    def message(self, mention: Mention) -> str:
        """``'X' is a branded name for 'Y' (Osterwalder et al., 2014)``; ambiguous terms name every method."""
        described = [self._describe(entry) for entry in mention.entries]
        written = " ".join(mention.text.split())  # a name broken over two lines, reported on one
        if len(described) == 1:
            return f"'{written}' is {described[0]}"
        return f"'{written}' is ambiguous: " + "; ".join(described) + " — use the canonical name of the one you mean"

    def _describe(self, entry: TermEntry) -> str:
        method = self.catalog.methods[entry.method_id]
        origin = origin_label(self.catalog, method)
        label = LABELS.get(entry.kind, "another name for") if entry.alias is not None else "the name of"
        return f"{label} '{method.name}'" + (f" ({origin})" if origin else "")

    def lint_text(self, text: str, path: str, *, markdown: bool = True) -> list[Finding]:
        """Every finding in one document; Markdown is parsed, anything else is read as plain text."""
        spans = _markdown_spans(self._parser.parse(text), text.split("\n")) if markdown else _plain_spans(text)
        findings: list[Finding] = []
        for segment, locate in spans:
            for mention in self.matcher.find(segment):
                if self.flagged(mention):
                    line, column = locate(mention.start)
                    findings.append(
                        Finding(
                            path, line + 1, column + 1, mention.text, mention.term, mention.kind, mention.method_ids, self.message(mention)
                        )
                    )
        return findings

    def lint_file(self, path: Path, shown: str | None = None) -> list[Finding]:
        """Findings of one file (raises UnicodeDecodeError for a file that is not UTF-8)."""
        text = path.read_text(encoding="utf-8-sig")
        return self.lint_text(text, shown or str(path), markdown=path.suffix.lower() in MARKDOWN_SUFFIXES)


Locate = Callable[[int], tuple[int, int]]
"""Maps an offset in a span to its 0-based (line, column) in the file."""


def _plain_spans(text: str) -> Iterator[tuple[str, Locate]]:
    starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]

    def locate(offset: int) -> tuple[int, int]:
        line = bisect_right(starts, offset) - 1
        return line, offset - starts[line]

    yield text, locate


def _markdown_spans(tokens: list[Token], lines: list[str]) -> Iterator[tuple[str, Locate]]:
    """Prose runs of every inline token, each with a function that locates an offset in the file."""
    used: dict[int, int] = {}  # how far each source line has been consumed (table cells share a line)
    for token in tokens:
        if token.type != "inline" or token.map is None or not token.children:
            continue
        origins = _line_origins(token, lines, used)
        for start, segment in _prose(token):
            yield segment, partial(_position, origins, token.content, start)


def _line_origins(token: Token, lines: list[str], used: dict[int, int]) -> list[tuple[int, int]]:
    """For each line of the token's content: its source line index and the column where it starts.

    Block prefixes ("> ", list markers, indentation) are stripped from the content, so each
    content line is found again in its source line.
    """
    assert token.map is not None
    origins = []
    for offset, content_line in enumerate(token.content.split("\n")):
        index = min(token.map[0] + offset, len(lines) - 1)
        source = lines[index] if lines else ""
        found = source.find(content_line, used.get(index, 0)) if content_line else used.get(index, 0)
        if found < 0:
            found = max(source.find(content_line), 0)
        used[index] = found + len(content_line)
        origins.append((index, found))
    return origins


def _position(origins: list[tuple[int, int]], content: str, start: int, offset: int) -> tuple[int, int]:
    offset += start
    line_in_content = content.count("\n", 0, offset)
    line_start = content.rfind("\n", 0, offset) + 1
    index, column = origins[min(line_in_content, len(origins) - 1)]
    return index, column + offset - line_start


_AUTOLINK = "autolink"


def _prose(token: Token) -> Iterator[tuple[int, str]]:
    """Runs of prose in an inline token's content, as ``(offset, text)``; code, HTML, link targets and images are left out."""
    raw = token.content
    cursor = 0
    run_start = run_end = -1
    in_autolink = False
    pending_href: list[str] = []
    for child in token.children or ():
        kind = child.type
        if kind == "text":
            if in_autolink or not child.content:
                continue
            found = raw.find(child.content, cursor)
            if found < 0:
                continue  # text changed by escapes or entities: no exact position; leave it out rather than guess
            if run_start >= 0 and raw[run_end:found].strip() == "":
                run_end = found + len(child.content)
            else:
                if run_start >= 0:
                    yield run_start, raw[run_start:run_end]
                run_start, run_end = found, found + len(child.content)
            cursor = run_end
            continue
        if kind in ("softbreak", "hardbreak"):
            continue
        if run_start >= 0 and kind not in ("em_open", "em_close", "strong_open", "strong_close", "s_open", "s_close"):
            yield run_start, raw[run_start:run_end]
            run_start = -1
        if kind in ("code_inline", "html_inline"):
            found = raw.find(child.content, cursor)
            if found >= 0:
                cursor = found + len(child.content)
        elif kind == "link_open":
            in_autolink = child.markup == _AUTOLINK
            pending_href.append(str(child.attrs.get("href", "")))
        elif kind == "link_close":
            href = pending_href.pop() if pending_href else ""
            if in_autolink:
                end = raw.find(">", cursor)
                cursor = end + 1 if end >= 0 else cursor
            else:
                cursor = _after_link_target(raw, cursor, href)
            in_autolink = False
        elif kind == "image":
            closing = raw.find("](", cursor)
            end = raw.find(")", closing) if closing >= 0 else -1
            cursor = end + 1 if end >= 0 else cursor
    if run_start >= 0:
        yield run_start, raw[run_start:run_end]


def _after_link_target(raw: str, cursor: int, href: str) -> int:
    """The offset after ``](target)`` or ``][ref]`` of a link whose text ends before ``cursor``."""
    closing = raw.find("]", cursor)
    if closing < 0:
        return cursor
    after = closing + 1
    if raw.startswith("(", after):
        target = raw.find(href, after) if href else -1
        end = raw.find(")", target + len(href) if target >= 0 else after)
        return end + 1 if end >= 0 else after
    if raw.startswith("[", after):
        end = raw.find("]", after + 1)
        return end + 1 if end >= 0 else after
    return after


def lint_paths(linter: Linter, paths: Iterable[Path]) -> tuple[list[Finding], list[str]]:
    """Findings of every Markdown or text file under the given paths, and the files that could not be read."""
    findings: list[Finding] = []
    unreadable: list[str] = []
    for path in paths:
        for file in _files(path):
            try:
                findings.extend(linter.lint_file(file))
            except UnicodeDecodeError as error:
                unreadable.append(
                    f"{file}: not UTF-8 text (byte 0x{error.object[error.start]:02x} at offset {error.start}) — save it as UTF-8"
                )
            except OSError as error:
                unreadable.append(f"{file}: {error.strerror or error}")
    return findings, unreadable


def _files(path: Path) -> Iterator[Path]:
    if path.is_dir():
        for file in sorted(path.rglob("*")):
            if (
                file.is_file()
                and file.suffix.lower() in MARKDOWN_SUFFIXES | TEXT_SUFFIXES
                and not any(p.startswith(".") for p in file.parts)
            ):
                yield file
    else:
        yield path


# --- Vale ------------------------------------------------------------------------------------------

VALE_STYLE = "CXCanon"


def _vale_pattern(term: str, plural: bool) -> str:
    words = [re.escape(word) for word in re.split(r"[\s\-\u2010-\u2014_]+", term.strip()) if word]
    pattern = r"[-\s]+".join(words)
    return pattern + ("(?:e?s)?" if plural else "")


def vale_style(catalog: Catalog) -> dict[str, str]:
    """A Vale style (``CXCanon/<Rule>.yml`` → YAML text) with the same check as ``cxcanon lint``.

    ``Renamed`` (branded, misnomer and former names, warnings) and ``Aliases`` (every other
    alias, suggestions) are substitution rules that propose the canonical name;
    ``Ambiguous`` flags terms that name several methods.
    """
    import json

    renamed: dict[str, str] = {}
    aliases: dict[str, str] = {}
    exact: dict[str, str] = {}
    ambiguous: list[str] = []
    for entries in catalog.terms.values():
        method_ids = {entry.method_id for entry in entries}
        alias_entries = [entry for entry in entries if entry.alias is not None]
        if not alias_entries:
            continue
        if len(method_ids) > 1:
            ambiguous.append(_vale_pattern(entries[0].term, True))
            continue
        entry = alias_entries[0]
        canonical = catalog.methods[entry.method_id].name
        case_sensitive = entry.kind == "abbreviation"
        target = exact if case_sensitive else (renamed if entry.kind in DEFAULT_KINDS else aliases)
        target[_vale_pattern(entry.term, not case_sensitive)] = canonical

    def rule(extends: str, message: str, level: str, ignorecase: bool, body: dict[str, Any]) -> str:
        header = f"# Generated by `cxcanon export vale` from catalog version {catalog.version}; do not edit.\n"
        lines = [f"extends: {extends}", f"message: {json.dumps(message)}", f"level: {level}", f"ignorecase: {str(ignorecase).lower()}"]
        for key, value in body.items():
            if not value:
                lines.append(f"{key}: {{}}" if isinstance(value, dict) else f"{key}: []")
            elif isinstance(value, dict):
                lines.append(f"{key}:")
                lines.extend(
                    f"  {json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}" for k, v in sorted(value.items())
                )
            else:
                lines.append(f"{key}:")
                lines.extend(f"  - {json.dumps(v, ensure_ascii=False)}" for v in sorted(value))
        return header + "\n".join(lines) + "\n"

    files = {
        f"{VALE_STYLE}/Renamed.yml": rule(
            "substitution", "Use the canonical name '%s' instead of '%s'.", "warning", True, {"swap": renamed}
        ),
        f"{VALE_STYLE}/Aliases.yml": rule("substitution", "The canonical name is '%s', not '%s'.", "suggestion", True, {"swap": aliases}),
        f"{VALE_STYLE}/Abbreviations.yml": rule(
            "substitution", "The canonical name is '%s', not '%s'.", "suggestion", False, {"swap": exact}
        ),
        f"{VALE_STYLE}/Ambiguous.yml": rule(
            "existence", "'%s' names several methods; use the canonical name of the one you mean.", "warning", True, {"tokens": ambiguous}
        ),
    }
    return files
