"""A real strict build of a small site with `cxcanon-autolink`: links, tooltips, opt-outs, mentions.json, the build log."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

LINKING = Path(__file__).parent / "fixtures" / "linking"

CONFIG = f"""\
site_name: Autolink fixture
site_url: https://example.org/docs/
theme:
  name: material
  font: false
  features: [content.tooltips]
plugins:
  - cxcanon:
      catalog: {LINKING}
  - cxcanon-autolink
markdown_extensions:
  - abbr
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true
"""

PAGES = {
    "index.md": "# Home\n\nStart with a Persona and a Customer Journey Map, then a Persona again.\n",
    "guide/workshop.md": (
        "# Kano Model workshop\n\n"
        "Our TCJG Customer Value Proposition Canvas, the `Kano Model` in code and the Kano Model in prose.\n\n"
        '!!! tip "Persona"\n    Sketch the Customer Journeys first; then the CJM.\n\n'
        '=== "Tab"\n\n    An MVP in a tab.\n\n'
        "| Method | Note |\n|---|---|\n| Service Blueprint | ok |\n"
    ),
    "guide/opt-out.md": "---\nautolink: false\n---\n# Opt-out\n\nPersona and Kano Model stay plain here.\n",
}


@dataclass(frozen=True)
class Build:
    site: Path
    log: str

    def page(self, url: str) -> str:
        return (self.site / url / "index.html").read_text(encoding="utf-8")


def links(html: str) -> list[tuple[str, str]]:
    return [(text, href) for href, text in re.findall(r'<a class="cxcanon-mention[^"]*"[^>]*href="([^"]*)"[^>]*>(.*?)</a>', html)]


def _build(tmp: Path, tool: str) -> Build:
    (tmp / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    for name, text in PAGES.items():
        path = tmp / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    exe = Path(sys.executable).with_name(tool)
    result = subprocess.run([str(exe), "build", "--strict"], cwd=tmp, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return Build(tmp / "site", result.stdout + result.stderr)


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return _build(tmp_path_factory.mktemp("autolink-site"), "mkdocs")


@pytest.mark.build
def test_hand_written_pages_link_the_first_mention_of_each_method(build: Build) -> None:
    assert links(build.page("")) == [("Persona", "methods/persona/"), ("Customer Journey Map", "methods/customer-journey-map/")]
    assert links(build.page("guide/workshop")) == [
        ("TCJG Customer Value Proposition Canvas", "../../methods/value-proposition-canvas/"),
        ("Kano Model", "../../methods/kano-model/"),
        ("Customer Journeys", "../../methods/customer-journey/"),
        ("CJM", "../../terms/cjm/"),
        ("MVP", "../../methods/minimum-viable-product/"),
        ("Service Blueprint", "../../methods/service-blueprint/"),
    ]
    assert links(build.page("guide/opt-out")) == []


@pytest.mark.build
def test_links_carry_tooltips_and_canonical_names(build: Build) -> None:
    page = build.page("guide/workshop")
    assert 'title="The Kano model sorts product attributes by how they affect customer satisfaction."' in page
    assert 'data-canonical="Value Proposition Canvas"' in page
    assert "is a branded name for Value Proposition Canvas (Osterwalder &amp; Pigneur, 2014)." in page
    assert "<code>Kano Model</code>" in page
    assert 'id="kano-model-workshop">Kano Model workshop' in page  # headings stay as they were
    assert "cxcanon-autolink.css" in page
    assert "data-canonical" in (build.site / "assets" / "stylesheets" / "cxcanon-autolink.css").read_text(encoding="utf-8")


@pytest.mark.build
def test_generated_pages_never_link_to_themselves(build: Build) -> None:
    pages = sorted((build.site / "methods").glob("*/index.html"))
    assert len(pages) == 9
    for html in pages:
        assert f'data-method="{html.parent.name}"' not in html.read_text(encoding="utf-8")


@pytest.mark.build
def test_generated_method_pages_link_their_prose(build: Build) -> None:
    # tests/fixtures/linking/customer-journey-map.yaml: "A Customer Journey Map starts from a Persona ..."
    assert links(build.page("methods/customer-journey-map")) == [
        ("Persona", "../persona/"),
        ("Service Blueprint", "../service-blueprint/"),
    ]


@pytest.mark.build
def test_mentions_json_and_build_log(build: Build) -> None:
    data = json.loads((build.site / "api" / "v1" / "mentions.json").read_text(encoding="utf-8"))
    pages = {page["url"]: page for page in data["pages"]}
    assert pages[""]["methods"] == ["customer-journey-map", "persona"]
    assert pages["guide/workshop/"]["methods"] == [
        "customer-journey",
        "kano-model",
        "minimum-viable-product",
        "service-blueprint",
        "value-proposition-canvas",
    ]
    assert pages["guide/workshop/"]["ambiguous"] == [{"term": "CJM", "methods": ["customer-journey-management", "customer-journey-map"]}]
    assert "guide/opt-out/" not in pages
    assert data["methods"]["persona"][0] == ""
    assert re.search(r"linked \d+ mention\(s\) of methods on \d+ of \d+ page\(s\); autolink: false on guide/opt-out.md", build.log)
    assert "ambiguous mention 'CJM' (linked to its disambiguation page) on guide/workshop.md" in build.log


@pytest.mark.build
def test_method_pages_list_the_pages_that_mention_them(build: Build) -> None:
    def mentioned_on(method_id: str) -> list[tuple[str, str]]:
        page = build.page(f"methods/{method_id}")
        section = re.search(r'<h2 id="mentioned-on">Mentioned on</h2>\s*<ul class="cxcanon-mentioned-on">(.*?)</ul>', page)
        return re.findall(r'<a href="([^"]*)">([^<]*)</a>', section.group(1)) if section else []

    # Home and the customer journey map's own prose mention it; the opt-out page does too, but must not count.
    assert mentioned_on("persona") == [("../customer-journey-map/", "Customer Journey Map"), ("../../", "Home")]
    assert mentioned_on("kano-model") == [("../../guide/workshop/", "Kano Model workshop")]
    assert mentioned_on("customer-journey-management") == []  # only an ambiguous "CJM" points its way


@pytest.mark.build
def test_properdocs_builds_the_same_links(tmp_path: Path, build: Build) -> None:
    other = _build(tmp_path, "properdocs")
    assert links(other.page("guide/workshop")) == links(build.page("guide/workshop"))
