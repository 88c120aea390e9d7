"""PDF import: MuPDF runs in a spawned child process with time and memory limits."""

from __future__ import annotations

import multiprocessing
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.domain import Article
from reader.importing import pdfworker
from reader.importing.common import (
    ImportFailure,
    check_file,
    clean_text,
    content_hash,
    first_line_title,
    read_bytes,
    shorten,
)
from reader.importing.pdflayout import pages_to_text

PDF_TIMEOUT_SECONDS = 60.0
PDF_MEMORY_BYTES = 2 * 1024**3
PDF_MAX_PAGES = 2000
PDF_MAX_CHARS = 20_000_000

_USELESS_TITLE = re.compile(
    r"^(?:untitled|sans titre|document\d*|microsoft word - .*|.*\.(?:docx?|odt|rtf|pdf|indd|qxd|txt|html?))$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class PdfHighlight:
    """A highlight made in a PDF reader, as another reader wrote it.

    ``quote`` is the text under its quads (glyphs, not whole words), ``prefix``/``suffix`` the page
    text around it; dates are ISO 8601 or "". A highlight over no text has an empty quote and a
    ``reason`` to show: it is listed, never dropped.
    """

    page: int  # 1-based
    quote: str
    color: str  # "#rrggbb"
    note: str = ""
    prefix: str = ""
    suffix: str = ""
    author: str = ""
    created: str = ""
    modified: str = ""
    reason: str = ""


def _describe_magic(head: bytes) -> str:
    shown = "".join(chr(b) if 32 <= b < 127 else f"\\x{b:02x}" for b in head[:4])
    return f"not a PDF file (starts with '{shown}')"


def check_pdf(path: Path) -> None:
    """Size limits and the %PDF signature, before any child process is started."""
    check_file(path)
    head = read_bytes(path, 1024)
    if b"%PDF-" not in head:
        raise ImportFailure(path, _describe_magic(head))


def _has_end_marker(path: Path) -> bool:
    """Whether %%EOF sits near the end, as in every completely written PDF."""
    try:
        with path.open("rb") as handle:
            handle.seek(max(0, path.stat().st_size - 2048))
            return b"%%EOF" in handle.read()
    except OSError:
        return False


def run_pdf_task(path: Path, task: str, timeout: float | None = None) -> Any:
    """Run one pdfworker task in a spawned child; any failure there becomes ImportFailure."""
    limits = pdfworker.Limits(PDF_MAX_PAGES, PDF_MAX_CHARS, PDF_MEMORY_BYTES)
    timeout = PDF_TIMEOUT_SECONDS if timeout is None else timeout
    ctx = multiprocessing.get_context("spawn")
    receiver, sender = ctx.Pipe(duplex=False)
    process = ctx.Process(
        target=pdfworker.child_main, args=(sender, task, str(path), limits), daemon=True, name="reader-pdf"
    )
    result: Any = None
    try:
        process.start()
    except (OSError, RuntimeError) as exc:
        receiver.close()
        sender.close()
        raise ImportFailure(path, f"could not start the PDF reader process ({exc})") from exc
    try:
        sender.close()  # so a dead child shows up as end-of-file here
        if not receiver.poll(timeout):
            process.kill()
            raise ImportFailure(path, f"reading the PDF took longer than {timeout:g} s and was stopped")
        try:
            result = receiver.recv()
        except (EOFError, OSError):
            result = None
    finally:
        receiver.close()
        sender.close()
        process.join(5)
        if process.is_alive():
            process.kill()
            process.join()
        exitcode = process.exitcode
        process.close()
    if result is None:
        raise ImportFailure(
            path, f"the PDF reader stopped unexpectedly (exit code {exitcode}; out of memory or damaged file)"
        )
    status, payload = result
    if status != "ok":
        raise ImportFailure(path, str(payload))
    return payload


def _title(meta_title: str, text: str, path: Path) -> str:
    title = " ".join(meta_title.split())
    if title and not _USELESS_TITLE.match(title):
        return shorten(title)
    return first_line_title(text, path.stem)


def read_pdf_file(path: Path) -> Article:
    """Import a PDF's text; title from its metadata, else its first line."""
    path = Path(os.path.abspath(path))
    check_pdf(path)
    data = run_pdf_task(path, "text")
    if data["repaired"] and not _has_end_marker(path):
        raise ImportFailure(path, "the PDF is truncated (the end of the file is missing)")
    text = clean_text(pages_to_text(data["pages"], data["heights"]))
    if not text.strip():
        if data["repaired"]:
            raise ImportFailure(path, "the PDF is damaged or truncated: no text could be read")
        raise ImportFailure(path, "no text found in the PDF (scanned pages without a text layer?)")
    return Article(
        title=_title(data["title"], text, path),
        text=text,
        author=" ".join(data["author"].split()),
        path=str(path),
        content_hash=content_hash(text),
    )


def read_pdf_highlights(path: Path) -> list[PdfHighlight]:
    """Every highlight annotation made in a PDF reader, in page order (none left out)."""
    path = Path(os.path.abspath(path))
    check_pdf(path)
    return [
        PdfHighlight(
            page=int(item["page"]),
            quote=" ".join(str(item["quote"]).split()),
            color=str(item["color"]),
            note=clean_text(str(item["note"])),
            prefix=str(item["prefix"]),
            suffix=str(item["suffix"]),
            author=" ".join(str(item["author"]).split()),
            created=str(item["created"]),
            modified=str(item["modified"]),
            reason=str(item["reason"]),
        )
        for item in run_pdf_task(path, "highlights")
    ]
