"""Build kg's administrative-division gazetteer from the NBS tables.

Usage::

    python rules/build_places.py /work/shared/data

Reads ``admin/{provinces,cities,areas,streets}.csv`` (modood, 2022-10-31, WTFPL) and
``admin/villages-2021.csv.gz`` (liyanjie2048, NBS 2021, MIT) under the given data
directory and writes, beside this script:

- ``places.tsv``: provinces, prefectures, counties and townships with the surface forms
  news uses for them (``code, name, level, parent, forms``);
- ``villages.tsv.gz``: villages and communities (``code, name, short, township``);
- ``licences/``: the two source licences.

The output is deterministic (sorted rows, gzip without a timestamp), so a rebuild from
the same sources gives identical bytes. The short-form rules are documented in
docs/PLACES.md; the word lists below are general Chinese words, not names from any page.
This is the only code in kg that reads the shared data; kg itself reads rules/.
"""

from __future__ import annotations

import csv
import gzip
import re
import shutil
import sys
from collections import Counter
from pathlib import Path

VERSION = "2026.12.1"
HERE = Path(__file__).resolve().parent


def _words(text: str) -> list[str]:
    return text.split()


# The 55 minority nationalities, as they appear inside autonomous-area names.
ETHNIC = _words(
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 "
    "拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 "
    "怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺"
)
_ETHNIC_LONGEST_FIRST = sorted(ETHNIC, key=len, reverse=True)

# Placeholder rows of the prefecture and county tables, not places.
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

# Bare short forms that are common words or other things' names (长治久安, 大同小异,
# 三明治, 北海道, 阿里巴巴, 长白山, 澜沧江, 人民和…, 互助组, 通道, 沿河, 河口, 大厂 …).
# The full forms (长治市, 互助县, 互助土族自治县) still match.
# A bare prefecture form equal to a province's (吉林, 海南) is left to the province, and a bare
# county form equal to a province's or prefecture's (河南, 本溪, 阜新) to the larger unit.
STOP_SHORT = frozenset(
    _words(
        "长治 白银 来宾 大同 中山 安康 三明 四平 北海 朝阳 白山 阿里 "
        "互助 通道 沿河 河口 石柱 三江 江城 石林 青龙 围场 玉龙 大通 大化 连山 长白 "
        "东乡 民和 大厂 白沙 澜沧 鄂伦春 鄂温克"
    )
)

# County-level full names that are also common words (城区, 老城区, 解放区 …): kept as
# places (codes, hierarchy) but not searched for in text.
GENERIC_COUNTIES = frozenset(
    _words(
        "城区 郊区 矿区 东区 西区 老城区 新城区 古城区 市中区 城中区 城东区 城西区 城北区 解放区"
    )
)

# Abbreviations of autonomous prefectures that no suffix rule derives (widely used in
# Xinjiang news and official documents).
EXTRA_FORMS = {
    "博尔塔拉蒙古自治州": ("博州",),
    "巴音郭楞蒙古自治州": ("巴州",),
    "克孜勒苏柯尔克孜自治州": ("克州",),
}

_TOWNSHIP = re.compile(r"^.+(?:镇|乡|街道|苏木)$")
_PARENTHESES = re.compile(r"[（(][^）)]*[）)]")

# Village/community suffixes, most specific first: (official suffix, what the short name keeps).
VILLAGE_SUFFIXES = (
    ("社区居民委员会", "社区"),
    ("社区居民委会", "社区"),
    ("社区村民委员会", "社区"),
    ("社区居委会", "社区"),
    ("社区村委会", "社区"),
    ("社区委员会", "社区"),
    ("社区居委", "社区"),
    ("嘎查村民委员会", "嘎查"),
    ("嘎查村委会", "嘎查"),
    ("嘎查委员会", "嘎查"),
    ("嘎查村委员会", "嘎查"),
    ("嘎查委会", "嘎查"),
    ("村村民委员会", "村"),
    ("村民委员会", "村"),
    ("村村民委会", "村"),
    ("村民委会", "村"),
    ("村委会委会", "村"),
    ("村村委会", "村"),
    ("村委员会", "村"),
    ("村牧委会", "村"),
    ("牧委会", ""),
    ("村委会", "村"),
    ("村委", "村"),
    ("居民委员会", ""),
    ("居委会", ""),
    ("居委", ""),
)


