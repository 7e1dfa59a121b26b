"""Draw same-name pairs of people from a built corpus graph, for review of resolution by hand.

Usage:
    kg build CORPUS --out DIR
    python benchmarks/review_merges.py DIR OUT_DIR [--seed 20261207] [--n 100]
    python benchmarks/review_merges.py DIR OUT_DIR --score

Writes OUT_DIR/pairs.tsv (keep it outside the repository: it quotes the corpus):
  - `merge` rows: for N names drawn at random among those resolution merged, one node it
    folded in and another of the same person, each with an article and the sentence that
    names them, their posts and why they were merged;
  - `apart` rows: for N names drawn at random among those that stay two or more people
    after resolution, two of those people, the same way;
with an empty `same_person` column to fill in (y / n / ?). `--score` prints merge precision
(merged pairs that are one person) and the recall of same-person pairs in the sample
(same-person pairs that were merged, of all same-person pairs judged), and prints the
counts a population estimate needs.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from collections import defaultdict
from pathlib import Path

from kg.nlp.sentences import sentence_spans

COLUMNS = ["kind", "name", "why", "a_article", "a_sentence", "a_posts"]
COLUMNS += ["b_article", "b_sentence", "b_posts", "same_person"]


def draw(directory: Path, out: Path, seed: int, n: int) -> None:
    extracted = _load(directory / "extracted.json")
    resolved = _load(directory / "graph.json")
    texts: dict[str, str] = {}
    people = {i: d for i, d in extracted["nodes"].items() if d["label"] == "Person"}
    groups = {
        i: [i, *d.get("merged_ids", ())]
        for i, d in resolved["nodes"].items()
        if d["label"] == "Person"
    }
    by_name: dict[str, list[str]] = defaultdict(list)
    for i in groups:
        by_name[resolved["nodes"][i]["name"]].append(i)
    rng = random.Random(seed)
    rows = []
    merged_names = sorted({resolved["nodes"][i]["name"] for i, g in groups.items() if len(g) > 1})
    for name in rng.sample(merged_names, min(n, len(merged_names))):
        node = rng.choice(sorted(i for i in by_name[name] if len(groups[i]) > 1))
        a, b = rng.sample(sorted(groups[node]), 2)
        why = "; ".join(resolved["nodes"][node].get("merged_because", ()))
        rows.append(["merge", name, why, *_side(extracted, people, a, texts)])
        rows[-1] += [*_side(extracted, people, b, texts), ""]
    apart_names = sorted(name for name, ids in by_name.items() if len(ids) > 1)
    for name in rng.sample(apart_names, min(n, len(apart_names))):
        x, y = rng.sample(sorted(by_name[name]), 2)
        a, b = rng.choice(sorted(groups[x])), rng.choice(sorted(groups[y]))
        rows.append(["apart", name, "", *_side(extracted, people, a, texts)])
        rows[-1] += [*_side(extracted, people, b, texts), ""]
    out.mkdir(parents=True, exist_ok=True)
    with (out / "pairs.tsv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter="\t")
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    counts = {
        "person nodes": len(groups),
        "distinct names": len(by_name),
        "names merged": len(merged_names),
        "names still two or more people": len(apart_names),
        "pre-resolution person nodes": len(people),
    }
    print(json.dumps(counts, ensure_ascii=False))


def _load(path: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    nodes = {n["id"]: n for n in data["nodes"]}
    edges = defaultdict(list)
    for e in data["edges"]:
        edges[e["target"]].append(e)
        edges[e["source"]].append(e)
    return {"nodes": nodes, "edges": edges}


def _side(extracted: dict, people: dict, node: str, texts: dict) -> list[str]:
    """An article that names the person, the sentence it does, and their posts there."""
    name = people[node]["name"]
    edges = extracted["edges"][node]
    articles = sorted(e["source"] for e in edges if e["type"] == "MENTIONS")
    posts = sorted(
        f"{e.get('title', '')}·{extracted['nodes'][e['target']].get('name', '')}"
        for e in edges
        if e["type"] == "HOLDS_POSITION" and e["source"] == node
    )
    article = articles[0] if articles else ""
    sentence = ""
    if article:
        info = extracted["nodes"][article]
        path = info.get("file", "")
        if path not in texts:
            try:
                texts[path] = Path(path).read_text(encoding="utf-8")
            except OSError:
                texts[path] = ""
        text = texts[path]
        at = text.find(name)
        for a, b in sentence_spans(text):
            if a <= at < b:
                sentence = text[a:b].replace("\n", " ").strip()
                break
        article = f"{path.split('corpus/')[-1]} | {info.get('title', '')}"
    return [article, sentence, "; ".join(posts)]


def score(out: Path) -> None:
    rows = list(csv.DictReader((out / "pairs.tsv").open(encoding="utf-8"), delimiter="\t"))
    judged = {
        kind: [r["same_person"].strip().lower() for r in rows if r["kind"] == kind]
        for kind in ("merge", "apart")
    }
    merged_same = judged["merge"].count("y")
    merged_judged = merged_same + judged["merge"].count("n")
    apart_same = judged["apart"].count("y")
    print(
        json.dumps(
            {
                "merge pairs judged": merged_judged,
                "merge precision": round(merged_same / merged_judged, 3) if merged_judged else None,
                "apart pairs judged": apart_same + judged["apart"].count("n"),
                "apart pairs that are one person": apart_same,
                "recall of same-person pairs in the sample": round(
                    merged_same / (merged_same + apart_same), 3
                )
                if merged_same + apart_same
                else None,
                "unsure": sum(v.count("?") for v in judged.values()),
            },
            ensure_ascii=False,
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=20261207)
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--score", action="store_true")
    args = parser.parse_args()
    if args.score:
        score(args.out)
    else:
        draw(args.directory, args.out, args.seed, args.n)


if __name__ == "__main__":
    main()
