"""The text under a PDF highlight: glyphs whose centre lies in its quads, with the context around it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from reader.importing.pdflayout import join_lines
from reader.importing.pdforder import Line

CONTEXT_CHARS = 32
Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in page coordinates (y downwards)

_SPACES = re.compile(r"\s+")
_PDF_DATE = re.compile(
    r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?\s*(?:([Zz])|([+-])(\d{2})'?(\d{2})?'?)?"
)


@dataclass(frozen=True)
class _Placed:
    """Where a line's characters sit in the page text: its first kept character and its end."""

    line: Line
    base: int
    lead: int  # leading spaces of the line, not in the page text
    end: int

    def offset(self, index: int) -> int:
        return max(self.base, min(self.end, self.base + index - self.lead))


@dataclass(frozen=True)
class PageText:
    """A page's text as the article gets it (lines joined, hyphenation undone) and where each line sits."""

    text: str
    lines: tuple[_Placed, ...]


def page_text(blocks: Sequence[Sequence[Line]], words: set[str]) -> PageText:
    """Blocks in reading order joined like the imported article: lines by join_lines, blocks by a blank line."""
    text = ""
    placed: list[_Placed] = []
    for block in blocks:
        for index, line in enumerate(block):
            stripped = line.text.lstrip()
            lead = len(line.text) - len(stripped)
            if index == 0:
                if text:
                    text = text.rstrip()
                    if placed:
                        placed[-1] = _end_at(placed[-1], len(text))
                    text += "\n\n"
                base = len(text)
                text += stripped
            else:
                text = join_lines(text, line.text, words)
                base = len(text) - len(stripped)
                # the previous line ends before the space the join added (or its dropped hyphen)
                previous_end = base - 1 if text[base - 1 : base] == " " else base
                placed[-1] = _end_at(placed[-1], previous_end)
            placed.append(_Placed(line, base, lead, len(text)))
    if placed:
        text = text.rstrip()
        placed[-1] = _end_at(placed[-1], len(text))
    return PageText(text, tuple(placed))


def _end_at(placed: _Placed, end: int) -> _Placed:
    return _Placed(placed.line, placed.base, placed.lead, min(placed.end, end))


def _inside(x: float, y: float, boxes: Sequence[Box]) -> bool:
    return any(x0 <= x <= x1 and y0 <= y <= y1 for x0, y0, x1, y1 in boxes)


def quote_under(page: PageText, boxes: Sequence[Box]) -> tuple[str, str, str]:
    """(quote, prefix, suffix): the characters whose glyph centre lies in a box, and the text around them.

    Only the glyphs count, not the words they belong to: a box over "Bakou" in "Bakou," gives "Bakou".
    The quote is empty when no glyph lies under the boxes.
    """
    start = end = -1
    for placed in page.lines:
        line = placed.line
        if not any(line.x0 <= x1 and x0 <= line.x1 and line.y0 <= y1 and y0 <= line.y1
                   for x0, y0, x1, y1 in boxes):
            continue
        for index, (char, cx, cy) in enumerate(line.chars):
            if char.strip() and _inside(cx, cy, boxes):
                offset = placed.offset(index)
                if start < 0 or offset < start:
                    start = offset
                end = max(end, min(offset + 1, placed.end))
    if start < 0 or end <= start:
        return "", "", ""
    quote = _SPACES.sub(" ", page.text[start:end]).strip()
    prefix = _SPACES.sub(" ", page.text[max(0, start - CONTEXT_CHARS) : start])
    suffix = _SPACES.sub(" ", page.text[end : end + CONTEXT_CHARS])
    return quote, prefix, suffix


def iso_pdf_date(value: str) -> str:
    """A PDF date ("D:20240305143000+01'00'") as ISO 8601 ("2024-03-05T14:30:00+01:00"), else ""."""
    match = _PDF_DATE.match(value.strip())
    if not match:
        return ""
    year, month, day, hour, minute, second, zulu, sign, tz_hour, tz_minute = match.groups()
    month, day = month or "01", day or "01"
    if not ("01" <= month <= "12" and "01" <= day <= "31"):
        return ""
    result = f"{year}-{month}-{day}"
    if hour is None:
        return result
    result += f"T{hour}:{minute or '00'}:{second or '00'}"
    if zulu:
        return result + "Z"
    if sign:
        return result + f"{sign}{tz_hour}:{tz_minute or '00'}"
    return result
