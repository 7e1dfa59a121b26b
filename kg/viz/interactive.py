"""An interactive HTML view of a graph (pyvis / vis-network) that works offline."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from kg.viz.network import SEED, layout
from kg.viz.style import EDGE_COLOUR, HTML_SHAPES, LABEL_COLOURS, node_text

_PIXELS = 160  # pixels per layout unit (about one node's room)
# The page uses the reader's fonts: the CJK families of Linux, macOS and Windows first.
_FONTS = (
    "Noto Sans SC, Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
)
# pyvis's page template links Bootstrap from a CDN, for styling only, whatever
# cdn_resources says; these elements are taken out so the page loads nothing remote.
_REMOTE = re.compile(
    r"<link\s[^>]*href=\"https?://[^\"]*\"[^>]*>|<script\s[^>]*src=\"https?://[^\"]*\"[^>]*>\s*</script>"
)


def to_pyvis_html(
    graph: nx.MultiDiGraph, path: str | Path, *, seed: int = SEED, height: str = "720px"
) -> Path:
    """Write an interactive view of ``graph`` to ``path``; return the path.

    The vis-network script is inlined, so the page opens offline. Nodes sit where
    :func:`~kg.viz.network.layout` puts them (physics off: the same view each time),
    coloured and shaped by label; hovering shows a node's properties and an edge's type.
    """
    from pyvis.network import Network

    view = Network(height=height, width="100%", directed=True, cdn_resources="in_line")
    positions = layout(graph, seed)
    for node, data in sorted(graph.nodes(data=True)):
        x, y = positions[node]
        label = data.get("label", "")
        view.add_node(
            node,
            label=node_text(data, limit=40),
            title=_hover(node, data),
            color=LABEL_COLOURS.get(label, EDGE_COLOUR),
            shape=HTML_SHAPES.get(label, "dot"),
            size=12,
            font={"face": _FONTS, "size": 14},
            x=x * _PIXELS,
            y=-y * _PIXELS,  # screen y grows downwards
            physics=False,
        )
    for source, target, data in sorted(graph.edges(data=True), key=lambda e: e[:2]):
        kind = data.get("type", "")
        view.add_edge(source, target, title=kind, label=kind, color=EDGE_COLOUR, font={"size": 9})
    view.toggle_physics(False)
    path = Path(path)
    path.write_text(_REMOTE.sub("", view.generate_html()), encoding="utf-8")
    return path


def _hover(node: str, data: dict) -> str:
    lines = [data.get("label", ""), node]
    lines += [f"{k}: {v}" for k, v in sorted(data.items()) if k != "label" and v not in (None, [])]
    return "\n".join(lines)


def notebook_view(path: str | Path, height: int = 780) -> PageView:
    """Show a page written by :func:`to_pyvis_html` in a notebook output.

    The whole page goes into the iframe (``srcdoc``) rather than a link to the file, so it
    shows the same in Jupyter Notebook, JupyterLab and VS Code, wherever the file is.

    Returns:
        An object notebooks display as HTML (the last value of a cell is displayed).
    """
    from html import escape

    page = Path(path).read_text(encoding="utf-8")
    style = f"width: 100%; height: {int(height)}px; border: none"
    return PageView(f'<iframe srcdoc="{escape(page, quote=True)}" style="{style}"></iframe>')


@dataclass(frozen=True)
class PageView:
    """HTML that Jupyter displays (its ``_repr_html_``)."""

    html: str

    def _repr_html_(self) -> str:
        return self.html
