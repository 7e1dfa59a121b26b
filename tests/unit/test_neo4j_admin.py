"""kg export neo4j-admin: headers from the schema, every node and relationship once, values
that survive a CSV reader set up as neo4j-admin reads, hostile text, refusals, determinism,
the printed import command, the CLI, and the docker compose file."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import shlex
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, SEEDS

from kg.builder import FORMAT, GRAPH_JSON, MANIFEST, build
from kg.errors import UsageError
from kg.graph.build import new_graph
from kg.graph.schema import NODES, RELATIONSHIPS, SCHEMA_VERSION, edge_properties
from kg.sinks.neo4j import schema_statements
from kg.sinks.neo4j_admin import (
    ARRAY_DELIMITER,
    SCHEMA_CYPHER,
    AdminExportError,
    import_command,
    write_admin_csv,
)
from kg.sinks.nodelink import read_json, write_json

ADMIN_TYPE = {"string": "string", "int": "long", "date": "date", "string[]": "string[]"}


@pytest.fixture(scope="module")
def seed_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("graph")
    build([str(SEEDS)], out)
    return out


@pytest.fixture(scope="module")
def seed_export(seed_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("admin") / "csv"
    return out, write_admin_csv(seed_dir, out)


# --- reading the files back as neo4j-admin does -------------------------------------------


@contextmanager
def _big_fields():
    old = csv.field_size_limit(2**31 - 1)
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _rows(path: Path) -> list[list[str]]:
    """RFC 4180: fields quoted with ", a quote inside doubled; newlines inside quotes kept."""
    with _big_fields(), open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle, quotechar='"', doublequote=True, strict=True))


def _header(out: Path, name: str) -> list[str]:
    return (out / f"{name}_header.csv").read_text("utf-8").rstrip("\n").split(",")


def _value(spec: str, raw: str):
    """One field as neo4j-admin types it (an empty field: no property)."""
    kind = spec.partition(":")[2]
    if raw == "":
        return None
    if kind == "long":
        return int(raw)
    if kind == "date":
        return dt.date.fromisoformat(raw)
    if kind == "string[]":
        return raw.split(ARRAY_DELIMITER)
    return raw


def _records(out: Path) -> tuple[Counter, Counter]:
    """Every node as (label, id, props) and relationship as (type, start, end, props)."""
    nodes, rels = Counter(), Counter()
    for header_file in sorted(out.glob("*_header.csv")):
        name = header_file.name.removesuffix("_header.csv")
        header = _header(out, name)
        for row in _rows(out / f"{name}.csv"):
            values = {spec: _value(spec, raw) for spec, raw in zip(header, row, strict=True)}
            if name.startswith("nodes_"):
                label = values.pop(":LABEL")
                nid = values.pop(f"id:ID({label})")
                nodes[(label, nid, _frozen(values))] += 1
            else:
                start, end = header[0], header[1]
                key = (values.pop(":TYPE"), values.pop(start), values.pop(end))
                rels[(*key, _frozen(values))] += 1
    return nodes, rels


def _frozen(values: dict) -> tuple:
    return tuple(sorted((k.partition(":")[0], _hashable(v)) for k, v in values.items()))


def _hashable(value):
    return tuple(value) if isinstance(value, list) else value


def _expected(graph) -> tuple[Counter, Counter]:
    """The same records, from the graph: a missing value or an empty list is no property."""

    def props(specs, data):
        out = {}
        for p in specs:
            value = data.get(p.name)
            if value in (None, [], ""):  # a CSV reader cannot tell "" from none: see the raw test
                value = None
            elif p.type == "date" and isinstance(value, str):
                value = dt.date.fromisoformat(value)
            out[p.name] = _hashable(value)
        return tuple(sorted(out.items()))

    nodes = Counter(
        (d["label"], n, props([p for p in NODES[d["label"]].properties if p.name != "id"], d))
        for n, d in graph.nodes(data=True)
    )
    rels = Counter(
        (d["type"], s, t, props(edge_properties(d["type"]), d))
        for s, t, d in graph.edges(data=True)
    )
    return nodes, rels


def _graph_dir(path: Path, graph) -> Path:
    """A graph directory as `kg build` leaves it, as far as the export reads it."""
    path.mkdir(parents=True, exist_ok=True)
    write_json(graph, path / GRAPH_JSON)
    (path / MANIFEST).write_text(json.dumps({"format": FORMAT, "schema": SCHEMA_VERSION}))
    return path


