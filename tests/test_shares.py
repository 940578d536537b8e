"""Generated pages shared with a forked helper process (`cxcanon.engines.shares`): results, failures, warnings."""

from __future__ import annotations

import logging
import multiprocessing
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from cxcanon.engines import shares

pytestmark = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="sharing pages needs fork")


class _Files:
    """Just what the helper asks of MkDocs' files: a file by its path."""

    def get_file_from_path(self, path: str) -> str:
        return path


def _start(render: Any, paths: list[str], folder: Path) -> shares.RenderShare:
    """A helper for ``paths``, done with every page it takes before the build comes to any (it takes them all)."""
    share = shares.RenderShare.start(paths, None, _Files(), render, folder)  # type: ignore[arg-type]
    share.job.join()
    return share


def _results(render: Any, paths: list[str], folder: Path) -> list[Any]:
    share = _start(render, paths, folder)
    assert all(share.takes(path) for path in paths)
    return [share.result(path) for path in paths]


def test_pick_spreads_a_share_evenly() -> None:
    assert shares.pick(list(range(10)), 0.5) == [1, 3, 5, 7, 9]
    assert len(shares.pick(list(range(100)), 0.6)) == 60
    assert shares.pick(list(range(4)), 0.0) == []


def test_the_build_and_the_helper_take_pages_from_either_end_until_they_meet() -> None:
    meeting = shares.Meeting(5)
    assert meeting.helper_takes() == 4
    assert meeting.build_takes(0)
    assert not meeting.build_takes(4)  # the helper's
    assert meeting.helper_takes() == 3
    assert meeting.build_takes(1) and meeting.build_takes(2)
    assert meeting.helper_takes() is None  # the build has come to it
    assert meeting.build_takes(2)  # asked again: still the build's
    assert not meeting.build_takes(3)


def test_the_helper_renders_its_pages_in_another_process(tmp_path: Path) -> None:
    found = _results(lambda path: f"rendered {path} in {os.getpid()}", ["a.md", "b.md", "c.md"], tmp_path)
    assert [text.split(" in ")[0] for text in found] == ["rendered a.md", "rendered b.md", "rendered c.md"]
    assert {int(text.split(" in ")[1]) for text in found} != {os.getpid()}  # in another process


def test_each_page_is_rendered_once_by_the_build_or_by_the_helper(tmp_path: Path) -> None:
    paths = [f"p{i}.md" for i in range(60)]

    def render(path: str) -> str:
        time.sleep(0.004)
        return f"{path} by the helper"

    share = shares.RenderShare.start(paths, None, _Files(), render, tmp_path)  # type: ignore[arg-type]
    ours, theirs = [], []
    for path in paths:  # the build comes to each page in turn and renders those the helper has not taken
        if share.takes(path):
            theirs.append(share.result(path))
        else:
            time.sleep(0.004)
            ours.append(path)
    share.finish()
    assert ours and theirs  # they met between the ends
    assert ours == paths[: len(ours)]  # the build's from the front, the helper's from the back
    assert theirs == [f"{path} by the helper" for path in paths[len(ours) :]]


def test_a_page_failing_in_the_helper_fails_the_build_with_its_name(tmp_path: Path) -> None:
    def render(path: str) -> str:
        if path == "b.md":
            raise ValueError("no such method")
        return path

    share = _start(render, ["a.md", "b.md", "c.md"], tmp_path)  # from the back: c.md, then b.md fails
    assert not share.takes("a.md")  # not taken by the helper: the build renders it
    assert share.takes("b.md")
    with pytest.raises(PluginError, match=r"rendering b\.md: ValueError: no such method"):
        share.result("b.md")
    assert not share.job.is_alive()


def test_a_helper_that_dies_fails_the_build_in_words(tmp_path: Path) -> None:
    def render(path: str) -> str:
        os._exit(3)

    with pytest.raises(PluginError, match="ended without a result"):
        _results(render, ["a.md"], tmp_path)


