"""``kg load`` / :func:`kg.sinks.neo4j.load_neo4j` against a real Bolt server.

The server is ArcadeDB started by conftest.py, or a real Neo4j 5 when NEO4J_URI is set.
What was loaded is read back with the official driver and compared with graph.json.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import socket
import subprocess
import sys
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from kg.builder import GRAPH_JSON, BuildError, build
from kg.graph.schema import NODES, RELATIONSHIPS
from kg.graph.tables import graph_tables
from kg.query.answers import tidy
from kg.query.catalog import ask
from kg.query.cypher import CATALOG_CYPHER, EVIDENCE_TYPES, catalog_query
from kg.sinks.neo4j import INDEXED, Neo4jError, load_graph, load_neo4j
from kg.sinks.nodelink import read_json

pytestmark = pytest.mark.neo4j

ROOT = Path(__file__).resolve().parents[2]
PAGE_000 = ROOT / "seeds" / "000_06b3d37febc2af4e.txt"
PAGE_003 = ROOT / "seeds" / "003_aad79934b43c83ad.txt"


def load(server, directory, **options):
    return load_neo4j(
        directory, server.uri, server.user, server.password, database=server.database, **options
    )


def run(driver, server, query, **params):
    return driver.execute_query(query, params, database_=server.database).records


# -- what the database holds vs what graph.json says --------------------------------------


def _plain(value):
    if hasattr(value, "to_native") and not isinstance(value, dt.date):
        return value.to_native()
    if isinstance(value, list):
        return tuple(_plain(v) for v in value)
    return value


def stored(driver, server):
    """The database's nodes {id: (labels, props)} and relationships as a Counter."""
    nodes = {
        rec["id"]: (tuple(sorted(rec["labels"])), _frozen(rec["props"]))
        for rec in run(
            driver,
            server,
            "MATCH (n) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props",
        )
    }
    rels = Counter(
        (rec["type"], rec["s"], rec["t"], _frozen(rec["props"]))
        for rec in run(
            driver,
            server,
            "MATCH (s)-[r]->(t) RETURN type(r) AS type, s.id AS s, t.id AS t, "
            "properties(r) AS props",
        )
    )
    return nodes, rels


def expected(graph: nx.MultiDiGraph):
    """What a faithful load of ``graph`` stores, in the shape of :func:`stored`."""
    tables = graph_tables(graph)
    nodes = {}
    for label, rows in tables.nodes.items():
        for row in rows:
            props = dict(zip(tables.node_columns(label), row, strict=True))
            nodes[props["id"]] = ((label,), _frozen(props))
    rels = Counter()
    for (kind, _, _), rows in tables.relationships.items():
        for source, target, *values in rows:
            props = dict(zip(tables.relationship_columns(kind)[2:], values, strict=True))
            rels[(kind, source, target, _frozen(props))] += 1
    return nodes, rels


def _frozen(props: dict) -> tuple:
    return tuple(sorted((k, _plain(v)) for k, v in props.items() if v is not None))


def graph_counts(graph) -> tuple[Counter, Counter]:
    return (
        Counter(d["label"] for _, d in graph.nodes(data=True)),
        Counter(d["type"] for *_, d in graph.edges(data=True)),
    )


def db_counts(driver, server) -> tuple[Counter, Counter]:
    nodes = Counter()
    for rec in run(driver, server, "MATCH (n) RETURN labels(n) AS labels"):
        nodes.update(rec["labels"])
    rels = Counter(rec["t"] for rec in run(driver, server, "MATCH ()-[r]->() RETURN type(r) AS t"))
    return nodes, rels


# -- tests ----------------------------------------------------------------------------------


def test_constraints_and_indexes_are_created_and_enforced(empty_db, bolt_driver, seed_dir):
    load(empty_db, seed_dir)
    constraints = {
        (tuple(rec["labelsOrTypes"]), tuple(rec["properties"]))
        for rec in run(bolt_driver, empty_db, "SHOW CONSTRAINTS")
        if "UNIQUE" in rec["type"]
    }
    assert {((label,), ("id",)) for label in NODES} <= constraints
    indexed = {
        (tuple(rec["labelsOrTypes"] or ()), tuple(rec["properties"] or ()))
        for rec in run(bolt_driver, empty_db, "SHOW INDEXES")
    }
    assert {((label,), (prop,)) for label, props in INDEXED.items() for prop in props} <= indexed
    from neo4j.exceptions import ConstraintError

    some_id = next(iter(read_json(seed_dir / GRAPH_JSON).nodes))
    label = read_json(seed_dir / GRAPH_JSON).nodes[some_id]["label"]
    with pytest.raises(ConstraintError):
        run(bolt_driver, empty_db, f"CREATE (:{label} {{id: $id}})", id=some_id)


