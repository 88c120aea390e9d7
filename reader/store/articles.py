"""Articles: insert, update, delete, the article list's ids and rows, and full-text search."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from reader.domain import Article, Changes
from reader.store.base import Handle, Repository, now

ARTICLE_COLUMNS = ("title", "text", "source", "author", "published", "url", "path", "content_hash")
SORT_COLUMNS = {"title": "title COLLATE NOCASE", "source": "source COLLATE NOCASE", "published": "published",
                "notes": "notes", "imported": "id"}
# The planner would fetch each matching row to sort it, walking past the long text; these indexes hold the keys.
SORT_INDEXES = {"title": "articles_by_title", "source": "articles_by_source", "published": "articles_by_published"}


@dataclass(frozen=True)
class UpsertResult:
    id: int
    status: str  # imported | updated | unchanged
    changes: Changes
    orphaned: int = 0  # annotations that lost their passage on update


@dataclass(frozen=True)
class ArticleRow:
    """What the article list shows, without the text."""

    id: int
    title: str
    source: str
    author: str
    published: str
    notes: int


@dataclass(frozen=True)
class SearchHit:
    id: int
    title: str
    snippet: str
    score: float


# FTS5's work grows faster than the number of terms: a pasted page would take minutes. No one types
# more words than this into a search box; past it, the first ones are searched (query_is_capped says so).
MAX_QUERY_WORDS = 32
SNIPPET_TERMS = 8
# A filter matching more than one article in this many is put in the library's (cached) order.
FEW_MATCHES = 8


def query_words(text: str) -> list[str]:
    """The words of a query, at most MAX_QUERY_WORDS + 1 of them, whatever its length (linear)."""
    return text.split(None, MAX_QUERY_WORDS + 1)[:MAX_QUERY_WORDS + 1]


def query_is_capped(text: str) -> bool:
    return len(query_words(text)) > MAX_QUERY_WORDS


def fts_terms(text: str) -> list[str]:
    """The FTS5 phrases of a query (the last one a prefix), at most MAX_QUERY_WORDS of them."""
    terms = []
    for word in query_words(text)[:MAX_QUERY_WORDS]:
        cleaned = word.replace('"', " ").replace("\x00", " ").strip()  # SQLite ends a string at NUL
        if re.search(r"\w", cleaned):
            terms.append('"' + cleaned + '"')
    if terms:
        terms[-1] += " *"
    return terms


def fts_query(text: str) -> str:
    """Turn what a user typed into a safe FTS5 query: every word must match, the last as a prefix."""
    return " ".join(fts_terms(text))


ARTICLE_SQL = f"SELECT id, {', '.join(ARTICLE_COLUMNS)}, imported_at FROM articles"


def _row_to_article(row: Any) -> Article:
    article_id, title, text, source, author, published, url, path, content_hash, imported_at = row
    return Article(
        id=article_id, title=title, text=text, source=source, author=author, published=published, url=url,
        path=path, content_hash=content_hash, imported_at=imported_at,
    )


def _row_to_article_row(row: Any) -> ArticleRow:
    return ArticleRow(*row)


def _row_to_hit(row: Any) -> SearchHit:
    return SearchHit(int(row[0]), row[1], row[2], -float(row[3]))


class ArticleRepository(Repository):
    """The articles table and its full-text index."""

    def __init__(self, handle: Handle) -> None:
        super().__init__(handle)
        self._orders: dict[tuple[str, bool], tuple[tuple[int, int], list[int]]] = {}
        self._writes = 0  # writes to the articles table through here: what can move a row in the list

    def get(self, article_id: int) -> Article:
        row = self.conn.execute(ARTICLE_SQL + " WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise KeyError(f"no article {article_id}")
        return _row_to_article(row)

    def find(self, *, content_hash: str = "", path: str = "", url: str = "") -> int | None:
        """The first article with this content hash, else this file path, else this URL."""
        if content_hash:
            row = self.conn.execute("SELECT id FROM articles WHERE content_hash = ? LIMIT 1", (content_hash,)).fetchone()
            if row:
                return int(row[0])
        if path:
            row = self.conn.execute("SELECT id FROM articles WHERE path = ? LIMIT 1", (path,)).fetchone()
            if row:
                return int(row[0])
        if url:
            row = self.conn.execute("SELECT id FROM articles WHERE url = ? ORDER BY id LIMIT 1", (url,)).fetchone()
            if row:
                return int(row[0])
        return None

    def add(self, article: Article) -> tuple[int, Changes]:
        """Store a new article (or put a deleted one back under its id)."""
        self._writes += 1
        with self._handle.transaction() as conn:
            cur = conn.execute(
                f"INSERT INTO articles (id, {', '.join(ARTICLE_COLUMNS)}, imported_at) VALUES ({', '.join('?' * 10)})",
                (article.id, *[getattr(article, c) for c in ARTICLE_COLUMNS], article.imported_at or now()),
            )
            new_id = int(cur.lastrowid or 0)
        return new_id, Changes(articles=frozenset({new_id}), library=True)

    def update_meta(self, article_id: int, **fields: str) -> Changes:
        allowed = {k: v for k, v in fields.items() if k in ("title", "source", "author", "published", "url")}
        if allowed:
            self._writes += 1
            with self._handle.transaction() as conn:
                conn.execute(f"UPDATE articles SET {', '.join(k + ' = ?' for k in allowed)} WHERE id = ?",
                             (*allowed.values(), article_id))
        return Changes(articles=frozenset({article_id}))

    def delete(self, article_id: int) -> Changes:
        self._writes += 1
        with self._handle.transaction() as conn:
            conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))
        return Changes(articles=frozenset({article_id}), library=True)

    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    def ids(self, *, query: str = "", entity_id: int | None = None, tag: str = "",
            sort: str = "published", descending: bool = True) -> list[int]:
        """Ids of the articles matching every filter given, in display order."""
        if entity_id is None and not tag:
            if not query:
                return list(self._display_order(sort, descending))
            q = fts_query(query)
            if not q:
                return []
            matched = [r[0] for r in self.conn.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", (q,))]
            if len(matched) * FEW_MATCHES > self.count():
                # many matches: keep the library's order, which the list holds already, instead of sorting them
                keep = set(matched)
                return [i for i in self._display_order(sort, descending) if i in keep]
            return self._ordered_ids(sort, descending, ["a.id IN (SELECT value FROM json_each(?))"],
                                     [json.dumps(matched)], index="articles_list")
        where: list[str] = []
        params: list[object] = []
        if query:
            q = fts_query(query)
            if not q:
                return []
            where.append("a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
            params.append(q)
        if entity_id is not None:
            where.append("a.id IN (SELECT article_id FROM mentions WHERE entity_id = ?)")
            params.append(entity_id)
        if tag:
            where.append("a.id IN (SELECT n.article_id FROM annotations n JOIN annotation_tags t ON t.annotation_id = n.id "
                         "JOIN tags g ON g.id = t.tag_id WHERE g.name = ?)")
            params.append(tag)
        return self._ordered_ids(sort, descending, where, params)

    def first_ids(self, count: int, *, sort: str = "published", descending: bool = True) -> list[int]:
        """The first ``count`` ids of the unfiltered list, read from its index alone: as fast at any size."""
        return self._ordered_ids(sort, descending, [], [], limit=count)

    def _display_order(self, sort: str, descending: bool) -> list[int]:
        """Every id in display order, kept until an article is written here or anything in another connection.

        A note added or an entity corrected leaves it: only the number of notes sorts by notes.
        """
        conn = self.conn
        if conn.in_transaction:  # what is not committed yet may still roll back: keep nothing
            return self._ordered_ids(sort, descending, [], [])
        mine = conn.total_changes if sort == "notes" else self._writes
        version = (mine, conn.execute("PRAGMA data_version").fetchone()[0])
        cached = self._orders.get((sort, descending))
        if cached is None or cached[0] != version:
            cached = self._orders[sort, descending] = (version, self._ordered_ids(sort, descending, [], []))
        return cached[1]

    def _ordered_ids(self, sort: str, descending: bool, where: list[str], params: list[object],
                     index: str = "", limit: int = -1) -> list[int]:
        order = SORT_COLUMNS.get(sort, "published")
        direction = "DESC" if descending else "ASC"
        sql = "SELECT a.id FROM articles a"
        index = index or SORT_INDEXES.get(sort, "")  # a few ids are found by id, then sorted
        if index:
            sql += f" INDEXED BY {index}"
        if sort == "notes":
            sql = "SELECT a.id, (SELECT count(*) FROM annotations n WHERE n.article_id = a.id) AS notes FROM articles a"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += f" ORDER BY {order} {direction}, a.id {direction} LIMIT ?"
        return [int(r[0]) for r in self.conn.execute(sql, [*params, limit])]

    def rows(self, ids: list[int]) -> list[ArticleRow]:
        """Rows for the given ids, in the same order (missing ids are skipped)."""
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = self.conn.execute(
            f"SELECT a.id, a.title, a.source, a.author, a.published, "
            f"(SELECT count(*) FROM annotations n WHERE n.article_id = a.id) FROM articles a WHERE a.id IN ({marks})",
            ids,
        ).fetchall()
        by_id = {r[0]: _row_to_article_row(r) for r in rows}
        return [by_id[i] for i in ids if i in by_id]

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Articles ranked by bm25 (title weighs more), with a snippet around the match."""
        terms = fts_terms(query)
        if not terms:
            return []
        if len(terms) <= SNIPPET_TERMS:
            rows = self.conn.execute(
                "SELECT rowid, title, snippet(articles_fts, 1, '[', ']', '…', 16), bm25(articles_fts, 5.0, 1.0) AS s "
                "FROM articles_fts WHERE articles_fts MATCH ? ORDER BY s LIMIT ?", (" ".join(terms), limit)).fetchall()
            return [_row_to_hit(r) for r in rows]
        # A snippet weighs every phrase at every place it occurs: its cost grows with the square of a long
        # query. Rank on the whole query, then cut snippets around its first words only.
        ranked = self.conn.execute(
            "SELECT rowid, title, bm25(articles_fts, 5.0, 1.0) AS s FROM articles_fts WHERE articles_fts MATCH ? "
            "ORDER BY s LIMIT ?", (" ".join(terms), limit)).fetchall()
        snippets = dict(self.conn.execute(
            "SELECT rowid, snippet(articles_fts, 1, '[', ']', '…', 16) FROM articles_fts WHERE articles_fts MATCH ? "
            f"AND rowid IN ({','.join('?' * len(ranked))})",
            (" OR ".join(terms[:SNIPPET_TERMS]), *[r[0] for r in ranked])).fetchall()) if ranked else {}
        return [SearchHit(int(r[0]), r[1], snippets.get(r[0], ""), -float(r[2])) for r in ranked]

    def snippets(self, query: str, ids: list[int], marks: tuple[str, str] = ("[", "]")) -> dict[int, str]:
        """The text around the search's match in each of these articles, the matched words between ``marks``."""
        q = fts_query(query)
        if not q or not ids:
            return {}
        holes = ",".join("?" * len(ids))
        rows = self.conn.execute(
            f"SELECT rowid, snippet(articles_fts, 1, ?, ?, '…', 9) FROM articles_fts "
            f"WHERE articles_fts MATCH ? AND rowid IN ({holes})", (*marks, q, *ids)).fetchall()
        return {int(r[0]): str(r[1]) for r in rows}

    def all(self) -> list[Article]:
        return [self.get(i) for i in self.ids(sort="imported", descending=False)]

    def replace(self, article_id: int, article: Article) -> None:
        """Overwrite an article's text and metadata (the facade re-anchors what pointed into it)."""
        self._writes += 1
        with self._handle.transaction() as conn:
            conn.execute(
                f"UPDATE articles SET {', '.join(c + ' = ?' for c in ARTICLE_COLUMNS)} WHERE id = ?",
                (*[getattr(article, c) for c in ARTICLE_COLUMNS], article_id),
            )

    def containing(self, text: str) -> list[int]:
        """Articles whose text holds this string as typed (where full-text search found nothing)."""
        return [r[0] for r in self.conn.execute("SELECT id FROM articles WHERE instr(text, ?) > 0", (text,))]


__all__ = ["MAX_QUERY_WORDS", "ArticleRepository", "ArticleRow", "SearchHit", "UpsertResult", "fts_query",
           "query_is_capped"]
