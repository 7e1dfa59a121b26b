"""Places named in one article, resolved to NBS codes by what else the article says.

:func:`resolve_places` runs four small rules over a text (docs/PLACES.md has the full
account and the reasons):

1. Gazetteer forms (:meth:`Gazetteer.find`). A form naming one division is resolved
   (``place.gazetteer.v1``). A form naming several is resolved by context
   (``place.context.v1``): the place written just before it (昌吉市 + 建国路街道), else the
   candidate sharing the deepest division with a place resolved in the same text, else the
   single candidate under ``home`` (the newspaper's home division). Otherwise it stays
   unresolved (code None, ``place.ambiguous.v1``), or is dropped when it has more than
   :data:`MAX_CANDIDATES` candidates (城关镇 names 88 townships).
2. Deictic words (``place.deixis.v1``): 全州/我州, 州 before an organization word (州委,
   州文化和旅游局), and likewise 县/市/区/省, 自治区, 自治州, become the article's
   division of that kind (:func:`_deixis_target`); 全国 is not a place.
3. Villages and communities (``place.village.v1``) right after a resolved township or
   county (玛纳斯镇 + …社区): looked up under it; an unknown …社区 there keeps code None.
4. Venues (``place.venue.v1``): …博物馆/纪念馆/展览馆/陈列馆/展馆 right after a place,
   with code None and level "venue".
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

from kg.errors import UsageError
from kg.gazetteer.gazetteer import GAZETTEER_RULE, LEVELS, Gazetteer, Place, PlaceMention

__all__ = [
    "MAX_CANDIDATES",
    "Gazetteer",
    "Place",
    "PlaceMention",
    "ResolvedPlace",
    "resolve_places",
]

CONTEXT_RULE = "place.context.v1"
AMBIGUOUS_RULE = "place.ambiguous.v1"
DEIXIS_RULE = "place.deixis.v1"
VILLAGE_RULE = "place.village.v1"
VENUE_RULE = "place.venue.v1"
MAX_CANDIDATES = 8  # an unresolved form naming more divisions than this is dropped

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Words that, right after a bare 州/县/市/区/省, make it the name of a government unit.
_ORG_WORDS = (
    "委|政府|人大|政协|纪委|监委|党委|党校|直属|直机关|人民|公安|法院|检察院|财政|教育|卫健|"
    "卫生健康|民政|人社|人力资源|自然资源|生态环境|住建|住房和城乡|交通运输|水利|农业农村|商务|"
    "文旅|文化和旅游|退役军人|应急|审计|国资委|市场监|统计|医保|林草|林业|乡村振兴|民宗委|"
    "统战部|宣传部|组织部|政法委|妇联|团委|总工会|工会|科协|文联|残联|工商联|红十字会|融媒体|"
    "图书馆|博物馆|档案馆|机关|税务|气象|供销|发改委|发展和改革|工信|工业和信息化|司法|信访|疾控|"
    "疾病预防|医院|中医|妇幼|委员会"
)
_DEIXIS = re.compile(
    rf"(?P<quant>[全我])(?P<a>自治区|自治州|[州县市区省])"
    rf"|(?P<b>自治区|自治州)"
    rf"|(?P<c>[州县市区省])(?=(?:{_ORG_WORDS}))"
)
_AFTER_WORD = "在由和与及同经对向从于是为将把被让请到赴了的受据给"  # may precede a bare 州委
_KIND_WORDS = ("省", "市", "县", "区", "州", "盟", "旗", "乡", "镇")
_NOT_BEFORE = {"全": "健齐完安保周成两十顾大俱万", "我": "自忘唯非舍敌"}
_VENUE = re.compile(rf"[{_HAN}]{{0,8}}?(?:博物馆|纪念馆|展览馆|陈列馆|展馆)")
_VENUE_STEM_STOP = re.compile("[的和与及在是了等各]")
# A stem before 社区 with one of these is a phrase (党委到社区, 各社区), not a community's name.
_COMMUNITY_STEM_STOP = re.compile(
    "[党委部局办到在的和与及向对为是了各全每本该所此等个驻辖多把将被让给从于进入走赴]"
)
_VERBS_BEFORE_COMMUNITY = ("做好", "深入", "下沉", "走进", "回到", "来到", "进驻", "包联", "返回")
_GENERIC_COMMUNITY_STEMS = frozenset(
    ["城乡", "城市", "农村", "乡村", "城镇", "所辖", "辖区", "示范", "和谐", "文明", "智慧", "美丽"]
)
_TOWN_UNIT = re.compile("街道|街|镇|乡")
_HAN_RUN = re.compile(rf"[{_HAN}]{{1,14}}")


@dataclass(frozen=True)
class ResolvedPlace:
    """A place mention resolved (or not) to an administrative division.

    Attributes:
        start, end, surface: where it is; ``text[start:end] == surface``.
        code: NBS code; None for a venue or an unresolved name.
        name: official name of ``code``; the surface when unresolved.
        level: province, prefecture, county, township, village or venue.
        rule: the rule that produced it (``place.gazetteer.v1`` …).
    """

    start: int
    end: int
    surface: str
    code: str | None
    name: str
    level: str
    rule: str


def resolve_places(text: str, gazetteer: Gazetteer, home: str | None = None) -> list[ResolvedPlace]:
    """Resolve the place mentions of one article, sorted by position (longest first).

    Args:
        text: the article text.
        gazetteer: from :meth:`Gazetteer.load`.
        home: code of the newspaper's home division (e.g. "6523" for 昌吉回族自治州).

    Raises:
        UsageError: ``home`` is not a known code.

    Example:
        >>> g = Gazetteer.load()
        >>> [(p.surface, p.code, p.rule) for p in resolve_places("全州各县市开展活动", g, "6523")]
        [('全州', '6523', 'place.deixis.v1')]
    """
    if home is not None and home not in gazetteer:
        raise UsageError(f"home place {home!r} is not an NBS code in the gazetteer")
    mentions = gazetteer.find(text)
    codes = _disambiguate(mentions, gazetteer, home)
    places = [
        _from_mention(m, code, gazetteer)
        for m, code in zip(mentions, codes, strict=True)
        if code is not None or len(m.candidates) <= MAX_CANDIDATES
    ]
    places += _deixis(text, gazetteer, home, places, mentions)
    places += _villages(text, gazetteer, places, mentions)
    places += _venues(text, places)
    return sorted(places, key=lambda p: (p.start, -p.end, p.rule))


def _disambiguate(
    mentions: list[PlaceMention], gazetteer: Gazetteer, home: str | None
) -> list[str | None]:
    """One code per mention, None where the context does not decide."""
    codes = [m.candidates[0] if len(m.candidates) == 1 else None for m in mentions]
    for _ in range(3):  # a place resolved by context may settle another one
        known = {code for code in codes if code}
        changed = False
        for i, mention in enumerate(mentions):
            if codes[i] is not None:
                continue
            before = codes[i - 1] if i and mentions[i - 1].end == mention.start else None
            pick = (
                _single(c for c in mention.candidates if before and gazetteer.is_within(c, before))
                or _by_shared_division(mention.candidates, known, gazetteer)
                or _single(c for c in mention.candidates if home and home in _chain(c, gazetteer))
            )
            if pick:
                codes[i], changed = pick, True
        if not changed:
            break
    return codes


def _by_shared_division(candidates: tuple[str, ...], known: set[str], g: Gazetteer) -> str | None:
    """The candidate sharing the deepest division with a resolved place (a prefecture or
    below, or any place the text itself names); None on a tie."""
    if not known:
        return None
    chains = [_chain(code, g) for code in known]
    scores = {}
    for candidate in candidates:
        mine = _chain(candidate, g)
        shared = [a for chain in chains for a in mine & chain if len(a) >= 4 or a in known]
        scores[candidate] = max(map(len, shared), default=0)
    best = max(scores.values())
    return _single(c for c, s in scores.items() if s == best) if best else None


def _chain(code: str, g: Gazetteer) -> set[str]:
    return {code, *(p.code for p in g.ancestors(code))}


def _single(codes) -> str | None:
    found = list(dict.fromkeys(codes))
    return found[0] if len(found) == 1 else None


def _from_mention(m: PlaceMention, code: str | None, g: Gazetteer) -> ResolvedPlace:
    if code is None:
        level = min((g.get(c).level for c in m.candidates), key=LEVELS.index)
        return ResolvedPlace(m.start, m.end, m.surface, None, m.surface, level, AMBIGUOUS_RULE)
    rule = GAZETTEER_RULE if len(m.candidates) == 1 else CONTEXT_RULE
    place = g.get(code)
    return ResolvedPlace(m.start, m.end, m.surface, code, place.name, place.level, rule)


def _deixis(
    text: str,
    g: Gazetteer,
    home: str | None,
    places: list[ResolvedPlace],
    mentions: list[PlaceMention],
) -> list[ResolvedPlace]:
    """全州, 州委, 县委, 全市, 自治区 … as the article's division of that kind."""
    counts: Counter[str] = Counter()
    for p in places:
        if p.code and p.rule != AMBIGUOUS_RULE:
            counts.update(_chain(p.code, g))
    taken = [(m.start, m.end) for m in mentions]
    found = []
    for match in _DEIXIS.finditer(text):
        start, end = match.span()
        if any(s < end and start < e for s, e in taken) or not _deixis_context(text, match):
            continue
        target = _deixis_target(match["a"] or match["b"] or match["c"], g, home, counts)
        if target:
            found.append(
                ResolvedPlace(
                    start, end, match[0], target.code, target.name, target.level, DEIXIS_RULE
                )
            )
    return found


