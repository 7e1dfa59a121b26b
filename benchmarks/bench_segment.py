"""Throughput of segmenting newspaper pages into articles (chars/s).

Usage: python benchmarks/bench_segment.py [--repeat N]

The corpus is the two seed pages repeated to about 2 MB (segmentation cost
depends on page structure, which the seed pages are real examples of).
Prints the median of N runs (this machine is noisy: quote medians).
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from pathlib import Path

from kg.ingest import segment_source
from kg.io import Metadata, Source

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    pages = [p.read_text("utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    corpus = [pages[i % len(pages)] for i in range(110)]
    chars = sum(map(len, corpus))

    def segment_all() -> int:
        return sum(
            len(segment_source(Source(f"p{i}.txt", t, Metadata()))) for i, t in enumerate(corpus)
        )

    timings = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        segment_all()
        timings.append(time.perf_counter() - start)
    seg = statistics.median(timings)
    print(
        f"machine: {platform.processor() or platform.machine()}, python {platform.python_version()}"
    )
    print(f"corpus: {len(corpus)} pages, {chars:,} chars, {args.repeat} runs, medians")
    print(f"segment: {chars / seg:,.0f} chars/s ({seg:.3f} s)")


if __name__ == "__main__":
    main()
