"""Store.find_article(url=...): notes from other tools name their article by URL."""

from __future__ import annotations

from pathlib import Path

from reader.domain import Article
from reader.store import Store


def test_find_article_by_url(tmp_path: Path) -> None:
    with Store(tmp_path / "lib.sqlite") as store:
        first, _ = store.articles.add(Article("Un", "texte un", url="https://example.org/a", content_hash="h1"))
        store.articles.add(Article("Deux", "texte deux", url="https://example.org/b", content_hash="h2"))
        assert store.articles.find(url="https://example.org/a") == first
        assert store.articles.find(url="https://example.org/c") is None
        assert store.articles.find(content_hash="h2", url="https://example.org/a") == first + 1
