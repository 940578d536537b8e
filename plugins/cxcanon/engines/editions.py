"""Language editions: the main site at ``/`` and further editions (German at ``/de/``), built by one command.

The main build's plugin registers its editions before it builds; after it has written its
own pages it loads each edition's configuration (which usually ``INHERIT``s the main one)
and builds it, with the same engine, into ``<site_dir>/<code>/``. Every edition renders the
same catalog in its own language; the data files are published once, by the main edition.

A page's counterpart in another edition is the page with the same source path: every
generated page exists in every edition, a hand-written page where the edition's
``docs_dir`` has a file of that name. The language switcher and the ``hreflang`` links of
each page point at its counterparts (at the edition's home page where there is none).
"""

from __future__ import annotations

import gc
import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from ..render.urls import page_url

LANGUAGE_NAMES = {"en": "English", "de": "Deutsch"}


@dataclass(slots=True)
class Editions:
    """The editions of one site: language code → where its hand-written pages are and its URL prefix."""

    main: str
    docs: dict[str, Path] = field(default_factory=dict)
    prefixes: dict[str, str] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)
    root: str = "/"
    directory_urls: bool = True

    @classmethod
    def of_main(cls, lang: str, config: Any, editions: dict[str, str], config_dir: Path) -> Editions:
        """The editions of a main configuration and its ``editions`` option (edition configs are read for their docs_dir)."""
        site_url = str(config.site_url or "")
        found = cls(
            main=lang,
            root=(urlsplit(site_url).path or "/") if site_url else "/",
            directory_urls=bool(config.use_directory_urls),
        )
        if not found.root.endswith("/"):
            found.root += "/"
        found.docs[lang] = Path(config.docs_dir).resolve()
        found.prefixes[lang] = ""
        for code, config_file in editions.items():
            path = (config_dir / config_file).resolve()
            found.files[code] = path
            found.prefixes[code] = f"{code}/"
            found.docs[code] = _docs_dir(path)
        return found

    def alternates(self, src_uri: str, generated: frozenset[str]) -> list[dict[str, str]]:
        """The switcher entries of one page: each edition's counterpart of ``src_uri`` (or its home page)."""
        entries = []
        for code in self.docs:
            exists = src_uri in generated or (self.docs[code] / src_uri).is_file()
            target = page_url(src_uri, directory_urls=self.directory_urls) if exists else ""
            entries.append({"name": LANGUAGE_NAMES.get(code, code), "link": self.root + self.prefixes[code] + target, "lang": code})
        return entries

    def build(self, code: str, main_config: Any, site_dir: Path | None = None) -> None:
        """Build edition ``code`` with the engine that builds the main site, into ``<site_dir>/<code>/`` (or ``site_dir``)."""
        engine = type(main_config).__module__.split(".")[0]  # "mkdocs" or "properdocs"
        load_config = importlib.import_module(f"{engine}.config").load_config
        build = importlib.import_module(f"{engine}.commands.build").build
        site_url = urljoin(str(main_config.site_url), f"{code}/") if main_config.site_url else None
        config = load_config(
            config_file=str(self.files[code]),
            site_dir=str(site_dir or Path(main_config.site_dir) / code),
            site_url=site_url,
            strict=main_config.strict,
        )
        # The main build's pages, navigation and templates are still alive: frozen, the collector
        # does not walk them again and again while this edition builds.
        gc.collect()
        gc.freeze()
        try:
            build(config)
        finally:
            gc.unfreeze()


def _docs_dir(config_file: Path) -> Path:
    """The docs_dir an edition's configuration file sets (``docs`` beside it when it sets none)."""
    import yaml

    class _Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml files may carry !ENV and !relative tags; their values do not matter here.
    _Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Loader) or {}
    return (config_file.parent / str(data.get("docs_dir") or "docs")).resolve()


_EDITIONS: dict[Path, Editions] = {}
"""The editions of the site being built, by catalog folder (the editions' plugins find them here)."""
