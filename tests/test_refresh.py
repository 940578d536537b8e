"""``serve``: an edited method file refreshes its page first, then the whole site."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from cxcanon.engines.refresh import changed_methods, fingerprint

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"


def test_only_method_files_take_the_quick_path(tmp_path: Path) -> None:
    root = tmp_path / "methods"
    shutil.copytree(FIXTURES / "base", root)
    before = fingerprint(root)
    method = root / "alpha-method.yaml"
    method.write_text(method.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert changed_methods(before, fingerprint(root), root) == ["alpha-method"]
    assert changed_methods(before, before, root) is None  # nothing changed: nothing to refresh
    for other in ("catalog.yaml", "categories.yaml"):
        if (root / other).exists():
            edited = fingerprint(root)
            (root / other).write_text((root / other).read_text(encoding="utf-8") + "\n", encoding="utf-8")
            assert changed_methods(edited, fingerprint(root), root) is None, other
    researcher = next((root / "researchers").glob("*.yaml"))
    edited = fingerprint(root)
    researcher.write_text(researcher.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert changed_methods(edited, fingerprint(root), root) is None
    edited = fingerprint(root)
    (root / "new-method.yaml").write_text("id: new-method\n", encoding="utf-8")
    assert changed_methods(edited, fingerprint(root), root) is None  # a new file: the full build


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait(url: str, needle: str, seconds: float = 120) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        page = _get(url)
        if page is not None and needle in page:
            return True
        time.sleep(0.1)
    return False


def test_serve_refreshes_an_edited_method_page_in_both_editions(tmp_path: Path) -> None:
    root = tmp_path / "methods"
    shutil.copytree(FIXTURES / "base", root)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = tmp_path / "serve.log"
    env = {**os.environ, "CXCANON_CATALOG": str(root), "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = str(Path(sys.executable).with_name("mkdocs"))
    with log.open("w") as out:
        server = subprocess.Popen([mkdocs, "serve", "-a", f"127.0.0.1:{port}"], cwd=REPO, env=env, stdout=out, stderr=out)
    base = f"http://127.0.0.1:{port}/"
    try:
        assert _wait(base + "methods/alpha-method/", "<h1"), log.read_text(encoding="utf-8")[-3000:]
        time.sleep(1)
        method = root / "alpha-method.yaml"
        text = method.read_text(encoding="utf-8")
        assert "definition:\n  en: " in text and "\n  de: " in text
        text = text.replace("definition:\n  en: ", "definition:\n  en: Refreshprobe ", 1)
        # The watcher polls: on a busy machine its first look at the folder may come after a quick
        # edit, which it then never sees as a change. Saving again (as an author would) is seen.
        for attempt in range(5):
            method.write_text(text, encoding="utf-8")
            os.utime(method, ns=(time.time_ns(), time.time_ns() + attempt))
            if _wait(base + "methods/alpha-method/", "Refreshprobe", 20):
                break
        else:
            raise AssertionError(log.read_text(encoding="utf-8")[-3000:])
        # The German page shows the English definition beside the German one: refreshed too.
        assert _wait(base + "de/methods/alpha-method/", "Refreshprobe")
        served = log.read_text(encoding="utf-8")
        assert "refreshed the page of alpha-method in 2 edition(s)" in served, served[-3000:]
        # Then the full rebuild brings the build-wide outputs up to date, the search index among them.
        assert _wait(base + "search/search_index.json", "Refreshprobe"), log.read_text(encoding="utf-8")[-3000:]
    finally:
        server.terminate()
        server.wait(timeout=30)
