"""One Markdown converter for the generated pages of a process, where MkDocs builds one per page.

MkDocs' ``Page.render`` builds a new ``markdown.Markdown`` for every page: it imports and
instantiates each extension and registers all their processors again. At 2,000 methods that is
about 0.9 CPU-seconds over a build and its helper process. Python-Markdown
readies a converter for the next document with `Markdown.reset`, which every extension with state
per document implements (``toc``: its tokens; the autolinker keeps its state in its tree walk).

`SharedConverter.render` still runs MkDocs' (or ProperDocs') own ``Page.render``, and with it
everything MkDocs does per page: its four page processors, registered under their names, replace
the last page's. Only while it runs, the name ``markdown`` in the module of ``Page`` stands for a
stand-in whose ``Markdown(...)`` is this process's converter, reset, as long as the extensions and
their configuration are the ones it was built with (else a new one, kept from then on). The
stand-in passes every other name to the real module.

Only generated pages are rendered so: their Markdown is the catalog's prose and the renderers'
headings (no ``:::`` blocks of mkdocstrings, whose processors keep state per document). The tests
compare the built pages with and without it.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

ALLOWED = True
"""False while a site whose main configuration says ``one_converter: false`` builds: its editions follow it."""


class SharedConverter:
    """A Markdown converter used for many pages (see the module docstring)."""

    def __init__(self) -> None:
        self.markdown: Any = None
        self.extensions: list[Any] = []
        self.configs: dict[str, Any] = {}
        self.built = 0
        """How many converters were built: one, unless another plugin changed the extensions during the build."""

    def use_for(self, page: Any) -> None:
        """Let ``page.render(config, files)``, as MkDocs calls it, render the page with this converter."""
        page.render = functools.partial(self.render, page)

    def render(self, page: Any, config: Any, files: Any) -> None:
        """Render ``page`` with its class's own ``render``, whose converter is this one (see the module docstring)."""
        render = type(page).render
        names = render.__globals__  # the module of ``Page``: mkdocs.structure.pages or properdocs'
        real = names["markdown"]
        names["markdown"] = _StandIn(real, self)
        try:
            render(page, config, files)
        finally:
            names["markdown"] = real

    def converter(self, module: Any, extensions: list[Any], extension_configs: dict[str, Any]) -> Any:
        """The converter for ``extensions`` configured by ``extension_configs``, ready for a new document."""
        if self.markdown is None or self.extensions != list(extensions) or self.configs != extension_configs:
            self.markdown = module.Markdown(extensions=extensions, extension_configs=extension_configs)
            self.extensions = list(extensions)
            self.configs = copy.deepcopy(extension_configs)
            self.built += 1
            return self.markdown
        return self.markdown.reset()


class _StandIn:
    """The ``markdown`` module as ``Page.render`` sees it while `SharedConverter.render` runs."""

    def __init__(self, real: Any, shared: SharedConverter) -> None:
        self._real = real
        self._shared = shared

    def Markdown(self, *args: Any, **kwargs: Any) -> Any:  # the module's name
        if args or set(kwargs) != {"extensions", "extension_configs"}:  # not the call MkDocs makes: a converter of its own
            return self._real.Markdown(*args, **kwargs)
        return self._shared.converter(self._real, kwargs["extensions"], kwargs["extension_configs"])

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)
