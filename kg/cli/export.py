"""``kg export``: a graph directory in the formats of other tools (``kg export neo4j-admin``,
``tables``, ``gexf``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import _QUIET, _state, app

export_app = typer.Typer(
    help="Write a graph directory in the formats of other tools.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(export_app, name="export")


@export_app.command("neo4j-admin")
def neo4j_admin_command(
    directory: Annotated[
        Path, typer.Argument(help="A graph directory made by `kg build`.", metavar="DIR")
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Directory for the CSV files (default: DIR/neo4j-admin).",
            metavar="OUT",
        ),
    ] = None,
    database: Annotated[
        str,
        typer.Option(
            help="The database neo4j-admin creates (Community serves only neo4j).",
            metavar="NAME",
        ),
    ] = "neo4j",
    import_dir: Annotated[
        str | None,
        typer.Option(
            "--import-dir",
            help="Where neo4j-admin sees OUT, e.g. /import in docker/compose.yaml "
            "(default: OUT, absolute).",
            metavar="PATH",
        ),
    ] = None,
    overwrite: Annotated[
        bool,
        typer.Option(
            "--overwrite-destination",
            help="Print the command with --overwrite-destination=true: it replaces an "
            "existing database.",
        ),
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Write into a non-empty OUT that kg did not write (its files stay)."
        ),
    ] = False,
    quiet: Annotated[bool, _QUIET] = False,
) -> None:
    """Write DIR's graph as CSV files for `neo4j-admin database import full` (Neo4j 5) and
    print the import command on stdout: the fastest first load of a large corpus into an
    empty database. Messages go to stderr. Exit code 1 when DIR or OUT cannot be used."""
    from kg.errors import UsageError
    from kg.io import shown
    from kg.sinks.neo4j_admin import check_database_name, import_command, write_admin_csv

    try:
        check_database_name(database)
    except UsageError as error:
        raise typer.BadParameter(str(error), param_hint="--database") from None
    out = out if out is not None else directory / "neo4j-admin"
    summary = write_admin_csv(directory, out, force=force)
    if not (quiet or _state["quiet"]):
        nodes, rels = sum(summary.nodes.values()), sum(summary.relationships.values())
        typer.echo(
            f"{shown(out)}: {len(summary.files)} files, {nodes} nodes, {rels} relationships; "
            "import into a stopped or new database with:",
            err=True,
        )
    typer.echo(import_command(out, database, import_dir=import_dir, overwrite=overwrite))


_DIR = typer.Argument(help="A graph directory made by `kg build`.", metavar="DIR")


@export_app.command("tables")
def tables_command(
    directory: Annotated[Path, _DIR],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="Directory for the CSV files (default: DIR/tables).", metavar="OUT"
        ),
    ] = None,
    quiet: Annotated[bool, _QUIET] = False,
) -> None:
    """Write DIR's graph as tidy tables for pandas, R or a spreadsheet: one CSV per node
    label (id, name, every property) and per relationship type (source and target ids,
    their labels, properties, one row per evidence statement: article, sentence, start,
    end, rule); UTF-8, a header row, lists as JSON text. Columns: docs/SCHEMA.md. CSV
    only (Parquet would need pyarrow). Exit code 1 when DIR or OUT cannot be used."""
    from kg.io import shown
    from kg.sinks.csv_tables import write_tables

    out = out if out is not None else directory / "tables"
    rows = write_tables(directory, out)
    if not (quiet or _state["quiet"]):
        typer.echo(f"{shown(out)}: {len(rows)} files, {sum(rows.values())} rows", err=True)


@export_app.command("gexf")
def gexf_command(
    directory: Annotated[Path, _DIR],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="The GEXF file (default: DIR/graph.gexf).", metavar="FILE"
        ),
    ] = None,
    quiet: Annotated[bool, _QUIET] = False,
) -> None:
    """Write DIR's graph as GEXF 1.2 for Gephi: each node labelled with its name (an
    article's title), its kind in node_type; each edge labelled with its type; lists as
    JSON text. Exit code 1 when DIR or FILE cannot be used."""
    from kg.builder import GRAPH_JSON, check_graph_dir
    from kg.io import shown
    from kg.sinks.nodelink import read_json, write_gexf

    check_graph_dir(directory)
    out = out if out is not None else directory / "graph.gexf"
    graph = read_json(directory / GRAPH_JSON)
    _write_file(out, lambda path: write_gexf(graph, path))
    if not (quiet or _state["quiet"]):
        typer.echo(
            f"{shown(out)}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges",
            err=True,
        )


def _write_file(out: Path, write) -> None:
    """Write ``out`` under a temporary name, then put it in place (one line on failure)."""
    import os

    from kg.errors import KGError
    from kg.io import shown

    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        write(tmp)
        os.replace(tmp, out)
    except OSError as error:
        raise KGError(f"{shown(out)}: cannot write: {error.strerror or error}") from None
    finally:
        tmp.unlink(missing_ok=True)
