"""Search speed: Store.search (query building, bm25, snippets) against a bare FTS5 MATCH, same run, same DB."""

from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import make_articles  # noqa: E402
from reader.store import Store, fts_query  # noqa: E402
from reader.store.articles import MAX_QUERY_WORDS  # noqa: E402

QUERIES = ["otan", "etats-unis", "Ilham Aliyev", "coopération militaire", "bakou", "russie", "karabakh", "paix"]


def build(path: Path, count: int) -> Store:
    store = Store(path)
    if store.articles.count() == count:
        return store  # kept from an earlier run
    with store.transaction():
        store.conn.execute("DELETE FROM articles")
        for start in range(0, count, 10_000):  # a corpus generated in one go would hold every text at once
            for article in make_articles(min(10_000, count - start), seed=7 + start, first=start):
                store.articles.add(article)
    return store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--db", type=Path, help="keep the library in this file and reuse it on later runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        store = build(args.db or Path(tmp) / "bench.sqlite", args.articles)
        print(f"built {args.articles} articles in {time.perf_counter() - t0:.1f} s")
        times: dict[str, list[float]] = {k: [] for k in ("raw_ranked", "search", "raw_all", "list", "raw_first",
                                                          "list_cold")}

        def timed(key: str, run: object) -> None:
            t = time.perf_counter()
            run()  # type: ignore[operator]
            times[key].append(time.perf_counter() - t)

        conn = store.conn
        for _ in range(args.rounds):
            for q in QUERIES:
                match = fts_query(q)
                timed("raw_first", lambda m=match: conn.execute(
                    "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? LIMIT 50", (m,)).fetchall())
                timed("raw_ranked", lambda m=match: conn.execute(
                    "SELECT rowid, bm25(articles_fts, 5.0, 1.0) AS s FROM articles_fts WHERE articles_fts MATCH ? "
                    "ORDER BY s LIMIT 50", (m,)).fetchall())
                timed("search", lambda q=q: store.articles.search(q, limit=50))
                timed("raw_all", lambda m=match: conn.execute(
                    "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", (m,)).fetchall())
                timed("list", lambda q=q: store.articles.ids(query=q))
                store.articles._orders.clear()  # as after an article added or edited: the order is read again
                timed("list_cold", lambda q=q: store.articles.ids(query=q))
        med = {k: statistics.median(v) * 1000 for k, v in times.items()}
        n = len(times["search"])
        print(f"medians of {n} queries over {args.articles} articles of ~600 words")
        print(f"raw FTS5, first 50 matches (unranked)   : {med['raw_first']:7.2f} ms")
        print(f"raw FTS5, 50 best by bm25               : {med['raw_ranked']:7.2f} ms")
        print(f"Store.search (bm25 + title + snippets)  : {med['search']:7.2f} ms  "
              f"ratio {med['search'] / med['raw_ranked']:4.2f}x raw ranked")
        print(f"raw FTS5, every match (ids)             : {med['raw_all']:7.2f} ms")
        print(f"article list filter (ids, by date)      : {med['list']:7.2f} ms  "
              f"ratio {med['list'] / med['raw_all']:4.2f}x raw")
        print(f"  the same, after an article changed    : {med['list_cold']:7.2f} ms  "
              f"ratio {med['list_cold'] / med['raw_all']:4.2f}x raw")
        long_queries(store, Path(store.path))
        store.close()


def long_queries(store: Store, db: Path) -> None:
    """A 100 KB query pasted into `reader search`: answered on its first words, with one line saying so."""
    from reader.cli import main as reader_main

    text = store.conn.execute("SELECT text FROM articles WHERE id = 5").fetchone()[0]
    page = (" ".join(text.split()) + " ") * (100_000 // len(text) + 1)
    page = page[:100_000]
    err = io.StringIO()
    t = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        reader_main(["--db", str(db), "search", page])
    took = time.perf_counter() - t
    capped = fts_query(" ".join(page.split()[:MAX_QUERY_WORDS]))
    t = time.perf_counter()
    store.conn.execute("SELECT rowid, bm25(articles_fts, 5.0, 1.0) AS s FROM articles_fts WHERE articles_fts MATCH ? "
                       "ORDER BY s LIMIT 20", (capped,)).fetchall()
    raw = time.perf_counter() - t
    print(f"`reader search` of a {len(page):,}-character query: {took * 1000:.0f} ms in all (raw ranked FTS5 on its "
          f"first {MAX_QUERY_WORDS} words: {raw * 1000:.0f} ms); stderr: {err.getvalue().strip()}")


if __name__ == "__main__":
    main()
