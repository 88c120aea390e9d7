"""Opening the library in a mode: read (never creates, never writes), write (an existing one) or create.

Read-only files and folders are still read (``mode=ro``; ``immutable=1`` when the folder is read-only, so
no -wal/-shm is needed). Before a command writes, ``PRAGMA quick_check`` runs on a read-only connection:
a damaged file (bad pages, or a stale -wal from another copy that breaks the pages it replays) is refused
in one line and left exactly as it was. A file or folder without any write permission bit counts as
read-only even for root, for whom chmod blocks nothing: the user's chmod a-w is respected.
"""

from __future__ import annotations

import enum
import os
import sqlite3
import stat
from pathlib import Path

from reader.store.backup import connect_to_check
from reader.store.base import StoreError
from reader.store.facade import Store
from reader.store.schema import SCHEMA_VERSION


class Mode(enum.Enum):
    READ = "read"  # list, search, show, export, check ...: nothing created, nothing written
    WRITE = "write"  # an existing library only
    CREATE = "create"  # import, corrections, the window: a new library is made when there is none


class LibraryMissing(StoreError):
    pass


class LibraryReadOnly(StoreError):
    pass


class LibraryDamaged(StoreError):
    pass


def damaged_line(path: Path | str, problem: str) -> str:
    return f"{path} is damaged: {problem}; run `reader check` or `reader restore BACKUP`"


def _no_write_bits(path: Path) -> bool:
    return not stat.S_IMODE(path.stat().st_mode) & 0o222


def access_of(path: Path) -> str:
    """'rw', 'ro' (the file cannot be written) or 'immutable' (its folder cannot be written either)."""
    folder = path.parent
    if not os.access(folder, os.W_OK) or _no_write_bits(folder):
        return "immutable"
    if not os.access(path, os.W_OK) or _no_write_bits(path):
        return "ro"
    return "rw"


def connect(path: Path, access: str) -> sqlite3.Connection:
    """A connection that never creates the file: read-write, read-only, or immutable."""
    query = {"rw": "mode=rw", "ro": "mode=ro", "immutable": "mode=ro&immutable=1"}[access]
    return sqlite3.connect(f"{path.resolve().as_uri()}?{query}", uri=True, timeout=10, isolation_level=None,
                           check_same_thread=False)


def quick_check(path: Path, access: str = "ro") -> str:
    """'' when PRAGMA quick_check passes on a read-only connection, else the first problems it names."""
    try:
        conn = connect(path, "immutable") if access == "immutable" else connect_to_check(path)
        try:
            rows = [str(r[0]) for r in conn.execute("PRAGMA quick_check(3)")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return "" if rows == ["ok"] else "; ".join(" ".join(r.split()) for r in rows)[:200]


def _where(path: Path) -> Path:
    """The first missing or non-folder ancestor of the library's folder, if any."""
    for parent in reversed(path.parents):
        if parent.exists() and not parent.is_dir():
            raise StoreError(f"cannot use {path}: {parent} is a file, not a folder")
    return path


def open_library(path: Path | str, mode: Mode, *, verify: bool = True) -> Store:
    """The Store for ``path`` opened in ``mode``; every refusal is a StoreError of one line naming the file.

    ``verify``: run quick_check before a write mode gives the library out (the window checks in the
    background instead, and opens a library known damaged in READ mode).
    """
    if str(path) == ":memory:":
        return Store()
    path = _where(Path(path).expanduser())
    if path.exists() and not path.is_file():
        raise StoreError(f"cannot use {path}: it is a folder, not a library file")
    if not path.exists():
        if mode is not Mode.CREATE:
            raise LibraryMissing(f"no library at {path}")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create {path.parent}: {exc.strerror or exc}") from exc
        return Store(path)
    access = access_of(path)
    if mode is not Mode.READ and access != "rw":
        raise LibraryReadOnly(f"{path} is read-only" + (" (its folder cannot be written)" if access == "immutable"
                                                          else "") + "; nothing was changed")
    if mode is Mode.READ:
        store = _open_read(path, access)
        if store is not None:
            return store
        # an older library that needs its upgrade (a write): verified first, backed up by the migration
    if verify:
        problem = quick_check(path)
        if problem:
            raise LibraryDamaged(damaged_line(path, problem))
    try:
        return Store(path, connection=connect(path, "rw"))
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open {path}: {exc}") from exc


def _open_read(path: Path, access: str) -> Store | None:
    """A read-only Store, or None when the library must be upgraded first (and can be)."""
    try:
        conn = connect(path, "immutable" if access == "immutable" else "ro")
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: not a readable reader library ({exc})") from exc
    if version == 0 and not conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
        conn.close()
        raise LibraryMissing(f"no library at {path} (the file is empty)")
    if version < SCHEMA_VERSION and access == "rw":
        conn.close()
        return None
    return Store(path, connection=conn, read_only=True)


__all__ = ["LibraryDamaged", "LibraryMissing", "LibraryReadOnly", "Mode", "access_of", "connect", "damaged_line",
           "open_library", "quick_check"]
