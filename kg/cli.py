"""The ``kg`` command line: thin wrappers that parse options, call the library and report.

Exit codes (all commands): 0 success; 1 nothing could be done (e.g. no input
file could be read); 2 bad usage (unknown option, invalid value).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from kg import __version__
from kg.errors import KGError
from kg.ingest import Article, read_articles
from kg.io import Metadata, parse_date

eval_app = typer.Typer(
    help="Measure kg's accuracy against gold annotations.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

app = typer.Typer(
    name="kg",
    help="Turn Chinese party-building (党建) news into a knowledge graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

app.add_typer(eval_app, name="eval")
_state = {"quiet": False}

_PATHS = typer.Argument(
    help="Files or directories (walked recursively: .txt pages or articles, .jsonl corpora).",
    metavar="PATH",
    show_default=False,
)
_HOME_HELP = (
    "The newspaper's home prefecture (name or NBS code, e.g. 昌吉回族自治州 or 6523): "
    "what 全州 and 州 stand for. By default, the prefecture the article's places lie in."
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kg {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print kg's version and exit."
        ),
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bars or warnings; errors only.")
    ] = False,
) -> None:
    """kg reads newspaper pages, single articles and JSONL corpora, and builds a graph
    of organizations, places, people and events, every fact tied to its sentence."""
    _state["quiet"] = quiet


@app.command("articles")
def articles_command(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Files or directories (walked recursively: .txt pages or articles, .jsonl corpora).",
            metavar="PATH",
            show_default=False,
        ),
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON document (a list of articles).")
    ] = False,
    newspaper: Annotated[
        str | None,
        typer.Option(help="Newspaper name, where a file does not say it.", metavar="NAME"),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(help="Publication date, where a file does not say it.", metavar="YYYY-MM-DD"),
    ] = None,
    page: Annotated[
        str | None,
        typer.Option(help="Page number or name, where a file does not say it.", metavar="PAGE"),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bars or warnings; errors only.")
    ] = False,
) -> None:
    """Read newspaper text and print the articles found: title, byline, captions, paragraphs.

    Metadata, most specific first: a JSONL record's fields; a sidecar NAME.json
    beside NAME.txt; a file name such as 20200103-11-05.txt (date, page,
    article); then --newspaper/--date/--page.

    Each file that cannot be read is reported on one line (file: reason) and the
    others are still read. Exit code 1 only when nothing at all could be read.
    """
    quiet = quiet or _state["quiet"]
    defaults = Metadata(newspaper=newspaper, date=_checked_date(date), page=page)
    result = read_articles(paths, defaults, progress=None if quiet else _progress)
    _report(result.problems, quiet)
    if as_json:
        json.dump([a.to_dict() for a in result.articles], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        for n, article in enumerate(result.articles, start=1):
            typer.echo(_summary(n, article))
        typer.echo(
            f"{len(result.articles)} articles from {result.files} of {result.files + _failed(result)} inputs"
        )
    if not result.articles:
        raise typer.Exit(1)


@app.command("extract")
def extract_command(
    paths: Annotated[list[Path], _PATHS],
    as_json: Annotated[
        bool,
        typer.Option(
            "--json", help="Print one JSON document: articles with entities, events, relations."
        ),
    ] = False,
    newspaper: Annotated[
        str | None,
        typer.Option(help="Newspaper name, where a file does not say it.", metavar="NAME"),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(help="Publication date, where a file does not say it.", metavar="YYYY-MM-DD"),
    ] = None,
    page: Annotated[
        str | None,
        typer.Option(help="Page number or name, where a file does not say it.", metavar="PAGE"),
    ] = None,
    home: Annotated[str | None, typer.Option(help=_HOME_HELP, metavar="PREFECTURE")] = None,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", help="Worker processes (0: one per core).", min=0)
    ] = 1,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bars or warnings; errors only.")
    ] = False,
) -> None:
    """Extract organizations, places, people and events, each fact with its evidence sentence.

    Reads the same inputs as `kg articles`. Each file that cannot be read is
    reported on one line and the others are still read; exit code 1 only when
    nothing could be read. The JSON shape is in docs/SCHEMA.md.
    """
    from kg import __version__ as version
    from kg.extract import extract_articles
    from kg.extract.output import document

    quiet = quiet or _state["quiet"]
    defaults = Metadata(newspaper=newspaper, date=_checked_date(date), page=page)
    read = read_articles(paths, defaults, progress=None if quiet else _progress)
    _report(read.problems, quiet)
    results = extract_articles(read.articles, _home_code(home), jobs)
    if as_json:
        json.dump(
            document(results, version, results[0].rules_version if results else ""),
            sys.stdout,
            ensure_ascii=False,
            indent=1,
        )
        sys.stdout.write("\n")
    else:
        for n, result in enumerate(results, start=1):
            typer.echo(_extraction_summary(n, result))
    if not read.articles:
        raise typer.Exit(1)


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
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", help="Worker processes (0: one per core).", min=0)
    ] = 1,
    newspaper: Annotated[
        str | None,
        typer.Option(help="Newspaper name, where a file does not say it.", metavar="NAME"),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(help="Publication date, where a file does not say it.", metavar="YYYY-MM-DD"),
    ] = None,
    home: Annotated[str | None, typer.Option(help=_HOME_HELP, metavar="PREFECTURE")] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bars or warnings; errors only.")
    ] = False,
) -> None:
    """Build one graph from PATH... into DIR: node-link JSON, RDF (Turtle, TriG, JSON-LD),
    an embedded Cypher database, a SPARQL store, GraphML and a build report (kg-build.json).

    A DIR that exists must be a graph kg built (it is rebuilt, or with --append extended);
    any other non-empty directory is refused. Exit code 1 when nothing could be read.
    """
    from kg.builder import build

    quiet = quiet or _state["quiet"]
    defaults = Metadata(newspaper=newspaper, date=_checked_date(date))
    report = build(
        paths,
        out,
        jobs=jobs,
        append=append,
        defaults=defaults,
        home=_home_code(home),
        progress=None if quiet else _progress,
    )
    for problem in report.problems:
        _say("error", problem)
    nodes = ", ".join(f"{n} {label}" for label, n in report.nodes.items())
    edges = sum(report.edges.values())
    typer.echo(f"{out}: {nodes}; {edges} relationships ({sum(report.timings.values()):.1f} s)")
    if not report.inputs:
        raise typer.Exit(1)


_DB = typer.Option("--db", help="A graph directory made by `kg build`.", metavar="DIR")
_AS_JSON = typer.Option("--json", help="Print a JSON list of row objects keyed by column name.")


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
    as_json: Annotated[bool, _AS_JSON] = False,
) -> None:
    """Run Cypher on a graph directory's embedded store (no server). Values go in as
    $NAME parameters. Exit code 2 when the engine refuses the query."""
    from kg.builder import CYPHER_DB, check_graph_dir
    from kg.query.cypher import run_cypher

    check_graph_dir(db)
    _print_rows(
        *_answer(lambda: run_cypher(db / CYPHER_DB, cypher, _params(param) or None)), as_json
    )


@app.command("sparql")
def sparql_command(
    query: Annotated[
        str, typer.Argument(help="A SPARQL 1.1 query (prefixes in docs/RDF.md).", metavar="QUERY")
    ],
    db: Annotated[Path, _DB],
    as_json: Annotated[bool, _AS_JSON] = False,
) -> None:
    """Run SPARQL on a graph directory's RDF store (no server); the default graph is the
    union of all articles' graphs. Exit code 2 when the engine refuses the query."""
    from kg.builder import SPARQL_STORE, check_graph_dir
    from kg.query.sparql import run_sparql

    check_graph_dir(db)
    _print_rows(*_answer(lambda: run_sparql(db / SPARQL_STORE, query)), as_json)


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
    _print_rows(*_answer(lambda: ask(db, name, _params(param) or None, engine)), as_json)


