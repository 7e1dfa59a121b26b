"""Same input, same bytes: `kg extract --json` and graph.json under several PYTHONHASHSEEDs.

Usage:
    python benchmarks/determinism.py [CORPUS] [-n 300] [--seeds 1 2 3] [--ner all]

CORPUS (default ../shared/corpus, beside the repository; not part of it) is walked for
.txt and .jsonl files; N of them are chosen deterministically (sorted, every k-th). For
each seed, `kg extract --json -q` and `kg build --out` run in fresh processes with
``--jobs 1`` and that PYTHONHASHSEED; the script prints the sha256 of the extract JSON
and of graph.json per seed, and whether they are identical. Exit code 1 when they are not.
Iteration over a set (or a dict filled from one) is the usual cause of a difference:
string hashes, and so set order, change with the seed.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KG = Path(sys.executable).with_name("kg")
SUFFIXES = {".txt", ".jsonl"}


def chosen_files(corpus: Path, n: int) -> list[Path]:
    """``n`` files of ``corpus``, spread evenly over its sorted list (every k-th)."""
    files = sorted(p for p in corpus.rglob("*") if p.suffix in SUFFIXES and p.is_file())
    step = max(1, len(files) // n)
    return files[::step][:n]


def run_kg(args: list[str], seed: int) -> bytes:
    """stdout of one `kg` run with PYTHONHASHSEED=seed; stops the script if kg fails."""
    env = {**os.environ, "PYTHONHASHSEED": str(seed)}
    done = subprocess.run([str(KG), *args], env=env, capture_output=True, cwd=ROOT)
    if done.returncode != 0:
        sys.exit(f"kg {args[0]} failed (seed {seed}):\n{done.stderr.decode(errors='replace')}")
    return done.stdout


def hashes_for(seed: int, files: list[Path], ner: str, scratch: Path) -> dict[str, str]:
    """sha256 of the extract JSON and of graph.json made under one seed."""
    inputs = [str(f) for f in files]
    common = ["--jobs", "1", "--ner", ner, "-q"]
    extract = run_kg(["extract", *inputs, "--json", *common], seed)
    out = scratch / f"seed-{seed}"
    run_kg(["build", *inputs, "--out", str(out), *common], seed)
    graph = (out / "graph.json").read_bytes()
    return {"extract": _sha(extract), "graph.json": _sha(graph)}


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("-n", type=int, default=300, help="files to read (default 300)")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--ner", default="all", help="kg's --ner mode (default all)")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"{args.corpus}: no such corpus directory")
    files = chosen_files(args.corpus, args.n)
    print(f"{len(files)} files of {args.corpus} (first {files[0].name}, last {files[-1].name})")
    started = time.perf_counter()
    results = {}
    with tempfile.TemporaryDirectory(prefix="kg-determinism-") as tmp:
        for seed in args.seeds:
            clock = time.perf_counter()
            results[seed] = hashes_for(seed, files, args.ner, Path(tmp))
            took = time.perf_counter() - clock
            print(f"PYTHONHASHSEED={seed}  ({took:.0f} s)", flush=True)
            for name, digest in results[seed].items():
                print(f"  {name:10} sha256 {digest}", flush=True)
    same = {
        name: len({r[name] for r in results.values()}) == 1 for name in ("extract", "graph.json")
    }
    for name, identical in same.items():
        print(f"{name}: {'identical' if identical else 'DIFFERENT'} across seeds {args.seeds}")
    print(f"total {time.perf_counter() - started:.0f} s")
    sys.exit(0 if all(same.values()) else 1)


if __name__ == "__main__":
    main()
