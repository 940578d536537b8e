"""The catalog → site function: every generated file of the site, as values."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urljoin

from ..catalog.labels import origin_label
from ..catalog.model import Catalog, Method, Text
from .i18n import translate
from .urls import href


@dataclass(frozen=True, slots=True)
class Site:
    """What page rendering needs to know about the site it renders for."""

    site_url: str | None = None
    """Absolute base URL of the published site (for ``rel=canonical`` and API URLs)."""
    repo_url: str | None = None
    """Repository URL, for edit and issue links."""
    edit_base: str | None = None
    """Absolute URL that a repository-relative file path is appended to for editing."""
    catalog_dir: str = "methods"
    """The catalog folder, relative to the repository root."""
    directory_urls: bool = True
    site_name: str = "CX Canon"
    lang: str = "en"
    """The edition rendered: ``en`` (the site root, with the data files) or ``de`` (the German edition under ``/de/``)."""

    def absolute(self, url: str) -> str | None:
        """A site-relative URL made absolute with ``site_url`` (None without a site URL)."""
        if not self.site_url:
            return None
        return urljoin(self.site_url if self.site_url.endswith("/") else self.site_url + "/", url)

    def edit_url(self, filename: str) -> str | None:
        """Where a catalog file (e.g. ``nps.yaml``) is edited on the repository."""
        if not self.edit_base:
            return None
        return urljoin(self.edit_base, f"{self.catalog_dir.strip('/')}/{filename}")

    def report_url(self, method: Method) -> str | None:
        """A prefilled "wrong attribution / wrong entry" issue for a method."""
        if not self.repo_url:
            return None
        title = quote(f"[{method.id}] Problem with “{method.name}”")
        return f"{self.repo_url.rstrip('/')}/issues/new?template=wrong-attribution.yml&title={title}&labels=entry"


@dataclass(frozen=True, slots=True)
class SiteFile:
    """One generated file: its path in the docs tree and its content.

    ``.md`` files are pages rendered with the theme; anything else (redirect
    HTML, JSON) is copied to the site as it is.
    """

    path: str
    content: str

    @property
    def is_page(self) -> bool:
        return self.path.endswith(".md")


@dataclass(frozen=True, slots=True)
class PageContext:
    """What a page section renders from: the catalog, the site and the page's own path."""

    catalog: Catalog
    site: Site
    path: str
    lang: str = "en"
    """The language the page is written in (``en`` or ``de``)."""

    def t(self, message: str, **values: object) -> str:
        """An interface message in the page's language (see `cxcanon.render.i18n`)."""
        return translate(self.lang, message, **values)

    def name(self, method: Method) -> str:
        """A method's name as readers of the page's language know it (the German name on German pages)."""
        return (method.name_de or method.name) if self.lang == "de" else method.name

    def origin(self, method: Method) -> str:
        """``Osterwalder et al., 2014`` — who and when, as readers cite it ("origin unknown" in the page's language)."""
        label = origin_label(self.catalog, method)
        return self.t(label) if label == "origin unknown" else label

    def tr(self, value: Text | None) -> str | None:
        """A catalog text in the page's language (English where the translation is missing)."""
        return None if value is None else value.get(self.lang)

    def href(self, to_path: str, fragment: str = "") -> str:
        return href(self.path, to_path, directory_urls=self.site.directory_urls, fragment=fragment)
