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

from ..catalog.model import ALIAS_KINDS, Alias, Method, Source
from ..catalog.terms import normalize, slugify
from ..export.citations import cite_block
from ..export.jsonld import method_jsonld, script_tag
from ..export.references import reference
from .badges import status_icon, status_indicator
from .compare import compare_path_of, stated_difference
from .i18n import translate
from .markup import front_matter, inline_md, join_names, link, links_out, prose, prose_inline, prose_markdown, safe_url, text
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


def method_title(method: Method, lang: str = "en") -> str:
    name = (method.name_de or method.name) if lang == "de" else method.name
    return f"{name} ({method.abbreviation})" if method.abbreviation else name


def _method_link(ctx: PageContext, method: Method) -> str:
    return f'<a href="{text(ctx.href(method_path(method.id)))}">{text(ctx.name(method))}</a>'


def header(ctx: PageContext, method: Method) -> str:
    """Canonical name and abbreviation, hatnotes, the definition (page language first), then names, category and status.

    The definition comes right after the title so that search results quote it first; hatnotes
    and status marks are kept out of the search snippet.
    """
    title = f"# {inline_md(ctx.name(method))}"
    if method.abbreviation:
        title += f" ({inline_md(method.abbreviation)})"
    parts = [title, ""]
    notes = hatnotes(ctx, method)
    if notes:
        parts += ['<div class="cxc-hatnotes" data-search-exclude>', *notes, "</div>", ""]
    parts.append('<div class="cxc-definition" data-cxcanon-definition>')
    for lang in (ctx.lang, *(other for other in ("en", "de") if other != ctx.lang)):
        if lang in method.definition:
            parts.append(f'<p lang="{lang}"><span class="cxc-lang">{lang.upper()}</span> {text(method.definition[lang])}</p>')
    parts += ["</div>", ""]
    parts += [concept_box(ctx, method), ""]
    return "\n".join(parts).rstrip() + "\n"


def concept_box(ctx: PageContext, method: Method) -> str:
    """Everything a reader needs at a glance (a concept box as in Skosmos or a Wikipedia infobox); status shows here only."""
    rows: list[tuple[str, str]] = []
    en, de = method.name, method.name_de or method.name
    if normalize(en) == normalize(de):
        rows.append((ctx.t("Name"), f'{text(en)} <span class="cxc-lang">EN · DE</span>'))
    else:
        first, second = ((de, "de"), (en, "en")) if ctx.lang == "de" else ((en, "en"), (de, "de"))
        rows.append(
            (
                ctx.t("Names"),
                f'<span lang="{first[1]}">{text(first[0])}</span> <span class="cxc-lang">{first[1].upper()}</span> · '
                f'<span lang="{second[1]}">{text(second[0])}</span> <span class="cxc-lang">{second[1].upper()}</span>',
            )
        )
    groups: list[str] = []
    if method.abbreviation:
        groups.append(f"{ctx.t('Abbreviation')}: {text(method.abbreviation)}")
    for kind in ALIAS_KINDS:
        by_lang: dict[str, list[str]] = {}
        for alias in method.aliases:
            if alias.kind == kind:
                by_lang.setdefault(alias.lang or "", []).append(alias.term)
        for lang, terms in sorted(by_lang.items()):
            marker = f' <span class="cxc-lang">{lang.upper()}</span>' if lang else ""
            groups.append(f"{ctx.t(ALIAS_KIND_LABELS[kind])}{marker}: " + ", ".join(text(t) for t in terms))
    if groups:
        rows.append((ctx.t("Other names"), "<br>".join(groups)))
    people = [f'<a href="{text(ctx.href(researcher_path(r.id)))}">{text(r.name)}</a>' for r in ctx.catalog.originators(method)]
    origin = join_names(people, ctx.lang) if people else f"<em>{ctx.t('no traceable originator')}</em>"
    if method.year is not None:
        origin += f" ({text(method.year)})"
    rows.append((ctx.t("Originated by"), origin))
    if method.source:
        rows.append((ctx.t("Primary source"), source_html(method.source, ctx.lang)))
    category = ctx.catalog.categories.get(method.category)
    if category:
        where = text(ctx.href(CATEGORIES_PATH, fragment=category.id))
        rows.append((ctx.t("Category"), f'<a href="{where}">{text(category.de if ctx.lang == "de" else category.en)}</a>'))
    rows.append((ctx.t("Status"), status_indicator(method, ctx.lang)))
    for kind in ("broader", "narrower", "related"):
        linked = [rel.id for rel in method.related if rel.type == kind and rel.id in ctx.catalog.methods]
        linked += [o.id for o, rel in ctx.catalog.inverse_relations(method.id) if INVERSE_TYPES[rel.type] == kind and o.id not in linked]
        if linked:
            rows.append((ctx.t(RELATION_LABELS[kind]), ", ".join(_method_link(ctx, ctx.catalog.methods[i]) for i in dict.fromkeys(linked))))
    outward = links_out(method.wikipedia, method.wikidata)
    if outward:
        rows.append((ctx.t("Elsewhere"), outward))
    body = "\n".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows)
    return f'<aside class="cxc-concept" aria-label="{ctx.t("At a glance")}" data-search-exclude>\n<dl>\n{body}\n</dl>\n</aside>'


