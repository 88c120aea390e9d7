"""The one door to the library's SQLite file: a Store facade composing one repository per kind of row.

Layout: ``facade.Store`` owns the connection, migrations, transactions and cross-table work (re-anchoring,
snapshots, a note with its links); ``articles``, ``annotations``, ``links``, ``entities`` (with mentions and
corrections) and ``meta`` are repositories sharing its ``base.Handle``; ``schema`` holds the migrations.

Plain sqlite3 is kept for the hot paths and for control: reads that feed the window on every key press
(article rows, annotations, mentions, backlinks) and FTS5 MATCH with bm25 and snippet, explicit
``BEGIN IMMEDIATE`` transactions that nest across repositories, and the migrations, which run at every
start-up. sqlite-utils (``store.db``) is imported lazily, only where it does better: introspection and
tools, bulk writes such as an article's mentions (``insert_all``, which joins the open transaction with a
savepoint) and rebuilding the FTS indexes. Importing it costs about 0.3 s, which the window's start-up
must not pay (a test keeps reads and note edits free of it).
"""

from __future__ import annotations

from reader.store.annotations import AnnotationHit
from reader.store.articles import ArticleRow, SearchHit, UpsertResult, fts_query
from reader.store.base import StoreError, is_locked
from reader.store.entities import EntityRow, RelatedArticle
from reader.store.facade import ArticleSnapshot, Store

__all__ = ["AnnotationHit", "ArticleRow", "ArticleSnapshot", "EntityRow", "RelatedArticle", "SearchHit", "Store",
           "StoreError", "UpsertResult", "is_locked", "fts_query"]
