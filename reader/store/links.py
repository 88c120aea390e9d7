"""Links between passages, annotations and articles, and what they make visible (backlinks)."""

from __future__ import annotations

import uuid as uuidlib
from typing import Any

from reader import anchoring
from reader.domain import Anchor, Changes, Link, LinkEnd
from reader.store.annotations import AnnotationRepository
from reader.store.base import Handle, Repository, now

LINK_SQL = (
    "SELECT id, uuid, src_article, src_annotation, src_exact, src_prefix, src_suffix, src_start, src_end, "
    "dst_article, dst_annotation, dst_exact, dst_prefix, dst_suffix, dst_start, dst_end, label, note, created FROM links"
)


def _end(article: int, annotation: int | None, exact: str | None, prefix: str | None, suffix: str | None,
         start: int | None, end: int | None) -> LinkEnd:
    anchor = None
    if exact is not None and start is not None and end is not None:
        anchor = Anchor(exact, prefix or "", suffix or "", start, end)
    return LinkEnd(article, annotation, anchor)


def _row_to_link(row: Any) -> Link:
    return Link(source=_end(*row[2:9]), target=_end(*row[9:16]), label=row[16], note=row[17], id=row[0],
                uuid=row[1], created=row[18])


def _end_values(end: LinkEnd) -> tuple[Any, ...]:
    a = end.anchor
    if a is None:
        return (end.article_id, end.annotation_id, None, None, None, None, None)
    return (end.article_id, end.annotation_id, a.exact, a.prefix, a.suffix, a.start, a.end)


class LinkRepository(Repository):
    """The links table; a link end on an annotation takes that annotation's passage, asked of its repository."""

    def __init__(self, handle: Handle, annotations: AnnotationRepository) -> None:
        super().__init__(handle)
        self._annotations = annotations

    def _with_anchor(self, end: LinkEnd) -> LinkEnd:
        if end.annotation_id is not None and end.anchor is None:
            return LinkEnd(end.article_id, end.annotation_id, self._annotations.get(end.annotation_id).anchor)
        return end

    def add(self, link: Link) -> tuple[int, Changes]:
        """Store a link (or restore a deleted one with its id and uuid)."""
        source, target = self._with_anchor(link.source), self._with_anchor(link.target)
        with self._handle.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO links (id, uuid, src_article, src_annotation, src_exact, src_prefix, src_suffix, src_start, "
                "src_end, dst_article, dst_annotation, dst_exact, dst_prefix, dst_suffix, dst_start, dst_end, label, "
                "note, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (link.id, link.uuid or str(uuidlib.uuid4()), *_end_values(source), *_end_values(target), link.label,
                 link.note, link.created or now()),
            )
            new_id = int(cur.lastrowid or 0)
        return new_id, Changes(links=frozenset({new_id}),
                               articles=frozenset({source.article_id, target.article_id}))

    def get(self, link_id: int) -> Link:
        row = self.conn.execute(LINK_SQL + " WHERE id = ?", (link_id,)).fetchone()
        if row is None:
            raise KeyError(f"no link {link_id}")
        return _row_to_link(row)

    def update(self, link_id: int, *, label: str | None = None, note: str | None = None) -> Changes:
        current = self.get(link_id)
        with self._handle.transaction() as conn:
            conn.execute("UPDATE links SET label = ?, note = ? WHERE id = ?",
                         (current.label if label is None else label, current.note if note is None else note, link_id))
        return Changes(links=frozenset({link_id}),
                       articles=frozenset({current.source.article_id, current.target.article_id}))

    def delete(self, link_id: int) -> tuple[Link, Changes]:
        current = self.get(link_id)
        with self._handle.transaction() as conn:
            conn.execute("DELETE FROM links WHERE id = ?", (link_id,))
        return current, Changes(links=frozenset({link_id}),
                                articles=frozenset({current.source.article_id, current.target.article_id}))

    def from_article(self, article_id: int) -> list[Link]:
        return [_row_to_link(r) for r in self.conn.execute(LINK_SQL + " WHERE src_article = ? ORDER BY src_start, id",
                                                    (article_id,))]

    def to_article(self, article_id: int) -> list[Link]:
        return [_row_to_link(r) for r in self.conn.execute(LINK_SQL + " WHERE dst_article = ? ORDER BY dst_start, id",
                                                    (article_id,))]

    def of_annotation(self, annotation_id: int) -> list[Link]:
        return [_row_to_link(r) for r in self.conn.execute(
            LINK_SQL + " WHERE src_annotation = ? OR dst_annotation = ? ORDER BY id", (annotation_id, annotation_id))]

    def labels(self) -> list[str]:
        """Labels already used on links, most used first (suggestions for the next link)."""
        return [r[0] for r in self.conn.execute(
            "SELECT label FROM links WHERE label != '' GROUP BY label ORDER BY count(*) DESC, label")]

    def ids(self) -> list[int]:
        return [r[0] for r in self.conn.execute("SELECT id FROM links ORDER BY id")]

    def delete_of_annotation(self, annotation_id: int) -> None:
        with self._handle.transaction() as conn:
            conn.execute("DELETE FROM links WHERE src_annotation = ? OR dst_annotation = ?",
                         (annotation_id, annotation_id))

    def reanchor_ends(self, article_id: int, text: str) -> None:
        """Move the link ends in an edited article to their passages; an end that lost it keeps its old one."""
        with self._handle.transaction() as conn:
            for side in ("src", "dst"):
                rows = conn.execute(
                    f"SELECT id, {side}_exact, {side}_prefix, {side}_suffix, {side}_start, {side}_end FROM links "
                    f"WHERE {side}_article = ? AND {side}_exact IS NOT NULL",
                    (article_id,),
                ).fetchall()
                for link_id, exact, prefix, suffix, start, end in rows:
                    fresh = anchoring.refresh(text, Anchor(exact, prefix or "", suffix or "", start, end))
                    if fresh is not None:
                        conn.execute(
                            f"UPDATE links SET {side}_exact = ?, {side}_prefix = ?, {side}_suffix = ?, "
                            f"{side}_start = ?, {side}_end = ? WHERE id = ?",
                            (fresh.exact, fresh.prefix, fresh.suffix, fresh.start, fresh.end, link_id),
                        )