def _deixis_context(text: str, match: re.Match[str]) -> bool:
    start, end = match.span()
    before = text[start - 1] if start else ""
    after = text[end : end + 1]
    if _one_of(after, "场域"):  # 全市场, 全区域
        return False
    if match["quant"]:
        return not _one_of(before, _NOT_BEFORE[match["quant"]])
    if match["b"]:  # 自治区 alone; not the kind of division (民族自治区, 省（自治区、直辖市）)
        listed = before == "、" and text[: start - 1].endswith(_KIND_WORDS)
        return not (_one_of(before, "族各个几些每该（(") or listed or _one_of(after, "、级）)"))
    return not before or not re.match(f"[{_HAN}]", before) or before in _AFTER_WORD


def _one_of(char: str, chars: str) -> bool:
    return bool(char) and char in chars


def _deixis_target(unit: str, g: Gazetteer, home: str | None, counts: Counter[str]) -> Place | None:
    """The division a deictic word means in this article.

    州/自治州: the home prefecture if it is a 州, else the 州 prefecture the text names most.
    县, 市, 区, 省: the division of that kind the text names most (a township counts for
    its county), else home's. 区 falls back to an autonomous region (全区 in a Xinjiang
    paper). 自治区: home's province, else the text's, when it is an autonomous region.
    """
    kinds = {
        "州": ("州", ("prefecture",)),
        "自治州": ("州", ("prefecture",)),
        "县": ("县", ("county",)),
        "市": ("市", ("county", "prefecture", "province")),
        "区": ("区", ("county",)),
        "省": ("省", ("province",)),
        "自治区": ("自治区", ("province",)),
    }
    suffix, levels = kinds[unit]

    def fits(place: Place, allowed: tuple[str, ...] = levels) -> bool:
        return place.level in allowed and place.name.endswith(suffix)

    home_places = [g.get(home), *g.ancestors(home)] if home else []
    from_home = next((p for p in home_places if fits(p)), None)
    if unit in ("州", "自治州", "自治区") and from_home:
        return from_home
    scored = {code: (n, len(code)) for code, n in counts.items() if fits(g.get(code))}
    best = max(scored.values(), default=None)
    top = [code for code, score in scored.items() if score == best]
    if top:
        return g.get(top[0]) if len(top) == 1 else None  # a tie is not a decision
    if from_home or unit != "区":
        return from_home
    # 全区 with no district in sight: the autonomous region of home, or of the text.
    regions = [p for p in home_places if p.name.endswith("自治区")]
    regions = regions or [
        g.get(c) for c in counts if len(c) == 2 and g.get(c).name.endswith("自治区")
    ]
    return regions[0] if len(regions) == 1 else None


