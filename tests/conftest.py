"""Shared fixtures: tiny catalogs built from files next to the tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from cxcanon import Catalog, load_catalog, validate_catalog

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[1]
SCHEMAS = REPO / "methods" / "schema" / "api"
"""The JSON Schemas of the exports."""
SITE_URL = "https://cx-canon.example.org/"


@pytest.fixture(scope="session")
def export_catalog() -> Catalog:
    """tests/fixtures/export/: an article with DOI, a book with ISBN by an organisation, a chapter with editors, no source."""
    return load_catalog(FIXTURES / "export")


@pytest.fixture
def base_catalog(tmp_path: Path) -> Path:
    """A copy of the small valid fixture catalog (two methods, one researcher)."""
    target = tmp_path / "methods"
    shutil.copytree(FIXTURES / "base", target)
    return target


@pytest.fixture
def overlay(base_catalog: Path) -> Callable[[str], Path]:
    """Copy the files of one bad-input case onto the base catalog; returns the catalog folder."""

    def apply(case: str) -> Path:
        shutil.copytree(FIXTURES / "bad" / case, base_catalog, dirs_exist_ok=True)
        return base_catalog

    return apply


# --- real site builds (shared; each is built once per test session) -------------------


@dataclass(frozen=True)
class BuiltSite:
    """A site built into a temporary folder, with the catalog it was built from."""

    root: Path
    catalog: Catalog

    def page(self, url: str) -> str:
        """The HTML of a site-relative URL such as ``methods/nps/`` or ``terms/nps/``."""
        path = self.root / url
        if url.endswith("/") or not url:
            path = path / "index.html"
        return path.read_text(encoding="utf-8")

    def html_files(self) -> list[Path]:
        return sorted(self.root.rglob("*.html"))


def build_site(
    catalog_dir: Path, site_dir: Path, *, tool: str = "mkdocs", config: Path = REPO / "mkdocs.yml", args: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    """Run ``<tool> build --strict`` (and ``args``) of a configuration (the repository's mkdocs.yml) over a catalog folder (output captured)."""
    env = {**os.environ, "CXCANON_CATALOG": str(catalog_dir.resolve()), "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    exe = Path(sys.executable).with_name(tool)
    return subprocess.run(
        [str(exe), "build", "--strict", *args, "-f", str(config), "-d", str(site_dir)],
        cwd=config.parent,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _built(catalog_dir: Path, site_dir: Path) -> BuiltSite:
    catalog = load_catalog(catalog_dir)
    result = build_site(catalog_dir, site_dir)
    if result.returncode != 0:
        pytest.fail(f"strict build of {catalog_dir} failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    return BuiltSite(site_dir, catalog)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """A strict build of the real shipped site (catalog methods/), built once per session."""
    result = validate_catalog(REPO / "methods")
    if result.catalog is None:
        pytest.fail(f"the shipped catalog is invalid, so the site cannot be built:\n{result.report.render()}", pytrace=False)
    return _built(REPO / "methods", tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """A strict build over the small fixture catalog tests/fixtures/base/ (fast; once per session)."""
    return _built(FIXTURES / "base", tmp_path_factory.mktemp("fixture-site"))


@pytest.fixture(scope="session")
def export_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """A strict build over tests/fixtures/export/ (citations, SKOS, a renamed method; once per session)."""
    return _built(FIXTURES / "export", tmp_path_factory.mktemp("export-site"))


# --- the browser, shared by every browser test (Playwright allows one sync instance at a time) ---

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def require_tool(path: Path | None, what: str, install: str) -> Path:
    """The path of a tool some tests need; when it is missing they skip, or, with CXCANON_REQUIRE_BROWSER=1 as in CI, fail."""
    if path is not None and path.exists():
        return path
    if os.environ.get("CXCANON_REQUIRE_BROWSER") == "1":
        pytest.fail(f"CXCANON_REQUIRE_BROWSER=1 but {what} is missing ({install})", pytrace=False)
    pytest.skip(f"{what} is not installed ({install}); set CXCANON_REQUIRE_BROWSER=1 to fail instead")


def require_browser() -> None:
    """Skip (or, with CXCANON_REQUIRE_BROWSER=1 as in CI, fail) when Debian's Chromium is missing."""
    require_tool(CHROMIUM, str(CHROMIUM), "apt-get install chromium")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium driven by Playwright, launched once per test session."""
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
