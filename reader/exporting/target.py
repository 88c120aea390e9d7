"""The one guard every export passes: never write onto a library, its journal files, or any SQLite file."""

from __future__ import annotations

import os
from pathlib import Path

from reader.exporting.scope import ExportError

SQLITE_HEADER = b"SQLite format 3\x00"
JOURNAL_SUFFIXES = ("-wal", "-shm", "-journal")


def is_sqlite_file(path: Path) -> bool:
    """True when the file starts with SQLite's 16-byte header (whatever its name or extension)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == SQLITE_HEADER
    except OSError:
        return False


def resolved(path: Path | str) -> Path:
    """The real file a write would land in: ~ expanded, symlinks followed, relative parts made absolute."""
    return Path(os.path.realpath(Path(path).expanduser()))


def refusal(path: Path | str, library: Path | str | None = None) -> str | None:
    """Why writing an export to ``path`` would harm a library, or None when it is safe."""
    shown = Path(path)
    real = resolved(path)
    if library is not None and str(library) != ":memory:":
        lib = resolved(library)
        if real == lib:
            return f"{shown} is the open library; choose another file for the export"
        for suffix in JOURNAL_SUFFIXES:
            if real == lib.with_name(lib.name + suffix):
                return f"{shown} is the open library's {suffix.lstrip('-')} file; choose another file for the export"
    if real.is_file() and is_sqlite_file(real):
        return f"{shown} is an SQLite database; an export never replaces one, choose another file"
    for suffix in JOURNAL_SUFFIXES:
        if real.name.endswith(suffix):
            base = real.with_name(real.name[: -len(suffix)])
            if base.is_file() and is_sqlite_file(base):
                return f"{shown} belongs to the SQLite database {base.name}; choose another file for the export"
    return None


def check_target(path: Path | str, library: Path | str | None = None) -> None:
    """Raise ExportError (one line for the user) when ``path`` must not be written; see `refusal`."""
    reason = refusal(path, library)
    if reason is not None:
        raise ExportError(reason)


__all__ = ["SQLITE_HEADER", "check_target", "is_sqlite_file", "refusal", "resolved"]
