"""The statistical backstop: a NER model proposes names where the rules leave gaps.

Rules and gazetteers find the formulaic names; a tagger (:mod:`kg.nlp.taggers`) finds
others — a person quoted without a title, a company with no kind word, a country. The
tagger only proposes: a proposal becomes a mention when it overlaps nothing the rules
found and passes the checks a rule mention would (a person's name starts with a known
surname; a place is resolved against the gazetteer where it can be). What it adds is
marked with its own rule ids (``person.ner.v1`` …), so every fact says where it came from.

Modes:
    ``off``   rules only.
    ``gaps``  the tagger reads only short windows where a cue says the rules missed a
              person (王某某表示 with no title: a speech verb or an honorific after a
              surname and one to three characters) — about one percent of news text, so
              extraction keeps its speed (docs/BENCHMARKS.md).
    ``all``   the tagger reads every sentence (the default): its names are proposals, and
              its words check the rules' boundaries (kg.nlp.words). Slower; measured on
              real news it is the mode that reaches the accuracy targets.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from kg.errors import UsageError
from kg.gazetteer.places import ResolvedPlace
from kg.nlp.lexicon import Lexicon
from kg.nlp.matchers import matchers_for
from kg.nlp.orgs import CONTEXT_CHARS, LOCAL_UNITS, NOT_ONE, OrgSpan, last_suffix
from kg.nlp.people import CUES, SPEECH, PersonSpan, title_at
from kg.nlp.tagged_places import (
    gazetteer_place,
    place_pieces,
    proposed_place,
)
from kg.nlp.words import NAME_TAGS, Words, clause_ends, with_placeholders

MODES = ("off", "gaps", "all")
DEFAULT_MODE = "all"  # the accuracy real news needs (docs/BENCHMARKS.md)
PERSON_RULE = "person.ner.v1"
ORG_RULE = "org.ner.v1"
WINDOW = 4  # characters before a cue the tagger reads in ``gaps`` mode
_SEPARATOR = "，"  # between windows tagged as one text: a clause break, not a sentence end

# A person is spoken of here, so a sentence without a person the rules found has a gap.
_HONORIFICS = ("同志", "先生", "女士", "烈士", "事迹", "会见", "会谈", "致电", "讲述", "采访")
_PERSON_CUES = (*(c for c in SPEECH if "\u4e00" <= c[0] <= "\u9fff"), *_HONORIFICS)
_CUE = re.compile("|".join(map(re.escape, sorted(_PERSON_CUES, key=len, reverse=True))))
# Short quoted stretches are slogans, brands and titles (“五个好”, 《…》), which a tagger
# trained on news often calls organizations or places; the rules read real names in them.
_QUOTED = re.compile(
    r"“[^“”]{1,24}”|‘[^‘’]{1,24}’|「[^「」]{1,24}」|『[^『』]{1,24}』|《[^《》]{1,40}》"
)
# Characters that end a role, a pronoun or a function word before a cue, not a name
# (记者说, 人士认为, 可以说, 会上表示, 小说, 同时指出): no window is opened there.
_NOT_NAME_END = frozenset("者士们员人家上时地来以该果此的导体里京会遍确分小对据他她我你它")
# Forms of address after a surname (马阿姨, 赵女士, 洪家): a person is spoken of, unnamed
_ADDRESS = frozenset(
    ("家", "姐", "哥", "叔", "婶", "嫂", "姨", "伯", "阿姨", "大妈", "大娘", "大爷", "奶奶",
     "爷爷", "老汉", "师傅", "女士", "先生", "同志", "老师", "医生", "总", "董", "某", "某某")
)  # fmt: skip
# a two-character organization with no kind word must be a name the NER corpora annotate
# this often: 欧盟, 央行 are; 美的, 苹果, 平安, 电信 are words the tagger misreads more often
MIN_SHORT_COUNT = 6
_QUANTIFIERS = frozenset("全各每本该我")  # 全州…, 各县…: "the whole/every", not a name
_DOCTRINE_AFTER = ("新时代", "思想", "理论")
_COUNTRY_INITIALS = frozenset("中美日俄巴英法德韩朝印澳加意西越泰老柬缅蒙伊埃以沙土菲新马")
_HAN_CHAR = re.compile(r"[\u4e00-\u9fff]")
_CUE_WORDS = tuple(c for c in CUES if _HAN_CHAR.match(c[0]))  # 说, 表示, 在, 的 …
_HAN_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}\Z")
_TRANSLITERATED = re.compile(r"[\u4e00-\u9fff]{1,8}(?:·[\u4e00-\u9fff]{1,8}){1,3}\Z")


@cache
def backstop_tagger():
    """The backstop's tagger, loaded once per process."""
    from kg.nlp.taggers import LacTagger

    return LacTagger()


