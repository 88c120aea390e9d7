"""Ligature glyphs in written PDFs read back as plain letters: "ﬂ" is "fl" to search and copy."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

_LIGATURES = range(0xFB00, 0xFB07)  # ff fi fl ffi ffl ſt st
_BLOCK = re.compile(rb"(\d+)\s+begin(bfrange|bfchar)\s(.*?)end\2", re.S)
_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])")
_CHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>")
_PER_BLOCK = 100  # the CMap format allows at most 100 entries per block


def _letters(code: int) -> bytes:
    """The UTF-16BE hex of a ligature's letters ("ﬂ" -> "00660069"-style)."""
    return unicodedata.normalize("NFKC", chr(code)).encode("utf-16-be").hex().upper().encode()


def plain_cmap(cmap: bytes) -> bytes | None:
    """The ToUnicode CMap with every ligature mapped to its letters; None when it has no ligature."""
    blocks = list(_BLOCK.finditer(cmap))
    if not blocks:
        return None
    ranges: list[bytes] = []
    chars: list[bytes] = []
    changed = False
    for block in blocks:
        if block[2] == b"bfchar":
            for source, target in _CHAR.findall(block[3]):
                if len(target) == 4 and int(target, 16) in _LIGATURES:
                    target, changed = _letters(int(target, 16)), True
                chars.append(b"<%s> <%s>" % (source, target))
            continue
        for low, high, target in _RANGE.findall(block[3]):
            if target.startswith(b"[") or len(target) != 6:  # arrays, or multi-unit starts: left as they are
                ranges.append(b"<%s> <%s> %s" % (low, high, target))
                continue
            start, first, last = int(target[1:-1], 16), int(low, 16), int(high, 16)
            if not any(start + i in _LIGATURES for i in range(last - first + 1)):
                ranges.append(b"<%s> <%s> %s" % (low, high, target))
                continue
            changed = True
            width = len(low)
            for i in range(last - first + 1):  # split the range: one entry per code
                code = b"%0*X" % (width, first + i)
                value = start + i
                letters = _letters(value) if value in _LIGATURES else b"%04X" % value
                chars.append(b"<%s> <%s>" % (code, letters))
    if not changed:
        return None
    body = b"".join(_blocks(b"bfrange", ranges) + _blocks(b"bfchar", chars))
    return cmap[: blocks[0].start()] + body + cmap[blocks[-1].end() :]


def _blocks(kind: bytes, entries: list[bytes]) -> list[bytes]:
    out = []
    for i in range(0, len(entries), _PER_BLOCK):
        part = entries[i : i + _PER_BLOCK]
        out.append(b"%d begin%s\n%s\nend%s\n" % (len(part), kind, b"\n".join(part), kind))
    return out


def plain_ligatures(doc: Any) -> None:
    """Rewrite the ToUnicode maps of a PyMuPDF document's fonts so ligatures extract as letters."""
    seen: set[int] = set()
    for number in range(doc.page_count):
        for font in doc.get_page_fonts(number):
            kind, key = doc.xref_get_key(font[0], "ToUnicode")
            if kind != "xref":
                continue
            xref = int(key.split()[0])
            if xref in seen:
                continue
            seen.add(xref)
            rewritten = plain_cmap(doc.xref_stream(xref))
            if rewritten is not None:
                doc.update_stream(xref, rewritten)
