"""Index pages: A–Z of every name, methods by category, by researcher, and a timeline."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from ..catalog.model import Method, TermEntry
from ..catalog.terms import normalize
from .badges import status_icon
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
    item = f'<a href="{text(ctx.href(method_path(method.id)))}">{text(ctx.name(method))}</a>'
    if method.abbreviation:
        item += f" ({text(method.abbreviation)})"
    if origin:
        label = ctx.origin(method)
        if label:
            item += f' <span class="cxc-origin-label">{text(label)}</span>'
    marks = status_icon(method, ctx.lang)
    if marks:
        item += " " + marks
    other, other_lang = (method.name, "en") if ctx.lang == "de" else (method.name_de, "de")
    if other and other != ctx.name(method):
        item += f' <span class="cxc-name-other-inline" lang="{other_lang}">· {text(other)}</span>'
    if definition:
        item += f'<br><span class="cxc-def">{text(method.definition.get(ctx.lang) or method.definition.get("en", ""))}</span>'
    return f"<li>{item}</li>"


LANGUAGE_NAMES = {"en": "English", "de": "German"}


def _term_lang(entry: TermEntry) -> str:
    """The language of a name: German names and German aliases are ``de``; every other name counts as ``en``."""
    if entry.kind == "name-de" or (entry.alias is not None and entry.alias.lang == "de"):
        return "de"
    return entry.alias.lang if entry.alias is not None and entry.alias.lang else "en"


def render_names(ctx: PageContext, groups: Iterable[TermGroup]) -> str:
    """A–Z of every name: canonical names upright, other names in italics with an arrow to the canonical one."""
    rows: list[tuple[str, str, str]] = []
    for group in groups:
        for entry in group.entries:
            method = ctx.catalog.methods[entry.method_id]
            marks = status_icon(method, ctx.lang)
            suffix = f" {marks}" if marks else ""
            term_lang = _term_lang(entry)
            if entry.kind == "name":
                line = f'<a href="{text(ctx.href(method_path(method.id)))}" class="cxc-canonical">{text(entry.term)}</a>{suffix}'
            else:
                line = (
                    f'<em lang="{term_lang}">{text(entry.term)}</em> → '
                    f'<a href="{text(ctx.href(method_path(method.id)))}">{text(ctx.name(method))}</a>{suffix}'
                )
                if len(group.method_ids) > 1:
                    line += (
                        f' <a class="cxc-ambiguous" href="{text(ctx.href(term_url(group)))}" '
                        f'title="{ctx.t("This name has several meanings")}">{ctx.t("(ambiguous)")}</a>'
                    )
            line = f'<span class="cxc-lang" title="{ctx.t(LANGUAGE_NAMES.get(term_lang, term_lang))}">{term_lang.upper()}</span> ' + line
            rows.append((sort_key(entry.term), entry.term, f'<li data-lang="{term_lang}">{line}</li>'))
    rows.sort(key=lambda row: (row[0], 0 if "cxc-canonical" in row[2] else 1, row[1]))
    letters: dict[str, list[str]] = {}
    for _key, term, line in rows:
        letters.setdefault(_letter(term), []).append(line)
    jump = " ".join(
        f'<a href="#{"num" if letter == "#" else letter.lower()}">{"0–9" if letter == "#" else letter}</a>' for letter in letters
    )
    intro = ctx.t(
        "Every name in the catalog. Canonical names are upright; other names — synonyms, abbreviations, German and branded names — "
        "are in <em>italics</em> with an arrow to the canonical name."
    )
    choices = "".join(
        f'<label><input type="radio" name="cxc-az-lang" value="{value}"{" checked" if value == "all" else ""}> {ctx.t(label)}</label> '
        for value, label in (("all", "all languages"), ("en", "English"), ("de", "German"))
    )
    parts = [
        f"# {ctx.t('All names A–Z')}",
        "",
        f"<p>{intro}</p>",
        "",
        f'<fieldset class="cxc-az-filter" data-cxcanon-az-filter><legend>{ctx.t("Show names in")}</legend> {choices.strip()}</fieldset>',
        "",
        f'<p class="cxc-jump">{jump}</p>',
        "",
    ]
    for letter, items in letters.items():
        anchor = "num" if letter == "#" else letter.lower()
        heading = "## 0–9 {#num}" if letter == "#" else f"## {letter} {{#{anchor}}}"
        parts += [heading, "", '<ul class="cxc-az">', *items, "</ul>", ""]
    meta = {
        "title": ctx.t("All names A–Z"),
        "description": ctx.t("Every name of every method: canonical names and their aliases."),
        **INDEX_META,
    }
    return front_matter(meta) + "\n".join(parts)


def render_categories(ctx: PageContext) -> str:
    """Methods grouped by category, in the order of the controlled list."""
    parts = [f"# {ctx.t('Methods by category')}", ""]
    by_category: dict[str, list[Method]] = {}
    for method in ctx.catalog.methods.values():
        by_category.setdefault(method.category, []).append(method)
    order = list(ctx.catalog.categories) + sorted(set(by_category) - set(ctx.catalog.categories))
    for cid in order:
        methods = sorted(by_category.get(cid, []), key=lambda m: sort_key(ctx.name(m)))
        if not methods:
            continue
        category = ctx.catalog.categories.get(cid)
        title = (category.de if ctx.lang == "de" else category.en) if category else cid
        parts += [
            f"## {inline_md(title)} {{#{cid}}}",
            "",
            '<ul class="cxc-method-list">',
            *(_method_item(ctx, m) for m in methods),
            "</ul>",
            "",
        ]
    meta = {"title": ctx.t("Methods by category"), "description": ctx.t("Every method of the catalog, grouped by category."), **INDEX_META}
    return front_matter(meta) + "\n".join(parts)


def render_researchers(ctx: PageContext) -> str:
    """Researchers A–Z (by family name) with the methods each originated."""
    parts = [f"# {ctx.t('Methods by researcher')}", "", '<ul class="cxc-researchers">']
    for researcher in ctx.catalog.researchers.values():
        methods = ctx.catalog.methods_by(researcher.id)
        listed = ", ".join(
            f'<a href="{text(ctx.href(method_path(m.id)))}">{text(ctx.name(m))}</a>' + (f" ({m.year})" if m.year is not None else "")
            for m in methods
        )
        affiliation = f' <span class="cxc-note">{text(researcher.affiliation)}</span>' if researcher.affiliation else ""
        parts.append(
            f'<li><a href="{text(ctx.href(researcher_path(researcher.id)))}"><strong>{text(researcher.name)}</strong></a>{affiliation}'
            + (f"<br>{listed}" if listed else "")
            + "</li>"
        )
    parts.append("</ul>")
    unattributed = sorted((m for m in ctx.catalog.methods.values() if not m.originators), key=lambda m: sort_key(ctx.name(m)))
    if unattributed:
        parts += ["", f"## {ctx.t('Without a traceable originator')}", "", '<ul class="cxc-method-list">']
        parts += [_method_item(ctx, m, origin=False) for m in unattributed]
        parts.append("</ul>")
    meta = {
        "title": ctx.t("Methods by researcher"),
        "description": ctx.t("Every originator in the catalog with the methods they originated."),
        **INDEX_META,
    }
    return front_matter(meta) + "\n".join(parts) + "\n"


def render_timeline(ctx: PageContext) -> str:
    """Methods by year of origin, oldest first; unknown years last."""
    parts = [f"# {ctx.t('Timeline')}", "", f"<p>{ctx.t('Methods by the year of their primary source.')}</p>", ""]
    by_decade: dict[str, list[Method]] = {}
    for method in sorted(ctx.catalog.methods.values(), key=lambda m: (m.year if m.year is not None else 99999, sort_key(ctx.name(m)))):
        decade = f"{method.year // 10 * 10}s" if method.year is not None else "unknown"
        by_decade.setdefault(decade, []).append(method)
    for decade, methods in by_decade.items():
        heading = ctx.t("Year unknown") if decade == "unknown" else (f"{decade[:-1]}er" if ctx.lang == "de" else decade)
        parts += [f"## {heading} {{#{decade}}}", "", '<ol class="cxc-timeline">']
        for method in methods:
            year = str(method.year) if method.year is not None else "?"
            item = _method_item(ctx, method, definition=False)
            parts.append(item.replace("<li>", f'<li><span class="cxc-year">{year}</span> ', 1))
        parts += ["</ol>", ""]
    meta = {"title": ctx.t("Timeline"), "description": ctx.t("Customer-experience methods by year of origin."), **INDEX_META}
    return front_matter(meta) + "\n".join(parts)
