"""The graph as typed rows: one table per label, one per (type, source label, target label).

Every sink that writes tables (LadybugDB COPY, Neo4j UNWIND batches, neo4j-admin CSVs)
takes its rows from :func:`graph_tables`, so a value that does not fit its schema type
is refused in one place, with one message, before any store is touched. Rows are
sorted by id (nodes) and by (source, target, key) (relationships): the same graph gives
the same rows on any machine.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import networkx as nx

from kg.errors import KGError
from kg.graph.schema import NODES, RELATIONSHIPS, Property, edge_properties

__all__ = ["GraphTables", "SchemaMismatch", "graph_tables"]

_INT64 = (-(2**63), 2**63 - 1)
_ID_COLUMN = {label: [p.name for p in n.properties].index("id") for label, n in NODES.items()}


class SchemaMismatch(KGError):
    """A node or relationship of the graph does not fit :mod:`kg.graph.schema`."""


@dataclass(frozen=True)
class GraphTables:
    """``nodes[label]`` rows follow ``NODES[label].properties``; ``relationships[(type,
    source label, target label)]`` rows are ``(source id, target id, *edge_properties(type))``.
    Every label has a (possibly empty) node table; only relationship groups that occur appear."""

    nodes: dict[str, list[tuple]]
    relationships: dict[tuple[str, str, str], list[tuple]]

    @staticmethod
    def node_columns(label: str) -> list[str]:
        return [p.name for p in NODES[label].properties]

    @staticmethod
    def relationship_columns(kind: str) -> list[str]:
        return ["from", "to"] + [p.name for p in edge_properties(kind)]


def graph_tables(graph: nx.MultiDiGraph) -> GraphTables:
    """The graph's nodes and relationships as typed rows, checked against the schema.

    Raises:
        SchemaMismatch: a label, type, property or value the schema does not allow.
    """
    labels: dict[str, str] = {}
    node_rows: dict[str, list[tuple]] = {label: [] for label in NODES}
    node_known = {label: {p.name for p in n.properties} | {"label"} for label, n in NODES.items()}
    for nid, data in sorted(graph.nodes(data=True), key=lambda item: item[0]):
        label = data.get("label")
        if label not in NODES:
            raise SchemaMismatch(f"node {nid!r}: label {label!r} is not in the schema")
        if not isinstance(nid, str) or data.get("id", nid) != nid:
            raise SchemaMismatch(f"node {nid!r}: its id must be a string equal to its key")
        labels[nid] = label
        where = f"{label} {nid}"
        _unknown(where, data, node_known[label])
        # columns in DDL order: COPY is positional
        row = _values(NODES[label].properties, data, where)
        row[_ID_COLUMN[label]] = nid
        node_rows[label].append(tuple(row))
    rel_props = {kind: edge_properties(kind) for kind in RELATIONSHIPS}
    rel_known = {kind: {p.name for p in props} | {"type"} for kind, props in rel_props.items()}
    rel_rows: dict[tuple[str, str, str], list[tuple]] = {}
    for source, target, _key, data in sorted(
        graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2]))
    ):
        kind = data.get("type")
        if kind not in RELATIONSHIPS:
            raise SchemaMismatch(f"{kind} {source} -> {target}: type {kind!r} is not in the schema")
        group = (kind, labels[source], labels[target])
        rows = rel_rows.get(group)
        if rows is None:
            rel = RELATIONSHIPS[kind]
            if group[1] not in rel.sources or group[2] not in rel.targets:
                raise SchemaMismatch(
                    f"{kind} {source} -> {target}: the schema has no {kind} "
                    f"from {group[1]} to {group[2]}"
                )
            rows = rel_rows[group] = []
        where = f"{kind} {source} -> {target}"
        _unknown(where, data, rel_known[kind])
        rows.append((source, target, *_values(rel_props[kind], data, where)))
    return GraphTables(node_rows, dict(sorted(rel_rows.items())))


def _unknown(where: str, data: dict, known: set[str]) -> None:
    # build.py gives MENTIONS empty evidence lists the schema does not declare: empty is fine.
    if data.keys() <= known:
        return
    extra = sorted(k for k, v in data.items() if k not in known and v not in (None, [], ()))
    if extra:
        raise SchemaMismatch(f"{where}: properties {extra} are not in the schema")


_SURROGATE = re.compile("[\ud800-\udfff]")


def _values(props: tuple[Property, ...], data: dict, where: str) -> list:
    out = []
    for prop in props:
        value = data.get(prop.name)
        kind = type(value)
        if value is None:
            out.append(None)
        elif kind is str and prop.type == "string":
            out.append(value if not _SURROGATE.search(value) else _bad(prop, value, where))
        elif kind is list and prop.type == "string[]" and all(type(v) is str for v in value):
            out.append(value if not _SURROGATE.search("".join(value)) else _bad(prop, value, where))
        else:
            out.append(_value(prop, value, where))
    return out


def _value(prop: Property, value, where: str):
    """The slow path: ints, dates, tuples, subclasses of str; anything else is refused."""
    if prop.type == "int" and type(value) is int and _INT64[0] <= value <= _INT64[1]:
        return value
    if prop.type == "string" and isinstance(value, str):
        return _values((prop,), {prop.name: str(value)}, where)[0]
    if prop.type == "date":
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str) and len(value) == 10:
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
    elif (
        prop.type == "string[]"
        and isinstance(value, list | tuple)
        and all(isinstance(v, str) for v in value)
    ):
        return _values((prop,), {prop.name: [str(v) for v in value]}, where)[0]
    return _bad(prop, value, where)


def _bad(prop: Property, value, where: str):
    shown = repr(value)
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    texts = [value] if isinstance(value, str) else value if isinstance(value, list | tuple) else []
    broken = any(isinstance(t, str) and _SURROGATE.search(t) for t in texts)
    what = f"{prop.type} without lone surrogates (not Unicode text)" if broken else prop.type
    raise SchemaMismatch(f"{where}: property {prop.name} must be {what}, found {shown}")
