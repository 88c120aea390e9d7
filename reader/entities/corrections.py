"""User corrections replayed over freshly computed spans: a pure function, so they survive re-analysis."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from reader.entities.canonical import canonical_name
from reader.entities.dates import find_dates
from reader.entities.model import Correction, EntitySpan


def _matches(span: EntitySpan, text: str, c: Correction) -> bool:
    """Whether correction ``c`` (reject or retype) is about ``span``; a retype's type is the new one, not a filter."""
    if c.article_id is not None or (c.start is not None and c.end is not None):
        if (span.start, span.end) != (c.start, c.end):
            return False
        # Offsets that no longer hold the corrected words are stale: leave the span alone.
        return not c.text or text[span.start:span.end] == c.text
    return span.text == c.text and (c.kind == "retype" or not c.type or span.type == c.type)


def _date_value(surface: str) -> str:
    found = find_dates(surface)
    return found[0].value if len(found) == 1 and (found[0].start, found[0].end) == (0, len(surface)) else ""


def _added(text: str, start: int, end: int, c: Correction) -> EntitySpan:
    surface = text[start:end]
    value = _date_value(surface) if c.type == "DATE" else ""
    return EntitySpan(start, end, c.type or "MISC", surface, c.entity or canonical_name(surface), value, "user")


def _add(spans: list[EntitySpan], new: list[EntitySpan]) -> list[EntitySpan]:
    """Added spans replace whatever they overlap."""
    kept = [s for s in spans if not any(s.start < n.end and n.start < s.end for n in new)]
    return kept + new


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    if not needle:
        return []
    pattern = re.compile(r"(?<![\w\-])" + re.escape(needle) + r"(?![\w\-])")
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def apply_corrections(text: str, spans: list[EntitySpan], corrections: Sequence[Correction],
                      article_id: int | None = None) -> list[EntitySpan]:
    """The spans of one article after the user's corrections, applied in the given order.

    ``corrections`` holds this article's corrections and the library-wide ones (article_id None);
    when ``article_id`` is given, corrections bound to another article are skipped.
    """
    result = list(spans)
    for c in corrections:
        if article_id is not None and c.article_id is not None and c.article_id != article_id:
            continue
        if c.kind == "reject":
            result = [s for s in result if not _matches(s, text, c)]
        elif c.kind == "retype" and c.type:
            result = [replace(s, type=c.type, value=s.value if c.type == "DATE" else "") if _matches(s, text, c)
                      else s for s in result]
        elif c.kind == "add":
            if c.start is not None and c.end is not None:
                if 0 <= c.start < c.end <= len(text) and (not c.text or text[c.start:c.end] == c.text):
                    result = _add(result, [_added(text, c.start, c.end, c)])
            elif c.article_id is None:
                result = _add(result, [_added(text, s, e, c) for s, e in _occurrences(text, c.text)])
        elif c.kind in ("merge", "rename") and c.entity and c.target:
            result = [replace(s, entity=c.target) if s.entity == c.entity and (not c.type or s.type == c.type)
                      else s for s in result]
    return sorted(result, key=lambda s: (s.start, s.end))
