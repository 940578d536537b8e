"""The public name of the auto-linking Python-Markdown extension: ``cxcanon.markdown_ext``.

The extension lives in `cxcanon.linking.markdown_ext`; this module keeps the name that
``markdown_extensions`` settings (MkDocs, Zensical, plain Python-Markdown) use.
"""

from __future__ import annotations

from .linking.markdown_ext import AutolinkExtension, makeExtension

__all__ = ["AutolinkExtension", "makeExtension"]
