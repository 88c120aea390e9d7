"""Lay out HTML with PyMuPDF's Story: several sections each starting on a new page, links, outline."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pymupdf

from reader.exporting.tounicode import plain_ligatures

PAGE = pymupdf.paper_rect("a4")
MARGIN = 56  # points: a little under 2 cm
BODY = pymupdf.Rect(MARGIN, MARGIN, PAGE.width - MARGIN, PAGE.height - MARGIN - 14)
MAX_PAGES = 5000  # a runaway layout stops here instead of filling the disk


@dataclass(frozen=True)
class Heading:
    """Where an element with an ``id`` landed: 1-based page and its top-left corner."""

    id: str
    level: int  # 0 when the element is not a heading
    text: str
    page: int
    x: float
    y: float


@dataclass
class Layout:
    doc: pymupdf.Document
    headings: list[Heading]
    pages: list[range]  # 0-based page numbers of each section


def layout(sections: Sequence[str], css: str = "") -> Layout:
    """Write each HTML section from a new page; internal ``href="#id"`` links become PDF links."""
    stream = io.BytesIO()
    writer = pymupdf.DocumentWriter(stream)
    positions: list[Any] = []
    page_num = 0
    ranges = []
    for html in sections:
        first = page_num
        story = pymupdf.Story(html, user_css=css, em=11)
        more = True
        while more:
            page_num += 1
            if page_num > MAX_PAGES:
                raise ValueError(f"the document would have more than {MAX_PAGES} pages")
            device = writer.begin_page(PAGE)
            more_flag, _filled = story.place(BODY)
            more = bool(more_flag)
            placed: list[Any] = []
            story.element_positions(_collector(placed))
            for position in placed:
                position.page_num = page_num
            positions.extend(placed)
            story.draw(device)
            writer.end_page()
        ranges.append(range(first, page_num))
    writer.close()
    stream.seek(0)
    doc = pymupdf.open("pdf", stream)
    plain_ligatures(doc)  # the fonts set "fl" as one glyph; its text must still be "fl" to be found
    add_links(doc, positions)
    headings = [Heading(p.id, int(p.heading or 0), (p.text or "").strip(), p.page_num, p.rect[0], p.rect[1])
                for p in positions if p.id and p.open_close & 1]
    return Layout(doc, headings, ranges)


def _collector(into: list[Any]) -> Callable[[Any], None]:
    def keep(position: Any) -> None:  # PyMuPDF wants a plain one-argument function
        into.append(position)

    return keep


def add_links(doc: pymupdf.Document, positions: Sequence[Any]) -> None:
    """One PDF link per line of each ``<a>`` (Story reports one position per word)."""
    targets = {}
    for p in positions:
        if p.id and p.open_close & 1 and p.id not in targets:
            targets[p.id] = p
    boxes: dict[tuple[int, str, float], pymupdf.Rect] = {}
    for p in positions:
        if not (p.href and p.open_close & 1):
            continue
        if p.href.startswith("#") and p.href[1:] not in targets:
            continue  # a note pointing at something outside the export: plain text
        key = (p.page_num, p.href, round(p.rect[3], 1))
        rect = pymupdf.Rect(p.rect)
        boxes[key] = boxes[key] | rect if key in boxes else rect
    for (page_num, href, _), rect in boxes.items():
        link: dict[str, Any] = {"from": rect}
        if href.startswith("#"):
            to = targets[href[1:]]
            link.update(kind=pymupdf.LINK_GOTO, page=to.page_num - 1, to=pymupdf.Point(to.rect[0], to.rect[1]))
        elif href.startswith(("http://", "https://", "mailto:")):
            link.update(kind=pymupdf.LINK_URI, uri=href)
        else:
            continue
        doc[page_num - 1].insert_link(link)


def set_outline(doc: pymupdf.Document, entries: Sequence[tuple[int, str, Heading]]) -> None:
    """The PDF outline (bookmarks): (level, title, where) in document order."""
    toc: list[list[Any]] = []
    for level, title, where in entries:
        if toc and level > toc[-1][0] + 1:
            level = toc[-1][0] + 1
        toc.append([level, title, where.page,
                    {"kind": pymupdf.LINK_GOTO, "page": where.page - 1, "to": pymupdf.Point(where.x, where.y),
                     "zoom": 0}])
    if toc:
        toc[0][0] = 1
        doc.set_toc(toc)


def number_pages(doc: pymupdf.Document) -> None:
    """A small footer on every page: "n / total" (digits only, so the base-14 font is enough)."""
    total = doc.page_count
    font = pymupdf.Font("helv")
    for number in range(total):
        page = doc[number]
        text = f"{number + 1} / {total}"
        width = font.text_length(text, fontsize=8)
        page.insert_text((PAGE.width - MARGIN - width, PAGE.height - MARGIN / 2), text, fontsize=8,
                         fontname="helv", color=(0.45, 0.45, 0.45))
