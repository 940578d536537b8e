"""Real builds: the plugin inside MkDocs and ProperDocs, the shipped site, privacy and link integrity."""

from __future__ import annotations

import html
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import FIXTURES, REPO, BuiltSite, build_site
from cxcanon import load_catalog
from cxcanon.catalog.terms import slugify

pytestmark = pytest.mark.build

SITE_HOST = "cx-canon.example.org"
RESOURCE_ATTRS = {("script", "src"), ("link", "href"), ("img", "src"), ("img", "srcset"), ("source", "src"), ("source", "srcset"),
                  ("iframe", "src"), ("video", "src"), ("video", "poster"), ("audio", "src"), ("embed", "src"), ("object", "data"),
                  ("input", "src"), ("track", "src")}  # fmt: skip
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])(https?:)?//([^/'")\s]+)""", re.IGNORECASE)


class Elements(HTMLParser):
    """Every start tag of a document with its attributes, and the text of inline scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[str] = []
        self.data_scripts: list[str] = []
        """JSON-LD blocks: data for search engines, never run."""
        self._in_script = False
        self._in_data = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in_data = tag == "script" and ("type", "application/ld+json") in attrs
        self._in_script = tag == "script" and not self._in_data

    def handle_endtag(self, tag: str) -> None:
        self._in_script = self._in_data = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)
        elif self._in_data:
            self.data_scripts.append(data)


def elements(path: Path) -> Elements:
    parser = Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def external_resources(root: Path) -> Iterator[str]:
    """Resource URLs (scripts, styles, images, fonts, frames) that point at another host."""
    for path in sorted(root.rglob("*")):
        if path.suffix == ".html":
            for tag, attrs in elements(path).tags:
                rel = attrs.get("rel", "")
                for name, value in attrs.items():
                    is_resource = (tag, name) in RESOURCE_ATTRS and not (tag == "link" and rel in ("canonical", "alternate"))
                    if is_resource or name == "style":
                        for url in re.split(r",\s*", value) if name.endswith("srcset") else [value]:
                            host = urlsplit(url.strip().split(" ")[0]).netloc
                            if host and host != SITE_HOST:
                                yield f"{path.relative_to(root)}: <{tag} {name}={url}>"
                    if name == "style":
                        for match in CSS_URL.finditer(value):
                            yield f"{path.relative_to(root)}: style {match.group(0)}"
        elif path.suffix == ".css":
            for match in CSS_URL.finditer(path.read_text(encoding="utf-8", errors="replace")):
                if match.group(2) != SITE_HOST:
                    yield f"{path.relative_to(root)}: {match.group(0)}"


def broken_links(root: Path) -> Iterator[str]:
    """Relative links and resources in HTML files that point at no file of the site."""
    for path in root.rglob("*.html"):
        page_url = path.relative_to(root).as_posix()
        for tag, attrs in elements(path).tags:
            for name in ("href", "src"):
                value = attrs.get(name)
                if not value or value.startswith(("#", "mailto:")) or urlsplit(value).scheme:
                    continue
                target = urlsplit(urljoin("http://site/" + page_url, value)).path.lstrip("/")
                file = root / target
                if not (file.is_file() or (file / "index.html").is_file()):
                    yield f"{page_url}: <{tag} {name}={value}>"


@pytest.fixture(scope="module")
def probe_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """A strict build over tests/fixtures/site: all statuses, an ambiguous term, injected markup."""
    root = tmp_path_factory.mktemp("probe-site")
    result = build_site(FIXTURES / "site", root)
    assert result.returncode == 0, result.stdout + result.stderr
    return BuiltSite(root, load_catalog(FIXTURES / "site"))


# --- the plugin in a build ------------------------------------------------------------------------


def test_fixture_build_has_every_generated_page(fixture_site: BuiltSite) -> None:
    for method_id in fixture_site.catalog.methods:
        assert "<h1" in fixture_site.page(f"methods/{method_id}/")
    for url in ("names/", "methods/", "researchers/", "timeline/", "researchers/doe-jane/", "terms/shared-alias/"):
        assert fixture_site.page(url)
    assert json.loads(fixture_site.page("api/v1/methods.json"))["methods"][0]["id"] == "alpha-method"
    assert not (REPO / "docs" / "methods").exists(), "generated pages must stay in memory, never in docs/"


def test_home_page_shows_counts_and_search(fixture_site: BuiltSite) -> None:
    home = fixture_site.page("")
    assert "<strong>2</strong> <span>methods</span>" in home
    assert "data-cxcanon-search" in home
    assert "cxcanon:counts" not in home


def test_theme_edit_button_opens_the_yaml_file(fixture_site: BuiltSite) -> None:
    page = fixture_site.page("methods/alpha-method/")
    assert 'href="https://github.com/cx-canon/cx-canon/edit/main/tests/fixtures/base/alpha-method.yaml"' in page
    assert "docs/methods/alpha-method.md" not in page


def test_sidebar_does_not_list_methods(probe_site: BuiltSite) -> None:
    page = probe_site.page("methods/gamma-canvas/")
    nav = page[page.index('<nav class="md-nav md-nav--primary"') : page.index("</nav>", page.index('<nav class="md-nav md-nav--primary"'))]
    for method_id in probe_site.catalog.methods:
        assert f"methods/{method_id}/" not in nav


def test_redirect_pages_are_tiny_and_out_of_search(probe_site: BuiltSite) -> None:
    redirect = probe_site.page("terms/customer-gamma-canvas/")
    assert len(redirect) < 1000 and "md-header" not in redirect
    index = json.loads(probe_site.page("search/search_index.json"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert not any(loc.startswith("terms/") and loc != "terms/gc/" for loc in locations)
    assert not {"names/", "methods/", "timeline/", "researchers/"} & locations
    gamma = next(doc for doc in index["docs"] if doc["location"] == "methods/gamma-canvas/")
    assert {"Gamma-Leinwand", "Customer Gamma Canvas", "GC"} <= set(gamma["tags"])
    assert gamma["boost"] == 2


def test_injected_markup_is_inert_in_the_built_site(probe_site: BuiltSite) -> None:
    for path in probe_site.html_files():
        found = elements(path)
        for script in found.scripts:
            assert "alert(" not in script, path
        for data in found.data_scripts:
            json.loads(data)  # well-formed JSON: the payload never closed its element early
        for tag, attrs in found.tags:
            assert not any(name.startswith("on") for name in attrs), f"{path}: <{tag} {attrs}>"
            assert not attrs.get("href", "").lower().startswith("javascript:"), f"{path}: {attrs}"
            if tag == "img":
                assert "alert" not in json.dumps(attrs), path
    index = probe_site.page("search/search_index.json")
    assert "<script>" not in index and "<img" not in index


def test_no_external_resources_in_fixture_site(probe_site: BuiltSite) -> None:
    assert list(external_resources(probe_site.root)) == []
    assert 'data-md-component="source"' not in probe_site.page("")  # would fetch api.github.com


def test_scanner_finds_external_resources(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
        '<link rel="canonical" href="https://elsewhere.example/">'
        '<script src="//cdn.example.com/x.js"></script><img srcset="a.png 1x, https://cdn.example/b.png 2x">'
        '<a href="https://example.org/">a plain link is fine</a>',
        encoding="utf-8",
    )
    (tmp_path / "a.css").write_text("@import 'https://fonts.example/x.css'; body{background:url(/local.png)}", encoding="utf-8")
    found = list(external_resources(tmp_path))
    assert len(found) == 4, found


def test_internal_links_resolve(probe_site: BuiltSite) -> None:
    assert list(broken_links(probe_site.root)) == []


def test_catalog_error_fails_the_build_with_precise_messages(overlay: Callable[[str], Path], tmp_path: Path) -> None:
    catalog = overlay("unknown-related")
    result = build_site(catalog, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    assert re.search(
        r"unknown-related\.yaml:15:9: related\[0\]\.id: unknown method 'alpha-methd' — did you mean 'alpha-method'\?", output
    ), output


def test_properdocs_builds_strict(tmp_path: Path) -> None:
    result = build_site(FIXTURES / "site", tmp_path / "site", tool="properdocs")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "site" / "methods" / "gamma-canvas" / "index.html").is_file()
    assert (tmp_path / "site" / "terms" / "gc" / "index.html").is_file()


def test_generate_writes_the_same_pages(tmp_path: Path) -> None:
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "cxcanon", "generate", str(out), "--catalog", str(FIXTURES / "site"), "--docs", str(REPO / "docs")]
    result = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert (out / "methods" / "gamma-canvas.md").read_text(encoding="utf-8").startswith("---\ntitle: ")
    assert (out / "terms" / "customer-gamma-canvas" / "index.html").is_file()
    assert "<strong>4</strong> <span>methods</span>" in (out / "index.md").read_text(encoding="utf-8")
    again = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=False)
    assert again.returncode == 2 and "not empty" in again.stderr
    bad = subprocess.run(
        [*cmd[:4], str(tmp_path / "other"), "--catalog", str(FIXTURES / "bad" / "syntax")],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 1 and "Traceback" not in bad.stderr


# --- the real shipped site -------------------------------------------------------------------------


def test_one_page_per_method_file(built_site: BuiltSite) -> None:
    ids = sorted(p.stem for p in (REPO / "methods").glob("*.yaml") if p.name not in ("catalog.yaml", "categories.yaml"))
    assert ids == sorted(built_site.catalog.methods)
    for method_id in ids:
        page = built_site.page(f"methods/{method_id}/")
        method = built_site.catalog.methods[method_id]
        assert "Edit this entry" in page and "Report a problem" in page, method_id
        assert method.definition["de"][:40] in html.unescape(page), method_id


def test_term_page_for_every_name(built_site: BuiltSite) -> None:
    for entries in built_site.catalog.terms.values():
        slug = slugify(entries[0].term)
        ids = {e.method_id for e in entries}
        page = built_site.page(f"terms/{slug}/")
        for method_id in ids:
            assert f"methods/{method_id}/" in page, (entries[0].term, method_id)
        if len(ids) == 1:
            assert 'http-equiv="refresh"' in page and 'rel="canonical"' in page
        else:
            assert "names more than one method" in page


def test_a_to_z_is_complete(built_site: BuiltSite) -> None:
    lines = built_site.page("names/").splitlines()
    for entries in built_site.catalog.terms.values():
        for entry in entries:
            shown = html.escape(entry.term, quote=True)
            link = f"methods/{entry.method_id}/"
            assert any(shown + "</" in line and link in line for line in lines), entry.term


def test_no_external_resources_in_shipped_site(built_site: BuiltSite) -> None:
    assert list(external_resources(built_site.root)) == []


def test_shipped_site_links_resolve(built_site: BuiltSite) -> None:
    assert list(broken_links(built_site.root)) == []


def test_shipped_api(built_site: BuiltSite) -> None:
    methods = json.loads(built_site.page("api/v1/methods.json"))
    terms = json.loads(built_site.page("api/v1/terms.json"))
    assert len(methods["methods"]) == len(built_site.catalog)
    assert set(terms["terms"]) == set(built_site.catalog.terms)


def test_references_from_the_worker_are_filled_in(built_site: BuiltSite) -> None:
    """The shipped catalog has enough references for the worker process: every token is replaced."""
    leftovers = [
        path.relative_to(built_site.root).as_posix()
        for path in built_site.root.rglob("*")
        if path.suffix in (".html", ".json", ".jsonld", ".ttl") and "CXCANONAPA" in path.read_text(encoding="utf-8")
    ]
    assert leftovers == []
    for method in built_site.catalog.methods.values():
        html = built_site.page(f"methods/{method.id}/")
        entry = html.split('data-cxcanon-cite="entry-apa"', 1)[1].split("</code>", 1)[0]
        assert "CX Canon contributors" in entry and "<i>" in entry, method.id
    turtle = (built_site.root / "api" / "v1" / "catalog.ttl").read_text(encoding="utf-8")
    assert turtle.count("a skos:ConceptScheme") == 1
    assert turtle.count("a skos:Concept") - 1 == len(built_site.catalog.methods)


# --- the German edition, built by the same command -------------------------------------------------


def _switcher(page: str) -> dict[str, str]:
    """The language switcher's entries of a page: hreflang → href."""
    return dict((lang, href) for href, lang in re.findall(r'<a href="([^"]*)" hreflang="([a-z]+)" class="md-select__link">', page))


