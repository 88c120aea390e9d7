"""Whether each article's entity recognition ran, with which version, and why it failed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from reader.store.base import Repository, now

STATUSES = ("pending", "done", "failed", "skipped")


@dataclass(frozen=True)
class RecognitionState:
    article_id: int
    title: str
    status: str  # pending | done | failed | skipped | never (no record and no mention)
    version: str = ""
    error: str = ""


class RecognitionRepository(Repository):
    """The recognition table: one row per article, written in the transaction of what it describes."""

    def mark(self, article_ids: Iterable[int], status: str, version: str = "", error: str = "") -> None:
        assert status in STATUSES, status
        with self._handle.transaction() as conn:
            conn.executemany(
                "INSERT INTO recognition (article_id, status, version, error, updated) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(article_id) DO UPDATE SET status = excluded.status, version = excluded.version, "
                "error = excluded.error, updated = excluded.updated",
                [(article_id, status, version, error, now()) for article_id in article_ids])

    def get(self, article_id: int) -> RecognitionState:
        row = self.conn.execute(
            "SELECT a.id, a.title, r.status, r.version, r.error, EXISTS (SELECT 1 FROM mentions m "
            "WHERE m.article_id = a.id) FROM articles a LEFT JOIN recognition r ON r.article_id = a.id "
            "WHERE a.id = ?", (article_id,)).fetchone()
        if row is None:
            raise KeyError(f"no article {article_id}")
        return self._state(row)

    @staticmethod
    def _state(row: tuple[int, str, str | None, str | None, str | None, int]) -> RecognitionState:
        article_id, title, status, version, error, has_mentions = row
        if status is None:  # stored by a path that keeps no record: its mentions say whether it ran
            status = "done" if has_mentions else "never"
        return RecognitionState(article_id, title, status, version or "", error or "")

    def needing(self, current: str) -> list[RecognitionState]:
        """Articles whose recognition did not complete (pending, failed, never) or is out of date.

        Out of date: done under another pipeline version than ``current``; a version of "" (entities
        from a file, or another recogniser) is never out of date. Skipped articles are left alone.
        """
        rows = self.conn.execute(
            "SELECT a.id, a.title, r.status, r.version, r.error, 0 FROM recognition r JOIN articles a ON a.id = "
            "r.article_id WHERE r.status IN ('pending', 'failed') OR (r.status = 'done' AND r.version != '' "
            "AND r.version != ?) "
            "UNION ALL SELECT a.id, a.title, NULL, NULL, NULL, 0 FROM articles a WHERE NOT EXISTS "
            "(SELECT 1 FROM recognition r WHERE r.article_id = a.id) AND NOT EXISTS "
            "(SELECT 1 FROM mentions m WHERE m.article_id = a.id) ORDER BY 1", (current,)).fetchall()
        return [self._state(row) for row in rows]

    def counts(self) -> dict[str, int]:
        return {status: count for status, count in self.conn.execute(
            "SELECT status, count(*) FROM recognition GROUP BY status")}
