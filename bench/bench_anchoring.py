"""Print how annotations re-anchor after real edits of the bundled articles, and how long it takes."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from test_anchoring import ARTICLES, all_cases, load, long_article, run_case, verdict  # noqa: E402

from reader.anchoring import describe, resolve_all  # noqa: E402
from reader.domain import Anchor  # noqa: E402


def edits_table() -> None:
    counts: dict[str, Counter[str]] = {}
    times: dict[str, list[float]] = {}
    for _, _, case in all_cases():
        found, took = run_case(case)
        counts.setdefault(case.kind, Counter())[verdict(case, found)] += 1
        times.setdefault(case.kind, []).append(took)
    print(
        f"Articles: {', '.join(ARTICLES)}; spans: every sentence, a 3-word phrase and a 1-3 letter word of each"
    )
    print(
        "correct = the expected span (or an orphan when the passage is gone); orphan = lost; wrong = elsewhere\n"
    )
    print(f"| {'edit':30} | cases | correct | orphan | wrong | mean µs | max µs |")
    print(f"|{'-' * 32}|------:|--------:|-------:|------:|--------:|-------:|")
    total: Counter[str] = Counter()
    for kind, c in counts.items():
        total += c
        ts = times[kind]
        print(
            f"| {kind:30} | {sum(c.values()):5} | {c['correct']:7} | {c['orphan']:6} | {c['wrong']:5} "
            f"| {statistics.mean(ts) * 1e6:7.0f} | {max(ts) * 1e6:6.0f} |"
        )
    print(
        f"| {'total':30} | {sum(total.values()):5} | {total['correct']:7} | {total['orphan']:6} | {total['wrong']:5} |"
        "         |        |"
    )


def with_typos(text: str, anchors: list[Anchor]) -> str:
    chars = list(text)
    for a in anchors:
        middle = (a.start + a.end) // 2
        chars[middle] = "q" if chars[middle] != "q" else "k"
    return "".join(chars)


def timing(repeat: int) -> None:
    text = long_article()
    words = len(text.split())
    step = len(text) // 50
    anchors = [describe(text, i * step + 10, i * step + 90) for i in range(50)]
    scenarios = {
        "unchanged": text,
        "insert at top (quotes moved)": "Mise à jour : précisions ajoutées.\n\n" + text,
        "apostrophes ’ -> '": text.replace("\u2019", "'"),
        "typo in every anchor (fuzzy)": with_typos(text, anchors),
        "another article (all orphans)": (load("poutine-bakou") + "\n\n") * 12,
    }
    print(f"\nresolve_all: 50 anchors of 80 characters in a {words}-word article ({len(text)} characters)\n")
    print("| new text                       | best ms | resolved |")
    print("|--------------------------------|--------:|---------:|")
    for name, new in scenarios.items():
        best = float("inf")
        for _ in range(repeat):
            t0 = time.perf_counter()
            spans = resolve_all(new, anchors)
            best = min(best, time.perf_counter() - t0)
        print(f"| {name:30} | {best * 1e3:7.2f} | {sum(s is not None for s in spans):5}/50 |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5, help="timing runs per scenario (best is shown)")
    args = parser.parse_args()
    edits_table()
    timing(args.repeat)


if __name__ == "__main__":
    main()
