"""The built site in headless Chromium: search finds canonical entries, term URLs land, no third-party request, accessibility."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from conftest import FIXTURES, BuiltSite, build_site
from conftest import require_browser as _require_browser
from cxcanon import load_catalog
from cxcanon.catalog.terms import slugify

pytestmark = pytest.mark.browser


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class Served:
    """A built site served on 127.0.0.1, with every request the browser made."""

    site: BuiltSite
    base: str
    requests: list[str] = field(default_factory=list)


@functools.cache
def _serve(root: Path) -> str:
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/"


def _fixture_site(tmp_path_factory: pytest.TempPathFactory, catalog: str) -> BuiltSite:
    """A strict build over one fixture catalog (tests/fixtures/<catalog>), for the browser."""
    _require_browser()
    root = tmp_path_factory.mktemp(f"browser-{catalog}-site")
    result = build_site(FIXTURES / catalog, root)
    assert result.returncode == 0, result.stdout + result.stderr
    return BuiltSite(root, load_catalog(FIXTURES / catalog))


@pytest.fixture(scope="module")
def probe_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return _fixture_site(tmp_path_factory, "site")


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.requests = []
    tab.on("request", lambda request: tab.requests.append(request.url))
    tab.dialogs = []
    tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    yield tab
    context.close()


def search(page: Any, base: str, query: str) -> list[str]:
    """Enter a query into Material's search box at once; the result URLs, best first (site-relative)."""
    if not page.url.startswith(base):
        page.goto(base)
    page.click("label.md-search__icon, .md-search__input", timeout=5000)
    box = page.locator("input.md-search__input")
    # One input event per query, so the results shown belong to this query, not to a prefix typed earlier.
    box.fill("")
    box.press("End")  # Material reads the query on keyup
    page.wait_for_function(
        """() => {
            const meta = document.querySelector('.md-search-result__meta');
            return meta && /start searching|suchbegriff eingeben/i.test(meta.textContent) && !document.querySelector('.md-search-result__item');
        }""",
        timeout=10000,
    )
    box.fill(query)
    box.press("End")
    page.wait_for_function(
        """() => {
            const meta = document.querySelector('.md-search-result__meta');
            return meta && !/start searching|suchbegriff eingeben/i.test(meta.textContent);
        }""",
        timeout=10000,
    )
    hrefs: list[str] = page.eval_on_selector_all(".md-search-result__item > a.md-search-result__link", "links => links.map(a => a.href)")
    return [href.removeprefix(base).split("#")[0].split("?")[0] for href in hrefs]


def only_local(requests: list[str]) -> list[str]:
    return [url for url in requests if urlsplit(url).hostname not in ("127.0.0.1", None) and not url.startswith(("data:", "blob:"))]


# --- the probe fixture site ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Gammaleinwand", "methods/gamma-canvas/"),  # German alias
        ("Gamma-Leinwand", "methods/gamma-canvas/"),  # German name
        ("Customer Gamma Canvas", "methods/gamma-canvas/"),  # branded name
        ("Delta-Kennzahl", "methods/delta-score/"),
        ("GC", "terms/gc/"),  # ambiguous: the disambiguation page first
        ("Richard Roe", "researchers/roe-richard/"),
    ],
)
def test_search_puts_the_canonical_entry_first(page: Any, probe_site: BuiltSite, query: str, expected: str) -> None:
    base = _serve(probe_site.root)
    results = search(page, base, query)
    assert results and results[0] == expected, results
    assert not any(r.startswith("terms/") and r != "terms/gc/" for r in results)
    assert only_local(page.requests) == []


def test_injected_markup_does_not_run(page: Any, probe_site: BuiltSite) -> None:
    base = _serve(probe_site.root)
    page.goto(base + "methods/injection-probe/")
    search(page, base, "Probe")
    search(page, base, "img")
    page.goto(base + "terms/javascript-alert-1/")
    page.wait_for_url(lambda url: url.split("?")[0].endswith("/methods/injection-probe/"))  # a term URL passes ?from=
    assert page.dialogs == []


