"""Commands that read text: ``kg articles``, ``kg extract``, ``kg eval extract``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import (
    _CONFIG,
    _DATE,
    _HOME,
    _JOBS,
    _NER,
    _NEWSPAPER,
    _PAGE,
    _PATHS,
    _QUIET,
    _RULES,
    _checked_date,
    _ner_mode,
    _progress,
    _report,
    _state,
    _vocabulary,
    app,
    eval_app,
)
from kg.ingest import Article, read_articles
from kg.io import Metadata


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
        _NEWSPAPER,
    ] = None,
    date: Annotated[
        str | None,
        _DATE,
    ] = None,
    page: Annotated[
        str | None,
        _PAGE,
    ] = None,
    quiet: Annotated[bool, _QUIET] = False,
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
        _NEWSPAPER,
    ] = None,
    date: Annotated[
        str | None,
        _DATE,
    ] = None,
    page: Annotated[
        str | None,
        _PAGE,
    ] = None,
    home: Annotated[str | None, _HOME] = None,
    config: Annotated[Path | None, _CONFIG] = None,
    rules: Annotated[Path | None, _RULES] = None,
    jobs: Annotated[int, _JOBS] = 1,
    ner: Annotated[str, _NER] = "all",
    quiet: Annotated[bool, _QUIET] = False,
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
    vocabulary, home_code = _vocabulary(config, rules, home, quiet)
    read = read_articles(paths, defaults, progress=None if quiet else _progress)
    _report(read.problems, quiet)
    results = extract_articles(
        read.articles, home_code, jobs, ner=_ner_mode(ner), vocabulary=vocabulary
    )
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
    home: Annotated[str | None, _HOME] = None,
    config: Annotated[Path | None, _CONFIG] = None,
    rules: Annotated[Path | None, _RULES] = None,
    errors: Annotated[
        bool,
        typer.Option("--errors", help="Also list each article's false positives and negatives."),
    ] = False,
    ner: Annotated[str, _NER] = "all",
) -> None:
    """Extract PATH... and score it against GOLD: precision, recall and F1 per entity type,
    for event tuples (organizer, type, county) with the accuracy of their dates, positions,
    authors and photographers."""
    from kg import __version__ as version
    from kg.eval import evaluate, format_report, load_gold
    from kg.extract import extract_articles
    from kg.extract.output import document

    vocabulary, home_code = _vocabulary(config, rules, home, _state["quiet"])
    reference = load_gold([gold])
    read = read_articles(paths, progress=None if _state["quiet"] else _progress)
    _report(read.problems, _state["quiet"])
    results = extract_articles(read.articles, home_code, ner=_ner_mode(ner), vocabulary=vocabulary)
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


def _failed(result) -> int:
    """Inputs that gave no article: a JSONL file with one bad line still counts as read."""
    read = {a.file for a in result.articles}
    return len({p.file for p in result.errors} - read)


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
