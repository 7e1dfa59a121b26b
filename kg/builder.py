"""``kg build``: articles to one graph in a directory, with every sink and a build report.

DIR holds ``graph.json`` (node-link), ``graph.graphml`` (Gephi), the RDF files, the
embedded Cypher database, the SPARQL store, ``extracted.json`` (the graph before
cross-article resolution, which ``--append`` adds to) and ``kg-build.json`` — the build
report, which also marks DIR as kg's: a directory without it is refused; one made by an
incompatible version is refused for ``--append`` and rebuilt by a plain build.
``append=True`` adds new input to DIR's extracted graph and resolves the whole again
(:mod:`kg.resolve`): the same articles give the same graph whatever the order or the
batches, re-adding a file changes nothing, and the report lists the previous nodes that
a new article showed to be one with another (old ids stay in ``merged_ids``).

Writing DIR is safe against a second build, a kill and a full disk (:mod:`kg.atomic`):
one build at a time holds DIR's lock; every output is written aside and swapped in
when all are complete, the build report last, so DIR always holds a whole graph (the
previous one until the swap), and the next build cleans up after a killed one.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kg.atomic import SCRATCH, Stage, locked, pending, recover, staged
from kg.errors import BuildError, KGError
from kg.extract import extract_articles
from kg.graph.build import add_extractions, new_graph
from kg.graph.schema import SCHEMA_VERSION
from kg.ingest import read_articles
from kg.io import Metadata, shown
from kg.nlp.backstop import DEFAULT_MODE
from kg.nlp.lexicon import Lexicon
from kg.resolve import resolve
from kg.sinks.nodelink import read_json, write_graphml, write_json
from kg.vocabulary import Vocabulary, applied

MANIFEST = "kg-build.json"
FORMAT = 2  # bump when DIR's layout changes incompatibly (2: extracted.json, resolution)
GRAPH_JSON = "graph.json"
EXTRACTED_JSON = "extracted.json"  # the graph before cross-article resolution (for --append)
CYPHER_DB = "kg.lbug"  # LadybugDB: one file
SPARQL_STORE = "sparql"  # an Oxigraph store directory


@dataclass
class BuildReport:
    """What a build made: counts, versions, inputs and timings (written as kg-build.json)."""

    kg_version: str
    format: int
    schema: str
    rules_version: str
    ner: str  # the statistical backstop's mode (kg.nlp.backstop.MODES)
    nodes: dict[str, int]
    edges: dict[str, int]
    inputs: list[dict]
    timings: dict[str, float]
    problems: list[str] = field(default_factory=list)
    # with --append: nodes of the previous graph now folded into another (old id -> new id)
    merged: list[dict] = field(default_factory=list)
    # the user's vocabulary (kg.vocabulary): its version (also in rules_version) and files
    vocabulary: dict | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def build(
    paths: Iterable[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    *,
    jobs: int = 1,
    append: bool = False,
    defaults: Metadata = Metadata(),
    home: str | None = None,
    progress: Callable | None = None,
    ner: str = DEFAULT_MODE,
    vocabulary: Vocabulary | None = None,
) -> BuildReport:
    """Read, extract and resolve ``paths`` and write the graph and its sinks into ``out``.

    ``vocabulary``: a user's additions to kg's rules (:mod:`kg.vocabulary`).

    Raises:
        BuildError: ``out`` is a file, a non-empty directory kg did not make, a graph
            made by an incompatible version, or (with ``append``) holds no graph yet or
            a damaged one, or one read with other rules or another vocabulary; another
            build is writing it; or a write failed (``out`` is then unchanged).
    """
    from kg import __version__

    out = Path(out)
    _refuse_foreign(out, append)  # before the lock creates anything in DIR
    lexicon = vocabulary.lexicon() if vocabulary else Lexicon.load()
    with locked(out), applied(vocabulary):  # applied: the graph's places include the user's
        recover(out)  # finish or clean up after a build that was killed
        _remove_old_leftovers(out)
        previous = _check_out(out, append)
        if append:
            _check_rules(out, previous, lexicon.version)
        timings: dict[str, float] = {}
        clock = time.perf_counter()

        read = read_articles(list(paths), defaults, progress=progress)
        timings["read"] = _lap(clock)
        clock = time.perf_counter()
        extractions = extract_articles(read.articles, home, jobs, ner=ner, vocabulary=vocabulary)
        timings["extract"] = _lap(clock)
        clock = time.perf_counter()

        extracted = read_json(out / EXTRACTED_JSON) if append else new_graph()
        add_extractions(extracted, extractions)
        timings["graph"] = _lap(clock)
        clock = time.perf_counter()
        graph = extracted.copy()
        resolve(graph, lexicon=lexicon)
        merged = _superseded(out / GRAPH_JSON, graph) if append else []
        timings["resolve"] = _lap(clock)

        with staged(out) as stage:  # DIR changes only when every output is written
            _write(stage, EXTRACTED_JSON, lambda path: write_json(extracted, path))
            for name, filename, writer in _sinks():
                clock = time.perf_counter()
                _write(stage, filename, lambda path, writer=writer: writer(graph, path))
                timings[name] = _lap(clock)
            timings.update(_write_rdf(graph, stage))

            rules = (
                extractions[0].rules_version
                if extractions
                else (previous or {}).get("rules_version", "")
            )
            report = BuildReport(
                kg_version=__version__,
                format=FORMAT,
                schema=SCHEMA_VERSION,
                rules_version=rules,
                ner=ner,
                nodes=dict(sorted(Counter(d["label"] for _, d in graph.nodes(data=True)).items())),
                edges=dict(sorted(Counter(d["type"] for *_, d in graph.edges(data=True)).items())),
                inputs=_inputs((previous or {}).get("inputs", []) if append else [], read.articles),
                timings=timings,
                problems=[str(p) for p in read.problems],
                merged=merged,
                vocabulary=vocabulary.report() if vocabulary else None,
            )
            text = json.dumps(report.to_dict(), ensure_ascii=False, indent=1) + "\n"
            # the report last: it is what marks DIR as holding a whole graph
            _write(stage, MANIFEST, lambda path: path.write_text(text, encoding="utf-8"))
    return report


def check_graph_dir(directory: str | os.PathLike[str], store: str | None = None) -> dict:
    """The build report of a graph directory; refuse one kg did not make or cannot read.

    ``store`` (:data:`CYPHER_DB` or :data:`SPARQL_STORE`): also check that this store is
    there and of the right kind, so a damaged one is one line, not an engine's traceback.

    Raises:
        BuildError: missing, not a kg graph, made by an incompatible version, or damaged.
    """
    directory = Path(directory)
    manifest = directory / MANIFEST
    if not directory.is_dir():
        raise BuildError(
            f"{shown(directory)}: no such graph directory; "
            f"make one with `kg build PATH --out {shown(directory)}`"
        )
    if not manifest.is_file():
        raise BuildError(
            f"{shown(directory)}: not a graph directory made by kg build (no {MANIFEST})"
            + _unfinished(directory)
        )
    try:
        report = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BuildError(f"{shown(manifest)}: unreadable build report: {_line(error)}") from None
    if not isinstance(report, dict):
        kind = type(report).__name__
        raise BuildError(
            f"{shown(manifest)}: unreadable build report: a JSON {kind}, not an object"
        )
    if report.get("format") != FORMAT or report.get("schema") != SCHEMA_VERSION:
        raise BuildError(
            f"{shown(directory)}: made by an incompatible version of kg (format {report.get('format')}, "
            f"schema {report.get('schema')}; this kg writes format {FORMAT}, schema {SCHEMA_VERSION}); "
            f"rebuild it with `kg build PATH --out {shown(directory)}` (without --append)"
        )
    if store is not None:
        _check_store(directory / store)
    return report


def _check_rules(out: Path, previous: dict, version: str) -> None:
    """Refuse to add to a graph read with other rules or another user vocabulary: its
    articles are not read again, so the graph would hold facts of both."""
    before = previous.get("rules_version") or ""
    if not before or before == version:
        return
    kg_rules, _, vocabulary = before.partition("+vocabulary-")
    now_rules, _, now_vocabulary = version.partition("+vocabulary-")
    if kg_rules != now_rules:
        what = "kg's rules have changed since it was built (an upgrade of kg)"
    else:
        what = (
            f"its facts were read with {_vocabulary_name(vocabulary)}, this build's with "
            f"{_vocabulary_name(now_vocabulary)} (kg.toml, --config, --rules)"
        )
    raise BuildError(
        f"{shown(out)}: {what}; --append would mix facts read with both: rebuild it with "
        f"`kg build PATH --out {shown(out)}` (without --append)"
    )


def _vocabulary_name(part: str) -> str:
    return f"vocabulary-{part}" if part else "no vocabulary"


def _unfinished(directory: Path) -> str:
    """Why a kg directory has no build report yet, if a build left it so."""
    if pending(directory):
        return "; a kg build was killed while writing it: run that build again to finish"
    entries = set(os.listdir(directory))
    if entries and entries <= SCRATCH:  # only kg's lock and scratch: no graph finished yet
        return "; a kg build into it has not finished (or was killed): run it again"
    return ""


def _check_utf8(path: Path) -> None:
    """Refuse a DIR whose name is not UTF-8: LadybugDB and Oxigraph open only UTF-8 paths
    (a build died with a TypeError after all its work; a query would have too)."""
    try:
        os.fsencode(path).decode("utf-8")
    except UnicodeDecodeError:
        raise BuildError(
            f"{shown(path)}: the name is not valid UTF-8, which the embedded stores "
            "(LadybugDB, Oxigraph) cannot open; choose a UTF-8 name"
        ) from None


def _check_store(path: Path) -> None:
    _check_utf8(path)
    wanted = "a directory" if path.name == SPARQL_STORE else "a file"
    found = "a directory" if path.is_dir() else "a file" if path.exists() else "missing"
    if found != wanted:
        raise BuildError(
            f"{shown(path)}: {found}, expected the store ({wanted}); "
            f"a build into {shown(path.parent)} writes it again"
        )
    if path.name == SPARQL_STORE:
        import pyoxigraph as ox

        try:
            ox.Store.read_only(str(path))
        except (OSError, RuntimeError, ValueError) as error:  # RocksDB: RuntimeError
            raise BuildError(
                f"{shown(path)}: the SPARQL store cannot be opened: {_line(error)}; "
                f"a build into {shown(path.parent)} writes it again"
            ) from None


def _refuse_foreign(out: Path, append: bool) -> None:
    """Refuse, before anything is written, a DIR this build must not touch."""
    _check_utf8(out)
    if out.exists() and not out.is_dir():
        raise BuildError(f"{shown(out)}: exists and is not a directory")
    if append and not out.is_dir():
        check_graph_dir(out)  # raises: no such graph directory
    if _own_entries(out) and not (_made_by_kg(out) or pending(out)):
        check_graph_dir(out)  # a user's directory: refused with the reason


def _check_out(out: Path, append: bool) -> dict | None:
    """The previous build report (for ``append``), DIR checked under its lock."""
    if append:
        return check_graph_dir(out)
    if _own_entries(out) and not _made_by_kg(out):
        return check_graph_dir(out)  # anything else: refused, with the reason
    return None  # empty, or kg's own graph of this version or another: rebuilt


def _remove_old_leftovers(out: Path) -> None:
    """Temporary files an earlier kg, which wrote DIR in place, left when it was killed;
    and a stale LadybugDB log, which must never be replayed into the new database."""
    for path in [*out.glob(f".{CYPHER_DB}.*.tmp*"), out / f"{CYPHER_DB}.wal"]:
        path.unlink(missing_ok=True)


def _own_entries(directory: Path) -> list[str]:
    """DIR's entries but the lock and scratch kg keeps there ([] if DIR is missing)."""
    try:
        return [name for name in os.listdir(directory) if name not in SCRATCH]
    except (FileNotFoundError, NotADirectoryError):
        return []


