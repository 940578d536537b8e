"""Plain-text references for terminals and short labels (the site's cite block uses a CSL processor)."""

from __future__ import annotations

from ..catalog.model import Source


def _initials(given: str) -> str:
    parts = [p for p in given.replace("-", " -").split() if p]
    return " ".join(p[0] + "." if not p.startswith("-") else "-" + p[1] + "." for p in parts)


def author_short(author: str) -> str:
    """``"Osterwalder, Alexander"`` → ``"Osterwalder, A."``; organisations stay as they are."""
    if "," not in author:
        return author
    family, given = (part.strip() for part in author.split(",", 1))
    return f"{family}, {_initials(given)}" if given else family


def family_of(author: str) -> str:
    return author.split(",", 1)[0].strip()


def reference(source: Source) -> str:
    """A compact APA-like reference line."""
    authors = [author_short(a) for a in source.authors]
    if len(authors) > 1:
        who = ", ".join(authors[:-1]) + ", & " + authors[-1]
    else:
        who = authors[0] if authors else ""
    year = f"({source.year})" if source.year else "(n.d.)"
    parts = [f"{who} {year}." if who else f"{source.title} {year}."]
    if who:
        parts.append(source.title.rstrip(".") + ".")
    container = source.container or ""
    if container:
        detail = container
        if source.volume:
            detail += f", {source.volume}"
            if source.issue:
                detail += f"({source.issue})"
        if source.pages:
            detail += f", {source.pages}"
        parts.append(detail + ".")
    if source.publisher and source.type in ("book", "chapter", "report", "thesis"):
        parts.append(source.publisher + ".")
    if source.doi:
        parts.append(f"https://doi.org/{source.doi}")
    elif source.url:
        parts.append(source.url)
    return " ".join(parts)
