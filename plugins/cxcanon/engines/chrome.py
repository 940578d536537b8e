"""The parts of the theme's page frame that come out the same on many pages, rendered once per build.

Material renders every page's frame from scratch: the navigation sidebar, the search box and
about forty lookups in its table of translations (each lookup builds that table anew). For
the thousands of generated pages these parts are identical wherever nothing of them depends
on the page:

- **the navigation** of a page outside the navigation: no item is active, so what differs is
  only where its links point from, that is the page's folder (and the language of its words).
  A page whose folder holds a page of the navigation is left out (its links to that page would
  differ);
- **the table of contents** as Material shows it: the same entries (a method page's sections)
  make the same HTML;
- **the search box**: nothing in it depends on the page, only on the language;
- **a translation**: depends on the language and the key only.

Material's search plugin also passes over every page's HTML as the page is put into its frame,
to take out the ``data-search-*`` attributes it indexes by, even on pages it does not index.
`SearchPass` spares it the generated pages' HTML and takes the attributes out the same way, where
there are any.

`install` puts small templates in front of the theme's own. Each renders the theme's partial
the first time and repeats its output after that. The navigation and the table of contents are
wrapped only where they are Material's own partials (their keys follow what those read of the
page), the search box only where it mentions neither the page nor a URL; a ``custom_dir``
override otherwise is rendered for every page. The site is byte for byte the one the theme
renders by itself; the cache lives with the template environment, which MkDocs makes anew for
every build and every edition.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, DictLoader, PrefixLoader, TemplateNotFound, meta

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
    call = f'{{% call cxcanon_once("{name}", config.theme.language, cxcanon_key) %}}{original}{{% endcall %}}'
    return f"{{% set cxcanon_key = {key} %}}{{% if cxcanon_key %}}{call}{{% else %}}{original}{{% endif %}}"


WRAPPERS = {
    "partials/nav.html": _once("partials/nav.html", NAV_KEY),
    "partials/toc.html": _once("partials/toc.html", "cxcanon_toc_key(page.toc)"),  # as the page is rendered: plugins add entries
    "partials/search.html": _once("partials/search.html", "true"),
    # ``t`` is a Python function here, not a macro: a page looks up about forty words, and each macro
    # call costs Jinja two more calls and a new context (two thirds of the lookups' time).
    "partials/language.html": (
        f'{{% import "{THEME}/partials/language.html" as theme with context %}}'
        "{% set t = cxcanon_translator(config.theme.language, theme.t) %}"
    ),
}
MATERIALS_OWN = ("partials/nav.html", "partials/toc.html")
"""Wrapped only as Material writes them: their keys follow what Material's own partials read of the page."""
PAGE_FREE = ("partials/search.html",)
"""Wrapped only where the partial, whichever it is, reads nothing of the page and no URL."""


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

    def translator(self, language: str, theme_t: Callable[[str], Any]) -> Callable[[str], Any]:
        """The theme's ``t(key)`` for ``language``, each key looked up in the theme the first time it comes."""
        rendered = self.rendered

        def t(key: str) -> Any:
            found = rendered.get(("t", language, key))
            if found is None:
                found = rendered["t", language, key] = theme_t(key)
            else:
                self.repeated += 1
            return found

        return t


def install(env: Any, materials: Callable[[str], bool] | None = None) -> Frame:
    """Put the wrappers in front of the theme's templates and give them a cache of their own.

    ``materials(filename)``: whether a template file is Material's own (default: it lies in the
    ``material`` package); a ``custom_dir`` override of a partial in `MATERIALS_OWN` is rendered
    for every page, as is one in `PAGE_FREE` that mentions the page or a URL.
    """
    theme = env.loader
    own = materials or _in_material
    wrappers = {}
    for name, wrapper in WRAPPERS.items():
        try:
            source, filename, _uptodate = theme.get_source(env, name)
        except TemplateNotFound:
            continue
        if name in MATERIALS_OWN and not own(str(filename)):
            continue
        if name in PAGE_FREE and re.search(r"\b(page|url|base_url)\b", source):
            continue
        wrappers[name] = wrapper
    env.loader = ChoiceLoader([DictLoader(wrappers), PrefixLoader({THEME: theme}), theme])
    frame = Frame()
    env.globals["cxcanon_once"] = frame.once
    env.globals["cxcanon_translator"] = frame.translator
    env.globals["cxcanon_toc_key"] = toc_key
    return frame


