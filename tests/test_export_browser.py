"""The "Cite this" block in headless Chromium: the copy button copies the citation, the downloads load, no third-party request."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from conftest import SITE_URL, BuiltSite
from cxcanon.export.citations import csl_records, format_apa

pytestmark = pytest.mark.browser


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def served(export_site: BuiltSite) -> Iterator[str]:
    """The export fixture site on 127.0.0.1 (a random free port)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(export_site.root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def chromium(browser: Any) -> Any:
    """The session's shared Chromium (one Playwright instance per test session)."""
    return browser


@pytest.mark.parametrize("which", ["entry", "source"])
def test_copy_button_copies_the_apa_citation(chromium: Any, served: str, export_site: BuiltSite, which: str) -> None:
    origin = served.rstrip("/")
    context = chromium.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{served}methods/alpha-method/")
    button = page.locator(f'[data-cxcanon-cite="{which}-apa"] button')
    button.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    records = csl_records(export_site.catalog, export_site.catalog.methods["alpha-method"], SITE_URL)
    assert copied == format_apa(records)[0 if which == "entry" else 1]
    assert [url for url in requests if urlsplit(url).hostname != "127.0.0.1"] == []
    context.close()


def test_download_links_resolve(chromium: Any, served: str) -> None:
    page = chromium.new_page()
    page.goto(f"{served}methods/alpha-method/")
    for link in page.locator(".cxc-cite-downloads a").all():
        response = page.request.get(link.evaluate("a => a.href"))
        assert response.status == 200, link.get_attribute("href")
        assert response.text().strip()
    page.close()


def test_old_id_lands_on_the_renamed_method(chromium: Any, served: str) -> None:
    page = chromium.new_page()
    page.goto(f"{served}methods/old-alpha/")
    page.wait_for_url(f"{served}methods/alpha-method/")
    assert page.locator("h1").first.inner_text().startswith("Alpha Method")
    page.close()
