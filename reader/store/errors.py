"""SQLite's errors as one line for the user: locked, full, read-only, damaged; the one place that words them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

# SQLite's primary result codes (https://sqlite.org/rescode.html)
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 10, 11, 13, 14, 26


def describe(exc: sqlite3.Error, path: Path | str) -> str:
    """One line saying what went wrong with the library at ``path`` and what to do; names the cause."""
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    message = str(exc)
    if code in (_BUSY, _LOCKED) or "database is locked" in message:
        return f"{path} is busy: another program is writing to it; try again"
    if code == _FULL or "database or disk is full" in message:
        return f"{path}: the disk is full (database or disk is full); nothing was changed, free some space and try again"
    if code == _READONLY or "readonly database" in message:
        return f"{path} is read-only: nothing was changed ({message})"
    if code in (_CORRUPT, _NOTADB) or "malformed" in message:
        return f"{path} is damaged ({message}); nothing was changed"
    if code == _IOERR:  # a file size limit, a failing disk, or a full one on some systems
        return f"{path}: the file could not be written or read ({message}; is the disk full?); nothing was changed"
    if code == _CANTOPEN:
        return f"{path}: cannot open the file ({message})"
    return f"{path}: {message}"


__all__ = ["describe"]