def test_load_stores_the_graph_exactly_and_a_second_load_changes_nothing(
    empty_db, bolt_driver, seed_dir
):
    graph = read_json(seed_dir / GRAPH_JSON)
    first = load(empty_db, seed_dir, batch_size=7)
    want_nodes, want_rels = expected(graph)
    assert stored(bolt_driver, empty_db) == (want_nodes, want_rels)
    assert first.totals()["nodes"] == {"created": len(want_nodes), "updated": 0, "unchanged": 0}
    assert first.totals()["relationships"] == {
        "created": graph.number_of_edges(),
        "updated": 0,
        "unchanged": 0,
    }
    counts = db_counts(bolt_driver, empty_db)
    assert counts == graph_counts(graph)

    second = load(empty_db, seed_dir)
    assert db_counts(bolt_driver, empty_db) == counts
    assert stored(bolt_driver, empty_db) == (want_nodes, want_rels)
    assert second.totals()["nodes"] == {"created": 0, "updated": 0, "unchanged": len(want_nodes)}
    assert second.totals()["relationships"] == {
        "created": 0,
        "updated": 0,
        "unchanged": graph.number_of_edges(),
    }
    per_label = {label: sum(c.values()) for label, c in second.nodes.items()}
    assert per_label == {label: graph_counts(graph)[0][label] for label in NODES}


def test_dates_lists_and_chinese_text_round_trip(empty_db, bolt_driver, seed_dir):
    import neo4j.time

    graph = read_json(seed_dir / GRAPH_JSON)
    load(empty_db, seed_dir)
    dated = {n: d["date"] for n, d in graph.nodes(data=True) if d.get("date")}
    assert dated, "the sample pages name dated events"
    records = run(
        bolt_driver,
        empty_db,
        "MATCH (n) WHERE n.date >= date('1900-01-01') RETURN n.id AS id, n.date AS date",
    )
    assert all(isinstance(rec["date"], neo4j.time.Date) for rec in records)
    assert {rec["id"]: rec["date"].iso_format() for rec in records} == dated
    org, data = max(
        ((n, d) for n, d in graph.nodes(data=True) if d["label"] == "Organization"),
        key=lambda item: (len(item[1].get("aliases", [])), item[0]),
    )
    assert len(data["aliases"]) > 1
    (rec,) = run(
        bolt_driver,
        empty_db,
        "MATCH (o:Organization {name: $name}) RETURN o.id AS id, o.aliases AS aliases",
        name=data["name"],
    )
    assert (rec["id"], rec["aliases"]) == (org, data["aliases"])
    source, target, data = next(
        (s, t, d) for s, t, d in graph.edges(data=True) if d["type"] == "HOLDS_POSITION"
    )
    (rec,) = run(
        bolt_driver,
        empty_db,
        "MATCH (:Person {id: $s})-[h:HOLDS_POSITION {title: $title}]->(:Organization {id: $t}) "
        "RETURN h.sentences AS sentences, h.spans AS spans",
        s=source,
        t=target,
        title=data["title"],
    )
    assert (rec["sentences"], rec["spans"]) == (data["sentences"], data["spans"])


def _catalog_cases(directory):
    """Every catalog query, without parameters and with a value read off its own rows."""
    cases = [(name, {}) for name in CATALOG_CYPHER if name != "evidence"]
    cases += [("evidence", {"type": kind}) for kind in EVIDENCE_TYPES]
    for name, column in (("theme-party-days", "county"), ("organizers", "organization")):
        columns, rows = ask(directory, name)
        cases.append((name, {column: rows[0][columns.index(column)]}))
    for kind in EVIDENCE_TYPES:
        columns, rows = ask(directory, "evidence", {"type": kind})
        if rows:
            row = dict(zip(columns, rows[-1], strict=True))
            cases.append(("evidence", {"type": kind, "source": row["source"]}))
            cases.append(("evidence", {"type": kind, "target": row["target"]}))
    return cases


