"""RDF throughput: graph -> quads, pyoxigraph vs rdflib writers, SPARQL store, SHACL.

Usage:
    python benchmarks/bench_rdf.py [--triples 1000000] [--repeat 3] [--shacl-clones 0 10 40]
        [--pyshacl-max-clones 10] [--rdflib-jsonld-triples 100000]

The synthetic graph is the seed graph (seeds/) cloned until it holds about --triples
triples: every clone gets its own articles, organizations, people and events (ids and
names suffixed), the places are shared, as in a real corpus where counties recur. So
the mix of node types, relations, evidence and Chinese text is that of real output.
Prints a table; the published figures are in docs/RDF.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from kg.extract import extract_paths
from kg.graph.build import add_extractions, new_graph
from kg.query.sparql import open_store, run_sparql, write_store
from kg.query.sparql_catalog import CATALOG_SPARQL
from kg.sinks.rdf import graph_to_rdf, serialize, to_rdflib, triples, validate

ROOT = Path(__file__).resolve().parents[1]


def seed_graph() -> nx.MultiDiGraph:
    return add_extractions(new_graph(), extract_paths([str(ROOT / "seeds")]).extractions)


def cloned(seed: nx.MultiDiGraph, clones: int) -> nx.MultiDiGraph:
    """``clones`` copies of ``seed`` with distinct ids and names; Place nodes shared."""
    graph = new_graph()
    for k in range(clones):

        def rename(nid: str, k=k) -> str:
            return nid if nid.startswith("place-") else f"{nid}x{k}"

        for nid, data in seed.nodes(data=True):
            new = dict(data)
            new["id"] = rename(nid)
            if data["label"] != "Place":
                for key in ("name", "title"):
                    if new.get(key):
                        new[key] = f"{new[key]}{k}"
            graph.add_node(new["id"], **new)
        for u, v, key, data in seed.edges(keys=True, data=True):
            new = {k2: (list(v2) if isinstance(v2, list) else v2) for k2, v2 in data.items()}
            new["articles"] = [rename(a) for a in data.get("articles", [])]
            if graph.has_edge(rename(u), rename(v), key):  # shared places: add the evidence
                old = graph.edges[rename(u), rename(v), key]
                for field in ("articles", "sentences", "spans", "rules"):
                    old[field] = old.get(field, []) + new.get(field, [])
            else:
                graph.add_edge(rename(u), rename(v), key=key, **new)
    return graph


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--shacl-clones", type=int, nargs="*", default=[0, 10, 40])
    ap.add_argument("--rdflib-jsonld-triples", type=int, default=100_000)
    ap.add_argument("--pyshacl-max-clones", type=int, default=10)
    args = ap.parse_args()
    print(
        f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"pyoxigraph {ox.__version__}"
    )

    seed = seed_graph()
    one, two = (len(triples(graph_to_rdf(cloned(seed, n)))) for n in (1, 2))
    clones = max(1, round((args.triples - one) / (two - one)) + 1)  # places are shared
    graph = cloned(seed, clones)
    print(
        f"graph: {clones} clones of the seed graph, {graph.number_of_nodes():,} nodes, "
        f"{graph.number_of_edges():,} edges"
    )
    rows = []

    t, quads = timed(lambda: graph_to_rdf(graph), args.repeat)
    union = triples(quads)
    n_quads, n_triples = len(quads), len(union)
    print(f"rdf: {n_quads:,} quads, {n_triples:,} distinct triples (union)")
    rows.append(("graph_to_rdf (networkx -> pyoxigraph quads)", t, n_quads, "quads"))

    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-rdf-"))
    try:
        sizes = {}
        for fmt, count, unit in (
            ("turtle", n_triples, "triples"),
            ("trig", n_quads, "quads"),
            ("nquads", n_quads, "quads"),
            ("jsonld", n_quads, "quads"),
        ):
            out = tmp / f"g.{fmt}"
            t, _ = timed(lambda fmt=fmt, out=out: serialize(quads, fmt, out), args.repeat)
            sizes[fmt] = out.stat().st_size
            rows.append((f"pyoxigraph {fmt} ({sizes[fmt] / 1e6:.0f} MB)", t, count, unit))

        t, g = timed(lambda: to_rdflib(quads), 1)
        rows.append(
            ("rdflib: load the triples into rdflib.Graph (N-Triples)", t, n_triples, "triples")
        )
        t, _ = timed(lambda: g.serialize(destination=str(tmp / "rdflib.ttl"), format="turtle"), 1)
        rows.append(("rdflib turtle", t, n_triples, "triples"))
        del g
        subset = union[: args.rdflib_jsonld_triples]
        import rdflib

        small = rdflib.Graph().parse(
            data=ox.serialize(subset, format=ox.RdfFormat.N_TRIPLES), format="nt"
        )
        t, _ = timed(lambda: small.serialize(format="json-ld"), 1)
        rows.append((f"rdflib json-ld ({len(subset):,}-triple subset)", t, len(subset), "triples"))
        t, _ = timed(lambda: ox.serialize(subset, format=ox.RdfFormat.JSON_LD), 1)
        rows.append(
            (
                f"pyoxigraph json-ld, expanded ({len(subset):,}-triple subset)",
                t,
                len(subset),
                "triples",
            )
        )

        # SPARQL: persistent store vs loading the N-Quads at query time
        store_dir = tmp / "oxigraph"
        t, store = timed(lambda: write_store(quads, store_dir), 1)
        del store
        disk = sum(f.stat().st_size for f in store_dir.rglob("*") if f.is_file())
        rows.append(
            (f"write_store: quads + union (RocksDB, {disk / 1e6:.0f} MB)", t, n_quads, "quads")
        )
        t, _ = timed(lambda: ox.Store.read_only(str(store_dir)), args.repeat)
        rows.append(("open the store read-only", t, None, ""))

        def load_nquads():
            return open_store(tmp / "g.nq")  # parse + add the union, in memory

        shutil.copy(tmp / "g.nquads", tmp / "g.nq")
        t, mem = timed(load_nquads, 1)
        rows.append(("load N-Quads into an in-memory store (+ union)", t, n_quads, "quads"))
        disk_store = ox.Store.read_only(str(store_dir))
        evidence = {"source": "朱帆5", "type": "HOLDS_POSITION", "target": "玛纳斯县委组织部5"}
        for name, params in [*((n, {}) for n in CATALOG_SPARQL), ("evidence", evidence)]:
            query = CATALOG_SPARQL[name][0]
            label = f"{name} ({', '.join(params)} given)" if params else name
            t, (_, result) = timed(
                lambda q=query, p=params: run_sparql(disk_store, q, p), args.repeat
            )
            rows.append((f"query {label}: store ({len(result):,} rows)", t, None, ""))
            t, _ = timed(lambda q=query, p=params: run_sparql(mem, q, p), args.repeat)
            rows.append((f"query {label}: in memory", t, None, ""))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    for n in args.shacl_clones:
        g = seed if n == 0 else cloned(seed, n)
        q = graph_to_rdf(g)
        label = "seed graph" if n == 0 else f"{n} clones"
        engines = ("oxigraph", "pyshacl") if n <= args.pyshacl_max_clones else ("oxigraph",)
        for engine in engines:
            t, (ok, _) = timed(lambda q=q, e=engine: validate(q, engine=e), 1 if n else args.repeat)
            how = "pyshacl only" if engine == "pyshacl" else "pyshacl Core + oxigraph SPARQL"
            rows.append((f"SHACL {how}, {label} (conforms={ok})", t, len(triples(q)), "triples"))

    print(f"\n| step | seconds (median of {args.repeat} where repeated) | per second |")
    print("|---|---:|---:|")
    for name, seconds, count, unit in rows:
        rate = f"{count / seconds:,.0f} {unit}/s" if count else ""
        print(f"| {name} | {seconds:.3f} | {rate} |")


if __name__ == "__main__":
    main()