def _tiny_graph(**org):
    graph = new_graph()
    graph.add_node("org-a", label="Organization", id="org-a", name="甲党支部", kind="党支部")
    graph.nodes["org-a"].update(org)
    graph.add_node("evt-a", label="Event", id="evt-a", name="主题党日活动", type="主题党日")
    graph.add_edge(
        "org-a",
        "evt-a",
        key="ORGANIZED",
        type="ORGANIZED",
        role="组织",
        articles=["art-1"],
        sentences=["甲党支部开展主题党日活动。"],
        spans=["0:12"],
        rules=["event.trigger.v1"],
    )
    return graph


def _files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


# --- the files ----------------------------------------------------------------------------


def test_headers_follow_the_schema(seed_export):
    out, summary = seed_export
    for label, node in NODES.items():
        if not summary.nodes[label]:
            continue
        header = _header(out, f"nodes_{label}")
        assert header[0] == f"id:ID({label})" and header[-1] == ":LABEL"
        assert header[1:-1] == [
            f"{p.name}:{ADMIN_TYPE[p.type]}" for p in node.properties if p.name != "id"
        ]
    assert _header(out, "nodes_Event") == (
        [
            "id:ID(Event)",
            "name:string",
            "name_source:string",
            "type:string",
            "family:string",
            "date:date",
            "date_text:string",
            "date_start:date",
            "date_end:date",
            "county:string",
            "theme:string",
            "aliases:string[]",
            "merged_ids:string[]",
            "merged_because:string[]",
            ":LABEL",
        ]
    )
    assert _header(out, "rels_ORGANIZED_Organization_Event") == (
        [
            ":START_ID(Organization)",
            ":END_ID(Event)",
            ":TYPE",
            "role:string",
            "articles:string[]",
            "sentences:string[]",
            "spans:string[]",
            "rules:string[]",
        ]
    )
    assert _header(out, "rels_MENTIONS_Article_Place") == (
        [":START_ID(Article)", ":END_ID(Place)", ":TYPE", "count:long"]
    )
    # every id space a relationship file refers to is a node file's id space
    spaces = {_header(out, p.name.removesuffix("_header.csv"))[0] for p in out.glob("nodes_*_h*")}
    for header_file in out.glob("rels_*_header.csv"):
        start, end = _header(out, header_file.name.removesuffix("_header.csv"))[:2]
        assert f"id:ID({start[len(':START_ID(') : -1]})" in spaces
        assert f"id:ID({end[len(':END_ID(') : -1]})" in spaces


def test_every_node_and_relationship_is_written_once_with_its_values(seed_dir, seed_export):
    out, summary = seed_export
    graph = read_json(seed_dir / GRAPH_JSON)
    nodes, rels = _records(out)
    expected_nodes, expected_rels = _expected(graph)
    assert nodes == expected_nodes and rels == expected_rels
    assert max(nodes.values()) == 1 and sum(nodes.values()) == graph.number_of_nodes()
    assert sum(rels.values()) == graph.number_of_edges()
    assert sum(summary.nodes.values()) == graph.number_of_nodes()
    assert summary.relationships == {
        kind: sum(1 for *_, d in graph.edges(data=True) if d["type"] == kind)
        for kind in RELATIONSHIPS
    }
    assert any(isinstance(dict(p).get("date"), dt.date) for *_, p in nodes)  # typed dates


def test_hostile_values_survive_the_round_trip(tmp_path):
    tricky = 'say "hi", then\nnew line\r\nand \x00 NUL, 🎉, a trailing backslash \\'
    aliases = ["a,b", 'q"uote', "line\nbreak", "", "}) DETACH DELETE n //", "`tick`", " pad "]
    graph = _tiny_graph(name=tricky, kind=" padded ", aliases=aliases)
    graph.add_node("org-b", label="Organization", id="org-b", name="", kind=None, aliases=[])
    long_theme = "长" * 2_000_000  # 6 MB of UTF-8: more than neo4j-admin's 4 MiB read buffer
    graph.nodes["evt-a"].update(date="2025-01-03", theme=long_theme)
    graph.edges["org-a", "evt-a", "ORGANIZED"]["role"] = 'x"y,z'
    out = tmp_path / "csv"
    summary = write_admin_csv(_graph_dir(tmp_path / "g", graph), out)

    assert _records(out) == _expected(graph)
    # no value is a different property from the empty string
    org_rows = (out / "nodes_Organization.csv").read_text("utf-8").split("\n")
    assert '"org-b","",,,,,Organization' in org_rows
    assert summary.multiline_fields and summary.read_buffer_size >= len(long_theme.encode()) + 2
    args = shlex.split(import_command(out))
    assert "--multiline-fields=true" in args and "--legacy-style-quoting=false" in args
    buffer = next(a for a in args if a.startswith("--read-buffer-size="))
    assert buffer == f"--read-buffer-size={summary.read_buffer_size // 2**20}m"


