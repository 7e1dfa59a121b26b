"""Answers as tables researchers take away: --format csv/tsv/json on ask, query and sparql
(safe to pipe into head), tidy CSV tables per label and type, GEXF and GraphML labelled
by name. Everything through the real ``kg`` command, on one graph of the sample pages."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from conftest import CATALOG_COLUMNS, ROOT, SEEDS, kg

from kg.graph.schema import NODES, RELATIONSHIPS
from kg.sinks.nodelink import read_json

KG = str(Path(sys.executable).with_name("kg"))
TITLE = "吉木萨尔县社会福利中心党支部开展主题党日活动 践初心于行动 融真情在田间"
EVENT = "“党建聚力践初心、劳动种菜暖民心”主题党日活动"
MANY_ROWS = "UNWIND range(1, 200000) AS i RETURN i, 'some text to fill the pipe' AS x"


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    """README's first command: ``kg build seeds/ --out out/``."""
    directory = tmp_path_factory.mktemp("tables") / "out"
    built = kg("build", str(SEEDS), "--out", str(directory), "-q")
    assert built.returncode == 0, built.stderr
    return directory


def test_the_event_rows_go_through_pandas(out):
    """The issue's check, as a shell would run it: kg ask … --format csv | python -c …"""
    ask = subprocess.Popen(
        [KG, "ask", "theme-party-days", "--db", str(out), "--format", "csv"],
        stdout=subprocess.PIPE,
        cwd=ROOT,
    )
    script = "import pandas,sys; print(pandas.read_csv(sys.stdin))"
    shown = subprocess.run(
        [sys.executable, "-c", script],
        stdin=ask.stdout,
        capture_output=True,
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "80"},  # pandas cuts to it
    )
    ask.stdout.close()
    assert ask.wait(timeout=120) == 0 and shown.returncode == 0, shown.stderr
    printed = shown.stdout.decode("utf-8")
    for column in ("county", "date", "article_title"):  # shown even in 80 columns
        assert column in printed
    assert "吉木萨尔县" in printed and TITLE in printed

    frame = pd.read_csv(
        io.StringIO(kg("ask", "theme-party-days", "--db", str(out), "-f", "csv").stdout)
    )
    assert list(frame.columns) == CATALOG_COLUMNS["theme-party-days"]
    [row] = frame.to_dict("records")  # one row per event, not per sentence
    assert (row["event"], row["county"], row["article_title"]) == (EVENT, "吉木萨尔县", TITLE)
    assert json.loads(row["organizations"]) == ["吉木萨尔县社会福利中心党支部"]
    assert len(json.loads(row["sentences"])) == 2  # a list cell is JSON text


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_csv_and_tsv_hold_the_same_rows_as_json(out, fmt):
    args = ("ask", "people-in-news", "--db", str(out))
    records = json.loads(kg(*args, "--format", "json").stdout)
    assert json.loads(kg(*args, "--json").stdout) == records  # --json is --format json
    text = kg(*args, "--format", fmt).stdout
    sep = "," if fmt == "csv" else "\t"
    frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)
    assert list(frame.columns) == CATALOG_COLUMNS["people-in-news"]
    empty = [{k: "" if v is None else v for k, v in r.items()} for r in records]  # null: ""
    assert frame.to_dict("records") == empty and len(records) > 10


def test_query_and_sparql_write_lists_and_nodes_as_json_text(out):
    listed = kg("query", "RETURN ['党支部', '党委'] AS kinds, null AS nothing, 3 AS n",
                "--db", str(out), "--format", "csv")  # fmt: skip
    assert listed.stdout == 'kinds,nothing,n\n"[""党支部"", ""党委""]",,3\n'
    node = kg("query", "MATCH (p:Person {name: '朱帆'}) RETURN p", "--db", str(out), "-f", "tsv")
    header, cell = node.stdout.splitlines()
    assert (
        header == "p"
        and json.loads(pd.read_csv(io.StringIO(node.stdout), sep="\t")["p"][0])["name"] == "朱帆"
    )
    assert cell.startswith('"{') and "'" not in cell  # JSON, not a Python dict
    sparql = kg("sparql", "SELECT ?n WHERE { ?p <https://schema.org/name> ?n } LIMIT 2",
                "--db", str(out), "--format", "csv")  # fmt: skip
    assert sparql.returncode == 0 and sparql.stdout.splitlines()[0] == "n"
    assert len(sparql.stdout.splitlines()) == 3