def test_catalog_queries_return_the_embedded_stores_rows(empty_db, bolt_driver, seed_dir):
    load(empty_db, seed_dir)
    cases = _catalog_cases(seed_dir)
    assert len(cases) > len(CATALOG_CYPHER) + len(EVIDENCE_TYPES)
    nonempty = 0
    for name, params in cases:
        columns, rows = ask(seed_dir, name, params)
        query, values = catalog_query(name, params, dialect="neo4j")
        result = bolt_driver.execute_query(query, values, database_=empty_db.database)
        got = [[_iso(v) for v in rec.values()] for rec in result.records]
        assert tidy(name, list(result.keys), got) == (columns, rows), (name, params)
        nonempty += bool(rows)
    assert nonempty >= len(cases) - 2  # the comparison is not between empty answers


def _iso(value):
    return value.iso_format() if hasattr(value, "iso_format") else value


def test_append_then_load_adds_only_what_is_new(empty_db, bolt_driver, tmp_path):
    out = tmp_path / "grown"
    build([str(PAGE_000)], out)
    before = read_json(out / GRAPH_JSON)
    load(empty_db, out)
    build([str(PAGE_003)], out, append=True)
    after = read_json(out / GRAPH_JSON)
    summary = load(empty_db, out, batch_size=10)

    old_nodes, _old_rels = expected(before)
    new_nodes, new_rels = expected(after)
    created = [n for n in new_nodes if n not in old_nodes]
    changed = [n for n in new_nodes if n in old_nodes and new_nodes[n] != old_nodes[n]]
    # a node of page 000 that page 003 showed to be one with another is folded into it
    superseded = [n for n in old_nodes if n not in new_nodes]
    assert created, "page 003 brings new entities"
    assert superseded, "page 003 shows a person of page 000 to be one of its own"
    assert summary.totals()["nodes"] == {
        "created": len(created),
        "updated": len(changed),
        "unchanged": len(old_nodes) - len(changed) - len(superseded),
    }
    assert sum(summary.removed.values()) == len(superseded)
    old_keys = {(s, t, k) for s, t, k in before.edges(keys=True)}
    new_keys = [(s, t, k) for s, t, k in after.edges(keys=True) if (s, t, k) not in old_keys]
    grown = [
        (s, t, k)
        for s, t, k in after.edges(keys=True)
        if (s, t, k) in old_keys and after.edges[s, t, k] != before.edges[s, t, k]
    ]
    kept = [(s, t, k) for s, t, k in after.edges(keys=True) if (s, t, k) in old_keys]
    assert summary.totals()["relationships"] == {
        "created": len(new_keys),
        "updated": len(grown),
        "unchanged": len(kept) - len(grown),
    }
    # nothing stale: the superseded nodes and their relationships are gone
    assert stored(bolt_driver, empty_db) == (new_nodes, new_rels)


# Names that would break a query built by pasting text, and text that stresses storage.
HOSTILE = [
    "`}) DETACH DELETE n //",
    "'; MATCH (n) DETACH DELETE n; //",
    '"}) SET n.pwned = true //',
    "Robert`)-[:X]->(y) //\\",
    "党支部\x00隐藏",
    "😀🇨🇳 emoji 组织部",
    "$rows {id: 1}",
]
LONG = "很长的句子。" * 20_000  # 120,000 characters, 360 kB of UTF-8


def _hostile_graph(graph: nx.MultiDiGraph) -> tuple[nx.MultiDiGraph, list[str]]:
    """``graph`` plus organizations and a person with hostile names, tied to real nodes."""
    hostile = graph.copy()
    event = next(n for n, d in graph.nodes(data=True) if d["label"] == "Event")
    place = next(n for n, d in graph.nodes(data=True) if d["label"] == "Place")
    article = next(n for n, d in graph.nodes(data=True) if d["label"] == "Article")
    added = []
    for i, name in enumerate(HOSTILE):
        nid = f"org-hostile-{i}" if i else "org-`}) DETACH DELETE n //"
        hostile.add_node(nid, label="Organization", id=nid, name=name, kind=name, aliases=HOSTILE)
        evidence = {"articles": [article], "sentences": [LONG], "spans": ["0:1"], "rules": [name]}
        hostile.add_edge(nid, event, key=f"ORGANIZED|{i}", type="ORGANIZED", role=name, **evidence)
        hostile.add_edge(nid, place, key="LOCATED_IN", type="LOCATED_IN", **evidence)
        added.append(nid)
    hostile.add_node("per-hostile", label="Person", id="per-hostile", name="\x00" + HOSTILE[0])
    hostile.add_edge(article, "per-hostile", key="MENTIONS", type="MENTIONS", count=2**62)
    hostile.nodes[event]["theme"] = LONG + HOSTILE[0]  # a long value on an existing node
    return hostile, [*added, "per-hostile", event]