def _params(pairs: list[str] | None) -> dict[str, str]:
    values = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise typer.BadParameter(f"'{pair}' is not NAME=VALUE", param_hint="--param")
        values[key.strip()] = value
    return values


def _answer(run):
    from kg.errors import QueryError

    try:
        return run()
    except QueryError as error:
        _say("error", str(error))
        raise typer.Exit(2) from None


def _print_rows(columns: list[str], rows: list[list], as_json: bool) -> None:
    from kg.query.table import format_table

    if as_json:
        json.dump(
            [dict(zip(columns, row, strict=True)) for row in rows],
            sys.stdout,
            ensure_ascii=False,
            indent=1,
        )
        sys.stdout.write("\n")
    else:
        typer.echo(format_table(columns, rows))
        typer.echo(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")


@eval_app.command("extract")
def eval_extract_command(
    gold: Annotated[
        Path,
        typer.Argument(help="Gold annotations (JSONL, tests/gold/README.md).", show_default=False),
    ],
    paths: Annotated[list[Path], _PATHS],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the scores as one JSON document.")
    ] = False,
    home: Annotated[str | None, typer.Option(help=_HOME_HELP, metavar="PREFECTURE")] = None,
    errors: Annotated[
        bool,
        typer.Option("--errors", help="Also list each article's false positives and negatives."),
    ] = False,
) -> None:
    """Extract PATH... and score it against GOLD: precision, recall and F1 per entity type,
    for event tuples (organizer, type, county, date), positions, authors and photographers."""
    from kg import __version__ as version
    from kg.eval import evaluate, format_report, load_gold
    from kg.extract import extract_articles
    from kg.extract.output import document

    reference = load_gold([gold])
    read = read_articles(paths, progress=None if _state["quiet"] else _progress)
    _report(read.problems, _state["quiet"])
    results = extract_articles(read.articles, _home_code(home))
    report = evaluate(
        reference, document(results, version, results[0].rules_version if results else "")
    )
    if as_json:
        json.dump(report.to_dict(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        typer.echo(format_report(report, errors=errors))
    if not read.articles:
        raise typer.Exit(1)


def _report(problems, quiet: bool) -> None:
    for problem in problems:
        if problem.fatal or not quiet:
            _say("error" if problem.fatal else "warning", str(problem))


def _home_code(home: str | None) -> str | None:
    if home is None:
        return None
    from kg.resolve.places import Gazetteer

    gazetteer = Gazetteer.load()
    text = home.strip()
    codes = [text] if text in gazetteer else []
    codes += [
        c for m in gazetteer.find(text) if (m.start, m.end) == (0, len(text)) for c in m.candidates
    ]
    code = next((c for c in codes if gazetteer.get(c).level == "prefecture"), None)
    if code is None:
        raise typer.BadParameter(
            f"'{home}' is not a prefecture-level unit (name or NBS code)", param_hint="--home"
        )
    return code


def _extraction_summary(n: int, result) -> str:
    a = result.article
    lines = [f"[{n}] {a.title or '(untitled)'}  ({a.id})"]
    for kind in ("Organization", "Place", "Person"):
        names = [e.name for e in result.entities.values() if e.type == kind]
        if names:
            lines.append(f"    {kind}: {'、'.join(names)}")
    for event in result.events:
        who = "、".join(f"{name}（{role}）" for name, role in event.organizers) or "-"
        when = event.date or event.date_text or "-"
        lines.append(
            f"    Event {event.type}: {event.name or '(unnamed)'} | {who} | {event.county or '-'} | {when}"
        )
    for r in result.relations:
        if r.type == "HOLDS_POSITION":
            lines.append(f"    {r.source[1]} holds {dict(r.props)['title']} at {r.target[1]}")
    return "\n".join(lines)


def _checked_date(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--date") from None


def _failed(result) -> int:
    return len({p.path.split(":")[0] for p in result.errors})


def _summary(n: int, a: Article) -> str:
    people = ", ".join(f"{p.name}（{p.role or '摄'}）" for p in a.authors) or "-"
    photos = ", ".join(p.name for p in a.photographers)
    where = " ".join(
        x
        for x in (
            a.newspaper,
            a.date,
            f"page {a.page}" if a.page else None,
            f"#{a.seq}" if a.seq else None,
        )
        if x
    )
    lines = [
        f"[{n}] {a.title or '(untitled)'}",
        f"    id {a.id}  {a.file}" + (f"  {where}" if where else ""),
    ]
    if a.subtitle:
        lines.append(f"    subtitle: {a.subtitle}")
    if a.column:
        lines.append(f"    column: {a.column}")
    lines.append(f"    by: {people}" + (f"  photos: {photos}" if photos else ""))
    for caption in a.captions:
        lines.append(f"    caption: {caption.text[:40]}{'…' if len(caption.text) > 40 else ''}")
    if a.source:
        lines.append(f"    source: {a.source.name}")
    body = sum(p.end - p.start for p in a.paragraphs)
    lines.append(f"    {len(a.paragraphs)} paragraphs, {body:,} characters")
    if a.duplicates:
        lines.append(
            f"    removed {len(a.duplicates)} duplicated passage(s) printed twice by the layout"
        )
    return "\n".join(lines)


def _progress(files):
    if len(files) < 2 or not sys.stderr.isatty():
        return files
    from rich.progress import track

    return track(files, description="reading", transient=True, console=_stderr_console())


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


def _say(level: str, message: str) -> None:
    typer.echo(f"kg: {level}: {message}", err=True)


def main() -> None:
    """Entry point of the ``kg`` console script."""
    try:
        app()
    except KGError as error:
        _say("error", str(error))
        sys.exit(1)
    except BrokenPipeError:  # `kg articles … | head`
        sys.stderr.close()
        sys.exit(0)
