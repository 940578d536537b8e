"""Generated pages as prose for Markdown plus ready HTML that Markdown need not parse again.

A generated page is Markdown in which everything but the prose and the headings is
HTML the renderer already wrote. Python-Markdown would parse each of those HTML blocks
again (its HTML block parser and ``md_in_html`` were half of a large build's time) only
to emit them unchanged. `split` takes them out of the Markdown and leaves a placeholder
paragraph in their place; after Markdown, `fill` puts them back. Only prose and headings
go through Markdown, which is where the auto-linker and the table of contents work.

The result is the HTML Markdown would have made of the whole page (the tests compare the
two for every generated page). A page whose HTML blocks do not follow the simple shape
the renderer writes is left whole: `split` then returns no fragments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown.util import BLOCK_LEVEL_ELEMENTS

BLOCK_TAGS = frozenset(BLOCK_LEVEL_ELEMENTS)
"""Tags that open an HTML block in Python-Markdown when a block starts with them."""
_OPEN = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)(?=[\s>/])")
_MARKDOWN_ATTR = ' markdown="1"'
TOKEN = "CXCANONREADY{}Z"
"""The placeholder of ready HTML block number ``{}``: a paragraph of its own in the Markdown."""
_FILLED = re.compile(r"<p>CXCANONREADY(\d+)Z</p>")
PLACEHOLDER = re.compile(r"CXCANONREADY(\d+)Z")
"""A placeholder's text (a paragraph of its own in the Markdown); its group, the block's number."""


@dataclass(frozen=True, slots=True)
class Split:
    """A page's Markdown with placeholders, and the HTML each placeholder stands for."""

    markdown: str
    fragments: tuple[str, ...]

    def fill(self, html: str) -> str:
        """The HTML of the placeholder-bearing Markdown, with the ready HTML back in place."""
        if not self.fragments:
            return html
        return _FILLED.sub(lambda m: self.fragments[int(m.group(1))], html)


def _balanced_end(lines: list[str], start: int, tag: str) -> int | None:
    """Index of the line that closes the HTML block opened at ``lines[start]``; None if it never closes."""
    opener = re.compile(rf"<{tag}(?=[\s>/])")
    closer = f"</{tag}>"
    depth = 0
    for i in range(start, len(lines)):
        line = lines[i]
        if not line.strip():
            return None  # a blank line inside the block: not a shape this module takes apart
        depth += len(opener.findall(line)) - line.count(closer)
        if depth <= 0:
            return i if line.rstrip().endswith(closer) else None
    return None


def _html_run_end(lines: list[str], start: int) -> int | None:
    """The last line of the HTML blocks that follow one another from ``start`` up to a blank line.

    None when a block never closes or text that is not an HTML block follows one directly.
    """
    i = start
    while True:
        match = _OPEN.match(lines[i])
        if match is None or match.group(1).lower() not in BLOCK_TAGS:
            return None
        found = _balanced_end(lines, i, match.group(1))
        if found is None:
            return None
        if found + 1 >= len(lines) or not lines[found + 1].strip():
            return found
        i = found + 1


def split(markdown: str) -> Split:
    """Take the renderer's HTML blocks out of a generated page (see the module docstring)."""
    lines = markdown.split("\n")
    out: list[str] = []
    fragments: list[str] = []
    i = 0
    if lines and lines[0] == "---":  # front matter stays as it is
        end = lines.index("---", 1)
        out.extend(lines[: end + 1])
        i = end + 1
    open_markdown_divs = 0
    block_start = True
    while i < len(lines):
        line = lines[i]
        if not block_start or not line.startswith("<"):
            out.append(line)
            block_start = not line.strip()
            i += 1
            continue
        if line == "</div>" and open_markdown_divs:
            end = i
            fragment = line
            open_markdown_divs -= 1
        else:
            match = _OPEN.match(line)
            if match is None or match.group(1).lower() not in BLOCK_TAGS or "markdown=" in line.replace(_MARKDOWN_ATTR, "", 1):
                return Split(markdown, ())
            tag = match.group(1)
            if _MARKDOWN_ATTR in line:
                if tag != "div" or not line.endswith(">") or line.count("<") != 1:
                    return Split(markdown, ())
                end, fragment = i, line.replace(_MARKDOWN_ATTR, "", 1)
                open_markdown_divs += 1
            else:
                found = _html_run_end(lines, i)
                if found is None:
                    return Split(markdown, ())
                end, fragment = found, "\n".join(lines[i : found + 1])
                if "markdown=" in fragment:
                    return Split(markdown, ())
        if end + 1 < len(lines) and lines[end + 1].strip():
            return Split(markdown, ())  # text right after the block: Markdown would treat it its own way
        previous = len(out) - 1
        while previous >= 0 and not out[previous].strip():
            previous -= 1
        if fragments and previous >= 0 and out[previous] == TOKEN.format(len(fragments) - 1):
            # Only blank lines since the last block: one placeholder for both (a paragraph less to parse).
            del out[previous + 1 :]
            fragments[-1] += "\n\n" + fragment
        else:
            out.append(TOKEN.format(len(fragments)))
            fragments.append(fragment)
        i = end + 1
        block_start = False
    if open_markdown_divs:
        return Split(markdown, ())
    return Split("\n".join(out), tuple(fragments))


_KEPT = re.compile(r"<([pP][rR][eE]|[tT][eE][xX][tT][aA][rR][eE][aA]|[sS][cC][rR][iI][pP][tT]|[sS][tT][yY][lL][eE])\b")
"""Where an element whose white space can matter opens (any case: ``<PRE`` as ``<pre``)."""
_CLOSERS = {tag: re.compile(f"</{tag}>", re.IGNORECASE) for tag in ("pre", "textarea", "script", "style")}
_INDENT = re.compile(r"\n[ \t]+")
_INDENT_SPACES = re.compile(r"\n +")
"""`_INDENT` where a text has no tab: the same matches, found faster."""


def strip_indentation(html: str) -> str:
    """A page's HTML without the indentation of its lines (templates indent deeply; browsers ignore it).

    Each line break stays, so text never runs together; ``pre``, ``textarea``, ``script`` and
    ``style`` elements, where white space can matter, are left exactly as they are, from their
    opening tag to the first closing tag of their name (in any case). An element that is never
    closed is not one: its text loses its indentation too.
    """
    out = []
    start = search = 0
    while (opened := _KEPT.search(html, search)) is not None:
        closed = _CLOSERS[opened.group(1).lower()].search(html, opened.end())
        if closed is None:
            search = opened.start() + 1
            continue
        out.append(_unindent(html[start : opened.start()]))
        out.append(html[opened.start() : closed.end()])
        start = search = closed.end()
    out.append(_unindent(html[start:]))
    return "".join(out)


def _unindent(text: str) -> str:
    return (_INDENT if "\t" in text else _INDENT_SPACES).sub("\n", text)
