"""Import speed: `reader import --no-entities` of many small Markdown files against a raw sqlite3 insert of
the same texts into a table with its FTS5 index, same run, same files.

Run: .venv/bin/python bench/bench_import.py --files 100000 --dir /tmp/md-100000   (the folder is kept)
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import sentences  # noqa: E402
from reader.cli import main as reader_main  # noqa: E402
from reader.store.schema import FTS_TOKENIZE  # noqa: E402


def make_files(folder: Path, count: int) -> None:
    """``count`` small Markdown files (front matter, 3 to 8 sentences) in folders of 1,000."""
    if folder.is_dir() and sum(len(files) for _, _, files in os.walk(folder)) == count:
        return
    rng = random.Random(3)
    pool = sentences()
    for i in range(count):
        sub = folder / f"{i // 1000:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        body = " ".join(rng.choice(pool) for _ in range(rng.randint(3, 8)))
        (sub / f"note-{i:06d}.md").write_text(
            f"---\ntitle: Dépêche {i}\ndate: 20{10 + i % 15}-{1 + i % 12:02d}-{1 + i % 28:02d}\n---\n\n"
            f"# Dépêche {i}\n\n{body}\n", encoding="utf-8")


def run_import(folder: Path, db: Path) -> float:
    out = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out):
        code = reader_main(["--db", str(db), "import", "--no-entities", str(folder)])
    took = time.perf_counter() - start
    assert code == 0, out.getvalue()[-500:]
    return took


def run_raw(folder: Path, db: Path) -> float:
    """Read each file, decode it, insert title and text; the FTS5 index is filled by a trigger."""
    start = time.perf_counter()
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY, title TEXT, text TEXT, path TEXT)")
    conn.execute(f"CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='id', "
                 f"tokenize='{FTS_TOKENIZE}')")
    conn.execute("CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN INSERT INTO articles_fts(rowid, title, "
                 "text) VALUES (new.id, new.title, new.text); END")

    def rows():  # type: ignore[no-untyped-def]
        for root, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(root, name)
                with open(path, "rb") as handle:
                    text = handle.read().decode("utf-8")
                yield name, text, path

    conn.execute("BEGIN")
    conn.executemany("INSERT INTO articles (title, text, path) VALUES (?, ?, ?)", rows())
    conn.execute("COMMIT")
    conn.close()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=20_000)
    parser.add_argument("--dir", type=Path, help="keep the generated files in this folder and reuse them")
    parser.add_argument("--rounds", type=int, default=1, help="rounds per side, alternating (default 1)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.dir or Path(tmp) / "files"
        t = time.perf_counter()
        make_files(folder, args.files)
        for root, _dirs, names in os.walk(folder):  # both sides find the files in the page cache, not only the second
            for name in names:
                Path(root, name).read_bytes()
        print(f"{args.files:,} Markdown files in {folder} ({time.perf_counter() - t:.1f} s to make or find)")
        times: dict[str, list[float]] = {"import": [], "raw": []}
        for round_ in range(args.rounds):
            sides = [("import", run_import), ("raw", run_raw)]
            for name, run in sides if round_ % 2 == 0 else sides[::-1]:
                db = Path(tmp) / f"{name}-{round_}.sqlite"
                times[name].append(run(folder, db))
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{db}{suffix}").unlink(missing_ok=True)
        imp, raw = statistics.median(times["import"]), statistics.median(times["raw"])
        print(f"| `reader import --no-entities` of {args.files:,} small Markdown files | {imp:.1f} s = "
              f"{imp / raw:.2f}x a raw sqlite3 insert of the same texts with FTS5 ({raw:.1f} s); rounds: "
              f"{', '.join(f'{v:.1f}' for v in times['import'])} / {', '.join(f'{v:.1f}' for v in times['raw'])} "
              "| within 3x |")


if __name__ == "__main__":
    main()