def _villages(
    text: str, g: Gazetteer, places: list[ResolvedPlace], mentions: list[PlaceMention]
) -> list[ResolvedPlace]:
    """A village/community right after a resolved township or county, looked up under it."""
    starts = sorted(m.start for m in mentions)
    found = []
    for p in places:
        if not p.code or p.level not in ("township", "county") or p.rule == DEIXIS_RULE:
            continue
        run = _HAN_RUN.match(text, p.end)
        if not run:
            continue
        limit = min([s for s in starts if p.end <= s < run.end()] + [run.end()])
        words = text[p.end : limit]
        village = _known_village(words, p.code, g)
        if village:
            found.append(ResolvedPlace(p.end, p.end + len(village.surface), *village))
            continue
        k = words.find("社区")
        # 江北街翠竹社区: the community's name starts after the street or town before it
        cut = max(
            (m.end() for m in _TOWN_UNIT.finditer(words, 0, k) if k - m.end() >= 2), default=0
        )
        if k > 0 and _community_stem(words[cut:k]):
            start = p.end + cut
            surface = text[start : p.end + k + 2]
            found.append(
                ResolvedPlace(start, p.end + k + 2, surface, None, surface, "village", VILLAGE_RULE)
            )
    return found


class _Village(NamedTuple):
    surface: str
    code: str | None
    name: str
    level: str
    rule: str


