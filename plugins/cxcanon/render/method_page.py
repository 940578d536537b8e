"""The method page: ``/methods/<id>/``, built from a list of section functions.

Each section is a function ``(PageContext, Method) -> str | None`` returning a
Markdown/HTML fragment (None to leave it out). Extending the page is adding a
function to `METHOD_SECTIONS`; blocks made by the exports (the "Cite this" block, JSON-LD)
are wrapped as sections here, where the page is assembled.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath
from urllib.parse import urlsplit

from ..catalog.labels import origin_label
from ..catalog.model import ALIAS_KINDS, Alias, Method, Source
from ..catalog.terms import normalize, slugify
from ..export.citations import cite_block
from ..export.jsonld import method_jsonld, script_tag
from ..export.references import reference
from .badges import UNCERTAIN, VERIFICATION_LABELS, status_badges
from .markup import front_matter, inline_md, join_names, link, prose, prose_inline, prose_markdown, safe_url, text
from .search import search_tags
from .site import PageContext
from .urls import CATEGORIES_PATH, method_path, researcher_path

Section = Callable[[PageContext, Method], "str | None"]

ALIAS_KIND_LABELS: dict[str, str] = {
    "synonym": "Synonyms",
    "abbreviation": "Abbreviations",
    "translation": "Translations",
    "branded": "Branded names",
    "misnomer": "Misnomers (common but wrong)",
    "former": "Former names",
}
RELATION_LABELS: dict[str, str] = {
    "confused-with": "Often confused with",
    "broader": "Broader methods",
    "narrower": "Narrower methods",
    "variant-of": "Variant of",
    "based-on": "Based on",
    "related": "Related methods",
    "has-variant": "Variants",
    "basis-of": "Methods based on this one",
}
INVERSE_TYPES: dict[str, str] = {
    "broader": "narrower",
    "narrower": "broader",
    "variant-of": "has-variant",
    "based-on": "basis-of",
    "confused-with": "confused-with",
    "related": "related",
}
RELATION_ORDER = ("confused-with", "broader", "narrower", "variant-of", "has-variant", "based-on", "basis-of", "related")
LANG_NAMES = {"en": "English", "de": "German"}
SEARCH_BOOST = 2
"""Method pages outrank other pages that mention the same words."""


def method_title(method: Method) -> str:
    return f"{method.name} ({method.abbreviation})" if method.abbreviation else method.name


def _method_link(ctx: PageContext, method: Method) -> str:
    return f'<a href="{text(ctx.href(method_path(method.id)))}">{text(method.name)}</a>'


def header(ctx: PageContext, method: Method) -> str:
    """Canonical name, abbreviation, German name, badges and the definition in both languages."""
    title = f"# {inline_md(method.name)}"
    if method.abbreviation:
        title += f" ({inline_md(method.abbreviation)})"
    parts = [title, ""]
    badges = status_badges(method)
    if badges:
        parts += [f'<p class="cxc-badges">{badges}</p>', ""]
    if method.name_de and method.name_de != method.name:
        parts += [f'<p class="cxc-name-de">German: <strong lang="de">{text(method.name_de)}</strong></p>', ""]
    elif method.name_de:
        parts += [f'<p class="cxc-name-de">German: <strong lang="de">{text(method.name_de)}</strong> (same as English)</p>', ""]
    summary: list[str] = []
    category = ctx.catalog.categories.get(method.category)
    if category:
        where = text(ctx.href(CATEGORIES_PATH, fragment=category.id))
        summary.append(f'<a href="{where}">{text(category.en)}</a> <span lang="de">({text(category.de)})</span>')
    label = origin_label(ctx.catalog, method)
    if label:
        summary.append(text(label))
    if summary:
        parts += ['<p class="cxc-summary">' + " · ".join(summary) + "</p>", ""]
    parts.append('<div class="cxc-definition" data-cxcanon-definition>')
    for lang in ("en", "de"):
        if lang in method.definition:
            parts.append(f'<p lang="{lang}"><span class="cxc-lang">{lang.upper()}</span> {text(method.definition[lang])}</p>')
    parts.append("</div>")
    return "\n".join(parts)


def deprecation(ctx: PageContext, method: Method) -> str | None:
    """A deprecated entry points to its replacement; a draft says it is unreviewed."""
    if method.status == "deprecated":
        target = ctx.catalog.methods.get(method.replaced_by or "")
        where = f"use {_method_link(ctx, target)} instead" if target else "no replacement is recorded"
        return f'<div class="admonition warning cxc-deprecated"><p class="admonition-title">Deprecated</p><p>This entry is deprecated: {where}.</p></div>'
    if method.status == "draft":
        return (
            '<div class="admonition note cxc-draft"><p class="admonition-title">Draft</p>'
            "<p>This entry has not been reviewed yet; its details may change.</p></div>"
        )
    return None


def source_html(source: Source) -> str:
    """A formatted reference with its DOI, ISBN or URL linked."""
    line = text(reference(source))
    target = source.link
    safe = safe_url(target)
    if safe and text(safe) in line:
        line = line.replace(text(safe), f'<a href="{text(safe)}">{text(safe)}</a>')
    elif safe:
        line += f' <a href="{text(safe)}">{text(safe)}</a>'
    if source.isbn:
        line += f' ISBN <a href="https://openlibrary.org/isbn/{text(source.isbn.replace("-", ""))}">{text(source.isbn)}</a>'
    if source.note:
        line += f' <span class="cxc-note">({text(source.note)})</span>'
    return line


def origin(ctx: PageContext, method: Method) -> str:
    """Originators, year, primary source, verification and common misattributions."""
    rows: list[tuple[str, str]] = []
    people = [f'<a href="{text(ctx.href(researcher_path(r.id)))}">{text(r.name)}</a>' for r in ctx.catalog.originators(method)]
    rows.append(("Originated by", join_names(people) if people else "<em>no traceable originator</em>"))
    if method.origin_note:
        rows.append(("Origin", text(method.origin_note)))
    rows.append(("Year", text(method.year) if method.year is not None else "<em>unknown</em>"))
    if method.source:
        rows.append(("Primary source", source_html(method.source)))
    if method.popularized_by:
        popular = [
            f'<a href="{text(ctx.href(researcher_path(rid)))}">{text(ctx.catalog.researchers[rid].name)}</a>'
            if rid in ctx.catalog.researchers
            else text(rid)
            for rid in method.popularized_by
        ]
        rows.append(("Popularised by", join_names(popular)))
    level = method.verification.level
    css = "cxc-uncertain" if level in UNCERTAIN else "cxc-verified"
    verification = f'<span class="{css}">{text(VERIFICATION_LABELS.get(level, level))}</span>'
    if method.verification.note:
        verification += f"<br>{text(method.verification.note)}"
    checked = [link(url, _host(url)) for url in method.verification.checked]
    if checked:
        verification += "<br>Checked: " + ", ".join(checked)
    rows.append(("Verification", verification))
    for wrong in method.misattributed_to:
        rows.append(("Commonly misattributed to", f"<strong>{text(wrong.name)}</strong> — {text(wrong.note)}"))
    body = "\n".join(f"<dt>{label}</dt>\n<dd>{value}</dd>" for label, value in rows)
    return f'## Origin\n\n<dl class="cxc-origin">\n{body}\n</dl>'


def _host(url: str) -> str:
    try:
        return urlsplit(url).netloc or url
    except ValueError:
        return url


def _term_heading(term: str, anchors: set[str], lang: str | None = None) -> str:
    """An alias as a small inline heading with an id.

    Material's search makes every heading with an id its own entry, titled by the
    heading (weighted 1000× over body text): typing an alias then finds this very
    entry of the method page first, and the result shows the name that was typed.
    Raw HTML headings stay out of the table of contents.
    """
    anchor = base = f"aka-{slugify(term)}"
    counter = 2
    while anchor in anchors:
        anchor, counter = f"{base}-{counter}", counter + 1
    anchors.add(anchor)
    lang_attr = f' lang="{text(lang)}"' if lang else ""
    return f'<h3 class="cxc-term" id="{anchor}"{lang_attr}>{text(term)}</h3>'


def _alias_item(alias: Alias, anchors: set[str]) -> str:
    item = _term_heading(alias.term, anchors, alias.lang)
    if alias.lang:
        item += f' <span class="cxc-lang">{text(alias.lang.upper())}</span>'
    if alias.kind == "branded":
        who = f", used by {text(alias.coined_by)}" if alias.coined_by else ""
        item += f' — <span class="cxc-branded">a branded name for this method{who}</span>'
    elif alias.coined_by:
        item += f" — used by {text(alias.coined_by)}"
    if alias.note:
        item += f' <span class="cxc-note">{text(alias.note)}</span>'
    return f"<li>{item}</li>"


def aliases(ctx: PageContext, method: Method) -> str | None:
    """Every other name, grouped by kind; branded names marked with who uses them."""
    groups: list[str] = []
    anchors: set[str] = set()
    if method.abbreviation:
        groups.append(f"<dt>Abbreviation</dt>\n<dd><ul><li>{_term_heading(method.abbreviation, anchors)}</li></ul></dd>")
    if method.name_de and normalize(method.name_de) != normalize(method.name):
        groups.append(
            f'<dt>German name</dt>\n<dd><ul><li>{_term_heading(method.name_de, anchors, "de")} <span class="cxc-lang">DE</span></li></ul></dd>'
        )
    for kind in ALIAS_KINDS:
        found = [a for a in method.aliases if a.kind == kind]
        if found:
            items = "\n".join(_alias_item(a, anchors) for a in found)
            groups.append(f"<dt>{ALIAS_KIND_LABELS[kind]}</dt>\n<dd><ul>\n{items}\n</ul></dd>")
    if not groups and not method.name_rationale:
        return None
    parts = ["## Also known as", ""]
    if groups:
        parts.append('<dl class="cxc-aliases">\n' + "\n".join(groups) + "\n</dl>")
    if method.name_rationale:
        parts += ["", f'<p class="cxc-rationale"><strong>Why this name:</strong> {text(method.name_rationale)}</p>']
    return "\n".join(parts)


def _prose_section(title: str, attr: str) -> Section:
    def section(ctx: PageContext, method: Method) -> str | None:
        value = getattr(method, attr)
        if not value:
            return None
        markdown = prose_markdown(value)
        if markdown is not None:  # rendered by the site's own Markdown, so the auto-linker sees it
            return f'## {title}\n\n<div class="cxc-prose" markdown="1">\n\n{markdown}\n\n</div>'
        return f'## {title}\n\n<div class="cxc-prose">\n{prose(value)}\n</div>'

    section.__name__ = attr
    section.__doc__ = f"The {title.lower()} prose, sanitised."
    return section


def relations(ctx: PageContext, method: Method) -> str | None:
    """Relations grouped by type, stated here or on the other side; confused-with notes say how it differs."""
    groups: dict[str, list[tuple[Method, str | None]]] = {}
    stated = {rel.id for rel in method.related}
    for rel in method.related:
        if rel.id in ctx.catalog.methods:
            groups.setdefault(rel.type, []).append((ctx.catalog.methods[rel.id], rel.note))
    # Relations stated only on the other method's page still show here, inverted.
    for other, rel in ctx.catalog.inverse_relations(method.id):
        if other.id not in stated:
            groups.setdefault(INVERSE_TYPES[rel.type], []).append((other, rel.note))
    blocks: list[str] = []
    for kind in RELATION_ORDER:
        if kind not in groups:
            continue
        items: list[str] = []
        for target, note in groups[kind]:
            item = _method_link(ctx, target)
            if target.abbreviation:
                item += f" ({text(target.abbreviation)})"
            marks = status_badges(target)
            if marks:
                item += " " + marks
            if note:
                label = "How it differs" if kind == "confused-with" else "Note"
                item += f'<br><span class="cxc-differs"><strong>{label}:</strong> {prose_inline(note)}</span>'
            items.append(f"<li>{item}</li>")
        blocks.append(
            f'<h3>{RELATION_LABELS[kind]}</h3>\n<ul class="cxc-relations cxc-relations--{kind}">\n' + "\n".join(items) + "\n</ul>"
        )
    if not blocks:
        return None
    return "## Relations\n\n" + "\n".join(blocks)


def references(ctx: PageContext, method: Method) -> str | None:
    """Further reading, formatted like the primary source."""
    if not method.references:
        return None
    items = "\n".join(f"<li>{source_html(s)}</li>" for s in method.references)
    return f'## References\n\n<ul class="cxc-references">\n{items}\n</ul>'


def entry_footer(ctx: PageContext, method: Method) -> str:
    """Last change, history, the edit link and the problem report link."""
    parts = ["## About this entry", "", '<div class="cxc-entry-meta">']
    category = ctx.catalog.categories.get(method.category)
    if category:
        parts.append(f'<p>Category: {text(category.en)} · <span lang="de">{text(category.de)}</span></p>')
    changed = method.last_changed
    parts.append(
        f"<p>Last changed: <time>{text(changed)}</time> · catalog version {text(ctx.catalog.version)}</p>"
        if changed
        else f"<p>Catalog version {text(ctx.catalog.version)}</p>"
    )
    if method.history:
        items = "\n".join(
            f"<li><time>{text(h.date)}</time>: {text(h.change)}"
            + (f' <span class="cxc-note">{text(h.reason)}</span>' if h.reason else "")
            + "</li>"
            for h in sorted(method.history, key=lambda h: h.date, reverse=True)
        )
        parts.append(f'<details class="cxc-history"><summary>History</summary>\n<ul>\n{items}\n</ul>\n</details>')
    actions: list[str] = []
    edit = ctx.site.edit_url(PurePath(method.path).name or f"{method.id}.yaml")
    if edit:
        actions.append(f'<a class="md-button" href="{text(edit)}">Edit this entry</a>')
    report = ctx.site.report_url(method)
    if report:
        actions.append(f'<a class="md-button" href="{text(report)}">Report a problem</a>')
    if actions:
        parts.append('<p class="cxc-actions">' + " ".join(actions) + "</p>")
    if method.wikidata:
        parts.append(f'<p>Wikidata: <a href="https://www.wikidata.org/wiki/{text(method.wikidata)}">{text(method.wikidata)}</a></p>')
    parts.append("</div>")
    return "\n".join(parts)


def cite_this(ctx: PageContext, method: Method) -> str:
    """The "Cite this" block: the entry and the primary source in APA 7 and BibTeX, with download links."""
    return cite_block(ctx.catalog, method, ctx.site.site_url, directory_urls=ctx.site.directory_urls)


def structured_data(ctx: PageContext, method: Method) -> str:
    """The page's schema.org JSON-LD (a ``DefinedTerm`` in the catalog's ``DefinedTermSet``)."""
    return script_tag(method_jsonld(ctx.catalog, method, ctx.site.site_url))


METHOD_SECTIONS: list[Section] = [
    header,
    deprecation,
    origin,
    aliases,
    _prose_section("Description", "description"),
    _prose_section("Steps", "steps"),
    _prose_section("When to use", "when_to_use"),
    _prose_section("Pitfalls", "pitfalls"),
    relations,
    references,
    cite_this,  # exports: "Cite this" block
    entry_footer,
    structured_data,  # exports: schema.org JSON-LD
]
"""The method page, top to bottom. Add a section by appending (or inserting) a function."""


def render_method(ctx: PageContext, method: Method) -> str:
    """The complete Markdown source of a method page."""
    meta = {
        "title": text(method_title(method)),
        "description": text(method.definition.get("en", "")),
        "tags": search_tags(ctx.catalog, method),
        "search": {"boost": SEARCH_BOOST},
        "cxcanon": {"method": method.id, "status": method.status, "verification": method.verification.level},
    }
    body = [fragment for section in METHOD_SECTIONS if (fragment := section(ctx, method))]
    return front_matter(meta) + "\n\n".join(body) + "\n"
