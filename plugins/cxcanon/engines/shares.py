"""One edition's generated pages shared with a forked helper process: the build on two cores.

MkDocs renders every page's Markdown, then every page's templates, one page after the other in
one process. The generated pages are most of a large catalog's pages and depend on each other
only through the build-wide steps between those two loops (the citations and SKOS files, the
"Mentioned on" lists, cross-references, the search index). So a share of them goes to a helper
process, forked from the build, in two steps:

- **Markdown** (`RenderShare`, forked once the navigation is built): the build renders the
  generated pages from the front of their list, in the order MkDocs visits them, and the helper
  from the back, until they meet (`Meeting`): neither waits for the other, however fast each
  goes. The helper keeps its results in a store of its own and, once done, sends where they
  are. The build neither reads nor converts the helper's pages (`rendered_elsewhere`) and, in
  ``on_page_content``, takes the helper's HTML, metadata, table of contents, title, anchors and links
  (`Rendered.apply`). Every other plugin's
  ``on_page_content`` and everything after it then runs here, as for any page.
- **Templates** (`WriteShare`, forked after every plugin's ``on_env``, when every page's content
  is final): the helper renders the templates of its share and writes those pages; the build
  leaves them out of its own loop. Then each of the two, once done with its pages, puts the next
  chunk of the generated files that are not pages into the site until none is left (`Extras`),
  and the build renders the sitemap again with every page (`WriteShare.finish`).

The Markdown helper, once it has sent its pages, starts on those files too: the ones held as text
(the names' redirect pages) while the build takes in the helper's pages, alone on its core until
the templates start; then, if the exports have written theirs by then (they usually have), the
citation and SKOS files. It stays until none of them is left; the build waits for it at the end
(`RenderShare.wait`).

A helper's warnings are printed where it runs; it reports how many there were, and the build
logs one more, so that ``--strict`` fails as it would have. A failing helper fails the build with a
message. Sharing needs ``fork`` and a spare core: `cores_for_pages` says how many there are.
Where the editions take every core, the main edition still gives its entries' own files to a
`WriteShare` without pages: the other editions finish first, and the helper then has their core.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.utils import CountHandler

from ..export.files import FileWriter
from .converter import SharedConverter
from .refresh import engine_modules
from .store import Blob, Store

log = logging.getLogger("mkdocs.plugins.cxcanon")

MIN_PAGES = 40
"""Fewer generated pages than this are not shared: forking costs more than it saves."""
WRITE_SHARE = 0.5
"""The helper's share of the generated pages' templates (it also puts the entries' own files into the site; the build
copies the theme's files and writes the hand-written pages)."""

BUILDS_AT_ONCE = 1
"""How many editions of the site are building at this moment, each in its own process (`cores_for_pages`)."""
ALLOWED = True
"""False while a site whose main configuration says ``parallel_pages: false`` builds: its editions (whose
configurations need not repeat the option) share no pages either."""


def cores_for_pages() -> int:
    """The cores one edition's build may use: none to share where there is no ``fork`` or under ``serve``."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if any(name.endswith(".livereload") for name in sys.modules):  # `serve`: its quick refresh renders pages in this process
        return 1
    return max(1, (os.cpu_count() or 1) // max(1, BUILDS_AT_ONCE))


_T = TypeVar("_T")


def pick(items: list[_T], share: float) -> list[_T]:
    """``share`` of ``items``, spread evenly: the two processes take turns through the list."""
    return [item for i, item in enumerate(items) if int((i + 1) * share + 1e-9) > int(i * share + 1e-9)]


def _count_warnings() -> Any:
    """Count the warnings a helper logs, with the handler MkDocs counts the build's own with for ``--strict``."""
    counter = CountHandler(level=logging.WARNING)
    logging.getLogger("mkdocs").addHandler(counter)
    return counter


def _warnings(counter: Any) -> int:
    return sum(counter.counts.values())


@dataclass(slots=True)
class Rendered:
    """What rendering one page's Markdown left on the page: carried from the helper to the build."""

    content: str
    meta: dict[str, Any]
    """The page's metadata (its front matter), as the helper read it."""
    toc: Any
    title: str | None
    anchors: set[str] | None
    links: dict[str, dict[str, str]] | None
    extra: Any = None
    """What another plugin's Markdown extension recorded for the page (the autolinker's mentions)."""

    @classmethod
    def of(cls, page: Any, content: str, extra: Any = None) -> Rendered:
        links = page.links_to_anchors
        return cls(
            content=content,
            meta=page.meta,
            toc=page.toc,
            title=page._title_from_render,
            anchors=page.present_anchor_ids,
            links=None if links is None else {target.src_uri: found for target, found in links.items()},
            extra=extra,
        )

    def apply(self, page: Any, files: Files) -> str:
        """Put the result on the build's page (passed over by `rendered_elsewhere`); its HTML is returned."""
        vars(page).pop("render", None)  # the page renders as any other again (`serve` renders an edited page anew)
        page.meta = self.meta
        page.toc = self.toc
        page._title_from_render = self.title
        page.present_anchor_ids = self.anchors
        if self.links is not None:
            page.links_to_anchors = {
                target: found for uri, found in self.links.items() if (target := files.get_file_from_path(uri)) is not None
            }
        return self.content


class Meeting:
    """One list of pages taken from both ends: the build from the front, as MkDocs comes to them, a helper from the back.

    Neither waits for the other until they meet, wherever that is: the helper's pages are the
    last ones the build comes to, and by then the helper is at most one page from done.
    """

    def __init__(self, count: int) -> None:
        context = multiprocessing.get_context("fork")
        self.lock = context.Lock()
        self.front = context.RawValue("i", 0)
        """Every page before this one is the build's."""
        self.back = context.RawValue("i", count)
        """Every page from this one on is the helper's."""

    def build_takes(self, index: int) -> bool:
        """Whether the build renders page ``index`` itself (the helper has not taken it); it is the build's from now on."""
        with self.lock:
            if index >= self.back.value:
                return False
            self.front.value = max(self.front.value, index + 1)
            return True

    def helper_takes(self) -> int | None:
        """The next page from the back for the helper, or None once the build has come to it."""
        with self.lock:
            if self.back.value - 1 < self.front.value:
                return None
            self.back.value -= 1
            return self.back.value


class RenderShare:
    """A helper process rendering the Markdown of generated pages from the back of their list (see the module docstring)."""

    def __init__(self, paths: list[str], meeting: Meeting, job: Any, pipe: Any, store: Store, extras: Extras | None = None) -> None:
        self.extras = extras
        """The generated files that are not pages: the helper puts those held as text into the site after its pages."""
        self.order = {path: index for index, path in enumerate(paths)}
        self.meeting = meeting
        self.job = job
        self.pipe = pipe
        self.store = store
        self.found: dict[str, Blob] | None = None
        """Where in the helper's store each of its pages waits: sent once, when it is done."""

    @classmethod
    def start(
        cls,
        paths: list[str],
        config: Any,
        files: Files,
        render: Any,
        folder: Path,
        extras: Extras | None = None,
        exports_done: Callable[[], bool] | None = None,
    ) -> RenderShare:
        """Fork the helper; ``render(page)`` renders one page there and returns its `Rendered`, kept in a store in ``folder``.

        ``paths``: the generated pages in the order the build comes to them. ``extras``: the generated
        files that are not pages; once its pages are sent, the helper puts those held as text into the
        site (``config.site_dir``), as long as any are left, and then, if ``exports_done()`` says the
        exports have written theirs by then, those too.
        """
        meeting = Meeting(len(paths))
        where = folder / f"rendered-{os.getpid()}"
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        job = context.Process(
            target=_render_share,
            args=(send, paths, meeting, where, config, files, render, extras, exports_done),
            name="cxcanon-pages-markdown",
        )
        job.start()
        send.close()
        return cls(paths, meeting, job, receive, Store(where, write=False), extras)

    def takes(self, path: str) -> bool:
        """Whether the helper renders ``path``; a page it has not come to yet is the build's from now on (`Meeting`)."""
        index = self.order.get(path)
        return index is not None and not self.meeting.build_takes(index)

    def result(self, path: str) -> Rendered:
        """The helper's result for ``path`` (waits until the helper is done); a failed helper fails the build."""
        if self.found is None:
            self._receive()
        assert self.found is not None
        blob = self.found.get(path)
        if blob is None:
            raise PluginError(f"cxcanon: the process rendering a share of the pages did not render {path}")
        result: Rendered = pickle.loads(self.store.get(blob))  # written by this build's own helper
        return result

    def _receive(self) -> None:
        """Take the helper's one message: where its pages are, or what failed; and how many warnings it logged."""
        try:
            kind, key, value, warnings = self.pipe.recv()
        except EOFError:
            self.stop()
            raise PluginError(
                "cxcanon: the process rendering a share of the pages ended without a result; its messages are above"
            ) from None
        self.pipe.close()
        if warnings:
            log.warning(f"cxcanon: {warnings} warning(s) above came from rendering the pages of a helper process")
        if kind == "error":
            self.job.join()  # it ends once it has sent this
            raise PluginError(f"cxcanon: rendering {key}: {value}")
        self.found = value

    def finish(self) -> None:
        """Wait for the helper to be done with its pages (every page rendered, by one or the other)."""
        if self.found is None:
            self._receive()
        self.store.close()

    def wait(self) -> None:
        """Wait for the helper to be done with the generated files too; one it could not put into the site fails the build."""
        self.job.join()
        if self.job.exitcode != 0:
            raise PluginError("cxcanon: the process rendering a share of the pages failed; its messages are above")

    def stop(self) -> None:
        """End the helper at once (the build failed)."""
        if self.job.is_alive():
            self.job.terminate()
        self.job.join()
        self.pipe.close()
        self.store.close()


def _render_share(
    pipe: Any,
    paths: list[str],
    meeting: Meeting,
    where: Path,
    config: Any,
    files: Files,
    render: Any,
    extras: Extras | None,
    exports_done: Callable[[], bool] | None,
) -> None:
    """In the helper: render pages from the back of the list until the build has come to them; say where they are.
    Then put generated files held as text into the site, as long as any are left; then the exports' files, if they
    are written by then (the build and the writing helper put the rest into the site later)."""
    counter = _count_warnings()
    path = ""
    code = 0
    try:
        store = Store(where)
        found: dict[str, Blob] = {}
        while (index := meeting.helper_takes()) is not None:
            path = paths[index]
            found[path] = store.put(pickle.dumps(render(files.get_file_from_path(path)), protocol=pickle.HIGHEST_PROTOCOL))
        store.close()
        pipe.send(("done", "", found, _warnings(counter)))
        pipe.close()
        if extras is not None:
            try:
                extras.place_held(Path(config.site_dir))
                if exports_done is not None and exports_done():
                    extras.place_waiting(Path(config.site_dir))
            except OSError as error:
                log.error(f"cxcanon: putting the generated files into the site: {error}")
                code = 1
    except Exception as error:  # reported by the build, as a message
        pipe.send(("error", path, f"{type(error).__name__}: {error}", _warnings(counter)))
    finally:
        pipe.close()
        logging.shutdown()
        os._exit(code)  # the build's temporary folders and worker belong to the build: no clean-up runs here


def rendered_elsewhere(page: Any) -> None:
    """Let MkDocs pass over reading and converting a page whose Markdown the helper renders.

    MkDocs still runs every event for the page: it reads empty text (no front matter to parse)
    and, instead of building a Markdown converter for it, leaves its HTML empty. The helper's
    result takes their place in ``on_page_content`` (`Rendered.apply`), which also takes the
    page's own ``render`` back.
    """
    page.file.content_string = ""

    def render(config: Any, files: Files) -> None:  # MkDocs calls page.render(config, files)
        page.content = ""

    page.render = render


def render_page(file: File, config: Any, files: Files, converter: SharedConverter | None = None) -> Any:
    """Read and render one page's Markdown the way MkDocs does, up to ``on_page_content`` (in a helper); with
    ``converter``, the one this process renders its pages with (`cxcanon.engines.converter`)."""
    _build, pages = engine_modules(config)
    page = file.page if file.page is not None else pages.Page(None, file, config)
    page.read_source(config)
    page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
    if converter is not None:
        converter.render(page, config, files)
    else:
        page.render(config, files)
    return page


def place(site_dir: Path, extras: list[tuple[str, Path | str]]) -> None:
    """Put generated files that are not pages into the site: moved from the data folder (copied across file systems), or written."""
    writer = FileWriter()
    for path, source in extras:
        target = os.path.join(site_dir, path)
        if isinstance(source, str):
            writer.write(target, source)
            continue
        writer.folder(target)
        try:
            os.replace(source, target)
        except OSError:
            shutil.copyfile(source, target)


class Claims:
    """A list cut into chunks that processes forked after it take in turn: whichever is free takes the next chunk.

    The writing helper and the build each end with the generated files that are not pages: ten
    thousand small files at 2,000 methods, whose time varies with the disk. Taken this way, neither
    process waits long for the other, however their pages went.
    """

    def __init__(self, items: list[_T], size: int) -> None:
        self.chunks = [items[start : start + size] for start in range(0, len(items), size)]
        self.taken = multiprocessing.get_context("fork").Value("i", 0)

    def take(self) -> list[Any] | None:
        """The next chunk nobody has taken yet, or None."""
        with self.taken.get_lock():
            index = self.taken.value
            self.taken.value = index + 1
        return self.chunks[index] if index < len(self.chunks) else None

    def each(self) -> Any:
        """Every chunk this process takes, until none is left."""
        while (chunk := self.take()) is not None:
            yield chunk


EXTRAS_CHUNK = 250
"""Generated files that are not pages, put into the site per claim (`Claims`)."""


class Extras:
    """The generated files that are not pages, in chunks that the processes forked after it take in turn (`Claims`).

    First those held as text (they can go into the site as soon as it is cleaned), then those
    the exports write into the data folder (once they are done: `WriteShare`).
    """

    def __init__(self, extras: list[tuple[str, Path | str]]) -> None:
        self.held = Claims([item for item in extras if isinstance(item[1], str)], EXTRAS_CHUNK)
        self.waiting = Claims([item for item in extras if not isinstance(item[1], str)], EXTRAS_CHUNK)
        self.count = len(extras)

    def place_held(self, site_dir: Path) -> None:
        """Put chunks of the files held as text into the site until none is left."""
        for chunk in self.held.each():
            place(site_dir, chunk)

    def place_waiting(self, site_dir: Path) -> None:
        """Put chunks of the files the exports wrote into the site until none is left (the exports must be done)."""
        for chunk in self.waiting.each():
            place(site_dir, chunk)

    def place_all(self, site_dir: Path) -> None:
        """Put chunks of every kind into the site until none is left (the exports must be done)."""
        self.place_held(site_dir)
        self.place_waiting(site_dir)


class WriteShare:
    """A helper process writing a share of the generated pages and the generated files (see the module docstring)."""

    def __init__(self, job: Any, extras: Extras, site_dir: Path, sitemap: tuple[Any, Files, Any, Any] | None) -> None:
        self.job = job
        self.extras = extras
        self.site_dir = site_dir
        self.sitemap = sitemap

    @classmethod
    def start(cls, pages: list[File], extras: Extras, config: Any, files: Files, nav: Any, env: Any) -> WriteShare:
        """Fork the helper, then leave its pages out of ``files`` (this build's loop); ``extras`` are put into the site
        (`place`) by the helper after its pages and by the build after its own, whichever is free (`Extras`)."""
        everything = Files(list(files))
        doc_files = everything.documentation_pages()
        build, _pages = engine_modules(config)
        context = multiprocessing.get_context("fork")
        job = context.Process(
            target=_write_share, args=(build, pages, extras, config, doc_files, nav, env, everything), name="cxcanon-pages-write"
        )
        job.start()
        for file in pages:
            files.remove(file)
        # The sitemap MkDocs writes lacks the helper's pages; without pages for the helper it is complete.
        sitemap = (config, everything, nav, env) if pages and "sitemap.xml" in config.theme.static_templates else None
        return cls(job, extras, Path(config.site_dir), sitemap)

    def finish(self) -> None:
        """Put the files left into the site, wait for the helper, render the sitemap again with its pages; a failure fails the build."""
        try:
            self.extras.place_all(self.site_dir)
        except OSError as error:
            self.cancel()
            raise PluginError(f"cxcanon: putting the generated files into the site: {error}") from None
        self.job.join()
        if self.job.exitcode == 2:
            log.warning("cxcanon: the warnings above came from writing the pages of a helper process")
        elif self.job.exitcode != 0:
            raise PluginError("cxcanon: the process writing a share of the pages failed; its messages are above")
        if self.sitemap is not None:
            config, everything, nav, env = self.sitemap
            build, _pages = engine_modules(config)
            build._build_theme_template("sitemap.xml", env, everything, config, nav)

    def cancel(self) -> None:
        if self.job.is_alive():
            self.job.terminate()
        self.job.join()


def _write_share(build: Any, pages: list[File], extras: Extras, config: Any, doc_files: Any, nav: Any, env: Any, files: Files) -> None:
    """In the helper: render and write its pages, then put generated files that are not pages into the site, as long as any are left."""
    counter = _count_warnings()
    code = 0
    try:
        for file in pages:
            build._build_page(file.page, config, doc_files, nav, env)
        level = config.validation.links.anchors
        for file in pages:
            if file.page is not None:
                file.page.validate_anchor_links(files=files, log_level=level)
        extras.place_all(Path(config.site_dir))
        code = 2 if _warnings(counter) else 0
    except Exception as error:  # reported by the build, as a message
        log.error(f"cxcanon: writing the pages: {type(error).__name__}: {error}")
        code = 1
    finally:
        logging.shutdown()
        os._exit(code)
