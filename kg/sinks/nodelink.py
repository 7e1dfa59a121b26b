"""The graph as node-link JSON (networkx's format), and GraphML and GEXF for Gephi; JSON and
GraphML are deterministic (GEXF carries the day it was written)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx

from kg.errors import KGError
from kg.io.names import shown


def write_json(graph: nx.MultiDiGraph, path: Path) -> None:
    """Write node-link JSON with nodes and edges sorted, so equal graphs give equal files."""
    data = nx.node_link_data(graph, edges="edges")
    data["nodes"] = sorted(data["nodes"], key=lambda n: n["id"])
    data["edges"] = sorted(data["edges"], key=lambda e: (e["source"], e["target"], e["key"]))
    path.write_text(
        json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )


def read_json(path: Path) -> nx.MultiDiGraph:
    """Read what :func:`write_json` wrote.

    Raises:
        KGError: the file is missing or not a kg graph.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise KGError(f"{shown(path)}: cannot read the graph: {error.strerror or error}") from None
    except ValueError as error:  # not JSON, or not UTF-8
        raise KGError(f"{shown(path)}: cannot read the graph: not JSON: {error}") from None
    if not (isinstance(data, dict) and all(isinstance(data.get(k), list) for k in _LISTS)):
        found = (
            "an object without them" if isinstance(data, dict) else f"a JSON {type(data).__name__}"
        )
        raise KGError(
            f"{shown(path)}: cannot read the graph: expected a JSON object with nodes and edges "
            f"lists, found {found}"
        )
    try:
        return nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    except (ValueError, KeyError, TypeError, AttributeError) as error:  # a damaged node or edge
        raise KGError(
            f"{shown(path)}: cannot read the graph: {type(error).__name__}: {error}"
        ) from None


_LISTS = ("nodes", "edges")


def write_graphml(graph: nx.MultiDiGraph, path: Path) -> None:
    """GraphML for Gephi, as :func:`display_graph` shows the graph."""
    nx.write_graphml(display_graph(graph), path, encoding="utf-8", prettyprint=True)


def write_gexf(graph: nx.MultiDiGraph, path: Path) -> None:
    """GEXF 1.2 for Gephi, as :func:`display_graph` shows the graph; an edge's type is in
    its ``label`` only (GEXF's own edge ``type`` says directed or undirected)."""
    flat = display_graph(graph)
    for *_, data in flat.edges(data=True):
        del data["type"]
    text = "\n".join(nx.generate_gexf(flat, encoding="utf-8", prettyprint=True))
    # networkx stamps the day it writes (lastmodifieddate): the same graph, the same bytes
    path.write_text(_MODIFIED.sub("", text, count=1) + "\n", encoding="utf-8")


_MODIFIED = re.compile(r' lastmodifieddate="[^"]*"')


def display_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The graph as Gephi should show it: a node's ``label`` is its name (an article's
    title), its kind (Organization, Event …) is in ``node_type``; an edge's ``label`` is
    its type; list properties become JSON strings (GraphML and GEXF have no lists)."""
    flat = nx.MultiDiGraph()
    flat.graph.update({k: str(v) for k, v in graph.graph.items()})
    for node, data in sorted(graph.nodes(data=True)):
        flat.add_node(node, **_flat(_displayed(node, data)))
    for source, target, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: e[:3]):
        flat.add_edge(source, target, key=key, **_flat({"label": data.get("type"), **data}))
    return flat


def _displayed(node, data: dict) -> dict:
    # graph.json's ``label`` is the node's kind; Gephi draws ``label`` on every node
    shown = {k: v for k, v in data.items() if k != "label"}
    name = data.get("name") or data.get("title") or str(node)
    return {"label": name, "node_type": data.get("label"), **shown}


def _flat(data: dict) -> dict:
    return {
        k: _xml_text(json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v)
        for k, v in data.items()
        if v is not None
    }


# XML 1.0 allows no control characters but tab, newline and carriage return (nor lone
# surrogates, U+FFFE, U+FFFF): one \x0b in a title would make the whole file unreadable
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(value):
    """A string GraphML can hold: characters XML forbids become U+FFFD."""
    return _NOT_XML.sub("\ufffd", value) if isinstance(value, str) else value
