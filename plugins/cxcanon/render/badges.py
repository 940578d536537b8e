"""Status and verification marks shared by method pages, term pages and indexes."""

from __future__ import annotations

from ..catalog.model import Method
from .i18n import translate
from .markup import text

VERIFICATION_LABELS: dict[str, str] = {
    "primary-source": "Origin checked against the primary source",
    "secondary": "Origin checked in secondary sources",
    "unverified": "Origin not verified",
    "disputed": "Origin disputed",
}
UNCERTAIN = frozenset({"unverified", "disputed"})


def status_badges(method: Method, lang: str = "en") -> str:
    """Inline badges for draft / deprecated status and an uncertain origin; empty for a settled entry."""
    badges: list[str] = []
    if method.status == "draft":
        badges.append(
            f'<span class="cxc-badge cxc-badge--draft" title="{translate(lang, "Draft: not yet reviewed")}">{translate(lang, "draft")}</span>'
        )
    elif method.status == "deprecated":
        badges.append(
            f'<span class="cxc-badge cxc-badge--deprecated" title="{translate(lang, "Deprecated entry")}">{translate(lang, "deprecated")}</span>'
        )
    level = method.verification.level
    if level in UNCERTAIN:
        title = text(translate(lang, VERIFICATION_LABELS[level]))
        badges.append(f'<span class="cxc-badge cxc-badge--{text(level)}" title="{title}">{text(translate(lang, "origin " + level))}</span>')
    return " ".join(badges)
