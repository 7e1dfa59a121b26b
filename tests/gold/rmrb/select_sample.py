"""Draw the People's Daily gold sample from ../shared/corpus, deterministically.

Run once, before any tuning: ``python tests/gold/rmrb/select_sample.py ../shared/corpus``.
It prints ``split<TAB>kind<TAB>file`` for 90 articles: 56 local party-building activity
stories and 34 others, each group shuffled with a fixed seed and cut into dev and test.
Only file names leave the corpus; the article text never enters the repository.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

# A local party-building story: a grassroots party body or activity, at a local level.
PARTY = re.compile(r"党支部|主题党日|党总支|第一书记|党员志愿|三会一课|党群服务中心")
LOCAL = re.compile(r"[县村镇乡]|社区|街道")
SEED = 20261207
SIZES = {"party": (36, 20), "other": (20, 14)}  # (dev, test)


def main(root: Path) -> None:
    files = sorted(root.glob("rmrb-*/*/*.txt"))
    groups: dict[str, list[str]] = {"party": [], "other": []}
    seen: set[str] = set()
    for path in files:
        text = path.read_text(encoding="utf-8")
        # The paper reprints a story on several pages (page 1 and a topic page): one copy only,
        # so that no story is in both dev and test.
        body = "".join(text.split())
        key = body[:24]
        if key in seen:
            continue
        seen.add(key)
        if not 300 <= len(text) <= 3500:  # exhaustive annotation of very long pieces is unreliable
            continue
        kind = "party" if len(PARTY.findall(text)) >= 2 and LOCAL.search(text) else "other"
        groups[kind].append(path.relative_to(root).as_posix())
    rng = random.Random(SEED)
    for kind, (dev, test) in SIZES.items():
        pool = groups[kind]
        rng.shuffle(pool)
        for n, name in enumerate(pool[: dev + test]):
            print(f"{'dev' if n < dev else 'test'}\t{kind}\t{name}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
