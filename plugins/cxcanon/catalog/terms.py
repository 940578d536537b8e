"""Term normalisation and URL slugs: the one definition of "the same name"."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_HYPHENS = re.compile(r"[\u002d\u2010\u2011\u2012\u2013\u2014\u2212\s_]+")
_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue", "ẞ": "ss", "&": " and "})
_NON_SLUG = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=1 << 17)  # a catalog normalises each term several times (checks, indexes, matcher)
def normalize(term: str) -> str:
    """The comparison key of a term: NFKC, case-folded, hyphens and whitespace runs as one space.

    >>> normalize("Customer-Journey-Map") == normalize("customer  journey map")
    True
    """
    folded = unicodedata.normalize("NFKC", term).casefold()
    return _HYPHENS.sub(" ", folded).strip()


def slugify(term: str) -> str:
    """An ASCII URL slug for a term: German umlauts transliterated (ü → ue), other accents dropped."""
    text = unicodedata.normalize("NFKC", term).translate(_TRANSLIT)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return _NON_SLUG.sub("-", text).strip("-") or "term"
