"""Typographic equivalences shared by every quote matcher, with exact offsets back into the real text."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
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


def tighten(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span without the whitespace at its ends; None when nothing else is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


# Typographic quotes and dashes fold to their ASCII forms here one character for one, so the
# fuzzy search can map offsets back; the exact search uses the full equivalences above.
_FOLD = str.maketrans(
    APOSTROPHES + QUOTATION_MARKS + DASHES,
    "'" * len(APOSTROPHES) + '"' * len(QUOTATION_MARKS) + "-" * len(DASHES),
)
_SPACE = re.compile(r"\s+")
_RUN = re.compile(r"\s{2,}")


@dataclass(frozen=True)
class Folded:
    """Text with quotes, dashes and case folded and each whitespace run collapsed to one space.

    Only runs of two or more characters shift offsets, so they alone are recorded: the folded
    index of the space standing for the run, where the run starts and ends in the real text, and
    how many characters all runs up to it removed.
    """

    text: str
    folded_at: list[int]
    real_start: list[int]
    real_end: list[int]
    removed: list[int]

    def real(self, offset: int) -> int:
        k = bisect_left(self.folded_at, offset)
        return offset + (self.removed[k - 1] if k else 0)

    def to_real(self, start: int, end: int, real: str) -> tuple[int, int] | None:
        """Map a folded span back to a tight span of the real text."""
        if end <= start:
            return None
        return tighten(real, self.real(start), self.real(end - 1) + 1)

    def to_folded(self, offset: int) -> int:
        k = bisect_left(self.real_start, offset)
        if k and offset < self.real_end[k - 1]:
            return self.folded_at[k - 1]
        return offset - (self.removed[k - 1] if k else 0)


def fold_chars(text: str) -> str:
    folded = text.translate(_FOLD)
    lower = folded.lower()
    if len(lower) == len(folded):
        return lower
    # A few characters lower-case to two (İ); keep those as they are so offsets stay 1:1.
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in folded)


def fold_text(text: str) -> Folded:
    chars = fold_chars(text)
    folded_at: list[int] = []
    real_start: list[int] = []
    real_end: list[int] = []
    removed: list[int] = []
    total = 0
    for m in _RUN.finditer(chars):
        folded_at.append(m.start() - total)
        real_start.append(m.start())
        real_end.append(m.end())
        total += m.end() - m.start() - 1
        removed.append(total)
    return Folded(_SPACE.sub(" ", chars), folded_at, real_start, real_end, removed)


def fold_str(text: str) -> str:
    return _SPACE.sub(" ", fold_chars(text))
