"""Turns positioned PDF lines back into paragraphs: line joins, safe de-hyphenation, page joins."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from reader.importing.pdfworker import Line

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s*)?\d{1,4}(?:\s*(?:/|sur|of)\s*\d{1,4})?\s*$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?:;»\"”’)…]\s*$")
_BULLET = re.compile(r"^\s*(?:[•▪◦·*–—-]|\d{1,3}[.)])\s")
_TAIL = re.compile(r"([^\W\d_]+)-$")
_HEAD = re.compile(r"^([^\W\d_]+)")


def known_words(pages: Iterable[Sequence[Sequence[Line]]]) -> set[str]:
    """Every word (and hyphenated compound) the document spells in full, lowercased."""
    words: set[str] = set()
    for blocks in pages:
        for block in blocks:
            for text, _x0, _x1 in block:
                words.update(w.lower() for w in _WORD.findall(text))
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
    width_right = max(x1 for _t, _x0, x1 in block)
    width_left = min(x0 for _t, x0, _x1 in block)
    width = max(width_right - width_left, 1.0)
    paragraphs: list[str] = []
    current = ""
    for index, (text, _x0, x1) in enumerate(block):
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


def pages_to_text(pages: Sequence[Sequence[Sequence[Line]]]) -> str:
    """The document's text: paragraphs and pages separated by blank lines, page numbers dropped."""
    words = known_words(pages)
    out: list[str] = []
    for blocks in pages:
        page: list[str] = []
        for block in blocks:
            if len(block) == 1 and _PAGE_NUMBER.match(block[0][0]):
                continue
            page.extend(block_paragraphs(block, words))
        if out and page and _continues(out[-1], page[0]):
            out[-1] = join_lines(out[-1], page.pop(0), words)  # a paragraph running over the page break
        out.extend(page)
    return "\n\n".join(out)


def _continues(previous: str, following: str) -> bool:
    return not _SENTENCE_END.search(previous) and following[:1].islower()
