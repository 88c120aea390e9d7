"""The entity graph's layout: where each node sits, the same for the same graph, with numpy alone."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

ITERATIONS = 200  # enough to settle a graph of a hundred nodes
WORK = 8_000_000  # node pairs visited per layout at most: big graphs get fewer, still useful, rounds
BLOCK = 256  # rows of the pairwise arrays computed at once, so 2,000 nodes need megabytes, not a gigabyte


def graph_layout(nodes: Sequence[int], edges: Sequence[tuple[int, int, int]], seed: int = 7,
                 size: float = 1.0) -> dict[int, tuple[float, float]]:
    """Force-directed layout (Fruchterman-Reingold), fixed seed: the same graph always looks the same.

    Positions fill [-size, size] on the wider axis. The work grows with the square of the node count,
    so a big graph gets fewer rounds rather than a long wait."""
    order = list(dict.fromkeys([*nodes, *(n for a, b, _ in edges for n in (a, b))]))
    if not order:
        return {}
    if len(order) == 1:
        return {order[0]: (0.0, 0.0)}
    index = {node: i for i, node in enumerate(order)}
    count = len(order)
    weights = np.zeros((count, count))
    for a, b, weight in edges:
        if a != b:
            weights[index[a], index[b]] += weight
            weights[index[b], index[a]] += weight
    rounds = max(20, min(ITERATIONS, WORK // (count * count)))
    positions = spring(weights, k=1.6 / count ** 0.5, rounds=rounds, seed=seed)
    positions -= positions.mean(axis=0)
    reach = np.abs(positions).max()
    if reach > 0:
        positions *= size / reach
    return {node: (float(x), float(y)) for node, (x, y) in zip(order, positions, strict=True)}


def spring(weights: np.ndarray, k: float, rounds: int, seed: int) -> np.ndarray:
    """Nodes repel each other (k²/d) and edges pull their ends together (w·d²/k); a cooling step bounds
    each move. The same scheme as networkx's dense spring layout, computed a block of rows at a time."""
    count = weights.shape[0]
    positions = np.random.default_rng(seed).random((count, 2))
    temperature = 0.1  # the largest move, a tenth of the unit square, shrinking to nothing
    cooling = temperature / (rounds + 1)
    x, y = positions[:, 0], positions[:, 1]  # views: moving positions moves them
    for _ in range(rounds):
        shift = np.empty_like(positions)
        for lo in range(0, count, BLOCK):
            hi = min(lo + BLOCK, count)
            dx = x[lo:hi, np.newaxis] - x[np.newaxis, :]
            dy = y[lo:hi, np.newaxis] - y[np.newaxis, :]
            distance = np.maximum(np.hypot(dx, dy), 0.01)
            force = k * k / distance ** 2 - weights[lo:hi] * distance / k
            shift[lo:hi, 0] = (dx * force).sum(axis=1)
            shift[lo:hi, 1] = (dy * force).sum(axis=1)
        length = np.maximum(np.hypot(shift[:, 0], shift[:, 1]), 0.01)
        step = shift * (temperature / length)[:, np.newaxis]
        positions += step
        temperature -= cooling
        if np.sqrt((step ** 2).sum()) / count < 1e-4:
            break
    return positions
