"""Import files (.txt, .md, .html, .pdf) as Article objects, and PDF highlights."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from reader.domain import Article
from reader.importing.common import MAX_FILE_BYTES, ImportFailure, check_file
from reader.importing.htmlpage import read_html_file
from reader.importing.pdf import PdfHighlight, read_pdf_file, read_pdf_highlights
from reader.importing.plaintext import read_text_file

__all__ = [
    "MAX_FILE_BYTES",
    "SUPPORTED_SUFFIXES",
    "ImportFailure",
    "PdfHighlight",
    "iter_files",
    "read_file",
    "read_text",
    "read_pdf_highlights",
]

SUPPORTED_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf")


def read_file(path: Path) -> Article:
    """Read one file into an unsaved Article (id None); raises ImportFailure with a clear reason."""
    path = Path(os.path.abspath(os.path.expanduser(path)))
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        kind = f"'{path.suffix}' files" if path.suffix else "files without an extension"
        raise ImportFailure(path, f"{kind} are not supported (use {', '.join(SUPPORTED_SUFFIXES)})")
    if suffix == ".pdf":
        return read_pdf_file(path)
    check_file(path)
    if suffix in (".html", ".htm"):
        return read_html_file(path)
    return read_text_file(path)


def read_text(name: str) -> str:
    """The text an import stores for this file: what offsets of precomputed entities refer to."""
    return read_file(Path(name)).text


def _supported(name: str) -> bool:
    return not name.startswith(".") and os.path.splitext(name)[1].lower() in SUPPORTED_SUFFIXES


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given; folders walked recursively in sorted order, hidden and unsupported files skipped."""
    seen: set[Path] = set()
    for given in paths:
        given = Path(given).expanduser()
        if not given.is_dir():
            if given.absolute() not in seen:
                seen.add(given.absolute())
                yield given
            continue
        found: list[Path] = []
        for root, dirs, files in os.walk(given):  # does not follow folder symlinks: no loops
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            found.extend(Path(root, name) for name in files if _supported(name))
        for path in sorted(found, key=lambda p: p.relative_to(given).parts):
            if path.absolute() not in seen:
                seen.add(path.absolute())
                yield path
