"""The graph as an embedded LadybugDB database (the maintained Kùzu fork): Cypher, no server.

LadybugDB 0.22 keeps a database in ONE FILE (``kg.lbug``; a ``kg.lbug.wal`` beside it
while a writer has it open), not a directory. Tables are declared before loading, and
:func:`ddl` generates them from :mod:`kg.graph.schema`: one node table per label with
``id`` as primary key, one relationship table per type, with one FROM/TO pair per
(source label, target label) for PARTICIPATED_IN and MENTIONS.

Rows are bulk-loaded with ``COPY`` from pandas DataFrames whose columns are all
``object`` dtype (see docs/LADYBUG.md for the measurements behind that choice: CSV
mangles list properties, Parquet needs pyarrow, and a pandas ``str`` column turns
values into ``'nan'``). No value is ever put into a query string: only labels, types
and property names from the schema are, and they are checked identifiers.

Strings are stored exactly as they are, NUL characters, newlines, quotes and emoji
included; a property whose value does not fit its schema type is refused, not coerced.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import networkx as nx

from kg.errors import KGError, UsageError
from kg.graph.schema import NODES, RELATIONSHIPS, edge_properties
from kg.graph.tables import SchemaMismatch, graph_tables
from kg.io.names import shown

__all__ = ["LadybugError", "ddl", "write_ladybug"]

LADYBUG_TYPES = {"string": "STRING", "int": "INT64", "date": "DATE", "string[]": "STRING[]"}
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


class LadybugError(KGError):
    """The graph could not be written: a value that does not fit the schema, or the engine."""


def ddl() -> list[str]:
    """CREATE statements for every label and relationship type of the schema, in schema order.

    Example:
        >>> ddl()[0]
        'CREATE NODE TABLE `Article` (`id` STRING PRIMARY KEY, `title` STRING, `newspaper` STRING, `date` DATE, `page` STRING, `column` STRING, `file` STRING)'
    """
    statements = []
    for label, node in NODES.items():
        columns = ", ".join(
            f"{_q(p.name)} {LADYBUG_TYPES[p.type]}" + (" PRIMARY KEY" if p.name == "id" else "")
            for p in node.properties
        )
        statements.append(f"CREATE NODE TABLE {_q(label)} ({columns})")
    for kind, rel in RELATIONSHIPS.items():
        pairs = [f"FROM {_q(s)} TO {_q(t)}" for s in rel.sources for t in rel.targets]
        columns = [f"{_q(p.name)} {LADYBUG_TYPES[p.type]}" for p in edge_properties(kind)]
        statements.append(f"CREATE REL TABLE {_q(kind)} ({', '.join(pairs + columns)})")
    return statements


def write_ladybug(graph: nx.MultiDiGraph, path: Path, *, replace: bool = False) -> dict:
    """Write ``graph`` to a new LadybugDB database file at ``path``.

    The database is built beside ``path`` under a temporary name and moved into place
    only when complete, so a failed write leaves an existing database untouched. Nodes
    are loaded sorted by id and relationships by (source, target, key): the same graph
    gives the same database.

    Args:
        graph: a graph built by :mod:`kg.graph.build` (node attrs ``label``, ``id`` and
            properties; edge attrs ``type``, properties and evidence lists).
        path: the database file to create. Its parent directories are created.
        replace: overwrite an existing database at ``path`` (else it is refused).

    Returns:
        ``{"path", "nodes": {label: n}, "relationships": {type: n}, "rows", "seconds",
        "rows_per_second"}``; counts cover every label and type of the schema (0 included).

    Raises:
        UsageError: ``path`` is a directory, or a non-empty file and ``replace`` is false.
        LadybugError: a label, type or value does not fit the schema, or the engine failed.

    Example:
        >>> from kg.graph.build import new_graph
        >>> import tempfile
        >>> report = write_ladybug(new_graph(), Path(tempfile.mkdtemp()) / "kg.lbug")
        >>> report["nodes"]["Event"], report["relationships"]["MENTIONS"]
        (0, 0)
    """
    import ladybug

    path = Path(path)
    _check_target(path, replace)
    started = time.perf_counter()
    nodes, rels = _tables(graph)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    _remove(tmp)
    try:
        try:
            database = ladybug.Database(str(tmp))
        except RuntimeError as error:
            raise LadybugError(
                f"{shown(tmp)}: LadybugDB cannot create a database: {_line(error)}"
            ) from None
        try:
            connection = ladybug.Connection(database)
            for statement in ddl():
                _run(connection, statement, "creating the tables")
            for label, frame in nodes.items():
                if len(frame):
                    _copy(connection, label, frame, {})
            for (kind, source, target), frame in rels.items():
                if len(frame):
                    _copy(connection, kind, frame, {"from": source, "to": target})
            _run(connection, "CHECKPOINT", "checkpointing")
            connection.close()
        finally:
            database.close()
        if Path(f"{tmp}.wal").exists() and Path(f"{tmp}.wal").stat().st_size:
            raise LadybugError(
                f"{shown(tmp)}: LadybugDB left a non-empty write-ahead log after CHECKPOINT"
            )
        seconds = time.perf_counter() - started
        _remove(Path(f"{path}.wal"))  # a stale log must never be replayed into the new file
        os.replace(tmp, path)
    finally:
        _remove(tmp)
    node_counts = {label: len(nodes[label]) for label in NODES}
    rel_counts = {kind: 0 for kind in RELATIONSHIPS}
    for (kind, _, _), frame in rels.items():
        rel_counts[kind] += len(frame)
    rows = sum(node_counts.values()) + sum(rel_counts.values())
    return {
        "path": str(path),
        "nodes": node_counts,
        "relationships": rel_counts,
        "rows": rows,
        "seconds": round(seconds, 3),
        "rows_per_second": round(rows / seconds) if seconds > 0 else 0,
    }


def _q(name: str) -> str:
    """A schema identifier in backticks (`column` is a reserved word in LadybugDB)."""
    return f"`{_checked(name)}`"


def _checked(name: str) -> str:
    if not _IDENT.match(name):
        raise LadybugError(f"schema identifier {name!r} is not a plain name")
    return name


def _check_target(path: Path, replace: bool) -> None:
    if path.is_dir():
        raise UsageError(
            f"{shown(path)} is a directory; a LadybugDB database is one file: give a file path "
            f"such as {shown(path / 'kg.lbug')}"
        )
    wal = Path(f"{path}.wal")
    taken = (path.exists() and path.stat().st_size > 0) or wal.exists()
    if taken and not replace:
        raise UsageError(
            f"{shown(path)} already exists; replace it explicitly or choose another path"
        )


def _remove(path: Path) -> None:
    for p in (path, Path(f"{path}.wal"), Path(f"{path}.lock"), Path(f"{path}.shadow")):
        if p.is_file() or p.is_symlink():
            p.unlink()


def _run(connection, statement: str, doing: str, parameters: dict | None = None):
    try:
        return connection.execute(statement, parameters or {})
    except (RuntimeError, ValueError, TypeError) as error:  # UnicodeError is a ValueError
        raise LadybugError(f"LadybugDB failed {doing}: {_line(error)}") from None


def _line(error: BaseException) -> str:
    return " ".join(str(error).split())


def _copy(connection, table: str, frame, options: dict[str, str]) -> None:
    opts = ", ".join(f"{key}='{_checked(label)}'" for key, label in options.items())
    statement = f"COPY {_q(table)} FROM $rows" + (f" ({opts})" if opts else "")
    where = f" {options['from']} -> {options['to']}" if options else ""
    _run(connection, statement, f"loading {table}{where}", {"rows": frame})


def _tables(graph: nx.MultiDiGraph):
    """Graph to one DataFrame per node table and per (type, source label, target label)."""
    import pandas as pd

    try:
        tables = graph_tables(graph)
    except SchemaMismatch as error:
        raise LadybugError(str(error)) from None
    nodes = {
        label: _frame(pd, tables.node_columns(label), rows) for label, rows in tables.nodes.items()
    }
    rels = {
        group: _frame(pd, tables.relationship_columns(group[0]), rows)
        for group, rows in tables.relationships.items()
    }
    return nodes, rels


def _frame(pd, columns: list[str], rows: list[tuple]):
    # object dtype everywhere: pandas 3's inferred `str` dtype makes ladybug read 'nan'.
    data = {c: pd.Series([r[i] for r in rows], dtype=object) for i, c in enumerate(columns)}
    return pd.DataFrame(data, columns=columns)
