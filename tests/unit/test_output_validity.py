"""Outputs are valid for any text kg accepts, and names are shown on one line (issue 16).

A JSONL record's title and text may hold any character but a lone surrogate (JSON
escapes carry control characters in). Whatever they hold, graph.json and ``kg extract
--json`` load back with json.loads, and the Turtle, TriG and JSON-LD parse back (rdflib
and pyoxigraph) with the same strings; GraphML holds U+FFFD where XML forbids a
character. Output directory names are shown escaped (kg.io.shown), so a newline or a
byte that is not UTF-8 in ``--out DIR`` leaves an error or summary one line of UTF-8.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.extract import extract_articles
from kg.extract.output import document
from kg.graph.build import add_extractions, new_graph
from kg.ingest import read_articles
from kg.resolve import resolve
from kg.sinks.nodelink import write_graphml, write_json
from kg.sinks.rdf import graph_to_rdf, serialize

# rdflib 7.6 warns about its own deprecated Dataset.default_context inside Dataset.parse.
RDFLIB_DATASET = pytest.mark.filterwarnings("ignore:.*deprecated.*:DeprecationWarning")

# What breaks a writer that escapes too little: C0 and C1 controls, DEL, line and
# paragraph separators, non-characters, quotes, backslashes, Turtle's long-string quote,
# IRI brackets.
HOSTILE = [chr(c) for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)]]
HOSTILE += ["\u2028", "\u2029", "\ufffe", "\uffff", '"', "'", "\\", '"""', "'''", ">", "<"]
HOSTILE += ["\\u0000", "\\n", "@zh", "^^", "{", "}", " ", "\u3000"]
CHINESE = ["伊宁县委组织部", "召开", "主题党日活动", "记者张三", "。", "，", "“", "”", "某村"]
pieces = st.lists(st.sampled_from(HOSTILE) | st.sampled_from(CHINESE), max_size=24).map("".join)

# the characters XML 1.0 forbids (kg.sinks.nodelink writes them as U+FFFD in GraphML)
NOT_XML = {*map(chr, range(0x20)), "\ufffe", "\uffff"} - {"\t", "\n", "\r"}


def articles_of(tmp: Path, title: str, body: str, page: str):
    """What kg reads from one JSONL record (written with JSON escapes, as a corpus would)."""
    record = {"title": title, "text": f"伊宁县委组织部召开会议。{body}某村开展主题党日活动。"}
    record.update(newspaper=f"某报{page}", page=page, date="2020-02-03")
    path = tmp / "record.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="ascii")
    read = read_articles([path])
    assert not read.errors, [str(p) for p in read.errors]
    return read.articles


def strings(value) -> set[str]:
    """Every string in a JSON-like value, keys included."""
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return {s for k, v in value.items() for s in strings(k) | strings(v)}
    if isinstance(value, list | tuple):
        return {s for v in value for s in strings(v)}
    return set()


def literals_ox(data: bytes, fmt: ox.RdfFormat) -> set[str]:
    return {q.object.value for q in ox.parse(data, fmt) if isinstance(q.object, ox.Literal)}


def literals_rdflib(data: bytes, fmt: str) -> set[str]:
    graph = rdflib.Dataset() if fmt in ("trig", "json-ld") else rdflib.Graph()
    graph.parse(data=data, format=fmt)
    quads = graph.quads() if isinstance(graph, rdflib.Dataset) else graph
    return {str(q[2]) for q in quads if isinstance(q[2], rdflib.Literal)}


def check_json(graph: nx.MultiDiGraph, extractions, path: Path) -> None:
    write_json(graph, path)
    loaded = json.loads(path.read_bytes().decode("utf-8"))  # strict UTF-8, strict JSON
    assert strings(loaded) == strings(nx.node_link_data(graph, edges="edges"))
    doc = document(extractions, "0", extractions[0].rules_version)
    # as `kg extract --json` writes it
    text = json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8").decode("utf-8")
    assert json.loads(text) == json.loads(json.dumps(doc))


def check_rdf(graph: nx.MultiDiGraph, title: str) -> None:
    quads = graph_to_rdf(graph)
    expected = {q.object.value for q in quads if isinstance(q.object, ox.Literal)}
    assert not title or title in expected  # the headline, not lost on the way
    for name, ox_format, rdflib_format in (
        ("turtle", ox.RdfFormat.TURTLE, "turtle"),
        ("trig", ox.RdfFormat.TRIG, "trig"),
        ("jsonld", ox.RdfFormat.JSON_LD, "json-ld"),
    ):
        data = serialize(quads, name)
        if name == "jsonld":
            json.loads(data.decode("utf-8"))
        assert literals_ox(data, ox_format) == expected, name
        assert literals_rdflib(data, rdflib_format) == expected, name


def check_graphml(graph: nx.MultiDiGraph, path: Path) -> None:
    write_graphml(graph, path)
    read = nx.read_graphml(path)  # an XML parser: one forbidden character fails it
    for node, data in graph.nodes(data=True):
        title = data.get("title")
        if title is not None:
            shown = "".join("\ufffd" if c in NOT_XML else c for c in title)
            assert read.nodes[node]["title"] == shown


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("validity")


