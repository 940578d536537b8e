"""Comparison pages: methods that are often confused, side by side (``/compare/<a>-vs-<b>/``).

The methods joined by ``confused-with`` relations form a graph; each maximal group of methods
that are all confused with one another (a maximal clique: NPS, CSAT and CES) gets one page, a
table built from the structured fields, with the stated differences below it.
"""

from __future__ import annotations

from functools import lru_cache

from ..catalog.model import Catalog, Method, Text
from .badges import VERIFICATION_LABELS
from .markup import front_matter, inline_md, prose, text
from .site import PageContext
from .urls import CATEGORIES_PATH, method_path

COMPARE_INDEX_PATH = "compare/index.md"


def _graph(catalog: Catalog) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for method in catalog.methods.values():
        for rel in method.related:
            if rel.type == "confused-with" and rel.id in catalog.methods and rel.id != method.id:
                graph.setdefault(method.id, set()).add(rel.id)
                graph.setdefault(rel.id, set()).add(method.id)
    return graph


@lru_cache(maxsize=4)
def clusters(catalog: Catalog) -> tuple[tuple[str, ...], ...]:
    """The maximal groups of methods all confused with one another, largest first, each sorted by id."""
    graph = _graph(catalog)
    found: list[tuple[str, ...]] = []

    def expand(clique: set[str], candidates: set[str], excluded: set[str]) -> None:  # Bron–Kerbosch with a pivot
        if not candidates and not excluded:
            if len(clique) > 1:
                found.append(tuple(sorted(clique)))
            return
        pivot = max(candidates | excluded, key=lambda node: len(graph[node] & candidates))
        for node in sorted(candidates - graph[pivot]):
            expand(clique | {node}, candidates & graph[node], excluded & graph[node])
            candidates = candidates - {node}
            excluded = excluded | {node}

    expand(set(), set(graph), set())
    return tuple(sorted(found, key=lambda group: (-len(group), group)))


def stated_difference(catalog: Catalog, a: str, b: str) -> Text | None:
    """The catalog's statement of how two methods differ: a ``confused-with`` note on either side."""
    for one, other in ((a, b), (b, a)):
        for rel in catalog.methods[one].related:
            if rel.id == other and rel.type == "confused-with" and rel.note is not None:
                return rel.note
    return None


def compare_path(group: tuple[str, ...]) -> str:
    """The docs path of a comparison page."""
    return f"compare/{'-vs-'.join(group)}.md"


def compare_path_of(catalog: Catalog, a: str, b: str) -> str | None:
    """The comparison page that shows ``a`` and ``b`` side by side (the largest such group), if any."""
    return _pair_pages(catalog).get((a, b))


@lru_cache(maxsize=4)
def _pair_pages(catalog: Catalog) -> dict[tuple[str, str], str]:
    """Each pair of methods shown side by side (both ways round) → the largest comparison page that shows them."""
    pages: dict[tuple[str, str], str] = {}
    for group in clusters(catalog):
        path = compare_path(group)
        for a in group:
            for b in group:
                pages.setdefault((a, b), path)
    return pages


def _cell_origin(ctx: PageContext, method: Method) -> str:
    label = ctx.origin(method)
    people = ", ".join(text(r.name) for r in ctx.catalog.originators(method))
    if people:
        return f"{people} ({text(method.year)})" if method.year is not None else people
    return text(label) if label else f"<em>{ctx.t('no traceable originator')}</em>"


def _first_paragraph(value: str | None) -> str:
    if not value:
        return "—"
    return prose(value.strip().split("\n\n", 1)[0])


def render_comparison(ctx: PageContext, group: tuple[str, ...]) -> str:
    """A side-by-side table of the methods of one group and their stated differences."""
    methods = [ctx.catalog.methods[mid] for mid in group]
    names = [ctx.name(m) for m in methods]
    title = ctx.t("{a} vs {b}", a=", ".join(names[:-1]), b=names[-1])
    head = "".join(f'<th scope="col"><a href="{text(ctx.href(method_path(m.id)))}">{text(ctx.name(m))}</a></th>' for m in methods)
    rows: list[tuple[str, list[str]]] = [
        (ctx.t("Definition"), [text(m.definition.get(ctx.lang) or m.definition.get("en", "")) for m in methods]),
        (ctx.t("Originated by"), [_cell_origin(ctx, m) for m in methods]),
        (
            ctx.t("Category"),
            [
                f'<a href="{text(ctx.href(CATEGORIES_PATH, fragment=m.category))}">'
                f"{text((c.de if ctx.lang == 'de' else c.en) if (c := ctx.catalog.categories.get(m.category)) else m.category)}</a>"
                for m in methods
            ],
        ),
        (ctx.t("When to use"), [_first_paragraph(ctx.tr(m.when_to_use)) for m in methods]),
        (ctx.t("Verification"), [text(ctx.t(VERIFICATION_LABELS.get(m.verification.level, m.verification.level))) for m in methods]),
    ]
    body = "".join(f'<tr><th scope="row">{label}</th>{"".join(f"<td>{cell}</td>" for cell in cells)}</tr>\n' for label, cells in rows)
    differences: list[str] = []
    for i, a in enumerate(methods):
        for b in methods[i + 1 :]:
            note = stated_difference(ctx.catalog, a.id, b.id)
            if note is not None:
                differences.append(f"<li><strong>{text(ctx.name(a))} · {text(ctx.name(b))}:</strong> {text(ctx.tr(note) or '')}</li>")
    parts = [
        f"# {inline_md(title)}",
        "",
        f"<p>{ctx.t('These methods are often confused. The table compares what the catalog records about each.')}</p>",
        "",
        f'<div class="cxc-compare-table" tabindex="0" role="region" aria-label="{text(title)}">',
        f'<table class="cxc-compare">\n<thead><tr><td></td>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>',
        "</div>",
    ]
    if differences:
        parts += ["", f"## {ctx.t('How they differ')}", "", '<ul class="cxc-differences">', *differences, "</ul>"]
    meta = {"title": text(title), "description": text(ctx.t("Often confused: {names}.", names=", ".join(names)))}
    return front_matter(meta) + "\n".join(parts) + "\n"


def render_compare_index(ctx: PageContext) -> str:
    """Every group of often confused methods, with a link to its comparison page."""
    items = []
    for group in clusters(ctx.catalog):
        names = " · ".join(text(ctx.name(ctx.catalog.methods[mid])) for mid in group)
        items.append(f'<li><a href="{text(ctx.href(compare_path(group)))}">{names}</a></li>')
    parts = [
        f"# {ctx.t('Often confused')}",
        "",
        f"<p>{ctx.t('Methods that practitioners often mix up, compared side by side.')}</p>",
        "",
        '<ul class="cxc-compare-index">',
        *items,
        "</ul>",
    ]
    meta = {"title": ctx.t("Often confused"), "description": ctx.t("Methods that practitioners often mix up, compared side by side.")}
    return front_matter(meta) + "\n".join(parts) + "\n"
