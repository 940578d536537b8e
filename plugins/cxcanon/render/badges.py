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


LEVEL_EXPLAINED: dict[str, str] = {
    "primary-source": "The primary work itself was read: who introduced this method, when and where is confirmed there.",
    "secondary": "Two independent sources agree on who introduced this method, when and where.",
    "unverified": "Who introduced this method, and when, has not been checked in reliable sources yet.",
    "disputed": "Reliable sources disagree about the origin of this method; the Origin section says who claims what.",
}
"""Plain-language tooltips of the verification levels."""

ICONS = {"deprecated": "⊘", "draft": "◔", "unverified": "?", "disputed": "⁈"}


def status_indicator(method: Method, lang: str = "en") -> str:
    """The one status mark of a method page: the verification level, and draft or deprecated, with a plain-language tooltip."""
    level = method.verification.level
    words = [translate(lang, VERIFICATION_LABELS.get(level, level))]
    explained = [translate(lang, LEVEL_EXPLAINED.get(level, ""))]
    state = "verified" if level not in UNCERTAIN else level
    if method.status == "draft":
        words.append(translate(lang, "Draft"))
        explained.append(translate(lang, "This entry has not been reviewed yet; its details may change."))
        state = "draft" if state == "verified" else state
    elif method.status == "deprecated":
        words.append(translate(lang, "Deprecated"))
        state = "deprecated"
    title = text(" ".join(e for e in explained if e))
    return f'<span class="cxc-status cxc-status--{state}" title="{title}" tabindex="0">{text(" · ".join(words))}</span>'


def status_icon(method: Method, lang: str = "en") -> str:
    """A small mark for lists and links: only for a deprecated or draft entry or an uncertain origin; empty otherwise."""
    level = method.verification.level
    kinds = []
    if method.status in ("deprecated", "draft"):
        kinds.append(method.status)
    if level in UNCERTAIN:
        kinds.append(level)
    if not kinds:
        return ""
    labels = {
        "deprecated": "Deprecated entry",
        "draft": "Draft: not yet reviewed",
        "unverified": "Origin not verified",
        "disputed": "Origin disputed",
    }
    label = text("; ".join(translate(lang, labels[k]) for k in kinds))
    classes = " ".join(f"cxc-badge--{k}" for k in kinds)
    return f'<span class="cxc-badge cxc-badge--icon {classes}" role="img" aria-label="{label}" title="{label}">{ICONS[kinds[0]]}</span>'
