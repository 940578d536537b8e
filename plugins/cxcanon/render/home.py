"""The live figures on the hand-written home page (docs/index.md keeps the prose)."""

from __future__ import annotations

from collections import Counter

from .markup import text
from .site import PageContext
from .urls import CATEGORIES_PATH, NAMES_PATH, RESEARCHERS_PATH, TIMELINE_PATH, method_path

COUNTS_MARKER = "<!-- cxcanon:counts -->"
"""Placed in docs/index.md where the counts go; invisible where no plugin replaces it."""


def counts_block(ctx: PageContext) -> str:
    """Counts of methods, names, researchers and checked origins, with a search box."""
    catalog = ctx.catalog
    names = sum(len(m.terms()) for m in catalog.methods.values())
    levels = Counter(m.verification.level for m in catalog.methods.values())
    checked = levels["primary-source"] + levels["secondary"]
    branded = sum(1 for m in catalog.methods.values() for a in m.aliases if a.kind == "branded")
    figures = [
        (len(catalog), "methods", CATEGORIES_PATH),
        (names, "names that lead to them", NAMES_PATH),
        (branded, "branded names unmasked", NAMES_PATH),
        (len(catalog.researchers), "originators", RESEARCHERS_PATH),
        (checked, "origins checked in sources", TIMELINE_PATH),
    ]
    cells = "\n".join(
        f'<a class="cxc-figure" href="{text(ctx.href(path))}"><strong>{count}</strong> <span>{text(label)}</span></a>'
        for count, label, path in figures
    )
    example = catalog.methods.get("net-promoter-score") or next(iter(catalog.methods.values()), None)
    hint = f' e.g. <a href="{text(ctx.href(method_path(example.id)))}">{text(example.abbreviation or example.name)}</a>' if example else ""
    return (
        '<div class="cxc-home-search">\n'
        '<label class="cxc-search-label" for="cxc-home-query">Look up any name — English, German, branded or abbreviated</label>\n'
        '<input id="cxc-home-query" class="cxc-search-input" type="search" autocomplete="off" spellcheck="false" '
        'placeholder="e.g. Kundenreise, TCJG Customer Value Proposition Canvas, NPS" data-cxcanon-search>\n'
        f'<p class="cxc-search-hint">Press <kbd>/</kbd> anywhere to search;{hint}.</p>\n'
        "</div>\n"
        f'<div class="cxc-figures">\n{cells}\n</div>'
    )


def fill_home(markdown: str, ctx: PageContext) -> str:
    """The home page Markdown with the counts block in place of `COUNTS_MARKER`."""
    if COUNTS_MARKER not in markdown:
        return markdown
    return markdown.replace(COUNTS_MARKER, counts_block(ctx))