def check_mode(mode: str) -> str:
    if mode not in MODES:
        raise UsageError(f"unknown NER mode {mode!r}; choose one of {', '.join(MODES)}")
    return mode


@dataclass
class Accepted:
    """What the rules accept of a tagger's proposals, shaped like the rules' own findings."""

    people: list[PersonSpan] = field(default_factory=list)
    orgs: list[tuple[OrgSpan, str]] = field(default_factory=list)
    places: list[ResolvedPlace] = field(default_factory=list)
    rejected: int = 0


def gap_windows(
    text: str,
    sentences: Sequence[tuple[int, int]],
    people: Sequence[tuple[int, int]],
    surnames: frozenset[str],
) -> list[tuple[int, int]]:
    """Short stretches where a name seems to stand and the rules found none.

    A gap is a person cue (表示, 指出, 同志 …) right after two to four Han characters that
    begin with a surname (王某某表示), with no person the rules found ending there. The
    window the tagger reads is the cue and up to :data:`WINDOW` characters before it,
    within the sentence: enough context for the model, a small share of the text.
    """
    windows: list[tuple[int, int]] = []
    for start, end in sentences:
        for cue in _CUE.finditer(text, start, end):
            at = cue.start()
            if any(at - 4 <= b <= at for _, b in people) or text[at - 1 : at] in _NOT_NAME_END:
                continue
            if not any(
                _HAN_NAME.match(text, at - k, at) and text[at - k] in surnames
                for k in (2, 3, 4)
                if at - k >= start
            ):
                continue
            window = (max(start, at - WINDOW), cue.end())
            if windows and window[0] <= windows[-1][1]:
                windows[-1] = (windows[-1][0], window[1])
            else:
                windows.append(window)
    return windows


def propose(
    tagger, text: str, stretches: Sequence[tuple[int, int]], joined: bool = False
) -> list[tuple[int, int, str]]:
    """The tagger's ``(start, end, label)`` spans in ``stretches`` of ``text``, in text offsets.

    ``joined``: tag the stretches as one text, separated by a comma — for many short windows,
    one model call instead of one per window (the model's cost is mostly per call there).
    A span that reaches over a separator is dropped.
    """
    if not joined:
        tagged = tagger.tag([text[a:b] for a, b in stretches])
        return [
            (a + start, a + end, label)
            for (a, _), spans in zip(stretches, tagged, strict=True)
            for start, end, label in spans
        ]
    offsets, pieces, at = [], [], 0
    for a, b in stretches:
        offsets.append((at, at + b - a, a))
        pieces.append(text[a:b])
        at += b - a + len(_SEPARATOR)
    (spans,) = tagger.tag([_SEPARATOR.join(pieces)])
    out = []
    for start, end, label in spans:
        for lo, hi, origin in offsets:
            if lo <= start and end <= hi:
                out.append((origin + start - lo, origin + end - lo, label))
                break
    return out


