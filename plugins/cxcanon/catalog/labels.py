"""Short labels of a method's origin, as readers cite it (used by pages, tooltips, lint and the CLI)."""

from __future__ import annotations

from .model import Catalog, Method


def origin_label(catalog: Catalog, method: Method) -> str:
    """``Osterwalder et al., 2014`` — who and when, as readers cite it."""
    families = [catalog.researchers[r].family or catalog.researchers[r].name for r in method.originators if r in catalog.researchers]
    if not families:
        who = "origin unknown" if method.year is None else ""
    elif len(families) == 1:
        who = families[0]
    elif len(families) == 2:
        who = f"{families[0]} & {families[1]}"
    else:
        who = f"{families[0]} et al."
    if method.year is not None:
        return f"{who}, {method.year}" if who else str(method.year)
    return who
