"""The page frame's repeated parts, rendered once per build (`cxcanon.engines.chrome`)."""

from __future__ import annotations

from typing import Any

import jinja2

from cxcanon.engines import chrome

THEME = {
    # A theme in miniature: its navigation prints where its links point from and counts its renderings.
    "partials/nav.html": "<nav>{{ count('nav') }}{{ page.url | folder }}</nav>\n",
    "partials/search.html": "<form>{{ count('search') }}{{ lang.t('search') }}</form>",
    "partials/languages/en.html": "{% macro t(key) %}{{ count('t') }}{{ {'search': 'Search', 'nav': 'Navigation'}[key] }}{% endmacro %}",
    "partials/languages/de.html": "{% macro t(key) %}{{ count('t') }}{{ {'search': 'Suche'}.get(key, '') }}{% endmacro %}",
    "partials/language.html": (
        '{% import "partials/languages/" ~ config.theme.language ~ ".html" as lang %}'
        '{% import "partials/languages/en.html" as fallback %}'
        "{% macro t(key) %}{{ lang.t(key) or fallback.t(key) or key }}{% endmacro %}"
    ),
    "main.html": (
        '{% import "partials/language.html" as lang with context %}'
        '{% include "partials/nav.html" %}|{% include "partials/search.html" %}|{{ lang.t("nav") }}'
    ),
}


def _env(templates: dict[str, str], counts: dict[str, int]) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.DictLoader(templates))

    def count(name: str) -> str:
        counts[name] = counts.get(name, 0) + 1
        return ""

    env.globals["count"] = count
    env.filters["folder"] = lambda url: url.rsplit("/", 2)[0] + "/"
    return env


def _render(env: jinja2.Environment, url: str, language: str = "en", nav_key: Any = None) -> str:
    page = {"url": url}
    config = {"theme": {"language": language}}
    return env.get_template("main.html").render(page=page, config=config, **{chrome.NAV_KEY: nav_key})


def test_each_part_is_rendered_once_and_the_pages_come_out_the_same() -> None:
    pages = [("methods/a/", "en"), ("methods/b/", "en"), ("compare/a-vs-b/", "en"), ("methods/a/", "de"), ("methods/b/", "de")]
    plain_counts: dict[str, int] = {}
    plain = _env(THEME, plain_counts)
    expected = [_render(plain, url, language) for url, language in pages]
    counts: dict[str, int] = {}
    env = _env(THEME, counts)
    frame = chrome.install(env, materials=lambda filename: True)
    found = [_render(env, url, language, chrome.nav_key(url, ["", "methods/", "compare/"])) for url, language in pages]
    assert found == expected
    assert expected[0] == "<nav>methods/</nav>|<form>Search</form>|Navigation"
    assert expected[3] == "<nav>methods/</nav>|<form>Suche</form>|Navigation"  # German falls back to English for "nav"
    assert counts["nav"] == 3  # once per language and folder: methods/ and compare/ in English, methods/ in German
    assert counts["search"] == 2  # once per language
    # A translation per language and key: "search" and "nav" in English, "search" and "nav" (with its fallback) in German.
    assert counts["t"] == 5 and plain_counts["t"] == 12
    assert (
        len(frame.rendered) == 9 and frame.repeated == 8
    )  # 3 parts a page (the search box looks up its word when it is rendered), less the 9 first times


def test_a_page_whose_folder_is_not_shared_is_rendered_in_full() -> None:
    counts: dict[str, int] = {}
    env = _env(THEME, counts)
    chrome.install(env, materials=lambda filename: True)
    for url in ("methods/a/", "methods/b/"):
        assert _render(env, url, nav_key=None).startswith("<nav>methods/</nav>")
    assert counts["nav"] == 2


