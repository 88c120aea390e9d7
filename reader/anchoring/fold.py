"""Typographic equivalences shared by every quote matcher, with exact offsets back into the real text."""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

# Apostrophes, quotation marks and dashes that writers, tools and keyboards use for one another.
APOSTROPHES = "'\u2019\u2018\u201b\u02bc\u2032`\u00b4"
QUOTATION_MARKS = '"\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a\u2033'
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_TABLE = {
    **{c: "'" for c in APOSTROPHES},
    **{c: '"' for c in QUOTATION_MARKS},
    **{c: "-" for c in DASHES},
    "\u0153": "oe",  # œ, written oe by keyboards without it
    "\u0152": "oe",
    "\u00e6": "ae",
    "\u00c6": "ae",
}
# Invisible characters: soft hyphens (where a line may break), zero-width spaces and joiners, BOM.
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"


@lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    """What one character counts as when quotes are compared ("" for spaces and invisible ones).

    Line breaks, non-breaking and thin spaces vanish with every other space, so "l' agence",
    "l’agence" and "« mot »" against '"mot"' compare equal; ligatures (ﬁ, ﬂ) and other
    compatibility forms (…) expand through NFKC; case is ignored.
    """
    if char in INVISIBLE or char.isspace():
        return ""
    if char in _TABLE:
        return _TABLE[char]
    out = []
    for c in unicodedata.normalize("NFKC", char):
        if c.isspace() or c in INVISIBLE:
            continue
        c = _TABLE.get(c, c)
        low = c.lower()
        out.append(low if len(low) == len(c) else c)
    return "".join(out)


def fold_key(text: str) -> str:
    """The comparison key of a quote or of its context."""
    return "".join(fold_char(c) for c in unicodedata.normalize("NFC", text))


@dataclass(frozen=True)
class Keyed:
    """A text's comparison key, and for each key character the offset of the real character it came from."""

    text: str
    key: str
    at: list[int]

    def span(self, i: int, j: int) -> tuple[int, int]:
        """The real span of ``key[i:j]`` (j > i): from the first real character to past the last."""
        return self.at[i], self.at[j - 1] + 1

    def index(self, offset: int) -> int:
        """The key index of the first key character at or after the real ``offset``."""
        return bisect_right(self.at, offset - 1)

    def find_all(self, needle: str, limit: int = 2000) -> list[tuple[int, int]]:
        """Key spans of every occurrence of ``needle`` (a folded key), overlapping ones included."""
        found: list[tuple[int, int]] = []
        if not needle:
            return found
        i = self.key.find(needle)
        while i != -1 and len(found) < limit:
            found.append((i, i + len(needle)))
            i = self.key.find(needle, i + 1)
        return found


def keyed(text: str) -> Keyed:
    """Fold ``text`` character by character, remembering where each key character came from.

    The text is taken as stored (offsets are code points of the stored text), so no
    normalisation of the whole string happens here: each character folds on its own.
    """
    parts: list[str] = []
    at: list[int] = []
    for offset, char in enumerate(text):
        folded = fold_char(char)
        if folded:
            parts.append(folded)
            at.extend([offset] * len(folded))
    return Keyed(text, "".join(parts), at)