def test_every_method_has_a_german_page(built_site: BuiltSite) -> None:
    for method in built_site.catalog.methods.values():
        page = built_site.page(f"de/methods/{method.id}/")
        assert '<html lang="de"' in page, method.id
        assert 'id="herkunft">Herkunft' in page and 'id="zitieren">Zitieren' in page, method.id
        title = html.escape(method.name_de or method.name, quote=False)
        assert "<h1" in page and title in page.split("</h1>", 1)[0], method.id
        assert _switcher(page) == {"en": f"/methods/{method.id}/", "de": f"/de/methods/{method.id}/"}, method.id
    english = built_site.page("methods/net-promoter-score/")
    assert _switcher(english) == {"en": "/methods/net-promoter-score/", "de": "/de/methods/net-promoter-score/"}
    assert '<link rel="alternate" href="/de/methods/net-promoter-score/" hreflang="de">' in english


def test_german_indexes_terms_and_search(built_site: BuiltSite) -> None:
    for url, heading in (
        ("de/names/", "Alle Namen A–Z"),
        ("de/methods/", "Methoden nach Kategorie"),
        ("de/researchers/", "Methoden nach Urheber"),
        ("de/timeline/", "Zeitleiste"),
    ):
        page = built_site.page(url)
        assert '<html lang="de"' in page and heading in page, url
    german_names = [e for entries in built_site.catalog.terms.values() for e in entries if e.kind == "name-de"]
    assert german_names
    for entry in german_names[:20]:
        assert f"methods/{entry.method_id}/" in built_site.page(f"de/terms/{slugify(entry.term)}/")
    index = json.loads((built_site.root / "de" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["de"]
    assert not (built_site.root / "de" / "api" / "v1" / "methods.json").exists(), "the data files are published once"
    assert built_site.page("de/").count('class="md-select__link"') == 2


def test_german_mentions_link_german_pages_with_german_tooltips(built_site: BuiltSite) -> None:
    home = built_site.page("de/")
    links = re.findall(r'<a class="cxcanon-mention[^"]*"[^>]*? href="([^"]*)" title="([^"]*)"', home)
    assert links, "the German home page mentions methods"
    assert all(href.startswith(("methods/", "terms/")) for href, _ in links), links  # inside the German edition
    assert any(title.startswith("„") or " ist " in title for _, title in links), links


def test_the_german_edition_can_be_switched_off(tmp_path: Path) -> None:
    """CXCANON_DE_EDITION=off builds the English edition only (benchmarks compare the two)."""
    env = {**os.environ, "CXCANON_CATALOG": str(FIXTURES / "base"), "CXCANON_DE_EDITION": "off", "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [str(Path(sys.executable).with_name("mkdocs")), "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "site" / "methods" / "alpha-method" / "index.html").is_file()
    assert not (tmp_path / "site" / "de").exists()


def _project(tmp_path: Path, main: str, german: str) -> tuple[subprocess.CompletedProcess[str], Path]:
    """Build a copy of the repository's site configuration (edited) over the base fixture catalog."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("docs", "overrides", "plugins"):
        (project / name).symlink_to(REPO / name)
    (project / "mkdocs.yml").write_text(main, encoding="utf-8")
    (project / "mkdocs.de.yml").write_text(german, encoding="utf-8")
    site = tmp_path / "site"
    return build_site(FIXTURES / "base", site, config=project / "mkdocs.yml"), site


def test_editions_one_after_the_other_give_the_same_site(tmp_path: Path, fixture_site: BuiltSite) -> None:
    """``parallel_editions: false`` (and ``serve``) build the German edition after the English one: the same pages."""
    main = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "        de: !ENV [CXCANON_DE_EDITION, mkdocs.de.yml]\n" in main
    main = main.replace(
        "        de: !ENV [CXCANON_DE_EDITION, mkdocs.de.yml]\n", "        de: mkdocs.de.yml\n      parallel_editions: false\n"
    )
    done, site = _project(tmp_path, main, (REPO / "mkdocs.de.yml").read_text(encoding="utf-8"))
    assert done.returncode == 0, done.stdout + done.stderr
    german = sorted(p.relative_to(site).as_posix() for p in (site / "de").rglob("*") if p.is_file())
    assert german == sorted(p.relative_to(fixture_site.root).as_posix() for p in (fixture_site.root / "de").rglob("*") if p.is_file())
    for page in ("de/index.html", "de/names/index.html", "de/search/search_index.json"):
        assert (site / page).read_bytes() == (fixture_site.root / page).read_bytes(), page


@pytest.mark.skipif(
    (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods(), reason="no core to share pages with"
)
def test_pages_shared_with_a_helper_process_give_the_same_site(tmp_path: Path) -> None:
    """Each edition, built one after the other, shares its generated pages' Markdown and templates with a helper; the editions
    built side by side share what cores are left: the same files as without any sharing. The frame parts rendered once
    (`chrome`) and the one Markdown converter (`converter`) are in both shared builds; the build that shares nothing
    renders every page's frame in full, with a converter for each page."""
    main = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    line = "        de: !ENV [CXCANON_DE_EDITION, mkdocs.de.yml]\n"
    assert line in main
    project = tmp_path / "project"
    project.mkdir()
    for name in ("docs", "overrides", "plugins"):
        (project / name).symlink_to(REPO / name)
    shutil.copy(REPO / "mkdocs.de.yml", project / "mkdocs.de.yml")  # INHERITs the project's mkdocs.yml
    sites = {}
    for parallel in (True, False):
        options = f"        de: mkdocs.de.yml\n      parallel_editions: false\n      parallel_pages: {str(parallel).lower()}\n"
        options += f"      frame_once: {str(parallel).lower()}\n      one_converter: {str(parallel).lower()}\n"
        (project / "mkdocs.yml").write_text(main.replace(line, options), encoding="utf-8")
        sites[parallel] = tmp_path / f"site-{parallel}"
        done = build_site(REPO / "methods", sites[parallel], config=project / "mkdocs.yml", args=("--verbose",))
        assert done.returncode == 0, done.stdout + done.stderr
        rendered = done.stderr.count("generated pages is rendered in a helper process")
        written = done.stderr.count("written by a helper process")
        assert (rendered, written) == ((2, 2) if parallel else (0, 0)), done.stderr[-2000:]  # in each edition
        framed = re.findall(r"parts of the page frame rendered once and repeated (\d+) times", done.stderr)
        assert (len(framed) == 2 and min(int(n) for n in framed) > 170) if parallel else framed == [], framed
    found = {p.relative_to(sites[True]).as_posix(): p for p in sites[True].rglob("*") if p.is_file()}
    alone = {p.relative_to(sites[False]).as_posix(): p for p in sites[False].rglob("*") if p.is_file()}
    assert sorted(found) == sorted(alone)
    assert len([p for p in found if p.startswith("methods/")]) > 4 * 170  # every method's page and citation files
    assert len([p for p in found if p.startswith("de/methods/")]) > 170
    differ = [path for path in sorted(found) if found[path].read_bytes() != alone[path].read_bytes()]
    assert differ == []
    assert not [p.name for p in sites[True].rglob(".*")]  # no data folder or edition folder left behind
    # The editions side by side (the default): the main edition still hands its entries' files to a helper.
    (project / "mkdocs.yml").write_text(main.replace(line, "        de: mkdocs.de.yml\n"), encoding="utf-8")
    beside = tmp_path / "site-beside"
    done = build_site(REPO / "methods", beside, config=project / "mkdocs.yml", args=("--verbose",))
    assert done.returncode == 0, done.stdout + done.stderr
    helped = done.stderr.count("are put into the site by a helper process") + done.stderr.count("written by a helper process")
    assert helped >= 1, done.stderr[-2000:]
    built = {p.relative_to(beside).as_posix(): p for p in beside.rglob("*") if p.is_file()}
    assert sorted(built) == sorted(alone)
    assert [path for path in sorted(built) if built[path].read_bytes() != alone[path].read_bytes()] == []


_FROZEN_DURING_A_BUILD = """
import gc, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
import cxcanon.engines.mkdocs_plugin as plugin

counts = []
real_freeze = gc.freeze
gc.freeze = lambda: (real_freeze(), counts.append(gc.get_freeze_count()))
if sys.argv[3] == "fail":  # a page fails after the catalog is loaded: MkDocs' on_build_error
    def failing(markdown): raise RuntimeError("a page failed")
    plugin.split = failing
config = load_config(config_file=sys.argv[1], site_dir=sys.argv[2])
try:
    build(config)
except Exception as error:
    print("failed:", error)
print(counts[0] > 10_000, gc.get_freeze_count())
"""


@pytest.mark.parametrize("outcome", ["built", "fail"])
def test_what_lasts_is_frozen_during_a_build_and_nothing_after_it(tmp_path: Path, outcome: str) -> None:
    """The modules, configuration and catalog stay out of the collector's full walks while a build runs (`_freeze_what_lasts`);
    after it, built or failed, nothing is frozen (``serve`` builds again in the same process)."""
    env = {**os.environ, "CXCANON_CATALOG": str(FIXTURES / "base"), "CXCANON_DE_EDITION": "off", "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-c", _FROZEN_DURING_A_BUILD, str(REPO / "mkdocs.yml"), str(tmp_path / "site"), outcome],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.strip().splitlines()
    assert lines[-1] == "True 0", done.stdout + done.stderr[-2000:]
    assert ("failed: a page failed" in lines) is (outcome == "fail")


def test_a_failing_edition_fails_the_build_with_a_message(tmp_path: Path) -> None:
    """The German edition builds in a worker process; its failure still fails the build, in words, with no folder left."""
    german = (REPO / "mkdocs.de.yml").read_text(encoding="utf-8").replace("  - Mitwirken: contributing.md", "  - Fehlt: fehlt.md")
    done, site = _project(tmp_path, (REPO / "mkdocs.yml").read_text(encoding="utf-8"), german)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "fehlt.md" in done.stderr and "the de edition failed to build" in done.stderr
    assert "Traceback" not in done.stderr
    assert (site / "index.html").is_file() and not (site / "de").exists()
    assert [p.name for p in site.iterdir() if p.name.startswith(".")] == []


def test_german_pages_of_the_fixture_build(fixture_site: BuiltSite) -> None:
    page = fixture_site.page("de/methods/alpha-method/")
    assert '<html lang="de"' in page and "Herkunft" in page
    assert fixture_site.page("de/").count("Nachschlagen") >= 1
    assert _switcher(fixture_site.page("de/contributing/")) == {"en": "/contributing/", "de": "/de/contributing/"}
    assert _switcher(fixture_site.page("reference/")) == {"en": "/reference/", "de": "/de/"}  # no German page: its home


def test_no_page_links_an_unpublishable_host(built_site: BuiltSite) -> None:
    """Neither edition links a document dump, piracy mirror, essay mill, paste site or bare IP address."""
    from cxcanon.catalog.sources import unpublishable

    found = {
        f"{path.relative_to(built_site.root)}: {url}"
        for path in built_site.html_files()
        for url in re.findall(r'href="(https?://[^"]+)"', path.read_text(encoding="utf-8"))
        if unpublishable(html.unescape(url))
    }
    assert sorted(found) == []


def test_shipped_hatnotes_and_comparisons(built_site: BuiltSite) -> None:
    cjm = built_site.page("methods/customer-journey-map/")
    top = cjm.split('class="cxc-definition"', 1)[0]
    assert "also means" in top and "Customer Journey Management</a>" in top
    trio = built_site.page("compare/customer-effort-score-vs-customer-satisfaction-score-vs-net-promoter-score/")
    assert trio.split("<thead>", 1)[1].split("</thead>", 1)[0].count('scope="col"') == 3
    assert (
        built_site.page("de/compare/customer-effort-score-vs-customer-satisfaction-score-vs-net-promoter-score/").count("im Vergleich") >= 1
    )


def test_developer_pages_stay_out_of_the_practitioners_search(built_site: BuiltSite) -> None:
    index = json.loads((built_site.root / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert not [loc for loc in locations if loc.startswith(("api/", "reference/"))]
    assert "methods/net-promoter-score/" in locations
    assert "For developers" in built_site.page("")


def test_mentioned_on_lists_content_pages_and_is_in_the_toc(built_site: BuiltSite) -> None:
    pages = [p for p in built_site.root.glob("methods/*/index.html") if 'id="mentioned-on"' in p.read_text(encoding="utf-8")]
    assert pages
    for path in pages:
        page = path.read_text(encoding="utf-8")
        section = page.split('id="mentioned-on"', 1)[1].split("</ul>", 1)[0]
        assert "contributing/" not in section, path
        assert 'href="#mentioned-on"' in page, path  # listed in the table of contents


def test_german_pages_are_german_down_to_the_footer(built_site: BuiltSite) -> None:
    page = built_site.page("de/methods/net-promoter-score/")
    footer = page.split('<footer class="md-footer">', 1)[1]
    assert "Erstellt mit" in footer and "Made with" not in footer
    assert "Katalogversion" in footer and "catalog version" not in footer
    assert "Made with" in built_site.page("methods/net-promoter-score/").split('<footer class="md-footer">', 1)[1]
