"""``serve``: an edited method file shows on its page at once; the rest of the site follows.

MkDocs rebuilds the whole site on every change, and holds back every request until it is
done: seconds for the bilingual site, more as the catalog grows. When only method files
changed (no file added or removed, no researcher, schema or settings file) and the catalog
still validates, `FastRefresh` re-renders just those methods' pages, in every edition, with
the previous build's navigation and templates, and lets the browsers reload. A full rebuild
follows a moment later and brings the build-wide outputs up to date: indexes, other pages'
mentions and relations, the search index and the data files.

It wraps the server's builder, so it needs nothing of MkDocs' serve loop but the
``builder`` attribute and the rebuild request of MkDocs 1.6 and ProperDocs 1.6
(`request_rebuild`); where those are missing, every change gets the full rebuild.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from ..catalog import LoadResult
from ..catalog.cache import fingerprint as catalog_fingerprint

log = logging.getLogger("mkdocs.plugins.cxcanon")

FULL_REBUILD_DELAY = 1.0
"""Seconds between the quick refresh and the full rebuild: time for the browsers to reload the page first."""

Fingerprint = dict[str, tuple[int, int]]


class LivePlugin(Protocol):
    """What `FastRefresh` needs of each edition's ``cxcanon`` plugin."""

    lang: str

    def refresh_methods(self, result: LoadResult, method_ids: list[str]) -> None: ...


LIVE: dict[Path, dict[str, LivePlugin]] = {}
"""The latest build's plugin of each edition, by catalog folder (each build registers its own)."""


def fingerprint(root: Path) -> Fingerprint:
    """Modification time and size of every catalog file, by path (the catalog cache's fingerprint)."""
    return {path: (mtime, size) for path, mtime, size in catalog_fingerprint(root)}


def changed_methods(before: Fingerprint, after: Fingerprint, root: Path) -> list[str] | None:
    """The ids of the method files that changed, or None when anything else changed too."""
    if before.keys() != after.keys():
        return None
    changed = [Path(path) for path in after if after[path] != before[path]]
    if not changed or any(
        path.parent != root or path.suffix != ".yaml" or path.name in ("catalog.yaml", "categories.yaml") for path in changed
    ):
        return None
    return sorted(path.stem for path in changed)


def request_rebuild(server: Any) -> bool:
    """Ask the server's build loop for a full rebuild; False where the server has no such request."""
    condition = getattr(server, "_rebuild_cond", None)
    if condition is None or not hasattr(server, "_want_rebuild"):
        return False
    with condition:
        server._want_rebuild = True
        condition.notify_all()
    return True


class FastRefresh:
    """Wraps a live-reload server's builder (see the module docstring)."""

    def __init__(self, server: Any, root: Path, validate: Callable[[Path], LoadResult]) -> None:
        self.server = server
        self.root = root
        self.validate = validate
        self.full_build: Callable[[], None] = server.builder
        self.seen = fingerprint(root)
        self.full_pending = False
        server.builder = self.build

    def build(self) -> None:
        """One turn of the server's build loop: the quick refresh when it applies, else the full build."""
        now = fingerprint(self.root)
        method_ids = None if self.full_pending else changed_methods(self.seen, now, self.root)
        if method_ids and self.quick(method_ids):
            self.seen = now
            self.full_pending = True
            timer = threading.Timer(FULL_REBUILD_DELAY, request_rebuild, args=(self.server,))
            timer.daemon = True
            timer.start()
            return
        self.full_pending = False
        self.seen = fingerprint(self.root)
        self.full_build()

    def quick(self, method_ids: list[str]) -> bool:
        """Re-render the pages of ``method_ids`` in every edition; False when only a full build will do."""
        editions = LIVE.get(self.root)
        if not editions or not hasattr(self.server, "_rebuild_cond"):
            return False
        result = self.validate(self.root)
        if result.catalog is None or any(m not in result.catalog.methods for m in method_ids):
            return False  # the full build reports the errors as usual
        for plugin in editions.values():
            plugin.refresh_methods(result, method_ids)
        log.info(f"cxcanon: refreshed the page of {', '.join(method_ids)} in {len(editions)} edition(s); the rest of the site follows")
        return True


def engine_modules(config: Any) -> tuple[Any, Any]:
    """The build and page modules of the engine that built ``config`` (MkDocs or ProperDocs)."""
    engine = type(config).__module__.split(".")[0]
    return importlib.import_module(f"{engine}.commands.build"), importlib.import_module(f"{engine}.structure.pages")