def test_hostile_names_change_nothing_but_their_own_values(empty_db, bolt_driver, seed_dir):
    graph = read_json(seed_dir / GRAPH_JSON)
    load(empty_db, seed_dir)
    base_nodes, base_rels = stored(bolt_driver, empty_db)
    hostile, touched = _hostile_graph(graph)

    summary = load_graph(
        hostile,
        empty_db.uri,
        empty_db.user,
        empty_db.password,
        database=empty_db.database,
        batch_size=3,
    )
    nodes, rels = stored(bolt_driver, empty_db)
    assert (nodes, rels) == expected(hostile)  # every hostile value stored exactly
    assert {n: v for n, v in nodes.items() if n not in touched} == {
        n: v for n, v in base_nodes.items() if n not in touched
    }
    added = expected(hostile)[1] - expected(graph)[1]
    assert rels == base_rels + added  # the base graph's relationships all intact
    assert summary.totals()["nodes"] == {
        "created": len(touched) - 1,
        "updated": 1,
        "unchanged": graph.number_of_nodes() - 1,
    }
    assert summary.totals()["relationships"] == {
        "created": hostile.number_of_edges() - graph.number_of_edges(),
        "updated": 0,
        "unchanged": graph.number_of_edges(),
    }
    assert not run(bolt_driver, empty_db, "MATCH (n) WHERE n.pwned IS NOT NULL RETURN n")
    assert not run(bolt_driver, empty_db, "MATCH ()-[r:X]->() RETURN r")


def test_an_indexed_value_too_long_for_neo4j_is_refused_before_writing(
    empty_db, bolt_driver, seed_dir
):
    graph = read_json(seed_dir / GRAPH_JSON)
    org = next(n for n, d in graph.nodes(data=True) if d["label"] == "Organization")
    graph.nodes[org]["name"] = LONG
    with pytest.raises(Neo4jError) as error:
        load_graph(
            graph, empty_db.uri, empty_db.user, empty_db.password, database=empty_db.database
        )
    message = str(error.value)
    assert "\n" not in message and org in message and "Organization.name" in message
    assert not run(bolt_driver, empty_db, "MATCH (n) RETURN n LIMIT 1")


# -- the command: passwords, errors ----------------------------------------------------------


def _cli(server, directory, *extra):
    args = ["load", str(directory), "--uri", server.uri, "--user", server.user]
    return args + (["--database", server.database] if server.database else []) + list(extra)


def test_cli_loads_and_never_prints_the_password(empty_db, bolt_driver, seed_dir, run_kg):
    done = run_kg(*_cli(empty_db, seed_dir, "--json"), env={"NEO4J_PASSWORD": empty_db.password})
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    graph = read_json(seed_dir / GRAPH_JSON)
    assert summary["totals"]["nodes"]["created"] == graph.number_of_nodes()
    assert db_counts(bolt_driver, empty_db) == graph_counts(graph)
    again = run_kg(*_cli(empty_db, seed_dir), env={"NEO4J_PASSWORD": empty_db.password})
    assert again.returncode == 0, again.stderr
    assert f"{graph.number_of_nodes():,} unchanged" in again.stdout
    for result in (done, again):
        assert empty_db.password not in result.stdout + result.stderr


def test_cli_wrong_password_is_one_line_and_exit_1(empty_db, bolt_driver, seed_dir, run_kg):
    wrong = "Wrong-Pa55word-" + os.urandom(4).hex()
    done = run_kg(*_cli(empty_db, seed_dir), env={"NEO4J_PASSWORD": wrong})
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: error: ")
    assert "authentication failed" in lines[0] and empty_db.uri in lines[0]
    assert wrong not in done.stdout + done.stderr
    assert empty_db.password not in done.stdout + done.stderr
    assert not run(bolt_driver, empty_db, "MATCH (n) RETURN n LIMIT 1")


def test_cli_server_down_is_one_line_and_exit_1(seed_dir, run_kg):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))  # bound, never listening: connections are refused
    try:
        uri = f"bolt://127.0.0.1:{closed.getsockname()[1]}"
        secret = "Down-Pa55word-" + os.urandom(4).hex()
        done = run_kg("load", str(seed_dir), "--uri", uri, env={"NEO4J_PASSWORD": secret})
    finally:
        closed.close()
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"kg: error: {uri}: no Bolt server answers")
    assert secret not in done.stdout + done.stderr


