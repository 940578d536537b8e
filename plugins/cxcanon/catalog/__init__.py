"""The catalog core: model, safe loading, validation. Knows nothing about MkDocs."""

from __future__ import annotations

from .load import LoadResult, NearDuplicate, default_root, load_catalog, near_duplicates, validate_catalog
from .model import (
    ALIAS_KINDS,
    RELATION_TYPES,
    VERIFICATION_LEVELS,
    Alias,
    Catalog,
    Category,
    HistoryEntry,
    Method,
    Misattribution,
    Relation,
    Researcher,
    Source,
    TermEntry,
    Verification,
)
from .problems import CatalogError, Problem, Report, Severity
from .yamlsafe import Document, LoadError, load_yaml

__all__ = [
    "ALIAS_KINDS",
    "RELATION_TYPES",
    "VERIFICATION_LEVELS",
    "Alias",
    "Catalog",
    "CatalogError",
    "Category",
    "Document",
    "HistoryEntry",
    "LoadError",
    "LoadResult",
    "Method",
    "Misattribution",
    "NearDuplicate",
    "Problem",
    "Relation",
    "Report",
    "Researcher",
    "Severity",
    "Source",
    "TermEntry",
    "Verification",
    "default_root",
    "load_catalog",
    "load_yaml",
    "near_duplicates",
    "validate_catalog",
]
