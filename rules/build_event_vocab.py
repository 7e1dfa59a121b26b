"""Mine event heads from a corpus: what the action verbs of news (开展, 举办, 召开 …) act on.

For each clause with an action verb, LAC reads the clause and the last noun or verbal
noun of the verb's object is counted as a head (开展|主题党日活动 → 活动 and 主题党日活动,
举办|培训班 → 培训班, 开展|入户走访 → 走访). The counts are the evidence the taxonomy in
rules/event_types.toml was curated from; the corpus text itself is never written out.

    python rules/build_event_vocab.py ../shared/corpus --out /tmp/event_heads.tsv
"""

from __future__ import annotations

import argparse
import collections
import re
from pathlib import Path

ACTION = re.compile(r"(组织开展|开展|举办|举行|召开|组织|进行|启动|参加|参与|出席|主办|承办)了?")
CLAUSE = re.compile(r"[^，。；！？：\n]+")
HEAD_TAGS = {"n", "vn", "nz", "v"}


def clauses(text: str):
    for m in CLAUSE.finditer(text):
        if ACTION.search(m.group()):
            yield m.group()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--min-count", type=int, default=3)
    args = parser.parse_args()
    from kg.nlp.taggers import LacTagger

    lac = LacTagger()
    heads: collections.Counter[tuple[str, str]] = collections.Counter()
    files = sorted(args.corpus.rglob("*.txt"))
    for path in files:
        found = list(clauses(path.read_text(encoding="utf-8", errors="replace")))
        if not found:
            continue
        for clause, words in zip(found, lac.words(found), strict=True):
            verb = ACTION.search(clause)
            obj = [w for w in words if w[0] >= verb.end()]
            nouns = [w for w in obj if w[2] in HEAD_TAGS]
            if not nouns:
                continue
            start, end, tag = nouns[-1]
            heads[(clause[start:end], tag)] += 1
    with args.out.open("w", encoding="utf-8") as out:
        out.write("head\ttag\tcount\n")
        for (head, tag), n in heads.most_common():
            if n >= args.min_count:
                out.write(f"{head}\t{tag}\t{n}\n")
    print(f"{len(files)} files, {sum(heads.values())} objects, {len(heads)} heads -> {args.out}")


if __name__ == "__main__":
    main()
