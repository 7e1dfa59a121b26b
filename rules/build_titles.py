"""Mine titles (院士, 总指挥, 首席专家 …) from a news corpus: what stands between an
organization or a place and a person's name.

Usage: python rules/build_titles.py PATH/TO/corpus

LAC reads every *.txt file under the corpus; wherever an ORG or LOC word (or an
organization noun) is followed by one to three nouns and then a PER word
(某研究院|首席|专家|某某), the nouns are counted as a title. Titles counted at least
MIN_COUNT times, Han only, are written with the kind kg's titles use (member for group
words: …员, …生, …者 …; else post), minus the reviewed NOT_TITLES. Counts only: no text
is written out.

Writes rules/titles_mined.tsv (title, kind, count). Hand-written rules/titles.tsv wins
on a clash; CLUENER's positions (rules/positions.tsv) come first.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from build_ner_vocab import _kind  # noqa: E402  (member for group words, else post)

VERSION = "2026.12.1"
MIN_COUNT = 3
_TITLE = re.compile(r"^[\u4e00-\u9fff]{2,8}$")
_OWNER_TAGS = {"ORG", "LOC", "nt"}
_TITLE_TAGS = {"n", "nz", "vn", "nw"}
# Reviewed: what stands between a place and a name without being anyone's title
# (people of a place, kinds of people, things, places).
_REVIEWED = """
村民 读者 市民 居民 小伙 姑娘 女孩 游客 跑友 侨胞 观众 主人 妇女 青年 社区居民 城市读者
籍居民 贫困户 种粮大户 留学生 学生 员工 职工 工人 菜农 村民党员 退役军人 退休医生 干部
首都 首府 小镇 灯笼 分社 名将 小将 队选手 选手 棋手 球员 成员 领袖 学者 作家 诗人 画家
音乐家 哲学家 文学家 科学家 经济学家 病毒学家 问题专家 国际问题专家 专家 公主 国王 女王
大臣 酋长 战士 教员 评论员 导演 纪录片导演 代表 创始人 灯会 委书记 区总裁 中央主席
"""
NOT_TITLES = set(_REVIEWED.split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="news text files (*.txt)")
    args = parser.parse_args()
    from kg.nlp.taggers import LacTagger

    lac = LacTagger()
    counts: Counter[str] = Counter()
    files = sorted(args.corpus.rglob("*.txt"))
    for i in range(0, len(files), 50):
        texts = [f.read_text(encoding="utf-8", errors="replace") for f in files[i : i + 50]]
        for text, words in zip(texts, lac.words(texts), strict=True):
            counts.update(_titles(text, words))
    rows = [
        (title, _kind(title), str(n))
        for title, n in sorted(counts.items())
        if n >= MIN_COUNT and _TITLE.match(title) and title not in NOT_TITLES
    ]
    with (HERE / "titles_mined.tsv").open("w", encoding="utf-8", newline="\n") as out:
        out.write(f"# titles-mined-{VERSION}\n")
        out.write(
            "# Titles between an organization or place and a name in a news corpus "
            "(rules/build_titles.py, LAC); counts only.\n# title\tkind\tcount\n"
        )
        for row in rows:
            out.write("\t".join(row) + "\n")
    print(f"{len(files)} files, {len(rows)} titles")


def _titles(text: str, words: list[tuple[int, int, str]]):
    for j, (_, _, tag) in enumerate(words):
        if tag != "PER":
            continue
        for k in (1, 2, 3):
            if j - k - 1 < 0:
                break
            middle = words[j - k : j]
            if words[j - k - 1][2] in _OWNER_TAGS and all(w[2] in _TITLE_TAGS for w in middle):
                yield text[middle[0][0] : middle[-1][1]]


if __name__ == "__main__":
    main()
