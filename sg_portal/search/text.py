"""Normalised text: what the SQLite fallback, the trigrams and the excerpts compare."""

from __future__ import annotations

import re
import unicodedata

#: A query longer than this is cut (a pasted page is not a search).
QUERY_MAX = 200

_WORD = re.compile(r"\w+", re.UNICODE)
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "Œ": "OE", "Æ": "AE", "’": "'"})


def normalise(text: str) -> str:
    """Lower case, accents and ligatures removed, spaces collapsed: « Crèches » → « creches »."""
    text = (text or "").translate(_LIGATURES)
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.lower().split())


def words(text: str) -> list[str]:
    return _WORD.findall(normalise(text))


def code_of(text: str) -> str:
    """A code as it is compared: upper case, accents removed, words separated by one space
    (« 2026 dases 123 » and « 2026-DASES-123 » are the same deliberation)."""
    return " ".join(w.upper() for w in words(text.replace("_", " ")))[:100]


def clean_query(raw: str) -> tuple[str, bool]:
    """The query as searched, and whether it had to be cut."""
    text = " ".join((raw or "").split())
    if len(text) > QUERY_MAX:
        return text[:QUERY_MAX], True
    return text, False