@pytest.mark.parametrize(
    ("graph", "named"),
    [
        (_tiny_graph(aliases=["甲", "a\x1fb"]), ["Organization org-a", "aliases", "U+001F"]),
        (_tiny_graph(aliases=[""]), ["Organization org-a", "aliases", "empty list"]),
        (_tiny_graph(name="党" * 3000), ["Organization org-a", "property name", "9,000 bytes"]),
    ],
    ids=["array-delimiter", "only-an-empty-string", "over-the-index-limit"],
)
def test_values_neo4j_admin_cannot_take_are_refused_by_name(tmp_path, graph, named):
    out = tmp_path / "csv"
    with pytest.raises(AdminExportError) as refused:
        write_admin_csv(_graph_dir(tmp_path / "g", graph), out)
    message = str(refused.value)
    assert "\n" not in message and all(part in message for part in named)
    assert not list(out.iterdir())  # nothing half-written


def test_a_refused_relationship_names_its_ends(tmp_path):
    graph = _tiny_graph()
    graph.edges["org-a", "evt-a", "ORGANIZED"]["sentences"] = ["一\x1f二"]
    with pytest.raises(AdminExportError, match=r"ORGANIZED org-a -> evt-a: property sentences"):
        write_admin_csv(_graph_dir(tmp_path / "g", graph), tmp_path / "csv")


def test_the_same_directory_gives_the_same_bytes(seed_dir, seed_export, tmp_path):
    out, _ = seed_export
    again = tmp_path / "again"
    write_admin_csv(seed_dir, again)
    assert _files(again) == _files(out)
    write_admin_csv(seed_dir, again)  # over its own earlier export
    assert _files(again) == _files(out)


def test_out_must_be_new_empty_or_ours(tmp_path):
    directory = _graph_dir(tmp_path / "g", _tiny_graph())
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    with pytest.raises(AdminExportError, match=r"foreign: not empty and not written by"):
        write_admin_csv(directory, foreign)
    assert [p.name for p in foreign.iterdir()] == ["notes.txt"]
    write_admin_csv(directory, foreign, force=True)
    assert (foreign / "notes.txt").read_text() == "mine"
    assert (foreign / "nodes_Organization.csv").is_file()

    a_file = tmp_path / "file.csv"
    a_file.write_text("x")
    with pytest.raises(AdminExportError, match=r"file.csv: exists and is not a directory"):
        write_admin_csv(directory, a_file)


def test_a_new_export_removes_only_its_own_stale_files(tmp_path):
    out = tmp_path / "csv"
    write_admin_csv(_graph_dir(tmp_path / "g1", _tiny_graph()), out)
    (out / "notes.txt").write_text("mine")
    smaller = _tiny_graph()
    smaller.remove_node("evt-a")
    write_admin_csv(_graph_dir(tmp_path / "g2", smaller), out)  # OUT is ours: no --force
    names = {p.name for p in out.iterdir()}
    assert "notes.txt" in names and "nodes_Organization.csv" in names
    assert not {"nodes_Event.csv", "rels_ORGANIZED_Organization_Event.csv"} & names


def test_schema_cypher_constrains_every_label(seed_export):
    out, _ = seed_export
    statements = (out / SCHEMA_CYPHER).read_text("utf-8").split(";\n")
    assert statements[-1] == "" and statements[:-1] == schema_statements()
    for label in NODES:
        assert any(
            s.startswith("CREATE CONSTRAINT") and f"(n:`{label}`) REQUIRE n.`id` IS UNIQUE" in s
            for s in statements
        )


def test_import_command_names_every_file_and_the_options_they_need(seed_export):
    out, summary = seed_export
    args = shlex.split(import_command(out))
    assert args[:5] == ["neo4j-admin", "database", "import", "full", "neo4j"]
    assert {"--id-type=string", "--array-delimiter=U+001F"} <= set(args)
    assert ARRAY_DELIMITER == "\N{INFORMATION SEPARATOR ONE}" == chr(0x1F)
    assert ("--multiline-fields=true" in args) == summary.multiline_fields
    assert not any(a.startswith(("--read-buffer-size", "--overwrite")) for a in args)
    named = []
    for arg in args:
        if match := re.fullmatch(r"--(nodes|relationships)=([A-Z][A-Za-z_]*)=(.+),(.+)", arg):
            kind, name, header, data = match.groups()
            assert name in (NODES if kind == "nodes" else RELATIONSHIPS)
            assert (
                Path(header).is_absolute() and header == data.removesuffix(".csv") + "_header.csv"
            )
            named += [Path(header).name, Path(data).name]
    assert sorted(named) == sorted(p.name for p in out.glob("*.csv"))
    assert sorted(named) == sorted(n for n in summary.files if n.endswith(".csv"))

    docker = shlex.split(import_command(out, "kg-graph", import_dir="/import", overwrite=True))
    assert docker[4] == "kg-graph" and "--overwrite-destination=true" in docker
    assert all(a.count("/import/") in (0, 2) for a in docker)
    assert "--nodes=Article=/import/nodes_Article_header.csv,/import/nodes_Article.csv" in docker


