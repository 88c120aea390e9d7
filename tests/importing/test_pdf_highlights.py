"""Highlights made in PDF readers: the glyphs under the quads, their context, colour, note, author, dates."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pymupdf
import pytest

from reader.importing import ImportFailure, PdfHighlight, read_file, read_pdf_highlights
from reader.importing.pdfquotes import iso_pdf_date

MakePdf = Callable[..., Path]
AddHighlight = Callable[..., None]
Box = tuple[float, float, float, float]

SENTENCE = "Le futur gazoduc sera à Bakou, selon le ministre azerbaïdjanais de l'Énergie."


def _boxes(path: Path, *phrases: str, page: int = 0) -> list[Box]:
    """Where phrases are printed, slightly taller than the glyphs (as readers draw highlight quads)."""
    with pymupdf.open(path) as doc:
        rects = [rect for phrase in phrases for rect in doc[page].search_for(phrase)]
    assert rects, phrases
    return [(r.x0, r.y0 - 1, r.x1, r.y1 + 1) for r in rects]


def test_quote_is_the_glyphs_under_the_quads_not_whole_words(make_pdf: MakePdf, tmp_path: Path, pypdf_highlight: AddHighlight) -> None:
    path = make_pdf(tmp_path / "gazoduc.pdf", [SENTENCE])
    pypdf_highlight(path, 0, _boxes(path, "sera à Bakou"), color="0000ff", T="Marie Dupont",
                        M="D:20240305143000+01'00'", CreationDate="D:20240304", Contents="À vérifier")
    assert read_pdf_highlights(path) == [
        PdfHighlight(page=1, quote="sera à Bakou", color="#0000ff", note="À vérifier",
                     prefix="Le futur gazoduc ", suffix=", selon le ministre azerbaïdjana",
                     author="Marie Dupont", created="2024-03-04", modified="2024-03-05T14:30:00+01:00")
    ]


def test_part_of_a_word_gives_only_that_part(make_pdf: MakePdf, tmp_path: Path, pypdf_highlight: AddHighlight) -> None:
    path = make_pdf(tmp_path / "gazoduc.pdf", [SENTENCE])
    pypdf_highlight(path, 0, _boxes(path, "azerbaïdjan"))  # not "azerbaïdjanais"
    [highlight] = read_pdf_highlights(path)
    assert (highlight.quote, highlight.suffix[:3]) == ("azerbaïdjan", "ais")
    assert highlight.color == "#ffff00" and highlight.author == highlight.modified == highlight.reason == ""


def test_highlight_over_two_lines_is_joined_like_the_article(french_pdf: Path, pypdf_highlight: AddHighlight) -> None:
    pypdf_highlight(french_pdf, 0, _boxes(french_pdf, "La coopé-", "ration militaire"))
    [highlight] = read_pdf_highlights(french_pdf)
    assert highlight.quote == "La coopération militaire"  # the line-end hyphen undone, as on import
    assert highlight.quote in read_file(french_pdf).text
    assert highlight.prefix.endswith("très suivie. ") and highlight.suffix.startswith(" entre les deux")


def test_highlight_over_no_text_is_returned_with_a_reason(french_pdf: Path, pypdf_highlight: AddHighlight) -> None:
    pypdf_highlight(french_pdf, 1, _boxes(french_pdf, "Géorgie", page=1))
    pypdf_highlight(french_pdf, 0, [(300, 600, 400, 620)])  # a blank part of the page
    highlights = read_pdf_highlights(french_pdf)
    assert [(h.page, h.quote) for h in highlights] == [(1, ""), (2, "Géorgie")]
    assert highlights[0].reason == "no text under the highlight (an image or a scanned page?)"
    assert highlights[1].reason == ""


def test_highlight_made_with_pymupdf_keeps_its_popup_note(make_pdf: MakePdf, tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "annotee.pdf", ["Le président Ilham Aliyev a reçu l'OTAN à Bakou."])
    doc = pymupdf.open(path)
    page = doc[0]
    annot = page.add_highlight_annot(page.search_for("Ilham Aliyev")[0])
    annot.set_colors(stroke=(1, 0.5, 0))
    annot.set_info(content="Note : le président azerbaïdjanais", title="Paul", modDate="D:20240101120000Z")
    annot.set_popup(pymupdf.Rect(400, 100, 550, 200))
    annot.update()
    doc.saveIncr()
    doc.close()
    [highlight] = read_pdf_highlights(path)
    assert (highlight.quote, highlight.color, highlight.note, highlight.author) == (
        "Ilham Aliyev", "#ff8000", "Note : le président azerbaïdjanais", "Paul")
    assert highlight.prefix == "Le président " and highlight.suffix == " a reçu l'OTAN à Bakou."
    assert highlight.modified == "2024-01-01T12:00:00Z"


def test_pdf_without_highlights_gives_an_empty_list(french_pdf: Path) -> None:
    assert read_pdf_highlights(french_pdf) == []


def test_highlights_of_a_non_pdf_fail_clearly(tmp_path: Path) -> None:
    path = tmp_path / "faux.pdf"
    path.write_text("pas un pdf", encoding="utf-8")
    with pytest.raises(ImportFailure, match=r"^faux\.pdf: not a PDF file \(starts with 'pas '\)$"):
        read_pdf_highlights(path)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("D:20240305143000+01'00'", "2024-03-05T14:30:00+01:00"),
        ("D:20240305143000Z", "2024-03-05T14:30:00Z"),
        ("D:20240305143000-05'30", "2024-03-05T14:30:00-05:30"),
        ("D:202403", "2024-03-01"),
        ("20240305", "2024-03-05"),
        ("D:20241305", ""),
        ("hier", ""),
    ],
)
def test_pdf_dates_become_iso(value: str, expected: str) -> None:
    assert iso_pdf_date(value) == expected
