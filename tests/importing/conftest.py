"""Fixtures for the importer tests: PDFs built on the fly with PyMuPDF."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import pymupdf
import pytest

PDF_PARAGRAPH = (
    "Le président azerbaïdjanais Ilham Aliyev a rencontré à Bakou le secrétaire général de "
    "l'OTAN, Jens Stoltenberg, première étape d'une tournée régionale très suivie. La coopé-\n"
    "ration militaire entre les deux parties s'est renforcée depuis l'indépendance du pays."
)


MakePdf = Callable[..., Path]


def _make_pdf(path: Path, pages: list[str], title: str = "", author: str = "", **save: object) -> Path:
    doc = pymupdf.open()
    for text in pages:
        page = doc.new_page()
        page.insert_textbox(pymupdf.Rect(72, 72, 520, 770), text, fontsize=11, fontname="helv")
    if title or author:
        doc.set_metadata({"title": title, "author": author})
    doc.save(path, **save)
    doc.close()
    return path


@pytest.fixture
def make_pdf() -> MakePdf:
    """Build a PDF: make_pdf(path, [page texts], title=, author=, **save options)."""
    return _make_pdf


@pytest.fixture
def french_pdf(tmp_path: Path) -> Path:
    return _make_pdf(
        tmp_path / "article.pdf",
        [f"Présence de l'OTAN dans le Caucase\n\n{PDF_PARAGRAPH}", "Deuxième page : Géorgie et Arménie.\n\n2"],
        title="Présence de l'OTAN dans le Caucase",
        author="Sébastien Boussois",
    )


Box = tuple[float, float, float, float]  # x0, top, x1, bottom as PyMuPDF measures (y downwards)


def _add_pypdf_highlight(path: Path, page_number: int, boxes: list[Box], color: str = "ffff00",
                        **entries: str) -> None:
    """Add a /Highlight with pypdf (not PyMuPDF), as another PDF reader writes it: QuadPoints in PDF
    space (y upwards), colour /C, and entries such as T="author", M="D:2024...", Contents="note"."""
    from pypdf import PdfWriter
    from pypdf.annotations import Highlight
    from pypdf.generic import ArrayObject, FloatObject, NameObject, TextStringObject

    writer = PdfWriter(clone_from=str(path))
    height = float(writer.pages[page_number].mediabox.height)
    quads: list[float] = []
    for x0, top, x1, bottom in boxes:
        quads += [x0, height - top, x1, height - top, x0, height - bottom, x1, height - bottom]
    rect = (min(b[0] for b in boxes), height - max(b[3] for b in boxes),
            max(b[2] for b in boxes), height - min(b[1] for b in boxes))
    annotation = Highlight(rect=rect, quad_points=ArrayObject(FloatObject(v) for v in quads),
                           highlight_color=color)
    for key, value in entries.items():
        annotation[NameObject(f"/{key}")] = TextStringObject(value)
    writer.add_annotation(page_number=page_number, annotation=annotation)
    with path.open("wb") as handle:
        writer.write(handle)


@pytest.fixture
def pypdf_highlight() -> Callable[..., None]:
    """Add a highlight with pypdf: pypdf_highlight(path, page_number, [boxes], color="rrggbb", T=..., M=...)."""
    return _add_pypdf_highlight


def _two_column_pdf(path: Path, title: str, lead: str, paragraphs: list[str], footer: str = "") -> Path:
    """A magazine-like PDF: title and lead across the page, paragraphs flowing through two justified
    columns page after page, and a running foot with the page number."""
    css = "p {font-family: serif; font-size: 10pt; text-align: justify; margin: 0 0 6pt 0;}"
    page_rect = pymupdf.paper_rect("a4")
    margin, gutter = 50.0, 16.0
    width = (page_rect.width - 2 * margin - gutter) / 2
    body = pymupdf.Story(html="".join(f"<p>{html.escape(p)}</p>" for p in paragraphs), user_css=css)
    writer = pymupdf.DocumentWriter(str(path))
    more, number = True, 0
    while more:
        number += 1
        device = writer.begin_page(page_rect)
        top = margin
        if number == 1:
            head = pymupdf.Story(html=f"<h1>{html.escape(title)}</h1><p><b>{html.escape(lead)}</b></p>",
                                 user_css=css)
            _, filled = head.place(pymupdf.Rect(margin, top, page_rect.width - margin, 400))
            head.draw(device)
            top = filled[3] + 12
        for left in (margin, margin + width + gutter):
            if more:
                more, _ = body.place(pymupdf.Rect(left, top, left + width, page_rect.height - 80))
                body.draw(device)
        if footer:
            foot = pymupdf.Story(html=f"<p>{html.escape(footer)} — {number}</p>", user_css=css)
            foot.place(pymupdf.Rect(margin, page_rect.height - 50, page_rect.width - margin, page_rect.height))
            foot.draw(device)
        writer.end_page()
    writer.close()
    return path


@pytest.fixture
def two_column_pdf() -> Callable[..., Path]:
    """two_column_pdf(path, title, lead, [paragraphs], footer="") -> path."""
    return _two_column_pdf
