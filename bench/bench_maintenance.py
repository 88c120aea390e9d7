"""What keeping the library costs on 100,000 articles: the checks, `reader check`, backup and restore.

The library is built once with bench_window's generator (articles with their mentions, raw executemany;
the FTS triggers fill the indexes) plus 2,000 notes, and kept under /tmp/reader-bench/ for later runs.
When each runs: the window checks in the background a few seconds after opening; `reader check` on demand;
write commands run quick_check before their first write; a backup before each migration and notes import,
and on closing the window after changes when the newest is more than a day old.

Run: PYTHONPATH=. .venv/bin/python bench/bench_maintenance.py [--articles 100000]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_window import batch_rows, batches, raw_batch  # noqa: E402
from reader import anchoring  # noqa: E402
from reader.domain import Annotation  # noqa: E402
from reader.store import Store  # noqa: E402
from reader.store.backup import restore_backup  # noqa: E402
from reader.store.opening import Mode, open_library  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def build(path: Path, count: int) -> float:
    """The library, unless a complete one is there already; returns the seconds spent building."""
    if path.exists():
        with Store(path) as store:
            if store.articles.count() == count and store.meta.get("bench_maintenance") == "done":
                return 0.0
        path.unlink()
    t = time.perf_counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    with Store(path) as store:
        entity_ids: dict[tuple[str, str], int] = {}
        for index, size in enumerate(batches(count)):
            raw_batch(store.conn, batch_rows(index, size), entity_ids)
        rng = random.Random(3)
        with store.transaction():
            for k in range(2000):
                article_id = rng.randint(1, count)
                text = store.articles.get(article_id).text
                store.annotations.add(Annotation(article_id, anchoring.describe(text, 10, 40), note=f"note {k}",
                                                 start=10, end=40))
        store.meta.set("bench_maintenance", "done")
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return time.perf_counter() - t


def timed(label: str, run: object) -> float:
    t = time.perf_counter()
    result = run()  # type: ignore[operator]
    spent = time.perf_counter() - t
    extra = f"  -> {result}" if isinstance(result, str) and result else ""
    print(f"{label:<40} {spent:7.2f} s{extra}")
    return spent


def pragma(path: Path, sql: str) -> str:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        rows = conn.execute(sql).fetchall()
    finally:
        conn.close()
    return "ok" if rows in ([("ok",)], []) else f"{len(rows)} rows"


def fts(path: Path, table: str) -> str:
    conn = sqlite3.connect(path)
    try:
        conn.execute(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")
    finally:
        conn.close()
    return "ok"


def cli(path: Path, *args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "reader", "--db", str(path), *args], capture_output=True,
                          text=True, env=env)
    return f"rc {done.returncode}: {done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--folder", type=Path, default=Path("/tmp/reader-bench"))
    args = parser.parse_args()
    path = args.folder / f"maintenance-{args.articles}.sqlite"
    built = build(path, args.articles)
    print(f"library: {path} ({args.articles} articles, 2000 notes, {path.stat().st_size / 1e6:.0f} MB)"
          + (f", built in {built:.0f} s" if built else ", reused"))
    print(f"sqlite {sqlite3.sqlite_version}, python {sys.version.split()[0]}, {os.cpu_count()} cores")
    timed("PRAGMA quick_check", lambda: pragma(path, "PRAGMA quick_check"))
    timed("PRAGMA integrity_check", lambda: pragma(path, "PRAGMA integrity_check"))
    timed("PRAGMA foreign_key_check", lambda: pragma(path, "PRAGMA foreign_key_check"))
    timed("FTS integrity-check articles_fts", lambda: fts(path, "articles_fts"))
    timed("FTS integrity-check annotations_fts", lambda: fts(path, "annotations_fts"))
    timed("reader check --quick (CLI, whole process)", lambda: cli(path, "check", "--quick"))
    timed("reader check (CLI, whole process)", lambda: cli(path, "check"))
    backups = path.parent / "backups"
    shutil.rmtree(backups, ignore_errors=True)
    timed("reader backup (CLI, whole process)", lambda: cli(path, "backup"))
    target = args.folder / "maintenance-copy.sqlite"
    with Store(path) as store:
        timed("Store.backup in process", lambda: str(store.backup("bench", target) and ""))
    timed("open for a write command (quick_check)", lambda: open_library(path, Mode.WRITE).close() or "")
    work = args.folder / "maintenance-restore-target.sqlite"
    shutil.copy(path, work)
    timed("restore_backup in process (verify+copy)", lambda: str(restore_backup(work, target) and ""))
    timed("reader restore (CLI, whole process)", lambda: cli(work, "restore", str(target)))
    for leftover in args.folder.glob("maintenance-restore-target.*"):
        leftover.unlink()
    target.unlink(missing_ok=True)
    shutil.rmtree(backups, ignore_errors=True)


if __name__ == "__main__":
    main()
