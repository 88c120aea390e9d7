"""The notes as a PDF (PyMuPDF Story): contents page, one section per article, outline and links."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from reader.colors import HEX, rgb
from reader.exporting.common import block_id, shorten, write_atomic
from reader.exporting.html import NotesHtml, esc
from reader.exporting.scope import ExportSet
from reader.exporting.storypdf import Heading, layout, number_pages, set_outline

CSS = """
body { font-family: serif; font-size: 11pt; line-height: 1.35; color: #222222; }
h1 { font-size: 19pt; margin: 0 0 4pt 0; color: #1a1a1a; }
h2 { font-size: 13pt; margin: 16pt 0 6pt 0; color: #444444; border-bottom: 0.5pt solid #bbbbbb; }
p.meta { font-style: italic; color: #666666; margin: 0 0 8pt 0; }
blockquote { padding: 5pt 8pt; margin: 10pt 0 3pt 0; border-left: 4pt solid #999999; }
div.info { font-family: sans-serif; font-size: 8.5pt; color: #555555; margin: 2pt 0 3pt 8pt; }
div.body { margin: 2pt 0 4pt 12pt; }
div.body p { margin: 2pt 0; }
p.entities { margin: 2pt 0; }
span.orphan { font-style: italic; }
ul.links { font-size: 9.5pt; margin: 2pt 0 6pt 12pt; }
p.toc { margin: 3pt 0; }
a { color: #1f4e9a; text-decoration: none; }
span.tag { font-family: sans-serif; color: #333333; }
"""


PDF_NOTE_CHARS = 20_000  # the notes PDF shows this much of a note, then says how long it was


def tint(color: str, amount: float = 0.45) -> str:
    """The highlight colour mixed with white, for a background that keeps the text readable."""
    r, g, b = rgb(HEX.get(color, color))
    mix = [round(255 * (1 - amount * (1 - c))) for c in (r, g, b)]
    return "#" + "".join(f"{c:02x}" for c in mix)


class NotesPdfHtml(NotesHtml):
    """The notes HTML as the PDF wants it: each article from a new page under its own h1, no full text."""

    section_tag = "h2"
    full_text = False

    def title_tag(self) -> str:
        return "h1"

    def note_text(self, note: str) -> str:
        """A very long note is cut, with a visible mark: laying out megabytes would take minutes."""
        if len(note) <= PDF_NOTE_CHARS:
            return note
        return note[:PDF_NOTE_CHARS] + f"\n\n… (truncated, {len(note):,} characters)"

    def quote_style(self, color: str) -> str:
        return f' style="border-left: 4pt solid {HEX.get(color, "#999999")}; background-color: {tint(color)}"'


class NotesPdf:
    def __init__(self, export: ExportSet) -> None:
        self.export = export
        self.html = NotesPdfHtml(export)

    def contents(self, pages: dict[str, int]) -> str:
        rows = []
        for item in self.export.items:
            page = pages.get(f"article-{item.id}", 0)
            count = len(item.annotations)
            rows.append(f'<p class="toc"><a href="#article-{item.id}">{esc(item.article.title)}</a> '
                        f'<span class="tag">— {count} note{"s" if count != 1 else ""}, page {page}</span></p>')
        return (f'<h1 id="contents">{esc(self.export.label)}</h1>'
                f'<p class="meta">{self.export.annotation_count()} notes, {len(self.export.items)} '
                f'article{"s" if len(self.export.items) != 1 else ""}</p><h2>Contents</h2>' + "".join(rows))

    def document(self) -> pymupdf.Document:
        articles = [self.html.article(item) for item in self.export.items]
        pages: dict[str, int] = {}
        for _ in range(3):  # the contents page shows page numbers that depend on its own length
            done = layout([self.contents(pages), *articles], CSS)
            doc, headings = done.doc, done.headings
            found = {h.id: h.page for h in headings}
            if found == pages:
                break
            pages = found
            doc.close()
        self.outline(doc, headings)
        number_pages(doc)
        doc.set_metadata({"title": self.export.label, "creator": "reader", "producer": "reader (PyMuPDF)"})
        return doc

    def outline(self, doc: pymupdf.Document, headings: list[Heading]) -> None:
        where = {h.id: h for h in headings}
        entries: list[tuple[int, str, Heading]] = [(1, "Contents", where["contents"])]
        for item in self.export.items:
            entries.append((1, item.article.title, where[f"article-{item.id}"]))
            for ann in item.annotations:
                spot = where.get(block_id(ann.uuid))
                if spot:
                    entries.append((2, shorten(ann.anchor.exact, 70), spot))
            for section, title in (("links", "Links"), ("entities", "Entities")):
                spot = where.get(f"{section}-{item.id}")
                if spot:
                    entries.append((2, title, spot))
        set_outline(doc, entries)


def write(export: ExportSet, path: Path) -> list[Path]:
    doc = NotesPdf(export).document()
    try:
        write_atomic(Path(path), lambda tmp: doc.save(tmp, garbage=3, deflate=True))
    finally:
        doc.close()
    return [Path(path)]
