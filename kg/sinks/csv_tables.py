"""The graph as tidy tables for pandas, R or a spreadsheet (``kg export tables``).

OUT holds one CSV file per node label (``Organization.csv`` …) and one per relationship
type (``ORGANIZED.csv`` …), every one of them even when empty, UTF-8 with a header row;
docs/SCHEMA.md lists the columns:

- a node table: the label's properties in schema order: ``id``, then ``name`` (an
  article's ``title``), then the rest;
- a relationship table: ``source`` and ``target`` (node ids), ``source_label`` and
  ``target_label``, the type's own properties, then one statement of its evidence per
  row: ``article`` (an id), ``sentence``, ``start`` and ``end`` (character offsets in the
  article's text) and ``rule``. A relationship without statements (MENTIONS) is one row
  with those cells empty; one with several is several rows, so count relationships as
  distinct (source, target, properties).

A missing value is an empty cell, a list JSON text, a date YYYY-MM-DD. CSV only: Parquet
would need pyarrow, which kg does not depend on (``pandas.read_csv(f).to_parquet(…)``
where it is installed).
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable
from pathlib import Path

from kg.errors import KGError
from kg.graph.schema import EVIDENCE, NODES, RELATIONSHIPS
from kg.graph.tables import GraphTables, graph_tables
from kg.io.names import shown
from kg.query.table import cell_text
from kg.sinks.nodelink import read_json

__all__ = [
    "EVIDENCE_COLUMNS",
    "TableExportError",
    "node_columns",
    "relationship_columns",
    "write_tables",
]

EVIDENCE_COLUMNS = ("article", "sentence", "start", "end", "rule")
FILES = {f"{name}.csv" for name in (*NODES, *RELATIONSHIPS)}  # every file an export writes


class TableExportError(KGError):
    """OUT cannot be used: it is a file, or holds files an export did not write."""


def node_columns(label: str) -> list[str]:
    return [p.name for p in NODES[label].properties]


def relationship_columns(kind: str) -> list[str]:
    rel = RELATIONSHIPS[kind]
    evidence = EVIDENCE_COLUMNS if rel.evidence else ()
    own = [p.name for p in rel.properties]
    return ["source", "target", "source_label", "target_label", *own, *evidence]


def write_tables(directory: str | os.PathLike[str], out: str | os.PathLike[str]) -> dict:
    """Write the graph of a ``kg build`` directory as tidy CSV tables into ``out``.

    Returns:
        Rows written per file name.

    Raises:
        BuildError: ``directory`` is not a graph directory kg can read.
        TableExportError: ``out`` is a file or holds other files (they are left alone).
    """
    from kg.builder import GRAPH_JSON, check_graph_dir

    directory, out = Path(directory), Path(out)
    check_graph_dir(directory)
    _check_out(out)
    tables = graph_tables(read_json(directory / GRAPH_JSON))
    rows = {}
    try:
        out.mkdir(parents=True, exist_ok=True)
        for label, table in tables.nodes.items():
            rows[f"{label}.csv"] = _write(out / f"{label}.csv", node_columns(label), table)
        for kind in RELATIONSHIPS:
            rows[f"{kind}.csv"] = _write(
                out / f"{kind}.csv", relationship_columns(kind), _relationship_rows(tables, kind)
            )
    except OSError as error:
        raise TableExportError(f"{shown(out)}: cannot write: {error.strerror or error}") from None
    return rows


def _relationship_rows(tables: GraphTables, kind: str) -> list[tuple]:
    own = len(RELATIONSHIPS[kind].properties)
    rows = []
    for (group_kind, source_label, target_label), group in tables.relationships.items():
        if group_kind != kind:
            continue
        for source, target, *values in group:
            head = (source, target, source_label, target_label, *values[:own])
            if not RELATIONSHIPS[kind].evidence:
                rows.append(head)
                continue
            statements = _statements(values[own : own + len(EVIDENCE)])
            rows += [head + statement for statement in statements] or [head + (None,) * 5]
    return sorted(rows, key=lambda row: row[:2])  # stable: groups keep their order


def _statements(evidence: list) -> list[tuple]:
    """(article, sentence, start, end, rule) per statement of the parallel evidence lists."""
    articles, sentences, spans, rules = ([] if v is None else v for v in evidence)
    return [
        (article, sentence, *_span(span), rule)
        for article, sentence, span, rule in zip(articles, sentences, spans, rules, strict=True)
    ]


def _span(span: str | None) -> tuple[int | None, int | None]:
    start, _, end = (span or "").partition(":")
    return (int(start), int(end)) if start.isdigit() and end.isdigit() else (None, None)


def _write(path: Path, columns: list[str], rows: Iterable[tuple]) -> int:
    """Write one table under a temporary name, then put it in place."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    count = 0
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(columns)
            for row in rows:
                writer.writerow(_cells(row))
                count += 1
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return count


def _cells(row: tuple) -> list[str]:
    # dates are datetime.date here (graph_tables types them); str() is YYYY-MM-DD
    return [cell_text(value) for value in row]


def _check_out(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise TableExportError(f"{shown(out)}: exists and is not a directory")
    others = sorted(p.name for p in out.iterdir() if p.name not in FILES) if out.is_dir() else []
    if others:
        raise TableExportError(
            f"{shown(out)}: holds files `kg export tables` did not write "
            f"({', '.join(others[:3])}{' …' if len(others) > 3 else ''}); "
            "choose an empty or new directory"
        )