def test_cli_without_a_password_and_no_terminal_says_how_to_give_one(seed_dir, bolt_server):
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_PASSWORD"}
    done = subprocess.run(
        [str(Path(sys.executable).with_name("kg")), *_cli(bolt_server, seed_dir)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env=env,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "kg: error: no password: set NEO4J_PASSWORD (kg never takes it on the command line)"
    ]


def test_cli_refuses_credentials_in_the_uri_without_echoing_them(seed_dir, run_kg):
    done = run_kg("load", str(seed_dir), "--uri", "bolt://neo4j:S3cret-in-uri@127.0.0.1:7687")
    assert done.returncode == 2
    assert "S3cret-in-uri" not in done.stdout + done.stderr
    assert "NEO4J_PASSWORD" in done.stderr


# -- a connection cut mid-load -----------------------------------------------------------------


def _through(server, proxy, directory, cut_after_batches, *, refuse, retry_seconds=30.0):
    """Load through the proxy with batches of 10, cutting 200 bytes into batch N + 1."""
    seen = []

    def progress(what, done, total):
        if not done:
            return  # connected, before the first batch
        seen.append(done)
        if len(seen) == cut_after_batches:
            proxy.cut_after(200, refuse=refuse)

    summary = load_neo4j(
        directory,
        proxy.uri,
        server.user,
        server.password,
        database=server.database,
        batch_size=10,
        progress=progress,
        retry_seconds=retry_seconds,
    )
    return summary, seen


def test_a_load_cut_off_mid_batch_then_run_again_converges(empty_db, bolt_driver, seed_dir, proxy):
    load(empty_db, seed_dir)
    uninterrupted = stored(bolt_driver, empty_db)
    run(bolt_driver, empty_db, "MATCH (n) DETACH DELETE n")

    with pytest.raises(Neo4jError) as error:
        _through(empty_db, proxy, seed_dir, 3, refuse=True, retry_seconds=1.0)
    assert proxy.cuts == 1
    message = str(error.value)
    assert "\n" not in message and "after 3 batches" in message and empty_db.password not in message
    # nodes go label by label in schema order, 10 a batch: the three whole batches are in,
    # the batch cut mid-transaction left nothing behind
    graph = read_json(seed_dir / GRAPH_JSON)
    sizes = [
        min(10, n - start)
        for label in NODES
        for n in [graph_counts(graph)[0][label]]
        for start in range(0, n, 10)
    ]
    (count,) = run(bolt_driver, empty_db, "MATCH (n) RETURN count(n) AS n")
    assert count["n"] == sum(sizes[:3])

    summary = load(empty_db, seed_dir)
    assert stored(bolt_driver, empty_db) == uninterrupted
    assert summary.totals()["nodes"]["unchanged"] == sum(sizes[:3])
    assert summary.totals()["nodes"]["created"] == graph.number_of_nodes() - sum(sizes[:3])


def test_a_dropped_connection_is_retried_without_duplicates(
    empty_db, bolt_driver, seed_dir, proxy, caplog
):
    with caplog.at_level(logging.WARNING, logger="neo4j"):
        summary, seen = _through(empty_db, proxy, seed_dir, 4, refuse=False)
    assert proxy.cuts == 1
    assert any("will be retried" in r.getMessage() for r in caplog.records)  # the driver's retry
    graph = read_json(seed_dir / GRAPH_JSON)
    assert stored(bolt_driver, empty_db) == expected(graph)
    assert summary.totals()["nodes"]["created"] == graph.number_of_nodes()
    assert summary.totals()["relationships"]["created"] == graph.number_of_edges()
    assert seen[-1] == graph.number_of_nodes() + graph.number_of_edges()


def test_every_relationship_type_and_label_of_the_schema_is_loaded(empty_db, bolt_driver, seed_dir):
    load(empty_db, seed_dir)
    nodes, rels = db_counts(bolt_driver, empty_db)
    assert set(nodes) == set(NODES)
    assert set(rels) == set(RELATIONSHIPS)


def test_load_refuses_a_directory_kg_did_not_make(empty_db, tmp_path):
    (tmp_path / "stray.txt").write_text("x")
    with pytest.raises(BuildError, match="not a graph directory"):
        load(empty_db, tmp_path)
