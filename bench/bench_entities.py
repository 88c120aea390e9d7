"""Time the full entity pipeline against raw NER-only nlp.pipe on the same texts, in the same run."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from reader.entities.canonical import annotate
from reader.entities.pipeline import EXCLUDED_COMPONENTS, EntityPipeline

# French Wikinews (WiNER) beside the checkout; any folder of .txt files will do
DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "eval" / "winer-fr" / "2017"


def load_texts(corpus: Path, limit: int) -> list[str]:
    files = sorted(p for p in corpus.rglob("*.txt") if not p.name.endswith("-urls.txt")) if corpus.is_dir() else [corpus]
    return [p.read_text(encoding="utf-8") for p in files[:limit] if p.stat().st_size]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS, help="folder of .txt files, or one file")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds per side, interleaved (default 5)")
    parser.add_argument("--chunk", type=int, default=32, help="texts per interleaved chunk (default 32)")
    parser.add_argument("--limit", type=int, default=10_000, help="at most this many files")
    args = parser.parse_args(argv)
    texts = load_texts(args.corpus, args.limit)
    if not texts:
        print(f"no text under {args.corpus}", file=sys.stderr)
        return 2
    pipeline = EntityPipeline()
    nlp = pipeline.nlp  # the same NER-only model object for both sides
    items = [(text, "") for text in texts]

    def raw(chunk: list[tuple[str, str]]) -> None:
        for doc in nlp.pipe([text for text, _ in chunk], batch_size=32):
            _ = doc.ents

    def full(chunk: list[tuple[str, str]]) -> None:
        for _ in pipeline.analyze_many(chunk, batch_size=32):
            pass

    # Fine-grained interleaving: each chunk of texts is timed on both sides back to back, in alternating
    # order, so a burst of load from other processes hits both sides alike.
    chunks = [items[i:i + args.chunk] for i in range(0, len(items), args.chunk)]
    sides: list[tuple[str, Callable[[list[tuple[str, str]]], None]]] = [("raw", raw), ("pipeline", full)]
    raw(items), full(items)  # warm-up: caches, lazy imports
    timings: dict[str, list[float]] = {"raw": [], "pipeline": []}
    ratios: list[float] = []
    for round_ in range(args.rounds):
        totals = {"raw": 0.0, "pipeline": 0.0}
        for index, chunk in enumerate(chunks):
            for name, func in sides if (round_ + index) % 2 == 0 else sides[::-1]:
                start = time.perf_counter()
                func(chunk)
                totals[name] += time.perf_counter() - start
        for name, total in totals.items():
            timings[name].append(total)
        ratios.append(totals["raw"] / totals["pipeline"])
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
          f"{', '.join(EXCLUDED_COMPONENTS)}; {args.rounds} rounds interleaved by chunks of {args.chunk}")
    for name, values in timings.items():
        print(f"{name:9} median {statistics.median(values):.3f} s  min {min(values):.3f} s  "
              f"({', '.join(f'{v:.2f}' for v in values)})")
    print(f"post-processing alone: median {statistics.median(post):.3f} s "
          f"(expected ratio without noise: {statistics.median(timings['raw']) / (statistics.median(timings['raw']) + statistics.median(post)):.3f})")
    print(f"throughput ratio (raw_time / pipeline_time): {statistics.median(ratios):.3f} "
          f"(median of per-round ratios; rounds: {', '.join(f'{r:.3f}' for r in ratios)}), "
          f"{sum(timings['raw']) / sum(timings['pipeline']):.3f} (all rounds pooled)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