def test_warnings_in_the_helper_are_counted_in_the_build(caplog: pytest.LogCaptureFixture, tmp_path: Path) -> None:
    def render(path: str) -> str:
        logging.getLogger("mkdocs.plugins.test").warning("a doubtful link on %s", path)
        return path

    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        assert _results(render, ["a.md", "b.md"], tmp_path) == ["a.md", "b.md"]
    assert [r.getMessage() for r in caplog.records] == ["cxcanon: 2 warning(s) above came from rendering the pages of a helper process"]


def test_rendered_carries_what_markdown_left_on_the_page(tmp_path: Path) -> None:
    docs, site = str(tmp_path / "docs"), str(tmp_path / "site")
    files = Files([File("a.md", docs, site, True), File("b.md", docs, site, True)])
    page: Any = type("P", (), {})()
    page.toc, page._title_from_render, page.present_anchor_ids, page.meta = ["toc"], "A", {"x"}, {"description": "d"}
    page.links_to_anchors = {files.get_file_from_path("b.md"): {"y": "b.md#y"}}
    rendered = shares.Rendered.of(page, "<p>A</p>", extra="mentions")
    target: Any = type("P", (), {})()
    assert rendered.apply(target, files) == "<p>A</p>"
    assert (target.toc, target._title_from_render, target.present_anchor_ids) == (["toc"], "A", {"x"})
    assert target.meta == {"description": "d"}
    assert target.links_to_anchors == {files.get_file_from_path("b.md"): {"y": "b.md#y"}}
    assert rendered.extra == "mentions"


def test_a_page_rendered_elsewhere_is_read_empty_and_not_converted_until_its_result_is_applied(tmp_path: Path) -> None:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text("---\ndescription: from the front matter\n---\n# A\n\nText.\n", encoding="utf-8")
    config = MkDocsConfig()
    theme = {"name": None, "custom_dir": str(docs)}  # no theme package needed (MkDocs' own is not ProperDocs')
    config.load_dict({"site_name": "t", "docs_dir": str(docs), "site_dir": str(tmp_path / "site"), "theme": theme})
    assert not config.validate()[0]
    files = Files([File("a.md", str(docs), str(tmp_path / "site"), True)])
    page = Page(None, files.get_file_from_path("a.md"), config)
    shares.rendered_elsewhere(page)
    page.read_source(config)
    assert (page.markdown, page.meta) == ("", {})  # nothing read, no front matter parsed
    page.render(config, files)
    assert page.content == ""  # no Markdown converter made
    helper: Any = type("P", (), {})()
    helper.toc, helper._title_from_render, helper.present_anchor_ids, helper.links_to_anchors = [], "A", set(), None
    helper.meta = {"description": "from the front matter"}
    assert shares.Rendered.of(helper, "<h1>A</h1>").apply(page, files) == "<h1>A</h1>"
    assert page.meta == {"description": "from the front matter"}
    page.markdown = "# B"
    page.render(config, files)  # its own render again
    assert page.content is not None and "<h1" in page.content and "B</h1>" in page.content


def test_place_moves_stored_files_and_writes_held_ones(tmp_path: Path) -> None:
    stored = tmp_path / "data" / "methods" / "x" / "cite.bib"
    stored.parent.mkdir(parents=True)
    stored.write_text("@book{x}", encoding="utf-8")
    shares.place(tmp_path / "site", [("methods/x/cite.bib", stored), ("terms/y/index.html", "<p>moved</p>")])
    assert (tmp_path / "site" / "methods" / "x" / "cite.bib").read_text(encoding="utf-8") == "@book{x}"
    assert (tmp_path / "site" / "terms" / "y" / "index.html").read_text(encoding="utf-8") == "<p>moved</p>"
    assert not stored.exists()


class _Config:
    """What the writing helper reads of a configuration (MkDocs' own class: its build module is MkDocs')."""

    __module__ = "mkdocs.config.defaults"

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = str(site_dir)
        self.theme = type("T", (), {"static_templates": []})()
        self.validation = type("V", (), {"links": type("L", (), {"anchors": logging.INFO})()})()


