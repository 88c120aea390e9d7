"""The one door to the library's SQLite file: schema, migrations, reads and writes, FTS5 search."""

from __future__ import annotations

from dataclasses import dataclass

from reader import anchoring
from reader.domain import Anchor, Annotation, Article, Changes, Link
from reader.entities.model import Correction, EntitySpan
from reader.store.annotations import AnnotationHit
from reader.store.articles import ARTICLE_COLUMNS, ArticleRow, SearchHit, UpsertResult, fts_query
from reader.store.base import StoreError
from reader.store.entities import EntityRow, EntityStore, RelatedArticle


@dataclass(frozen=True)
class ArticleSnapshot:
    """Everything that belongs to one article, enough to put it back after a delete."""

    article: Article
    spans: list[EntitySpan]
    annotations: list[Annotation]
    links: list[Link]
    corrections: list[Correction]


class Store(EntityStore):
    """The library: articles, entities and mentions, annotations, tags, links and corrections.

    What spans every table lives here: updating an article re-anchors its notes and link ends;
    deleting one can be undone from a snapshot.
    """

    def upsert_article(self, article: Article) -> UpsertResult:
        """Same content: unchanged; same path with new content: updated and re-anchored; else imported."""
        same = self.find_article(content_hash=article.content_hash) if article.content_hash else None
        if same is not None:
            return UpsertResult(same, "unchanged", Changes())
        existing = self.find_article(path=article.path) if article.path else None
        if existing is None:
            new_id, changes = self.add_article(article)
            return UpsertResult(new_id, "imported", changes)
        changes, orphaned = self.update_article_text(existing, article)
        return UpsertResult(existing, "updated", changes, orphaned)

    def update_article_text(self, article_id: int, article: Article) -> tuple[Changes, int]:
        """Replace an article's text and metadata; every annotation and link end is re-resolved."""
        text = article.text
        orphaned = 0
        with self.transaction() as conn:
            conn.execute(
                f"UPDATE articles SET {', '.join(c + ' = ?' for c in ARTICLE_COLUMNS)} WHERE id = ?",
                (*[getattr(article, c) for c in ARTICLE_COLUMNS], article_id),
            )
            annotation_ids = set()
            for ann in self.annotations(article_id):
                assert ann.id is not None
                annotation_ids.add(ann.id)
                fresh = anchoring.refresh(text, ann.anchor)
                if fresh is None:
                    orphaned += 1
                    conn.execute('UPDATE annotations SET start = NULL, "end" = NULL WHERE id = ?', (ann.id,))
                else:
                    conn.execute(
                        'UPDATE annotations SET exact = ?, prefix = ?, suffix = ?, pos_start = ?, pos_end = ?, '
                        'start = ?, "end" = ? WHERE id = ?',
                        (fresh.exact, fresh.prefix, fresh.suffix, fresh.start, fresh.end, fresh.start, fresh.end, ann.id),
                    )
            self._refresh_link_anchors(article_id, text)
            conn.execute("DELETE FROM mentions WHERE article_id = ?", (article_id,))
        return Changes(articles=frozenset({article_id}), annotations=frozenset(annotation_ids),
                       mentions_of=frozenset({article_id})), orphaned

    def _refresh_link_anchors(self, article_id: int, text: str) -> None:
        for side in ("src", "dst"):
            rows = self.conn.execute(
                f"SELECT id, {side}_exact, {side}_prefix, {side}_suffix, {side}_start, {side}_end FROM links "
                f"WHERE {side}_article = ? AND {side}_exact IS NOT NULL",
                (article_id,),
            ).fetchall()
            for link_id, exact, prefix, suffix, start, end in rows:
                fresh = anchoring.refresh(text, Anchor(exact, prefix or "", suffix or "", start, end))
                if fresh is not None:
                    self.conn.execute(
                        f"UPDATE links SET {side}_exact = ?, {side}_prefix = ?, {side}_suffix = ?, {side}_start = ?, "
                        f"{side}_end = ? WHERE id = ?",
                        (fresh.exact, fresh.prefix, fresh.suffix, fresh.start, fresh.end, link_id),
                    )

    def snapshot_article(self, article_id: int) -> ArticleSnapshot:
        links = {link.id: link for link in self.links_from(article_id) + self.links_to(article_id)}
        return ArticleSnapshot(
            self.get_article(article_id), self.spans(article_id), self.annotations(article_id),
            list(links.values()), [c for c in self.corrections(article_id) if c.article_id == article_id])

    def restore_article(self, snapshot: ArticleSnapshot) -> Changes:
        """Undo delete_article: the article, its mentions, notes, links and corrections, with their ids."""
        with self.transaction():
            article_id, changes = self.add_article(snapshot.article)
            for correction in snapshot.corrections:
                self.conn.execute(
                    'INSERT INTO corrections (id, kind, article_id, text, start, "end", type, entity, target) '
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (correction.id, correction.kind, article_id, correction.text, correction.start, correction.end,
                     correction.type, correction.entity, correction.target))
            changes = changes | self.set_mentions(article_id, snapshot.spans)
            for annotation in snapshot.annotations:
                changes = changes | self.add_annotation(annotation)[1]
            for link in snapshot.links:
                changes = changes | self.add_link(link)[1]
        return changes


__all__ = ["AnnotationHit", "ArticleRow", "ArticleSnapshot", "EntityRow", "RelatedArticle", "SearchHit", "Store", "StoreError",
           "UpsertResult", "fts_query"]
