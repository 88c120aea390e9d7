"""Time the full entity pipeline against raw NER-only nlp.pipe on the same texts, in the same run."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from reader.entities.linking import annotate
from reader.entities.pipeline import EXCLUDED_COMPONENTS, EntityPipeline

DEFAULT_CORPUS = Path("/work/shared/eval/winer-fr/2017")


def load_texts(corpus: Path, limit: int) -> list[str]:
    files = sorted(p for p in corpus.rglob("*.txt") if not p.name.endswith("-urls.txt")) if corpus.is_dir() else [corpus]
    return [p.read_text(encoding="utf-8") for p in files[:limit] if p.stat().st_size]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS, help="folder of .txt files, or one file")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds per side, interleaved (default 5)")
    parser.add_argument("--limit", type=int, default=10_000, help="at most this many files")
    args = parser.parse_args(argv)
    texts = load_texts(args.corpus, args.limit)
    if not texts:
        print(f"no text under {args.corpus}", file=sys.stderr)
        return 2
    pipeline = EntityPipeline()
    nlp = pipeline.nlp  # the same NER-only model object for both sides
    items = [(text, "") for text in texts]

    def raw() -> None:
        for doc in nlp.pipe(texts, batch_size=32):
            _ = doc.ents

    def full() -> None:
        for _ in pipeline.analyze_many(items, batch_size=32):
            pass

    timings: dict[str, list[float]] = {"raw": [], "pipeline": []}
    sides: list[tuple[str, Callable[[], None]]] = [("raw", raw), ("pipeline", full)]
    raw(), full()  # warm-up: caches, lazy imports
    for round_ in range(args.rounds):
        for name, func in sides if round_ % 2 == 0 else sides[::-1]:  # alternate who goes first
            start = time.perf_counter()
            func()
            timings[name].append(time.perf_counter() - start)
    # The pipeline's own cost, without the model: clean-up, dates, gazetteer, linking on precomputed entities.
    ents = [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in nlp.pipe(texts, batch_size=32)]
    post: list[float] = []
    for _ in range(args.rounds):
        start = time.perf_counter()
        for text, found in zip(texts, ents, strict=True):
            annotate(text, found, "", pipeline.gazetteer)
        post.append(time.perf_counter() - start)
    chars = sum(map(len, texts))
    print(f"corpus: {args.corpus} ({len(texts)} texts, {chars} characters); components excluded: "
          f"{', '.join(EXCLUDED_COMPONENTS)}; {args.rounds} interleaved rounds")
    for name, values in timings.items():
        print(f"{name:9} median {statistics.median(values):.3f} s  min {min(values):.3f} s  "
              f"({', '.join(f'{v:.2f}' for v in values)})")
    print(f"post-processing alone: median {statistics.median(post):.3f} s "
          f"(expected ratio without noise: {statistics.median(timings['raw']) / (statistics.median(timings['raw']) + statistics.median(post)):.3f})")
    ratio_median = statistics.median(timings["raw"]) / statistics.median(timings["pipeline"])
    ratio_min = min(timings["raw"]) / min(timings["pipeline"])
    print(f"throughput ratio (raw_time / pipeline_time): {ratio_median:.3f} (medians), {ratio_min:.3f} (best runs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