def trim_orgs(
    tagger, text: str, proposals: Sequence[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Organizations the tagger proposes, read again on their own: the name starts at the
    first word that is a name (支持|某某研究院 → 某某研究院, 某康|医药 stays whole); with no
    such word it is no name (前几天|居委会, 几名|大学, 医院|门诊|大厅)."""
    orgs = [p for p in proposals if p[2] == "ORG"]
    if not orgs:
        return list(proposals)
    kept = [p for p in proposals if p[2] != "ORG"]
    surfaces = [text[a:b] for a, b, _ in orgs]
    for (start, end, label), surface, words in zip(
        orgs, surfaces, tagger.words(surfaces), strict=True
    ):
        words = with_placeholders(surface, words)
        after = max(clause_ends(words), default=0)
        first = next((w for w in words if w[2] in NAME_TAGS and w[0] >= after), None)
        if first is not None and (first[2] != "LOC" or first[1] < end - start):
            kept.append((start + first[0], end, label))
    return kept


def accept(
    text: str,
    proposals: Sequence[tuple[int, int, str]],
    places: Sequence[tuple[int, int]],
    others: Sequence[tuple[int, int]],
    lexicon: Lexicon,
    gazetteer,
    known: frozenset[str] = frozenset(),
    words: Words | None = None,
    context: frozenset[str] = frozenset(),
    tagger=None,
) -> Accepted:
    """Turn a tagger's ``(start, end, PER|LOC|ORG)`` spans into mentions, or drop them.

    ``places`` and ``others``: the (start, end) of the places and of every other mention the
    rules found. The rules win any overlap, except that an organization may hold whole
    places (鞍山钢铁公司 holds 鞍山). ``known``: names of people the article names
    elsewhere (bylines, rules), which complete a name the tagger cut short. ``context``:
    codes of the divisions the article names (and theirs), which a county's short form
    must lie in (长兴 is 长兴县 in a 浙江 story, 惠民 is no county in a 新疆 one).
    """
    out = Accepted()
    quoted = [m.span() for m in _QUOTED.finditer(text)]
    proposals = [
        _completed(text, start, end, known, lexicon) if label == "PER" else (start, end, label)
        for start, end, label in proposals
    ]
    proposals = [
        p
        for p in proposals
        if p[2] != "PER"
        or (_supported(text, p[0], p[1], known, lexicon) and not _cuts_a_word(words, p[0], p[1]))
    ]
    proposals = [
        piece
        for start, end, label in proposals
        for piece in (
            place_pieces(text, start, end, words, lexicon, gazetteer)
            if label == "LOC"
            else [(start, end, label)]
        )
    ]
    for start, end, label in sorted(proposals):
        if any(a < start and end < b for a, b in quoted):
            out.rejected += 1
            continue
        held = _overlapping(places, start, end)
        # an organization may hold whole places; anything else must overlap no mention
        ok = all(start <= a and b <= end for a, b in held) if label == "ORG" else not held
        ok = ok and not _overlapping(others, start, end)
        mention = (
            _mention(
                text[start:end],
                start,
                end,
                label,
                lexicon,
                gazetteer,
                context,
                tagger,
                text[end : end + 3],
            )
            if ok
            else None
        )
        if mention is None:
            out.rejected += 1
        elif isinstance(mention, PersonSpan):
            out.people.append(mention)
        elif isinstance(mention, ResolvedPlace):
            out.places.append(mention)
        else:
            out.orgs.append((mention, text[start:end]))
    return out


def _completed(
    text: str, start: int, end: int, known: frozenset[str], lexicon: Lexicon
) -> tuple[int, int, str]:
    """A two-character name the tagger cut short (王建|国在…, 李明|华深感): one character
    longer when the longer name is known, or follows the short one every time the article
    writes it (twice or more), and no title or cue starts there (某某某|总书记)."""
    name, longer = text[start:end], text[start : end + 1]
    if (
        len(name) == 2
        and _HAN_CHAR.match(longer[-1:])
        and not text.startswith(_CUE_WORDS, end)
        and not title_at(text, end, matchers_for(lexicon))
        and (
            longer in known or (text.count(longer) >= 2 and text.count(longer) == text.count(name))
        )
    ):
        return start, end + 1, "PER"
    return start, end, "PER"


def _cuts_a_word(words: Words | None, start: int, end: int) -> bool:
    """The proposed name starts or ends inside a word the tagger read as something else:
    盒|马鲜生, 依纪依|法, 敬佑生|命, 孔子|学院 are no names."""
    if words is None:
        return False
    for inside in (words.at(start), words.at(end - 1)):
        if inside is not None and inside[2] != "PER" and (inside[0] < start or inside[1] > end):
            return True
    return False


def _supported(text: str, start: int, end: int, known: frozenset[str], lexicon: Lexicon) -> bool:
    """A person the tagger proposes has the context of a name. Two characters are a name when
    named again, known, after a title, or closed by a cue (说, ，, 、 …): 常胜之师, 令行禁止
    and 余光一瞥 have none. Four Han characters need a compound surname."""
    name = text[start:end]
    if name in known or "·" in name:
        return True
    if len(name) == 4 and _after_post(text, start, lexicon) and _closed_by_cue(text, end):
        return True  # 某省委书记|某某某某|说: a Mongolian or Tibetan name after a post, speaking
    if len(name) == 4 and name[:2] not in lexicon.surnames:
        return False  # 陈规陋习: four characters with a one-character surname are an idiom
    if len(name) != 2 or text.count(name) >= 2:
        return True
    if end >= len(text) or not _HAN_CHAR.match(text[end]) or text.startswith(_CUE_WORDS, end):
        return True
    before = text[max(0, start - 6) : start]
    return any(before.endswith(t) for t in lexicon.titles)


def _after_post(text: str, start: int, lexicon: Lexicon) -> bool:
    return any(
        lexicon.titles.get(text[start - n : start]) == "post" for n in range(2, 7) if n <= start
    )


def _closed_by_cue(text: str, end: int) -> bool:
    """A speech verb follows (某书记某某某某说): an idiom after a post has none."""
    return text.startswith(SPEECH, end)


def _overlapping(spans: Sequence[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    return [(a, b) for a, b in spans if a < end and start < b]


def _mention(
    surface: str,
    start: int,
    end: int,
    label: str,
    lexicon: Lexicon,
    gazetteer,
    context: frozenset[str] = frozenset(),
    tagger=None,
    following: str = "",
):
    if label == "PER":
        if following.startswith(_DOCTRINE_AFTER):
            return None  # 某某新时代…思想, 某某理论: a doctrine's name, not the person acting
        if _TRANSLITERATED.match(surface):  # 阿不都·热合曼
            return PersonSpan(start, end, surface, (), PERSON_RULE)
        if (
            _HAN_NAME.match(surface)
            and (surface[:1] in lexicon.surnames or surface[:2] in lexicon.surnames)
            and not _addressed(surface, lexicon)
        ):
            return PersonSpan(start, end, surface, (), PERSON_RULE)
        return None
    if label == "LOC":
        return proposed_place(surface, start, end, lexicon, gazetteer, context, tagger, following)
    if label == "ORG" and (
        surface.startswith((*LOCAL_UNITS, *CONTEXT_CHARS))
        or (surface[:1] in _QUANTIFIERS and surface[1:2] in CONTEXT_CHARS)
    ):
        return None  # 街道党工委, 县委, 全州党校: the rules complete these, or they are no name
    if (
        label == "ORG"
        and 2 <= len(surface) <= 40
        and not gazetteer_place(surface, start, end, gazetteer).code
        and not _only_kinds(surface, lexicon)
        and not NOT_ONE.search(surface)  # 某地一家医院, 乡镇卫生院: a kind, not one body
        and (
            # a mined head (先锋队, 指挥所) needs more than the tagger's word for it
            ((suffix := last_suffix(surface, lexicon)) and suffix not in lexicon.org_heads)
            or surface in lexicon.org_names
            or lexicon.tagged_orgs.get(surface, 0) >= (MIN_SHORT_COUNT if len(surface) <= 2 else 1)
        )
    ):
        kind = lexicon.org_suffixes.get(last_suffix(surface, lexicon), "其他")
        return OrgSpan(start, end, end, kind, None, None, ORG_RULE)
    return None


def _only_kinds(surface: str, lexicon: Lexicon) -> bool:
    """Kind words and nothing else (纪委监委, 党委政府): a class of bodies, not one body."""
    while suffix := last_suffix(surface, lexicon):
        surface = surface[: -len(suffix)]
    return surface == ""


def _addressed(surface: str, lexicon: Lexicon) -> bool:
    """A surname with a title or a form of address, not a name: 王主席, 王书记, 马阿姨, 洪家;
    or a country's side in talks (中方, 美方, 巴方)."""
    if len(surface) == 2 and surface[1] == "方" and surface[0] in _COUNTRY_INITIALS:
        return True
    for n in range(len(surface) - 1, 0, -1):
        tail = surface[n:]
        if tail in lexicon.titles or tail in _ADDRESS:
            return True
    return False
