"""Term pages: ``/terms/<slug>/`` for every name — a tiny redirect or a disambiguation page."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from ..catalog.model import Catalog, Method, TermEntry
from .badges import status_icon
from .compare import compare_path_of, stated_difference
from .i18n import translate
from .markup import front_matter, inline_md, text
from .search import disambiguation_tags
from .site import PageContext, Site, SiteFile
from .urls import disambiguation_path, href, method_path, page_url, redirect_path, term_slug

KIND_PHRASES: dict[str, str] = {
    "name": "the canonical name of",
    "abbreviation": "an abbreviation of",
    "name-de": "the German name of",
    "synonym": "another name for",
    "translation": "a translation of",
    "branded": "a branded name for",
    "misnomer": "a common but wrong name for",
    "former": "a former name of",
}


@dataclass(frozen=True, slots=True)
class TermGroup:
    """All catalog terms that share one URL slug (usually exactly one normalised term)."""

    slug: str
    entries: tuple[TermEntry, ...]

    @property
    def label(self) -> str:
        return self.entries[0].term

    @property
    def method_ids(self) -> list[str]:
        return list(dict.fromkeys(entry.method_id for entry in self.entries))


def term_groups(catalog: Catalog) -> list[TermGroup]:
    """Every term of the catalog grouped by slug, sorted by slug."""
    by_slug: dict[str, list[TermEntry]] = {}
    for entries in catalog.terms.values():
        by_slug.setdefault(term_slug(entries[0].term), []).extend(entries)
    return [TermGroup(slug, tuple(entries)) for slug, entries in sorted(by_slug.items())]


def term_url(group: TermGroup) -> str:
    """The docs path of a term's page: a redirect file or a disambiguation page."""
    return redirect_path(group.slug) if len(group.method_ids) == 1 else disambiguation_path(group.slug)


def _phrase(entry: TermEntry, lang: str = "en") -> str:
    if entry.alias and entry.alias.kind == "branded" and entry.alias.coined_by:
        return translate(lang, "a branded name used by {who} for", who=text(entry.alias.coined_by))
    return translate(lang, KIND_PHRASES.get(entry.kind, "another name for"))


def redirect_page(site: Site, path: str, method: Method, title: str, lead: str, lang: str = "en", term: str | None = None) -> SiteFile:
    """A theme-less page at ``path`` that sends the reader on to ``method``'s page.

    ``title`` and ``lead`` are escaped HTML; the page's one sentence is ``lead``, the link, and a full stop.
    With ``term``, the target learns which name the reader came by (``?from=``) and says so.
    """
    target = href(path, method_path(method.id), directory_urls=site.directory_urls)
    if term is not None:
        target += "?" + urlencode({"from": term})
    canonical = site.absolute(page_url(method_path(method.id), directory_urls=site.directory_urls)) or target
    name = (method.name_de or method.name) if lang == "de" else method.name
    link = f'<a href="{text(target)}">{text(name)}</a>'
    content = f"""<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<meta name="robots" content="noindex">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="canonical" href="{text(canonical)}">
<meta http-equiv="refresh" content="0; url={text(target)}">
</head>
<body>
<p>{lead}{link}.</p>
</body>
</html>
"""
    return SiteFile(path, content)


def render_redirect(site: Site, group: TermGroup, method: Method, lang: str = "en") -> SiteFile:
    """A theme-less page that sends the reader from a term to the canonical method page."""
    entry = group.entries[0]
    term = f"<strong>{text(entry.term)}</strong>"
    if entry.kind == "name":
        lead = translate(lang, "{term} is the canonical name: see ", term=term)
    else:
        lead = translate(lang, "{term} is {phrase} ", term=term, phrase=_phrase(entry, lang))
    name = (method.name_de or method.name) if lang == "de" else method.name
    title = f"{text(entry.term)} → {text(name)} · {text(site.site_name)}"
    named = None if entry.kind == "name" else entry.term  # a method's own name needs no notice
    return redirect_page(site, redirect_path(group.slug), method, title, lead, lang, named)


def render_disambiguation(ctx: PageContext, group: TermGroup) -> str:
    """A page listing each method a term names, with definition, originator and year."""
    label = group.label
    question = ctx.t("{term} names more than one method. Which one do you mean?", term=f"<strong>{text(label)}</strong>")
    parts = [f"# {inline_md(label)}", "", f"<p>{question}</p>", ""]
    items: list[str] = []
    entries = {method_id: next(e for e in group.entries if e.method_id == method_id) for method_id in group.method_ids}
    # How the term names each method, once when it names them all alike ("an abbreviation of" each).
    phrases = {method_id: _phrase(entry, ctx.lang) for method_id, entry in entries.items()}
    if len(set(phrases.values())) == 1:
        shared = ctx.t("“{term}” is {phrase} each of them.", term=text(label), phrase=next(iter(phrases.values())))
        parts += [f'<p class="cxc-kind">{shared}</p>', ""]
    for method_id in group.method_ids:
        method = ctx.catalog.methods[method_id]
        entry = entries[method_id]
        origin = ctx.origin(method)
        marks = status_icon(method, ctx.lang)
        kind = (
            f'<br><span class="cxc-kind">{ctx.t("“{term}” is {phrase} it.", term=text(entry.term), phrase=phrases[method_id])}</span>'
            if len(set(phrases.values())) > 1
            else ""
        )
        items.append(
            f'<li><a href="{text(ctx.href(method_path(method.id)))}"><strong>{text(ctx.name(method))}</strong></a>'
            + (f" ({text(method.abbreviation)})" if method.abbreviation else "")
            + f' <span class="cxc-origin-label">{text(origin)}</span>'
            + (f" {marks}" if marks else "")
            + kind
            + "".join(
                f'<br><span lang="{lang}" class="cxc-def-lang"><span class="cxc-lang">{lang.upper()}</span> {text(method.definition[lang])}</span>'
                for lang in (ctx.lang, *(other for other in ("en", "de") if other != ctx.lang))
                if lang in method.definition
            )
            + "</li>"
        )
    parts.append('<ul class="cxc-disambiguation">\n' + "\n".join(items) + "\n</ul>")
    differences = []
    ids = group.method_ids
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            note = stated_difference(ctx.catalog, a, b)
            if note is not None:
                names = f"{text(ctx.name(ctx.catalog.methods[a]))} · {text(ctx.name(ctx.catalog.methods[b]))}"
                path = compare_path_of(ctx.catalog, a, b)
                link = f' <a href="{text(ctx.href(path))}">{ctx.t("Compare side by side")}</a>' if path else ""
                differences.append(f"<li><strong>{names}:</strong> {text(ctx.tr(note) or '')}{link}</li>")
    if differences:
        parts += ["", f"## {ctx.t('How they differ')}", "", '<ul class="cxc-differences">', *differences, "</ul>"]
    meta = {
        "title": text(ctx.t("{label} (disambiguation)", label=label)),
        "description": text(ctx.t("{label} names {count} methods.", label=label, count=len(group.method_ids))),
        "tags": disambiguation_tags(group.entries),
        # Above method pages: for an ambiguous term the reader should choose first.
        "search": {"boost": 3},
    }
    return front_matter(meta) + "\n".join(parts) + "\n"
