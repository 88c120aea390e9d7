"""Fixtures for the importer tests: PDFs built on the fly with PyMuPDF."""

from __future__ import annotations

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