def strip_ethnic(stem: str) -> str:
    """Drop nationality names from the end of an autonomous area's stem.

    A multi-character nationality may appear without 族 (昌吉回族 → 昌吉, 伊犁哈萨克 →
    伊犁); a one-character one only with 族 (三都水族 → 三都). The stem never drops below
    two characters (内蒙古 stays); a name that is only a nationality keeps it without 族
    (东乡族 → 东乡).

    >>> strip_ethnic("海西蒙古族藏族"), strip_ethnic("龙胜各族"), strip_ethnic("东乡族")
    ('海西', '龙胜', '东乡')
    """
    changed = True
    while changed:
        changed = False
        if stem.endswith("各族") and len(stem) >= 4:
            stem, changed = stem[:-2], True
            continue
        for group in _ETHNIC_LONGEST_FIRST:
            tails = (group + "族", group) if len(group) >= 2 else (group + "族",)
            tail = next((t for t in tails if stem.endswith(t) and len(stem) - len(t) >= 2), None)
            if tail:
                stem, changed = stem[: -len(tail)], True
                break
    if stem.endswith("族") and stem[:-1] in ETHNIC:
        stem = stem[:-1]
    return stem


def province_forms(name: str) -> list[str]:
    """新疆维吾尔自治区 → [新疆维吾尔自治区, 新疆]; 北京市 → [北京市, 北京]."""
    autonomous = name.endswith("自治区")
    short = strip_ethnic(name[:-3]) if autonomous else re.sub(r"(?:省|市)$", "", name)
    return _unique([name, short])


def prefecture_forms(name: str, taken: frozenset[str] = frozenset()) -> list[str]:
    """昌吉回族自治州 → [昌吉回族自治州, 昌吉州, 昌吉, …]; 乌鲁木齐市 → [乌鲁木齐市, 乌鲁木齐]."""
    forms = [name]
    if name.endswith("自治州"):
        stem = strip_ethnic(name[:-3])
        forms += [stem + "州", stem]
    elif name.endswith("地区"):
        forms.append(name[:-2])
    elif name.endswith(("市", "盟")):
        forms.append(name[:-1])
    forms += EXTRA_FORMS.get(name, ())
    return _unique(f for f in forms if f == name or (f not in STOP_SHORT and f not in taken))


def county_forms(
    name: str, prefecture_name: str | None, taken: frozenset[str] = frozenset()
) -> list[str]:
    """Full name only, except autonomous counties/banners: 木垒哈萨克自治县 → +木垒县, 木垒."""
    if name == prefecture_name or name in GENERIC_COUNTIES:
        return []  # 东莞市 (441900) repeats its prefecture; 城区 is a common word
    forms = [name]
    if name.endswith(("自治县", "自治旗")):
        stem = strip_ethnic(name[:-3])
        forms.append(stem + name[-1])
        if stem not in STOP_SHORT and stem not in taken:
            forms.append(stem)
    return _unique(forms)


def former_county(code: str, name: str, taken: frozenset[str]) -> list[str]:
    """A county-level city (code 81-99 within its prefecture) was a county before: news
    from before the change writes 某某县 for 某某市 (黔西县 → 黔西市)."""
    if name.endswith("市") and code[4:6] >= "81" and len(name) >= 3:
        former = name[:-1] + "县"
        return [] if former in taken else [former]
    return []


def township_forms(name: str, national_count: int) -> list[str]:
    """Official name only; odd units (农场, 开发区) only when unique and specific."""
    plain = _PARENTHESES.sub("", name).strip()
    if _TOWNSHIP.match(plain) and plain not in ("街道",):
        return [plain]
    if national_count == 1 and len(plain) >= 4 and "直辖" not in plain:
        return [plain]
    return []


def village_short(name: str) -> str:
    """星光社区居委会 → 星光社区; 红旗村委会 → 红旗村; 新兴里居委会 → 新兴里."""
    plain = _PARENTHESES.sub("", name).strip() or name
    for suffix, keep in VILLAGE_SUFFIXES:
        if plain.endswith(suffix) and len(plain) > len(suffix):
            return plain[: -len(suffix)] + keep
    return plain


