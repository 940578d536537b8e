"""Zensical as the second engine: the extension under Zensical's page context, and the shipped site built by both engines.

The shipped site is built with ``cxcanon generate --engine zensical`` and ``zensical build`` and compared
with the MkDocs build (the session's ``built_site``): every data file (``api/``, SKOS, citations,
``objects.inv``) byte-identical, every method page there, and the same mentions linked on a sample of pages.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import FIXTURES, REPO, BuiltSite
from cxcanon.catalog.cache import validated
from cxcanon.engines.zensical import ZENSICAL_VERSION, file_relative_links
from cxcanon.linking.markdown_ext import AutolinkExtension, shared_catalog, shared_matcher

LINKING = FIXTURES / "linking"
MENTION = re.compile(r'<a class="cxcanon-mention[^"]*"[^>]*?href="([^"]*)"[^>]*>(.*?)</a>', re.S)

try:
    import zensical
    from zensical.extensions.context import ContextExtension, Page
except ImportError:  # pragma: no cover - the test extra installs it
    zensical = None

needs_zensical = pytest.mark.skipif(
    zensical is None and not os.environ.get("CI"),
    reason=f"zensical is not installed (pip install zensical=={ZENSICAL_VERSION}, in the test extra); in CI this fails instead",
)


def _zensical_exe() -> str:
    if zensical is None:
        pytest.fail(f"CI=true but zensical is not installed: pip install -e '.[test]' installs zensical=={ZENSICAL_VERSION}")
    return str(Path(sys.executable).with_name("zensical"))


# --- the extension under Zensical's page context (Zensical's own context extension and Page) ------------------


def _render_in_zensical(text: str, url: str, path: str, meta: dict[str, object] | None = None) -> str:
    import markdown

    page = Page(url=url, path=path, meta=meta or {})
    context = ContextExtension(page=page, config={})
    return markdown.markdown(text, extensions=[context, AutolinkExtension(catalog=str(LINKING))])


@needs_zensical
@pytest.mark.parametrize(
    ("url", "path", "expected"),
    [
        pytest.param("guide/workshop/", "guide/workshop.md", "../methods/kano-model/", id="page-relative-to-its-file"),
        pytest.param("guide/", "guide/index.md", "../methods/kano-model/", id="index-page"),
        pytest.param("", "index.md", "methods/kano-model/", id="home"),
        pytest.param("methods/persona/", "methods/persona.md", "kano-model/", id="method-page"),
    ],
)
def test_links_are_relative_to_the_source_file_zensical_resolves_them_against(url: str, path: str, expected: str) -> None:
    _zensical_exe()
    html = _render_in_zensical("The Kano Model.", url, path)
    assert MENTION.findall(html) == [(expected, "Kano Model")]


@needs_zensical
def test_a_page_never_links_itself_under_zensical() -> None:
    _zensical_exe()
    html = _render_in_zensical("The Kano Model and a Persona.", "methods/kano-model/", "methods/kano-model.md")
    assert MENTION.findall(html) == [("persona/", "Persona")]


@needs_zensical
@pytest.mark.parametrize("value", [False, "false", "no", "off"])
def test_front_matter_opt_out_under_zensical(value: object) -> None:
    _zensical_exe()
    assert MENTION.findall(_render_in_zensical("The Kano Model.", "guide/", "guide/index.md", {"autolink": value})) == []


def test_without_a_page_context_links_stay_absolute() -> None:
    import markdown

    html = markdown.markdown("The Kano Model.", extensions=[AutolinkExtension(catalog=str(LINKING))])
    assert MENTION.findall(html) == [("/methods/kano-model/", "Kano Model")]


# --- the catalog and matcher are kept per process ---------------------------------------------------------------


def test_catalog_and_matcher_are_shared_until_a_file_changes(tmp_path: Path) -> None:
    root = tmp_path / "methods"
    shutil.copytree(LINKING, root)
    first, second = AutolinkExtension(catalog=str(root)), AutolinkExtension(catalog=root)
    assert first.catalog is second.catalog
    assert first.matcher is second.matcher is shared_matcher(first.catalog)
    changed = root / "persona.yaml"

    def touch() -> None:
        stat = changed.stat()
        os.utime(changed, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))

    touch()
    assert validated(root, max_age=60) == (validated(root, max_age=60)[0], False)  # within max_age: the files are not looked at
    assert validated(root)[1] is True  # looked at: changed, validated again
    assert validated(root)[1] is False  # and cached again
    assert shared_catalog(root) is not first.catalog
    assert AutolinkExtension(catalog=root).matcher is not first.matcher


def test_a_broken_catalog_is_an_error_with_every_problem() -> None:
    from cxcanon.catalog import CatalogError

    with pytest.raises(CatalogError) as raised:
        AutolinkExtension(catalog=str(FIXTURES / "bad" / "syntax"))
    assert raised.value.report.errors


# --- links in generated pages: relative to the URL for MkDocs, to the source file for Zensical --------------------


@pytest.mark.parametrize(
    ("path", "html", "expected"),
    [
        pytest.param("methods/a.md", '<a href="../b/">', '<a href="b/">', id="sibling-method"),
        pytest.param("methods/a.md", '<a href="../../terms/x/">', '<a href="../terms/x/">', id="other-section"),
        pytest.param("methods/a.md", '<a href="cite.json">', '<a href="a/cite.json">', id="file-beside-the-page"),
        pytest.param("methods/a.md", '<a href="./">', '<a href="a/">', id="the-page-itself"),
        pytest.param("methods/a.md", '<a href="../../#measurement">', '<a href="../#measurement">', id="fragment-kept"),
        pytest.param("methods/a.md", '<a href="https://doi.org/x">', '<a href="https://doi.org/x">', id="absolute"),
        pytest.param("methods/a.md", '<a href="#top">', '<a href="#top">', id="same-page-fragment"),
        pytest.param("methods/a.md", '<a href="mailto:x@y">', '<a href="mailto:x@y">', id="mailto"),
        pytest.param("methods/index.md", '<a href="b/">', '<a href="b/">', id="index-page-unchanged"),
    ],
)
def test_file_relative_links(path: str, html: str, expected: str) -> None:
    assert file_relative_links(path, html) == expected


def test_file_relative_links_without_directory_urls_change_nothing() -> None:
    assert file_relative_links("methods/a.md", '<a href="b.html">', directory_urls=False) == '<a href="b.html">'


# --- the shipped site, built by Zensical, against the MkDocs build -------------------------------------------------


@dataclass(frozen=True)
class ZensicalBuild:
    site: Path
    docs: Path
    german: Path
    """The German edition's site (its own project, OUTDIR/de/)."""


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> ZensicalBuild:
    exe = _zensical_exe()
    project = tmp_path_factory.mktemp("zensical") / "project"
    generate = subprocess.run(
        [sys.executable, "-m", "cxcanon", "generate", str(project), "--docs", "docs", "--engine", "zensical"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert generate.returncode == 0, generate.stderr
    for config in (project / "zensical.yml", project / "de" / "zensical.yml"):
        build = subprocess.run([exe, "build", "--clean", "-f", str(config)], capture_output=True, text=True, check=False)
        assert build.returncode == 0, build.stdout + build.stderr
        assert "Traceback" not in build.stdout + build.stderr
    shutil.copytree(project / "de" / "site", project / "site" / "de")  # as python3 scripts/dev.py zensical does
    return ZensicalBuild(project / "site", project / "docs", project / "site" / "de")


def _data_files(root: Path) -> list[str]:
    """The data files of a site: the API (with SKOS and JSON Schemas), the citation files and objects.inv."""
    found = [p.relative_to(root).as_posix() for p in (root / "api").rglob("*") if p.is_file() and p.suffix != ".html"]
    found += [p.relative_to(root).as_posix() for p in (root / "methods").glob("*/cite.*")]
    found.append("objects.inv")
    return sorted(found)


def _mentions(root: Path, url: str) -> list[tuple[str, str]]:
    """The mentions linked on a page: (site-relative target, text with its whitespace collapsed).

    The MkDocs build strips template indentation from every line, also inside a link whose text wraps
    (``customer\n  loyalty`` becomes ``customer\nloyalty``); the browser shows both alike.
    """
    html = (root / url / "index.html").read_text(encoding="utf-8")
    return [
        (urlsplit(urljoin("http://site/" + url, href)).path.lstrip("/"), " ".join(text.split())) for href, text in MENTION.findall(html)
    ]


@pytest.mark.build
@pytest.mark.zensical
@needs_zensical
def test_data_files_are_byte_identical_to_the_mkdocs_build(built_site: BuiltSite, zensical_site: ZensicalBuild) -> None:
    expected = _data_files(built_site.root)
    assert "api/v1/mentions.json" in expected and "api/v1/catalog.ttl" in expected and "api/v1/catalog.jsonld" in expected
    assert len([f for f in expected if "/cite." in f]) == 3 * len(built_site.catalog.methods)
    assert _data_files(zensical_site.site) == expected
    different = [f for f in expected if (zensical_site.site / f).read_bytes() != (built_site.root / f).read_bytes()]
    assert different == []


@pytest.mark.build
@pytest.mark.zensical
@needs_zensical
def test_every_method_page_exists(built_site: BuiltSite, zensical_site: ZensicalBuild) -> None:
    missing = [m for m in built_site.catalog.methods if not (zensical_site.site / "methods" / m / "index.html").is_file()]
    assert missing == []


@pytest.mark.build
@pytest.mark.zensical
@needs_zensical
def test_a_sample_of_pages_links_the_same_mentions(built_site: BuiltSite, zensical_site: ZensicalBuild) -> None:
    ids = sorted(built_site.catalog.methods)
    sample = ["", "contributing/", "names/", "methods/", "researchers/", "timeline/", "terms/cjm/"]
    sample += [f"methods/{method_id}/" for method_id in ids[:: max(1, len(ids) // 25)]]
    linked = 0
    for url in sample:
        expected = _mentions(built_site.root, url)
        assert _mentions(zensical_site.site, url) == expected, url
        assert all(target != url for target, _text in expected), f"{url} links itself"
        linked += len(expected)
    assert linked > 50


@pytest.mark.build
@pytest.mark.zensical
@needs_zensical
def test_zensical_pages_carry_what_the_mkdocs_plugins_add(built_site: BuiltSite, zensical_site: ZensicalBuild) -> None:
    page = (zensical_site.site / "methods" / "net-promoter-score" / "index.html").read_text(encoding="utf-8")
    # the edit button opens the YAML file; the search tags are hidden; the version is in the footer
    assert re.search(r'href="https://github.com/cx-canon/cx-canon/edit/main/methods/net-promoter-score.yaml"[^>]*rel="edit"', page)
    assert '<nav class="md-tags" hidden>' in page
    assert f"catalog version {built_site.catalog.version}" in page
    # "Mentioned on": the same pages as in the MkDocs build, with links that resolve
    ours = re.search(r'<ul class="cxcanon-mentioned-on">(.*?)</ul>', page, re.S)
    theirs = re.search(r'<ul class="cxcanon-mentioned-on">(.*?)</ul>', built_site.page("methods/net-promoter-score/"), re.S)
    assert ours and theirs and ours.group(1) == theirs.group(1)
    names = (zensical_site.site / "names" / "index.html").read_text(encoding="utf-8")
    assert 'rel="edit"' not in names  # generated index pages have no edit button


@pytest.mark.build
@pytest.mark.zensical
@needs_zensical
def test_links_in_the_zensical_site_resolve(zensical_site: ZensicalBuild) -> None:
    broken = []
    for path in sorted((zensical_site.site / "methods").glob("*/index.html"))[:60]:
        url = path.relative_to(zensical_site.site).as_posix()
        for href in re.findall(r'<a [^>]*href="([^"#][^"]*)"', path.read_text(encoding="utf-8")):
            if urlsplit(href).scheme or href.startswith("mailto:"):
                continue
            target = posixpath.normpath(urlsplit(urljoin("http://site/" + url, href)).path).lstrip("/")
            file = zensical_site.site / target
            if not (file.is_file() or (file / "index.html").is_file()):
                broken.append(f"{url}: {href}")
    assert broken == []


@pytest.mark.build
@pytest.mark.zensical
@needs_zensical
def test_the_german_edition_is_built_too(built_site: BuiltSite, zensical_site: ZensicalBuild) -> None:
    missing = [m for m in built_site.catalog.methods if not (zensical_site.german / "methods" / m / "index.html").is_file()]
    assert missing == []
    page = (zensical_site.german / "methods" / "net-promoter-score" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="de"' in page and "Katalogversion" in page
    mkdocs_german = built_site.root / "de" / "api" / "v1" / "mentions.json"
    assert (zensical_site.german / "api" / "v1" / "mentions.json").read_bytes() == mkdocs_german.read_bytes()
    for url in ("", "methods/net-promoter-score/", "methods/customer-journey-map/"):
        assert _mentions(zensical_site.german, url) == _mentions(built_site.root / "de", url), url


# --- what `cxcanon generate --engine zensical` writes (no Zensical needed) ----------------------------------------


def _generate(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cxcanon", "generate", *args], cwd=REPO, capture_output=True, text=True, check=False)


def test_generate_writes_a_zensical_project_per_edition(tmp_path: Path) -> None:
    import yaml

    out = tmp_path / "project"
    result = _generate(str(out), "--docs", "docs", "--engine", "zensical", "--catalog", str(FIXTURES / "site"))
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load((out / "zensical.yml").read_text(encoding="utf-8"))
    assert config["docs_dir"] == "docs" and config["site_dir"] == "site" and config["theme"]["custom_dir"] == "overrides"
    assert config["markdown_extensions"][-2]["cxcanon.markdown_ext"]["catalog"] == str((FIXTURES / "site").resolve())
    assert config["markdown_extensions"][-1] == {"cxcanon.engines.ready_markdown": {"store": str(out / "ready")}}
    assert not any(isinstance(p, (str, dict)) and ("cxcanon" in p) for p in config["plugins"])  # no MkDocs plugins left
    assert "catalog version" in config["copyright"]
    assert (out / "overrides" / "partials" / "actions.html").is_file() and (out / "overrides" / "partials" / "copyright.html").is_file()
    method = (out / "docs" / "methods" / "gamma-canvas.md").read_text(encoding="utf-8")
    assert method.startswith(
        '---\nhide: ["tags"]\nedit_url: "https://github.com/cx-canon/cx-canon/edit/main/tests/fixtures/site/gamma-canvas.yaml"\n'
    )
    assert (out / "docs" / "names" / "index.md").read_text(encoding="utf-8").startswith('---\nhide: ["tags"]\nedit_url: ""\n')
    # The HTML blocks wait beside the docs, so Zensical's link scan of the sources never reads them.
    assert "CXCANONREADY0Z" in method and "<div" not in method.split("\n---\n", 1)[1]
    blocks = json.loads((out / "ready" / "methods" / "gamma-canvas.md.json").read_text(encoding="utf-8"))
    assert blocks and all(block.startswith("<") for block in blocks)
    assert (out / "docs" / "api" / "v1" / "mentions.json").is_file()
    german = yaml.safe_load((out / "de" / "zensical.yml").read_text(encoding="utf-8"))
    assert german["theme"]["language"] == "de" and german["markdown_extensions"][-2]["cxcanon.markdown_ext"]["lang"] == "de"
    assert (out / "de" / "docs" / "methods" / "gamma-canvas.md").is_file()
    assert german["markdown_extensions"][-1] == {"cxcanon.engines.ready_markdown": {"store": str(out / "de" / "ready")}}
    assert (out / "de" / "ready" / "methods" / "gamma-canvas.md.json").is_file()


def test_generate_reports_a_missing_edition_configuration(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: X\nplugins:\n  - cxcanon:\n      editions: {de: missing.yml}\n", encoding="utf-8")
    result = _generate(str(tmp_path / "out"), "--engine", "zensical", "--catalog", str(FIXTURES / "site"), "--config", str(config))
    assert result.returncode == 1
    assert "missing.yml does not exist" in result.stderr and "Traceback" not in result.stderr
