"""Rebuild the vocabularies mined from the annotated NER corpora.

Usage: python rules/build_ner_vocab.py PATH/TO/shared/data

Writes (each with a version line; sources and terms in rules/README.md):
  ner_names.tsv  place (LOC) and organization (ORG) names the corpora annotate, with how
                 often: what a statistical tagger's proposal outside the gazetteer and the
                 suffix lists must be to count (欧洲, 联合国; not 一流, 新时代)
  positions.tsv  posts CLUENER annotates as `position` (count >= 2, Han only), with the
                 kind kg's titles use: member for group words (…员, …生), else post
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from kg.ner.corpora import read_corpus  # noqa: E402

VERSION = "2026.12.1"
_HAN = re.compile(r"^[\u4e00-\u9fff·]{2,12}$")
MIN_POSITION_COUNT = 2
# group words and pupils among CLUENER's positions: a member, not an office
MEMBER_ENDS = ("员", "生", "者", "人", "家", "手", "工", "民")
OFFICE_MEMBERS = ("委员", "专员", "研究员", "馆员", "议员", "组员", "主任委员", "常委委员")
# what CLUENER calls a position but is no post of an organization
NOT_POSTS = {"领导", "嘉宾", "明星", "皇帝", "投资者", "网友", "市民", "粉丝", "球迷", "主人"}


def main(data: Path) -> None:
    ner = data / "ner"
    names: Counter[tuple[str, str]] = Counter()
    corpora = [
        ("bio", ner / "peoplesdaily" / "dev.bio", None),
        ("msra", ner / "msra" / "val_sentences.txt", ner / "msra" / "val_tags.txt"),
        ("cluener", ner / "cluener" / "train.json", None),
        ("cluener", ner / "cluener" / "dev.json", None),
        *(("weibo", p, None) for p in sorted((ner / "weibo").glob("weiboNER_2nd_conll.*"))),
    ]
    for fmt, path, tags in corpora:
        for sentence in read_corpus(fmt, path, tags):
            for start, end, label in sentence.spans:
                name = sentence.text[start:end]
                if label in ("LOC", "ORG") and _HAN.match(name):
                    names[name, label] += 1
    _write(
        HERE / "ner_names.tsv",
        "ner-names",
        "LOC and ORG names annotated in People's Daily 1998, MSRA, CLUENER and Weibo NER",
        [(n, label, str(c)) for (n, label), c in sorted(names.items())],
    )
    positions: Counter[str] = Counter()
    for split in ("train.json", "dev.json"):
        for line in (ner / "cluener" / split).open(encoding="utf-8"):
            positions.update(json.loads(line)["label"].get("position", {}).keys())
    candidates = [
        p
        for p, c in sorted(positions.items())
        if c >= MIN_POSITION_COUNT and _HAN.match(p) and p not in NOT_POSTS
    ]
    rows = [(p, _kind(p)) for p in candidates if p not in _verbs(candidates)]
    _write(HERE / "positions.tsv", "positions", "CLUENER2020 `position` spans, count >= 2", rows)


def _verbs(words: list[str]) -> set[str]:
    """The words LAC reads, on their own, as a verb (主持, 主演, 解说): before a name they
    are an action (主持会议), not a post."""
    from kg.nlp.taggers import LacTagger

    tagged = LacTagger().words(words)
    return {
        w
        for w, tags in zip(words, tagged, strict=True)
        if len(tags) == 1 and tags[0][2] in ("v", "vn", "vd")
    }


def _kind(position: str) -> str:
    if position.endswith(OFFICE_MEMBERS):
        return "post"
    return "member" if position.endswith(MEMBER_ENDS) else "post"


def _write(path: Path, name: str, what: str, rows: list[tuple[str, ...]]) -> None:
    lines = [f"# {name}-{VERSION}", f"# {what}; rebuilt by rules/build_ner_vocab.py"]
    lines += ["\t".join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{path.name}: {len(rows)} rows")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
