"""User corrections replayed over freshly computed spans: a pure function, so they survive re-analysis."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from reader.entities.canonical import canonical_name
from reader.entities.dates import find_dates
from reader.entities.gazetteer import IGNORE, parse_lines
from reader.entities.model import Correction, EntitySpan


def _matches(span: EntitySpan, text: str, c: Correction) -> bool:
    """Whether correction ``c`` (reject or retype) is about ``span``; a retype's type is the new one, not a filter."""
    if c.article_id is not None or (c.start is not None and c.end is not None):
        if (span.start, span.end) != (c.start, c.end):
            return False
        # Offsets that no longer hold the corrected words are stale: leave the span alone.
        return not c.text or text[span.start:span.end] == c.text
    # Everywhere, a correction follows the entity through its aliases ("NATO", "l'OTAN", "Alliance
    # atlantique"), in the articles imported later too.
    same = span.text == c.text or (bool(c.entity) and span.entity == c.entity and span.type != "DATE")
    return same and (c.kind == "retype" or not c.type or span.type == c.type)


def _date_value(surface: str) -> str:
    found = find_dates(surface)
    return found[0].value if len(found) == 1 and (found[0].start, found[0].end) == (0, len(surface)) else ""


def _added(text: str, start: int, end: int, c: Correction) -> EntitySpan:
    surface = text[start:end]
    value = _date_value(surface) if c.type == "DATE" else ""
    return EntitySpan(start, end, c.type or "MISC", surface, c.entity or canonical_name(surface), value, "user")


def _merged(span: EntitySpan, c: Correction) -> EntitySpan:
    type_ = c.type or span.type
    value = span.value if type_ == span.type else (_date_value(span.text) if type_ == "DATE" else "")
    return replace(span, entity=c.target, type=type_, value=value)


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
        elif c.kind == "unlink" and c.entity:
            # The bare surname goes back to being its own name; the full-name mentions stay linked.
            result = [replace(s, entity=canonical_name(s.text), source="model")
                      if s.source == "library" and s.entity == c.entity and (not c.text or s.text == c.text) else s
                      for s in result]
        elif c.kind == "merge" and c.entity and c.target:
            # A merge takes the target's identity: its name and, when known, its type (one index row, not two).
            result = [_merged(s, c) if s.entity == c.entity else s for s in result]
        elif c.kind == "rename" and c.entity and c.target:
            result = [replace(s, entity=c.target) if s.entity == c.entity and (not c.type or s.type == c.type)
                      else s for s in result]
    return sorted(result, key=lambda s: (s.start, s.end))


def to_gazetteer_lines(corrections: Sequence[Correction], type_of: Callable[[str], str]) -> tuple[list[str], int]:
    """The library-wide corrections as gazetteer lines a team can share; and how many could not be.

    reject -> ``text<TAB>IGNORE``; retype and add -> ``entity<TAB>TYPE<TAB>surface``; merge and rename
    -> ``target<TAB>TYPE<TAB>old name``. Corrections of one article (offsets) and unlinks have no line.
    ``type_of(name)`` gives the type of an entity the library holds ("" if none).
    """
    lines: list[str] = []
    skipped = 0
    for c in corrections:
        line = ""
        if c.article_id is None:
            if c.kind == "reject" and c.text:
                line = f"{c.text}\tIGNORE"
            elif c.kind in ("retype", "add") and c.text and c.type:
                name = c.entity or canonical_name(c.text)
                line = f"{name}\t{c.type}" + (f"\t{c.text}" if c.text != name else "")
            elif c.kind in ("merge", "rename") and c.entity and c.target and (c.type or type_of(c.target)):
                line = f"{c.target}\t{c.type or type_of(c.target)}\t{c.entity}"
        if line and "\n" not in line and line not in lines:
            lines.append(line)
        elif not line:
            skipped += 1
    return lines, skipped


def from_gazetteer_lines(lines: Iterable[str]) -> list[Correction]:
    """Library-wide corrections from shared gazetteer lines: IGNORE lines reject, others add their aliases."""
    found: list[Correction] = []
    for alias, entry in parse_lines(lines):
        if entry.type == IGNORE:
            correction = Correction("reject", None, text=alias)
        else:
            correction = Correction("add", None, text=alias, type=entry.type, entity=entry.name)
        if correction not in found:
            found.append(correction)
    return found
