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
    ``all``   the tagger reads every sentence (slower; the best recall).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from kg.errors import UsageError
from kg.nlp.lexicon import Lexicon
from kg.nlp.orgs import OrgSpan, last_suffix
from kg.nlp.people import SPEECH, PersonSpan
from kg.resolve.places import ResolvedPlace

MODES = ("off", "gaps", "all")
DEFAULT_MODE = "gaps"
PERSON_RULE = "person.ner.v1"
ORG_RULE = "org.ner.v1"
PLACE_RULE = "place.ner.v1"
WINDOW = 4  # characters before a cue the tagger reads in ``gaps`` mode
OTHER_LEVEL = "other"
_SEPARATOR = "，"  # between windows tagged as one text: a clause break, not a sentence end  # a place outside the administrative gazetteer: a country, a region

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
    [
        "家",
        "阿姨",
        "大妈",
        "大娘",
        "大爷",
        "大伯",
        "大叔",
        "大姐",
        "大哥",
        "大嫂",
        "奶奶",
        "爷爷",
        "老汉",
        "师傅",
        "女士",
        "先生",
        "同志",
        "老师",
        "医生",
        "总",
        "董",
        "局",
        "处",
        "科",
        "所",
        "某",
        "某某",
        "姓",
    ]
)
_SHORT_FORM_UNITS = ("县", "市", "区", "旗")  # a county written without its unit (兰考)
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


def accept(
    text: str,
    proposals: Sequence[tuple[int, int, str]],
    places: Sequence[tuple[int, int]],
    others: Sequence[tuple[int, int]],
    lexicon: Lexicon,
    gazetteer,
) -> Accepted:
    """Turn a tagger's ``(start, end, PER|LOC|ORG)`` spans into mentions, or drop them.

    ``places`` and ``others``: the (start, end) of the places and of every other mention the
    rules found. The rules win any overlap, except that an organization may hold whole
    places (鞍山钢铁公司 holds 鞍山).
    """
    out = Accepted()
    quoted = [m.span() for m in _QUOTED.finditer(text)]
    for start, end, label in sorted(proposals):
        if any(a < start and end < b for a, b in quoted):
            out.rejected += 1
            continue
        held = _overlapping(places, start, end)
        # an organization may hold whole places; anything else must overlap no mention
        ok = all(start <= a and b <= end for a, b in held) if label == "ORG" else not held
        ok = ok and not _overlapping(others, start, end)
        mention = _mention(text[start:end], start, end, label, lexicon, gazetteer) if ok else None
        if mention is None:
            out.rejected += 1
        elif isinstance(mention, PersonSpan):
            out.people.append(mention)
        elif isinstance(mention, ResolvedPlace):
            out.places.append(mention)
        else:
            out.orgs.append((mention, text[start:end]))
    return out


def _overlapping(spans: Sequence[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    return [(a, b) for a, b in spans if a < end and start < b]


def _mention(surface: str, start: int, end: int, label: str, lexicon: Lexicon, gazetteer):
    if label == "PER":
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
        place = _place(surface, start, end, gazetteer)
        # outside the gazetteer, a place is one the annotated corpora know (欧洲, 塞尔维亚);
        # the tagger also calls 一流, 振兴 or 新农村 places
        return place if place.code or surface in lexicon.tagged_places else None
    if (
        label == "ORG"
        and 2 <= len(surface) <= 40
        and not _place(surface, start, end, gazetteer).code
        and (
            last_suffix(surface, lexicon)
            or surface in lexicon.org_names
            or surface in lexicon.tagged_orgs
        )
    ):
        kind = lexicon.org_suffixes.get(last_suffix(surface, lexicon), "其他")
        return OrgSpan(start, end, end, kind, None, None, ORG_RULE)
    return None


def _addressed(surface: str, lexicon: Lexicon) -> bool:
    """A surname with a title or a form of address, not a name: 习主席, 王书记, 马阿姨, 洪家."""
    for n in range(len(surface) - 1, 0, -1):
        tail = surface[n:]
        if tail in lexicon.titles or tail in _ADDRESS:
            return True
    return False


def _place(surface: str, start: int, end: int, gazetteer) -> ResolvedPlace:
    """The gazetteer's division when the whole surface names exactly one, or a county's short
    form does (兰考 → 兰考县), else an 'other' place."""
    for form in (surface, *(surface + unit for unit in _SHORT_FORM_UNITS)):
        whole = [m for m in gazetteer.find(form) if (m.start, m.end) == (0, len(form))]
        if len(whole) == 1 and len(whole[0].candidates) == 1:
            place = gazetteer.get(whole[0].candidates[0])
            return ResolvedPlace(
                start, end, surface, place.code, place.name, place.level, PLACE_RULE
            )
        if whole or len(surface) < 2:
            break
    return ResolvedPlace(start, end, surface, None, surface, OTHER_LEVEL, PLACE_RULE)
