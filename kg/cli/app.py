"""The ``kg`` application, its shared options and helpers; commands live beside it.

Thin wrappers that parse options, call the library and report.

Exit codes (all commands): 0 success; 1 nothing could be done (e.g. no input
file could be read); 2 bad usage (unknown option, invalid value).
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from kg import __version__
from kg.errors import KGError
from kg.io import parse_date

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

# Options shared by several commands.
_NEWSPAPER = typer.Option(help="Newspaper name, where a file does not say it.", metavar="NAME")
_DATE = typer.Option(help="Publication date, where a file does not say it.", metavar="YYYY-MM-DD")
_PAGE = typer.Option(help="Page number or name, where a file does not say it.", metavar="PAGE")
_QUIET = typer.Option("--quiet", "-q", help="No progress bars or warnings; errors only.")
_JOBS = typer.Option("--jobs", "-j", help="Worker processes (0: one per core).", min=0)
_HOME = typer.Option(help=_HOME_HELP, metavar="PREFECTURE")
_NER = typer.Option(
    "--ner",
    help="The statistical tagger: all (the default: it reads every sentence, its words check "
    "the rules' names and it finds the names rules miss), gaps (only short windows where a "
    "cue says rules missed a person; ~10x faster, far fewer names) or off (rules only).",
    metavar="off|gaps|all",
)
_CONFIG = typer.Option(
    "--config",
    help="A project vocabulary file (docs/VOCABULARY.md): event types, titles, organization "
    "kinds, abbreviations, venues, places, home. Default: kg.toml in the working directory.",
    metavar="FILE",
    show_default=False,
)
_RULES = typer.Option(
    "--rules",
    help="A directory of rules files named as kg's own (event_types.toml, titles.tsv, "
    "org_kinds.tsv, org_heads.tsv, org_aliases.tsv, places.tsv), added to kg's.",
    metavar="DIR",
    show_default=False,
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
    quiet: Annotated[bool, _QUIET] = False,
) -> None:
    """kg reads newspaper pages, single articles and JSONL corpora, and builds a graph
    of organizations, places, people and events, every fact tied to its sentence."""
    _state["quiet"] = quiet


_DB = typer.Option("--db", help="A graph directory made by `kg build`.", metavar="DIR")
_AS_JSON = typer.Option("--json", help="Same as --format json.")
_FORMAT = typer.Option(
    "--format",
    "-f",
    help="table (for people), json (a list of row objects keyed by column name), or csv/tsv "
    "(UTF-8, a header row, lists and nodes as JSON text) for pandas, R or a spreadsheet.",
    metavar="table|json|csv|tsv",
)


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


def _output_format(fmt: str, as_json: bool) -> str:
    """The --format to write, with --json its alias; refuse an unknown or a contradicting one."""
    from kg.query.table import FORMATS

    if fmt not in FORMATS:
        raise typer.BadParameter(
            f"'{fmt}' is not one of {', '.join(FORMATS)}", param_hint="--format"
        )
    if as_json and fmt not in ("table", "json"):
        raise typer.BadParameter(f"--json contradicts --format {fmt}", param_hint="--json")
    return "json" if as_json else fmt


def _print_rows(columns: list[str], rows: list[list], fmt: str) -> None:
    from kg.query.table import write_rows

    if fmt != "table" and hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")  # files for other programs: UTF-8 everywhere
    try:
        write_rows(columns, rows, fmt, sys.stdout)
        sys.stdout.flush()
    except BrokenPipeError:  # `kg ask … | head`: the reader has had what it wanted
        _drop_stdout()
        raise typer.Exit(0) from None


def _drop_stdout() -> None:
    """Point stdout at /dev/null so the flush at exit does not fail on the closed pipe again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (a test runner's stdout)
        pass


def _report(problems, quiet: bool) -> None:
    for problem in problems:
        if problem.fatal or not quiet:
            _say("error" if problem.fatal else "warning", str(problem))


def _home_code(home: str | None) -> str | None:
    if home is None:
        return None
    from kg.gazetteer.places import Gazetteer

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


def _vocabulary(config, rules, home: str | None, quiet: bool = False):
    """The user's vocabulary (--config or ./kg.toml, --rules) and the home prefecture's code
    (--home, else the vocabulary's). A bad vocabulary is bad usage: one line, exit 2."""
    from kg.errors import RulesError
    from kg.vocabulary import applied, load_vocabulary

    try:
        vocabulary = load_vocabulary(config, rules)
    except RulesError as error:
        _say("error", str(error))
        raise typer.Exit(2) from None
    if vocabulary is not None and not quiet:
        _say("note", f"vocabulary {', '.join(vocabulary.files)} ({vocabulary.version})")
    with applied(vocabulary):  # --home may name a prefecture the vocabulary adds
        code = _home_code(home)
    if code is None and vocabulary is not None:
        code = vocabulary.home
    return vocabulary, code


def _ner_mode(mode: str) -> str:
    from kg.nlp.backstop import MODES

    if mode not in MODES:
        raise typer.BadParameter(f"'{mode}' is not one of {', '.join(MODES)}", param_hint="--ner")
    return mode


def _checked_date(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--date") from None


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
