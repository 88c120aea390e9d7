"""Annotations (highlights, notes, tags): add, edit, re-anchor, delete, list and search."""

from __future__ import annotations

import uuid as uuidlib
from dataclasses import dataclass
from typing import Any

from reader.domain import COLORS, Anchor, Annotation, Changes, Origin
from reader.store.articles import fts_query
from reader.store.base import Repository, now

ORIGIN_COLUMNS = ("via", "creator", "source_uri", "language", "format", "entity_type", "identifier", "unplaced")
ANNOTATION_SQL = (
    'SELECT id, uuid, article_id, exact, prefix, suffix, pos_start, pos_end, start, "end", color, note, created, '
    f"modified, {', '.join(ORIGIN_COLUMNS)} FROM annotations"
)


@dataclass(frozen=True)
class AnnotationHit:
    id: int
    article_id: int
    article_title: str
    exact: str
    note: str
    snippet: str
    score: float


def _row_to_annotation(row: Any, tags: tuple[str, ...]) -> Annotation:
    (ann_id, uuid, article_id, exact, prefix, suffix, pos_start, pos_end, start, end, color, note, created,
     modified, *origin) = row
    return Annotation(
        article_id=article_id, anchor=Anchor(exact, prefix, suffix, pos_start, pos_end), color=color, note=note,
        tags=tags, start=start, end=end, id=ann_id, uuid=uuid, created=created, modified=modified,
        origin=_origin(origin),
    )


def _origin(values: list[str]) -> Origin:
    via, creator, source, language, format_, entity_type, identifier, unplaced = values
    return Origin(via, creator, source, language, format_, entity_type, identifier, unplaced)


def _origin_values(origin: Origin) -> tuple[str, ...]:
    return (origin.via, origin.creator, origin.source, origin.language, origin.format, origin.entity_type,
            origin.identifier, origin.unplaced)


def _row_to_hit(row: Any) -> AnnotationHit:
    ann_id, article_id, title, exact, note, snippet, score = row
    return AnnotationHit(ann_id, article_id, title, exact, note, snippet, -float(score))


