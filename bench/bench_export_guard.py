"""Time and peak memory of exporting a library that holds one huge note (49 MB), per format.

A library written before notes were bounded may hold such a note; the PDF shows its first
PDF_NOTE_CHARS characters and a "… (truncated, N characters)" mark. Each export runs as
`reader export` in its own process, so the peak memory (max RSS) is that export's.

    python bench/bench_export_guard.py [--mb 49]
"""

from __future__ import annotations

import argparse
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "exporting"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=49)
    args = parser.parse_args()
    from export_library import build_library

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "library.sqlite"
        build_library(db).store.close()
        with sqlite3.connect(db) as conn:
            conn.execute("UPDATE annotations SET note = ? WHERE id = 1", ("mot " * (args.mb * 1024 * 1024 // 4),))
        conn.close()
        print(f"one note of {args.mb} MB in a library of 2 articles, 7 notes")
        for fmt, name in (("pdf", "n.pdf"), ("html", "n.html"), ("md", "n.md"), ("csv", "n.csv")):
            scope = ["--article", "1"] if fmt == "md" else ["--all"]
            start = time.perf_counter()
            run = subprocess.run([sys.executable, "-m", "reader", "--db", str(db), "export", "-f", fmt, *scope,
                                  "-o", str(Path(folder) / name)], capture_output=True, text=True, cwd=ROOT)
            seconds = time.perf_counter() - start
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            size = (Path(folder) / name).stat().st_size / 1e6 if run.returncode == 0 else 0
            print(f"{fmt:<5} rc={run.returncode}  {seconds:6.1f} s  peak RSS so far {peak:7.0f} MB  "
                  f"file {size:6.1f} MB {run.stderr.strip()[:80]}")


if __name__ == "__main__":
    main()