def _blocked_site(tmp_path: Path) -> tuple[Path, Files, File, File]:
    """A site folder where a generated file's folder is taken by a file, and two pages."""
    docs, site = str(tmp_path / "docs"), tmp_path / "site"
    page, other = File("a.md", docs, str(site), True), File("b.md", docs, str(site), True)
    (site / "terms").mkdir(parents=True)
    (site / "terms" / "y").write_text("a file where a folder must go", encoding="utf-8")
    return site, Files([page, other]), page, other


def _failing_share(pages: list[File], extras: list[tuple[str, Path | str]], site: Path, files: Files, *, helper_first: bool) -> str:
    """Start a writing helper that fails; the build's message, with the helper's messages shown as MkDocs shows them."""
    shown = logging.StreamHandler(sys.stderr)  # the helper's messages go to the same terminal
    logging.getLogger("mkdocs").addHandler(shown)
    try:
        share = shares.WriteShare.start(pages, shares.Extras(extras), _Config(site), files, None, None)
        if helper_first:
            share.job.join()  # it takes every chunk before the build is done with its pages
        with pytest.raises(PluginError) as failed:
            share.finish()
    finally:
        logging.getLogger("mkdocs").removeHandler(shown)
    return str(failed.value)


def test_a_failing_writer_fails_the_build_in_words_and_its_pages_left_this_build(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    site, files, page, other = _blocked_site(tmp_path)
    message = _failing_share([page], [], site, files, helper_first=False)
    assert list(files) == [other]  # the helper's page is out of this build's loop
    assert "writing a share of the pages failed" in message
    assert "cxcanon: writing the pages: AttributeError" in capfd.readouterr().err  # no Page to render here


def test_generated_files_the_helper_cannot_put_into_the_site_fail_the_build_in_words(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    site, files, _page, _other = _blocked_site(tmp_path)
    message = _failing_share([], [("terms/y/index.html", "<p>moved</p>")], site, files, helper_first=True)
    assert "writing a share of the pages failed" in message
    assert "cxcanon: writing the pages: FileExistsError" in capfd.readouterr().err


def test_generated_files_the_build_cannot_put_into_the_site_fail_it_in_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site, files, _page, _other = _blocked_site(tmp_path)
    monkeypatch.setattr(shares, "_write_share", lambda *args: os._exit(0))  # a helper done before taking any
    share = shares.WriteShare.start([], shares.Extras([("terms/y/index.html", "<p>moved</p>")]), _Config(site), files, None, None)
    with pytest.raises(PluginError, match=r"putting the generated files into the site: .*terms/y"):
        share.finish()
    assert not share.job.is_alive()


def test_the_helper_and_the_build_share_the_generated_files_each_once(tmp_path: Path) -> None:
    site = tmp_path / "site"
    extras: list[tuple[str, Path | str]] = [(f"terms/t{i}/index.html", f"<p>{i}</p>") for i in range(40)]
    files = Files([])
    share = shares.WriteShare.start([], shares.Extras(extras), _Config(site), files, None, None)
    share.finish()
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")) == sorted(path for path, _ in extras)
    assert share.extras.held.take() is None and share.extras.waiting.take() is None


def _taken(share: shares.RenderShare) -> None:
    """Wait until the helper has taken every page (before the build comes to any)."""
    deadline = time.monotonic() + 30
    while share.meeting.back.value and time.monotonic() < deadline:
        time.sleep(0.01)


@pytest.mark.parametrize("exports_done", [None, False, True])
def test_the_markdown_helper_puts_the_files_held_as_text_into_the_site_after_its_pages(tmp_path: Path, exports_done: bool | None) -> None:
    """Then the exports' files too, where the exports say they are written (else the build and the writing helper place them)."""
    site, data = tmp_path / "site", tmp_path / "data"
    data.mkdir()
    (data / "cite.bib").write_text("@misc{x}", encoding="utf-8")
    held: list[tuple[str, Path | str]] = [(f"terms/t{i}/index.html", f"<p>{i}</p>") for i in range(600)]
    extras = shares.Extras([*held, ("methods/m/cite.bib", data / "cite.bib")])
    done = None if exports_done is None else lambda: exports_done
    share = shares.RenderShare.start(["a.md"], _Config(site), _Files(), lambda path: path, tmp_path, extras, done)
    _taken(share)
    assert share.takes("a.md") and share.result("a.md") == "a.md"  # its pages first, as before
    share.finish()
    share.wait()
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")) == sorted(path for path, _ in held)
    assert extras.held.take() is None  # every chunk of them taken by the helper
    if exports_done:
        assert (site / "methods/m/cite.bib").read_text(encoding="utf-8") == "@misc{x}"
        assert extras.waiting.take() is None
    else:
        assert not (site / "methods").exists()  # the exports' files wait for the writing: they may not be done yet
        assert extras.waiting.take() == [("methods/m/cite.bib", data / "cite.bib")]


def test_a_markdown_helper_that_cannot_put_a_file_into_the_site_fails_the_build_in_words(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    site, _files, _page, _other = _blocked_site(tmp_path)
    extras = shares.Extras([("terms/y/index.html", "<p>moved</p>")])
    shown = logging.StreamHandler(sys.stderr)
    logging.getLogger("mkdocs").addHandler(shown)
    try:
        share = shares.RenderShare.start(["a.md"], _Config(site), _Files(), lambda path: path, tmp_path, extras)
        _taken(share)
        assert share.takes("a.md") and share.result("a.md") == "a.md"
        share.finish()
        with pytest.raises(PluginError, match="rendering a share of the pages failed"):
            share.wait()
    finally:
        logging.getLogger("mkdocs").removeHandler(shown)
    assert "cxcanon: putting the generated files into the site: " in capfd.readouterr().err


def test_claims_give_each_chunk_to_one_process() -> None:
    claims = shares.Claims(list(range(10)), 3)
    receive, send = multiprocessing.get_context("fork").Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(target=lambda: (send.send([c for c in claims.each()]), os._exit(0)))
    first = claims.take()  # taken here before the child starts
    child.start()
    theirs = receive.recv()
    ours = [first, *claims.each()]
    child.join()
    assert sorted(x for chunk in [*ours, *theirs] if chunk for x in chunk) == list(range(10))
    assert ours[0] == [0, 1, 2]


def test_editions_building_at_once_share_the_cores() -> None:
    """Two editions building side by side on two cores leave no core to share pages with; on four, each has one."""
    check = textwrap.dedent(
        """
        import os
        from types import SimpleNamespace
        from cxcanon.engines import shares
        from cxcanon.engines.mkdocs_plugin import CatalogPlugin

        os.cpu_count = lambda: 2
        shares.BUILDS_AT_ONCE = 2  # as an edition's process inherits it
        CatalogPlugin._stop_editions(SimpleNamespace(edition_jobs=[]))  # an edition's own build, which started none
        assert shares.BUILDS_AT_ONCE == 2, shares.BUILDS_AT_ONCE
        assert shares.cores_for_pages() == 1
        os.cpu_count = lambda: 4
        assert shares.cores_for_pages() == 2
        """
    )
    # In a process of its own: the plugin module is imported as MkDocs imports it (not after ProperDocs' patches).
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_a_store_is_written_only_by_the_process_that_made_it(tmp_path: Path) -> None:
    from cxcanon.engines.store import Store

    store = Store(tmp_path / "store")
    first, second = store.put("Erwähnt auf".encode()), store.put(b"second page")
    assert store.get(second) == b"second page" and store.get(first).decode() == "Erwähnt auf"
    share = _start(lambda path: (store.get(first), _attempt(lambda: store.put(b"x"))), ["a.md"], tmp_path / "helper")
    assert share.takes("a.md") and share.result("a.md") == ("Erwähnt auf".encode(), "RuntimeError")
    assert store.get(store.put(b"third")) == b"third"  # the helper wrote nothing in between
    store.close()
    read_only = Store(tmp_path / "store", write=False)  # another process's store, as the build reads the helper's
    assert read_only.get(second) == b"second page"
    assert _attempt(lambda: read_only.put(b"x")) == "RuntimeError"
    read_only.close()


def _attempt(action: Any) -> str:
    try:
        action()
    except Exception as error:
        return type(error).__name__
    return "done"
