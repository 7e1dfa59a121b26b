"""Draw what a researcher would look at first in a corpus graph, for review by hand.

Usage:
    kg extract --json CORPUS > extraction.json
    python benchmarks/review_sample.py extraction.json OUT_DIR [--seed 20261207] [--n 100]

Writes to OUT_DIR (keep it outside the repository: it quotes the corpus's sentences):
  sample_Person.tsv, sample_Organization.tsv  a seeded random sample of N distinct entities
      of the type (one row each: name, article, the sentence of one mention drawn at random)
      with an empty `verdict` column to fill in (ok / wrong / boundary);
  top_Person.tsv, top_Organization.tsv  the N entities mentioned in most articles.
`--score OUT_DIR` reads the filled-in samples back and prints the precision per type.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from collections import Counter
from pathlib import Path

from kg.nlp.sentences import sentence_spans

TYPES = ("Person", "Organization")


def draw(extraction: Path, out: Path, seed: int, n: int) -> None:
    document = json.loads(extraction.read_text(encoding="utf-8"))
    mentions: dict[tuple[str, str], list[tuple[str, str]]] = {}
    articles: Counter[tuple[str, str]] = Counter()
    for article in document["articles"]:
        text = article["text"]
        sentences = dict(enumerate(sentence_spans(text)))
        for entity in article["entities"]:
            if entity["type"] not in TYPES:
                continue
            key = (entity["type"], entity["name"])
            articles[key] += 1
            for m in entity["mentions"]:
                a, b = sentences.get(m.get("sentence"), (max(0, m["start"] - 40), m["end"] + 40))
                where = f"{article['file'].split('corpus/')[-1]}"
                mentions.setdefault(key, []).append((where, text[a:b].replace("\n", " ")))
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    for kind in TYPES:
        names = sorted(k for k in mentions if k[0] == kind)
        with (out / f"sample_{kind}.tsv").open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, delimiter="\t")
            w.writerow(["name", "article", "sentence", "verdict"])
            for key in rng.sample(names, min(n, len(names))):
                where, sentence = rng.choice(sorted(mentions[key]))
                w.writerow([key[1], where, sentence, ""])
        with (out / f"top_{kind}.tsv").open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, delimiter="\t")
            w.writerow(["name", "articles", "verdict"])
            top = sorted((k for k in articles if k[0] == kind), key=lambda k: (-articles[k], k[1]))
            for key in top[:n]:
                w.writerow([key[1], articles[key], ""])
        print(f"{kind}: {len(names)} distinct; sample and top {n} written to {out}")


def score(out: Path) -> None:
    for kind in TYPES:
        for prefix in ("sample", "top"):
            path = out / f"{prefix}_{kind}.tsv"
            rows = list(csv.DictReader(path.open(encoding="utf-8"), delimiter="\t"))
            judged = [r for r in rows if r["verdict"].strip()]
            good = sum(r["verdict"].strip() == "ok" for r in judged)
            print(f"{prefix} {kind}: {good}/{len(judged)} ok = {good / max(1, len(judged)):.3f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("extraction", type=Path, nargs="?")
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=20261207)
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--score", action="store_true")
    args = parser.parse_args()
    if args.score:
        score(args.out)
    else:
        draw(args.extraction, args.out, args.seed, args.n)
