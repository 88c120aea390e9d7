"""Recognition on every core: the reader's worker processes (full pipeline) against raw single-process
NER-only nlp.pipe on the same texts, same run, rounds alternating.

Run: .venv/bin/python bench/bench_recognition.py --limit 600 --workers 2
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_entities import DEFAULT_CORPUS, load_texts  # noqa: E402
from reader.entities.parallel import ParallelRecognizer, default_workers  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=600, help="at most this many texts")
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1,
                        help="rounds run first on each side and not counted (first batches, lazy components)")
    args = parser.parse_args()
    texts = load_texts(args.corpus, args.limit)
    items = [(text, "") for text in texts]
    recognizer = ParallelRecognizer(args.workers, min_parallel=0)
    nlp = recognizer.local.nlp
    t = time.perf_counter()
    list(recognizer.analyze_many(items[: 2 * args.workers]))  # start the workers, load their models
    started = time.perf_counter() - t
    list(nlp.pipe(texts[:32]))

    def raw() -> None:
        for doc in nlp.pipe(texts, batch_size=32):
            _ = doc.ents

    def parallel() -> None:
        list(recognizer.analyze_many(items))

    times: dict[str, list[float]] = {"raw": [], "parallel": []}
    sides = [("raw", raw), ("parallel", parallel)]
    for round_ in range(args.warmup + args.rounds):
        for name, run in sides if round_ % 2 == 0 else sides[::-1]:
            t = time.perf_counter()
            run()
            if round_ >= args.warmup:
                times[name].append(time.perf_counter() - t)
    recognizer.close()
    raw_s, par_s = statistics.median(times["raw"]), statistics.median(times["parallel"])
    chars = sum(map(len, texts))
    print(f"{len(texts)} texts ({chars:,} characters) from {args.corpus}; {args.workers} workers started and "
          f"loaded in {started:.1f} s (once per bulk job); {args.warmup} warm-up round(s) a side not counted")
    print(f"raw nlp.pipe, one process, NER only : {raw_s:.2f} s ({len(texts) / raw_s:.1f} texts/s); rounds "
          f"{', '.join(f'{v:.2f}' for v in times['raw'])}")
    print(f"reader, {args.workers} worker processes, full pipeline: {par_s:.2f} s ({len(texts) / par_s:.1f} texts/s); "
          f"rounds {', '.join(f'{v:.2f}' for v in times['parallel'])}")
    print(f"load average of the machine (1, 5, 15 min): {', '.join(f'{v:.1f}' for v in os.getloadavg())} "
          f"on {os.cpu_count()} cores")
    print(f"| Recognition throughput, {args.workers} workers vs raw single-process nlp.pipe | {raw_s / par_s:.2f}x | "
          ">= 1.7x on 2 cores |")


if __name__ == "__main__":
    main()
