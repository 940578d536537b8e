"""Status and verification marks shared by method pages, term pages and indexes."""

from __future__ import annotations

from ..catalog.model import Method
from .markup import text

VERIFICATION_LABELS: dict[str, str] = {
    "primary-source": "Origin checked against the primary source",
    "secondary": "Origin checked in secondary sources",
    "unverified": "Origin not verified",
    "disputed": "Origin disputed",
}
UNCERTAIN = frozenset({"unverified", "disputed"})


def status_badges(method: Method) -> str:
    """Inline badges for draft / deprecated status and an uncertain origin; empty for a settled entry."""
    badges: list[str] = []
    if method.status == "draft":
        badges.append('<span class="cxc-badge cxc-badge--draft" title="Draft: not yet reviewed">draft</span>')
    elif method.status == "deprecated":
        badges.append('<span class="cxc-badge cxc-badge--deprecated" title="Deprecated entry">deprecated</span>')
    level = method.verification.level
    if level in UNCERTAIN:
        badges.append(
            f'<span class="cxc-badge cxc-badge--{text(level)}" title="{text(VERIFICATION_LABELS[level])}">origin {text(level)}</span>'
        )
    return " ".join(badges)
