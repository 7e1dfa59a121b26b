"""Merge the annotators' batches into dev.jsonl and test.jsonl, with one set of conventions.

Usage: python tests/gold/rmrb/harmonise.py [BATCH.jsonl ...]

With batch files, their records are split by ``sample.tsv`` into dev.jsonl and test.jsonl
(file order of ``sample.tsv``); without, dev.jsonl and test.jsonl are rewritten in place.
Idempotent. Two conventions the batches wrote differently are made one:

- an organization written after an address chain (省市县街道…社区党委) is named from the
  chain's most specific place on (段南沟社区党总支), as tests/gold/README.md says; the form
  with the chain stays as a surface and becomes an alias;
- the standard short and full names of national bodies are aliases of each other
  (党中央 / 中共中央), whichever the annotator chose as canonical; so are 某村村委会 and
  某村委会, the two ways a village committee is written.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from kg.gazetteer.gazetteer import Gazetteer

HERE = Path(__file__).resolve().parent
EQUIVALENT = [
    ("中共中央", "党中央"),
    ("中央军事委员会", "中央军委"),
    ("中共中央政治局常务委员会", "中共中央政治局常委会", "中央政治局常委会"),
    ("中华全国妇女联合会", "全国妇联"),
    ("中央电视台", "央视"),
    ("中国共产党", "共产党"),
    ("全国人民代表大会", "全国人大"),
    ("全国人民代表大会常务委员会", "全国人大常委会"),
    ("中国保险监督管理委员会", "中国保监会"),
    ("国家卫生健康委员会", "国家卫健委"),
    ("中国科学院", "中科院"),
    ("中国疾病预防控制中心", "中国疾控中心"),
]


def main(batches: list[Path]) -> None:
    if batches:
        split = dict(
            (line.split("\t")[2], line.split("\t")[0])
            for line in (HERE / "sample.tsv").read_text(encoding="utf-8").split("\n")
            if line.strip()
        )
        order = list(split)
        records = [
            json.loads(line) for b in batches for line in b.open(encoding="utf-8") if line.strip()
        ]
        records.sort(key=lambda r: order.index(r["file"]))
        sets = {name: [r for r in records if split[r["file"]] == name] for name in ("dev", "test")}
    else:
        sets = {name: _read(HERE / f"{name}.jsonl") for name in ("dev", "test")}
    gazetteer = Gazetteer.load()
    for name, records in sets.items():
        out = [json.dumps(_harmonised(r, gazetteer), ensure_ascii=False) for r in records]
        (HERE / f"{name}.jsonl").write_text("\n".join(out) + "\n", encoding="utf-8")
        print(f"{name}.jsonl: {len(out)} records")


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def _harmonised(record: dict, gazetteer: Gazetteer) -> dict:
    renamed: dict[str, str] = {}
    for entity in record["entities"]:
        aliases = set(entity.get("aliases", ()))
        if entity["type"] == "Organization":
            short = _without_chain(entity["name"], entity["surface"], gazetteer)
            if short:
                renamed[entity["name"]] = short
                aliases.add(entity["name"])
                entity["name"] = short
        for group in EQUIVALENT:
            if entity["name"] in group:
                aliases |= set(group)
        if entity["type"] == "Organization" and entity["name"].endswith("村村委会"):
            aliases.add(entity["name"][: -len("村委会")] + "委会")  # 某村村委会 / 某村委会
        aliases.discard(entity["name"])
        if aliases:
            entity["aliases"] = sorted(aliases)
    for event in record["events"]:
        for organizer in event["organizers"]:
            organizer["name"] = renamed.get(organizer["name"], organizer["name"])
        event["participants"] = [renamed.get(p, p) for p in event["participants"]]
        event["place"] = renamed.get(event["place"], event["place"])
    for position in record["positions"]:
        position["organization"] = renamed.get(position["organization"], position["organization"])
    return record


def _without_chain(name: str, surfaces: list[str], gazetteer: Gazetteer) -> str | None:
    """The surface that drops an address chain from ``name``, if any: what is cut starts
    with a division and ends with an administrative unit (…省…市…区…街道), and the
    surface left starts with a place of its own (a division, a village or a community)."""
    places = gazetteer.find(name)
    for surface in sorted(surfaces, key=len, reverse=True):
        cut = len(name) - len(surface)
        if cut <= 0 or not name.endswith(surface):
            continue
        chain = name[:cut]
        if not (any(m.start == 0 for m in places) and chain.endswith(_UNITS)):
            continue
        if any(m.start == cut for m in places) or _LOCALITY.match(surface):
            return surface
    return None


_UNITS = ("省", "市", "区", "县", "旗", "镇", "乡", "街道", "街", "街道办", "新区", "新城")
_LOCALITY = re.compile(r"^[\u4e00-\u9fff]{1,6}?(?:村|社区|居民区|小区)")


if __name__ == "__main__":
    main([Path(p) for p in sys.argv[1:]])
