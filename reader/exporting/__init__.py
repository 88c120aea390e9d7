"""Export notes (Markdown, HTML, PDF, annotated PDF, W3C JSON-LD, CSV) and entity mentions (CSV)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from reader.exporting.scope import ExportError, ExportSet, Scope, collect
from reader.exporting.target import check_target

Writer = Callable[[ExportSet, Path], list[Path]]

FORMATS: dict[str, str] = {
    "md": "Markdown notes (Obsidian, Zotero)",
    "html": "HTML page",
    "pdf": "PDF of the notes",
    "annotated-pdf": "Article as PDF with highlights",
    "json": "W3C Web Annotation (JSON-LD)",
    "csv": "Notes (CSV)",
    "mentions-csv": "Entities and mentions (CSV)",
}
SUFFIXES: dict[str, str] = {"md": ".md", "html": ".html", "pdf": ".pdf", "annotated-pdf": ".pdf",
                            "json": ".jsonld", "csv": ".csv", "mentions-csv": ".csv"}

if TYPE_CHECKING:  # the store is only needed by callers that have one
    from reader.store import Store


def writer(fmt: str) -> Writer:
    """The write function of a format (imported on demand: PyMuPDF is only loaded for PDFs)."""
    if fmt == "md":
        from reader.exporting import markdown as module
    elif fmt == "html":
        from reader.exporting import html as module  # type: ignore[no-redef]
    elif fmt == "pdf":
        from reader.exporting import pdfnotes as module  # type: ignore[no-redef]
    elif fmt == "annotated-pdf":
        from reader.exporting import pdfannotated as module  # type: ignore[no-redef]
    elif fmt == "json":
        from reader.exporting import jsonld as module  # type: ignore[no-redef]
    elif fmt == "csv":
        from reader.exporting import csvnotes as module  # type: ignore[no-redef]
    elif fmt == "mentions-csv":
        from reader.exporting import csvfile as module  # type: ignore[no-redef]
    else:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return module.write


def export_notes(store: Store, fmt: str, scope: Scope, path: Path) -> list[Path]:
    """Write ``scope`` in ``fmt`` to ``path``; returns the files written. Raises ExportError."""
    write = writer(fmt)
    check_target(path, library=store.path)
    return write(collect(store, scope), Path(path).expanduser())


__all__ = ["FORMATS", "SUFFIXES", "ExportError", "ExportSet", "Scope", "check_target", "collect", "export_notes", "writer"]
