"""Connection, transactions and migrations shared by every part of the store."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

from reader.store.schema import MIGRATIONS, SCHEMA_VERSION


class StoreError(Exception):
    """A library file that cannot be opened or written; the message names the file."""


def now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class StoreBase:
    """Owns one SQLite connection; every multi-row change runs inside ``transaction()``."""

    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).expanduser().parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA busy_timeout = 10000")
            if self.path != ":memory:":
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
            self._conn = conn
            self._depth = 0
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a readable reader library ({exc})") from exc

    @property
    def conn(self) -> sqlite3.Connection:
        return self._conn

    @cached_property
    def db(self) -> sqlite_utils.Database:
        """The sqlite-utils view of the same connection, for introspection and tools.

        Made on first use: importing sqlite-utils (and its plugin scan) costs a third of a second that
        the window's start-up does not need to pay.
        """
        import sqlite_utils

        return sqlite_utils.Database(self._conn)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> StoreBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All or nothing: nested calls join the outer transaction."""
        conn = self._conn
        if self._depth == 0:
            conn.execute("BEGIN IMMEDIATE")
        self._depth += 1
        try:
            yield conn
        except BaseException:
            self._depth -= 1
            if self._depth == 0:
                conn.execute("ROLLBACK")
            raise
        self._depth -= 1
        if self._depth == 0:
            conn.execute("COMMIT")

    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: made by a newer version of the reader (schema {version} > {SCHEMA_VERSION})"
            )
        for number in range(version, SCHEMA_VERSION):
            with self.transaction() as conn:
                MIGRATIONS[number](conn)
                conn.execute(f"PRAGMA user_version = {number + 1}")

    def get_meta(self, key: str, default: str = "") -> str:
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else default

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as conn:
            conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = "
                         "excluded.value", (key, value))

    def integrity_ok(self) -> bool:
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
