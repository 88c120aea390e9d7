"""Shared pieces of the importers: the failure type, limits, decoding and text normalisation."""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import os
import re
import stat
import unicodedata
from pathlib import Path

MAX_FILE_BYTES = 50 * 1024 * 1024
_MB = 1024 * 1024
TITLE_MAX_CHARS = 120


class ImportFailure(Exception):
    """A file could not be imported; ``str()`` is one line naming the file and the reason."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path.name}: {reason}")

    def __reduce__(self) -> tuple[type[ImportFailure], tuple[Path, str]]:
        return (type(self), (self.path, self.reason))  # survives pickling across processes


def check_file(path: Path) -> int:
    """Fail early on a missing, unreadable, empty or oversized file; return its size in bytes."""
    try:
        info = os.stat(path)  # one system call: a big import checks many small files
    except (FileNotFoundError, NotADirectoryError) as exc:
        raise ImportFailure(path, "file not found") from exc
    except OSError as exc:
        raise ImportFailure(path, f"cannot read the file ({exc.strerror or exc})") from exc
    if stat.S_ISDIR(info.st_mode):
        raise ImportFailure(path, "is a folder, not a file")
    size = info.st_size
    if size == 0:
        raise ImportFailure(path, "file is empty")
    if size > MAX_FILE_BYTES:
        raise ImportFailure(
            path, f"file is {size / _MB:.1f} MB, over the {MAX_FILE_BYTES / _MB:g} MB limit"
        )
    return size


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    """The file's bytes (at most ``limit``), with OS errors turned into ImportFailure."""
    try:
        with path.open("rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1 if limit is None else limit)
    except OSError as exc:
        raise ImportFailure(path, f"cannot read the file ({exc.strerror or exc})") from exc


_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL_BYTES = bytes([*range(0, 9), 11, *range(14, 32), 127])
_CP1252_UNDEFINED = b"\x81\x8d\x8f\x90\x9d"
_SAMPLE = 64 * 1024


def _garbage_ratio(text: str) -> float:
    """Share of characters no text file would hold: replacement chars and C0/C1 controls."""
    if not text:
        return 0.0
    bad = sum(1 for ch in text if ch == "\ufffd" or (unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f"))
    return bad / len(text)


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 text saved without a BOM: NULs sit almost only at odd (LE) or even (BE) offsets."""
    if len(sample) < 4:
        return None
    odd = sample[1::2].count(0)
    even = sample[0::2].count(0)
    half = len(sample) // 2
    if odd > 0.3 * half and even < 0.02 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.02 * half:
        return "utf-16-be"
    return None


def decode_text(path: Path, data: bytes) -> str:
    """Decode a text file: BOM (UTF-8/16/32), else UTF-8, else the detected legacy encoding; binary data fails."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(encoding, errors="replace")
            if _garbage_ratio(text[:_SAMPLE]) > 0.05:
                raise ImportFailure(path, "not a text file")
            return text
    sample = data[:_SAMPLE]
    utf16 = _utf16_without_bom(sample)
    if utf16 is not None:
        text = data.decode(utf16, errors="replace")
        if _garbage_ratio(text[:_SAMPLE]) <= 0.05:
            return text
        raise ImportFailure(path, "not a text file")
    nuls = sample.count(0)
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))  # one pass, not one per byte value
    # A few stray control bytes in a short note are dirt, not a sign of binary data.
    if nuls > max(2, 0.01 * len(sample)) or controls > max(8, 0.05 * len(sample)):
        raise ImportFailure(path, "not a text file (binary data)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    legacy = detect_encoding(data[:_DETECT_BYTES])
    if legacy is None:
        raise ImportFailure(path, "not a text file (unknown encoding)")
    return data.decode(legacy, errors="replace")


# When several encodings read the bytes equally cleanly (short texts often do), the one a French
# newsroom's files most likely use wins: Western European first, then Cyrillic, Central European,
# Greek, Turkish, Baltic, Arabic, Hebrew.
_PREFERRED = (
    "cp1252", "iso8859_15", "cp1251", "koi8_r", "cp1250", "iso8859_2", "cp1253", "cp1254", "cp1257",
    "cp1256", "cp1255", "mac_roman", "mac_cyrillic", "cp866", "iso8859_5",
)
_DETECT_BYTES = 256 * 1024
_COHERENCE_TIE = 0.05


def detect_encoding(sample: bytes) -> str | None:
    """The legacy 8-bit encoding of bytes that are not UTF-8, by charset-normalizer, or None.

    charset-normalizer ranks encodings by how clean the decoded text looks (no odd symbols mixed
    into words) and how much it looks like a language; among those it finds equally good, the
    reader's usual encodings win, so "été" is not read as Central European "йtй".
    """
    from charset_normalizer import from_bytes  # only needed for files that are not UTF-8

    results = list(from_bytes(sample))
    if not results:
        undefined = len(sample) - len(sample.translate(None, _CP1252_UNDEFINED))
        return "cp1252" if undefined / max(1, len(sample)) <= 0.01 else None
    chaos = min(r.chaos for r in results)
    clean = [r for r in results if r.chaos <= chaos + 0.01]
    coherence = max(r.coherence for r in clean)
    best = [r for r in clean if r.coherence >= coherence - _COHERENCE_TIE]
    by_name = {r.encoding: r for r in best}
    for name in _PREFERRED:
        if name in by_name:
            return name
    return max(best, key=lambda r: r.coherence).encoding


_OTHER_NEWLINES = ("\r", "\x85", "\u2028", "\u2029")
_NEWLINES = re.compile(r"\r\n?|[\x85\u2028\u2029]")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\ufffe\uffff]")
_BLANK_RUNS = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


def clean_text(text: str) -> str:
    """Stable display text: one newline style, no control characters, NFC, no outer blank lines."""
    if any(mark in text for mark in _OTHER_NEWLINES):  # a scan for each is cheaper than the regex's
        text = _NEWLINES.sub("\n", text)
    text = _CONTROLS.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = _BLANK_RUNS.sub("\n\n", text)
    lines = text.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    return "\n".join(lines).rstrip()


def content_hash(text: str) -> str:
    """sha256 of the text with Unicode NFC and whitespace runs collapsed, so layout does not matter."""
    normal = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def first_line_title(text: str, fallback: str) -> str:
    """The first non-empty line, shortened at a word boundary when it is a whole paragraph."""
    for line in text.split("\n"):
        line = " ".join(line.split())
        if line:
            return shorten(line)
    return fallback


def shorten(line: str, limit: int = TITLE_MAX_CHARS) -> str:
    if len(line) <= limit:
        return line
    cut = line[:limit].rsplit(" ", 1)[0].rstrip(" ,;:-–")
    return (cut or line[:limit]) + "…"


_ISO = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?:[T ].*)?$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")


def iso_date(value: str) -> str:
    """YYYY-MM-DD, YYYY-MM or YYYY from common date spellings (day first for d/m/Y), else ""."""
    value = value.strip()
    match = _ISO.match(value)
    if match:
        year, month, day = match.groups()
    else:
        match = _DAY_FIRST.match(value)
        if not match:
            return ""
        day, month, year = match.groups()
    try:
        if day:
            return dt.date(int(year), int(month), int(day)).isoformat()
        if month:
            return dt.date(int(year), int(month), 1).isoformat()[:7]
        return f"{int(year):04d}" if int(year) >= 1 else ""
    except ValueError:
        return ""