@pytest.mark.parametrize("fmt", ["csv", "json", "table"])
def test_output_piped_into_head_ends_quietly(out, fmt):
    """`kg query … | head -1`: the reader leaves early; kg exits 0 without a traceback."""
    query = subprocess.Popen(
        [KG, "query", MANY_ROWS, "--db", str(out), "--format", fmt],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert query.stdout.readline()
    query.stdout.close()  # what head does after its line
    assert query.wait(timeout=120) == 0
    assert query.stderr.read() == b""
    query.stderr.close()


def test_a_bad_or_contradicting_format_is_a_usage_error(out):
    for args, message in (
        (["--format", "xml"], "'xml' is not one of table, json, csv, tsv"),
        (["--json", "--format", "csv"], "--json contradicts --format csv"),
    ):
        result = kg("ask", "positions", "--db", str(out), *args)
        assert result.returncode == 2 and result.stdout == "" and message in result.stderr


def test_tables_one_csv_per_label_and_type_with_the_documented_columns(out, tmp_path):
    tables = tmp_path / "tables"
    result = kg("export", "tables", str(out), "--out", str(tables))
    assert result.returncode == 0, result.stderr
    assert {p.name for p in tables.iterdir()} == {f"{n}.csv" for n in (*NODES, *RELATIONSHIPS)}
    schema = (ROOT / "docs" / "SCHEMA.md").read_text(encoding="utf-8")
    section = schema[schema.index("### Tables (`kg export tables`)") :]
    report = json.loads((out / "kg-build.json").read_text(encoding="utf-8"))
    for label, node in NODES.items():
        frame = pd.read_csv(tables / f"{label}.csv", dtype=str)
        assert list(frame.columns) == [p.name for p in node.properties]
        assert len(frame) == report["nodes"][label] and frame["id"].is_unique
    evidence = ["article", "sentence", "start", "end", "rule"]
    for kind, rel in RELATIONSHIPS.items():
        frame = pd.read_csv(tables / f"{kind}.csv", dtype=str)
        own = [p.name for p in rel.properties]
        ends = ["source", "target", "source_label", "target_label"]
        assert list(frame.columns) == ends + own + (evidence if rel.evidence else [])
        for column in frame.columns:
            assert f"`{column}`" in section, column
        if not rel.evidence:
            assert len(frame) == report["edges"][kind]
    graph = read_json(out / "graph.json")
    organized = pd.read_csv(tables / "ORGANIZED.csv")
    stated = [d for *_, d in graph.edges(data=True) if d["type"] == "ORGANIZED"]
    assert len(organized) == sum(len(d["articles"]) for d in stated)  # one row per statement
    assert len(organized.drop_duplicates(["source", "target", "role"])) == len(stated)
    assert (organized["start"] < organized["end"]).all()
    orgs = pd.read_csv(tables / "Organization.csv")
    aliases = orgs["aliases"].dropna()
    assert len(aliases) and all(isinstance(json.loads(a), list) for a in aliases)


def test_tables_refuse_a_directory_holding_other_files(out, tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = kg("export", "tables", str(out), "--out", str(tmp_path))
    assert result.returncode == 1 and len(result.stderr.splitlines()) == 1
    assert "notes.txt" in result.stderr and (tmp_path / "notes.txt").read_text() == "mine"
    again = tmp_path / "again"
    assert kg("export", "tables", str(out), "--out", str(again), "-q").returncode == 0
    assert kg("export", "tables", str(out), "--out", str(again), "-q").returncode == 0  # ours


def _names(graph) -> dict[str, str]:
    return {n: d.get("name") or d["title"] for n, d in graph.nodes(data=True)}


def test_gephi_shows_names_not_types(out, tmp_path):
    """GraphML and GEXF: the attribute Gephi draws (label) is the name; the type is kept."""
    truth = read_json(out / "graph.json")
    graphml = nx.read_graphml(out / "graph.graphml")
    result = kg("export", "gexf", str(out), "--out", str(tmp_path / "g.gexf"))
    assert result.returncode == 0, result.stderr
    gexf = nx.read_gexf(tmp_path / "g.gexf")
    for shown in (graphml, gexf):
        assert {n: d["label"] for n, d in shown.nodes(data=True)} == _names(truth)
        assert {n: d["node_type"] for n, d in shown.nodes(data=True)} == {
            n: d["label"] for n, d in truth.nodes(data=True)
        }
        assert {d["label"] for *_, d in shown.edges(data=True)} <= set(RELATIONSHIPS)
    assert graphml.number_of_edges() == gexf.number_of_edges() == truth.number_of_edges()
    event = next(n for n, d in truth.nodes(data=True) if d.get("type") == "主题党日")
    assert graphml.nodes[event]["type"] == "主题党日"  # an event's own type stays
    # the same graph gives the same bytes on any day: no write date in the file
    assert "lastmodifieddate" not in (tmp_path / "g.gexf").read_text(encoding="utf-8")
