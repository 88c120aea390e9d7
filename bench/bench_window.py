"""Window benchmark at any library size: building it, launch to first paint, memory, a long article, unlinked mentions.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_window.py --articles 100000 --db /tmp/lib.sqlite
(the library file is kept and reused by later runs; rows print as the issue's table: measure | figure | goal)
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader import anchoring  # noqa: E402
from reader.domain import Annotation, Article  # noqa: E402
from reader.entities.model import EntitySpan  # noqa: E402
from reader.store import Store  # noqa: E402

WORDS = ["le", "la", "les", "de", "des", "du", "un", "une", "et", "à", "en", "pour", "sur", "dans", "avec", "par", "que", "qui", "ne", "pas", "plus", "été", "président", "ministre", "gouvernement", "accord", "sécurité", "région", "frontière", "coopération", "déclaration", "sommet", "conflit", "alliance"]
NAMES = [("Ilham Aliyev", "PER"), ("Vladimir Poutine", "PER"), ("OTAN", "ORG"), ("Union européenne", "ORG"),
         ("Bakou", "LOC"), ("Moscou", "LOC"), ("Erevan", "LOC"), ("2022", "DATE"), ("Karabakh", "MISC")]


def make_text(rng: random.Random, words: int, every: int) -> tuple[str, list[EntitySpan]]:
    """French-ish text with an entity about every ``every`` words and a paragraph about every 100."""
    text = ""
    spans: list[EntitySpan] = []
    for i in range(words):
        if i % every == every - 1:
            name, type_ = NAMES[rng.randrange(len(NAMES))]
            spans.append(EntitySpan(len(text), len(text) + len(name), type_, name, name))
            word = name
        else:
            word = rng.choice(WORDS)
        if i % 18 == 17:
            word += "."
        text += word
        text += ".\n\n" if i % 100 == 99 else " "
    return text.rstrip(), spans


BATCH = 1000


def batch_rows(index: int, size: int) -> list[tuple[tuple[object, ...], list[EntitySpan]]]:
    """The articles of one batch (rows of the articles table) with their spans; the same for every caller."""
    rng = random.Random(index)
    out = []
    for i in range(index * BATCH, index * BATCH + size):
        text, spans = make_text(rng, 250, 25)
        out.append(((f"Article {i} : {' '.join(rng.choices(WORDS, k=6))}", text, "Le Quotidien", "",
                     f"20{10 + i % 15}-{1 + i % 12:02d}-{1 + i % 28:02d}", "", "", f"h{i}", ""), spans))
    return out


def batches(count: int) -> list[int]:
    return [min(BATCH, count - start) for start in range(0, count, BATCH)]


def store_batch(store: Store, rows: list[tuple[tuple[object, ...], list[EntitySpan]]]) -> None:
    """What an import stores, through the store: each article, then every batch's mentions at once."""
    with store.transaction():
        items = []
        for values, spans in rows:
            new_id, _ = store.articles.add(Article(*values[:8]))  # type: ignore[arg-type]
            items.append((new_id, str(values[1]), spans))
        store.store_spans_many(items)


