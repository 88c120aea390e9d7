"""Facts about the library itself, as key/value pairs (e.g. that the bundled articles were offered)."""

from __future__ import annotations

from reader.store.base import Handle


class MetaRepository:
    def __init__(self, handle: Handle) -> None:
        self._handle = handle

    def get(self, key: str, default: str = "") -> str:
        row = self._handle.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else default

    def set(self, key: str, value: str) -> None:
        with self._handle.transaction() as conn:
            conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = "
                         "excluded.value", (key, value))
