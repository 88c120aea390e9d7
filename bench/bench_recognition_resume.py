"""kill -9 during `reader import` with entities, then the same import again: nothing left without entities.

Each trial imports a generated corpus into a fresh library, kills the whole process group (workers
included) with SIGKILL after a random delay, notes what the kill left, imports the same folder again
and counts articles whose recognition is not done and articles without any mention (every generated
article names people and places, so none should have none). Usage:
python bench/bench_recognition_resume.py [--trials 10] [--articles 30] [--dir DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import make_articles  # noqa: E402


def reader(db: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "reader", "--db", str(db), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, start_new_session=True)


def state(db: Path) -> tuple[int, int, int]:
    """(articles, articles whose recognition is not done, articles without any mention)."""
    if not db.exists():
        return 0, 0, 0
    conn = sqlite3.connect(db)
    try:
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        not_done = conn.execute("SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM recognition r "
                                "WHERE r.article_id = a.id AND r.status = 'done')").fetchone()[0]
        bare = conn.execute("SELECT count(*) FROM articles a WHERE NOT EXISTS "
                            "(SELECT 1 FROM mentions m WHERE m.article_id = a.id)").fetchone()[0]
    except sqlite3.OperationalError:  # killed before the schema was made
        return 0, 0, 0
    finally:
        conn.close()
    return articles, not_done, bare


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=10)
    parser.add_argument("--articles", type=int, default=30)
    parser.add_argument("--max-delay", type=float, default=40.0)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/reader-bench/resume"))
    args = parser.parse_args()
    corpus = args.dir / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for i, article in enumerate(make_articles(args.articles, words=300, seed=11)):
        (corpus / f"{i:03d}.txt").write_text(f"{article.title}\n\n{article.text}", encoding="utf-8")
    rng = random.Random(5)
    left_total = 0
    for trial in range(1, args.trials + 1):
        db = args.dir / f"trial-{trial}.sqlite"
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        delay = rng.uniform(1.0, args.max_delay)
        child = reader(db, "import", str(corpus))
        time.sleep(delay)
        finished = child.poll() is not None
        if not finished:
            os.killpg(child.pid, signal.SIGKILL)
        child.wait()
        after_kill = state(db)
        again = reader(db, "import", str(corpus))
        out, err = again.communicate()
        statuses = [line.split()[0] for line in out.splitlines() if line.strip()]
        articles, not_done, bare = state(db)
        left_total += not_done + bare
        print(f"trial {trial:2}: killed after {delay:4.1f} s{' (had finished)' if finished else ''}: "
              f"{after_kill[0]:2} articles stored, {after_kill[1]:2} not recognised; re-import rc {again.returncode}: "
              f"{statuses.count('imported')} imported, {statuses.count('recognised')} recognised, "
              f"{statuses.count('unchanged')} unchanged -> {articles} articles, {not_done} not done, "
              f"{bare} without entities")
        if again.returncode:
            print("    stderr:", " | ".join(err.strip().splitlines()[-3:])[:400])
    print(f"{args.trials} trials: {left_total} articles left without entities")


if __name__ == "__main__":
    main()
