"""Sharing one library between programs: a second writer during a big notes import, two writers, the WAL.

    python -m bench.bench_contention [--tree PATH] [--notes 100000] [--seconds 10]

Every worker is a child process that imports ``reader`` from ``--tree`` (default: this checkout), so the
same script measures an older commit: ``--tree /tmp/sharing/main``.
(a) a JSON-LD import of N notes placed in the bundled articles while another process adds one note
every 0.5 s: the longest wait of that writer and how many of its writes failed;
(b) two processes adding notes in tight loops: how many writes each completed;
(c) the WAL file while a reader holds a read transaction and a writer writes, and once the reader ends.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent

WRITER = r"""
import json, signal, sys, time
from reader.store import Store
from reader.operations.notes import add_note, new_note
path, mode, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
store = Store(path)
article = store.articles.get(store.articles.ids()[0])
waits, failed, done = [], 0, 0
end = time.monotonic() + seconds
def stop(*_):
    global end
    end = 0
signal.signal(signal.SIGTERM, stop)
size = int(sys.argv[4]) if len(sys.argv) > 4 else 0
note = new_note(article.text, article.id, 0, 10, note="x" * size)
while time.monotonic() < end:
    started = time.monotonic()
    try:
        if mode == "tiny":
            store.meta.set("bench", str(done))
        else:
            add_note(store, note)
        done += 1
    except Exception as exc:
        failed += 1
    waits.append(time.monotonic() - started)
    if mode == "slow":
        time.sleep(0.5)
print(json.dumps({"done": done, "failed": failed, "max_wait": max(waits, default=0)}))
"""

IMPORT = r"""
import sys, time
from reader.store import Store
from reader.operations.library import import_notes
store = Store(sys.argv[1])
started = time.monotonic()
report = import_notes(store, sys.argv[2]).value
print(report.attached, report.error, f"{time.monotonic() - started:.1f}", flush=True)
"""

READER = r"""
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN")
conn.execute("SELECT count(*) FROM annotations").fetchone()
print("reading", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
"""


def child(tree: Path, code: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    # run from a neutral folder: `python -c` puts the working folder first on the import path
    return subprocess.Popen([sys.executable, "-c", code, *args], env=env, stdout=subprocess.PIPE, text=True,
                            cwd=tempfile.gettempdir())


def make_library(tree: Path, folder: Path) -> Path:
    lib = folder / "lib.sqlite"
    env = {**os.environ, "PYTHONPATH": str(tree)}
    subprocess.run([sys.executable, "-m", "reader", "--db", str(lib), "import", "--no-entities",
                    str(HERE / "articles")], env=env, check=True, capture_output=True, cwd=tempfile.gettempdir())
    return lib


def make_notes(tree: Path, lib: Path, count: int, out: Path) -> None:
    sys.path.insert(0, str(tree))
    from reader.importing.w3c import article_iri
    from reader.store import Store

    with Store(lib) as store:
        articles = [store.articles.get(i) for i in store.articles.ids()]
    items = []
    for n in range(count):
        a = articles[n % len(articles)]
        start = (n * 37) % max(1, len(a.text) - 60)
        end = start + 20 + n % 30
        items.append({"type": "Annotation",
                      "id": f"urn:uuid:{uuid.UUID(int=n + 1)}", "motivation": "highlighting",
                      "body": {"type": "TextualBody", "value": f"note {n}"},
                      "target": {"source": article_iri(a), "selector": [
                          {"type": "TextQuoteSelector", "exact": a.text[start:end],
                           "prefix": a.text[max(0, start - 16):start], "suffix": a.text[end:end + 16]},
                          {"type": "TextPositionSelector", "start": start, "end": end}]}})
    out.write_text(json.dumps({"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection",
                               "items": items}), encoding="utf-8")


def during_import(tree: Path, folder: Path, count: int) -> None:
    lib = make_library(tree, folder)
    notes = folder / "notes.jsonld"
    make_notes(tree, lib, count, notes)
    importer = child(tree, IMPORT, str(lib), str(notes))
    time.sleep(1.0)  # the import has read its file and started writing
    writer = child(tree, WRITER, str(lib), "slow", "3600")
    out, _ = importer.communicate()
    writer.terminate()
    wrote, _ = writer.communicate()
    print(f"(a) import of {count} notes: {out.strip()} s;  second writer every 0.5 s: {wrote.strip()}")


def two_writers(tree: Path, folder: Path, seconds: float, mode: str) -> None:
    lib = make_library(tree, folder / "b")
    writers = [child(tree, WRITER, str(lib), mode, str(seconds)) for _ in range(2)]
    results = [json.loads(w.communicate()[0]) for w in writers]
    done = sorted(r["done"] for r in results)
    what = "a note" if mode == "tight" else "one row (a tiny transaction)"
    print(f"(b) two writers of {what} in a loop for {seconds:.0f} s: {done[1]} and {done[0]} writes "
          f"(ratio {done[1] / max(1, done[0]):.1f}:1), failed {sum(r['failed'] for r in results)}, "
          f"longest wait {max(r['max_wait'] for r in results):.2f} s")


def wal_with_reader(tree: Path, folder: Path) -> None:
    lib = make_library(tree, folder / "c")
    wal = Path(str(lib) + "-wal")
    keeper = sqlite3.connect(lib)  # the open window: the last connection to close would empty the WAL
    keeper.execute("SELECT count(*) FROM articles").fetchone()
    reader = child(tree, READER, str(lib), "20")
    assert reader.stdout is not None
    reader.stdout.readline()
    writer = child(tree, WRITER, str(lib), "tight", "8", "20000")
    writer.communicate()
    during = wal.stat().st_size
    reader.wait()
    writer = child(tree, WRITER, str(lib), "tight", "2", "100")  # writes after the reader ended
    writer.communicate()
    after = wal.stat().st_size if wal.exists() else 0
    sys.path.insert(0, str(tree))
    from reader.store import Store

    with Store(lib) as store:  # what the window does when idle (when the version has it)
        if hasattr(store, "checkpoint"):
            store.checkpoint()
    idle = wal.stat().st_size if wal.exists() else 0
    keeper.close()
    print(f"(c) WAL with a long reader: {during / 2**20:.1f} MB during; {after / 2**20:.1f} MB after the reader "
          f"ended and more writes; {idle / 2**20:.1f} MB after an idle checkpoint; library "
          f"{lib.stat().st_size / 2**20:.1f} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, default=HERE)
    parser.add_argument("--notes", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--only", choices=("a", "b", "c"))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(dir=os.environ.get("TMPDIR")) as tmp:
        folder = Path(tmp)
        for sub in ("b", "c"):
            (folder / sub).mkdir()
        print(f"tree {args.tree}")
        if args.only in (None, "a"):
            during_import(args.tree.resolve(), folder, args.notes)
        if args.only in (None, "b"):
            two_writers(args.tree.resolve(), folder, args.seconds, "tight")
            two_writers(args.tree.resolve(), folder, args.seconds, "tiny")
        if args.only in (None, "c"):
            wal_with_reader(args.tree.resolve(), folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