def _difference(ctx: PageContext, a: str, b: str) -> str | None:
    """The stated difference of two methods, in the page's language."""
    return ctx.tr(stated_difference(ctx.catalog, a, b))


def hatnotes(ctx: PageContext, method: Method) -> list[str]:
    """Wikipedia-style notes: names this method shares with others, and the methods it is confused with."""
    notes: list[str] = []
    covered: set[str] = set()
    for term, _kind in method.terms():
        others = [e.method_id for e in ctx.catalog.entries(term) if e.method_id != method.id]
        for other_id in dict.fromkeys(others):
            other = ctx.catalog.methods[other_id]
            difference = _difference(ctx, method.id, other_id)
            line = ctx.t("“{term}” also means {other}", term=text(term), other=_method_link(ctx, other))
            if difference:
                line += f" — {prose_inline(difference)}"
            notes.append(f'<p class="cxc-hatnote">{line}{_compare_link(ctx, method.id, other_id)}</p>')
            covered.add(other_id)
    confused = [rel.id for rel in method.related if rel.type == "confused-with" and rel.id in ctx.catalog.methods]
    confused += [other.id for other, rel in ctx.catalog.inverse_relations(method.id) if rel.type == "confused-with"]
    for other_id in dict.fromkeys(confused):
        if other_id in covered:
            continue
        other = ctx.catalog.methods[other_id]
        difference = _difference(ctx, method.id, other_id)
        line = ctx.t("Not to be confused with {other}", other=_method_link(ctx, other))
        if difference:
            line += f": {prose_inline(difference)}"
        notes.append(f'<p class="cxc-hatnote">{line}{_compare_link(ctx, method.id, other_id)}</p>')
    return notes


def _compare_link(ctx: PageContext, a: str, b: str) -> str:
    path = compare_path_of(ctx.catalog, a, b)
    return f' <a class="cxc-compare-link" href="{text(ctx.href(path))}">{ctx.t("Compare side by side")}</a>' if path else ""


def deprecation(ctx: PageContext, method: Method) -> str | None:
    """A deprecated entry points to its replacement; a draft says it is unreviewed."""
    if method.status == "deprecated":
        target = ctx.catalog.methods.get(method.replaced_by or "")
        where = ctx.t("use {link} instead", link=_method_link(ctx, target)) if target else ctx.t("no replacement is recorded")
        return (
            f'<div class="admonition warning cxc-deprecated"><p class="admonition-title">{ctx.t("Deprecated")}</p>'
            f"<p>{ctx.t('This entry is deprecated: {where}.', where=where)}</p></div>"
        )
    return None  # a draft shows as such in the concept box, once


def source_html(source: Source, lang: str = "en") -> str:
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
        line += f' <span class="cxc-note">({text(source.note.get(lang))})</span>'
    return line


def origin(ctx: PageContext, method: Method) -> str:
    """Originators, year, primary source, verification and common misattributions."""
    rows: list[tuple[str, str]] = []
    people = [f'<a href="{text(ctx.href(researcher_path(r.id)))}">{text(r.name)}</a>' for r in ctx.catalog.originators(method)]
    rows.append((ctx.t("Originated by"), join_names(people, ctx.lang) if people else f"<em>{ctx.t('no traceable originator')}</em>"))
    if method.origin_note:
        rows.append((ctx.t("Origin"), text(ctx.tr(method.origin_note))))
    rows.append((ctx.t("Year"), text(method.year) if method.year is not None else f"<em>{ctx.t('unknown')}</em>"))
    if method.source:
        rows.append((ctx.t("Primary source"), source_html(method.source, ctx.lang)))
    if method.popularized_by:
        popular = [
            f'<a href="{text(ctx.href(researcher_path(rid)))}">{text(ctx.catalog.researchers[rid].name)}</a>'
            if rid in ctx.catalog.researchers
            else text(rid)
            for rid in method.popularized_by
        ]
        rows.append((ctx.t("Popularised by"), join_names(popular, ctx.lang)))
    verification = text(ctx.tr(method.verification.note)) if method.verification.note else ""
    checked = [link(c.url, _host(c.url)) for c in method.verification.checked]
    if checked:
        verification += ("<br>" if verification else "") + f"{ctx.t('Checked')}: " + ", ".join(checked)
    if verification:
        rows.append((ctx.t("Verification"), verification))
    for wrong in method.misattributed_to:
        rows.append((ctx.t("Commonly misattributed to"), f"<strong>{text(wrong.name)}</strong> — {text(ctx.tr(wrong.note))}"))
    body = "\n".join(f"<dt>{label}</dt>\n<dd>{value}</dd>" for label, value in rows)
    return f'## {ctx.t("Origin")}\n\n<dl class="cxc-origin">\n{body}\n</dl>'


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


