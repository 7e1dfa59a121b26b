"""Mine organization heads (卫健委, 医疗队, 文化站 …) from organization names in corpora.

Usage: python rules/build_org_heads.py PATH/TO/shared/data [--corpus PATH/TO/corpus]

A head is the tail of organization names that many different names end in: its
*accessor variety*, the number of distinct characters written before it, is high
(江西省|卫健委, 国家|卫健委, 市|卫健委; while 健委 is always after 卫). The names are
HanLP's organization dictionary, the ORG spans of the annotated NER corpora (People's
Daily 1998, MSRA, CLUENER's organization/government/company) and, with ``--corpus``,
the words LAC tags ORG in a news corpus (counts only: no text is written out).

Writes rules/org_heads.tsv (head, kind, names, variety): tails of 2-4 characters whose
last character is an organization head character, with variety >= MIN_VARIETY, that the
hand-written kinds and the HanLP suffixes do not already cover, minus the reviewed
NOT_HEADS (places, venues, events, fragments). kg reads these heads only where a place,
a context word (县, 镇 …), a chain of posts or quotes name the owner (kg/nlp/orgs.py).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from build_lexicons import _kind, _tsv  # noqa: E402  (the same kinds as the HanLP suffixes)

from kg.ner.corpora import read_corpus  # noqa: E402

VERSION = "2026.12.1"
MIN_VARIETY = 4
_NAME = re.compile(r"^[\u4e00-\u9fff·]{3,20}$")
HEAD_CHARS = set("会委部局厅院校所站队团社司行心馆处科组办室厂场园署协联军连班段盟")
# Reviewed tails that are not an organization's head: places and venues (a station, a
# market, a park), events, groups of people, and fragments of longer words.
_REVIEWED = """
    部队 两会 南站 北站 西站 东站 批发市场 交易市场 人才市场 市场 公交站 地铁站 高铁站 路站
    汽车南站 火车南站 客站 新客站 客运南站 广场站 东路站 南门站 门站 子站 院站 设站 运站
    枢纽站 新站 军队 驻军 军团 滑雪场 游泳馆 林场 牧场 一场 前场 养殖场 养鸡场 种猪场 填埋场
    菜场 团场 剧场 创业园 科技园 软件园 生态园 景园 果园 示范园 产业园 业园 业科技园
    烈士陵园 家属院 公社 行业 务局 业局 务部 业部 务处 业处 管局 管所 管处 监局 查局 事局
    化局 防局 信局 卫局 保局 林局 利局 计局 工局 电局 路局 税局 安局 制局 行局 航局 区局
    县局 部局 政部 工部 行部 文部 学部 品部 物部 销部 建部 一部 多处 五处 口处 保处 计处
    事处 利亚 斯队 亚队 兰队 利亚队 尼亚队 西亚队 德队 牛队 塔队 纳队 利队 曼队 克队 哥队
    姆队 西队 东队 北队 日队 星队 城队 者队 士队 人队 特队 国队 银行队 安队 联队 女队 男队
    一组 五组 村六组 村一组 村五组 村小组 作组 一院 二院 三院 院院 地院 民院 附院 术院
    研院 科院 一台 一局 十局 二中院 一中院 阳中院 山中院 山社 头社 新社 通社 联社 商社
    常委 执委 委委 部委 法委 特委 南特委 监会 管会 队会 会会 政府会 人民会 大会 联会 公会
    二中 高科 科技 中心 中国 国际 新闻 团队 天团 财团 使团 师团 赴台 来台 博会 展览会
    机厂 器厂 械厂 料厂 织厂 油厂 一厂 化厂 车厂 砖厂 茶厂 肥厂 烟厂 鞋厂 分厂 总厂 酒厂
    培训班 合办 管办 经办 工办 委办 招办 党办 交所 物所 电所 机所 测站 检站 保站 气站
    国陆军 国空军 国海军 军空军 军区空军 军区部队 军部队 安全部队 武装部队 兵部队 航部队
    警察部队 特种部队 边防部队 国国家队 国国防部 国财政部 国外交部 国国务院 国农业部
    国教育部 国代表团 家协会 业协会 人协会 师协会 术协会 商协会 业联合会 业商会 师公会
    科学会 会联盟 业联盟 产业部 信息部 经济部 技术部 投资部 体育部 发展部 管理部 服务部
    客服部 公关部 营销部 经销部 推广部 合作部 银行部 事业部 国际部 项目部 分部 文化部
    宣传科 管理科 管科 政科 教科 医学科 病科 伤科 男科 产科 外科 内科 胸外科 神经外科
    业厅 业司 击队 务办 务司 发局 政司 政局 理部 管部 史馆 院团 小组 人社 人代会
    红军 村委 居委 分社 医院儿科 医院内科 医院外科 医院男科 医院眼科 医院骨科 医院产科
    咖啡馆 餐馆 菜馆 旅馆 影院 电影院 大戏院 水族馆 海洋馆
