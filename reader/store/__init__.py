"""The one door to the library's SQLite file: schema, migrations, reads and writes, FTS5 search."""

from __future__ import annotations

from dataclasses import dataclass

from reader.domain import Annotation, Article, Changes, Link
from reader.entities.model import Correction, EntitySpan
from reader.store.annotations import AnnotationHit
from reader.store.articles import ArticleRow, SearchHit, UpsertResult, fts_query
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
    """The library: articles, entities and mentions, annotations, tags, links and corrections."""

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
