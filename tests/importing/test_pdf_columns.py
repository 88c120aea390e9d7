"""Multi-column PDFs come out in reading order: each column whole, full-width parts in their place."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pymupdf

from reader.importing import read_file, read_pdf_highlights
from reader.importing.pdforder import Line, order_blocks

TwoColumnPdf = Callable[..., Path]
AddHighlight = Callable[..., None]

TITLE = "Bakou, nouveau carrefour du gaz"
LEAD = "Entre Moscou, Ankara et Bruxelles, l'Azerbaïdjan joue sa partition. Reportage."
PLACES = ["Bakou", "Tbilissi", "Erevan", "Ankara", "Moscou", "Bruxelles", "Latchine", "Gandja", "Soumgaït"]


def _paragraphs(count: int) -> list[str]:
    return [
        f"Paragraphe {n} : à {PLACES[n % len(PLACES)]}, les négociations sur le gazoduc se poursuivent "
        "depuis le printemps et l'influence de la Russie reste déterminante selon les diplomates. "
        f"La délégation européenne attendue à {PLACES[(n + 3) % len(PLACES)]} discutera du financement, "
        "tandis que l'opposition dénonce un accord conclu sans consultation du Parlement."
        for n in range(1, count + 1)
    ]


def test_two_columns_are_read_column_after_column(two_column_pdf: TwoColumnPdf, tmp_path: Path) -> None:
    paragraphs = _paragraphs(14)
    path = two_column_pdf(tmp_path / "magazine.pdf", TITLE, LEAD, paragraphs, footer="Le Courrier du Caucase")
    with pymupdf.open(path) as doc:
        assert doc.page_count == 2
        assert "\ufb01" in doc[0].get_text()  # the font sets "fi" as one ligature glyph
    # every paragraph whole (even those running from one column or page into the next), in order;
    # the running foot and page numbers are gone
    # and ligatures come back as plain letters: "financement" is found by a search
    assert read_file(path).text.split("\n\n") == [TITLE, LEAD, *paragraphs]


def test_highlight_running_into_the_next_column(two_column_pdf: TwoColumnPdf, tmp_path: Path,
                                                pypdf_highlight: AddHighlight) -> None:
    path = two_column_pdf(tmp_path / "magazine.pdf", TITLE, LEAD, _paragraphs(8))
    with pymupdf.open(path) as doc:
        page = doc[0]
        plain = pymupdf.TEXTFLAGS_TEXT & ~pymupdf.TEXT_PRESERVE_LIGATURES
        lines = [line for block in page.get_text("dict", flags=plain)["blocks"] for line in block.get("lines", ())]
        middle = page.rect.width / 2
        end_of_first = max((ln for ln in lines if ln["bbox"][2] < middle), key=lambda ln: ln["bbox"][3])
        top_of_second = min((ln for ln in lines if ln["bbox"][0] > middle), key=lambda ln: ln["bbox"][1])
    boxes = [tuple(end_of_first["bbox"]), tuple(top_of_second["bbox"])]
    pypdf_highlight(path, 0, boxes)
    [highlight] = read_pdf_highlights(path)
    last = "".join(s["text"] for s in end_of_first["spans"]).strip()
    first = "".join(s["text"] for s in top_of_second["spans"]).strip()
    assert highlight.quote == f"{last} {first}"  # column 1's last line, then column 2's first
    assert highlight.quote in " ".join(read_file(path).text.split())


def _line(text: str, x0: float, y0: float, x1: float, block: int = 0) -> Line:
    return Line(text, x0, y0, x1, y0 + 10, block)


def _texts(blocks: list[list[Line]]) -> list[str]:
    return [" / ".join(line.text for line in block) for block in blocks]


def test_a_column_starting_higher_than_its_neighbour_comes_second() -> None:
    lines = [
        _line("Titre sur toute la largeur de la page", 50, 50, 550),
        _line("suite de la colonne deux", 310, 80, 550, block=3),  # above column 1's heading
        _line("Intertitre", 50, 95, 150, block=1),
        _line("colonne un, ligne un", 50, 110, 290, block=2),
        _line("colonne deux, ligne deux", 310, 92, 550, block=3),
        _line("colonne un, ligne deux", 50, 122, 290, block=2),
        _line("colonne deux, ligne trois", 310, 104, 550, block=3),
    ]
    assert _texts(order_blocks(lines)) == [
        "Titre sur toute la largeur de la page",
        "Intertitre",
        "colonne un, ligne un / colonne un, ligne deux",
        "suite de la colonne deux / colonne deux, ligne deux / colonne deux, ligne trois",
    ]


def test_wide_gaps_of_justified_text_are_not_columns() -> None:
    lines = [
        _line("une ligne justifiée qui remplit la colonne", 50, 50, 290),
        _line("semaine", 50, 62, 90), _line("prochaine", 105, 62, 150), _line("pour", 165, 62, 190),
        _line("discuter", 205, 62, 250), _line("du", 265, 62, 290),
        _line("financement.", 50, 74, 120),
    ]
    assert _texts(order_blocks(lines)) == [
        "une ligne justifiée qui remplit la colonne / semaine prochaine pour discuter du / financement."
    ]


def test_full_width_box_between_two_bands_of_three_columns() -> None:
    def band(top: float, tag: str) -> list[Line]:
        return [_line(f"{tag} col{c} l{r}", 50 + 170 * c, top + 12 * r, 200 + 170 * c)
                for c in range(3) for r in range(3)]

    lines = [*band(50, "A"), _line("Encadré sur toute la largeur", 50, 100, 540, block=1), *band(130, "B")]
    assert _texts(order_blocks(lines)) == [
        "A col0 l0 / A col0 l1 / A col0 l2", "A col1 l0 / A col1 l1 / A col1 l2",
        "A col2 l0 / A col2 l1 / A col2 l2", "Encadré sur toute la largeur",
        "B col0 l0 / B col0 l1 / B col0 l2", "B col1 l0 / B col1 l1 / B col1 l2",
        "B col2 l0 / B col2 l1 / B col2 l2",
    ]


def test_a_table_is_read_row_by_row() -> None:
    rows = [("Pays", "Production"), ("Azerbaïdjan", "37 Mt"), ("Kazakhstan", "86 Mt"), ("Turkménistan", "10 Mt")]
    lines = [_line(cell, 50 + 200 * c, 50 + 12 * r, 130 + 200 * c, block=r) for r, row in enumerate(rows)
             for c, cell in enumerate(row)]
    assert [" ".join(line.text for line in block) for block in order_blocks(lines)] == [
        "Pays Production", "Azerbaïdjan 37 Mt", "Kazakhstan 86 Mt", "Turkménistan 10 Mt"]


def test_a_heading_in_larger_type_is_its_own_paragraph() -> None:
    lines = [Line("Instructions générales", 50, 50, 220, 64, 0, (), 14.0),
             Line("Les règles de cette page valent pour", 50, 66, 290, 76, 0, (), 10.0),
             Line("tous les déclarants non résidents.", 50, 77, 260, 87, 0, (), 10.0)]
    assert _texts(order_blocks(lines)) == [
        "Instructions générales", "Les règles de cette page valent pour / tous les déclarants non résidents."]
