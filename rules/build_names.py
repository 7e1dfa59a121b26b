"""Rebuild rules/name_stats.tsv: how telling a person's name is, from HanLP's name dictionary.

Usage: python rules/build_names.py PATH/TO/shared/data

Two kinds of rows (counts only; no name is copied whole):
  given   a two-character given name that at least COMMON people of HanLP's three-character
          Chinese names (tag nr) share (建国, 鹏飞): a full name with it is no evidence that two
          mentions are one person;
  foreign a character that transliterated foreign names (tag nrf) use at least FOREIGN_SHARE
          of the time (斯, 尔, 曼): a name mostly of these is a transliteration, which many
          people share (洛佩斯, 曼苏尔).
kg.resolve.people reads them to tell a distinctive name (丁某某) from a common one.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
VERSION = "names-2026.12.1"
COMMON = 6  # of 30,770 three-character names: 鹏飞 20, 海军 11, 东明 8; 达峰 2, 薛祥 1
FOREIGN_SHARE = 0.8
FOREIGN_MIN = 20  # a character seen in at least this many foreign names


def main(data: Path) -> None:
    given: Counter[str] = Counter()
    foreign: Counter[str] = Counter()
    chinese: Counter[str] = Counter()
    for line in (data / "lexicon" / "person_names.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) < 2:
            continue
        name, tag = parts[0], parts[1]
        if tag == "nrf":
            foreign.update(set(name.replace("·", "")))
        elif tag == "nr":
            chinese.update(set(name[1:]))
            if len(name) == 3 and "某" not in name:
                given[name[1:]] += 1
    rows = [("given", g, n) for g, n in sorted(given.items()) if n >= COMMON]
    rows += [
        ("foreign", c, n)
        for c, n in sorted(foreign.items())
        if n >= FOREIGN_MIN and n / (n + chinese[c]) >= FOREIGN_SHARE and "\u4e00" <= c <= "\u9fff"
    ]
    out = HERE / "name_stats.tsv"
    with out.open("w", encoding="utf-8") as f:
        f.write(f"# {VERSION}\n")
        f.write(
            "# Built by rules/build_names.py from HanLP's person-name dictionary (Apache-2.0):\n"
        )
        f.write("# counts only. value\tkind\tcount\n")
        for kind, value, n in rows:
            f.write(f"{value}\t{kind}\t{n}\n")
    print(
        f"{out}: {sum(r[0] == 'given' for r in rows)} given names, "
        f"{sum(r[0] == 'foreign' for r in rows)} foreign characters"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
