"""Builds the reading pane's document from plain text, and the ONE place where offsets are converted.

The store counts Python str offsets (code points); QTextDocument counts UTF-16 code units, so every
character outside the BMP (emoji) before a position shifts it by one. ``OffsetMap`` converts both ways.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QTextCharFormat, QTextCursor, QTextDocument, QTextFormat

from reader.domain import Annotation, Mention
from reader.ui.theme import Palette

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
MENTION_ID = int(QTextFormat.Property.UserProperty) + 1
ENTITY_ID = int(QTextFormat.Property.UserProperty) + 2
ANNOTATION_ID = int(QTextFormat.Property.UserProperty) + 3


class OffsetMap:
    """Python str offsets <-> QTextDocument positions for one text."""

    def __init__(self, text: str) -> None:
        self.length = len(text)
        # py offsets of non-BMP characters (max() is a quick C-level check for the common case)
        self._astral = [m.start() for m in _ASTRAL.finditer(text)] if text and max(text) > "\uffff" else []
        self._astral_qt = [a + i for i, a in enumerate(self._astral)]  # their positions in the document

    def to_qt(self, offset: int) -> int:
        return offset + bisect_left(self._astral, offset)

    def to_py(self, position: int) -> int:
        """A document position to a str offset (a position inside a surrogate pair rounds down)."""
        count = bisect_left(self._astral_qt, position)
        return max(0, min(position - count, self.length))

    def qt_length(self) -> int:
        return self.length + len(self._astral)


@dataclass(frozen=True)
class Span:
    """A highlighted range in document positions, with the object it shows."""

    start: int
    end: int
    item: Mention | Annotation


class SpanIndex:
    """Finds the mention under a document position (mentions never overlap each other)."""

    def __init__(self, spans: Sequence[Span]) -> None:
        self.spans = sorted(spans, key=lambda s: s.start)
        self._starts = [s.start for s in self.spans]

    def at(self, position: int) -> Span | None:
        i = bisect_right(self._starts, position) - 1
        if i >= 0 and self.spans[i].start <= position < self.spans[i].end:
            return self.spans[i]
        return None

    def __len__(self) -> int:
        return len(self.spans)


def entity_format(color: QColor, strong: bool = False) -> QTextCharFormat:
    """Entities: a coloured underline, calm enough to read through (``strong``: coloured semi-bold text too).

    Either way the background stays free for a highlight's colour.
    """
    fmt = QTextCharFormat()
    if strong:
        fmt.setForeground(color)
        fmt.setFontWeight(QFont.Weight.DemiBold)
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
    fmt.setUnderlineColor(color)
    return fmt


def annotation_format(color: QColor) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setBackground(color)
    return fmt


@dataclass
class Rendered:
    offsets: OffsetMap
    mentions: SpanIndex
    annotations: list[Span]


def render(doc: QTextDocument, text: str, mentions: Iterable[Mention], annotations: Iterable[Annotation],
           palette: Palette, hidden_types: frozenset[str] = frozenset()) -> Rendered:
    """Replace ``doc``'s content by ``text`` (inserted as plain text) with entity and highlight formats."""
    offsets = OffsetMap(text)
    doc.setUndoRedoEnabled(False)
    doc.clear()
    cursor = QTextCursor(doc)
    cursor.beginEditBlock()
    cursor.insertText(text, QTextCharFormat())
    mention_spans = [Span(offsets.to_qt(m.start), offsets.to_qt(m.end), m) for m in mentions
                     if m.type not in hidden_types and m.end > m.start]
    rendered = Rendered(offsets, SpanIndex(mention_spans), annotation_spans(offsets, annotations))
    _paint(cursor, rendered, palette, 0, offsets.qt_length())
    cursor.endEditBlock()
    return rendered


def annotation_spans(offsets: OffsetMap, annotations: Iterable[Annotation]) -> list[Span]:
    """The placed annotations' document ranges, in the order their formats are applied."""
    return [Span(offsets.to_qt(a.start), offsets.to_qt(a.end), a) for a in annotations
            if a.start is not None and a.end is not None and a.end > a.start]


def repaint(doc: QTextDocument, rendered: Rendered, palette: Palette, ranges: Iterable[tuple[int, int]]) -> None:
    """Re-apply the formats of ``rendered`` on some document ranges only: the text and the rest stay as they are.

    Each range is reset to plain text, then the mentions and annotations over it are merged again in the
    same order as ``render``, so the result is the same as a full render, at the cost of the range.
    """
    cursor = QTextCursor(doc)
    cursor.beginEditBlock()
    limit = rendered.offsets.qt_length()
    for start, end in _union(ranges):
        start, end = max(0, start), min(end, limit)
        if end > start:
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.setCharFormat(QTextCharFormat())
            _paint(cursor, rendered, palette, start, end)
    cursor.endEditBlock()


def _union(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _paint(cursor: QTextCursor, rendered: Rendered, palette: Palette, start: int, end: int) -> None:
    """Merge the formats of every span over [start, end), clipped to it: mentions first, then annotations."""
    formats: dict[str, QTextCharFormat] = {}
    for span in rendered.mentions.spans:
        if span.end <= start or span.start >= end:
            continue
        m = span.item
        assert isinstance(m, Mention)
        fmt = QTextCharFormat(formats.get(m.type) or formats.setdefault(
            m.type, entity_format(palette.entity(m.type), palette.strong_entities)))
        fmt.setProperty(ENTITY_ID, m.entity_id)
        if m.id is not None:
            fmt.setProperty(MENTION_ID, m.id)
        _merge(cursor, max(span.start, start), min(span.end, end), fmt)
    for span in rendered.annotations:
        if span.end <= start or span.start >= end:
            continue
        a = span.item
        assert isinstance(a, Annotation)
        fmt = annotation_format(palette.annotation(a.color))
        if a.id is not None:
            fmt.setProperty(ANNOTATION_ID, a.id)
        _merge(cursor, max(span.start, start), min(span.end, end), fmt)


def _merge(cursor: QTextCursor, start: int, end: int, fmt: QTextCharFormat) -> None:
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    cursor.mergeCharFormat(fmt)


def runs_with(doc: QTextDocument, prop: int, value: int) -> list[tuple[int, int]]:
    """Document ranges whose characters carry ``prop == value`` (joined when adjacent)."""
    ranges: list[tuple[int, int]] = []
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            if frag.isValid() and frag.charFormat().property(prop) == value:
                start, end = frag.position(), frag.position() + frag.length()
                if ranges and ranges[-1][1] in (start, start - 1):
                    ranges[-1] = (ranges[-1][0], end)
                else:
                    ranges.append((start, end))
            it += 1
        block = block.next()
    return ranges
