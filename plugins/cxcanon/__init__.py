"""CX Canon: one name per method, and the person who found it.

The public API: load and validate the catalog, resolve terms.
"""

from __future__ import annotations

from .catalog import (
    Alias,
    Catalog,
    CatalogError,
    Method,
    Problem,
    Relation,
    Report,
    Researcher,
    Source,
    load_catalog,
    validate_catalog,
)
from .catalog.terms import normalize, slugify

__all__ = [
    "Alias",
    "Catalog",
    "CatalogError",
    "Method",
    "Problem",
    "Relation",
    "Report",
    "Researcher",
    "Source",
    "load_catalog",
    "normalize",
    "slugify",
    "validate_catalog",
]
