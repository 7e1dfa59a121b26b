"""End-to-end `kg build` on a corpus of real text, with each stage's speed.

Usage:
    python benchmarks/bench_build.py [CORPUS ...] [--jobs N]

CORPUS as for bench_extract.py (default: seeds/ and tests/data/news/). The corpus is
grouped into 1,500-character articles, written as JSONL, and built into a fresh
directory. Prints the build report's timings and, per sink, rows/s (nodes +
relationships) or triples/s (RDF). One run: compare stages within it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_extract import ROOT, load_corpus

from kg.builder import build
from kg.sinks.nodelink import read_json
from kg.sinks.rdf import graph_to_rdf


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="*", type=Path)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    articles = load_corpus(args.corpus or [ROOT / "seeds", ROOT / "tests" / "data" / "news"])
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        with corpus.open("w", encoding="utf-8") as out:
            for n, a in enumerate(articles):
                out.write(
                    json.dumps(
                        {"id": str(n), "title": a.title, "text": a.body()}, ensure_ascii=False
                    )
                    + "\n"
                )
        chars = sum(len(a.text) for a in articles)
        report = build([corpus], Path(tmp) / "out", jobs=args.jobs)
        graph = read_json(Path(tmp) / "out" / "graph.json")
        rows = graph.number_of_nodes() + graph.number_of_edges()
        triples = len(graph_to_rdf(graph))
    t = report.timings
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, python {platform.python_version()}; jobs {args.jobs}"
    )
    print(
        f"corpus: {len(articles)} articles, {chars:,} chars -> {graph.number_of_nodes():,} nodes, "
        f"{graph.number_of_edges():,} relationships, {triples:,} RDF quads"
    )
    print(f"total {sum(t.values()):.2f} s; end to end {chars / sum(t.values()):,.0f} chars/s")
    for stage, seconds in t.items():
        unit = (
            f"{chars / seconds:,.0f} chars/s"
            if stage in ("read", "extract")
            else (
                f"{triples / seconds:,.0f} triples/s"
                if stage in ("rdf", "sparql", "shacl")
                else f"{rows / seconds:,.0f} rows/s"
            )
        )
        print(f"{stage:>8}: {seconds:7.3f} s  {unit if seconds else ''}")


if __name__ == "__main__":
    main()
