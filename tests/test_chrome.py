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
    frame = chrome.install(env)
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
    chrome.install(env)
    for url in ("methods/a/", "methods/b/"):
        assert _render(env, url, nav_key=None).startswith("<nav>methods/</nav>")
    assert counts["nav"] == 2


def test_the_wrappers_render_the_themes_own_partial_even_an_override() -> None:
    """A ``custom_dir`` override of a wrapped partial is what the wrapper renders (the loader the theme had)."""
    counts: dict[str, int] = {}
    env = _env({**THEME, "partials/nav.html": "<nav class='mine'>{{ count('nav') }}{{ page.url | folder }}</nav>"}, counts)
    chrome.install(env)
    for url in ("methods/a/", "methods/b/"):
        assert _render(env, url, nav_key="methods/").startswith("<nav class='mine'>methods/</nav>")
    assert counts["nav"] == 1


def test_the_navigation_is_shared_by_a_folder_unless_it_links_into_the_page() -> None:
    nav = ["", "check/", "names/", "methods/", "compare/", "api/methods/"]
    assert chrome.nav_key("methods/service-blueprint/", nav) == "methods/"
    assert chrome.nav_key("compare/a-vs-b/", nav) == "compare/"
    assert chrome.nav_key("methods/", nav) is None  # in the navigation: its item is the active one
    assert chrome.nav_key("api/", nav) is None  # a page of the navigation lies below it
    assert chrome.nav_key("", nav) is None  # the home page
    assert chrome.nav_key("methods/a.html", ["index.html", "methods/index.html"]) == "methods/"  # without directory URLs
    assert chrome.nav_key("terms/x/", []) == "terms/"
