"""``kg load``: a graph directory into Neo4j 5 over Bolt (see kg.sinks.neo4j, docs/NEO4J.md)."""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import _QUIET, _say, _state, _stderr_console, app
from kg.errors import UsageError

PASSWORD_VARIABLE = "NEO4J_PASSWORD"


@app.command("load")
def load_command(
    directory: Annotated[
        Path,
        typer.Argument(help="A graph directory made by `kg build`.", metavar="DIR"),
    ],
    uri: Annotated[
        str,
        typer.Option(
            help="The server: bolt://HOST:7687, neo4j://HOST:7687 (+s/+ssc for TLS).",
            envvar="NEO4J_URI",
            metavar="URI",
        ),
    ],
    user: Annotated[
        str, typer.Option(help="User name.", envvar="NEO4J_USER", metavar="NAME")
    ] = "neo4j",
    database: Annotated[
        str | None,
        typer.Option(
            help="Database to load into (default: the user's home database).",
            envvar="NEO4J_DATABASE",
            metavar="NAME",
        ),
    ] = None,
    batch_size: Annotated[
        int, typer.Option("--batch-size", help="Rows per transaction.", min=1, metavar="N")
    ] = 1000,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    quiet: Annotated[bool, _QUIET] = False,
) -> None:
    """Load DIR's graph into Neo4j 5: constraints and indexes first, then nodes and
    relationships in batched, retried transactions. Loading again changes nothing; a DIR
    grown with `kg build --append` adds only what is new; a load cut off and run again
    converges. The password is read from NEO4J_PASSWORD (or asked for at a terminal);
    it is never printed. Exit code 1 when the server cannot be reached or refuses."""
    from kg.sinks.neo4j import check_uri, load_neo4j, redact, shown_uri

    quiet = quiet or _state["quiet"]
    try:
        check_uri(uri)
    except UsageError as error:
        raise typer.BadParameter(str(error), param_hint="--uri") from None
    password = _password()
    with (
        _driver_notices(quiet, lambda text: redact(text, uri, password)),
        _progress_bar(not quiet and sys.stderr.isatty()) as progress,
    ):
        summary = load_neo4j(
            directory,
            uri,
            user,
            password,
            database=database,
            batch_size=batch_size,
            progress=progress,
        )
    if as_json:
        typer.echo(json.dumps(summary.to_dict(), ensure_ascii=False, indent=1))
        return
    from kg.query.table import format_table

    rows = [["node", label, *counts.values()] for label, counts in summary.nodes.items()] + [
        ["relationship", kind, *counts.values()] for kind, counts in summary.relationships.items()
    ]
    typer.echo(format_table(["", "label/type", "created", "updated", "unchanged"], rows))
    typer.echo(f"{directory} -> {shown_uri(uri)} ({summary.server}): {summary}")


def _password() -> str:
    password = os.environ.get(PASSWORD_VARIABLE)
    if password:
        return password
    if sys.stdin.isatty():
        return typer.prompt("Neo4j password", hide_input=True, err=True)
    raise UsageError(
        f"no password: set {PASSWORD_VARIABLE} (kg never takes it on the command line)"
    )


@contextmanager
def _driver_notices(quiet: bool, redact: Callable[[str], str]):
    """The driver's retry notices as one-line warnings (none with --quiet), passed through
    ``redact`` (they may quote the URI); its ERROR records about dead connections are left
    out: the final error says what happened."""
    logger = logging.getLogger("neo4j")
    handler = _OneLineWarnings(redact)
    saved = logger.level, logger.propagate
    logger.setLevel(logging.CRITICAL + 1 if quiet else logging.WARNING)
    logger.propagate = False
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


class _OneLineWarnings(logging.Handler):
    def __init__(self, redact: Callable[[str], str]):
        super().__init__()
        self.redact = redact

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno == logging.WARNING:
            text = self.redact(" ".join(record.getMessage().split()))
            _say("warning", "neo4j driver: " + text)


class _progress_bar:
    """A rich progress bar on stderr, or nothing; yields the callback load_neo4j calls."""

    def __init__(self, shown: bool):
        self.shown, self.bar, self.task = shown, None, None

    def __enter__(self):
        if not self.shown:
            return None
        from rich.progress import Progress

        self.bar = Progress(console=_stderr_console(), transient=True)
        self.bar.start()
        self.task = self.bar.add_task("loading", total=None)
        return self.update

    def update(self, what: str, done: int, total: int) -> None:
        self.bar.update(self.task, description=what, completed=done, total=total)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()
