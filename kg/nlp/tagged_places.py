"""Places the statistical tagger proposes, and what the rules accept of them.

A tagger's place is kept when it is a division of the gazetteer (a county's short form only
inside a division the article names: 长兴 → 长兴县), a village the gazetteer lists under a
division the article names, a named venue (…机场, …小区, whose name part is a name), or a
place the annotated NER corpora know (欧洲); a chain of places the tagger reads as one word
is split first (某乡|某村). What is kept carries the rule ``place.ner.v1``.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace

from kg.gazetteer.places import ResolvedPlace
from kg.nlp.lexicon import Lexicon
from kg.nlp.words import NAME_TAGS, Words

PLACE_RULE = "place.ner.v1"
LIST_RULE = "place.list.v1"
_HAN = re.compile(r"[\u4e00-\u9fff]")  # a county's short form among its neighbours' in a list
OTHER_LEVEL = "other"  # a place outside the administrative gazetteer: a country, a region
_UNITS = (
    ("village", ("村", "社区", "居民区", "自然村", "嘎查", "村民小组")),
    ("township", ("镇", "乡", "街道", "街")),
    ("other", ("新区", "高新区", "开发区", "新城", "特区")),
)
_VENUE_SUFFIXES = (
    "小区", "花园", "机场", "火车站", "车站", "高铁站", "大坝", "大桥", "水库", "广场", "公园",
    "景区", "天文台", "港", "码头", "博物馆", "纪念馆", "展览馆", "体育馆", "体育场", "湖",
)  # fmt: skip
_LOCALITY_WORDS = frozenset({"社区", "小区", "居民区", "村"})
_UNIT_END = re.compile(r".+?(?:街道|社区|小区|居民区|自然村|嘎查|镇|乡|村|街(?!道)|新区|开发区)")
_CONCEPT_AFTER = ("特色", "式", "梦")
_PEOPLE_OF = ("老乡", "同乡")  # …乡 that are people, not townships
SHORT_FORM_UNITS = ("县", "市", "区", "旗")
_RENAMED = ("乡", "镇")  # a county written without its unit (长兴)


def proposed_place(
    surface: str,
    start: int,
    end: int,
    lexicon: Lexicon,
    gazetteer,
    context: frozenset[str] = frozenset(),
    tagger=None,
    following: str = "",
) -> ResolvedPlace | None:
    """The place the tagger's ``surface`` names, or None when the rules do not accept it.

    ``context``: codes of the divisions the article names; ``tagger``: reads a venue's name
    part on its own; ``following``: the text right after it (中国|特色 is a concept term).
    """
    if following.startswith(_CONCEPT_AFTER):
        return None  # 中国特色社会主义, 中国式现代化: a concept term, not the country
    if surface.endswith(_PEOPLE_OF):
        return None  # 赣南老乡: people from a place, not a township called 老乡
    place = gazetteer_place(surface, start, end, gazetteer, context)
    level = _unit_level(surface)
    if place.code or (
        surface in lexicon.tagged_places
        and (level is None or (level == "venue" and len(surface) - _suffix_length(surface) < 2))
    ):
        return place  # 香港 is a name, not a harbour called 香
    # outside the gazetteer, a place ends in a unit or a venue word (某某村, 某某小区,
    # 某某机场) and is checked as such; the tagger also calls 一流, 振兴 places
    if not level or len(surface) - _suffix_length(surface) < 2:
        return None
    if level == "village":
        return _village(surface, start, end, gazetteer, context)
    if level == "venue" and tagger is not None:
        # a named venue: its name part is a name on its own (首都|机场, 某某|大坝), not a
        # common word (湿地|公园, 隔离|宾馆)
        stem = surface[: len(surface) - _suffix_length(surface)]
        (stem_words,) = tagger.words([stem])
        if not any(w[2] in NAME_TAGS for w in stem_words):
            return None
    return ResolvedPlace(start, end, surface, None, surface, level, PLACE_RULE)


def place_pieces(
    text: str, start: int, end: int, words: Words | None, lexicon: Lexicon, gazetteer
) -> list[tuple[int, int, str]]:
    """A place the tagger proposes, as the places it chains (青松乡|白杨村,
    江北街|翠竹社区|党委 → two places), with a following 社区/小区 word joined to it
    (杏花|社区 → 杏花社区). Pieces after the last cut that end in no unit are dropped."""
    following = words.at(end) if words is not None else None
    if following and following[0] == end and text[end : following[1]] in _LOCALITY_WORDS:
        end = following[1]
    surface = text[start:end]
    if _whole(surface, gazetteer) or surface.endswith(_VENUE_SUFFIXES):
        return [(start, end, "LOC")]
    cuts = {0, len(surface)}
    for m in gazetteer.find(surface):
        cuts |= {m.start, m.end}
    cuts |= {m.end() for m in _UNIT_END.finditer(surface) if len(surface) - m.end() >= 2}
    cuts |= {
        k
        for k in range(2, len(surface) - 1)
        if surface[:k] in lexicon.tagged_places and surface[k:] in lexicon.tagged_places
    }
    bounds = sorted(c for c in cuts if 0 <= c <= len(surface))
    if len(bounds) > 2 and bounds[1] == 1:
        bounds.pop(1)  # 三|岔河乡: a known name inside a longer one, not a chain of two
    pieces = [(start + a, start + b, "LOC") for a, b in itertools.pairwise(bounds) if b - a >= 2]
    tail = text[pieces[-1][0] : pieces[-1][1]] if pieces else ""
    if (
        len(pieces) > 1
        and not _unit_level(tail)
        and tail not in lexicon.tagged_places
        and not _county_form(tail, gazetteer)  # 陕西|城固: a county written without 县
    ):
        pieces = pieces[:-1]  # …村|村委, …社区|党委: the tail is no place (a city after its
        # country is: 塞尔维亚|贝尔格莱德)
    return pieces


def _county_form(surface: str, gazetteer) -> bool:
    """Some county is ``surface`` + 县/市/区/旗 (the article's context decides which, later)."""
    return len(surface) >= 2 and any(_whole(surface + unit, gazetteer) for unit in SHORT_FORM_UNITS)


def _whole(surface: str, gazetteer) -> bool:
    return any((m.start, m.end) == (0, len(surface)) for m in gazetteer.find(surface))


def _unit_level(surface: str) -> str | None:
    """The level a place's last word gives it (…村 village, …镇 township, …机场 venue)."""
    if surface.endswith(_VENUE_SUFFIXES):
        return "venue"
    for level, units in _UNITS:
        if surface.endswith(units):
            return level
    return None


def _village(
    surface: str, start: int, end: int, gazetteer, context: frozenset[str]
) -> ResolvedPlace | None:
    """A village or community the tagger proposes, if one of that name lies in a division the
    article names (相邻村, 文明村 and 壮大村 do not); resolved when it is the only one."""
    found = {
        v.code
        for within in sorted(c for c in context if 4 <= len(c) <= 6)
        for v in gazetteer.villages(surface, within)
    }
    if not found:
        return None
    code = next(iter(found)) if len(found) == 1 else None
    name = gazetteer.get(code).name if code else surface
    return ResolvedPlace(start, end, surface, code, name, "village", PLACE_RULE)


def _suffix_length(surface: str) -> int:
    ends = [u for _, units in _UNITS for u in units] + list(_VENUE_SUFFIXES)
    return max((len(u) for u in ends if surface.endswith(u)), default=0)


def gazetteer_place(
    surface: str, start: int, end: int, gazetteer, context: frozenset[str] | None = None
) -> ResolvedPlace:
    """The gazetteer's division when the whole surface names exactly one, or a county's short
    form does (长兴 → 长兴县) and lies in the ``context`` divisions, else an 'other' place.
    ``context`` None: short forms are not tried."""
    forms = [surface]
    if context is not None and len(surface) >= 2:
        forms += [surface + unit for unit in SHORT_FORM_UNITS]
        if surface.endswith("街"):  # 江北街 is 江北街道, 民意街 民意街街道: a township
            forms[1:1] = [surface + "道", surface + "街道"]
        if surface.endswith(_RENAMED):  # a 乡 made a 镇 (or back) since the text was written
            forms.append(surface[:-1] + _RENAMED[surface[-1] == "乡"])
    for form in forms:
        whole = [m for m in gazetteer.find(form) if (m.start, m.end) == (0, len(form))]
        if not whole:
            continue
        candidates = whole[0].candidates
        if form != surface:
            candidates = tuple(
                c for c in candidates if any(a.code in context for a in gazetteer.ancestors(c))
            )
        if len(candidates) == 1:
            place = gazetteer.get(candidates[0])
            return ResolvedPlace(
                start, end, surface, place.code, place.name, place.level, PLACE_RULE
            )
        break
    return ResolvedPlace(start, end, surface, None, surface, OTHER_LEVEL, PLACE_RULE)


_LIST_ITEM = re.compile(r"[\u4e00-\u9fff]{2,3}")
_LIST_END = ("等", "和", "及", "、", "，", "。")


def listed_counties(text: str, places, gazetteer) -> list[ResolvedPlace]:
    """Counties written without their unit in a list with other counties of one prefecture
    or province (高安、横峰、弋阳 …): an item the tagger read as a word is a county when its
    short form names one there, as its neighbours do."""
    by_span = {(p.start, p.end) for p in places}
    counties = [p for p in places if p.code and p.level == "county" and p.surface != p.name]
    found: list[ResolvedPlace] = []
    for county in counties:
        within = frozenset(a.code for a in gazetteer.ancestors(county.code) if a.level != "county")
        for start, end in _neighbours(text, county.start, county.end):
            if (start, end) in by_span:
                continue
            place = gazetteer_place(text[start:end], start, end, gazetteer, within)
            if place.code and place.level == "county":
                found.append(replace(place, rule=LIST_RULE))
                by_span.add((start, end))
    return found


def _neighbours(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The list items of two or three characters right before and after ``text[start:end]``,
    joined by 、 and ended by 、, 等, 和, punctuation or the text's edge."""
    out = []
    for n in (2, 3):
        a, b = end + 1, end + 1 + n
        if (
            text[end : end + 1] == "、"
            and _LIST_ITEM.fullmatch(text, a, b)
            and (b == len(text) or text.startswith(_LIST_END, b))
        ):
            out.append((a, b))
        a, b = start - 1 - n, start - 1
        if (
            text[start - 1 : start] == "、"
            and a >= 0
            and _LIST_ITEM.fullmatch(text, a, b)
            and (a == 0 or not _HAN.match(text[a - 1]) or text[a - 1] == "、")
        ):
            out.append((a, b))
    return out
