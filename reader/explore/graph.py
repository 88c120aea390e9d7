"""The entity graph's layout: where each node sits, the same for the same graph."""

from __future__ import annotations

from collections.abc import Sequence


def graph_layout(nodes: Sequence[int], edges: Sequence[tuple[int, int, int]], seed: int = 7,
                 size: float = 1.0) -> dict[int, tuple[float, float]]:
    """Spring layout (networkx, fixed seed: the same graph always looks the same), scaled to ``size``."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_weighted_edges_from(edges)
    if graph.number_of_nodes() == 0:
        return {}
    if graph.number_of_nodes() == 1:
        return {next(iter(graph.nodes)): (0.0, 0.0)}
    k = 1.6 / max(graph.number_of_nodes(), 1) ** 0.5
    positions = nx.spring_layout(graph, k=k, weight="weight", seed=seed, scale=size, iterations=200)
    return {int(n): (float(p[0]), float(p[1])) for n, p in positions.items()}