def _alias_item(alias: Alias, anchors: set[str], lang: str = "en") -> str:
    item = _term_heading(alias.term, anchors, alias.lang)
    if alias.lang:
        item += f' <span class="cxc-lang">{text(alias.lang.upper())}</span>'
    if alias.kind == "branded":
        who = translate(lang, ", used by {who}", who=text(alias.coined_by)) if alias.coined_by else ""
        item += f' — <span class="cxc-branded">{translate(lang, "a branded name for this method{who}", who=who)}</span>'
    elif alias.coined_by:
        item += " — " + translate(lang, "used by {who}", who=text(alias.coined_by))
    if alias.note:
        item += f' <span class="cxc-note">{text(alias.note.get(lang))}</span>'
    return f"<li>{item}</li>"


def aliases(ctx: PageContext, method: Method) -> str | None:
    """Every other name, grouped by kind; branded names marked with who uses them."""
    groups: list[str] = []
    anchors: set[str] = set()
    if method.abbreviation:
        groups.append(f"<dt>{ctx.t('Abbreviation')}</dt>\n<dd><ul><li>{_term_heading(method.abbreviation, anchors)}</li></ul></dd>")
    if method.name_de and normalize(method.name_de) != normalize(method.name):
        other, other_lang, label = (method.name, "en", "English name") if ctx.lang == "de" else (method.name_de, "de", "German name")
        groups.append(
            f"<dt>{ctx.t(label)}</dt>\n<dd><ul><li>{_term_heading(other, anchors, other_lang)} "
            f'<span class="cxc-lang">{other_lang.upper()}</span></li></ul></dd>'
        )
    for kind in ALIAS_KINDS:
        found = [a for a in method.aliases if a.kind == kind]
        if found:
            items = "\n".join(_alias_item(a, anchors, ctx.lang) for a in found)
            groups.append(f"<dt>{ctx.t(ALIAS_KIND_LABELS[kind])}</dt>\n<dd><ul>\n{items}\n</ul></dd>")
    if not groups and not method.name_rationale:
        return None
    parts = [f"## {ctx.t('Also known as')}", ""]
    if groups:
        parts.append('<dl class="cxc-aliases">\n' + "\n".join(groups) + "\n</dl>")
    if method.name_rationale:
        parts += ["", f'<p class="cxc-rationale"><strong>{ctx.t("Why this name:")}</strong> {text(ctx.tr(method.name_rationale))}</p>']
    return "\n".join(parts)


def _prose_section(title: str, attr: str) -> Section:
    def section(ctx: PageContext, method: Method) -> str | None:
        value = ctx.tr(getattr(method, attr))
        if not value:
            return None
        markdown = prose_markdown(value)
        if markdown is not None:  # rendered by the site's own Markdown, so the auto-linker sees it
            return f'## {ctx.t(title)}\n\n<div class="cxc-prose" markdown="1">\n\n{markdown}\n\n</div>'
        return f'## {ctx.t(title)}\n\n<div class="cxc-prose">\n{prose(value)}\n</div>'

    section.__name__ = attr
    section.__doc__ = f"The {title.lower()} prose, sanitised."
    return section


