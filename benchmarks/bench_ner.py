"""NER accuracy and speed: each tagger on each evaluation corpus, as a markdown table.

Usage:
    python benchmarks/bench_ner.py --data DIR [--taggers rules,lac,spacy] [--repeat N]
        [--model DIR] [--json FILE]

DIR holds the public corpora laid out as ``msra/val_sentences.txt`` (+ ``val_tags.txt``),
``peoplesdaily/dev.bio``, ``cluener/dev.json``, ``weibo/weiboNER_2nd_conll.test``; kg's
gold (tests/gold/*.jsonl) is added from the repository. Scores are exact-match
(kg.ner.score) and computed once (taggers are deterministic); chars/s is the median
of N timed passes over the whole corpus (model loading not counted).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path

from kg.ner.corpora import Sentence, read_corpus
from kg.ner.score import score_spans
from kg.ner.taggers import get_tagger

ROOT = Path(__file__).resolve().parents[1]
BATCH = 256


def corpora(data: Path) -> dict[str, list[Sentence]]:
    return {
        "MSRA val": read_corpus("msra", data / "msra" / "val_sentences.txt"),
        "People's Daily dev": read_corpus("bio", data / "peoplesdaily" / "dev.bio"),
        "CLUENER dev": read_corpus("cluener", data / "cluener" / "dev.json"),
        "Weibo test": read_corpus("weibo", data / "weibo" / "weiboNER_2nd_conll.test"),
        "seed gold": read_corpus("gold", ROOT / "tests" / "gold" / "seeds.jsonl"),
        "PD sample gold": read_corpus(
            "gold", ROOT / "tests" / "gold" / "peoplesdaily_sample.jsonl"
        ),
    }


def run(tagger, sentences: list[Sentence]) -> tuple[list, float]:
    started = time.perf_counter()
    predicted = []
    for i in range(0, len(sentences), BATCH):
        predicted += tagger.tag([s.text for s in sentences[i : i + BATCH]])
    return predicted, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--taggers", default="rules,lac,spacy")
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    sets = corpora(args.data)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, python "
        f"{platform.python_version()}; chars/s: median of {args.repeat}"
    )
    print()
    print(
        "| tagger | corpus | sentences | chars | PER F1 | LOC F1 | ORG F1 | micro P | micro R "
        "| micro F1 | chars/s |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    rows = []
    for name in args.taggers.split(","):
        started = time.perf_counter()
        tagger = get_tagger(name, args.model)
        load = time.perf_counter() - started
        for corpus, sentences in sets.items():
            predicted, seconds = run(tagger, sentences)
            times = [seconds] + [run(tagger, sentences)[1] for _ in range(args.repeat - 1)]
            counts = score_spans(sentences, predicted)
            chars = sum(len(s.text) for s in sentences)
            speed = chars / statistics.median(times)
            f1 = {k: counts[k].f1 for k in counts}
            micro = counts["micro"]
            print(
                f"| {name} | {corpus} | {len(sentences):,} | {chars:,} | {f1['PER']:.3f} | "
                f"{f1['LOC']:.3f} | {f1['ORG']:.3f} | {micro.precision:.3f} | "
                f"{micro.recall:.3f} | {micro.f1:.3f} | {speed:,.0f} |",
                flush=True,
            )
            rows.append(
                {
                    "tagger": name,
                    "corpus": corpus,
                    "load_s": round(load, 2),
                    "chars": chars,
                    "chars_per_s": round(speed),
                    **{k: v.to_dict() for k, v in counts.items()},
                }
            )
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
