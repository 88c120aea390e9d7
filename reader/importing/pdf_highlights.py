"""Highlights made in a PDF reader (PyMuPDF, pypdf, any other) brought in as notes of the article of that PDF."""

from __future__ import annotations

import uuid as uuidlib
from pathlib import Path
from typing import TYPE_CHECKING

from reader.importing.note_report import NotesImportReport
from reader.importing.notes import _Importer
from reader.importing.w3c import article_iri

if TYPE_CHECKING:
    from reader.store import Store


def import_pdf_highlights(store: Store, pdf_path: Path | str, article_id: int | None = None) -> NotesImportReport:
    """Highlights made in a PDF reader become annotations of the article imported from that PDF.

    Colours go to the nearest of the five; the popup text becomes the note (plain text), the author
    and dates come along. A highlight whose text is not found in the article is kept as an orphan
    of it, with the reason. Each gets a uuid derived from the article, page and quote, so importing
    the PDF again adds nothing.
    """
    from reader.importing import ImportFailure, read_pdf_highlights

    path = Path(pdf_path).expanduser().absolute()
    report = NotesImportReport(str(path))
    if article_id is None:
        article_id = store.articles.find(path=str(path))
        if article_id is None:
            report.error = f"{path.name}: import the PDF as an article first"
            return report
    try:
        highlights = read_pdf_highlights(path)
    except ImportFailure as exc:
        report.error = str(exc)
        return report
    key = article_iri(store.articles.get(article_id))
    importer = _Importer(store, report)
    seen: dict[str, int] = {}
    with store.transaction():
        for h in highlights:
            name = f"reader:pdf-highlight:{key}:{h.page}:{h.quote}"
            seen[name] = seen.get(name, 0) + 1
            if seen[name] > 1:  # the same text highlighted twice on a page: two notes
                name += f":{seen[name]}"
            uuid = str(uuidlib.uuid5(uuidlib.NAMESPACE_URL, name))
            if store.annotations.by_uuid(uuid) is not None:
                report.skipped += 1
                continue
            importer.highlight(h, article_id, uuid)
    return report


__all__ = ["import_pdf_highlights"]
