"""Organizations recognised by structure: [place] + name + kind suffix, then named canonically.

A candidate ends where an organization suffix ends (党支部, 组织部, 局, 大学 …,
from rules/org_kinds.tsv and HanLP's suffix list) unless another suffix
continues it (中心|党支部) or a title does (部|长). From there the name is read
leftwards: further suffixes (县委|组织部), name characters, up to a place name
(某某县|人民医院|党支部), a boundary word (由, 邀请, 开展 …), punctuation,
or the start of the text. A trailing second name in brackets (党校（行政学院）)
belongs to the mention but not to the canonical name.

Canonical names complete what the article leaves to context: 县委宣传部 in an
article about 伊宁县 is 伊宁县委宣传部; 州林业局 in a 伊犁州 paper is 伊犁州林业局;
自治区文化和旅游厅 is the autonomous region's (某某自治区文化和旅游厅); a name that is the
tail of a fuller one in the same article (人民医院) takes the fuller name;
机关党委/机关党总支 belong to the article's main organization; standard
abbreviations (中组部) are expanded from rules/org_aliases.tsv.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from kg.nlp.lexicon import Lexicon
from kg.nlp.matchers import Hit, Matchers

CONTEXT_CHARS = "县州市区镇乡省"
# Words before an organization kind that stand for the nearest place of that unit written
# before it (村党支部 → 白杨村党支部; 社区居委会, 街道党工委, 镇政府)
LOCAL_UNITS = ("社区", "街道", "村", "镇", "乡")
LOCAL_REACH = 400  # characters back a nearest place may stand
_GENERIC_BEFORE = set("各每全诸多")
# a count of bodies inside a "name": 某市一家医院, 某区一处工业园, 某县乡政府 (county and township)
NOT_ONE = re.compile(r"[一两几某][家所处个座名]|县乡|乡镇(?=卫生院|政府|党委)")
_NEAREST_COUNTY = ("县", "区")  # 县委, 区政府: the nearest county (or district) before them
_LOCALITIES = (
    "村",
    "社区",
    "居民区",
    "小区",
)  # a place of its own, when the gazetteer lacks it  # 各村党支部: every village's, not one
# what a leading context character stands for: the article's place at this level
CONTEXT_LEVELS = {
    "县": "county",
    "区": "county",
    "市": "county",
    "州": "prefecture",
    "省": "province",
    "镇": "township",
    "乡": "township",
}
_TEAMS = frozenset({"女篮", "男篮", "女排", "男排", "女足", "男足"})  # rules/org_kinds.tsv
NOT_AFTER = set("长员")  # 部|长, 委|员: the suffix is part of a title
# 理论学习中心组, 党组织, 大学生: the suffix is part of another word
NOT_WORDS = ("中心组", "党组织", "学生")
# 格局, 大局 …: words that end in a one-character suffix without naming an organization.
FALSE_HEADS = {
    "格局",
    "大局",
    "布局",
    "结局",
    "开局",
    "全局",
    "变局",
    "新局",
    "时局",
    "政局",
    "当局",
    "残局",
    "饭局",
    "大厅",  # rooms: 某大使馆主楼大厅
    "客厅",
    "展厅",
    "门厅",
    "前厅",
}
# Kinds that are always named with their place or their unit (县委宣传部, 某中心党支部):
# without one, 党支部 / 办公室 / 党校 are generic nouns.
NEEDS_OWNER = {
    "党校",
    "党委",
    "党组",
    "党支部",
    "党总支",
    "党小组",
    "党工委",
    "政府",
    "人大",
    "政协",
    "纪委",
    "监委",
    "组织部",
    "宣传部",
    "统战部",
    "政法委",
    "办公室",
    "办公厅",
    "委员会",
}
MAX_BODY = 10
_HAN = re.compile(r"[\u3400-\u9fff]")
_BRACKET = re.compile(r"[（(]([\u3400-\u9fff]{2,12})[）)]")
_WORK_TITLE = re.compile(r"《[^《》]{0,60}》")
_ETHNIC_TAIL = re.compile(
    r"(回族|蒙古族|蒙古|哈萨克|柯尔克孜|藏族|羌族|彝族|苗族|侗族|土家族|布依族|傣族|景颇族|傈僳族|白族|壮族|朝鲜族|哈尼族|"
    r"纳西族|黎族|畲族|瑶族|水族|仡佬族|达斡尔族|鄂温克族)+$"
)
_CONTINUES_NAME = set("党员中委部厅局门")  # …|门: 教育部|门 is the word 部门 (departments)
_NUMERALS = set("一二三四五六七八九十两百千万")
_WHOLE_KINDS = {"医院", "学校", "公司", "研究机构", "媒体", "协会", "基金会", "合作社"}
_LOCAL_BRANCHES = ("村支部", "社区支部")
_GENERIC_PARTY = ("机关党委", "机关党总支", "机关党支部", "机关党组")


@dataclass(frozen=True)
class PlaceRef:
    """What orgs needs of a resolved place mention."""

    start: int
    end: int
    surface: str
    code: str | None
    name: str
    level: str
    contextual: bool  # 全州, 州, 自治区 …: stands for a place named elsewhere


@dataclass(frozen=True)
class OrgSpan:
    """An organization mention found in text, before naming."""

    start: int
    end: int  # includes a bracketed second name
    core_end: int  # without it
    kind: str
    place: PlaceRef | None
    context: str | None  # a leading 县/州/市 … standing for the article's place
    rule: str
    inner: PlaceRef | None = None  # the most specific place of an address chain before it
    # the organization before it in a chain of posts (某区党工委委员、管委会副主任): it shares
    # that one's place (某区管委会), or belongs to it (市委常委、组织部部长 → 某市委组织部)
    owner: OrgSpan | None = None
    # the body it belongs to, written right before it (某大学附属某医院, 某市纪委驻某局纪检组,
    # 某电网公司某供电局): its name is that one's name and what follows
    parent: OrgSpan | None = None


@dataclass(frozen=True)
class Setting:
    """The places an article is about, for completing names: level -> place; and every
    place mention, for the nearest village, community or township before a name."""

    places: dict[str, PlaceRef]
    mentions: tuple[PlaceRef, ...] = ()

    def place_for(self, char: str, at: int | None = None, far: bool = False) -> PlaceRef | None:
        """The place a context word stands for (县 -> the article's county; 村, 社区, 街道, 镇,
        乡 -> the nearest such place written before ``at``, else the article's township)."""
        if (char in LOCAL_UNITS or char in _NEAREST_COUNTY) and at is not None:
            before = [
                p
                for p in self.mentions
                if p.end <= at
                and p.name.endswith(char)
                and (char in LOCAL_UNITS or p.level == "county")
            ]
            # 县委 in a story of two counties: the one written last before it; with ``far``,
            # a village the story is about may be named well before (its 村党支部)
            near = [p for p in before if at - p.end <= LOCAL_REACH] or (before if far else [])
            if near:
                return max(near, key=lambda p: p.end)
        if char not in CONTEXT_LEVELS:
            return None
        place = self.places.get(CONTEXT_LEVELS[char])
        if char == "市" and (place is None or not place.name.endswith("市")):
            # 市老年大学 in a district's story is the city's: the prefecture, when it is a 市
            city = self.places.get("prefecture")
            place = city if city is not None and city.name.endswith("市") else place
        return place

    def prefix(self, char: str, at: int | None = None, far: bool = False) -> str | None:
        """The written prefix a context word stands for (县 -> 伊宁县, 州 -> 伊犁州, 村 -> 某村)."""
        place = self.place_for(char, at, far)
        if place is None:
            return None
        return place.name if char in LOCAL_UNITS else short_prefix(place, char)


def context_place(text: str, span: OrgSpan, setting: Setting) -> PlaceRef | None:
    """The place a span's context word (县, 村 …) stands for."""
    if span.context is None:
        return None
    return setting.place_for(span.context, span.start, _reaches_far(text, span))


def _reaches_far(text: str, span: OrgSpan) -> bool:
    """A village's own party body (村党支部) may name a village written far before it."""
    return span.context in LOCAL_UNITS and text.startswith("党", span.start + len(span.context))


def short_prefix(place: PlaceRef, char: str | None) -> str:
    """How a place is written in front of an organization name."""
    if place.level == "prefecture" and char == "州" and place.name.endswith("自治州"):
        return _ETHNIC_TAIL.sub("", place.name[: -len("自治州")]) + "州"
    return place.name


def find_org_spans(
    text: str,
    places: list[PlaceRef],
    lexicon: Lexicon,
    matchers: Matchers,
    stops: frozenset[int] = frozenset(),
    edges: frozenset[int] | None = None,
) -> list[OrgSpan]:
    """Organization mentions in ``text``, non-overlapping, in text order.

    ``stops``: offsets a name does not reach left over (right after a verb or a
    function word, :meth:`kg.nlp.words.Words.clause_stops`). ``edges``: where the
    tagger's words begin and end; a one-character boundary word (经, 对, 在 …) ends a
    name only where it is a word of its own (not 经 in 宏观经济研究院).
    """
    masked = [m.span() for m in _WORK_TITLE.finditer(text)]
    by_end: dict[int, Hit] = {}
    starts: set[int] = set()
    for hit in matchers.suffixes.all(text):
        starts.add(hit.start)
        if hit.end not in by_end or hit.start < by_end[hit.end].start:
            by_end[hit.end] = hit
    place_end = {p.end: p for p in places}
    found: list[OrgSpan] = []
    for end, hit in sorted(by_end.items()):
        if text[end : end + 1] in NOT_AFTER or text[hit.start : end + 1].endswith(NOT_WORDS):
            continue
        if end in starts and _continues(by_end, end, text):
            continue
        span = _read_left(text, hit, by_end, place_end, lexicon, stops, edges)
        if span is None or (span.place is None and span.context is None):
            span = _chain_candidate(text, hit, lexicon) or span
        if span is None or any(a < span.end and span.start < b for a, b in masked):
            continue
        if hit.word in _TEAMS:  # a national team is a place's own: 某国女篮, not 某奥运会|女篮
            owner = place_end.get(hit.start)
            if owner is None:
                continue
            span = replace(span, start=owner.start, place=owner, inner=None, context=None)
        found.append(_with_bracket(text, span, by_end))
    for hit in matchers.org_names.longest(text):
        if hit.word.endswith("部") and text.startswith("门", hit.end):
            continue  # 国防部|门: the word 部门, not the ministry
        kind = _kind(hit.word, matchers)
        found.append(
            OrgSpan(
                hit.start, hit.end, hit.end, kind, place_end.get(hit.start), None, "org.lexicon.v1"
            )
        )
    for hit in matchers.aliases.longest(text):  # 中组部, 共产党: the name is the alias table's
        if hit.value == hit.word and (hit.start in place_end or (edges and hit.start not in edges)):
            continue  # 俄罗斯|国防部: a country's own ministry (a place, or the tagger's one word)
        if text[hit.end : hit.end + 1] not in _CONTINUES_NAME:  # 中共|党员, 中共|中央…
            kind = _kind(hit.value, matchers)
            found.append(OrgSpan(hit.start, hit.end, hit.end, kind, None, None, "org.alias.v1"))
    return _joined(text, _chained(text, _non_overlapping(found), lexicon))


# Kinds that are a department of a party committee: 市委常委、组织部部长 → 某市委组织部
_DEPARTMENTS = {"组织部", "宣传部", "统战部", "政法委", "办公室"}
_COMMITTEES = {"党委", "党工委", "工委"}
CHAIN_RULE = "org.chain.v1"
QUOTED_RULE = "org.quoted.v1"


def _chain_candidate(text: str, hit: Hit, lexicon: Lexicon) -> OrgSpan | None:
    """A name right after 、 with nothing but name characters before its kind (、管委会, 、规划建设局):
    it may continue a chain of posts; :func:`_chained` decides, once every span is known."""
    sep = text.rfind("、", max(0, hit.start - MAX_BODY - 1), hit.start + 1)
    if sep < 0 or not all(_HAN.match(c) for c in text[sep + 1 : hit.start]):
        return None
    kind = lexicon.org_suffixes[hit.word]
    return OrgSpan(sep + 1, hit.end, hit.end, kind, None, None, CHAIN_RULE)


def _chained(text: str, spans: list[OrgSpan], lexicon: Lexicon) -> list[OrgSpan]:
    """Give each chain candidate the organization before it in its chain of posts: the
    stretch between them is 、 or a title and 、 (某县人大、政协; 某区党工委委员、管委会副主任).
    A candidate with no such organization before it is dropped, unless the structure
    rules had read it on their own."""
    out: list[OrgSpan] = []
    for span in spans:
        if span.rule == CHAIN_RULE or (span.place is None and span.context is None):
            before = next((o for o in reversed(out) if o.end <= span.start), None)
            gap = text[before.end : span.start - 1] if before is not None else None
            if (
                before is not None
                and text[span.start - 1] == "、"
                # a bare body after a name (某省人大、政协), or a name after a post (委员、管委会)
                and (
                    (
                        gap == ""
                        and span.start == _kind_start(text, span, lexicon)
                        and _a_government_body(text[span.start : span.core_end], span.kind)
                    )
                    or gap in lexicon.titles
                )
                and (before.place or before.context or before.owner)
                # 各地区党委、纪委; 县级党委、政府: every such body, not one
                and not _GENERIC_BEFORE & set(text[max(0, before.start - 2) : before.start])
                and "级" not in text[before.start : before.core_end]
                and not _named_already(text[span.start : span.core_end], lexicon)
            ):
                span = replace(span, rule=CHAIN_RULE, owner=before, place=before.place)
            elif span.rule == CHAIN_RULE:
                continue
        out.append(span)
    return out


_PLACE_END = re.compile(r"(?:新区|开发区|自治区|街道|[省市县区州旗镇乡])$")
_NAMED_ALREADY = ("中共", "共青团", "中国", "全国", "国家", "中央")


def _a_government_body(core: str, kind: str) -> bool:
    """A body of a government or a party that lists share their place in (人大, 政协, 林业局,
    卫健委, 妇联); not a facility (幼儿园, 图书馆)."""
    return kind in NEEDS_OWNER or kind == "群团" or core.endswith(("局", "厅", "委", "办"))


def _named_already(core: str, lexicon: Lexicon) -> bool:
    """、中共中央某局, 、某某大学: a full name of its own, which takes no owner's place."""
    return core.startswith(_NAMED_ALREADY) or (
        len(core) >= 5 and (core in lexicon.org_names or core in lexicon.tagged_orgs)
    )


_ATTACHED = ("附属", "驻")  # 某大学附属某医院, 某纪委驻某局纪检组
_ENTERPRISES = ("公司", "学校")  # kinds whose units are written right after them


def _joined(text: str, spans: list[OrgSpan]) -> list[OrgSpan]:
    """Give each span the body written right before it that it belongs to: after 附属 or 驻,
    or directly after a company or a university when it names its own place
    (某电网公司|某市供电局). Never a coordination (县委县政府: a county word starts it)."""
    out: list[OrgSpan] = []
    for span in spans:
        before = out[-1] if out else None
        if before is not None and span.owner is None:
            gap = text[before.end : span.start]
            if gap in _ATTACHED or (
                gap == "" and before.kind in _ENTERPRISES and span.place is not None
            ):
                span = replace(span, parent=before)
        out.append(span)
    return out


def _kind_start(text: str, span: OrgSpan, lexicon: Lexicon) -> int:
    return span.core_end - len(last_suffix(text[span.start : span.core_end], lexicon))


def _continues(by_end: dict[int, Hit], end: int, text: str) -> bool:
    """Another suffix starts at ``end`` and makes a longer organization head (中心|党支部);
    not one that begins a title (建设局|局长)."""
    return any(
        h.start == end
        and text[h.end : h.end + 1] not in NOT_AFTER
        and h.word[0] not in CONTEXT_CHARS
        for h in by_end.values()
    )  # 县委|县政府: a second body, not a longer head


def _read_left(
    text: str,
    last: Hit,
    by_end: dict[int, Hit],
    place_end: dict,
    lexicon: Lexicon,
    stops: frozenset[int] = frozenset(),
    edges: frozenset[int] | None = None,
) -> OrgSpan | None:
    pos, body, place, inner = last.start, 0, None, None
    consumed_suffix = last
    while pos > 0:
        p = place_end.get(pos)
        if p is None and consumed_suffix is not None and consumed_suffix.word[0] in CONTEXT_CHARS:
            q = place_end.get(pos + 1)  # 昌吉市|委: the place ends inside the suffix 市委
            p = q if q is not None and q.start < pos else None
        if p is not None:
            place, inner, pos = p, p, p.start
            while (outer := place_end.get(pos)) is not None:  # 新疆昌吉州…
                place, pos = outer, outer.start
            if (bound := _destination(text, pos, place_end, by_end)) is not None:
                place, inner, pos = None, None, bound  # 某省赴|某市|医疗队: the place it went to
                continue
            if text.endswith(TOWARDS, 0, pos) and last.word in lexicon.org_heads:
                return None  # 支援|某省|医疗队 with no one before: where it went, not whose
            pos -= next(  # 共青团|某市委 (at the text's start too: no reaching before it)
                (
                    n
                    for n in (5, 4, 3, 2)
                    if n <= pos and text[pos - n : pos] in lexicon.org_prefixes
                ),
                0,
            )
            break
        if pos in stops or _boundary_before(text, pos, lexicon, edges):
            break
        hit = by_end.get(pos)
        if hit is not None and (
            (body == 1 and text[pos] in CONTEXT_CHARS)
            or (body == 0 and consumed_suffix is last and last.word[0] in CONTEXT_CHARS)
        ):
            break  # 省委|省政府, 县委|县政府: another body ends where this one's 县 begins
        if hit is not None:
            pos, consumed_suffix = hit.start, hit
            continue
        if text[pos - 1] == "”" and (opening := _quoted_name(text, pos - 1)) is not None:
            body, pos = body + (pos - opening), opening  # “某某之家”党员志愿者工作室
            break
        if not _HAN.match(text[pos - 1]):
            break
        body, pos, consumed_suffix = body + 1, pos - 1, None
        if body > MAX_BODY:
            return None
    context = text[pos] if place is None and text[pos] in CONTEXT_CHARS else None
    if place is None and context is None:
        context = next((u for u in LOCAL_UNITS if text.startswith(u, pos)), None)
    if context is not None and text.startswith("里", pos + len(context)):
        return None  # 县里工作组: 县里 is "the county", a place, not a name's start
    if context is not None and text.startswith("级", pos + len(context)):
        return None  # 村级合作社, 省级党委, 县级政府: every one of a level, not one
    if context in LOCAL_UNITS and text[pos - 1 : pos] in _GENERIC_BEFORE:
        return None  # 各村党支部: every village's, not one
    kind = lexicon.org_suffixes[last.word]
    quoted = text[pos : pos + 1] == "“" or (
        text[pos - 1 : pos] == "“" and text[last.end : last.end + 1] == "”"
    )
    if quoted and body >= 2:  # “某某党支部”, “某某模特队”: a name of its own, owner or not
        return OrgSpan(pos, last.end, last.end, kind, place, context, QUOTED_RULE, inner)
    if place is None and context is None and last.word in lexicon.org_heads:
        return None  # a mined head (卫健委, 文化站) names a body only after its owner
    if text[last.start - 1 : last.end] in FALSE_HEADS or (
        place is not None and place.surface.startswith("全")
    ):
        return None  # 格局; 全州党校(系统): 全州 is "the whole prefecture", never part of a name
    if NOT_ONE.search(text[pos : last.end]) or (
        place is not None and text.startswith(("内", "附近"), place.end)
    ):
        return None  # 某地一家医院, 某省内银行: some body of a kind, not one named
    if place is None and context is None:
        owner = text[pos : last.start]
        if body < 2 and owner != "机关":
            return None  # a bare 党支部 / 党委 is a generic noun
        if owner[:1] in _NUMERALS or owner[-1:] in _NUMERALS | {"个"}:
            return None  # 五办五中心, 三个中心: a count, not a name
        if (
            kind in NEEDS_OWNER
            and owner != "机关"
            and not any(e == last.start for e in by_end)
            and not (owner.endswith(_LOCALITIES) and len(owner) > 3)
        ):
            return None  # 标准化规范化党支部: no unit (nor a village, 某某居民区) named before it
    return OrgSpan(pos, last.end, last.end, kind, place, context, "org.structure.v1", inner)


TOWARDS = ("驰援", "支援", "援助", "赴", "援", "驻")


def _destination(text: str, pos: int, place_end: dict, by_end: dict) -> int | None:
    """Where a word of going (赴, 驰援 …) before ``pos`` starts, when a place or a body ends
    right before it: the place after it is where the body went or sits, the one before it
    its owner (某省赴某市医疗队, 某医院援助某省医疗队, 某镇驻某市务工人员党支部)."""
    for word in TOWARDS:
        start = pos - len(word)
        if start > 0 and text.startswith(word, start) and (start in place_end or start in by_end):
            return start
    return None


def _quoted_name(text: str, closing: int) -> int | None:
    """Where the quoted name closed at ``closing`` opens: 3-12 characters of a name
    (“某某之家”), not a count or a rating (“五星”, “三个一”)."""
    opening = text.rfind("“", max(0, closing - 13), closing)
    inner = text[opening + 1 : closing]
    if opening < 0 or not 3 <= len(inner) <= 12 or not all(_HAN.match(c) for c in inner):
        return None
    return None if inner[0] in _NUMERALS else opening


def _boundary_before(
    text: str, pos: int, lexicon: Lexicon, edges: frozenset[int] | None = None
) -> bool:
    return any(
        text[pos - n : pos] in lexicon.boundaries
        and (edges is None or n > 1 or (pos - 1 in edges and pos in edges))
        for n in (3, 2, 1)
        if pos - n >= 0
    )


def _with_bracket(text: str, span: OrgSpan, by_end: dict[int, Hit]) -> OrgSpan:
    match = _BRACKET.match(text, span.end)
    if match and match.end() - 1 in by_end:
        return replace(span, end=match.end())
    return span


def _kind(name: str, matchers: Matchers) -> str:
    hits = [h for h in matchers.suffixes.all(name) if h.end == len(name)]
    return max(hits, key=lambda h: len(h.word)).value if hits else "其他"


def _non_overlapping(spans: list[OrgSpan]) -> list[OrgSpan]:
    chosen: list[OrgSpan] = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if all(span.end <= c.start or c.end <= span.start for c in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)


def canonical_names(
    text: str, spans: list[OrgSpan], setting: Setting, lexicon: Lexicon
) -> list[str | None]:
    """The canonical name of each span, completed from the article's context (None: not a name)."""
    index = {id(s): i for i, s in enumerate(spans)}  # owners and parents come first
    names: list[str] = []
    for span in spans:
        owner = names[index[id(span.owner)]] if span.owner is not None else None
        prefix = _owner_prefix(text, span, owner, lexicon) if owner is not None else None
        name = _complete(text, span, setting, lexicon, prefix)
        if owner is not None and prefix is None:
            name = ""  # its owner has no place to share (乡党委、政府 with no township known)
        if span.parent is not None:  # its parent's name, then its own words as written
            parent = names[index[id(span.parent)]]
            name = parent + text[span.parent.core_end : span.core_end]
        names.append(name)
    owned_names = {n for n, s in zip(names, spans, strict=True) if s.place or s.context}
    owned_names |= {
        p for n in owned_names if (p := parent_of(n, lexicon))
    }  # 某县某中心 of 某县某中心党支部
    owned = sorted(owned_names, key=lambda n: (-len(n), n))  # a set: order it, ties too
    resolved = []
    for name, span in zip(names, spans, strict=True):
        if span.place is None and span.context is None:
            name = _fuller(name, owned, lexicon) or name
        elif span.owner is not None:  # 县委某部副部长、某工委: the fuller 县某工委 named elsewhere
            core = text[span.start : span.core_end]
            name = _fuller(core, [n for n in owned if n != name], lexicon) or name
        resolved.append(name)
    main = _main_organization(resolved, lexicon)
    return [
        None
        if not n or _unplaced(n, s, lexicon) or (s.owner is not None and n in lexicon.org_suffixes)
        else f"{main}{n}"
        if main and n in _GENERIC_PARTY
        else n
        for n, s in zip(resolved, spans, strict=True)
    ]


def _unplaced(name: str, span: OrgSpan, lexicon: Lexicon) -> bool:
    """县委 / 州委 with no county or prefecture in the article, 村党支部 with no village
    before it: a generic noun, not a name."""
    if span.context is None:
        return False
    return name in lexicon.org_suffixes or (
        span.context in LOCAL_UNITS and name.startswith(span.context)
    )


def _fuller(name: str, owned: list[str], lexicon: Lexicon) -> str | None:
    """The fuller name in the article this place-less name is the tail of.

    人民医院 -> 某县人民医院; also when the mention read too far left
    (好人民医院, after 守护): the longest shared tail that is a name of its own
    (two or more characters before its kind suffix) decides.
    """
    best = None
    for full in owned:
        if len(full) <= len(name) and full != name:
            continue
        shared = _shared_tail(name, full)
        suffix = last_suffix(shared, lexicon)
        if suffix and len(shared) - len(suffix) >= 2 and (best is None or len(shared) > best[0]):
            best = (len(shared), full)
    return best[1] if best else None


def _shared_tail(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return a[len(a) - n :]


def _owner_prefix(text: str, span: OrgSpan, name: str, lexicon: Lexicon) -> str | None:
    """What a chained name takes from its owner's canonical ``name``: the whole name when
    the owner is a party committee and this one its department, else the owner's parent
    or the place its name starts with."""
    kind = span.owner.kind
    if span.kind in _DEPARTMENTS and kind in _COMMITTEES:
        return name
    if name in lexicon.org_suffixes:
        return None  # 乡党委、政府 with no township known: nothing to share
    if (parent := parent_of(name, lexicon)) is not None:
        if lexicon.org_suffixes.get(last_suffix(parent, lexicon)) not in _COMMITTEES:
            return parent  # 某医院党支部书记、工会主席: the hospital's union
        name = parent  # 某区党工委组织部副部长、人社局: the 区's, as its committee's
    suffix = last_suffix(name, lexicon)
    if suffix[:1] in CONTEXT_CHARS:  # 某市|委, 某乡|党委: the 市 names the place
        suffix = suffix[1:]
    rest = name[: len(name) - len(suffix)]
    if _PLACE_END.search(rest):
        return rest  # 某市委、政府; 某新区党工委委员、管委会
    place = span.owner.inner or span.owner.place
    if place is not None and not place.contextual and rest.startswith(place.name):
        return place.name  # 某省市场监管局、林业局: the province's
    # its kind word goes (某区党工委 → 某区), but never more than it wrote after its place
    # (黄滩|乡党委 → 黄滩乡, though 乡党委 is a kind of its own)
    written_after = span.owner.core_end - span.owner.start
    if span.owner.context is not None:
        written_after -= len(span.owner.context)
    cut = min(len(last_suffix(name, lexicon)), written_after)
    return name[: len(name) - cut] or None


def _complete(
    text: str, span: OrgSpan, setting: Setting, lexicon: Lexicon, owner: str | None = None
) -> str:
    core = text[span.start : span.core_end]
    if core.endswith(_LOCAL_BRANCHES):  # 某村支部: the village's party branch
        core = core[:-2] + "党支部"
    if span.owner is not None:  # 柬埔寨国会议员、柬埔寨某联合会: its place written already
        return core if owner and core.startswith(owner) else (owner or "") + core
    if core in lexicon.org_aliases:
        return lexicon.org_aliases[core]
    if span.place is not None and span.place.contextual and span.place.code:
        written = short_prefix(span.place, span.place.surface[-1])
        return written + core[span.place.end - span.start :]
    if span.inner is not None and not span.inner.contextual:
        # 某省某县翠竹社区党支部: an address chain; the name starts at its last place, or
        # at a village or community the gazetteer lacks after it (某镇|某某村|党支部)
        after = span.inner.end - span.start
        local = _locality_start(core[after:])
        if local is not None:
            return core[after + local :]
        if span.inner is not span.place:
            return core[span.inner.start - span.start :]
    if span.context is not None:
        prefix = setting.prefix(span.context, span.start, _reaches_far(text, span))
        if prefix:
            return prefix + core[len(span.context) :]
    return core


_LOCALITY = re.compile(r"村|社区|镇|乡|街道")
_UNIT_ENDS = re.compile(r"镇|乡|街道|办事处|街|区|县")


def _locality_start(rest: str) -> int | None:
    """Where the last village, community or town named in ``rest`` (what follows an address
    chain's last known place) begins: after the unit word before it (某某街道|某某社区党总支,
    某区|某某镇社区卫生服务中心); None when ``rest`` names none before its kind."""
    best = None
    for m in _LOCALITY.finditer(rest):
        start = max((u.end() for u in _UNIT_ENDS.finditer(rest, 0, m.start())), default=0)
        if m.start() - start >= 1 and 3 <= m.end() - start <= 7 and len(rest) - m.end() >= 2:
            best = start
    return best


def _main_organization(names: list[str], lexicon: Lexicon) -> str | None:
    """The article's most mentioned organization that is not itself a party branch."""
    counts = Counter(
        n
        for n in names
        if n
        and n not in _GENERIC_PARTY
        and lexicon.org_suffixes.get(last_suffix(n, lexicon))
        not in {"党支部", "党总支", "党委", "党组", "党小组"}
    )
    return counts.most_common(1)[0][0] if counts else None


def last_suffix(name: str, lexicon: Lexicon) -> str:
    """The longest organization suffix ``name`` ends with ('' if none)."""
    for n in range(min(len(name), 6), 0, -1):
        if name[-n:] in lexicon.org_suffixes:
            return name[-n:]
    return ""


def parent_of(name: str, lexicon: Lexicon) -> str | None:
    """The organization a name is a part of: 某县人民医院党支部 -> 某县人民医院."""
    suffix = last_suffix(name, lexicon)
    rest = name[: len(name) - len(suffix)] if suffix else ""
    if rest.endswith("机关"):
        rest = rest[:-2]
    if "驻" in rest and last_suffix(rest.split("驻")[0], lexicon):
        return rest.split("驻")[0]  # 某纪委驻某局|纪检组: the commission's, stationed there
    inner = last_suffix(rest, lexicon)
    if lexicon.org_suffixes.get(suffix) in _WHOLE_KINDS:
        return None  # 某市中心|医院: a hospital or a school is no part of what its name starts with
    if inner:
        return rest if len(rest) > len(inner) else None
    # 某大学人民医院|急性病救治|中心: the unit's own words come after its parent's kind
    for end in range(len(rest) - 2, 2, -1):
        head = last_suffix(rest[:end], lexicon)
        if len(head) >= 2 and end > len(head) + 1 and head not in lexicon.org_heads:
            return rest[:end]
    return None
