"""One validated catalog per folder and process, validated again only when one of its files changed.

The language editions of one MkDocs build share the catalog, and an engine that creates a new
Python-Markdown instance for every page (Zensical) creates the linking extension anew for every
page: both ask here instead of loading the folder again. The key is the folder and the
modification time and size of every file in it (the catalog, its researchers and schemas), so an
edited file during ``serve`` is picked up on the next build. Taking that fingerprint means a ``stat`` of
every file (2 ms at 1,000 methods); a caller asking once per page passes ``max_age`` to take it at most
that often.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from .load import LoadResult, validate_catalog

__all__ = ["Fingerprint", "fingerprint", "validated"]

Fingerprint = tuple[tuple[str, int, int], ...]
"""(path, mtime in ns, size) of every file of a catalog folder, sorted."""

_LOADED: dict[Path, tuple[Fingerprint, LoadResult, float]] = {}


def fingerprint(root: Path) -> Fingerprint:
    """What identifies one state of the catalog at ``root``: its files' paths, modification times and sizes."""
    found = []
    for folder in (root, root / "researchers", root / "schema"):
        if folder.is_dir():
            for entry in os.scandir(folder):
                if entry.is_file():
                    stat = entry.stat()
                    found.append((entry.path, stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(found))


def validated(root: Path | str, *, max_age: float = 0.0) -> tuple[LoadResult, bool]:
    """The validation result of the catalog at ``root``, and whether it was validated just now (not cached).

    ``max_age``: seconds for which a cached result is returned without looking at the files again
    (0: always look).
    """
    root = Path(root).resolve()
    cached = _LOADED.get(root)
    now = time.monotonic()
    if cached is not None and max_age > 0 and now - cached[2] < max_age:
        return cached[1], False
    state = fingerprint(root)
    if cached is not None and cached[0] == state:
        _LOADED[root] = (state, cached[1], now)
        return cached[1], False
    result = validate_catalog(root)
    _LOADED[root] = (state, result, time.monotonic())
    return result, True
