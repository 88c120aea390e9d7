"""The one door to the library's SQLite file: schema, migrations, reads and writes, FTS5 search."""

from __future__ import annotations

from reader.store.annotations import AnnotationHit
from reader.store.articles import ArticleRow, SearchHit, UpsertResult, fts_query
from reader.store.base import StoreError
from reader.store.entities import EntityRow, EntityStore, RelatedArticle


class Store(EntityStore):
    """The library: articles, entities and mentions, annotations, tags, links and corrections."""


__all__ = ["AnnotationHit", "ArticleRow", "EntityRow", "RelatedArticle", "SearchHit", "Store", "StoreError",
           "UpsertResult", "fts_query"]
