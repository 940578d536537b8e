"""The live figures on the hand-written home page (docs/index.md keeps the prose)."""

from __future__ import annotations

from ..catalog.figures import figures
from .markup import text
from .site import PageContext
from .urls import CATEGORIES_PATH, NAMES_PATH, RESEARCHERS_PATH, TIMELINE_PATH, method_path

COUNTS_MARKER = "<!-- cxcanon:counts -->"
"""Placed in docs/index.md where the counts go; invisible where no plugin replaces it."""


def counts_block(ctx: PageContext) -> str:
    """Counts of methods, names, researchers and checked origins, with a search box."""
    catalog = ctx.catalog
    counted = figures(catalog)
    share = f"{counted.traceable_share:.0%}" if ctx.lang == "en" else f"{counted.traceable_share * 100:.0f} %"
    shown = [
        (str(counted.methods), ctx.t("methods"), CATEGORIES_PATH),
        (str(counted.names), ctx.t("distinct names that lead to them"), NAMES_PATH),
        (str(counted.branded_names), ctx.t("branded names unmasked"), NAMES_PATH),
        (str(counted.originators), ctx.t("originators named"), RESEARCHERS_PATH),
        (share, ctx.t("of methods with a traceable originator"), RESEARCHERS_PATH),
        (str(counted.checked_origins), ctx.t("origins checked in sources"), TIMELINE_PATH),
    ]
    cells = "\n".join(
        f'<a class="cxc-figure" href="{text(ctx.href(path))}"><strong>{count}</strong> <span>{text(label)}</span></a>'
        for count, label, path in shown
    )
    example = catalog.methods.get("net-promoter-score") or next(iter(catalog.methods.values()), None)
    hint = (
        ctx.t(
            " e.g. {example}",
            example=f'<a href="{text(ctx.href(method_path(example.id)))}">{text(example.abbreviation or ctx.name(example))}</a>',
        )
        if example
        else ""
    )
    return (
        '<div class="cxc-home-search">\n'
        f'<label class="cxc-search-label" for="cxc-home-query">{ctx.t("Look up any name — English, German, branded or abbreviated")}</label>\n'
        '<input id="cxc-home-query" class="cxc-search-input" type="search" autocomplete="off" spellcheck="false" '
        f'placeholder="{ctx.t("e.g. Kundenreise, TCJG Customer Value Proposition Canvas, NPS")}" data-cxcanon-search>\n'
        f'<p class="cxc-search-hint">{ctx.t("Press <kbd>/</kbd> anywhere to search;{hint}.", hint=hint)}</p>\n'
        "</div>\n"
        f'<div class="cxc-figures">\n{cells}\n</div>'
    )


def fill_home(markdown: str, ctx: PageContext) -> str:
    """The home page Markdown with the counts block in place of `COUNTS_MARKER`."""
    if COUNTS_MARKER not in markdown:
        return markdown
    return markdown.replace(COUNTS_MARKER, counts_block(ctx))
