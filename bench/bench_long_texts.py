"""Import a 6 MB one-line text and a 31 MB text with entities: time, peak memory, entities found.

Both are the bundled articles repeated (the 6 MB one with every line break made a space). Each import
runs `reader import` in a child process; the memory of its whole process tree (workers included) is
sampled from /proc every 0.2 s. Usage: python bench/bench_long_texts.py [--sizes 6,31] [--dir DIR]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.importing import iter_files, read_file  # noqa: E402
from reader.paths import articles_dir  # noqa: E402


def make_text(megabytes: int, one_line: bool) -> str:
    parts = [read_file(p).text for p in iter_files([articles_dir()])]
    base = "\n\n".join(parts)
    if one_line:
        base = " ".join(base.split())
    target = megabytes * 1_000_000
    reps = target // len(base.encode()) + 1
    return ("\n\n" if not one_line else " ").join([base] * reps)


def tree_rss(pid: int) -> tuple[int, int, int]:
    """(RSS of the process, the largest RSS of one of its descendants, RSS of all together), in kB."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                ppid = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    total, own, largest, todo = 0, 0, 0, [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    kb = int(line.split()[1])
                    total += kb
                    own = kb if p == pid else own
                    largest = max(largest, kb) if p != pid else largest
        except OSError:
            pass
        todo.extend(children.get(p, []))
    return own, largest, total


def run(path: Path, db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.monotonic()
    child = subprocess.Popen([sys.executable, "-m", "reader", "--db", str(db), "import", str(path)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    peak_own = peak_worker = peak_tree = 0
    while child.poll() is None:
        own, worker, tree = tree_rss(child.pid)
        peak_own, peak_worker, peak_tree = max(peak_own, own), max(peak_worker, worker), max(peak_tree, tree)
        time.sleep(0.2)
    out, err = child.communicate()
    elapsed = time.monotonic() - start
    conn = sqlite3.connect(db)
    (text,) = conn.execute("SELECT text FROM articles").fetchone()
    rows = conn.execute('SELECT start, "end", text FROM mentions').fetchall()
    status = conn.execute("SELECT status FROM recognition").fetchall()
    exact = all(text[s:e] == t for s, e, t in rows)
    beyond = sum(1 for s, _, _ in rows if s >= 100_000)
    print(f"{path.name}: {len(text):,} characters, {text.count(chr(10)):,} line breaks; rc {child.returncode}; "
          f"{elapsed:.0f} s; peak RSS {peak_own / 1024:.0f} MB (reader process), {peak_worker / 1024:.0f} MB "
          f"(largest recognition worker), {peak_tree / 1024:.0f} MB (all together, shared pages counted "
          f"in each); {len(rows):,} mentions ({beyond:,} past the first 100,000 "
          f"characters), offsets exact: {exact}; recognition {status}")
    if err.strip():
        print("  stderr:", err.strip().splitlines()[-1][:200])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="6,31")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/reader-bench/long"))
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    for mb in (int(s) for s in args.sizes.split(",")):
        one_line = mb < 10
        path = args.dir / f"long-{mb}mb{'-one-line' if one_line else ''}.txt"
        if not path.exists():
            path.write_text(make_text(mb, one_line), encoding="utf-8")
        run(path, args.dir / f"long-{mb}.sqlite")


if __name__ == "__main__":
    main()