def test_import_command_refuses_what_neo4j_would(seed_export, tmp_path):
    out, _ = seed_export
    for bad in ("ab", "1abc", "my db", "db;rm"):
        with pytest.raises(UsageError, match="not a Neo4j database name"):
            import_command(out, bad)
    with pytest.raises(AdminExportError, match=r"no kg-neo4j-admin.json"):
        import_command(tmp_path)
    with pytest.raises(UsageError, match="commas"):
        import_command(out, import_dir="/a,b")


# --- the command line ---------------------------------------------------------------------


def test_cli_writes_the_files_and_prints_the_command(run_kg, seed_dir, tmp_path):
    out = tmp_path / "csv"
    done = run_kg(
        "export", "neo4j-admin", str(seed_dir), "--out", str(out), "--import-dir", "/import"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == import_command(out, import_dir="/import") + "\n"
    assert "nodes" in done.stderr and "relationships" in done.stderr
    assert (out / "nodes_Article.csv").is_file()
    quiet = run_kg("export", "neo4j-admin", str(seed_dir), "--out", str(out), "--quiet")
    assert quiet.returncode == 0 and quiet.stderr == ""
    assert quiet.stdout == import_command(out) + "\n"


def test_cli_default_out_is_inside_the_graph_directory(run_kg, seed_dir):
    done = run_kg("export", "neo4j-admin", str(seed_dir), "-q")
    assert done.returncode == 0, done.stderr
    assert (seed_dir / "neo4j-admin" / "nodes_Article.csv").is_file()
    assert str((seed_dir / "neo4j-admin").resolve()) in done.stdout


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["{missing}"], 1, "no such graph directory"),
        (["{seeds}"], 1, "not a graph directory made by kg build"),
        (["{graph}", "--out", "{foreign}"], 1, "not empty and not written by"),
        (["{graph}", "--database", "my db"], 2, "not a Neo4j database name"),
    ],
    ids=["missing-dir", "not-a-graph", "foreign-out", "bad-database"],
)
def test_cli_bad_input_is_one_line_and_a_non_zero_exit(
    run_kg, seed_dir, tmp_path, args, code, says
):
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    paths = {"missing": tmp_path / "nope", "seeds": SEEDS, "graph": seed_dir, "foreign": foreign}
    done = run_kg("export", "neo4j-admin", *(a.format(**paths) for a in args))
    assert done.returncode == code and done.stdout == ""
    assert says in done.stderr and "Traceback" not in done.stderr
    if code == 1:
        assert done.stderr.startswith("kg: error: ") and done.stderr.count("\n") == 1


def test_cli_has_help(run_kg):
    for args in (["export", "--help"], ["export", "neo4j-admin", "--help"]):
        done = run_kg(*args)
        assert done.returncode == 0 and "neo4j-admin" in done.stdout
    assert "--import-dir" in done.stdout and "--overwrite-destination" in done.stdout


# --- docker/ ------------------------------------------------------------------------------


def test_compose_file_runs_neo4j_5_on_loopback_with_the_password_from_the_environment():
    text = (ROOT / "docker" / "compose.yaml").read_text("utf-8")
    service = yaml.safe_load(text)["services"]["neo4j"]
    assert re.fullmatch(r"neo4j:5\.\d+\.\d+-community", service["image"])
    assert service["ports"] and all(p.startswith("127.0.0.1:") for p in service["ports"])
    assert service["environment"]["NEO4J_AUTH"].startswith("neo4j/${NEO4J_PASSWORD:?")
    assert "NEO4J_PASSWORD=" not in text.replace("NEO4J_PASSWORD:?", "")  # no literal password
    assert service["healthcheck"]["test"] and service["healthcheck"]["retries"] > 0
    mounts = {re.search(r":(/[a-z]+)(:r[ow])?$", v).group(1) for v in service["volumes"]}
    assert {"/data", "/import"} <= mounts
    ignored = (ROOT / "docker" / ".gitignore").read_text("utf-8").split()
    assert ".env" in ignored
    example = (ROOT / "docker" / ".env.example").read_text("utf-8")
    assert re.search(r"^NEO4J_PASSWORD=$", example, re.M)