def relations(ctx: PageContext, method: Method) -> str | None:
    """Relations grouped by type, stated here or on the other side; confused-with notes say how it differs."""
    groups: dict[str, list[tuple[Method, str | None]]] = {}
    stated = {rel.id for rel in method.related}
    for rel in method.related:
        if rel.id in ctx.catalog.methods:
            groups.setdefault(rel.type, []).append((ctx.catalog.methods[rel.id], ctx.tr(rel.note)))
    # Relations stated only on the other method's page still show here, inverted.
    for other, rel in ctx.catalog.inverse_relations(method.id):
        if other.id not in stated:
            groups.setdefault(INVERSE_TYPES[rel.type], []).append((other, ctx.tr(rel.note)))
    blocks: list[str] = []
    for kind in RELATION_ORDER:
        if kind not in groups:
            continue
        items: list[str] = []
        for target, note in groups[kind]:
            item = _method_link(ctx, target)
            if target.abbreviation:
                item += f" ({text(target.abbreviation)})"
            marks = status_icon(target, ctx.lang)
            if marks:
                item += " " + marks
            if note:
                label = ctx.t("How it differs" if kind == "confused-with" else "Note")
                item += f'<br><span class="cxc-differs"><strong>{label}:</strong> {prose_inline(note)}</span>'
            items.append(f"<li>{item}</li>")
        blocks.append(
            f'<h3>{ctx.t(RELATION_LABELS[kind])}</h3>\n<ul class="cxc-relations cxc-relations--{kind}">\n' + "\n".join(items) + "\n</ul>"
        )
    if not blocks:
        return None
    return f"## {ctx.t('Relations')}\n\n" + "\n".join(blocks)


def references(ctx: PageContext, method: Method) -> str | None:
    """Further reading, formatted like the primary source."""
    if not method.references:
        return None
    items = "\n".join(f"<li>{source_html(s, ctx.lang)}</li>" for s in method.references)
    return f'## {ctx.t("References")}\n\n<ul class="cxc-references">\n{items}\n</ul>'


def entry_footer(ctx: PageContext, method: Method) -> str:
    """Last change, history, the edit link and the problem report link."""
    parts = [f"## {ctx.t('About this entry')}", "", '<div class="cxc-entry-meta">']
    category = ctx.catalog.categories.get(method.category)
    if category:
        parts.append(f"<p>{ctx.t('Category: {category}', category=text(category.de if ctx.lang == 'de' else category.en))}</p>")
    changed = method.last_changed
    version = text(ctx.catalog.version)
    parts.append(
        f"<p>{ctx.t('Last changed: {date} · catalog version {version}', date=f'<time>{text(changed)}</time>', version=version)}</p>"
        if changed
        else f"<p>{ctx.t('Catalog version {version}', version=version)}</p>"
    )
    if method.history:
        items = "\n".join(
            f"<li><time>{text(h.date)}</time>: {text(h.change)}"
            + (f' <span class="cxc-note">{text(h.reason)}</span>' if h.reason else "")
            + "</li>"
            for h in sorted(method.history, key=lambda h: h.date, reverse=True)
        )
        parts.append(f'<details class="cxc-history"><summary>{ctx.t("History")}</summary>\n<ul>\n{items}\n</ul>\n</details>')
    actions: list[str] = []
    edit = ctx.site.edit_url(PurePath(method.path).name or f"{method.id}.yaml")
    if edit:
        actions.append(f'<a class="md-button" href="{text(edit)}">{ctx.t("Edit this entry")}</a>')
    report = ctx.site.report_url(method)
    if report:
        actions.append(f'<a class="md-button" href="{text(report)}">{ctx.t("Report a problem")}</a>')
    if actions:
        parts.append('<p class="cxc-actions">' + " ".join(actions) + "</p>")
    outward = links_out(method.wikipedia, method.wikidata)
    if outward:
        parts.append(f'<p class="cxc-links-out">{ctx.t("Elsewhere:")} {outward}</p>')
    parts.append("</div>")
    return "\n".join(parts)


def cite_this(ctx: PageContext, method: Method) -> str:
    """The "Cite this" block: the entry and the primary source in APA 7 and BibTeX, with download links."""
    return cite_block(ctx.catalog, method, ctx.site.site_url, directory_urls=ctx.site.directory_urls, lang=ctx.lang)


def structured_data(ctx: PageContext, method: Method) -> str:
    """The page's schema.org JSON-LD (a ``DefinedTerm`` in the catalog's ``DefinedTermSet``)."""
    return script_tag(method_jsonld(ctx.catalog, method, ctx.site.site_url, ctx.lang))


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
        "title": text(method_title(method, ctx.lang)),
        "description": text(method.definition.get(ctx.lang) or method.definition.get("en", "")),
        "tags": search_tags(ctx.catalog, method),
        "search": {"boost": SEARCH_BOOST},
        "cxcanon": {"method": method.id, "status": method.status, "verification": method.verification.level},
    }
    body = [fragment for section in METHOD_SECTIONS if (fragment := section(ctx, method))]
    return front_matter(meta) + "\n\n".join(body) + "\n"
