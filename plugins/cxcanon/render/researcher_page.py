"""The researcher page: ``/researchers/<id>/``."""

from __future__ import annotations

from ..catalog.model import Researcher
from .badges import status_icon
from .markup import front_matter, inline_md, link, links_out, text
from .site import PageContext
from .urls import method_path

RESEARCHER_BOOST = 1.5


def render_researcher(ctx: PageContext, researcher: Researcher) -> str:
    """Name, affiliation, identifiers and every method the person originated or popularised."""
    parts = [f"# {inline_md(researcher.name)}", ""]
    facts: list[tuple[str, str]] = []
    if researcher.affiliation:
        facts.append((ctx.t("Affiliation"), text(researcher.affiliation)))
    if researcher.orcid:
        facts.append(("ORCID", link(f"https://orcid.org/{researcher.orcid}", researcher.orcid)))
    outward = links_out(researcher.wikipedia, researcher.wikidata)
    if outward:
        facts.append((ctx.t("Elsewhere"), outward))
    if researcher.url:
        facts.append((ctx.t("Web"), link(researcher.url, researcher.url)))
    if facts:
        parts.append('<dl class="cxc-origin">\n' + "\n".join(f"<dt>{k}</dt>\n<dd>{v}</dd>" for k, v in facts) + "\n</dl>")
        parts.append("")
    originated = ctx.catalog.methods_by(researcher.id)
    parts += [f"## {ctx.t('Methods originated')}", ""]
    if originated:
        items = []
        for method in originated:
            year = text(method.year) if method.year is not None else ctx.t("year unknown")
            marks = status_icon(method, ctx.lang)
            items.append(
                f'<li><span class="cxc-year">{year}</span> <a href="{text(ctx.href(method_path(method.id)))}">{text(ctx.name(method))}</a>'
                + (f" {marks}" if marks else "")
                + f'<br><span class="cxc-def">{text(method.definition.get(ctx.lang) or method.definition.get("en", ""))}</span></li>'
            )
        parts.append('<ul class="cxc-method-list">\n' + "\n".join(items) + "\n</ul>")
    else:
        parts.append(f"<p>{ctx.t('None in the catalog.')}</p>")
    popularised = sorted(
        (m for m in ctx.catalog.methods.values() if researcher.id in m.popularized_by), key=lambda m: (m.year or 9999, m.name)
    )
    if popularised:
        parts += ["", f"## {ctx.t('Methods popularised')}", ""]
        parts.append(
            '<ul class="cxc-method-list">\n'
            + "\n".join(f'<li><a href="{text(ctx.href(method_path(m.id)))}">{text(ctx.name(m))}</a></li>' for m in popularised)
            + "\n</ul>"
        )
    meta = {
        "title": text(researcher.name),
        "description": text(ctx.t("{name}: methods originated, in the CX Canon catalog.", name=researcher.name)),
        "search": {"boost": RESEARCHER_BOOST},
    }
    return front_matter(meta) + "\n".join(parts) + "\n"
