"""Rebuild the generated dictionaries in rules/ from the public lexicons.

Usage: python rules/build_lexicons.py PATH/TO/shared/data

Writes (each with a version line; sources and licences in rules/README.md):
  org_suffixes.tsv  HanLP organization-name suffixes (count >= 40, two or more
                    characters, real organization heads), with the kind of the
                    longest kg suffix (org_kinds.tsv) they end with
  org_names.tsv     HanLP organization names that end in a known suffix
  surnames.tsv      the 1,074 surnames of Chinese-Names-Corpus (with compounds)
Hand-written files (org_kinds.tsv, boundaries.txt, titles.txt, org_aliases.tsv,
event_types.toml) are not touched.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
VERSION = "2026.11.1"
MIN_SUFFIX_COUNT = 40
_HAN = re.compile(r"^[\u4e00-\u9fff]+$")
# HanLP suffixes that name a trade, a sport team or a field rather than an organization head.
NOT_HEADS = {
    "行业",
    "兄弟",
    "电子",
    "汽车",
    "实业",
    "地产",
    "证券",
    "航空",
    "药业",
    "纸业",
    "石化",
    "重工",
    "电信",
    "联通",
    "电视",
    "矿业",
    "影业",
    "外科",
    "内科",
    "儿科",
    "眼科",
    "妇产科",
    "两会",
    "女排",
    "男篮",
    "国家队",
    "球队",
    "乐队",
    "沙龙",
    "人代会",
    "军队",
    "部队",
    "海军",
    "空军",
    "陆军",
    "国家机关",
    "机构",
    "组织",
    "小组",
    "调查组",
    "主席团",
    "代表团",
    "代表队",
    "联盟",
    "网站",
}
# 中国党和政府, 党和人民: two bodies joined, not one organization's name
_COORDINATED = re.compile(r"[和与](?:政府|人民|军队|国家)$")
HEAD_CHARS = set("会委部局厅院校所站队团社司行心馆处科组办室厂场园庭台署府协联")


def main(data: Path) -> None:
    lexicon = data / "lexicon"
    kinds = dict(_tsv(HERE / "org_kinds.tsv"))
    suffixes = {}
    for row in csv.reader((lexicon / "nt_D_suffixes.tsv").open(encoding="utf-8"), delimiter="\t"):
        suffix, count = row[0].strip(), int(row[1])
        if count < MIN_SUFFIX_COUNT or len(suffix) < 2 or not _HAN.match(suffix):
            continue
        if suffix in NOT_HEADS or suffix[-1] not in HEAD_CHARS or suffix in kinds:
            continue
        suffixes[suffix] = _kind(suffix, kinds)
    _write(HERE / "org_suffixes.tsv", "org-suffixes", sorted(suffixes.items()))

    heads = set(kinds) | set(suffixes)
    names = set()
    for line in (lexicon / "org_names.txt").open(encoding="utf-8"):
        name = line.split(" ")[0].strip()
        if (
            4 <= len(name) <= 16
            and _HAN.match(name)
            and any(name.endswith(h) and name != h for h in heads)
            and not _COORDINATED.search(name)
        ):
            names.add(name)
    _write(HERE / "org_names.tsv", "org-names", [(n,) for n in sorted(names)])

    surnames = [
        row["NameB"].strip()
        for row in csv.DictReader((lexicon / "surnames_1k.csv").open(encoding="utf-8"))
    ]
    _write(
        HERE / "surnames.tsv", "surnames", [(s,) for s in sorted(set(surnames)) if _HAN.match(s)]
    )
    print(
        f"{len(suffixes)} suffixes, {len(names)} organization names, {len(set(surnames))} surnames"
    )


def _kind(suffix: str, kinds: dict[str, str]) -> str:
    for n in range(len(suffix), 0, -1):
        if suffix[-n:] in kinds:
            return kinds[suffix[-n:]]
    return suffix[-1] if suffix[-1] in "馆站所处队团社部院厂场园" else "其他"


def _tsv(path: Path) -> list[tuple[str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            a, b = line.split("\t")[:2]
            rows.append((a, b))
    return rows


def _write(path: Path, name: str, rows: list[tuple[str, ...]]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write(f"# {name}-{VERSION}\n")
        for row in rows:
            out.write("\t".join(row) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
