"""Commands on a graph: ``kg build``, ``kg query``, ``kg sparql``, ``kg ask``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import (
    _AS_JSON,
    _CONFIG,
    _DATE,
    _DB,
    _FORMAT,
    _HOME,
    _JOBS,
    _NER,
    _NEWSPAPER,
    _PATHS,
    _QUIET,
    _RULES,
    _answer,
    _checked_date,
    _ner_mode,
    _output_format,
    _params,
    _print_rows,
    _progress,
    _say,
    _state,
    _vocabulary,
    app,
)
from kg.io import Metadata, shown


@app.command("build")
def build_command(
    paths: Annotated[list[Path], _PATHS],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Directory to write the graph into.", metavar="DIR")
    ],
    append: Annotated[
        bool,
        typer.Option(
            "--append", help="Merge into the graph already in DIR (same entity, same id)."
        ),
    ] = False,
    jobs: Annotated[int, _JOBS] = 1,
    newspaper: Annotated[
        str | None,
        _NEWSPAPER,
    ] = None,
    date: Annotated[
        str | None,
        _DATE,
    ] = None,
    home: Annotated[str | None, _HOME] = None,
    config: Annotated[Path | None, _CONFIG] = None,
    rules: Annotated[Path | None, _RULES] = None,
    ner: Annotated[str, _NER] = "all",
    quiet: Annotated[bool, _QUIET] = False,
) -> None:
    """Build one graph from PATH... into DIR: node-link JSON, RDF (Turtle, TriG, JSON-LD),
    an embedded Cypher database, a SPARQL store, GraphML and a build report (kg-build.json).

    A DIR that exists must be a graph kg built (it is rebuilt, or with --append extended);
    any other non-empty directory is refused. One build at a time per DIR (another is
    refused); DIR keeps its previous graph until the new one is complete, so an
    interrupted build is simply run again. Exit code 1 when nothing could be read.
    """
    from kg.builder import MANIFEST, build

    quiet = quiet or _state["quiet"]
    defaults = Metadata(newspaper=newspaper, date=_checked_date(date))
    vocabulary, home_code = _vocabulary(config, rules, home, quiet)
    report = build(
        paths,
        out,
        jobs=jobs,
        ner=_ner_mode(ner),
        append=append,
        defaults=defaults,
        home=home_code,
        vocabulary=vocabulary,
        progress=None if quiet else _progress,
    )
    for problem in report.problems:
        _say("error", problem)
    nodes = ", ".join(f"{n} {label}" for label, n in report.nodes.items())
    edges = sum(report.edges.values())
    typer.echo(
        f"{shown(out)}: {nodes}; {edges} relationships ({sum(report.timings.values()):.1f} s)"
    )
    if report.merged:
        typer.echo(
            f"{shown(out)}: {len(report.merged)} earlier nodes now folded into another "
            f"(e.g. {report.merged[0]['label']} {report.merged[0]['name']}); old ids stay in "
            f"merged_ids, the list is in {MANIFEST}"
        )
    if not report.inputs:
        raise typer.Exit(1)


@app.command("query")
def query_command(
    cypher: Annotated[
        str,
        typer.Argument(
            help="One Cypher statement (LadybugDB dialect, docs/SCHEMA.md).", metavar="CYPHER"
        ),
    ],
    db: Annotated[Path, _DB],
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="A parameter as NAME=VALUE (repeatable)."),
    ] = None,
    fmt: Annotated[str, _FORMAT] = "table",
    as_json: Annotated[bool, _AS_JSON] = False,
) -> None:
    """Run Cypher on a graph directory's embedded store (no server). Values go in as
    $NAME parameters. Exit code 2 when the engine refuses the query."""
    from kg.builder import CYPHER_DB, check_graph_dir
    from kg.query.cypher import run_cypher

    fmt = _output_format(fmt, as_json)
    check_graph_dir(db, CYPHER_DB)
    _print_rows(*_answer(lambda: run_cypher(db / CYPHER_DB, cypher, _params(param) or None)), fmt)


@app.command("sparql")
def sparql_command(
    query: Annotated[
        str, typer.Argument(help="A SPARQL 1.1 query (prefixes in docs/RDF.md).", metavar="QUERY")
    ],
    db: Annotated[Path, _DB],
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="A parameter as NAME=VALUE (repeatable)."),
    ] = None,
    fmt: Annotated[str, _FORMAT] = "table",
    as_json: Annotated[bool, _AS_JSON] = False,
) -> None:
    """Run SPARQL on a graph directory's RDF store (no server); the default graph is the
    union of all articles' graphs. Values go in bound, never into the query text: ?NAME
    in a SELECT that lists it, and kg:param("NAME") anywhere; both are plain text
    literals (compare names with STR(?n) = ?NAME). Exit code 2 when the engine refuses
    the query."""
    from kg.builder import SPARQL_STORE, check_graph_dir
    from kg.query.sparql import run_sparql

    fmt = _output_format(fmt, as_json)
    check_graph_dir(db, SPARQL_STORE)
    values = _params(param) or None
    _print_rows(
        *_answer(lambda: run_sparql(db / SPARQL_STORE, query, values, bind_variables=True)), fmt
    )


@app.command("ask")
def ask_command(
    name: Annotated[
        str | None, typer.Argument(help="A question from the catalog (see --list).", metavar="NAME")
    ] = None,
    db: Annotated[Path | None, _DB] = None,
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="A parameter as NAME=VALUE (repeatable)."),
    ] = None,
    engine: Annotated[
        str, typer.Option(help="cypher (embedded store) or sparql (RDF store).")
    ] = "cypher",
    fmt: Annotated[str, _FORMAT] = "table",
    as_json: Annotated[bool, _AS_JSON] = False,
    list_: Annotated[
        bool, typer.Option("--list", help="List the research questions and their parameters.")
    ] = False,
) -> None:
    """Answer a research question: theme-party-days, events-by-county, organizers,
    positions, people-in-news, evidence. Both engines give the same rows."""
    from kg.query.catalog import QUESTIONS, ask

    if list_:
        for question in QUESTIONS.values():
            params = " ".join(f"--param {p}=…" for p in question.params)
            typer.echo(f"{question.name}  {params}\n    {question.description}")
        return
    if name is None or db is None:
        raise typer.BadParameter("give a question NAME and --db DIR (or --list)")
    fmt = _output_format(fmt, as_json)
    if engine in ("cypher", "sparql"):  # a damaged store is one line, not a traceback
        from kg.builder import CYPHER_DB, SPARQL_STORE, check_graph_dir

        check_graph_dir(db, CYPHER_DB if engine == "cypher" else SPARQL_STORE)
    _print_rows(*_answer(lambda: ask(db, name, _params(param) or None, engine)), fmt)
