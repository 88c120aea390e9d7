"""The shared connection handle every repository writes through: one connection, one transaction depth."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils


class StoreError(Exception):
    """A library file that cannot be opened or written; the message names the file."""


def now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class Handle:
    """One SQLite connection shared by the facade and its repositories; nested transactions join the outer one."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._depth = 0

    @cached_property
    def db(self) -> sqlite_utils.Database:
        """The sqlite-utils view of the same connection, for introspection and bulk writes.

        Made on first use: importing sqlite-utils (and its plugin scan) costs a third of a second that
        the window's start-up does not need to pay. Recursive triggers stay off, as on the plain connection.
        """
        import sqlite_utils

        return sqlite_utils.Database(self.conn, recursive_triggers=False, execute_plugins=False)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All or nothing: nested calls join the outer transaction."""
        conn = self.conn
        if self._depth == 0:
            conn.execute("BEGIN IMMEDIATE")
        self._depth += 1
        try:
            yield conn
        except BaseException:
            self._depth -= 1
            if self._depth == 0:
                _rollback(conn)
            raise
        self._depth -= 1
        if self._depth == 0:
            try:
                conn.execute("COMMIT")
            except BaseException:
                _rollback(conn)
                raise


def _rollback(conn: sqlite3.Connection) -> None:
    """Roll back, keeping the real cause: after a full disk or an I/O error SQLite may have rolled back
    already, and "cannot rollback - no transaction is active" would hide why."""
    with suppress(sqlite3.Error):
        conn.execute("ROLLBACK")


class Repository:
    """A table group of the store: it reads and writes through the handle's one connection."""

    def __init__(self, handle: Handle) -> None:
        self._handle = handle

    @property
    def conn(self) -> sqlite3.Connection:
        return self._handle.conn
