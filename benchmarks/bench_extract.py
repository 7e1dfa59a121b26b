"""Extraction throughput (chars/s) against spaCy's bare character tokenizer, in one run.

Usage:
    python benchmarks/bench_extract.py [CORPUS ...] [--repeat N] [--jobs N] [--ner off,gaps,all]

CORPUS: text or JSONL files, or directories (default: seeds/ and tests/data/news/).
The published figures use the sentences of the public NER corpora (see
docs/BENCHMARKS.md), grouped into 1,500-character articles. Prints medians of
N runs for: spaCy ``blank("zh")`` tokenization; kg extraction (one process) in each
NER backstop mode; kg extraction with --jobs processes (default mode); the ratios to
the tokenizer, and the share of the text the NER model read in each mode.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path

import spacy

from kg.extract import extract_articles
from kg.ingest import Article, segment_source
from kg.io import Metadata, Source
from kg.nlp.backstop import MODES, backstop_tagger

ROOT = Path(__file__).resolve().parents[1]
ARTICLE_CHARS = 1500


def load_corpus(paths: list[Path]) -> list[Article]:
    """Sentences from the corpus files, grouped into articles of about ARTICLE_CHARS."""
    sentences: list[str] = []
    for path in paths:
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if file.suffix == ".jsonl" or file.name.endswith(".json"):
                for line in file.read_text("utf-8").splitlines():
                    if line.strip():
                        record = json.loads(line)
                        sentences.append(record.get("text") or record.get("sentence") or "")
            elif file.suffix in (".txt", ".bio", ".dev", ".test", ".train") or file.name.endswith(
                "conll.dev"
            ):
                sentences.extend(_text_lines(file))
    articles, chunk = [], []
    for sentence in filter(None, sentences):
        chunk.append(sentence)
        if sum(map(len, chunk)) >= ARTICLE_CHARS:
            articles.append("\n".join(chunk))
            chunk = []
    if chunk:
        articles.append("\n".join(chunk))
    out = []
    for n, text in enumerate(articles):
        out += segment_source(
            Source(f"bench-{n}", text, Metadata(), record_id=str(n), line=n + 1, title=f"第{n}篇")
        )
    return out


def _text_lines(file: Path) -> list[str]:
    text = file.read_text("utf-8")
    if (
        "\t" in text[:2000] or " O\n" in text[:2000] or "\tO\n" in text[:2000]
    ):  # one char per line + tag
        sentences, current = [], []
        for line in text.splitlines():
            if not line.strip():
                sentences.append("".join(current))
                current = []
            else:
                current.append(line.split()[0] if line.split() else "")
        return [*sentences, "".join(current)]
    return [
        line.replace(" ", "") if file.name.endswith("sentences.txt") else line
        for line in text.splitlines()
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--ner", default="off,gaps", help=f"modes to time, among {MODES}")
    args = parser.parse_args()
    modes = args.ner.split(",")
    paths = args.corpus or [ROOT / "seeds", ROOT / "tests" / "data" / "news"]
    articles = load_corpus(paths)
    chars = sum(len(a.text) for a in articles)
    nlp = spacy.blank("zh")
    # load rules, gazetteer and the NER model once, outside the timings
    extract_articles(articles[:5], ner="all" if set(modes) - {"off"} else "off")
    read = _count_tagged_chars()

    def tokenize() -> None:
        for article in articles:
            nlp.make_doc(article.text)

    runs = {"tokenizer": tokenize}
    for mode in modes:
        runs[f"kg --ner {mode}"] = lambda mode=mode: extract_articles(articles, ner=mode)
    if args.jobs > 1:
        runs[f"kg --jobs {args.jobs}"] = lambda: extract_articles(articles, jobs=args.jobs)
    shares = {}
    for mode in modes:
        read.clear()
        extract_articles(articles, ner=mode)
        shares[f"kg --ner {mode}"] = sum(read) / chars
    timings: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.repeat):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            timings[name].append(time.perf_counter() - start)
    medians = {name: statistics.median(t) for name, t in timings.items()}
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, python {platform.python_version()}, spaCy {spacy.__version__}"
    )
    print(f"corpus: {len(articles)} articles, {chars:,} chars; medians of {args.repeat} runs")
    for name, seconds in medians.items():
        ratio = medians["tokenizer"] / seconds
        share = f", NER model read {shares[name]:.1%} of the text" if name in shares else ""
        print(
            f"{name:>16}: {chars / seconds:>12,.0f} chars/s  ({seconds:.2f} s, {ratio:.3f} x tokenizer{share})"
        )


def _count_tagged_chars() -> list[int]:
    """Count the characters of the articles the backstop's tagger is given (one process):
    ``tag`` in the gaps mode, ``words`` for the whole text in the all mode (words read
    again on their own, a few organization and venue names, are not counted)."""
    tagger = backstop_tagger()
    read: list[int] = []
    for method in ("tag", "words"):
        original = getattr(tagger, method)

        def counting(texts, original=original, method=method):
            if method == "tag" or len(texts) == 1:
                read.append(sum(map(len, texts)))
            return original(texts)

        setattr(tagger, method, counting)
    return read


if __name__ == "__main__":
    main()
