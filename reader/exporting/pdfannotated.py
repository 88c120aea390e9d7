"""The article itself as a PDF, each annotation a native highlight in its colour with the note as popup text.

The text is laid out with Story; the characters are then read back from each page and matched,
in order, to the article's own characters, so every highlight covers exactly its passage (also
when the same words occur twice, or the passage runs over several lines or pages).
"""

from __future__ import annotations

import difflib
import html
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pymupdf

from reader.colors import HEX, rgb
from reader.domain import Annotation
from reader.exporting.common import shorten, write_atomic
from reader.exporting.scope import ArticleNotes, ExportSet
from reader.exporting.storypdf import PAGE, Heading, layout, number_pages, set_outline

CSS = """
body { font-family: serif; font-size: 11.5pt; line-height: 1.45; color: #1a1a1a; }
h1 { font-size: 19pt; margin: 0 0 4pt 0; }
p.meta { font-style: italic; color: #666666; margin: 0 0 12pt 0; }
p { margin: 0 0 7pt 0; text-align: justify; }
h2 { font-size: 12pt; color: #555555; margin: 18pt 0 4pt 0; }
p.orphan { font-size: 10pt; color: #444444; }
"""
AUTHOR = "reader"


@dataclass(frozen=True)
class Glyph:
    page: int  # 0-based
    line: tuple[int, int, int]  # page, block, line: characters on one line share it
    bbox: tuple[float, float, float, float]


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def paragraphs_html(text: str) -> str:
    """Blank lines separate paragraphs, single line breaks stay breaks; everything escaped."""
    blocks = [b for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    return "".join("<p>" + "<br>".join(esc(line) for line in b.strip("\n").split("\n")) + "</p>" for b in blocks)


def header_html(item: ArticleNotes) -> tuple[str, str]:
    """The HTML above the text, and its visible characters (to skip them when matching)."""
    a = item.article
    meta = " · ".join(x for x in (a.source, a.author, a.published) if x)
    visible = a.title + meta + (a.url or "")
    parts = [f'<h1 id="article-{item.id}">{esc(a.title)}</h1>']
    if meta or a.url:
        parts.append(f'<p class="meta">{esc(meta)}{"<br>" + esc(a.url) if a.url else ""}</p>')
    return "".join(parts), visible


def orphans_html(item: ArticleNotes) -> str:
    orphans = [ann for ann in item.annotations if ann.orphan]
    if not orphans:
        return ""
    rows = "".join(f'<p class="orphan">« {esc(ann.anchor.exact)} » — {esc(ann.note)}</p>' for ann in orphans)
    return f"<h2>Notes whose passage is no longer in the text</h2>{rows}"


def page_glyphs(doc: pymupdf.Document, pages: Sequence[int]) -> list[tuple[str, Glyph]]:
    """Every non-space character drawn on these pages, in reading order, with its box."""
    out: list[tuple[str, Glyph]] = []
    for number in pages:
        data = doc[number].get_text("rawdict", flags=pymupdf.TEXT_MEDIABOX_CLIP)  # ligatures expanded
        for b, block in enumerate(data["blocks"]):
            for n, line in enumerate(block.get("lines", ())):
                for span in line["spans"]:
                    for char in span["chars"]:
                        c = char["c"]
                        if c and not c.isspace():
                            out.append((c, Glyph(number, (number, b, n), tuple(char["bbox"]))))
    return out


def map_text(text: str, glyphs: list[tuple[str, Glyph]], skip: int) -> dict[int, Glyph]:
    """Article offset -> glyph, for the article's non-space characters."""
    offsets = [i for i, c in enumerate(text) if not c.isspace()]
    wanted = "".join(text[i] for i in offsets)
    drawn = "".join(c for c, _ in glyphs)
    at = drawn.find(wanted, max(0, skip // 2))
    if at == -1:
        at = drawn.find(wanted)
    if at != -1:
        return {offsets[k]: glyphs[at + k][1] for k in range(len(wanted))}
    # Some character was drawn differently (a missing glyph): align what does match.
    mapping: dict[int, Glyph] = {}
    matcher = difflib.SequenceMatcher(None, wanted, drawn, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            mapping[offsets[block.a + k]] = glyphs[block.b + k][1]
    return mapping


def line_rects(ann: Annotation, mapping: dict[int, Glyph]) -> dict[int, list[pymupdf.Rect]]:
    """Per page, one rectangle per line the passage covers."""
    lines: dict[tuple[int, int, int], pymupdf.Rect] = {}
    for offset in range(ann.start or 0, ann.end or 0):
        glyph = mapping.get(offset)
        if glyph is None:
            continue
        rect = pymupdf.Rect(glyph.bbox)
        lines[glyph.line] = lines[glyph.line] | rect if glyph.line in lines else rect
    pages: dict[int, list[pymupdf.Rect]] = {}
    for (page, _, _), rect in lines.items():
        pages.setdefault(page, []).append(rect)
    return pages


def highlight(page: pymupdf.Page, rects: list[pymupdf.Rect], ann: Annotation, part: int, parts: int) -> None:
    annot = page.add_highlight_annot(quads=[r.quad for r in rects])
    annot.set_colors(stroke=rgb(HEX.get(ann.color, ann.color)))
    note = ann.note.strip()
    if parts > 1:
        note = f"({part}/{parts}) {note}".strip()
    annot.set_info(content=note, title=AUTHOR, subject=", ".join(ann.tags) or ann.color)
    top = rects[0]
    annot.set_popup(pymupdf.Rect(PAGE.width - 200, top.y0, PAGE.width - 10, top.y0 + 120))
    annot.update()
    # The annotation's unique name (/NM) is the note's uuid, suffixed per page when it is split.
    name = ann.uuid if parts == 1 else f"{ann.uuid}-{part}"
    page.parent.xref_set_key(annot.xref, "NM", pymupdf.get_pdf_str(name))


def build(export: ExportSet) -> pymupdf.Document:
    sections, headers = [], []
    for item in export.items:
        head, visible = header_html(item)
        headers.append(visible)
        sections.append(head + paragraphs_html(item.article.text) + orphans_html(item))
    done = layout(sections, CSS)
    doc = done.doc
    for item, visible, pages in zip(export.items, headers, done.pages, strict=True):
        glyphs = page_glyphs(doc, pages)
        mapping = map_text(item.article.text, glyphs, len("".join(visible.split())))
        for ann in item.annotations:
            if ann.orphan:
                continue
            per_page = line_rects(ann, mapping)
            for part, page_number in enumerate(sorted(per_page), start=1):
                highlight(doc[page_number], per_page[page_number], ann, part, len(per_page))
    where = {h.id: h for h in done.headings}
    entries: list[tuple[int, str, Heading]] = []
    for item in export.items:
        heading = where.get(f"article-{item.id}")
        if heading:
            entries.append((1, shorten(item.article.title, 90), heading))
    set_outline(doc, entries)
    number_pages(doc)
    doc.set_metadata({"title": export.label, "creator": "reader", "producer": "reader (PyMuPDF)"})
    return doc


def write(export: ExportSet, path: Path) -> list[Path]:
    doc = build(export)
    try:
        write_atomic(Path(path), lambda tmp: doc.save(tmp, garbage=3, deflate=True))
    finally:
        doc.close()
    return [Path(path)]