def _unique(forms) -> list[str]:
    return list(dict.fromkeys(f for f in forms if f))


def _read(path: Path) -> list[dict[str, str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def build_places(admin: Path) -> list[tuple[str, str, str, str, str]]:
    """Rows ``(code, name, level, parent, forms)`` for levels province to township."""
    provinces = _read(admin / "provinces.csv")
    cities = _read(admin / "cities.csv")
    areas = _read(admin / "areas.csv")
    streets = _read(admin / "streets.csv")
    rows = [(p["code"], p["name"], "province", "", province_forms(p["name"])) for p in provinces]
    taken = frozenset(f for row in rows for f in row[4])
    real_cities = {c["code"]: c["name"] for c in cities if c["name"] not in PLACEHOLDERS}
    rows += [
        (c["code"], c["name"], "prefecture", c["provinceCode"], prefecture_forms(c["name"], taken))
        for c in cities
        if c["code"] in real_cities
    ]
    taken = frozenset(f for row in rows for f in row[4])
    county_codes = set()
    county_names = frozenset(a["name"] for a in areas)
    for a in areas:
        if a["name"] in PLACEHOLDERS:
            continue
        parent = a["cityCode"] if a["cityCode"] in real_cities else a["provinceCode"]
        forms = county_forms(a["name"], real_cities.get(a["cityCode"]), taken)
        forms += former_county(a["code"], a["name"], county_names | taken)
        rows.append((a["code"], a["name"], "county", parent, forms))
        county_codes.add(a["code"])
    counts = Counter(s["name"] for s in streets)
    for s in streets:
        parent = s["areaCode"] if s["areaCode"] in county_codes else s["cityCode"]
        forms = township_forms(s["name"], counts[s["name"]])
        rows.append((s["code"], s["name"], "township", parent, forms))
    return sorted(
        (code, name, level, parent, "|".join(forms)) for code, name, level, parent, forms in rows
    )


def build_villages(admin: Path, known: set[str]) -> list[tuple[str, str, str, str]]:
    """Rows ``(code, name, short, township)``; a 2021 township code missing from the 2022
    tables falls back to its county (first six digits), and a village with neither is left out.
    """
    rows = []
    for v in _read(admin / "villages-2021.csv.gz"):
        parent = v["streetCode"] if v["streetCode"] in known else v["streetCode"][:6]
        if parent in known:
            rows.append((v["code"], v["name"], village_short(v["name"]), parent))
    return sorted(rows)


def _header(kind: str, columns: str, sources: str) -> str:
    return (
        f"# {kind}-{VERSION}\n"
        f"# Built by rules/build_places.py from {sources}; see rules/licences/.\n"
        f"{columns}\n"
    )


def main(data_dir: str) -> None:
    admin = Path(data_dir) / "admin"
    places = build_places(admin)
    with open(HERE / "places.tsv", "w", encoding="utf-8", newline="\n") as out:
        out.write(
            _header(
                "places",
                "code\tname\tlevel\tparent\tforms",
                "modood/Administrative-divisions-of-China (NBS, 2022-10-31, WTFPL)",
            )
        )
        out.writelines("\t".join(row) + "\n" for row in places)
    villages = build_villages(admin, {row[0] for row in places})
    text = _header(
        "villages",
        "code\tname\tshort\ttownship",
        "liyanjie2048/AdministrativeDivisionCn (NBS 2021, MIT)",
    ) + "".join("\t".join(row) + "\n" for row in villages)
    with (
        open(HERE / "villages.tsv.gz", "wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as out,
    ):
        out.write(text.encode("utf-8"))
    licences = HERE / "licences"
    licences.mkdir(exist_ok=True)
    for name in ("LICENSE-modood.txt", "LICENSE-liyanjie2048.txt"):
        shutil.copyfile(admin / name, licences / name)
    levels = Counter(row[2] for row in places)
    print(f"places.tsv: {len(places)} rows {dict(levels)}; villages.tsv.gz: {len(villages)} rows")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python rules/build_places.py DATA_DIR  (the directory holding admin/)")
    main(sys.argv[1])
