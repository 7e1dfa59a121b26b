"""Peak memory of `kg articles` on one large synthetic input (.txt page, .jsonl corpus).

Usage: python benchmarks/input_memory.py [--mb 200] [--kind txt jsonl] [--limit-mb N]

Writes the inputs into a temporary directory (the seed pages repeated: a .txt of SIZE MB,
and a .jsonl of SIZE MB with one seed page a record), runs `kg articles -q --json INPUT`
on each in a child process with stdout to /dev/null, and prints its exit code, peak RSS
(os.wait4), the ratio of peak RSS to the input's size, the wall time and kg's first
message. --limit-mb sets KG_MAX_TEXT_MB for the child (the limit of one text).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MB = 2**20


def write_inputs(directory: Path, size: int, kinds: list[str]) -> list[Path]:
    pages = [p.read_text("utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    made = []
    if "txt" in kinds:
        made.append(_fill(directory / "page.txt", size, lambda i: pages[i % len(pages)] + "\n"))
    if "jsonl" in kinds:
        made.append(
            _fill(
                directory / "corpus.jsonl",
                size,
                lambda i: (
                    json.dumps({"id": f"r{i}", "text": pages[i % len(pages)]}, ensure_ascii=False)
                    + "\n"
                ),
            )
        )
    return made


def _fill(path: Path, size: int, chunk) -> Path:
    with path.open("w", encoding="utf-8") as out:
        written, i = 0, 0
        while written < size:
            written += len(chunk(i).encode("utf-8"))
            out.write(chunk(i))
            i += 1
    return path


def measure(path: Path, env: dict) -> dict:
    kg = Path(sys.executable).with_name("kg")
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        child = subprocess.Popen(
            [str(kg), "articles", "-q", "--json", str(path)],
            stdout=subprocess.DEVNULL,
            stderr=err,
            env=env,
        )
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        message = err.readline().decode("utf-8", "replace").strip()
    size = path.stat().st_size
    return {
        "input": path.name,
        "size_mb": round(size / MB, 1),
        "exit": child.returncode,
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),  # kB on Linux
        "ratio": round(usage.ru_maxrss * 1024 / size, 2),
        "seconds": round(time.perf_counter() - start, 1),
        "message": message[:160],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=200, help="input size in MiB")
    parser.add_argument("--kind", nargs="+", default=["txt", "jsonl"], choices=["txt", "jsonl"])
    parser.add_argument("--limit-mb", help="KG_MAX_TEXT_MB for the child")
    args = parser.parse_args()
    env = dict(os.environ)
    if args.limit_mb:
        env["KG_MAX_TEXT_MB"] = args.limit_mb
    with tempfile.TemporaryDirectory() as tmp:
        for path in write_inputs(Path(tmp), int(args.mb * MB), args.kind):
            print(json.dumps(measure(path, env), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
