"""Catalog → site: a pure function from the validated catalog to page paths and their Markdown/HTML.

Nothing here imports MkDocs: the MkDocs plugin feeds `render_site`'s
files into a build, ``cxcanon generate`` writes them to a folder.
"""

from __future__ import annotations

from .generate import Rendering, render_site, start_rendering
from .home import COUNTS_MARKER, fill_home
from .method_page import METHOD_SECTIONS, Section, render_method
from .site import PageContext, Site, SiteFile

__all__ = [
    "COUNTS_MARKER",
    "METHOD_SECTIONS",
    "PageContext",
    "Rendering",
    "Section",
    "Site",
    "SiteFile",
    "fill_home",
    "render_method",
    "render_site",
    "start_rendering",
]
