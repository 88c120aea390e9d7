"""Links between passages, annotations and articles, and what they make visible (backlinks)."""

from __future__ import annotations

import uuid as uuidlib
from typing import Any

from reader.domain import Anchor, Annotation, Changes, Link, LinkEnd
from reader.store.annotations import AnnotationStore
from reader.store.base import now

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


def _link(row: Any) -> Link:
    return Link(source=_end(*row[2:9]), target=_end(*row[9:16]), label=row[16], note=row[17], id=row[0],
                uuid=row[1], created=row[18])


def _end_values(end: LinkEnd) -> tuple[Any, ...]:
    a = end.anchor
    if a is None:
        return (end.article_id, end.annotation_id, None, None, None, None, None)
    return (end.article_id, end.annotation_id, a.exact, a.prefix, a.suffix, a.start, a.end)


class LinkStore(AnnotationStore):
    def add_link(self, link: Link) -> tuple[int, Changes]:
        """Store a link (or restore a deleted one with its id and uuid)."""
        source, target = link.source, link.target
        if source.annotation_id is not None and source.anchor is None:
            source = LinkEnd(source.article_id, source.annotation_id, self.annotation(source.annotation_id).anchor)
        if target.annotation_id is not None and target.anchor is None:
            target = LinkEnd(target.article_id, target.annotation_id, self.annotation(target.annotation_id).anchor)
        with self.transaction() as conn:
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

    def link(self, link_id: int) -> Link:
        row = self.conn.execute(LINK_SQL + " WHERE id = ?", (link_id,)).fetchone()
        if row is None:
            raise KeyError(f"no link {link_id}")
        return _link(row)

    def update_link(self, link_id: int, *, label: str | None = None, note: str | None = None) -> Changes:
        current = self.link(link_id)
        with self.transaction() as conn:
            conn.execute("UPDATE links SET label = ?, note = ? WHERE id = ?",
                         (current.label if label is None else label, current.note if note is None else note, link_id))
        return Changes(links=frozenset({link_id}),
                       articles=frozenset({current.source.article_id, current.target.article_id}))

    def delete_link(self, link_id: int) -> tuple[Link, Changes]:
        current = self.link(link_id)
        with self.transaction() as conn:
            conn.execute("DELETE FROM links WHERE id = ?", (link_id,))
        return current, Changes(links=frozenset({link_id}),
                                articles=frozenset({current.source.article_id, current.target.article_id}))

    def links_from(self, article_id: int) -> list[Link]:
        return [_link(r) for r in self.conn.execute(LINK_SQL + " WHERE src_article = ? ORDER BY src_start, id",
                                                    (article_id,))]

    def links_to(self, article_id: int) -> list[Link]:
        return [_link(r) for r in self.conn.execute(LINK_SQL + " WHERE dst_article = ? ORDER BY dst_start, id",
                                                    (article_id,))]

    def links_of_annotation(self, annotation_id: int) -> list[Link]:
        return [_link(r) for r in self.conn.execute(
            LINK_SQL + " WHERE src_annotation = ? OR dst_annotation = ? ORDER BY id", (annotation_id, annotation_id))]

    def link_labels(self) -> list[str]:
        """Labels already used on links, most used first (suggestions for the next link)."""
        return [r[0] for r in self.conn.execute(
            "SELECT label FROM links WHERE label != '' GROUP BY label ORDER BY count(*) DESC, label")]

    def all_link_ids(self) -> list[int]:
        return [r[0] for r in self.conn.execute("SELECT id FROM links ORDER BY id")]

    # an annotation's links go and come back with it -------------------------------------------

    def delete_annotation(self, annotation_id: int) -> tuple[Annotation, list[Link], Changes]:
        """Delete an annotation and its links; returns them so an undo can restore both."""
        current = self.annotation(annotation_id)
        links = self.links_of_annotation(annotation_id)
        with self.transaction() as conn:
            conn.execute("DELETE FROM links WHERE src_annotation = ? OR dst_annotation = ?",
                         (annotation_id, annotation_id))
            conn.execute("DELETE FROM annotations WHERE id = ?", (annotation_id,))
        changes = Changes(annotations=frozenset({annotation_id}), articles=frozenset({current.article_id}),
                          links=frozenset(link.id for link in links if link.id is not None))
        return current, links, changes

    def restore_annotation(self, annotation: Annotation, links: list[Link]) -> Changes:
        with self.transaction():
            _, changes = self.add_annotation(annotation)
            for link in links:
                _, more = self.add_link(link)
                changes = changes | more
        return changes
