"""Where each generated page lives and how pages link to each other.

Pages are named by their path in the docs tree (``methods/nps.md``); links
between them are computed here as relative URLs, because most links sit in
HTML blocks that MkDocs does not rewrite. Both ``use_directory_urls`` modes
are supported.
"""

from __future__ import annotations

from ..catalog.terms import slugify

NAMES_PATH = "names/index.md"
CATEGORIES_PATH = "methods/index.md"
RESEARCHERS_PATH = "researchers/index.md"
TIMELINE_PATH = "timeline/index.md"


def method_path(method_id: str) -> str:
    return f"methods/{method_id}.md"


def researcher_path(researcher_id: str) -> str:
    return f"researchers/{researcher_id}.md"


def term_slug(term: str) -> str:
    return slugify(term)


def disambiguation_path(slug: str) -> str:
    return f"terms/{slug}.md"


def redirect_path(slug: str) -> str:
    return f"terms/{slug}/index.html"


def page_url(path: str, *, directory_urls: bool = True) -> str:
    """The site-relative URL of a docs path, as MkDocs computes it (``methods/x.md`` → ``methods/x/``)."""
    if not path.endswith(".md"):
        if directory_urls and path.endswith("index.html"):
            return path[: -len("index.html")]
        return path
    stem = path[: -len(".md")]
    head, _, name = stem.rpartition("/")
    if name in ("index", "README"):
        url = f"{head}/" if head else ""
        return url if directory_urls else f"{url}index.html"
    return f"{stem}/" if directory_urls else f"{stem}.html"


def _relpath(target: str, base: str) -> str:
    """``posixpath.relpath`` for two site-relative paths, without asking the file system for a working directory."""
    to = [part for part in target.split("/") if part not in ("", ".")]
    start = [part for part in base.split("/") if part not in ("", ".")]
    common = 0
    while common < min(len(to), len(start)) and to[common] == start[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + to[common:]) or "."


def href(from_path: str, to_path: str, *, directory_urls: bool = True, fragment: str = "") -> str:
    """A relative link from one generated page to another."""
    source = page_url(from_path, directory_urls=directory_urls)
    target = page_url(to_path, directory_urls=directory_urls)
    base = source.rsplit("/", 1)[0] if "/" in source else ""
    rel = _relpath(target, base)
    if target.endswith("/") or target == "":
        rel = "./" if rel == "." else rel + "/"
    return rel + (f"#{fragment}" if fragment else "")
