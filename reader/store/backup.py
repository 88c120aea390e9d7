"""Backups of the library beside it (SQLite's online backup API), their rotation, and restoring one."""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from reader.store.base import StoreError

FOLDER = "backups"
STAMP = "%Y%m%d-%H%M%S"
KEEP_DAYS = 7  # besides every backup of the last 24 hours, the newest of each of the last 7 days
_NAME = re.compile(r"^(?P<stem>.+)-(?P<when>\d{8}-\d{6})(?:-(?P<n>\d+))?-(?P<reason>[a-z0-9-]+)\.sqlite$")


class BackupError(StoreError):
    """A backup that cannot be made, read or restored; the message names the file."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    when: datetime
    reason: str
    size: int


def backups_dir(library: Path) -> Path:
    return Path(library).expanduser().parent / FOLDER


def list_backups(library: Path) -> list[BackupInfo]:
    """The backups of this library (by file name), newest first."""
    library = Path(library).expanduser()
    folder = backups_dir(library)
    found = []
    if folder.is_dir():
        for path in folder.glob(f"{library.stem}-*.sqlite"):
            match = _NAME.match(path.name)
            if match is None or match["stem"] != library.stem:
                continue
            try:
                size = path.stat().st_size
            except OSError:
                continue
            found.append(BackupInfo(path, datetime.strptime(match["when"], STAMP), match["reason"], size))
    return sorted(found, key=lambda b: (b.when, b.path.name), reverse=True)


def copy_database(source: sqlite3.Connection, target: Path) -> None:
    """Copy an open library page by page into ``target`` (written beside it, then renamed: never half a file)."""
    partial = target.with_name(target.name + ".partial")
    try:
        partial.unlink(missing_ok=True)
        dest = sqlite3.connect(partial)
        try:
            source.backup(dest, pages=4096)
            dest.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
        finally:
            dest.close()
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise BackupError(f"cannot write the backup {target}: {reason}") from exc


def make_backup(source: sqlite3.Connection, library: Path, reason: str, target: Path | None = None,
                now: datetime | None = None) -> Path:
    """Back the library up as ``backups/<stem>-<YYYYmmdd-HHMMSS>-<reason>.sqlite`` (or to ``target``).

    The automatic ones rotate: see ``rotate``. A backup given a ``target`` is the user's and is never removed.
    """
    library = Path(library).expanduser()
    if target is None:
        now = now or datetime.now()
        folder = backups_dir(library)
        try:
            folder.mkdir(exist_ok=True)
        except OSError as exc:
            raise BackupError(f"cannot make the backup folder {folder}: {exc.strerror or exc}") from exc
        target = folder / f"{library.stem}-{now.strftime(STAMP)}-{reason}.sqlite"
        n = 1
        while target.exists():  # two backups in the same second
            n += 1
            target = folder / f"{library.stem}-{now.strftime(STAMP)}-{n}-{reason}.sqlite"
        copy_database(source, target)
        rotate(library, now)
        return target
    copy_database(source, Path(target).expanduser())
    return Path(target).expanduser()


def rotate(library: Path, now: datetime | None = None) -> list[Path]:
    """Keep every backup of the last 24 hours and the newest of each of the last KEEP_DAYS days; remove the rest."""
    now = now or datetime.now()
    seen_days: set[object] = set()
    removed = []
    for info in list_backups(library):  # newest first: the first one met of a day is its newest
        day = info.when.date()
        recent = now - info.when <= timedelta(days=1)
        newest_of_day = day not in seen_days and (now.date() - day).days < KEEP_DAYS
        seen_days.add(day)
        if recent or newest_of_day:
            continue
        try:
            info.path.unlink()
            removed.append(info.path)
        except OSError:
            pass
    return removed


def connect_to_check(path: Path) -> sqlite3.Connection:
    """A read-only connection that leaves no -wal/-shm behind: immutable when there is no -wal to replay
    (so nobody has the file open in WAL mode), plain read-only otherwise."""
    wal = path.with_name(path.name + "-wal")
    query = "mode=ro" if wal.exists() else "mode=ro&immutable=1"
    return sqlite3.connect(f"{path.resolve().as_uri()}?{query}", uri=True)


def verify(path: Path) -> str:
    """'' when the file is a sound SQLite database (integrity_check), else what is wrong, in a few words."""
    path = Path(path).expanduser()
    if not path.is_file():
        return "no such file"
    try:
        conn = connect_to_check(path)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check(5)")]
            if not conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'articles'").fetchone()[0]:
                return "not a reader library"
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return str(exc)
    return "" if rows == ["ok"] else "; ".join(rows)[:300]


def newest_sound_backup(library: Path) -> BackupInfo | None:
    for info in list_backups(library):
        if not verify(info.path):
            return info
    return None


def restore_backup(library: Path, backup: Path, now: datetime | None = None) -> Path:
    """Put ``backup`` in place of the library; the current file is moved aside (never deleted) and returned.

    The backup is verified first. The current file goes aside as ``<stem>.damaged-<time>.sqlite`` when it
    does not pass a quick check, else ``<stem>.replaced-<time>.sqlite``, with its -wal and -shm beside it
    under the same new name, so the moved file still holds every commit it had.
    """
    library, backup = Path(library).expanduser(), Path(backup).expanduser()
    problem = verify(backup)
    if problem:
        raise BackupError(f"{backup} is not a sound backup ({problem}); the library was not changed")
    stamp = (now or datetime.now()).strftime(STAMP)
    staged = library.with_name(library.name + ".restoring")
    source = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
    try:
        copy_database(source, staged)
    finally:
        source.close()
    aside: Path | None = None
    try:
        if library.exists():
            state = "replaced" if _sound(library) else "damaged"
            aside = library.with_name(f"{library.stem}.{state}-{stamp}.sqlite")
            os.replace(library, aside)
            for suffix in ("-wal", "-shm"):
                side = library.with_name(library.name + suffix)
                if side.exists():
                    os.replace(side, aside.with_name(aside.name + suffix))
        os.replace(staged, library)
    except OSError as exc:
        staged.unlink(missing_ok=True)
        raise BackupError(f"cannot restore into {library}: {exc.strerror or exc}") from exc
    return aside or library


def _sound(path: Path) -> bool:
    try:
        conn = connect_to_check(path)
        try:
            return bool(conn.execute("PRAGMA quick_check").fetchone()[0] == "ok")
        finally:
            conn.close()
    except sqlite3.Error:
        return False


__all__ = ["BackupError", "BackupInfo", "backups_dir", "copy_database", "list_backups", "make_backup",
           "connect_to_check", "newest_sound_backup", "restore_backup", "rotate", "verify"]
