"""Index pages: A–Z of every name, methods by category, by researcher, and a timeline."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from ..catalog.labels import origin_label
from ..catalog.model import Method
from ..catalog.terms import normalize
from .badges import status_badges
from .markup import front_matter, inline_md, text
from .site import PageContext
from .term_pages import TermGroup, term_url
from .urls import method_path, researcher_path

INDEX_META = {"search": {"exclude": True}}
"""Index pages list every name; kept out of search so a search lands on the entry itself."""


def sort_key(term: str) -> str:
    """German-friendly sort key: umlauts as their base letter, case and hyphens ignored."""
    folded = unicodedata.normalize("NFKD", normalize(term))
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


def _letter(term: str) -> str:
    first = sort_key(term)[:1].upper()
    return first if first.isalpha() and first.isascii() else "#"


def _method_item(ctx: PageContext, method: Method, *, definition: bool = True, origin: bool = True) -> str:
    item = f'<a href="{text(ctx.href(method_path(method.id)))}">{text(method.name)}</a>'
    if method.abbreviation:
        item += f" ({text(method.abbreviation)})"
    if origin:
        label = origin_label(ctx.catalog, method)
        if label:
            item += f' <span class="cxc-origin-label">{text(label)}</span>'
    marks = status_badges(method)
    if marks:
        item += " " + marks
    if method.name_de and method.name_de != method.name:
        item += f' <span class="cxc-name-de-inline" lang="de">· {text(method.name_de)}</span>'
    if definition:
        item += f'<br><span class="cxc-def">{text(method.definition.get("en", ""))}</span>'
    return f"<li>{item}</li>"


def render_names(ctx: PageContext, groups: Iterable[TermGroup]) -> str:
    """A–Z of every name: canonical names upright, other names in italics with an arrow to the canonical one."""
    rows: list[tuple[str, str, str]] = []
    for group in groups:
        for entry in group.entries:
            method = ctx.catalog.methods[entry.method_id]
            marks = status_badges(method)
            suffix = f" {marks}" if marks else ""
            if entry.kind == "name":
                line = f'<a href="{text(ctx.href(method_path(method.id)))}" class="cxc-canonical">{text(entry.term)}</a>{suffix}'
            else:
                lang = ' lang="de"' if entry.kind == "name-de" or (entry.alias and entry.alias.lang == "de") else ""
                line = f'<em{lang}>{text(entry.term)}</em> → <a href="{text(ctx.href(method_path(method.id)))}">{text(method.name)}</a>{suffix}'
                if len(group.method_ids) > 1:
                    line += f' <a class="cxc-ambiguous" href="{text(ctx.href(term_url(group)))}" title="This name has several meanings">(ambiguous)</a>'
            rows.append((sort_key(entry.term), entry.term, line))
    rows.sort(key=lambda row: (row[0], 0 if "cxc-canonical" in row[2] else 1, row[1]))
    letters: dict[str, list[str]] = {}
    for _key, term, line in rows:
        letters.setdefault(_letter(term), []).append(f"<li>{line}</li>")
    jump = " ".join(
        f'<a href="#{"num" if letter == "#" else letter.lower()}">{"0–9" if letter == "#" else letter}</a>' for letter in letters
    )
    parts = [
        "# All names A–Z",
        "",
        "<p>Every name in the catalog. Canonical names are upright; other names — synonyms, abbreviations, German and branded names — "
        "are in <em>italics</em> with an arrow to the canonical name.</p>",
        "",
        f'<p class="cxc-jump">{jump}</p>',
        "",
    ]
    for letter, items in letters.items():
        anchor = "num" if letter == "#" else letter.lower()
        heading = "## 0–9 {#num}" if letter == "#" else f"## {letter} {{#{anchor}}}"
        parts += [heading, "", '<ul class="cxc-az">', *items, "</ul>", ""]
    meta = {"title": "All names A–Z", "description": "Every name of every method: canonical names and their aliases.", **INDEX_META}
    return front_matter(meta) + "\n".join(parts)


def render_categories(ctx: PageContext) -> str:
    """Methods grouped by category, in the order of the controlled list."""
    parts = ["# Methods by category", ""]
    by_category: dict[str, list[Method]] = {}
    for method in ctx.catalog.methods.values():
        by_category.setdefault(method.category, []).append(method)
    order = list(ctx.catalog.categories) + sorted(set(by_category) - set(ctx.catalog.categories))
    for cid in order:
        methods = sorted(by_category.get(cid, []), key=lambda m: sort_key(m.name))
        if not methods:
            continue
        category = ctx.catalog.categories.get(cid)
        title = f"{category.en} · {category.de}" if category else cid
        parts += [
            f"## {inline_md(title)} {{#{cid}}}",
            "",
            '<ul class="cxc-method-list">',
            *(_method_item(ctx, m) for m in methods),
            "</ul>",
            "",
        ]
    meta = {"title": "Methods by category", "description": "Every method of the catalog, grouped by category.", **INDEX_META}
    return front_matter(meta) + "\n".join(parts)


def render_researchers(ctx: PageContext) -> str:
    """Researchers A–Z (by family name) with the methods each originated."""
    parts = ["# Methods by researcher", "", '<ul class="cxc-researchers">']
    for researcher in ctx.catalog.researchers.values():
        methods = ctx.catalog.methods_by(researcher.id)
        listed = ", ".join(
            f'<a href="{text(ctx.href(method_path(m.id)))}">{text(m.name)}</a>' + (f" ({m.year})" if m.year is not None else "")
            for m in methods
        )
        affiliation = f' <span class="cxc-note">{text(researcher.affiliation)}</span>' if researcher.affiliation else ""
        parts.append(
            f'<li><a href="{text(ctx.href(researcher_path(researcher.id)))}"><strong>{text(researcher.name)}</strong></a>{affiliation}'
            + (f"<br>{listed}" if listed else "")
            + "</li>"
        )
    parts.append("</ul>")
    unattributed = sorted((m for m in ctx.catalog.methods.values() if not m.originators), key=lambda m: sort_key(m.name))
    if unattributed:
        parts += ["", "## Without a traceable originator", "", '<ul class="cxc-method-list">']
        parts += [_method_item(ctx, m, origin=False) for m in unattributed]
        parts.append("</ul>")
    meta = {
        "title": "Methods by researcher",
        "description": "Every originator in the catalog with the methods they originated.",
        **INDEX_META,
    }
    return front_matter(meta) + "\n".join(parts) + "\n"


def render_timeline(ctx: PageContext) -> str:
    """Methods by year of origin, oldest first; unknown years last."""
    parts = ["# Timeline", "", "<p>Methods by the year of their primary source.</p>", ""]
    by_decade: dict[str, list[Method]] = {}
    for method in sorted(ctx.catalog.methods.values(), key=lambda m: (m.year if m.year is not None else 99999, sort_key(m.name))):
        decade = f"{method.year // 10 * 10}s" if method.year is not None else "Year unknown"
        by_decade.setdefault(decade, []).append(method)
    for decade, methods in by_decade.items():
        anchor = "unknown" if decade == "Year unknown" else decade
        parts += [f"## {decade} {{#{anchor}}}", "", '<ol class="cxc-timeline">']
        for method in methods:
            year = str(method.year) if method.year is not None else "?"
            item = _method_item(ctx, method, definition=False)
            parts.append(item.replace("<li>", f'<li><span class="cxc-year">{year}</span> ', 1))
        parts += ["</ol>", ""]
    meta = {"title": "Timeline", "description": "Customer-experience methods by year of origin.", **INDEX_META}
    return front_matter(meta) + "\n".join(parts)