def _known_village(words: str, within: str, g: Gazetteer) -> _Village | None:
    """The longest prefix of ``words`` naming villages under ``within`` (code None if several)."""
    for k in range(len(words), 1, -1):
        name = words[:k]
        if not name.endswith(("社区", "村", "嘎查")):
            continue
        hits = g.villages(name, within)
        if hits:
            code = hits[0].code if len(hits) == 1 else None
            official = hits[0].name if code else name
            if name.endswith("社区") and not official.endswith("社区"):
                official = name  # 某某路社区 (某某路居委会 in the gazetteer): the name it goes by
            return _Village(name, code, official, "village", VILLAGE_RULE)
    return None


def _community_stem(stem: str) -> bool:
    """Whether ``stem`` + 社区 can be a community's name (not 各社区, 城乡社区; not 某镇|社区卫生
    服务中心, the town's; not 做好|社区防控, an action on communities)."""
    return (
        2 <= len(stem) <= 5
        and not _COMMUNITY_STEM_STOP.search(stem)
        and not stem.endswith(("镇", "乡", "街道"))
        and not stem.startswith(_VERBS_BEFORE_COMMUNITY)
        and stem not in _GENERIC_COMMUNITY_STEMS
    )


def _venues(text: str, places: list[ResolvedPlace]) -> list[ResolvedPlace]:
    """…博物馆/纪念馆/展览馆/陈列馆/展馆 directly after a place (with its place prefix)."""
    by_end = {p.end: p for p in places}
    starts = {p.start for p in places}
    found = {}
    for p in places:
        if p.level == "venue" or p.end in starts:
            continue  # not the last place of a chain (昌吉州玛纳斯县…)
        match = _VENUE.match(text, p.end)
        if not match or _VENUE_STEM_STOP.search(match[0]):
            continue
        first = p
        while first.start in by_end and by_end[first.start] is not first:
            first = by_end[first.start]
        surface = text[first.start : match.end()]
        found[first.start, match.end()] = ResolvedPlace(
            first.start, match.end(), surface, None, surface, "venue", VENUE_RULE
        )
    return list(found.values())