def _made_by_kg(directory: Path) -> bool:
    """DIR holds a build report kg wrote (any version)."""
    try:
        report = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(report, dict) and "kg_version" in report and "format" in report


def _sinks() -> list[tuple[str, str, Callable]]:
    from kg.sinks.ladybug import write_ladybug

    return [
        ("json", GRAPH_JSON, write_json),
        ("graphml", "graph.graphml", write_graphml),
        ("cypher", CYPHER_DB, lambda g, path: write_ladybug(g, path, replace=True)),
    ]


def _write_rdf(graph, stage: Stage) -> dict[str, float]:
    """RDF once: SHACL-validated, written as Turtle, TriG and JSON-LD, and loaded into the
    SPARQL store. An RDF graph that does not conform stops the build (a bug, not bad input)."""
    from kg.query.sparql import write_store
    from kg.sinks.rdf import ensure_valid, graph_to_rdf, serialize

    timings = {}
    clock = time.perf_counter()
    quads = graph_to_rdf(graph)
    ensure_valid(quads)
    timings["shacl"] = _lap(clock)
    clock = time.perf_counter()
    for fmt, suffix in (("turtle", ".ttl"), ("trig", ".trig"), ("jsonld", ".jsonld")):
        _write(stage, f"graph{suffix}", lambda path, fmt=fmt: serialize(quads, fmt, path))
    timings["rdf"] = _lap(clock)
    clock = time.perf_counter()
    # _write drops the store write_store returns, which closes it before it is swapped in
    _write(stage, SPARQL_STORE, lambda path: write_store(quads, path))
    timings["sparql"] = _lap(clock)
    return timings


