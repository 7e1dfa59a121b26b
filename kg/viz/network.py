"""Parts of the graph (organization–event–place, ego networks), a seeded layout, a figure."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import networkx as nx

from kg.errors import KGError
from kg.graph.schema import NODES
from kg.viz.fonts import use_cjk_font
from kg.viz.style import (
    EDGE_COLOUR,
    LABEL_COLOURS,
    LABEL_MARKERS,
    ORG_EVENT_PLACE,
    node_text,
    schema_label,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

SEED = 7
_NODE_SIZE = 220


def with_labels(graph: nx.MultiDiGraph, labels: Iterable[str]) -> nx.MultiDiGraph:
    """The nodes with one of ``labels`` (schema labels) and the edges among them, as a copy.

    Raises:
        KGError: a label the schema does not have.
    """
    wanted = {schema_label(label) for label in labels}
    return _induced(graph, [n for n, d in graph.nodes(data=True) if d.get("label") in wanted])


def org_event_place(graph: nx.MultiDiGraph, drop_isolates: bool = True) -> nx.MultiDiGraph:
    """Organizations, events and places and what links them (ORGANIZED, HELD_IN, LOCATED_IN …).

    Nodes with no link inside this network are left out unless ``drop_isolates`` is False.
    """
    network = with_labels(graph, ORG_EVENT_PLACE)
    if drop_isolates:
        network.remove_nodes_from(sorted(nx.isolates(network)))
    return network


def most_connected(graph: nx.MultiDiGraph, label: str) -> str:
    """The id of the node of ``label`` with the most links (ties: the smallest id).

    Raises:
        KGError: the schema has no such label, or the graph no node of it.
    """
    label = schema_label(label)
    nodes = [n for n, d in graph.nodes(data=True) if d.get("label") == label]
    if not nodes:
        raise KGError(f"the graph has no {label} node")
    return min(nodes, key=lambda n: (-graph.degree(n), n))


def ego(graph: nx.MultiDiGraph, node: str, radius: int = 1) -> nx.MultiDiGraph:
    """The nodes at most ``radius`` links from ``node`` (either direction), with their links.

    Raises:
        KGError: ``node`` is not in the graph, or ``radius`` is negative.
    """
    if node not in graph:
        raise KGError(f"no node {node!r} in the graph")
    if radius < 0:
        raise KGError(f"an ego network's radius is 0 or more, not {radius}")
    return _induced(graph, nx.ego_graph(graph, node, radius=radius, undirected=True))


def _induced(graph: nx.MultiDiGraph, nodes: Iterable[str]) -> nx.MultiDiGraph:
    """A copy of the subgraph on ``nodes``, nodes in sorted order.

    (networkx's subgraph views iterate a set, whose order changes from run to run.)
    """
    keep = sorted(set(nodes))
    inside = set(keep)
    sub = nx.MultiDiGraph()
    sub.graph.update(graph.graph)
    sub.add_nodes_from((n, graph.nodes[n]) for n in keep)
    sub.add_edges_from(
        (u, v, k, d) for u, v, k, d in graph.edges(keep, keys=True, data=True) if v in inside
    )
    return sub


def layout(graph: nx.MultiDiGraph, seed: int = SEED) -> dict[str, tuple[float, float]]:
    """Seeded spring layout: the same graph gives the same positions in any node order.

    Each connected part is laid out on its own in a square whose side grows with the
    square root of its size; the squares are packed in rows, largest first, so small
    parts sit beside the main one instead of drifting to a corner.
    """
    simple = _ordered(graph, graph.nodes)
    parts = sorted(nx.connected_components(simple), key=lambda c: (-len(c), min(c)))
    sides = [len(part) ** 0.5 for part in parts]
    row_width = max([*sides[:1], sum(side * side for side in sides) ** 0.5 * 1.2])
    positions: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for part, side in zip(parts, sides, strict=True):
        if x > 0 and x + side > row_width:  # next row, below
            x, y, row_height = 0.0, y - row_height - 0.5, 0.0
        for node, (px, py) in _unit_square(_ordered(simple, part), seed).items():
            positions[node] = (x + px * side, y - (1 - py) * side)
        x, row_height = x + side + 0.5, max(row_height, side)
    return positions


def _ordered(graph: nx.Graph, nodes: Iterable[str]) -> nx.Graph:
    """A simple undirected graph of ``nodes``, nodes and edges added in sorted order."""
    keep = sorted(nodes)
    inside = set(keep)
    ordered = nx.Graph()
    ordered.add_nodes_from(keep)
    pairs = {tuple(sorted(e[:2])) for e in graph.edges(keep) if e[1] in inside and e[0] != e[1]}
    ordered.add_edges_from(sorted(pairs))
    return ordered


def _unit_square(part: nx.Graph, seed: int) -> dict[str, tuple[float, float]]:
    """Spring layout of one connected part, stretched to fill [0, 1] x [0, 1]."""
    if len(part) == 1:
        return {next(iter(part)): (0.5, 0.5)}
    k = 1.5 / len(part) ** 0.5  # more room than networkx's default, for the captions
    raw = nx.spring_layout(part, k=k, seed=seed, iterations=200)
    low = [min(p[i] for p in raw.values()) for i in (0, 1)]
    span = [max(p[i] for p in raw.values()) - low[i] or 1.0 for i in (0, 1)]
    return {n: ((p[0] - low[0]) / span[0], (p[1] - low[1]) / span[1]) for n, p in raw.items()}


def draw(
    graph: nx.MultiDiGraph,
    ax: Axes | None = None,
    *,
    seed: int = SEED,
    captions: bool = True,
    highlight: str | None = None,
    title: str | None = None,
) -> Axes:
    """Draw the graph: nodes coloured and shaped by label with a legend, Chinese captions.

    Args:
        graph: the graph or a part of it (:func:`org_event_place`, :func:`ego`).
        ax: where to draw; a new figure when None.
        seed: the layout's seed (:func:`layout`).
        captions: write each node's name above it.
        highlight: a node to ring in black (the centre of an ego network).
        title: the title; by default the numbers of nodes and links.

    Returns:
        The Axes drawn on.
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    use_cjk_font()
    if ax is None:  # bigger for more nodes, within what a notebook shows
        width = min(14.0, max(6.0, 3 + 1.5 * graph.number_of_nodes() ** 0.5))
        _, ax = plt.subplots(figsize=(width, width * 0.75), layout="constrained")
    positions = layout(graph, seed)
    nx.draw_networkx_edges(
        graph, positions, ax=ax, edge_color=EDGE_COLOUR, arrowsize=8, node_size=_NODE_SIZE
    )
    present = [label for label in NODES if _nodes_of(graph, label)]
    for label in present:
        nx.draw_networkx_nodes(
            graph,
            positions,
            nodelist=_nodes_of(graph, label),
            node_color=LABEL_COLOURS[label],
            node_shape=LABEL_MARKERS[label],
            node_size=_NODE_SIZE,
            edgecolors="white",
            ax=ax,
        )
    if highlight in positions:
        ring = {"node_color": "none", "edgecolors": "black", "linewidths": 1.5}
        nx.draw_networkx_nodes(
            graph, positions, nodelist=[highlight], node_size=_NODE_SIZE * 2.2, ax=ax, **ring
        )
    if captions:  # above the node, so the marker stays visible
        for node, data in sorted(graph.nodes(data=True)):
            ax.annotate(
                node_text(data),
                positions[node],
                xytext=(0, 11 if node == highlight else 7),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=8,
            )
    handles = [
        Line2D([], [], marker=LABEL_MARKERS[label], linestyle="", color=LABEL_COLOURS[label])
        for label in present
    ]
    ax.legend(handles, present, loc="upper left", frameon=False, markerscale=1.5)
    ax.set_title(title or f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} links")
    ax.set_axis_off()
    return ax


def _nodes_of(graph: nx.MultiDiGraph, label: str) -> list[str]:
    return sorted(n for n, d in graph.nodes(data=True) if d.get("label") == label)
