"""Honest counts of the catalog, computed once for `cxcanon stats` and the home page alike."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .model import Catalog
from .terms import normalize


@dataclass(frozen=True, slots=True)
class Figures:
    """What the catalog holds, each thing counted once."""

    methods: int
    names: int
    """Distinct names that lead to a method (after normalisation: a German name spelt like the English one is one name)."""
    branded_names: int
    originators: int
    """People and organisations who originated at least one method."""
    popularisers: int
    """People who only made a method known (named in `popularized_by`, originators of none)."""
    traceable: int
    """Methods with at least one named originator."""
    checked_origins: int
    """Methods whose origin is verified in the primary source or in two secondary sources."""

    @property
    def traceable_share(self) -> float:
        """The share of methods with a traceable originator (0 to 1)."""
        return self.traceable / self.methods if self.methods else 0.0


def figures(catalog: Catalog) -> Figures:
    """Count the catalog."""
    methods = catalog.methods.values()
    originators = {rid for m in methods for rid in m.originators}
    popularisers = {rid for m in methods for rid in m.popularized_by} - originators
    branded = {normalize(a.term) for m in methods for a in m.aliases if a.kind == "branded"}
    levels = Counter(m.verification.level for m in methods)
    return Figures(
        methods=len(catalog),
        names=len(catalog.terms),
        branded_names=len(branded),
        originators=len(originators),
        popularisers=len(popularisers),
        traceable=sum(1 for m in methods if m.originators),
        checked_origins=levels["primary-source"] + levels["secondary"],
    )
