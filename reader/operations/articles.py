"""Deleting an article, and putting it back with its notes, links, mentions and corrections."""

from __future__ import annotations

from reader.operations.base import Result, done
from reader.store import ArticleSnapshot, Store


def delete_article(store: Store, article_id: int) -> Result[ArticleSnapshot]:
    """Delete an article and everything that hangs on it; the value is what restore_article needs."""
    with store.transaction():
        snapshot = store.snapshot_article(article_id)
        changes = store.articles.delete(article_id)
    return Result(changes, snapshot)


def restore_article(store: Store, snapshot: ArticleSnapshot) -> Result[None]:
    return done(store.restore_article(snapshot))
