"""``kg info DIR``: what a graph directory holds, for a researcher.

Everything comes from DIR's build report (kg-build.json) and a look at DIR itself:
counts per node label and relationship type, the inputs, the articles' date range
(graph.json's Article nodes), the versions the graph was built with, the size of each
file and store, the last build time and whether every output the report implies is
there (and graph.json's counts equal the report's).
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import app

_DIR = typer.Argument(help="A graph directory made by `kg build`.", metavar="DIR")

# What each stage named in the report's timings writes (kg.builder); graph.json's
# cross-article input (extracted.json) and the report itself are always there.
_WRITTEN_BY = {
    "json": ("graph.json",),
    "graphml": ("graph.graphml",),
    "cypher": ("kg.lbug",),
    "rdf": ("graph.ttl", "graph.trig", "graph.jsonld"),
    "sparql": ("sparql",),
}
_ALWAYS = ("extracted.json", "kg-build.json")
_DIRECTORIES = frozenset({"sparql"})


@app.command("info")
def info_command(
    directory: Annotated[Path, _DIR],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the same as one JSON object.")
    ] = False,
) -> None:
    """Say what a graph directory holds.

    Nodes per label and relationships per type, inputs (files, articles), the articles'
    date range (unknown, null in JSON, when none is dated), kg's version, schema, format,
    rules version, NER mode and vocabulary, the size of each file and store, the last
    build time (UTC), and whether the stores are in sync: every output the build report
    implies is there, of the right kind, and graph.json's counts equal the report's (not
    in sync is reported, exit code 0). Exit code 1 when DIR is not a readable graph
    directory made by kg build."""
    summary = describe(directory)
    if as_json:
        sys.stdout.write(json.dumps(summary, ensure_ascii=False, indent=1) + "\n")
    else:
        typer.echo(render(summary))


def describe(directory: str | os.PathLike[str]) -> dict:
    """What ``directory`` holds, as one JSON-ready object.

    Raises:
        BuildError: not a graph directory kg made, or its report is damaged.
    """
    from kg.builder import GRAPH_JSON, MANIFEST, check_graph_dir
    from kg.io import shown

    directory = Path(directory)
    report = check_graph_dir(directory)
    nodes = _counts(report.get("nodes"))
    edges = _counts(report.get("edges"))
    inputs = report.get("inputs") if isinstance(report.get("inputs"), list) else []
    graph, graph_problem = _read_graph(directory / GRAPH_JSON)
    outputs = _outputs(directory, report)
    problems = [f"{name}: {state}" for name, state in outputs.items() if state != "ok"]
    if graph_problem and outputs.get(GRAPH_JSON) == "ok":
        problems.append(f"{GRAPH_JSON}: {graph_problem}")
    if graph is not None:
        problems += _count_mismatches(graph, nodes, edges)
    built = datetime.fromtimestamp((directory / MANIFEST).stat().st_mtime, tz=UTC)
    sizes = _sizes(directory)
    first, last, dated = _date_range(graph)
    return {
        "directory": shown(directory),
        "kg_version": report.get("kg_version"),
        "schema": report.get("schema"),
        "format": report.get("format"),
        "rules_version": report.get("rules_version"),
        "ner": report.get("ner"),
        "vocabulary": report.get("vocabulary"),
        "built": built.isoformat(timespec="seconds"),
        "nodes": nodes,
        "edges": edges,
        "inputs": {
            "files": len(inputs),
            "articles": sum(len(e.get("articles", ())) for e in inputs if isinstance(e, dict)),
            "problems": len(report.get("problems") or ()),
        },
        "dates": {"first": first, "last": last, "articles_dated": dated},
        "sizes": sizes,
        "total_size": sum(sizes.values()),
        "in_sync": not problems,
        "outputs": outputs,
        "sync_problems": problems,
    }


def render(summary: dict) -> str:
    """``summary`` (from :func:`describe`) as text for people."""
    lines = [f"{summary['directory']}: a graph built by kg {summary['kg_version']}"]
    lines.append(f"  built       {summary['built']} (UTC)")
    versions = f"schema {summary['schema']}, format {summary['format']}, NER {summary['ner']}"
    lines.append(f"  versions    {versions}")
    lines.append(f"  rules       {summary['rules_version'] or 'unknown'}")
    vocabulary = summary["vocabulary"]
    if isinstance(vocabulary, dict):
        files = ", ".join(vocabulary.get("files") or ()) or "no files"
        lines.append(f"  vocabulary  {vocabulary.get('version')} ({files})")
    else:
        lines.append("  vocabulary  none (kg's own rules only)")
    inputs = summary["inputs"]
    read = f"{inputs['articles']} articles from {inputs['files']} files"
    if inputs["problems"]:
        read += f"; {inputs['problems']} problems reported"
    lines.append(f"  inputs      {read}")
    dates = summary["dates"]
    if dates["first"] is None:
        lines.append("  dates       unknown (no article has a date)")
    else:
        articles = inputs["articles"]
        lines.append(
            f"  dates       {dates['first']} to {dates['last']} "
            f"({dates['articles_dated']} of {articles} articles dated)"
        )
    for title, counts in (("nodes", summary["nodes"]), ("relationships", summary["edges"])):
        lines.append(f"{title} ({sum(counts.values())}):")
        lines += _aligned(counts.items(), str)
    lines.append(f"files ({_human(summary['total_size'])}):")
    lines += _aligned(summary["sizes"].items(), _human)
    if summary["in_sync"]:
        lines.append("in sync: yes (every output the report implies is there; counts agree)")
    else:
        lines.append("in sync: no")
        lines += [f"  {problem}" for problem in summary["sync_problems"]]
    return "\n".join(lines)


def _aligned(items, show) -> list[str]:
    items = list(items)
    width = max((len(name) for name, _ in items), default=0)
    values = [show(value) for _, value in items]
    right = max((len(v) for v in values), default=0)
    return [f"  {name:<{width}}  {v:>{right}}" for (name, _), v in zip(items, values, strict=True)]


def _counts(value) -> dict[str, int]:
    if not isinstance(value, dict):
        return {}
    return {str(k): v for k, v in value.items() if isinstance(v, int)}


def _read_graph(path: Path) -> tuple[dict | None, str | None]:
    """graph.json's node-link data, or why it cannot be read (not an error for info)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        return None, f"cannot be read: {error.strerror or error}"
    except ValueError:
        return None, "not JSON"
    if not (isinstance(data, dict) and isinstance(data.get("nodes"), list)):
        return None, "not a node-link graph"
    return data, None


