"""The notes as a PDF (PyMuPDF Story): contents page, one section per article, outline and links."""

from __future__ import annotations

import html
from pathlib import Path

import pymupdf

from reader.colors import HEX, rgb
from reader.domain import Annotation, Link
from reader.exporting.common import block_id, end_quote, link_direction, shorten, write_atomic
from reader.exporting.html import note_html
from reader.exporting.markdown import TYPE_NAMES, guillemets
from reader.exporting.scope import ArticleNotes, ExportSet
from reader.exporting.storypdf import Heading, layout, number_pages, set_outline

CSS = """
body { font-family: serif; font-size: 11pt; line-height: 1.35; color: #222222; }
h1 { font-size: 19pt; margin: 0 0 4pt 0; color: #1a1a1a; }
h2 { font-size: 13pt; margin: 16pt 0 6pt 0; color: #444444; border-bottom: 0.5pt solid #bbbbbb; }
p.meta { font-style: italic; color: #666666; margin: 0 0 8pt 0; }
div.quote { padding: 5pt 8pt; margin: 10pt 0 3pt 0; border-left: 4pt solid #999999; }
p.info { font-family: sans-serif; font-size: 8.5pt; color: #555555; margin: 2pt 0 3pt 8pt; }
div.note { margin: 2pt 0 4pt 12pt; }
div.note p { margin: 2pt 0; }
ul.links { font-size: 9.5pt; margin: 2pt 0 6pt 12pt; }
p.toc { margin: 3pt 0; }
a { color: #1f4e9a; text-decoration: none; }
span.tag { font-family: sans-serif; color: #333333; }
"""


def tint(color: str, amount: float = 0.45) -> str:
    """The highlight colour mixed with white, for a background that keeps the text readable."""
    r, g, b = rgb(HEX.get(color, color))
    mix = [round(255 * (1 - amount * (1 - c))) for c in (r, g, b)]
    return "#" + "".join(f"{c:02x}" for c in mix)


def esc(text: str) -> str:
    return html.escape(text, quote=True)


class NotesPdf:
    def __init__(self, export: ExportSet) -> None:
        self.export = export

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

    def article(self, item: ArticleNotes) -> str:
        a = item.article
        meta = " · ".join(esc(x) for x in (a.source, a.author, a.published) if x)
        out = [f'<h1 id="article-{item.id}">{esc(a.title)}</h1>']
        if meta or a.url:
            url = f'<br><a href="{esc(a.url)}">{esc(a.url)}</a>' if a.url.startswith(("http://", "https://")) else ""
            out.append(f'<p class="meta">{meta}{url}</p>')
        out.append(f'<h2 id="notes-{item.id}">Notes ({len(item.annotations)})</h2>')
        if not item.annotations:
            out.append('<p class="meta">No notes.</p>')
        out.extend(self.annotation(item, ann) for ann in item.annotations)
        loose = self.export.article_links(item.id)
        if loose:
            out.append(f'<h2 id="links-{item.id}">Links</h2><ul class="links">'
                       + "".join(self.link(link, None, item) for link in loose) + "</ul>")
        entities = item.entities()
        if entities:
            out.append(f'<h2 id="entities-{item.id}">Entities</h2>')
            for type_, label in TYPE_NAMES.items():
                names = [f"{esc(e.name)} ({e.count})" for e in entities if e.type == type_]
                if names:
                    out.append(f"<p><b>{label}</b> : {', '.join(names)}</p>")
        return "".join(out)

    def annotation(self, item: ArticleNotes, ann: Annotation) -> str:
        hex_ = HEX.get(ann.color, "#999999")
        quote = "<br>".join(esc(line) for line in ann.anchor.exact.split("\n"))
        info = [esc(ann.color)] + [f'<span class="tag">#{esc(t)}</span>' for t in ann.tags]
        if ann.orphan:
            info.append("<i>passage no longer found in the article</i>")
        out = [f'<div class="quote" id="{block_id(ann.uuid)}" style="border-left: 4pt solid {hex_}; '
               f'background-color: {tint(ann.color)}">{quote}</div>',
               f'<p class="info">{" · ".join(info)}</p>']
        if ann.note.strip():
            out.append(f'<div class="note">{note_html(ann.note, ann.origin.format)}</div>')
        assert ann.id is not None
        links = self.export.links_of(ann.id)
        if links:
            out.append('<ul class="links">' + "".join(self.link(link, ann.id, item) for link in links) + "</ul>")
        return "".join(out)

    def link(self, link: Link, annotation_id: int | None, item: ArticleNotes) -> str:
        arrow, other = link_direction(link, annotation_id, item.id)
        quote = end_quote(self.export, other)
        shown = esc(self.export.titles.get(other.article_id, ""))
        if quote:
            shown += " : " + esc(guillemets(shorten(quote, 80)))
        found = self.export.exported_annotation(other.annotation_id)
        if found is not None:
            shown = f'<a href="#{block_id(found[1].uuid)}">{shown}</a>'
        elif self.export.has_article(other.article_id):
            shown = f'<a href="#article-{other.article_id}">{shown}</a>'
        label = f" — <i>{esc(link.label)}</i>" if link.label else ""
        note = f" : {esc(link.note)}" if link.note.strip() else ""
        return f"<li>{arrow} {shown}{label}{note}</li>"

    def document(self) -> pymupdf.Document:
        articles = [self.article(item) for item in self.export.items]
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
