"""``kg export``: a graph directory in the formats of other tools (``kg export neo4j-admin``)."""

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
            f"{out}: {len(summary.files)} files, {nodes} nodes, {rels} relationships; "
            "import into a stopped or new database with:",
            err=True,
        )
    typer.echo(import_command(out, database, import_dir=import_dir, overwrite=overwrite))