def _date_range(graph: dict | None) -> tuple[str | None, str | None, int]:
    """The earliest and latest ``date`` of the Article nodes, and how many have one."""
    dates = sorted(
        node["date"]
        for node in (graph or {}).get("nodes", ())
        if isinstance(node, dict)
        and node.get("label") == "Article"
        and isinstance(node.get("date"), str)
        and node["date"]
    )
    return (dates[0], dates[-1], len(dates)) if dates else (None, None, 0)


def _count_mismatches(graph: dict, nodes: dict, edges: dict) -> list[str]:
    problems = []
    edge_list = graph.get("edges") if isinstance(graph.get("edges"), list) else []
    for what, items, key, expected in (
        ("nodes", graph["nodes"], "label", nodes),
        ("relationships", edge_list, "type", edges),
    ):
        found = dict(Counter(i.get(key) for i in items if isinstance(i, dict)))
        if found != expected:
            problems.append(
                f"graph.json: {sum(found.values())} {what}, "
                f"the report says {sum(expected.values())}"
                if sum(found.values()) != sum(expected.values())
                else f"graph.json: {what} per {key} differ from the report's"
            )
    return problems


def _outputs(directory: Path, report: dict) -> dict[str, str]:
    """Each output the report's timings say was written: "ok", "missing" or a wrong kind."""
    timings = report.get("timings") if isinstance(report.get("timings"), dict) else {}
    stages = [s for s in _WRITTEN_BY if s in timings] or list(_WRITTEN_BY)  # old reports
    names = [*_ALWAYS[:1], *(n for s in stages for n in _WRITTEN_BY[s]), *_ALWAYS[1:]]
    states = {}
    for name in names:
        path = directory / name
        wanted_dir = name in _DIRECTORIES
        if not path.exists():
            states[name] = "missing"
        elif path.is_dir() != wanted_dir:
            found, wanted = (
                ("a directory", "a file") if path.is_dir() else ("a file", "a directory")
            )
            states[name] = f"{found}, expected {wanted}"
        else:
            states[name] = "ok"
    return states


def _sizes(directory: Path) -> dict[str, int]:
    """Bytes per entry of DIR (a store directory summed), kg's lock and scratch left out."""
    from kg.atomic import SCRATCH

    sizes = {}
    for entry in sorted(os.scandir(directory), key=lambda e: e.name):
        if entry.name in SCRATCH:
            continue
        if entry.is_dir(follow_symlinks=False):
            sizes[entry.name] = sum(
                (Path(root) / f).lstat().st_size
                for root, _, files in os.walk(entry.path)
                for f in files
            )
        else:
            sizes[entry.name] = entry.stat(follow_symlinks=False).st_size
    return sizes


def _human(size: int) -> str:
    """1536 -> '1.5 KiB'."""
    if size < 1024:
        return f"{size} B"
    value = size / 1024
    for unit in ("KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            break
        value /= 1024
    return f"{value:.1f} {unit}"