@RDFLIB_DATASET
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=pieces, body=pieces, page=pieces)
def test_every_output_parses_back_with_the_same_strings(scratch, title, body, page):
    [article] = articles_of(scratch, title, body, page)
    extractions = extract_articles([article], ner="off")
    graph = add_extractions(new_graph(), extractions)
    resolve(graph)
    check_json(graph, extractions, scratch / "graph.json")
    check_rdf(graph, article.title or "")
    check_graphml(graph, scratch / "graph.graphml")


# --- through the command line: the bytes kg writes, and DIR names in its lines -----------

KG = str(Path(sys.executable).with_name("kg"))
HOSTILE_TEXT = "".join(HOSTILE)


def kg(*args: str) -> subprocess.CompletedProcess:
    """Run kg; stdout and stderr as bytes, so invalid UTF-8 is seen, not decoded away."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([KG, *args], capture_output=True, cwd=ROOT, env=env, timeout=300)


def one_utf8_line(data: bytes) -> str:
    text = data.decode("utf-8")  # strict: a lone surrogate or a raw \xff fails here
    assert text.endswith("\n") and text.count("\n") == 1, text
    return text


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess, str]:
    """`kg build` of one hostile record into a DIR whose name holds a newline."""
    tmp = tmp_path_factory.mktemp("cli")
    record = {"title": f"标题{HOSTILE_TEXT}尾", "text": f"伊宁县委组织部召开会议。{HOSTILE_TEXT}。"}
    record.update(page=HOSTILE_TEXT, newspaper=f"某报{HOSTILE_TEXT}", date="2020-02-03")
    (tmp / "r.jsonl").write_text(json.dumps(record) + "\n", encoding="ascii")
    out = tmp / "graph\ndir"
    done = kg("build", str(tmp / "r.jsonl"), "--out", str(out), "--ner", "off", "-q")
    [article] = read_articles([tmp / "r.jsonl"]).articles
    return out, done, article.title


@RDFLIB_DATASET
def test_build_summary_is_one_line_and_the_files_parse_back(built):
    out, done, title = built
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    assert one_utf8_line(done.stdout).startswith(str(out.parent / "graph\\x0adir: "))
    json.loads((out / "graph.json").read_bytes().decode("utf-8"))
    for name, ox_format, rdflib_format in (
        ("graph.ttl", ox.RdfFormat.TURTLE, "turtle"),
        ("graph.trig", ox.RdfFormat.TRIG, "trig"),
        ("graph.jsonld", ox.RdfFormat.JSON_LD, "json-ld"),
    ):
        data = (out / name).read_bytes()
        assert title in literals_ox(data, ox_format), name
        assert title in literals_rdflib(data, rdflib_format), name


def test_extract_json_is_utf8_json_with_the_same_title(built):
    out, _, title = built
    done = kg("extract", str(out.parent / "r.jsonl"), "--json", "--ner", "off", "-q")
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    [article] = json.loads(done.stdout.decode("utf-8"))["articles"]
    assert article["title"] == title


def test_export_summary_is_one_line(built, tmp_path):
    out, _, _ = built
    target = tmp_path / "csv\nout"
    done = kg("export", "neo4j-admin", str(out), "--out", str(target))
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    assert "csv\\x0aout: " in one_utf8_line(done.stderr)


def test_a_dir_name_that_is_not_utf8_is_refused_in_one_line(built, tmp_path):
    # LadybugDB and Oxigraph open only UTF-8 paths: the build died with a TypeError
    out = tmp_path / os.fsdecode(b"graph\n\xff")
    done = kg("build", str(built[0].parent / "r.jsonl"), "--out", str(out), "--ner", "off")
    assert done.returncode == 1
    line = one_utf8_line(done.stderr)
    assert "graph\\x0a\\xff: the name is not valid UTF-8" in line


def test_build_errors_show_dir_on_one_line(tmp_path):
    from kg.atomic import locked
    from kg.builder import BuildError, build

    taken = tmp_path / "a\nfile"
    taken.write_text("x", encoding="utf-8")
    with pytest.raises(BuildError) as refused:
        build([], taken)
    assert str(refused.value) == f"{tmp_path}/a\\x0afile: exists and is not a directory"
    busy = tmp_path / "busy\ndir"
    with locked(busy), pytest.raises(BuildError) as second:
        build([], busy)
    assert "busy\\x0adir: another kg build" in str(second.value)
    assert "\n" not in str(second.value)


def test_failed_inputs_are_counted_by_file_whatever_the_name(tmp_path):
    from kg.cli.read import _failed

    (tmp_path / "a:1.jsonl").write_text('{"text": "伊宁县开展活动。"}\nnot json\n', "utf-8")
    (tmp_path / "b:2.jsonl").write_text("not json\n{]\n", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text("{]\n", encoding="utf-8")
    result = read_articles([tmp_path])
    assert sorted({p.file for p in result.errors}) == [
        str(tmp_path / name) for name in ("a:1.jsonl", "b.jsonl", "b:2.jsonl")
    ]
    assert _failed(result) == 2  # a:1.jsonl gave an article; b and b:2 nothing
