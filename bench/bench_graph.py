"""Entity graph layout: graph_layout at 100 to 2,000 nodes against one round of the same force scheme, same run.

The raw engine is one round of the numpy force step on the same graph (``spring`` with rounds=1): the
ratio says how many rounds' worth of work a layout costs, which the node count decides. Medians of
several rounds; also checks what the tests check (finite, distinct positions).
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.explore.graph import graph_layout, spring  # noqa: E402


def graph(count: int, seed: int = 1) -> tuple[list[int], list[tuple[int, int, int]]]:
    """Entities named together: each node linked to three others, weights as article counts."""
    rng = random.Random(seed)
    edges = {(min(a, b), max(a, b)): rng.randint(1, 20) for a in range(count) for b in rng.sample(range(count), 3) if a != b}
    return list(range(count)), [(a, b, w) for (a, b), w in edges.items()]


def timed(work, rounds: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 499, 500, 2000])
    args = parser.parse_args()
    print(f"{'nodes':>6} {'edges':>6} {'layout ms':>10} {'1 step ms':>10} {'ratio':>6}  finite distinct")
    for count in args.sizes:
        nodes, edges = graph(count)
        size = 90 * math.sqrt(count) + 120  # as the graph view asks
        layout = timed(lambda n=nodes, e=edges, s=size: graph_layout(n, e, size=s), args.rounds)
        weights = np.zeros((count, count))
        for a, b, w in edges:
            weights[a, b] = weights[b, a] = w
        step = timed(lambda w=weights, n=count: spring(w, k=1.6 / n ** 0.5, rounds=1, seed=7), args.rounds)
        positions = graph_layout(nodes, edges, size=size)
        finite = all(math.isfinite(x) and math.isfinite(y) for x, y in positions.values())
        distinct = len({(round(x), round(y)) for x, y in positions.values()}) == count
        print(f"{count:>6} {len(edges):>6} {layout * 1000:>10.0f} {step * 1000:>10.1f} {layout / step:>6.1f}  "
              f"{finite!s:>6} {distinct!s:>8}")


if __name__ == "__main__":
    main()