class AnnotationRepository(Repository):
    """The annotations table with its tags and full-text index."""

    def _annotation(self, row: Any) -> Annotation:
        return _row_to_annotation(row, self._tags_of([row[0]]).get(row[0], ()))

    def _tags_of(self, annotation_ids: list[int]) -> dict[int, tuple[str, ...]]:
        tags: dict[int, list[str]] = {}
        for i in range(0, len(annotation_ids), 500):
            chunk = annotation_ids[i:i + 500]
            for ann_id, name in self.conn.execute(
                    "SELECT t.annotation_id, g.name FROM annotation_tags t JOIN tags g ON g.id = t.tag_id "
                    f"WHERE t.annotation_id IN ({','.join('?' * len(chunk))}) ORDER BY g.name COLLATE NOCASE", chunk):
                tags.setdefault(ann_id, []).append(name)
        return {k: tuple(v) for k, v in tags.items()}

    def get(self, annotation_id: int) -> Annotation:
        row = self.conn.execute(ANNOTATION_SQL + " WHERE id = ?", (annotation_id,)).fetchone()
        if row is None:
            raise KeyError(f"no annotation {annotation_id}")
        return self._annotation(row)

    def by_uuid(self, uuid: str) -> Annotation | None:
        row = self.conn.execute(ANNOTATION_SQL + " WHERE uuid = ?", (uuid,)).fetchone()
        return self._annotation(row) if row else None

    def for_article(self, article_id: int) -> list[Annotation]:
        """In reading order; orphans (no passage) last."""
        rows = self.conn.execute(
            ANNOTATION_SQL + " WHERE article_id = ? ORDER BY start IS NULL, start, id", (article_id,)).fetchall()
        tags = self._tags_of([r[0] for r in rows])
        return [_row_to_annotation(r, tags.get(r[0], ())) for r in rows]

    def articles_of_source(self, uri: str) -> list[int]:
        """Articles holding placed notes made in another tool on the document ``uri``."""
        return [r[0] for r in self.conn.execute(
            "SELECT DISTINCT article_id FROM annotations WHERE source_uri = ? AND start IS NOT NULL", (uri,))]

    def ids(self, *, tag: str = "") -> list[int]:
        if tag:
            sql = ("SELECT n.id FROM annotations n JOIN annotation_tags t ON t.annotation_id = n.id JOIN tags g "
                   "ON g.id = t.tag_id WHERE g.name = ? ORDER BY n.article_id, n.start")
            return [r[0] for r in self.conn.execute(sql, (tag,))]
        return [r[0] for r in self.conn.execute("SELECT id FROM annotations ORDER BY article_id, start")]

    def add(self, annotation: Annotation) -> tuple[int, Changes]:
        """Store a new annotation (or restore a deleted one, keeping its id and uuid)."""
        if annotation.color not in COLORS:
            raise ValueError(f"unknown colour {annotation.color!r}; choose one of {', '.join(COLORS)}")
        a = annotation.anchor
        stamp = now()
        start, end = (annotation.start, annotation.end)
        with self._handle.transaction() as conn:
            cur = conn.execute(
                'INSERT INTO annotations (id, uuid, article_id, exact, prefix, suffix, pos_start, pos_end, start, "end", '
                f"color, note, created, modified, {', '.join(ORIGIN_COLUMNS)}) "
                f"VALUES ({', '.join('?' * (14 + len(ORIGIN_COLUMNS)))})",
                (annotation.id, annotation.uuid or str(uuidlib.uuid4()), annotation.article_id, a.exact, a.prefix,
                 a.suffix, a.start, a.end, start, end, annotation.color, annotation.note,
                 annotation.created or stamp, annotation.modified or stamp, *_origin_values(annotation.origin)),
            )
            new_id = int(cur.lastrowid or 0)
            self._set_tags(new_id, annotation.tags)
        return new_id, Changes(annotations=frozenset({new_id}), articles=frozenset({annotation.article_id}))

    def update(self, annotation_id: int, *, color: str | None = None, note: str | None = None,
                          tags: tuple[str, ...] | None = None) -> Changes:
        current = self.get(annotation_id)
        if color is not None and color not in COLORS:
            raise ValueError(f"unknown colour {color!r}")
        with self._handle.transaction() as conn:
            conn.execute(
                "UPDATE annotations SET color = ?, note = ?, modified = ? WHERE id = ?",
                (color if color is not None else current.color, note if note is not None else current.note, now(),
                 annotation_id),
            )
            if tags is not None:
                self._set_tags(annotation_id, tags)
        return Changes(annotations=frozenset({annotation_id}), articles=frozenset({current.article_id}))

    def reattach(self, annotation_id: int, anchor: Anchor, article_id: int | None = None) -> Changes:
        """Give an orphan (or any annotation) a new passage, in its article or in ``article_id``.

        A note brought in from another tool that could not be placed is no longer unplaced.
        """
        current = self.get(annotation_id)
        target = current.article_id if article_id is None else article_id
        with self._handle.transaction() as conn:
            conn.execute(
                'UPDATE annotations SET article_id = ?, exact = ?, prefix = ?, suffix = ?, pos_start = ?, pos_end = ?, '
                'start = ?, "end" = ?, unplaced = \'\', modified = ? WHERE id = ?',
                (target, anchor.exact, anchor.prefix, anchor.suffix, anchor.start, anchor.end, anchor.start, anchor.end,
                 now(), annotation_id),
            )
        return Changes(annotations=frozenset({annotation_id}), articles=frozenset({current.article_id, target}))

    def tags(self) -> list[tuple[str, int]]:
        """Every tag with the number of annotations carrying it."""
        return [(r[0], r[1]) for r in self.conn.execute(
            "SELECT g.name, count(t.annotation_id) FROM tags g LEFT JOIN annotation_tags t ON t.tag_id = g.id "
            "GROUP BY g.id HAVING count(t.annotation_id) > 0 ORDER BY g.name COLLATE NOCASE")]

    def search(self, query: str, limit: int = 50) -> list[AnnotationHit]:
        q = fts_query(query)
        if not q:
            return []
        rows = self.conn.execute(
            "SELECT f.rowid, n.article_id, a.title, n.exact, n.note, snippet(annotations_fts, -1, '[', ']', '…', 12), "
            "bm25(annotations_fts) AS score FROM annotations_fts f JOIN annotations n ON n.id = f.rowid "
            "JOIN articles a ON a.id = n.article_id WHERE annotations_fts MATCH ? ORDER BY score LIMIT ?",
            (q, limit)).fetchall()
        return [_row_to_hit(r) for r in rows]

    def counts(self) -> dict[int, int]:
        return {r[0]: r[1] for r in self.conn.execute(
            "SELECT article_id, count(*) FROM annotations GROUP BY article_id")}

    def reanchor(self, annotation_id: int, anchor: Anchor | None) -> None:
        """Move an annotation to its passage in an edited text, or orphan it (None); not a user edit."""
        with self._handle.transaction() as conn:
            if anchor is None:
                conn.execute('UPDATE annotations SET start = NULL, "end" = NULL WHERE id = ?', (annotation_id,))
            else:
                conn.execute(
                    'UPDATE annotations SET exact = ?, prefix = ?, suffix = ?, pos_start = ?, pos_end = ?, '
                    'start = ?, "end" = ? WHERE id = ?',
                    (anchor.exact, anchor.prefix, anchor.suffix, anchor.start, anchor.end, anchor.start, anchor.end,
                     annotation_id),
                )

    def delete(self, annotation_id: int) -> None:
        """Delete the row alone; the facade deletes and restores the links that go with it."""
        with self._handle.transaction() as conn:
            conn.execute("DELETE FROM annotations WHERE id = ?", (annotation_id,))

    def _set_tags(self, annotation_id: int, tags: tuple[str, ...]) -> None:
        conn = self.conn
        conn.execute("DELETE FROM annotation_tags WHERE annotation_id = ?", (annotation_id,))
        for name in dict.fromkeys(t.strip() for t in tags if t.strip()):
            conn.execute("INSERT OR IGNORE INTO tags (name) VALUES (?)", (name,))
            tag_id = conn.execute("SELECT id FROM tags WHERE name = ?", (name,)).fetchone()[0]
            conn.execute("INSERT OR IGNORE INTO annotation_tags VALUES (?, ?)", (annotation_id, tag_id))
