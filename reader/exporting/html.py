"""One self-contained, styled HTML file: no script, article text escaped, highlights in their colours."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from reader.colors import HEX
from reader.domain import Annotation, Link, clean_note_text
from reader.exporting.common import block_id, end_quote, link_direction, shorten, write_text
from reader.exporting.markdown import TYPE_NAMES, guillemets
from reader.exporting.scope import ArticleNotes, ExportSet

# Raw HTML in notes is shown as text; markdown-it also refuses javascript: and data: links.
_NOTES = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def _image_as_link(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    """An image in a note becomes a plain link to it: opening the export loads nothing from elsewhere."""
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    alt = self.renderInlineAsText(token.children or [], options, env) or src
    return f'<a href="{esc(src)}">{esc(alt)}</a>'


_NOTES.add_render_rule("image", _image_as_link)
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

CSS = """
body { font: 16px/1.55 Georgia, "Charis SIL", "DejaVu Serif", serif; color: #222; background: #fdfdfb;
       max-width: 46em; margin: 2em auto; padding: 0 1.2em; }
h1 { font-size: 1.7em; margin-bottom: .2em; } h2 { font-size: 1.45em; margin-top: 2.2em;
     border-bottom: 1px solid #ddd; } h3 { font-size: 1.1em; color: #555; }
nav ol { padding-left: 1.3em; } .meta { color: #666; font-style: italic; }
.note { margin: 1.2em 0 1.6em; }
.note blockquote { margin: 0; padding: .5em .9em; border-left: 5px solid; border-radius: 3px; }
.note .info { font: 13px/1.4 system-ui, sans-serif; color: #555; margin: .35em 0; }
.tag { background: #eee; border-radius: 9px; padding: 0 .5em; margin-left: .3em; }
.body { margin: .3em 0 0 .9em; } .orphan { color: #a33; font-style: italic; }
ul.links { font-size: 14px; margin: .3em 0 0 .9em; padding-left: 1em; }
.fulltext p { text-align: justify; } mark { padding: 0 .05em; color: inherit; }
mark a { color: inherit; text-decoration: none; }
p.entities { margin: .3em 0; }
article + article { margin-top: 3em; }
""" + "".join(
    f".c-{name} blockquote {{ border-color: {hex_}; background: {hex_}55; }}\nmark.c-{name} {{ background: {hex_}; }}\n"
    for name, hex_ in HEX.items())


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def note_html(note: str, format: str = "") -> str:
    """A note as HTML: Markdown rendered safely, or a plain-text note (another tool's) as it was written."""
    note = clean_note_text(note)
    if format == "text/plain":
        paragraphs = [p for p in note.strip().split("\n\n") if p.strip()]
        return "".join("<p>" + "<br>".join(esc(line) for line in p.split("\n")) + "</p>\n" for p in paragraphs)
    return _NOTES.render(note)


def highlighted_text(text: str, annotations: tuple[Annotation, ...]) -> str:
    """The article text as paragraphs, each annotated passage a coloured <mark> linking to its note."""
    spans = sorted((a for a in annotations if a.start is not None and a.end is not None),
                   key=lambda a: (a.start or 0, -(a.end or 0)))
    cuts = sorted({0, len(text), *(a.start or 0 for a in spans), *(a.end or 0 for a in spans)})
    pieces: list[str] = []
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        chunk = text[lo:hi]
        covering = [a for a in spans if (a.start or 0) <= lo and hi <= (a.end or 0)]
        if not covering:
            pieces.append(esc(chunk))
            continue
        ann = covering[-1]  # the innermost (latest starting) passage decides the colour
        pieces.append(_marked(chunk, ann))
    body = "".join(pieces)
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    return "\n".join("<p>" + p.strip("\n").replace("\n", "<br>\n") + "</p>" for p in paragraphs)


def _marked(chunk: str, ann: Annotation) -> str:
    # A mark may not hold a paragraph break: close and reopen it around each one.
    parts = chunk.split("\n\n")
    href = f"#{block_id(ann.uuid)}"
    return "\n\n".join(
        f'<mark class="c-{esc(ann.color)}"><a href="{href}">{esc(p)}</a></mark>' if p else "" for p in parts)


class NotesHtml:
    """The notes of an export as HTML: the HTML page, and the notes PDF (laid out by PyMuPDF's Story).

    The two differ only in the hooks a subclass sets: heading levels, how a quote is coloured (the PDF
    engine has no translucent colours) and whether the article's text follows its notes."""

    section_tag = "h3"  # Notes, Links, Entities of an article
    full_text = True

    def __init__(self, export: ExportSet) -> None:
        self.export = export

    def title_tag(self) -> str:
        return "h1" if len(self.export.items) == 1 else "h2"

    def quote_style(self, color: str) -> str:
        """Inline style of a quote; the page's stylesheet colours it by class instead."""
        return ""

    def article(self, item: ArticleNotes) -> str:
        a = item.article
        tag, sub = self.title_tag(), self.section_tag
        meta = " · ".join(esc(x) for x in (a.source, a.author, a.published) if x)
        if a.url.startswith(("http://", "https://")):
            meta += (" · " if meta else "") + f'<a href="{esc(a.url)}">{esc(a.url)}</a>'
        out = [f'<article id="article-{item.id}">', f"<{tag}>{esc(a.title)}</{tag}>"]
        if meta:
            out.append(f'<p class="meta">{meta}</p>')
        out.append(f'<{sub} id="notes-{item.id}">Notes ({len(item.annotations)})</{sub}>')
        if not item.annotations:
            out.append('<p class="meta">No notes.</p>')
        out.extend(self.annotation(item, ann) for ann in item.annotations)
        loose = self.export.article_links(item.id)
        if loose:
            out.append(f'<{sub} id="links-{item.id}">Links</{sub}><ul class="links">'
                       + "".join(self.link(link, None, item) for link in loose) + "</ul>")
        entities = item.entities()
        if entities:
            out.append(f'<{sub} id="entities-{item.id}">Entities</{sub}>')
            for type_, label in TYPE_NAMES.items():
                names = [f"{esc(e.name)} ({e.count})" for e in entities if e.type == type_]
                if names:
                    out.append(f'<p class="entities"><b>{label}</b> : {", ".join(names)}</p>')
        if self.full_text:
            out.append(f'<{sub}>Text</{sub}><div class="fulltext">'
                       + highlighted_text(a.text, item.annotations) + "</div>")
        out.append("</article>")
        return "\n".join(out)

    def note_text(self, note: str) -> str:
        """The note as this output shows it (the PDF cuts very long ones)."""
        return note

    def annotation(self, item: ArticleNotes, ann: Annotation) -> str:
        quote = "<br>".join(esc(line) for line in ann.anchor.exact.split("\n"))
        info = [esc(ann.color), *(f'<span class="tag">#{esc(t)}</span>' for t in ann.tags)]
        if ann.orphan:
            info.append('<span class="orphan">passage no longer found in the article</span>')
        out = [f'<section class="note c-{esc(ann.color)}" id="{block_id(ann.uuid)}">',
               f"<blockquote{self.quote_style(ann.color)}>{quote}</blockquote>",
               f'<div class="info">{" · ".join(info)}</div>']
        if ann.note.strip():
            out.append(f'<div class="body">{note_html(self.note_text(ann.note), ann.origin.format)}</div>')
        assert ann.id is not None
        links = self.export.links_of(ann.id)
        if links:
            out.append('<ul class="links">' + "".join(self.link(link, ann.id, item) for link in links) + "</ul>")
        out.append("</section>")
        return "\n".join(out)

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
        label = f" — <em>{esc(link.label)}</em>" if link.label else ""
        note = f" : {esc(clean_note_text(link.note))}" if link.note.strip() else ""
        return f"<li>{arrow} {shown}{label}{note}</li>"

    def document(self) -> str:
        """The self-contained HTML page."""
        export = self.export
        toc = "".join(f'<li><a href="#article-{item.id}">{esc(item.article.title)}</a> '
                      f"({len(item.annotations)})</li>" for item in export.items)
        nav = f"<nav><h3>Contents</h3><ol>{toc}</ol></nav>" if len(export.items) > 1 else ""
        body = "\n".join(self.article(item) for item in export.items)
        return (
            "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
            f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(export.label)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
            f"{'<h1>' + esc(export.label) + '</h1>' if len(export.items) > 1 else ''}\n{nav}\n{body}\n</body>\n</html>\n"
        )


def render(export: ExportSet) -> str:
    return NotesHtml(export).document()


def write(export: ExportSet, path: Path) -> list[Path]:
    write_text(Path(path), render(export))
    return [Path(path)]