def _write(stage: Stage, name: str, write: Callable[[Path], object]) -> None:
    """Write DIR/``name`` aside; a failed write (disk full) is one line naming the file."""
    try:
        write(stage.path(name))
    except OSError as error:
        reason = error.strerror or _line(error)
    except KGError as error:  # an engine's own report of the same (LadybugDB)
        reason = str(error)
    else:
        return
    raise BuildError(
        f"{shown(stage.directory / name)}: not written: {reason}; "
        f"{shown(stage.directory)} is unchanged"
    )


def _superseded(path: Path, graph) -> list[dict]:
    """The previous graph's nodes that resolution has now folded into another node."""
    if not path.exists():
        return []
    before = read_json(path)  # a damaged graph.json is reported, not taken for an empty one
    into = {old: node for node, d in graph.nodes(data=True) for old in d.get("merged_ids", ())}
    return [
        {"label": data.get("label"), "name": data.get("name"), "id": node, "into": into[node]}
        for node, data in sorted(before.nodes(data=True), key=lambda item: item[0])
        if node in into and node not in graph
    ]


def _inputs(previous: list[dict], articles) -> list[dict]:
    by_file: dict[str, set[str]] = {}
    for entry in previous:
        by_file.setdefault(entry["file"], set()).update(entry["articles"])
    for article in articles:
        by_file.setdefault(article.file, set()).add(article.id)
    return [{"file": f, "articles": sorted(ids)} for f, ids in sorted(by_file.items())]


def _lap(start: float) -> float:
    return round(time.perf_counter() - start, 3)


def _line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__
