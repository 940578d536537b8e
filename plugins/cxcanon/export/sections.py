"""Method page sections contributed by the exports (see `cxcanon.render.METHOD_SECTIONS`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..catalog.model import Method
from .citations import cite_block
from .jsonld import method_jsonld, script_tag

if TYPE_CHECKING:  # the render package imports this module while it initialises
    from ..render.site import PageContext


def cite_this(ctx: PageContext, method: Method) -> str:
    """The "Cite this" block: the entry and the primary source in APA 7 and BibTeX, with download links."""
    return cite_block(ctx.catalog, method, ctx.site.site_url, directory_urls=ctx.site.directory_urls)


def structured_data(ctx: PageContext, method: Method) -> str:
    """The page's schema.org JSON-LD (a ``DefinedTerm`` in the catalog's ``DefinedTermSet``)."""
    return script_tag(method_jsonld(ctx.catalog, method, ctx.site.site_url))
