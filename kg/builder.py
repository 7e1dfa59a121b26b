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
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kg.errors import KGError
from kg.extract import extract_articles
from kg.graph.build import add_extractions, new_graph
from kg.graph.schema import SCHEMA_VERSION
from kg.ingest import read_articles
from kg.io import Metadata
from kg.nlp.backstop import DEFAULT_MODE
from kg.resolve import resolve
from kg.sinks.nodelink import read_json, write_graphml, write_json

MANIFEST = "kg-build.json"
FORMAT = 2  # bump when DIR's layout changes incompatibly (2: extracted.json, resolution)
GRAPH_JSON = "graph.json"
EXTRACTED_JSON = "extracted.json"  # the graph before cross-article resolution (for --append)
CYPHER_DB = "kg.lbug"  # LadybugDB: one file
SPARQL_STORE = "sparql"  # an Oxigraph store directory


class BuildError(KGError):
    """DIR cannot be used for this build."""


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
) -> BuildReport:
    """Read, extract and resolve ``paths`` and write the graph and its sinks into ``out``.

    Raises:
        BuildError: ``out`` is a file, a non-empty directory kg did not make, a graph
            made by an incompatible version, or (with ``append``) holds no graph yet.
    """
    from kg import __version__

    out = Path(out)
    previous = _check_out(out, append)
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    read = read_articles(list(paths), defaults, progress=progress)
    timings["read"] = _lap(clock)
    clock = time.perf_counter()
    extractions = extract_articles(read.articles, home, jobs, ner=ner)
    timings["extract"] = _lap(clock)
    clock = time.perf_counter()

    extracted = read_json(out / EXTRACTED_JSON) if append else new_graph()
    add_extractions(extracted, extractions)
    timings["graph"] = _lap(clock)
    clock = time.perf_counter()
    graph = extracted.copy()
    resolve(graph)
    merged = _superseded(out / GRAPH_JSON, graph) if append else []
    timings["resolve"] = _lap(clock)

    out.mkdir(parents=True, exist_ok=True)
    write_json(extracted, out / EXTRACTED_JSON)
    for name, writer in _sinks():
        clock = time.perf_counter()
        writer(graph, out)
        timings[name] = _lap(clock)
    timings.update(_write_rdf(graph, out))

    rules = (
        extractions[0].rules_version if extractions else (previous or {}).get("rules_version", "")
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
    )
    (out / MANIFEST).write_text(
        json.dumps(report.to_dict(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return report


def check_graph_dir(directory: str | os.PathLike[str]) -> dict:
    """The build report of a graph directory; refuse one kg did not make or cannot read.

    Raises:
        BuildError: missing, not a kg graph, or made by an incompatible version.
    """
    directory = Path(directory)
    manifest = directory / MANIFEST
    if not directory.is_dir():
        raise BuildError(
            f"{directory}: no such graph directory; make one with `kg build PATH --out {directory}`"
        )
    if not manifest.is_file():
        raise BuildError(f"{directory}: not a graph directory made by kg build (no {MANIFEST})")
    try:
        report = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BuildError(f"{manifest}: unreadable build report: {error}") from None
    if report.get("format") != FORMAT or report.get("schema") != SCHEMA_VERSION:
        raise BuildError(
            f"{directory}: made by an incompatible version of kg (format {report.get('format')}, "
            f"schema {report.get('schema')}; this kg writes format {FORMAT}, schema {SCHEMA_VERSION}); "
            "rebuild it with `kg build`"
        )
    return report


def _check_out(out: Path, append: bool) -> dict | None:
    if out.exists() and not out.is_dir():
        raise BuildError(f"{out}: exists and is not a directory")
    if append:
        return check_graph_dir(out)
    if out.is_dir() and any(out.iterdir()):
        if _made_by_kg(out):
            return None  # kg's own graph, of this version or another: rebuilt in place
        return check_graph_dir(out)  # anything else: refused, with the reason
    return None


def _made_by_kg(directory: Path) -> bool:
    """DIR holds a build report kg wrote (any version)."""
    try:
        report = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(report, dict) and "kg_version" in report and "format" in report


def _sinks() -> list[tuple[str, Callable]]:
    from kg.sinks.ladybug import write_ladybug

    return [
        ("json", lambda g, out: write_json(g, out / GRAPH_JSON)),
        ("graphml", lambda g, out: write_graphml(g, out / "graph.graphml")),
        ("cypher", lambda g, out: write_ladybug(g, out / CYPHER_DB, replace=True)),
    ]


def _write_rdf(graph, out: Path) -> dict[str, float]:
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
        serialize(quads, fmt, out / f"graph{suffix}")
    timings["rdf"] = _lap(clock)
    clock = time.perf_counter()
    write_store(quads, out / SPARQL_STORE)
    timings["sparql"] = _lap(clock)
    return timings


def _superseded(previous: Path, graph) -> list[dict]:
    """The previous graph's nodes that resolution has now folded into another node."""
    try:
        before = json.loads(previous.read_text(encoding="utf-8"))["nodes"]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    into = {old: node for node, d in graph.nodes(data=True) for old in d.get("merged_ids", ())}
    return [
        {"label": n.get("label"), "name": n.get("name"), "id": n["id"], "into": into[n["id"]]}
        for n in sorted(before, key=lambda n: n.get("id", ""))
        if isinstance(n, dict) and n.get("id") in into and n["id"] not in graph
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