def raw_batch(conn: sqlite3.Connection, rows: list[tuple[tuple[object, ...], list[EntitySpan]]],
              entity_ids: dict[tuple[str, str], int]) -> None:
    """The same rows with bare executemany: the engine's own speed for them, the yardstick."""
    conn.execute("BEGIN")
    first = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM articles").fetchone()[0]
    conn.executemany("INSERT INTO articles (id, title, text, source, author, published, url, path, content_hash, "
                     "imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     [(first + k, *values) for k, (values, _) in enumerate(rows)])
    fresh = {(s.entity, s.type) for _, spans in rows for s in spans} - entity_ids.keys()
    for key in sorted(fresh):
        entity_ids[key] = len(entity_ids) + 1
    conn.executemany("INSERT INTO entities (id, name, type) VALUES (?, ?, ?)",
                     [(entity_ids[key], *key) for key in sorted(fresh)])
    conn.executemany('INSERT INTO mentions (article_id, entity_id, start, "end", text, type, value, source) '
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     [(first + k, entity_ids[s.entity, s.type], s.start, s.end, s.text, s.type, s.value, s.source)
                      for k, (_, spans) in enumerate(rows) for s in spans])
    conn.execute("COMMIT")


def build(path: Path, count: int, raw_path: Path | None = None) -> tuple[int, float, float]:
    """A library of ``count`` articles plus a 5,000-word one with 500 entities and 50 notes.

    Returns the long article's id and the seconds spent storing through the store and, when
    ``raw_path`` is given, storing the same rows there with bare executemany (generation not counted).
    """
    store = Store(path)
    raw = Store(raw_path) if raw_path else None
    entity_ids: dict[tuple[str, str], int] = {}
    spent = {"store": 0.0, "raw": 0.0}
    for index, size in enumerate(batches(count)):
        rows = batch_rows(index, size)
        sides = [("store", lambda rows=rows: store_batch(store, rows))]
        if raw is not None:
            sides.append(("raw", lambda rows=rows: raw_batch(raw.conn, rows, entity_ids)))  # type: ignore[union-attr]
        for name, run in sides if index % 2 == 0 else sides[::-1]:  # alternate: load bursts hit both
            t = time.perf_counter()
            run()
            spent[name] += time.perf_counter() - t
    if raw is not None:
        raw.close()
    rng = random.Random(count)
    text, spans = make_text(rng, 5000, 10)
    with store.transaction():
        long_id, _ = store.articles.add(Article("Un long article", text, source="Bench", content_hash="long"))
        store.entities.set_mentions(long_id, spans)
        for k in range(50):
            s = spans[k * 10].start
            store.annotations.add(Annotation(long_id, anchoring.describe(text, s, s + 30), color="yellow",
                                            note=f"note {k}", start=s, end=s + 30))
    store.close()
    return long_id, spent["store"], spent["raw"]


CHILD = r"""
import os, sys, time
t0 = float(os.environ["BENCH_T0"])
from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, os.environ["BENCH_SETTINGS"])
from PySide6.QtWidgets import QApplication
app = QApplication([])
from reader.ui.app import open_window
session, window = open_window(os.environ["BENCH_DB"])

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not hasattr(self, "t"):
            self.t = time.time() - t0
            QTimer.singleShot(0, app.quit)
        return False

spy = FirstPaint()
window.article_view.text.viewport().installEventFilter(spy)
window.show()
app.exec()
rss = int(next(l.split()[1] for l in open("/proc/self/status") if l.startswith("VmRSS")))
print(f"{spy.t:.3f} {rss / 1024:.0f} {'spacy' in sys.modules}")
"""


def launch(db: Path, settings: Path) -> tuple[float, float, bool]:
    env = {**os.environ, "BENCH_DB": str(db), "BENCH_SETTINGS": str(settings), "BENCH_T0": repr(time.time()),
           "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    out = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, check=True)
    t, rss, spacy = out.stdout.split()
    return float(t), float(rss), spacy == "True"


def open_article_ms(db: Path, settings: Path, article_id: int) -> tuple[float, int, int]:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(settings))
    app = QApplication.instance() or QApplication([])
    from reader.ui.app import open_window

    opened = open_window(db)
    assert not isinstance(opened, str)
    session, window = opened
    window.show()
    app.processEvents()
    other = window.model.id_at(0)
    times, settled = [], []
    for _ in range(7):
        window.open_article(other)  # type: ignore[arg-type]
        app.processEvents()
        start = time.perf_counter()
        window.open_article(article_id)
        window.article_view.text.viewport().repaint()  # lay out and paint the visible page now
        times.append((time.perf_counter() - start) * 1000)
        app.processEvents()  # the next frame: the notes list and the list's selection
        settled.append((time.perf_counter() - start) * 1000)
    counts = len(window.article_view.rendered.mentions), len(window.article_view.rendered.annotations)
    press, full = highlight_ms(window)
    print(f"press 2 on a word of that article (highlight, repaint its range): {press:.1f} ms; a full render of "
          f"the same article: {full:.1f} ms; ratio {press / full:.2f} (medians of 7, same run)")
    print(f"the whole window painted after that open (text, then notes list and list selection): "
          f"{statistics.median(settled):.1f} ms (median of 7)")
    window.close()
    session.store.close()
    return statistics.median(times), *counts


def highlight_ms(window: object) -> tuple[float, float]:
    """What pressing 2 costs in the open article (note stored, list and pane updated), against a full render."""
    view = window.article_view  # type: ignore[attr-defined]
    presses, fulls = [], []
    for _ in range(7):
        assert view.select_text("sécurité")
        start = time.perf_counter()
        window.notes.highlight("red")  # type: ignore[attr-defined]
        view.text.viewport().repaint()
        presses.append((time.perf_counter() - start) * 1000)
        window.session.undo_stack.undo()  # type: ignore[attr-defined]
        start = time.perf_counter()
        view.update_content()
        view.text.viewport().repaint()
        fulls.append((time.perf_counter() - start) * 1000)
    return statistics.median(presses), statistics.median(fulls)


def long_article_id(db: Path) -> int | None:
    with Store(db) as store:
        return store.articles.find(content_hash="long")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000, help="library size (default 10,000)")
    parser.add_argument("--db", type=Path, help="keep the library in this file and reuse it on later runs")
    parser.add_argument("--no-raw", action="store_true", help="skip the raw executemany yardstick of the build")
    parser.add_argument("--rounds", type=int, default=5, help="launches per library, interleaved (default 5)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "bench.sqlite"
        settings = Path(tmp) / "settings"
        long_id = long_article_id(db) if db.exists() else None
        if long_id is None:
            db.unlink(missing_ok=True)
            t = time.perf_counter()
            long_id, stored, raw = build(db, args.articles, None if args.no_raw else Path(tmp) / "raw.sqlite")
            print(f"built {args.articles + 1:,} articles in {time.perf_counter() - t:.1f} s")
            if raw:
                print(f"| Building the library (add_article + store_spans_many, batches of {BATCH}) | "
                      f"{stored:.1f} s = {stored / raw:.2f}x raw executemany of the same rows ({raw:.1f} s) "
                      "| within 2x |")
        else:
            print(f"reusing {db} ({args.articles:,} articles asked; built earlier, build not timed)")
            Store(db).close()  # migrate once, outside the timed launches
        print(f"load average of the machine (1, 5, 15 min): {', '.join(f'{v:.1f}' for v in os.getloadavg())} "
              f"on {os.cpu_count()} cores")
        small_db = Path(tmp) / "small.sqlite"
        small = Store(small_db)
        with small.transaction():
            for values, spans in batch_rows(0, 5):
                small.store_spans_many([(small.articles.add(Article(*values[:8]))[0], str(values[1]), spans)])  # type: ignore[arg-type]
        small.close()
        launch(db, settings), launch(small_db, settings)  # warm the file caches once
        big_runs, small_runs = [], []
        for _ in range(args.rounds):  # interleaved, so load from elsewhere hits both alike
            big_runs.append(launch(db, settings))
            small_runs.append(launch(small_db, settings))
        big = statistics.median(r[0] for r in big_runs)
        little = statistics.median(r[0] for r in small_runs)
        rss = max(r[1] for r in big_runs)
        print(f"| Launch to first paint (offscreen, median of {args.rounds}) | {big * 1000:.0f} ms; 5 articles "
              f"{little * 1000:.0f} ms: {big / little:.2f}x (best {min(r[0] for r in big_runs) * 1000:.0f} / "
              f"{min(r[0] for r in small_runs) * 1000:.0f} ms) | <= 1.0 s and within 1.2x |")
        print(f"| RSS with that library open | {rss:.0f} MB | <= 300 MB |")
        print(f"spaCy imported at start: {any(r[2] for r in big_runs)}")
        ms, mentions, notes = open_article_ms(db, settings, long_id)
        print(f"| Open + render the 5,000-word article ({mentions} entities, {notes} notes; median of 7) | "
              f"{ms:.1f} ms | <= 30 ms |")
        with Store(db) as store:
            times = []
            for _ in range(7):
                t = time.perf_counter()
                store.entities.related_articles(long_id, limit=15)
                times.append((time.perf_counter() - t) * 1000)
        print(f"| Unlinked mentions of that article (median of 7; every article shares its names: the worst "
              f"case) | {statistics.median(times):.1f} ms (max {max(times):.1f}) | <= 50 ms, off the GUI thread |")


if __name__ == "__main__":
    main()
