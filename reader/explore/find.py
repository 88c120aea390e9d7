"""Where the words of a search are in a text: accent- and case-blind, as the library search matches."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"\w[\w'’-]*", re.UNICODE)
_OPERATORS = {"AND", "OR", "NOT", "NEAR"}


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """``text`` case-folded without accents, and for each folded character the offset it came from."""
    folded: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        if ch.isascii():
            part = ch.lower()
        else:
            part = "".join(c for c in unicodedata.normalize("NFKD", ch.casefold()) if not unicodedata.combining(c))
        folded.append(part)
        origin.extend([i] * len(part))
    return "".join(folded), origin


def query_terms(query: str) -> list[str]:
    """The words of a search as typed (quotes and FTS operators dropped), folded, longest first."""
    words = [w for w in _WORD.findall(query) if w not in _OPERATORS]
    folded = {fold_with_map(w)[0] for w in words}
    return sorted((w for w in folded if w), key=lambda w: (-len(w), w))


def find_all(text: str, query: str, *, prefix_last: bool = True) -> list[tuple[int, int]]:
    """Spans of ``text`` matching a word of ``query``: whole-word starts, the last word also as a prefix.

    The library search treats the last word as a prefix ("otan" finds "OTAN", "azerb" finds
    "Azerbaïdjan"), so the reading pane marks the same places.
    """
    terms = query_terms(query)
    if not terms or not text:
        return []
    folded, origin = fold_with_map(text)
    last = fold_with_map(_WORD.findall(query)[-1])[0] if prefix_last and _WORD.findall(query) else ""
    parts = [re.escape(t) + (r"\w*" if t == last else r"(?!\w)") for t in terms]
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")")
    spans: list[tuple[int, int]] = []
    for m in pattern.finditer(folded):
        if m.end() > m.start():
            spans.append((origin[m.start()], origin[m.end() - 1] + 1))
    return spans
