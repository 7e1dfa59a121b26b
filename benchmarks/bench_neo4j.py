"""Loading into a Bolt server: batched ``kg load`` vs a naive one-row-per-transaction loader.

Usage:
    python benchmarks/bench_neo4j.py [--copies 60] [--batch-sizes 100,1000,5000] [--repeat 5]

The graph is the seed pages' graph (built here from seeds/) repeated --copies times with
distinct ids: real extractions' values (Chinese names, dates, evidence sentences), in
the shapes kg makes, at a size that matters. The server is an ArcadeDB started here
(as the integration tests do), or the Neo4j at NEO4J_URI (with NEO4J_USER,
NEO4J_PASSWORD, NEO4J_DATABASE) — its database is emptied. Both loaders run on the same
server in the same run, into an emptied database each time ("kg load again": once more
over the loaded graph, everything unchanged). Nodes and relationships are timed
separately from the first batch on; "end to end" adds kg's preparation (rows checked
against the schema, connecting, constraints). Prints rows/s, medians of --repeat runs.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "integration"))
from conftest import ArcadeDB, BoltServer  # noqa: E402 - the tests' server starter

from kg.extract import extract_paths  # noqa: E402
from kg.graph.build import add_extractions, new_graph  # noqa: E402
from kg.graph.tables import graph_tables  # noqa: E402
from kg.sinks.neo4j import load_graph  # noqa: E402


def corpus(copies: int) -> nx.MultiDiGraph:
    """The seed graph ``copies`` times over, each copy's ids suffixed ``~k``."""
    seed = add_extractions(new_graph(), extract_paths([str(ROOT / "seeds")]).extractions)
    graph = new_graph()
    for k in range(copies):
        ids = {n: f"{n}~{k}" for n in seed}
        for n, data in seed.nodes(data=True):
            graph.add_node(ids[n], **{**data, "id": ids[n]})
        for s, t, key, data in seed.edges(keys=True, data=True):
            graph.add_edge(ids[s], ids[t], key=key, **data)
    return graph


def timed_load(server: BoltServer, graph, batch_size: int) -> tuple[float, float, float]:
    """Seconds of one batched load: preparing (rows checked against the schema, connecting,
    constraints), the nodes, the relationships."""
    marks = {}

    def progress(what: str, done: int, total: int) -> None:
        phase = "ready" if not done else "nodes" if what.startswith("nodes") else "rels"
        marks[phase] = time.perf_counter()

    start = time.perf_counter()
    load_graph(
        graph,
        server.uri,
        server.user,
        server.password,
        database=server.database,
        batch_size=batch_size,
        progress=progress,
    )
    return marks["ready"] - start, marks["nodes"] - marks["ready"], marks["rels"] - marks["nodes"]


def naive_load(driver, server: BoltServer, graph, limit: int) -> tuple[float, float, int, int]:
    """One MERGE per node and one CREATE per relationship, each its own transaction,
    for the first ``limit`` nodes and relationships (their endpoints loaded first)."""
    tables = graph_tables(graph)
    nodes = [
        (label, dict(zip(tables.node_columns(label), row, strict=True)))
        for label, rows in tables.nodes.items()
        for row in rows
    ]
    rels = [(group, row) for group, rows in tables.relationships.items() for row in rows][:limit]
    with driver.session(database=server.database) as session:
        start = time.perf_counter()
        for label, props in nodes[:limit]:
            session.execute_write(
                lambda tx, label=label, props=props: tx.run(
                    f"MERGE (n:`{label}` {{id: $id}}) SET n += $props", id=props["id"], props=props
                ).consume()
            )
        node_seconds = time.perf_counter() - start
        ends = {s for _, (s, t, *_) in rels} | {t for _, (s, t, *_) in rels}
        loaded = {props["id"] for _, props in nodes[:limit]}
        for label, props in nodes:  # endpoints, untimed
            if props["id"] in ends - loaded:
                session.execute_write(
                    lambda tx, label=label, props=props: tx.run(
                        f"MERGE (n:`{label}` {{id: $id}}) SET n += $props",
                        id=props["id"],
                        props=props,
                    ).consume()
                )
        start = time.perf_counter()
        for (kind, source, target), (s, t, *values) in rels:
            props = dict(zip(tables.relationship_columns(kind)[2:], values, strict=True))
            session.execute_write(
                lambda tx, q=(kind, source, target), s=s, t=t, props=props: tx.run(
                    f"MATCH (s:`{q[1]}` {{id: $s}}) MATCH (t:`{q[2]}` {{id: $t}}) "
                    f"CREATE (s)-[r:`{q[0]}`]->(t) SET r += $props",
                    s=s,
                    t=t,
                    props=props,
                ).consume()
            )
        rel_seconds = time.perf_counter() - start
    return node_seconds, rel_seconds, min(limit, len(nodes)), len(rels)


