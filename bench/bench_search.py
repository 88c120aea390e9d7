"""Search speed: Store.search (query building, bm25, snippets) against a bare FTS5 MATCH, same run, same DB."""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import make_articles  # noqa: E402
from reader.store import Store, fts_query  # noqa: E402

QUERIES = ["otan", "etats-unis", "Ilham Aliyev", "coopération militaire", "bakou", "russie", "karabakh", "paix"]


def build(path: Path, count: int) -> Store:
    store = Store(path)
    with store.transaction():
        for article in make_articles(count):
            store.add_article(article)
    return store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        store = build(Path(tmp) / "bench.sqlite", args.articles)
        print(f"built {args.articles} articles in {time.perf_counter() - t0:.1f} s")
        raw_times, store_times, list_times = [], [], []
        for _ in range(args.rounds):
            for q in QUERIES:
                match = fts_query(q)
                t = time.perf_counter()
                store.conn.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? LIMIT 50",
                                   (match,)).fetchall()
                raw_times.append(time.perf_counter() - t)
                t = time.perf_counter()
                store.search(q, limit=50)
                store_times.append(time.perf_counter() - t)
                t = time.perf_counter()
                store.article_ids(query=q)
                list_times.append(time.perf_counter() - t)
        raw, full, lst = (statistics.median(x) * 1000 for x in (raw_times, store_times, list_times))
        print(f"raw FTS5 MATCH LIMIT 50 : {raw:7.2f} ms (median of {len(raw_times)})")
        print(f"Store.search (bm25+snip): {full:7.2f} ms  ratio {full / raw:5.1f}x raw")
        print(f"article list filter     : {lst:7.2f} ms  ratio {lst / raw:5.1f}x raw")
        store.close()


if __name__ == "__main__":
    main()
