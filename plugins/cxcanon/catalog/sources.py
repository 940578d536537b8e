"""The source policy: which hosts are never published, and what kinds of checked source there are.

A URL is unpublishable when its host, or a domain above it, is listed in
``schema/unpublishable-hosts.yaml`` (document dumps, piracy mirrors, essay mills,
paste sites, URL shorteners, copies of other sites), or when the host is a bare IP
address. The list is a reviewed data file; each entry gives its reason.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType
from urllib.parse import urlsplit

import yaml

from .schema import schema_dir

HOSTS_FILE = "unpublishable-hosts.yaml"
CITE_THE_WORK = "cite the work itself: its DOI, publisher or journal page, or a library catalogue record"


@cache
def _blocked(folder: Path) -> Mapping[str, str]:
    entries = yaml.safe_load((folder / HOSTS_FILE).read_text(encoding="utf-8")) or []
    return MappingProxyType({str(e["host"]).lower(): str(e["reason"]) for e in entries})


def blocked_hosts(root: Path | None = None) -> Mapping[str, str]:
    """Host → reason, for every host that is never published."""
    return _blocked(schema_dir(root))


def host_of(url: str) -> str:
    """The lower-case host of a URL ('' when there is none)."""
    try:
        return (urlsplit(url.strip()).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""


def unpublishable(url: str, root: Path | None = None) -> str | None:
    """Why a URL must not be published (``None`` when it may be)."""
    host = host_of(url)
    if not host:
        return None
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return "its host is a bare IP address"
    blocked = blocked_hosts(root)
    labels = host.split(".")
    for start in range(len(labels) - 1):
        reason = blocked.get(".".join(labels[start:]))
        if reason:
            return f"{'.'.join(labels[start:])} is never published ({reason})"
    return None
