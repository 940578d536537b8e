"""Machine-readable exports of the catalog (JSON API; more formats are added here)."""

from __future__ import annotations

from .api import methods_json, terms_json

__all__ = ["methods_json", "terms_json"]