def test_term_url_lands_on_the_canonical_page(page: Any, probe_site: BuiltSite) -> None:
    base = _serve(probe_site.root)
    page.goto(base + "terms/customer-gamma-canvas/")
    page.wait_for_url(lambda url: url.split("?")[0] == base + "methods/gamma-canvas/")  # a term URL passes ?from=
    assert page.locator("h1").inner_text().startswith("Gamma Canvas")
    page.goto(base + "methods/old-gamma/")
    page.wait_for_url(lambda url: url.split("?")[0] == base + "methods/gamma-canvas/")  # a term URL passes ?from=
    assert only_local(page.requests) == []


def test_home_search_box_hands_the_query_to_search(page: Any, probe_site: BuiltSite) -> None:
    base = _serve(probe_site.root)
    page.goto(base)
    page.click("[data-cxcanon-search]")
    page.keyboard.type("Gammaleinwand")
    page.wait_for_function("document.getElementById('__search').checked")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    assert page.input_value("[data-md-component=search-query]") == "Gammaleinwand"
    page.wait_for_selector(".md-search-result__item")
    first = page.locator(".md-search-result__item a").first.get_attribute("href") or ""
    assert first.split("?")[0].endswith("methods/gamma-canvas/")


@pytest.mark.parametrize("url", ["", "methods/gamma-canvas/", "methods/delta-score/", "names/", "terms/gc/"])
def test_no_serious_accessibility_violations(page: Any, probe_site: BuiltSite, url: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    base = _serve(probe_site.root)
    page.goto(base + url)
    results = Axe().run(page)
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


def test_method_page_screenshot(page: Any, probe_site: BuiltSite, tmp_path_factory: pytest.TempPathFactory) -> None:
    """A full-page screenshot for people to look at (path printed); asserts the layout basics."""
    base = _serve(probe_site.root)
    page.goto(base + "methods/gamma-canvas/")
    shot = tmp_path_factory.mktemp("screenshots") / "gamma-canvas.png"
    page.screenshot(path=str(shot), full_page=True)
    print(f"screenshot: {shot}")
    assert shot.stat().st_size > 10_000
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1280, "the method page scrolls sideways"
    assert page.locator(".cxc-definition p[lang=de]").is_visible()


# --- the real shipped site ---------------------------------------------------------------------


def _search_cases(site: BuiltSite) -> list[tuple[str, str]]:
    """Every branded name and every German name or alias that names exactly one method."""
    cases: dict[str, str] = {}
    for entries in site.catalog.terms.values():
        ids = {e.method_id for e in entries}
        if len(ids) != 1:
            continue
        entry = entries[0]
        german = entry.kind == "name-de" or (entry.alias is not None and entry.alias.lang == "de")
        if entry.kind == "branded" or german:
            cases.setdefault(entry.term, entry.method_id)
    return sorted(cases.items())


def test_shipped_site_search_finds_branded_and_german_names(page: Any, built_site: BuiltSite) -> None:
    """Every branded and every German name finds its canonical method first (the best bet, then lunr)."""
    base = _serve(built_site.root)
    cases = _search_cases(built_site)
    misses = []
    for term, method_id in cases:
        results = search(page, base, term)
        if not results or results[0] != f"methods/{method_id}/":
            misses.append(f"{term!r}: expected methods/{method_id}/, got {results[:3]}")
    assert misses == [], "\n".join(misses)
    assert only_local(page.requests) == []


def test_shipped_site_term_urls_land(page: Any, built_site: BuiltSite) -> None:
    base = _serve(built_site.root)
    for term in ("Weiterempfehlungsrate", "Net Promoter System", "NPS"):
        if not built_site.catalog.resolve(term):
            continue
        page.goto(base + f"terms/{slugify(term)}/")
        page.wait_for_url(lambda url: url.split("?")[0] == base + "methods/net-promoter-score/")  # a term URL passes ?from=
    assert only_local(page.requests) == []


@pytest.mark.parametrize("url", ["", "methods/net-promoter-score/"])
def test_shipped_site_accessibility(page: Any, built_site: BuiltSite, url: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    base = _serve(built_site.root)
    page.goto(base + url)
    violations = [v["id"] for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    assert violations == []


# --- the German edition -----------------------------------------------------------------------------

GERMAN_QUERIES = [
    ("Kundenreise", "customer-journey"),
    ("Weiterempfehlungsrate", "net-promoter-score"),
    ("Servicequalität", "service-quality"),
    ("Beschwerdemanagement", "complaint-management"),
    ("Kundenlebenszyklus", "customer-lifecycle"),
    ("Kano-Modell", "kano-model"),
    ("Importance-Performance-Analyse", "importance-performance-analysis"),
    ("Technologieakzeptanzmodell", "technology-acceptance-model"),
]


def test_german_search_answers_german_practitioners_first_right(page: Any, built_site: BuiltSite) -> None:
    """On /de/, German words find the German page of the canonical entry first (German stemming, German best bets)."""
    base = _serve(built_site.root)
    german = base + "de/"
    page.goto(german)
    assert page.locator("html").get_attribute("lang") == "de"
    misses = []
    for query, method_id in GERMAN_QUERIES:
        if not built_site.catalog.resolve(query):
            misses.append(f"{query!r} is not a name in the catalog")
            continue
        results = search(page, german, query)
        if not results or results[0] != f"methods/{method_id}/":
            misses.append(f"{query!r}: expected methods/{method_id}/, got {results[:3]}")
    assert misses == [], "\n".join(misses)
    best = page.locator(".cxc-best-bet p").first.inner_text()
    assert "ist" in best or best == "Kanonischer Eintrag", best
    assert only_local(page.requests) == []


def test_language_switcher_keeps_the_reader_on_the_entry(page: Any, built_site: BuiltSite) -> None:
    base = _serve(built_site.root)
    page.goto(base + "methods/net-promoter-score/")
    page.locator(".md-select__link[hreflang=de]").first.dispatch_event("click")
    page.wait_for_url(base + "de/methods/net-promoter-score/")
    assert page.locator("html").get_attribute("lang") == "de"
    page.locator(".md-select__link[hreflang=en]").first.dispatch_event("click")
    page.wait_for_url(base + "methods/net-promoter-score/")


def test_a_to_z_filters_names_by_language(page: Any, built_site: BuiltSite) -> None:
    base = _serve(built_site.root)
    page.goto(base + "de/names/")
    rows = page.locator(".cxc-az li[data-lang]")
    total = rows.count()
    page.check("input[name=cxc-az-lang][value=de]")
    visible = page.locator(".cxc-az li[data-lang]:not([hidden])")
    assert 0 < visible.count() < total
    assert set(visible.evaluate_all("rows => rows.map(r => r.dataset.lang)")) == {"de"}
    page.check("input[name=cxc-az-lang][value=all]")
    assert page.locator(".cxc-az li[data-lang]:not([hidden])").count() == total


# --- the name checker ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def linking_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return _fixture_site(tmp_path_factory, "linking")


CHECKER_CASES = yaml.safe_load((FIXTURES / "checker_cases.yaml").read_text(encoding="utf-8"))
FIND = "async text => (await window.CXCanonChecker.load()).find(text).map(m => [m.text, m.kind, m.ids])"


def test_shared_cases_hold_for_the_pages_script(page: Any, linking_site: BuiltSite) -> None:
    """The same answers as the Python matcher (tests/test_checker.py runs the same file)."""
    base = _serve(linking_site.root)
    page.goto(base + "check/")
    wrong = []
    for case in CHECKER_CASES:
        found = page.evaluate(FIND, case["text"])
        if found != case["findings"]:
            wrong.append(f"{case['text']!r}: {found} != {case['findings']}")
    assert wrong == [], "\n".join(wrong)
    assert only_local(page.requests) == []


def test_checker_marks_lists_and_rewrites_a_text(page: Any, linking_site: BuiltSite) -> None:
    base = _serve(linking_site.root)
    page.goto(base + "check/")
    page.focus("#cxc-check-input")
    page.keyboard.type("Our Customer Value Proposition Canvas and a Service Map Chart; CJM is unclear.")
    page.wait_for_function("document.querySelectorAll('.cxc-check-marked mark').length === 3")
    kinds = page.eval_on_selector_all(".cxc-check-marked mark", "marks => marks.map(m => m.className)")
    assert kinds == ["cxc-mark cxc-mark--misnomer", "cxc-mark cxc-mark--former", "cxc-mark cxc-mark--ambiguous"]
    status = page.locator("[data-cxcanon-status]").inner_text()
    assert status == "2 methods named; 2 names to replace."
    assert page.locator(".cxc-finding--ambiguous li").count() >= 2  # the candidates of CJM
    canonical = page.input_value("#cxc-check-output")
    assert canonical == "Our Value Proposition Canvas and a Service Blueprint; CJM is unclear."
    page.check("[data-cxcanon-with-origin]")
    with_origin = page.input_value("#cxc-check-output")
    assert with_origin.startswith("Our Value Proposition Canvas (")
    assert only_local(page.requests) == []


def test_german_checker_speaks_german(page: Any, linking_site: BuiltSite) -> None:
    base = _serve(linking_site.root)
    page.goto(base + "de/check/")
    assert page.locator("html").get_attribute("lang") == "de"
    page.fill("#cxc-check-input", "Die TCJG Customer Value Proposition Canvas und die Kundenreise.")
    page.wait_for_function("document.querySelectorAll('.cxc-check-marked mark').length === 2")
    assert page.locator("[data-cxcanon-status]").inner_text() == "2 Methoden genannt; 1 Name zu ersetzen."
    listed = page.locator(".cxc-check-findings").text_content() or ""
    assert "„TCJG Customer Value Proposition Canvas“ Markenname" in listed and "Herkunft unbekannt" in listed


@pytest.mark.parametrize("width", [1280, 390])
def test_checker_is_accessible(browser: Any, linking_site: BuiltSite, width: int) -> None:
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    try:
        tab.goto(_serve(linking_site.root) + "check/")
        tab.fill("#cxc-check-input", "CJM and the Customer Value Proposition Canvas.")
        tab.wait_for_function("document.querySelectorAll('.cxc-check-marked mark').length === 2")
        violations = [
            f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}"
            for v in Axe().run(tab).response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert violations == []
    finally:
        context.close()


def test_best_bet_is_not_repeated_below_it(page: Any, built_site: BuiltSite) -> None:
    base = _serve(built_site.root)
    search(page, base, "Weiterempfehlungsrate")
    visible = page.eval_on_selector_all(
        ".md-search-result__item:not([hidden]) > a.md-search-result__link", "links => links.map(a => a.href.split('#')[0])"
    )
    assert visible and visible[0].endswith("methods/net-promoter-score/")
    assert visible.count(visible[0]) == 1
    assert "is a translation of" in page.locator(".cxc-best-bet p").first.inner_text()


def test_redirected_from_says_which_name_led_here(page: Any, built_site: BuiltSite) -> None:
    base = _serve(built_site.root)
    page.goto(base + "terms/kundenreise/")
    page.wait_for_url("**/methods/customer-journey/?from=Kundenreise")
    note = page.locator(".cxc-redirected")
    note.wait_for()
    assert note.inner_text() == "(Redirected from Kundenreise — a German name for this method)"
    page.goto(base + "de/terms/kundenreise/")
    page.wait_for_url("**/de/methods/customer-journey/?from=Kundenreise")
    page.locator(".cxc-redirected").wait_for()
    assert page.locator(".cxc-redirected").inner_text() == "(Weitergeleitet von Kundenreise — ein deutscher Name dieser Methode)"
    page.goto(base + "methods/customer-journey/")
    assert page.locator(".cxc-redirected").count() == 0


PAGE_TYPES = [
    "",
    "methods/net-promoter-score/",
    "researchers/reichheld-frederick/",
    "terms/cjm/",
    "names/",
    "methods/",
    "researchers/",
    "timeline/",
    "compare/",
    "compare/customer-effort-score-vs-customer-satisfaction-score-vs-net-promoter-score/",
    "check/",
    "contributing/",
    "de/",
    "de/methods/net-promoter-score/",
    "de/terms/cjm/",
]


@pytest.mark.parametrize("width", [1280, 390])
def test_every_page_type_is_accessible_with_the_search_open(browser: Any, built_site: BuiltSite, width: int) -> None:
    """axe-core: no serious or critical violation on any page type, desktop and mobile, search overlay open."""
    from axe_playwright_python.sync_playwright import Axe

    base = _serve(built_site.root)
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    found = []
    try:
        for url in PAGE_TYPES:
            tab.goto(base + url)
            found += [f"{url}: {v['id']} {[n['target'] for n in v['nodes']][:2]}" for v in _serious(Axe().run(tab))]
        tab.goto(base + "methods/net-promoter-score/")
        tab.evaluate("() => { const t = document.getElementById('__search'); t.checked = true; t.dispatchEvent(new Event('change')); }")
        box = tab.locator("input.md-search__input")
        box.fill("Kundenreise")
        box.press("End")
        tab.wait_for_selector(".md-search-result__item")
        # The results can arrive while the overlay still fades in; axe would read the colours half-way.
        tab.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
        found += [f"search overlay: {v['id']} {[n['target'] for n in v['nodes']][:2]}" for v in _serious(Axe().run(tab))]
    finally:
        context.close()
    assert found == [], "\n".join(found)


def _serious(results: Any) -> list[dict[str, Any]]:
    return [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def test_definitions_of_mentions_by_keyboard_and_touch(browser: Any, built_site: BuiltSite) -> None:
    base = _serve(built_site.root)
    # keyboard: focusing a mention shows its definition, without a hover
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    try:
        tab.goto(base)
        link = tab.locator("a.cxcanon-mention").first
        link.focus()
        popover = tab.locator(".cxc-popover").first
        assert popover.is_visible()
        assert popover.inner_text() == link.get_attribute("data-definition")
        link.blur()
        assert not popover.is_visible()
    finally:
        context.close()
    # touch: a button next to the mention opens the definition; the link itself still leads to the entry
    context = browser.new_context(viewport={"width": 390, "height": 900}, has_touch=True, is_mobile=True)
    tab = context.new_page()
    try:
        tab.goto(base)
        toggle = tab.locator("button.cxc-def-toggle").first
        toggle.tap()
        assert tab.locator(".cxc-popover:not([hidden])").count() == 1
        assert toggle.get_attribute("aria-expanded") == "true"
        assert tab.url == base
        href = tab.locator("a.cxcanon-mention").first.get_attribute("href")
        tab.locator("a.cxcanon-mention").first.tap()
        tab.wait_for_url(lambda url: url.split("?")[0].split("#")[0] == base + (href or ""))
    finally:
        context.close()


def test_method_page_landmarks_are_unique(page: Any, built_site: BuiltSite) -> None:
    """axe's moderate landmark-unique: Material's code-block navs each get their own name."""
    from axe_playwright_python.sync_playwright import Axe

    page.goto(_serve(built_site.root) + "methods/net-promoter-score/")
    page.wait_for_function("[...document.querySelectorAll('nav.md-code__nav')].every(n => n.getAttribute('aria-label'))")
    assert [v["id"] for v in Axe().run(page).response["violations"] if v["id"] == "landmark-unique"] == []
