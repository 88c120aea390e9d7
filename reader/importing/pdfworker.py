"""Runs inside the PDF child process: MuPDF opens the file there, never in the app's process."""

from __future__ import annotations

from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from reader.importing.pdflayout import known_words
from reader.importing.pdforder import Line, order_blocks
from reader.importing.pdfquotes import iso_pdf_date, page_text, quote_under


@dataclass(frozen=True)
class Limits:
    """Caps the child enforces; passed in so the parent stays the single source of truth."""

    max_pages: int
    max_chars: int
    memory_bytes: int


_PDF_ANNOT_HIGHLIGHT = 8  # pymupdf.PDF_ANNOT_HIGHLIGHT, which type checkers cannot see


class _Refused(Exception):
    """The PDF cannot be read for a reason the user should see as is."""


def _limit_memory(limit: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: no rlimits; the time limit still applies
        return
    try:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):  # macOS refuses RLIMIT_AS on some versions
        pass


def _open(path: str, limits: Limits) -> Any:
    import pymupdf

    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)
    try:
        doc = pymupdf.open(path, filetype="pdf")
    except Exception as exc:
        raise _Refused("the PDF is damaged or truncated and cannot be opened") from exc
    if doc.needs_pass:
        raise _Refused("the PDF is encrypted (it needs a password)")
    if doc.page_count > limits.max_pages:
        raise _Refused(f"the PDF has {doc.page_count} pages, over the {limits.max_pages}-page limit")
    if doc.page_count == 0:
        raise _Refused("the PDF has no pages")
    return doc


def _text_flags() -> int:
    import pymupdf

    # ligatures as plain letters ("ﬂ" -> "fl"): the stored text is searchable
    return int(pymupdf.TEXTFLAGS_TEXT & ~pymupdf.TEXT_PRESERVE_LIGATURES)


def page_lines(page: Any, with_chars: bool = False) -> list[Line]:
    """Every non-empty line of a page with its box and MuPDF block number (and glyph centres)."""
    mode = "rawdict" if with_chars else "dict"
    lines: list[Line] = []
    for number, block in enumerate(page.get_text(mode, flags=_text_flags())["blocks"]):
        for line in block.get("lines", ()):
            x0, y0, x1, y1 = (float(v) for v in line["bbox"])
            if with_chars:
                chars = tuple(
                    (c["c"], (c["bbox"][0] + c["bbox"][2]) / 2, (c["bbox"][1] + c["bbox"][3]) / 2)
                    for span in line["spans"]
                    for c in span["chars"]
                )
                text = "".join(c[0] for c in chars)
            else:
                chars = ()
                text = "".join(span["text"] for span in line["spans"])
            if text.strip():
                lines.append(Line(text, x0, y0, x1, y1, number, chars, _main_size(line["spans"])))
    return lines


def _main_size(spans: list[dict[str, Any]]) -> float:
    """The font size that most characters of a line have (a footnote mark does not count)."""
    sizes: dict[float, int] = {}
    for span in spans:
        text = span.get("text") or "".join(c["c"] for c in span.get("chars", ()))
        size = round(float(span["size"]), 1)
        sizes[size] = sizes.get(size, 0) + len(text.strip())
    return max(sizes, key=lambda size: sizes[size]) if sizes else 0.0


def extract_text(path: str, limits: Limits) -> dict[str, Any]:
    """Metadata, repair flag and, per page, its height and its text blocks in reading order."""
    doc = _open(path, limits)
    pages: list[list[list[Line]]] = []
    heights: list[float] = []
    total = 0
    for page in doc:
        lines = page_lines(page)
        total += sum(len(line.text) + 1 for line in lines)
        if total > limits.max_chars:
            raise _Refused(f"the PDF holds more than {limits.max_chars:,} characters of text, over the limit")
        pages.append(order_blocks(lines))
        heights.append(float(page.rect.height))
    meta = doc.metadata or {}
    return {
        "title": meta.get("title") or "",
        "author": meta.get("author") or "",
        "repaired": bool(getattr(doc, "is_repaired", False)),
        "pages": pages,
        "heights": heights,
    }


def _hex(color: Any) -> str:
    if not color or len(color) < 3:
        return "#ffff00"
    return "#" + "".join(f"{max(0, min(255, round(float(c) * 255))):02x}" for c in color[:3])


def _boxes(annot: Any) -> list[tuple[float, float, float, float]]:
    """The highlight's quads as boxes (any corner order a writer used), else its rectangle."""
    points = list(annot.vertices or [])
    boxes = []
    for i in range(0, len(points) - 3, 4):
        xs = [float(p[0]) for p in points[i : i + 4]]
        ys = [float(p[1]) for p in points[i : i + 4]]
        boxes.append((min(xs), min(ys), max(xs), max(ys)))
    if not boxes:
        rect = annot.rect
        boxes.append((float(rect.x0), float(rect.y0), float(rect.x1), float(rect.y1)))
    return boxes


def extract_highlights(path: str, limits: Limits) -> list[dict[str, Any]]:
    """Every highlight annotation: page, the glyphs under its quads with their context, colour, note,
    author and dates; one over no text at all says so in ``reason`` rather than disappearing."""
    doc = _open(path, limits)
    pages = [page for page in doc if any(True for _ in page.annots(types=[_PDF_ANNOT_HIGHLIGHT]))]
    if not pages:
        return []
    words = known_words([[page_lines(page)] for page in doc])  # hyphenation decided as on import
    found: list[dict[str, Any]] = []
    for page in pages:
        text = page_text(order_blocks(page_lines(page, with_chars=True)), words)
        for annot in page.annots(types=[_PDF_ANNOT_HIGHLIGHT]):
            quote, prefix, suffix = quote_under(text, _boxes(annot))
            info = annot.info or {}
            found.append(
                {
                    "page": page.number + 1,
                    "quote": quote,
                    "prefix": prefix,
                    "suffix": suffix,
                    "color": _hex((annot.colors or {}).get("stroke")),
                    "note": info.get("content") or "",
                    "author": info.get("title") or "",
                    "created": iso_pdf_date(info.get("creationDate") or ""),
                    "modified": iso_pdf_date(info.get("modDate") or ""),
                    "reason": "" if quote else "no text under the highlight (an image or a scanned page?)",
                }
            )
    return found


_TASKS = {"text": extract_text, "highlights": extract_highlights}


def child_main(conn: Connection, task: str, path: str, limits: Limits) -> None:
    """Entry point of the child: run one task and send ("ok", result) or ("fail", reason)."""
    _limit_memory(limits.memory_bytes)
    try:
        result: tuple[str, Any] = ("ok", _TASKS[task](path, limits))
    except _Refused as exc:
        result = ("fail", str(exc))
    except MemoryError:
        result = ("fail", f"reading the PDF needs more than {limits.memory_bytes // 2**20} MB of memory")
    except Exception as exc:
        result = ("fail", f"the PDF cannot be read ({type(exc).__name__}: {exc})")
    try:
        conn.send(result)
    except MemoryError:
        conn.send(("fail", "the extracted text is too large to hand over"))
    finally:
        conn.close()
