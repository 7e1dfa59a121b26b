"""``kg info DIR``: what a graph directory holds (counts, inputs, dates, versions, sizes,
last build, stores in sync), as text and as JSON; through the real ``kg`` command, on
one graph of the sample pages."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from conftest import SEEDS, kg

from kg.cli.info import _date_range, _human

DATE = "2020-01-03"


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    """The sample pages, dated (they carry no date of their own)."""
    directory = tmp_path_factory.mktemp("info") / "out"
    built = kg("build", str(SEEDS), "--out", str(directory), "--date", DATE, "-q")
    assert built.returncode == 0, built.stderr
    return directory


@pytest.fixture
def copy(out, tmp_path) -> Path:
    """A copy of the graph to damage."""
    return Path(shutil.copytree(out, tmp_path / "copy"))


def info_json(directory: Path) -> dict:
    shown = kg("info", str(directory), "--json")
    assert shown.returncode == 0, shown.stderr
    assert shown.stderr == ""
    return json.loads(shown.stdout)


def test_json_says_what_the_report_says(out):
    report = json.loads((out / "kg-build.json").read_text(encoding="utf-8"))
    info = info_json(out)
    assert info["nodes"] == report["nodes"] and info["edges"] == report["edges"]
    for key in ("kg_version", "schema", "format", "rules_version", "ner", "vocabulary"):
        assert info[key] == report[key]
    assert info["kg_version"] and info["rules_version"] and info["ner"] == "all"
    assert info["inputs"] == {
        "files": len(report["inputs"]),
        "articles": sum(len(e["articles"]) for e in report["inputs"]),
        "problems": 0,
    }
    assert info["inputs"]["files"] == 2 and info["inputs"]["articles"] == report["nodes"]["Article"]
    assert info["dates"] == {"first": DATE, "last": DATE, "articles_dated": 11}
    assert info["in_sync"] is True and info["sync_problems"] == []
    assert set(info["outputs"].values()) == {"ok"}
    for name in ("graph.json", "kg.lbug", "sparql", "graph.ttl", "extracted.json"):
        assert info["outputs"][name] == "ok" and info["sizes"][name] > 0
    assert ".kg-lock" not in info["sizes"]
    assert info["total_size"] == sum(info["sizes"].values())
    mtime = (out / "kg-build.json").stat().st_mtime
    built = datetime.fromisoformat(info["built"])
    assert built.utcoffset().total_seconds() == 0
    assert abs(built.timestamp() - mtime) < 1


def test_table_for_people(out):
    shown = kg("info", str(out))
    assert shown.returncode == 0, shown.stderr
    report = json.loads((out / "kg-build.json").read_text(encoding="utf-8"))
    text = shown.stdout
    assert f"a graph built by kg {report['kg_version']}" in text
    assert f"schema {report['schema']}, format {report['format']}, NER all" in text
    assert report["rules_version"] in text
    assert "11 articles from 2 files" in text
    assert f"dates       {DATE} to {DATE} (11 of 11 articles dated)" in text
    lines = [line.split() for line in text.splitlines()]
    for label, n in [*report["nodes"].items(), *report["edges"].items()]:
        assert [label, str(n)] in lines
    assert f"nodes ({sum(report['nodes'].values())}):" in text
    assert any(line[:1] == ["kg.lbug"] and line[-1] == "MiB" for line in lines)
    assert "in sync: yes" in text


def test_a_missing_store_is_not_in_sync(copy):
    (copy / "kg.lbug").unlink()
    shutil.rmtree(copy / "sparql")
    (copy / "sparql").write_text("", encoding="utf-8")
    info = info_json(copy)
    assert info["in_sync"] is False
    assert info["outputs"]["kg.lbug"] == "missing"
    assert info["outputs"]["sparql"] == "a file, expected a directory"
    assert info["outputs"]["graph.json"] == "ok"
    text = kg("info", str(copy)).stdout
    assert "in sync: no\n  kg.lbug: missing\n  sparql: a file, expected a directory" in text


def test_a_graph_json_that_disagrees_is_not_in_sync(copy):
    graph = json.loads((copy / "graph.json").read_text(encoding="utf-8"))
    graph["nodes"] = graph["nodes"][1:]
    (copy / "graph.json").write_text(json.dumps(graph), encoding="utf-8")
    info = info_json(copy)
    assert info["in_sync"] is False
    total = sum(info["nodes"].values())
    assert info["sync_problems"] == [f"graph.json: {total - 1} nodes, the report says {total}"]


def test_a_directory_kg_did_not_make_is_one_line(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    for args in ([], ["--json"]):
        shown = kg("info", str(tmp_path), *args)
        assert shown.returncode == 1 and shown.stdout == ""
        assert shown.stderr.count("\n") == 1
        assert shown.stderr.startswith("kg: error: ") and "not a graph directory" in shown.stderr


def test_a_damaged_report_is_one_line(copy):
    (copy / "kg-build.json").write_text("{not json", encoding="utf-8")
    shown = kg("info", str(copy))
    assert shown.returncode == 1 and shown.stdout == ""
    assert shown.stderr.count("\n") == 1 and "unreadable build report" in shown.stderr


def test_date_range_and_sizes():
    nodes = [
        {"label": "Article", "date": "2020-03-01"},
        {"label": "Article", "date": "2019-12-31"},
        {"label": "Article", "date": None},
        {"label": "Event", "date": "2001-01-01"},
    ]
    assert _date_range({"nodes": nodes}) == ("2019-12-31", "2020-03-01", 2)
    assert _date_range({"nodes": nodes[2:]}) == (None, None, 0)
    assert _date_range(None) == (None, None, 0)
    assert [_human(n) for n in (0, 1023, 1536, 5 * 1024**2, 3 * 1024**4)] == [
        "0 B",
        "1023 B",
        "1.5 KiB",
        "5.0 MiB",
        "3072.0 GiB",
    ]


def test_undated_articles_say_unknown(copy):
    graph = json.loads((copy / "graph.json").read_text(encoding="utf-8"))
    for node in graph["nodes"]:
        node.pop("date", None)
    (copy / "graph.json").write_text(json.dumps(graph), encoding="utf-8")
    assert info_json(copy)["dates"] == {"first": None, "last": None, "articles_dated": 0}
    assert "dates       unknown (no article has a date)" in kg("info", str(copy)).stdout