def test_a_custom_override_is_rendered_for_every_page() -> None:
    """A ``custom_dir`` override of the navigation (not Material's own) might read more of the page than its folder; a
    search box that mentions the page likewise. Both are rendered every time; the translations are still looked up once."""
    counts: dict[str, int] = {}
    theme = {
        **THEME,
        "partials/nav.html": "<nav class='mine'>{{ count('nav') }}{{ page.url }}</nav>",
        "partials/search.html": "<form>{{ count('search') }}{{ page.url }}</form>",
    }
    env = _env(theme, counts)
    frame = chrome.install(env, materials=lambda filename: False)
    pages = [_render(env, url, nav_key="methods/") for url in ("methods/a/", "methods/b/")]
    assert pages == [
        "<nav class='mine'>methods/a/</nav>|<form>methods/a/</form>|Navigation",
        "<nav class='mine'>methods/b/</nav>|<form>methods/b/</form>|Navigation",
    ]
    assert counts["nav"] == 2 and counts["search"] == 2 and counts["t"] == 1
    assert [key[0] for key in frame.rendered] == ["t"]


def test_the_table_of_contents_is_shared_by_the_entries_material_shows() -> None:
    """Material shows a level-1 title's children only: pages whose sections are alike share their table of contents."""

    class Link:
        def __init__(self, title: str, anchor: str, level: int, children: list[Any] = ()) -> None:  # type: ignore[assignment]
            self.title, self.url, self.level, self.children = title, "#" + anchor, level, list(children)

    sections = [Link("Origin", "origin", 2), Link("Cite this", "cite-this", 2, [Link("Cite this entry", "cite-this-entry", 3)])]
    one = chrome.toc_key([Link("Service Blueprint", "service-blueprint", 1, sections)])
    other = chrome.toc_key([Link("Kano Model", "kano-model", 1, sections)])
    assert one == other == (("Origin", "#origin", ()), ("Cite this", "#cite-this", (("Cite this entry", "#cite-this-entry", ()),)))
    assert chrome.toc_key([Link("Origin", "origin", 2)]) == (("Origin", "#origin", ()),)  # no title: every entry
    assert chrome.toc_key([]) == ()
    typeset = Link("Origin", "origin", 2)
    typeset.typeset = {"title": "<em>Origin</em>"}  # type: ignore[attr-defined]
    assert chrome.toc_key([Link("T", "t", 1, [typeset])]) is None
    # Material's partial (in miniature: the children of a level-1 title) is rendered once for alike pages; a page whose
    # table of contents a plugin extended is rendered anew.
    counts: dict[str, int] = {}
    shown = "{{ count('toc') }}{% set first = page.toc | first %}{% for i in first.children %}{{ i.title }};{% endfor %}"
    env = _env({"partials/toc.html": shown}, counts)
    chrome.install(env, materials=lambda filename: True)
    template, config = env.get_template("partials/toc.html"), {"theme": {"language": "en"}}
    extended = [*sections, Link("Mentioned on", "mentioned-on", 2)]
    tocs = [[Link("Service Blueprint", "a", 1, sections)], [Link("Kano Model", "b", 1, sections)], [Link("Kano Model", "b", 1, extended)]]
    assert [template.render(page={"toc": toc}, config=config) for toc in tocs] == [
        "Origin;Cite this;",
        "Origin;Cite this;",
        "Origin;Cite this;Mentioned on;",
    ]
    assert counts["toc"] == 2
    # Another theme's partial (here it shows the title too) is rendered for every page.
    env = jinja2.Environment(loader=jinja2.DictLoader({"partials/toc.html": "{% for i in page.toc %}{{ i.title }}{% endfor %}"}))
    chrome.install(env)
    template = env.get_template("partials/toc.html")
    assert [template.render(page={"toc": toc}, config=config) for toc in tocs[:2]] == ["Service Blueprint", "Kano Model"]


def test_the_navigation_is_shared_by_a_folder_unless_it_links_into_the_page() -> None:
    nav = ["", "check/", "names/", "methods/", "compare/", "api/methods/"]
    assert chrome.nav_key("methods/service-blueprint/", nav) == "methods/"
    assert chrome.nav_key("compare/a-vs-b/", nav) == "compare/"
    assert chrome.nav_key("methods/", nav) is None  # in the navigation: its item is the active one
    assert chrome.nav_key("api/", nav) is None  # a page of the navigation lies below it
    assert chrome.nav_key("", nav) is None  # the home page
    assert chrome.nav_key("methods/a.html", ["index.html", "methods/index.html"]) == "methods/"  # without directory URLs
    assert chrome.nav_key("terms/x/", []) == "terms/"


