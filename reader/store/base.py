"""The shared connection handle every repository writes through: one connection, one transaction depth."""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils


BUSY_TIMEOUT_MS = 10000  # reads and commits wait this long for a lock; BEGIN IMMEDIATE polls (Handle._begin)


def is_locked(exc: BaseException) -> bool:
    """Another connection holds the lock (SQLITE_BUSY / SQLITE_LOCKED): worth trying again later."""
    return isinstance(exc, sqlite3.OperationalError) and (
        "locked" in str(exc) or "busy" in str(exc))


class StoreError(Exception):
    """A library file that cannot be opened or written; the message names the file."""


def now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class Handle:
    """One SQLite connection shared by the facade and its repositories; nested transactions join the outer one."""

    #: how long ``BEGIN IMMEDIATE`` waits for another writer before "database is locked" (seconds)
    write_wait = 10.0

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
            self._begin()
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


    def _begin(self) -> None:
        """``BEGIN IMMEDIATE``, waiting for the write lock by short polls rather than SQLite's busy handler.

        SQLite's handler sleeps ever longer (up to 100 ms) between tries, so a writer in a loop of short
        transactions can take the lock again and again while another sleeps. Here a waiting writer tries
        again every millisecond or so (with jitter), so it gets in at the next gap between two transactions.
        """
        conn = self.conn
        deadline = time.monotonic() + self.write_wait
        conn.execute("PRAGMA busy_timeout = 0")
        try:
            while True:
                try:
                    conn.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as exc:
                    if not is_locked(exc) or time.monotonic() >= deadline:
                        raise
                time.sleep(random.uniform(0.0005, 0.0015))
        finally:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


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
