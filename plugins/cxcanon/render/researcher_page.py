"""The researcher page: ``/researchers/<id>/``."""

from __future__ import annotations

from ..catalog.model import Researcher
from .badges import status_badges
from .markup import front_matter, inline_md, link, text
from .site import PageContext
from .urls import method_path

RESEARCHER_BOOST = 1.5


def render_researcher(ctx: PageContext, researcher: Researcher) -> str:
    """Name, affiliation, identifiers and every method the person originated or popularised."""
    parts = [f"# {inline_md(researcher.name)}", ""]
    facts: list[tuple[str, str]] = []
    if researcher.affiliation:
        facts.append(("Affiliation", text(researcher.affiliation)))
    if researcher.orcid:
        facts.append(("ORCID", link(f"https://orcid.org/{researcher.orcid}", researcher.orcid)))
    if researcher.wikidata:
        facts.append(("Wikidata", link(f"https://www.wikidata.org/wiki/{researcher.wikidata}", researcher.wikidata)))
    if researcher.url:
        facts.append(("Web", link(researcher.url, researcher.url)))
    if facts:
        parts.append('<dl class="cxc-origin">\n' + "\n".join(f"<dt>{k}</dt>\n<dd>{v}</dd>" for k, v in facts) + "\n</dl>")
        parts.append("")
    originated = ctx.catalog.methods_by(researcher.id)
    parts += ["## Methods originated", ""]
    if originated:
        items = []
        for method in originated:
            year = text(method.year) if method.year is not None else "year unknown"
            marks = status_badges(method)
            items.append(
                f'<li><span class="cxc-year">{year}</span> <a href="{text(ctx.href(method_path(method.id)))}">{text(method.name)}</a>'
                + (f" {marks}" if marks else "")
                + f'<br><span class="cxc-def">{text(method.definition.get("en", ""))}</span></li>'
            )
        parts.append('<ul class="cxc-method-list">\n' + "\n".join(items) + "\n</ul>")
    else:
        parts.append("<p>None in the catalog.</p>")
    popularised = sorted(
        (m for m in ctx.catalog.methods.values() if researcher.id in m.popularized_by), key=lambda m: (m.year or 9999, m.name)
    )
    if popularised:
        parts += ["", "## Methods popularised", ""]
        parts.append(
            '<ul class="cxc-method-list">\n'
            + "\n".join(f'<li><a href="{text(ctx.href(method_path(m.id)))}">{text(m.name)}</a></li>' for m in popularised)
            + "\n</ul>"
        )
    meta = {
        "title": text(researcher.name),
        "description": text(f"{researcher.name}: methods originated, in the CX Canon catalog."),
        "search": {"boost": RESEARCHER_BOOST},
    }
    return front_matter(meta) + "\n".join(parts) + "\n"
