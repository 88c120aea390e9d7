"""Turns positioned PDF lines back into paragraphs: line joins, safe de-hyphenation, page joins."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from reader.importing.pdforder import Line

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_PAGE_NUMBER = re.compile(
    r"^\s*[-–—]?\s*(?:page\s*)?\d{1,4}(?:\s*(?:/|sur|of)\s*\d{1,4})?\s*[-–—]?\s*$", re.IGNORECASE
)
_DIGITS = re.compile(r"\d+")
MARGIN = 0.08  # running heads and feet sit in the top and bottom 8 % of a page
_SENTENCE_END = re.compile(r"[.!?:;»\"”’)…]\s*$")
_BULLET = re.compile(r"^\s*(?:[•▪◦·*–—-]|\d{1,3}[.)])\s")
_TAIL = re.compile(r"([^\W\d_]+)-$")
_HEAD = re.compile(r"^([^\W\d_]+)")


def known_words(pages: Iterable[Sequence[Sequence[Line]]]) -> set[str]:
    """Every word (and hyphenated compound) the document spells in full, lowercased."""
    words: set[str] = set()
    for blocks in pages:
        for block in blocks:
            for line in block:
                words.update(w.lower() for w in _WORD.findall(line.text))
    return words


def join_lines(left: str, right: str, words: set[str]) -> str:
    """Join two lines of one paragraph, undoing end-of-line hyphenation only where safe."""
    left = left.rstrip()
    right = right.lstrip()
    if left.endswith("\u00ad"):
        return left[:-1] + right
    tail = _TAIL.search(left[-80:]) if left.endswith("-") else None  # bounded: no quadratic scans
    head = _HEAD.match(right)
    if tail and head:
        before, after = tail.group(1), head.group(1)
        if after[0].isupper():
            return left + right  # "Caucase-" + "Sud": a compound name
        if f"{before}-{after}".lower() in words and (before + after).lower() not in words:
            return left + right  # the compound is spelt with its hyphen elsewhere
        return left[:-1] + right
    return f"{left} {right}"


def block_paragraphs(block: Sequence[Line], words: set[str]) -> list[str]:
    """Split a block into paragraphs at short lines that end a sentence, and before bullets."""
    width_right = max(line.x1 for line in block)
    width_left = min(line.x0 for line in block)
    width = max(width_right - width_left, 1.0)
    paragraphs: list[str] = []
    current = ""
    for index, line in enumerate(block):
        text, x1 = line.text, line.x1
        text = " ".join(text.split()) if not text.endswith("\u00ad") else " ".join(text.split()) + "\u00ad"
        if current and _BULLET.match(text):
            paragraphs.append(current)
            current = ""
        current = join_lines(current, text, words) if current else text
        short = (width_right - x1) > 0.15 * width
        last = index == len(block) - 1
        if last or (short and _SENTENCE_END.search(text)):
            paragraphs.append(current)
            current = ""
    return [p for p in paragraphs if p.strip()]


def _furniture_key(line: Line) -> str:
    return _DIGITS.sub("#", " ".join(line.text.split()).lower())


def drop_furniture(pages: Sequence[Sequence[Sequence[Line]]], heights: Sequence[float]) -> list[list[list[Line]]]:
    """Without running heads and feet: margin lines repeated on at least 2 pages and a quarter of them."""
    def in_margin(line: Line, height: float) -> bool:
        return line.y1 < MARGIN * height or line.y0 > (1 - MARGIN) * height

    seen: dict[str, set[int]] = {}
    for number, (blocks, height) in enumerate(zip(pages, heights, strict=True)):
        for block in blocks:
            for line in block:
                if in_margin(line, height):
                    seen.setdefault(_furniture_key(line), set()).add(number)
    needed = max(2, len(pages) / 4)
    repeated = {key for key, numbers in seen.items() if len(numbers) >= needed}
    result: list[list[list[Line]]] = []
    for blocks, height in zip(pages, heights, strict=True):
        kept = [
            [line for line in block if not (in_margin(line, height) and _furniture_key(line) in repeated)]
            for block in blocks
        ]
        result.append([block for block in kept if block])
    return result


def pages_to_text(pages: Sequence[Sequence[Sequence[Line]]], heights: Sequence[float] | None = None) -> str:
    """The document's text: paragraphs and pages separated by blank lines, page furniture dropped."""
    if heights is not None:
        pages = drop_furniture(pages, heights)
    words = known_words(pages)
    out: list[str] = []
    for blocks in pages:
        previous: Sequence[Line] | None = None  # the block read before, on this page
        page: list[str] = []
        for block in blocks:
            if len(block) == 1 and _PAGE_NUMBER.match(block[0].text):
                continue
            paragraphs = block_paragraphs(block, words)
            if previous is not None and page and paragraphs and (
                _continues(page[-1], paragraphs[0]) or _cut_by_column_end(previous, block, page[-1])
            ):
                page[-1] = join_lines(page[-1], paragraphs.pop(0), words)
            page.extend(paragraphs)
            previous = block
        if out and page and _continues(out[-1], page[0]):
            out[-1] = join_lines(out[-1], page.pop(0), words)  # a paragraph running over the page break
        out.extend(page)
    return "\n\n".join(out)


def _cut_by_column_end(previous: Sequence[Line], block: Sequence[Line], text: str) -> bool:
    """The previous block ends a column mid-sentence on a full line, and this one starts the next column."""
    last, first = previous[-1], block[0]
    left = min(line.x0 for line in previous)
    full = (last.x1 - left) > 0.85 * (max(line.x1 for line in previous) - left)
    return len(previous) > 1 and full and first.y0 < last.y0 and first.x0 > last.x1 and not _SENTENCE_END.search(text)


def _continues(previous: str, following: str) -> bool:
    return not _SENTENCE_END.search(previous) and following[:1].islower()
