"""kg build: one graph from many articles, stable ids, --append without duplicates, safe DIRs."""

import dataclasses
import json
import shutil

import networkx as nx
import pytest
from conftest import PAGE_000, PAGE_003, SEEDS

from kg.builder import MANIFEST, BuildError, build, check_graph_dir
from kg.sinks.nodelink import read_json


@pytest.fixture(scope="module")
def seeds_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("graph")
    build([SEEDS], out)
    return out


def test_build_writes_the_graph_and_a_report(seeds_dir):
    report = json.loads((seeds_dir / MANIFEST).read_text("utf-8"))
    assert report["nodes"]["Article"] == 11
    assert report["edges"]["ORGANIZED"] >= 5
    assert report["rules_version"] and report["schema"] == "kg-graph-3"
    assert {i["file"].rsplit("/", 1)[-1] for i in report["inputs"]} == {
        PAGE_000.name,
        PAGE_003.name,
    }
    assert set(report["timings"]) >= {"read", "extract", "graph", "json", "graphml"}
    graph = read_json(seeds_dir / "graph.json")
    assert graph.number_of_nodes() == sum(report["nodes"].values())
    gephi = nx.read_graphml(seeds_dir / "graph.graphml")
    assert gephi.number_of_nodes() == graph.number_of_nodes()


def test_places_roll_up_to_their_province(seeds_dir):
    graph = read_json(seeds_dir / "graph.json")
    parent = {s: t for s, t, d in graph.edges(data=True) if d["type"] == "PART_OF"}
    node = next(n for n, d in graph.nodes(data=True) if d.get("name") == "玛纳斯镇")
    chain = []
    while node in parent:
        node = parent[node]
        chain.append(graph.nodes[node]["name"])
    assert chain == ["玛纳斯县", "昌吉回族自治州", "新疆维吾尔自治区"]


def test_facts_carry_their_evidence(seeds_dir):
    graph = read_json(seeds_dir / "graph.json")
    organized = [d for *_, d in graph.edges(data=True) if d["type"] == "ORGANIZED"]
    for data in organized:
        assert (
            len(data["articles"])
            == len(data["sentences"])
            == len(data["spans"])
            == len(data["rules"])
            >= 1
        )


def test_append_adds_only_the_new_and_readding_changes_nothing(tmp_path):
    out = tmp_path / "g"
    build([PAGE_000], out)
    first = read_json(out / "graph.json")
    report = build([PAGE_003], out, append=True)
    grown = read_json(out / "graph.json")
    # a node of the first page is still there, or folded into one the second page showed
    # it to be (its id kept in merged_ids, the report says where it went)
    absorbed = {old: n for n, d in grown.nodes(data=True) for old in d.get("merged_ids", ())}
    gone = set(first.nodes) - set(grown.nodes)
    assert gone <= set(absorbed)
    assert {m["id"]: m["into"] for m in report.merged} == {old: absorbed[old] for old in gone}
    assert grown.number_of_nodes() > first.number_of_nodes()
    before = (out / "graph.json").read_bytes()
    build([PAGE_000, PAGE_003], out, append=True)
    assert (out / "graph.json").read_bytes() == before
    together = tmp_path / "together"
    build([SEEDS], together)
    assert (together / "graph.json").read_bytes() == before  # same input, same graph, either way


def test_same_input_same_output_and_ids_do_not_depend_on_paths(tmp_path):
    copy = tmp_path / "elsewhere"
    shutil.copytree(SEEDS, copy)
    build([SEEDS], tmp_path / "a")
    build([copy], tmp_path / "b")
    a, b = read_json(tmp_path / "a" / "graph.json"), read_json(tmp_path / "b" / "graph.json")
    assert sorted(a.nodes) == sorted(b.nodes)
    assert sorted(a.edges(keys=True)) == sorted(b.edges(keys=True))


def test_people_of_the_same_name_are_not_merged_without_evidence(seeds_dir):
    graph = read_json(seeds_dir / "graph.json")
    wang = [n for n, d in graph.nodes(data=True) if d["label"] == "Person" and d["name"] == "王晓"]
    assert len(wang) == 2  # the review's correspondent and the young cadre quoted elsewhere


def test_refuses_directories_kg_did_not_make_or_cannot_read(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", "utf-8")
    with pytest.raises(BuildError, match="not a graph directory made by kg build"):
        build([PAGE_000], tmp_path)
    assert (tmp_path / "notes.txt").read_text("utf-8") == "mine"
    with pytest.raises(BuildError, match="no such graph directory"):
        build([PAGE_000], tmp_path / "missing", append=True)
    old = tmp_path / "old"
    build([PAGE_000], old)
    report = json.loads((old / MANIFEST).read_text("utf-8"))
    report["schema"] = "kg-graph-0"
    (old / MANIFEST).write_text(json.dumps(report), "utf-8")
    with pytest.raises(BuildError, match="incompatible version"):
        check_graph_dir(old)
    with pytest.raises(BuildError, match="incompatible version"):
        build([PAGE_003], old, append=True)


@pytest.mark.slow
def test_jobs_give_the_same_graph_as_one_process(tmp_path, seeds_dir):
    build([SEEDS], tmp_path / "parallel", jobs=2)
    assert (tmp_path / "parallel" / "graph.json").read_bytes() == (
        seeds_dir / "graph.json"
    ).read_bytes()
    assert (tmp_path / "parallel" / "graph.trig").read_bytes() == (
        seeds_dir / "graph.trig"
    ).read_bytes()


def test_an_empty_string_is_no_property_in_the_graph():
    from kg.extract import extract_articles
    from kg.graph.build import add_extractions, new_graph
    from kg.ingest import segment_source
    from kg.io import Metadata, Source

    [article] = segment_source(Source("t.txt", "伊宁县委组织部召开会议。", Metadata()))
    article = dataclasses.replace(article, title="")
    graph = add_extractions(new_graph(), extract_articles([article]))
    [node] = [d for _, d in graph.nodes(data=True) if d["label"] == "Article"]
    assert "title" not in node
    assert all(v != "" for _, d in graph.nodes(data=True) for v in d.values())


def test_graphml_stays_valid_xml_whatever_the_text_holds(tmp_path):
    from kg.graph.build import new_graph
    from kg.sinks.nodelink import write_graphml

    graph = new_graph()
    graph.add_node("art-a", label="Article", id="art-a", title="标题\x0b含控制符\x00", file="a.txt")
    graph.add_node("org-a", label="Organization", id="org-a", name="某局", aliases=["别\x1f名"])
    write_graphml(graph, tmp_path / "g.graphml")
    read = nx.read_graphml(tmp_path / "g.graphml")  # an XML parser would refuse \x0b
    assert read.nodes["art-a"]["title"] == "标题\ufffd含控制符\ufffd"