def compile_ahead(env: Any, names: Iterable[str]) -> int:
    """Compile the templates ``names`` and every template they name (extends, includes, imports), where a name is
    written out; how many there were.

    A helper process forked after this renders pages with these templates as compiled here,
    instead of compiling each once more (MkDocs' environment does not reload a template it has).
    """
    todo, seen = list(names), set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            source, _filename, _uptodate = env.loader.get_source(env, name)
            env.get_template(name)
        except TemplateNotFound:
            continue
        todo.extend(found for found in meta.find_referenced_templates(env.parse(source)) if found)
    return len(seen)


class SearchPass:
    """Material's search plugin's pass over the HTML of a page it does not index, done faster (see the module docstring).

    The plugin's ``on_page_context`` indexes a page unless its metadata excludes it and then
    removes the attributes with `MATERIAL_ATTRIBUTES` from the whole HTML. `hide` takes the HTML
    of an excluded page off it before (the plugin then passes over nothing), `restore` puts it
    back after, with the attributes removed as the plugin removes them. What other plugins add
    in between (the autolinker's "Mentioned on") follows it, as it would have.
    """

    MATERIAL_ATTRIBUTES = re.compile(r'\s?data-search-\w+="[^"]+"')
    """Material's own pattern (``material.plugins.search.plugin.SearchPlugin.on_page_context``)."""
    _ANY = re.compile(r'data-search-\w+="[^"]+"')
    """The same attributes without the space before them: a search that starts from its fixed text, to skip most pages."""

    def __init__(self) -> None:
        self.held: tuple[Any, str] | None = None

    @staticmethod
    def applies(search: Any) -> bool:
        """Whether ``search`` (the site's search plugin) is Material's and enabled."""
        module = type(search).__module__
        return module.startswith("material.plugins.search") and bool(getattr(search, "config", {}).get("enabled", True))

    def hide(self, page: Any) -> None:
        """Take the HTML off a page the search plugin does not index, until `restore`."""
        search = page.meta.get("search")
        if isinstance(search, dict) and search.get("exclude") and page.content:
            self.held, page.content = (page, page.content), ""

    def restore(self, page: Any) -> None:
        """Put the HTML back in front of what was added meanwhile, without the attributes the search plugin removes."""
        held, self.held = self.held, None
        if held is None or held[0] is not page:
            return
        html = held[1]
        if self._ANY.search(html):
            html = self.MATERIAL_ATTRIBUTES.sub("", html)
        page.content = html + (page.content or "")


def _in_material(filename: str) -> bool:
    try:
        import material
    except ImportError:
        return False
    return Path(filename).resolve().is_relative_to(Path(material.__file__).resolve().parent)


def toc_key(toc: Iterable[Any]) -> tuple[Any, ...] | None:
    """The entries of a page's table of contents that Material's partial shows (under a level-1 title, its children):
    their titles and links, nested. None where an entry carries more (``typeset``)."""
    items = list(toc)
    if items and items[0].level == 1:
        items = list(items[0].children)
    return _entries(items)


def _entries(items: Iterable[Any]) -> tuple[Any, ...] | None:
    found = []
    for item in items:
        children = _entries(item.children)
        if children is None or getattr(item, "typeset", None) is not None:
            return None
        found.append((item.title, item.url, children))
    return tuple(found)


def nav_key(url: str, nav_urls: Iterable[str]) -> str | None:
    """The folder whose pages share one navigation sidebar with the page at ``url``, outside the navigation.

    None where a page of the navigation lies in the page's own folder: its link would point from
    the page to somewhere below it, which differs from page to page.
    """
    if any(target.startswith(url) for target in nav_urls):
        return None
    return posixpath.dirname(url.rstrip("/")) + "/"