def test_the_frame_templates_are_compiled_ahead_as_far_as_their_names_are_written_out() -> None:
    compiled: list[str] = []

    class Loader(jinja2.DictLoader):
        def get_source(self, environment: jinja2.Environment, template: str) -> Any:
            found = super().get_source(environment, template)
            return found[0], template, lambda: False  # its name for a file name; "changed on disk" each time it is asked

    env = _env(THEME, {})
    env.loader = Loader(THEME)
    env.auto_reload = False  # as MkDocs makes its environment
    original = env._compile

    def counted(source: str, filename: str) -> Any:
        compiled.append(filename)
        return original(source, filename)

    env._compile = counted  # type: ignore[method-assign]
    chrome.install(env, materials=lambda filename: True)
    # main, three wrappers, the three partials behind them, the English words they import, and the one that is missing
    assert chrome.compile_ahead(env, ["main.html", "missing.html"]) == 9
    assert "partials/languages/en.html" in compiled and "partials/languages/de.html" not in compiled  # named by an expression only
    before = len(compiled)
    _render(env, "methods/a/")
    _render(env, "methods/b/", "de")
    _render(env, "methods/c/", "de")
    assert compiled[before:] == ["partials/languages/de.html"]  # nothing compiled again


class _Page:
    def __init__(self, content: str, meta: dict[str, Any]) -> None:
        self.content, self.meta = content, meta


def test_material_search_passes_over_nothing_of_a_page_it_does_not_index_and_the_page_comes_out_the_same() -> None:
    html = '<h2 data-search-exclude>Cite</h2><p class="x" data-search-boost="2">A</p>\n<p\tdata-search-foo="y">B</p>'
    expected = chrome.SearchPass.MATERIAL_ATTRIBUTES.sub("", html) + "<h2>Mentioned on</h2>"
    assert expected == '<h2 data-search-exclude>Cite</h2><p class="x">A</p>\n<p>B</p><h2>Mentioned on</h2>'
    search_pass = chrome.SearchPass()
    page = _Page(html, {"search": {"exclude": True}})
    search_pass.hide(page)
    assert page.content == ""  # what Material's search plugin sees
    page.content += "<h2>Mentioned on</h2>"  # what the autolinker adds meanwhile
    search_pass.restore(page)
    assert page.content == expected


def test_a_page_the_search_plugin_indexes_keeps_its_html_throughout() -> None:
    search_pass = chrome.SearchPass()
    page = _Page("<p>A</p>", {})
    search_pass.hide(page)
    assert page.content == "<p>A</p>"
    search_pass.restore(page)
    assert page.content == "<p>A</p>"
    other = _Page("<p>B</p>", {"search": {"exclude": True}})
    search_pass.hide(other)
    search_pass.restore(page)  # not the page held: nothing changes
    assert (page.content, other.content) == ("<p>A</p>", "")


def test_the_pattern_is_materials_own() -> None:
    import inspect

    from material.plugins.search.plugin import SearchPlugin

    source = inspect.getsource(SearchPlugin.on_page_context)
    assert 'r"\\s?data-search-\\w+=\\"[^\\"]+\\""' in source  # as Material writes it
    assert chrome.SearchPass.MATERIAL_ATTRIBUTES.pattern == r'\s?data-search-\w+="[^"]+"'
    assert "exclude" in inspect.getsource(SearchPlugin.on_page_context.__globals__["SearchIndex"].add_entry_from_context)

    class Plugin:
        def __init__(self, enabled: bool) -> None:
            self.config = {"enabled": enabled}

    Plugin.__module__ = SearchPlugin.__module__
    assert chrome.SearchPass.applies(Plugin(True)) and not chrome.SearchPass.applies(object())
    assert not chrome.SearchPass.applies(Plugin(False))
