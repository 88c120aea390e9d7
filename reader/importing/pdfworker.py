"""Runs inside the PDF child process: MuPDF opens the file there, never in the app's process."""

from __future__ import annotations

from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

# A line of text with its horizontal extent: (text, x0, x1).
Line = tuple[str, float, float]


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


def extract_text(path: str, limits: Limits) -> dict[str, Any]:
    """Metadata, repair flag and, per page, text blocks as lists of positioned lines."""
    import pymupdf

    doc = _open(path, limits)
    pages: list[list[list[Line]]] = []
    total = 0
    flags = pymupdf.TEXTFLAGS_TEXT & ~pymupdf.TEXT_PRESERVE_LIGATURES  # "ﬂ" -> "fl": searchable text
    for page in doc:
        blocks: list[list[Line]] = []
        for block in page.get_text("dict", flags=flags, sort=True)["blocks"]:
            lines: list[Line] = []
            for line in block.get("lines", ()):
                text = "".join(span["text"] for span in line["spans"])
                if text.strip():
                    lines.append((text, float(line["bbox"][0]), float(line["bbox"][2])))
                    total += len(text) + 1
            if lines:
                blocks.append(lines)
        if total > limits.max_chars:
            raise _Refused(f"the PDF holds more than {limits.max_chars:,} characters of text, over the limit")
        pages.append(blocks)
    meta = doc.metadata or {}
    return {
        "title": meta.get("title") or "",
        "author": meta.get("author") or "",
        "repaired": bool(getattr(doc, "is_repaired", False)),
        "pages": pages,
    }


def _hex(color: Any) -> str:
    if not color or len(color) < 3:
        return "#ffff00"
    return "#" + "".join(f"{max(0, min(255, round(float(c) * 255))):02x}" for c in color[:3])


def extract_highlights(path: str, limits: Limits) -> list[dict[str, Any]]:
    """Highlight annotations: 1-based page, text under the quads, colour, note."""
    import pymupdf

    doc = _open(path, limits)
    found: list[dict[str, Any]] = []
    for page in doc:
        annots = list(page.annots(types=[_PDF_ANNOT_HIGHLIGHT]))
        if not annots:
            continue
        words = page.get_text("words", sort=True)
        for annot in annots:
            vertices = annot.vertices or []
            rects = [pymupdf.Quad(vertices[i : i + 4]).rect for i in range(0, len(vertices) - 3, 4)]
            if not rects:
                rects = [annot.rect]
            picked: list[str] = []
            for rect in rects:
                for word in words:
                    cx, cy = (word[0] + word[2]) / 2, (word[1] + word[3]) / 2
                    if rect.x0 <= cx <= rect.x1 and rect.y0 <= cy <= rect.y1:
                        picked.append(word[4])
            info = annot.info or {}
            found.append(
                {
                    "page": page.number + 1,
                    "quote": " ".join(picked),
                    "color": _hex((annot.colors or {}).get("stroke")),
                    "note": (info.get("content") or "").strip(),
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
