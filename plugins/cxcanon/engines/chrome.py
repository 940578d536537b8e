"""The parts of the theme's page frame that come out the same on many pages, rendered once per build.

Material renders every page's frame from scratch: the navigation sidebar, the search box and
about forty lookups in its table of translations (each lookup builds that table anew). For
the thousands of generated pages these parts are identical wherever nothing of them depends
on the page:

- **the navigation** of a page outside the navigation: no item is active, so what differs is
  only where its links point from, that is the page's folder (and the language of its words). A page whose folder holds a page
  of the navigation is left out (its links to that page would differ);
- **the search box**: nothing in it depends on the page, only on the language;
- **a translation**: depends on the language and the key only.

`install` puts small templates in front of the theme's own. Each renders the theme's partial,
whichever it is (a ``custom_dir`` override included), the first time and repeats its output
after that. The site is byte for byte the one the theme renders by itself; the cache lives
with the template environment, which MkDocs makes anew for every build and every edition.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from typing import Any

from jinja2 import ChoiceLoader, DictLoader, PrefixLoader

ALLOWED = True
"""False while a site whose main configuration says ``frame_once: false`` builds: its editions follow it."""

THEME = "cxcanon-theme"
"""Where the wrappers find the theme's own partials (the name the wrapped ones keep, behind this prefix)."""

NAV_KEY = "cxcanon_nav"
"""The page context's key for the navigation: the page's folder where the sidebar can be repeated, else None."""


def _once(name: str, key: str) -> str:
    """A wrapper that renders the theme's ``name`` once per language and value of the expression ``key`` (each time when
    it is empty)."""
    original = f'{{% include "{THEME}/{name}" %}}'
    call = f'{{% call cxcanon_once("{name}", config.theme.language, {key}) %}}{original}{{% endcall %}}'
    return f"{{% if {key} %}}{call}{{% else %}}{original}{{% endif %}}"


WRAPPERS = {
    "partials/nav.html": _once("partials/nav.html", NAV_KEY),
    "partials/search.html": _once("partials/search.html", "true"),
    "partials/language.html": (
        f'{{% import "{THEME}/partials/language.html" as theme with context %}}'
        '{% macro t(key) %}{% call cxcanon_once("t", config.theme.language, key) %}{{ theme.t(key) }}{% endcall %}{% endmacro %}'
    ),
}


class Frame:
    """What the wrappers rendered in one template environment: each part once, then repeated."""

    def __init__(self) -> None:
        self.rendered: dict[tuple[Any, ...], Any] = {}
        self.repeated = 0

    def once(self, *key: Any, caller: Callable[[], Any]) -> Any:
        """The body of a ``{% call cxcanon_once(...) %}`` block, rendered the first time ``key`` comes."""
        found = self.rendered.get(key)
        if found is None:
            found = self.rendered[key] = caller()
        else:
            self.repeated += 1
        return found


def install(env: Any) -> Frame:
    """Put the wrappers in front of the theme's templates and give them a cache of their own."""
    theme = env.loader
    env.loader = ChoiceLoader([DictLoader(WRAPPERS), PrefixLoader({THEME: theme}), theme])
    frame = Frame()
    env.globals["cxcanon_once"] = frame.once
    return frame


def nav_key(url: str, nav_urls: Iterable[str]) -> str | None:
    """The folder whose pages share one navigation sidebar with the page at ``url``, outside the navigation.

    None where a page of the navigation lies in the page's own folder: its link would point from
    the page to somewhere below it, which differs from page to page.
    """
    if any(target.startswith(url) for target in nav_urls):
        return None
    return posixpath.dirname(url.rstrip("/")) + "/"
