"""Draw what a researcher would look at first in a corpus graph, for review by hand.

Usage:
    kg extract --json CORPUS > extraction.json
    python benchmarks/review_sample.py extraction.json OUT_DIR [--seed 20261207] [--n 100]

Writes to OUT_DIR (keep it outside the repository: it quotes the corpus's sentences):
  sample_Person.tsv, sample_Organization.tsv  a seeded random sample of N distinct entities
      of the type (one row each: name, article, the sentence of one mention drawn at random)
      with an empty `verdict` column to fill in (ok / wrong / boundary);
  top_Person.tsv, top_Organization.tsv  the N entities mentioned in most articles;
  sample_Event.tsv  a seeded random sample of N events: type, organizers, county, date
      (and its window), place, the sentences that state it, and a verdict column per field
      (type_ok, organizer_ok, county_ok, date_ok: y / n);
  event_organizers.tsv  every organizer of the corpus's events with its kind and count
      (a news agency or newspaper must never be one).
`--score OUT_DIR` reads the filled-in samples back and prints the precision per type and,
for events, per field and for all four together.
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
    _draw_events(document, out, rng, n)


EVENT_FIELDS = ("type_ok", "organizer_ok", "county_ok", "date_ok")


def _draw_events(document: dict, out: Path, rng: random.Random, n: int) -> None:
    events, organizers = [], Counter()
    for article in document["articles"]:
        kinds = {
            e["name"]: e.get("props", {}).get("kind", "")
            for e in article["entities"]
            if e["type"] == "Organization"
        }
        where = article["file"].split("corpus/")[-1]
        for event in article.get("events", ()):
            events.append((where, article.get("date"), event))
            for o in event["organizers"]:
                organizers[(o["name"], o.get("type", ""), kinds.get(o["name"], ""))] += 1
    with (out / "sample_Event.tsv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t")
        w.writerow(["article", "published", "type", "label", "organizers", "county", "date",
                    "window", "place", "sentences", *EVENT_FIELDS])  # fmt: skip
        for where, published, e in rng.sample(events, min(n, len(events))):
            who = "、".join(f"{o['name']}({o['role']})" for o in e["organizers"])
            window = f"{e.get('date_start') or ''}/{e.get('date_end') or ''}"
            said = " ‖ ".join(x["sentence"].replace("\n", " ") for x in e["evidence"][:3])
            w.writerow([where, published or "", e["type"], e.get("label") or e["name"] or "",
                        who, e["county"] or "", e["date"] or "", window, e["place"] or "",
                        said, "", "", "", ""])  # fmt: skip
    with (out / "event_organizers.tsv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t")
        w.writerow(["organizer", "type", "kind", "events"])
        for (name, kind_of_node, kind), count in organizers.most_common():
            w.writerow([name, kind_of_node, kind, count])
    media = sum(c for (_, _, kind), c in organizers.items() if kind == "媒体")
    print(f"Event: {len(events)} events; sample of {n}; organized by media: {media}")


def score(out: Path) -> None:
    path = out / "sample_Event.tsv"
    if path.exists():
        rows = list(csv.DictReader(path.open(encoding="utf-8"), delimiter="\t"))
        judged = [r for r in rows if all(r[f].strip() for f in EVENT_FIELDS)]
        for field in EVENT_FIELDS:
            good = sum(r[field].strip() == "y" for r in judged)
            print(f"sample Event {field}: {good}/{len(judged)} = {good / max(1, len(judged)):.3f}")
        good = sum(all(r[f].strip() == "y" for f in EVENT_FIELDS) for r in judged)
        print(f"sample Event all four: {good}/{len(judged)} = {good / max(1, len(judged)):.3f}")
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