def main() -> None:
    import neo4j

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=60)
    parser.add_argument("--batch-sizes", default="100,1000,5000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--naive-rows", type=int, default=1500, help="rows per naive run")
    args = parser.parse_args()
    sizes = [int(s) for s in args.batch_sizes.split(",")]
    graph = corpus(args.copies)
    n_nodes, n_rels = graph.number_of_nodes(), graph.number_of_edges()

    with tempfile.TemporaryDirectory() as tmp:
        started = (
            nullcontext(
                BoltServer(
                    os.environ["NEO4J_URI"],
                    os.environ.get("NEO4J_USER", "neo4j"),
                    os.environ["NEO4J_PASSWORD"],
                    os.environ.get("NEO4J_DATABASE") or None,
                    "neo4j",
                )
            )
            if os.environ.get("NEO4J_URI")
            else ArcadeDB(Path(tmp) / "arcadedb")
        )
        with started as server:
            driver = neo4j.GraphDatabase.driver(server.uri, auth=(server.user, server.password))
            agent = driver.get_server_info().agent

            def empty() -> None:
                driver.execute_query("MATCH (n) DETACH DELETE n", database_=server.database)

            # warm up (the JVM compiles as it goes) and create the schema; then the
            # loaders take turns, so that a busy moment of a shared machine hits all alike
            empty()
            timed_load(server, graph, 1000)
            empty()
            naive_load(driver, server, graph, args.naive_rows // 5)
            results = {size: ([], []) for size in sizes}
            naive = []
            for _ in range(args.repeat):
                empty()
                naive.append(naive_load(driver, server, graph, args.naive_rows))
                for size in sizes:
                    empty()
                    results[size][0].append(timed_load(server, graph, size))
                    results[size][1].append(timed_load(server, graph, size))
            empty()
            driver.close()

    naive_nodes = statistics.median(n / s for s, _, n, _ in naive)
    naive_rels = statistics.median(r / s for _, s, _, r in naive)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, python "
        f"{platform.python_version()}; server: {agent}; neo4j driver {neo4j.__version__}"
    )
    print(
        f"graph: seed pages x {args.copies}: {n_nodes:,} nodes, {n_rels:,} relationships; "
        f"medians of {args.repeat} runs\n"
    )
    print(
        "| loader | batch | nodes rows/s | relationships rows/s | × naive (nodes, rels) "
        "| end to end rows/s |"
    )
    print("|---|---|---|---|---|---|")
    print(f"| naive, 1 row per transaction | 1 | {naive_nodes:,.0f} | {naive_rels:,.0f} | 1, 1 | |")
    for size, (runs, again) in results.items():
        for name, timings in (("kg load, empty database", runs), ("kg load again", again)):
            nodes = statistics.median(n_nodes / t[1] for t in timings)
            rels = statistics.median(n_rels / t[2] for t in timings)
            overall = statistics.median((n_nodes + n_rels) / sum(t) for t in timings)
            print(
                f"| {name} | {size:,} | {nodes:,.0f} | {rels:,.0f} | "
                f"{nodes / naive_nodes:,.1f}, {rels / naive_rels:,.1f} | {overall:,.0f} |"
            )


if __name__ == "__main__":
    main()