"""
NOT_HEADS = set(_REVIEWED.split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="the shared data directory (lexicon/, ner/)")
    parser.add_argument("--corpus", type=Path, help="news text files (*.txt) LAC reads")
    args = parser.parse_args()
    names = _names(args.data) | (_tagged(args.corpus) if args.corpus else set())
    before: dict[str, set[str]] = defaultdict(set)
    count: Counter[str] = Counter()
    for name in names:
        for k in (2, 3, 4):
            if len(name) > k:
                before[name[-k:]].add(name[-k - 1])
                count[name[-k:]] += 1
    kinds = dict(_tsv(HERE / "org_kinds.tsv"))
    known = set(kinds) | {s for s, _ in _tsv(HERE / "org_suffixes.tsv")}
    rows = []
    for head, variety in ((h, len(b)) for h, b in before.items()):
        if (
            variety < MIN_VARIETY
            or head[-1] not in HEAD_CHARS
            or head in NOT_HEADS
            or head in known
            or any(head.endswith(k) for k in known if len(k) >= 2)
            or (head[0] in "市县区省州镇乡村国" and head[1:] in before)  # 市人社局: 人社局
        ):
            continue
        rows.append((head, _kind(head, kinds), str(count[head]), str(variety)))
    rows.sort()
    with (HERE / "org_heads.tsv").open("w", encoding="utf-8", newline="\n") as out:
        out.write(f"# org-heads-{VERSION}\n")
        out.write(
            "# Organization heads mined by rules/build_org_heads.py (accessor variety over "
            "HanLP, NER corpora and LAC ORG names); read only after a place or an owner.\n"
        )
        out.write("# head\tkind\tnames\tvariety\n")
        for row in rows:
            out.write("\t".join(row) + "\n")
    print(f"{len(names)} organization names, {len(rows)} heads")


def _names(data: Path) -> set[str]:
    names = set()
    for line in (data / "lexicon" / "org_names.txt").open(encoding="utf-8"):
        names.add(line.split(" ")[0].strip())
    ner = data / "ner"
    corpora = [
        ("bio", ner / "peoplesdaily" / "dev.bio", None),
        ("msra", ner / "msra" / "val_sentences.txt", ner / "msra" / "val_tags.txt"),
    ]
    for fmt, path, tags in corpora:
        for sentence in read_corpus(fmt, path, tags):
            names.update(sentence.text[a:b] for a, b, label in sentence.spans if label == "ORG")
    for split in ("train.json", "dev.json"):
        for line in (ner / "cluener" / split).open(encoding="utf-8"):
            label = json.loads(line)["label"]
            for kind in ("organization", "government", "company"):
                names.update(label.get(kind, {}))
    return {n for n in names if _NAME.match(n)}


def _tagged(corpus: Path) -> set[str]:
    from kg.nlp.taggers import LacTagger

    lac = LacTagger()
    names: set[str] = set()
    files = sorted(corpus.rglob("*.txt"))
    for i in range(0, len(files), 50):
        texts = [f.read_text(encoding="utf-8", errors="replace") for f in files[i : i + 50]]
        for text, words in zip(texts, lac.words(texts), strict=True):
            names.update(text[a:b] for a, b, tag in words if tag == "ORG")
    return {n for n in names if _NAME.match(n)}


if __name__ == "__main__":
    main()
