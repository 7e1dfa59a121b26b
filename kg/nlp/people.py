"""People named in the text, with the posts they hold.

A person is found where a title stands before a name (副部长、教育工委书记张某;
党员李某; 讲师王某) — the name is a surname from rules/surnames.tsv and one or
two characters, and what follows it must be a cue (说, 表示, ：, ，, 。 …) that
closes a name. The title's organization is the one written directly before it.
Transliterated names with a middle dot (艾买提·图尔逊) are people wherever they
stand. Names inside the title of a work (《革命战士胡廷珍》) are not people.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.nlp.lexicon import Lexicon
from kg.nlp.matchers import Matchers

SPEECH = (
    "说",
    "表示",
    "指出",
    "介绍",
    "认为",
    "强调",
    "坦言",
    "感慨",
    "动情",
    "告诉",
    "谈到",
    "回忆",
    "：",
    ":",
)
CUES = (
    *SPEECH,
    "带队",
    "率队",
    "主持",
    "出席",
    "会见",
    "参加",
    "陪同",
    "率",
    "一行",
    "致辞",
    "讲话",
    "提出",
    "要求",
    "同志",
    "“",
    "，",
    ",",
    "。",
    "、",
    "等",
    "和",
    "在",
    "带领",
    "为",
    "的",
    "是",
    "；",
    "）",
    "时",
)
DOT_CUES = (
    "作",
    "带领",
    "带队",
    "率队",
    "一行",
    "等",
)  # …吐尔逊作交流发言: closes a transliterated name
_NOT_NAMES = (
    "强调",
    "谈到",
    "回忆",
    "表示",
    "指出",
    "介绍",
    "认为",
    "告诉",
    "提出",
    "要求",
    "带领",
    "带队",
)
_DOT = re.compile(r"(?<=[\u4e00-\u9fff])[·•・](?=[\u4e00-\u9fff])")
_WORK_TITLE = re.compile(r"《[^《》]{0,60}》")
_BRACKET = re.compile(r"[（(][\u4e00-\u9fff]{1,8}[）)]")
_HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Post:
    """A title a person holds, and the organization span before it (if any)."""

    title: str
    start: int
    end: int
    org_index: int | None  # index into the spans given to find_people (organizations, places)


# Titles that are a village's own post, written without the village when the story is about
# it (“第一书记”某某, 网格员某某); titles that start with a unit (村支书, 镇长) name theirs.
LOCAL_TITLES = {"第一书记": "村", "驻村第一书记": "村", "网格员": "村", "村医": "村", "支书": "村"}

_TITLE_WINDOW = 12  # characters before a name searched for its title
_CLOSING_QUOTES = "”」』"


@dataclass(frozen=True)
class PersonSpan:
    start: int
    end: int
    name: str
    posts: tuple[Post, ...]
    rule: str


def find_people(
    text: str, org_bounds: list[tuple[int, int]], lexicon: Lexicon, matchers: Matchers
) -> list[PersonSpan]:
    """People in ``text``; ``org_bounds`` are the organization mentions' (start, end)."""
    masked = [m.span() for m in _WORK_TITLE.finditer(text)]
    org_by_end = {end: i for i, (_, end) in enumerate(org_bounds)}
    titles = _titles(text, org_bounds, lexicon, matchers)
    found: dict[int, PersonSpan] = {}
    for title, start, end in titles:
        name_start = end
        bracket = _BRACKET.match(text, name_start)
        if bracket:  # 副院长（副院长）傅某
            name_start = bracket.end()
        cues = SPEECH if lexicon.titles[title] == "member" else CUES
        name_end = _name_end(text, name_start, lexicon, cues)
        if name_end is None or _inside(masked, name_start, name_end) or name_start in found:
            continue
        posts = _posts_before(text, (title, start, end), org_bounds, org_by_end, matchers)
        found[name_start] = PersonSpan(
            name_start, name_end, text[name_start:name_end], posts, "person.title.v1"
        )
        while cues is CUES and text[name_end : name_end + 1] == "、":  # 副主席甲、乙、丙
            following = _name_end(text, name_end + 1, lexicon, cues)
            if following is None or name_end + 1 in found or title_at(text, name_end + 1, matchers):
                break
            found[name_end + 1] = PersonSpan(
                name_end + 1, following, text[name_end + 1 : following], posts, "person.list.v1"
            )
            name_end = following
    for title, start, end in titles:  # 某某总书记指出: a name standing before its post
        if lexicon.titles[title] != "post" or not text.startswith((*SPEECH, "指出", "强调"), end):
            continue
        name_start = _name_start(text, start, lexicon)
        if (
            name_start is not None
            and name_start not in found
            and not _inside(masked, name_start, start)
        ):
            post = Post(title, start, end, org_by_end.get(name_start))
            found[name_start] = PersonSpan(
                name_start, start, text[name_start:start], (post,), "person.title_after.v1"
            )
    for person in _dot_names(text, titles, org_bounds, org_by_end, matchers):
        if not _inside(masked, person.start, person.end) and person.start not in found:
            found[person.start] = person
    return sorted(found.values(), key=lambda p: p.start)


def posts_at(
    text: str, start: int, org_bounds: list[tuple[int, int]], lexicon: Lexicon, matchers: Matchers
) -> tuple[Post, ...]:
    """The posts written right before a name that starts at ``start`` (某区纪委书记|甲).

    For names found by other means (the statistical tagger): the title that ends at
    ``start``, the organization written before it and any chain of posts before that.
    """
    if text[start - 1 : start] in _CLOSING_QUOTES and start > 1:
        start -= 1  # “第一书记”某某: a quoted title
    window = max(0, start - _TITLE_WINDOW)
    # organizations ending in the window, clipped to it (a long address chain starts before)
    inside = [(max(a, window) - window, b - window) for a, b in org_bounds if window < b <= start]
    ending = [
        (title, a + window, b + window)
        for title, a, b in _titles(text[window:start], inside, lexicon, matchers)
        if b + window == start
    ]
    if not ending:
        return ()
    title = max(ending, key=lambda t: t[2] - t[1])
    org_by_end = {end: i for i, (_, end) in enumerate(org_bounds)}
    return _posts_before(text, title, org_bounds, org_by_end, matchers)


def _titles(
    text: str, org_bounds: list[tuple[int, int]], lexicon: Lexicon, matchers: Matchers
) -> list[tuple[str, int, int]]:
    """Title hits; one that starts inside an organization name is cut at the name's end.

    某医院党支部书记: the longest title 党支部书记 overlaps the organization 某医院党支部;
    the post is 书记 of that organization.
    """
    ends = sorted(e for _, e in org_bounds)
    titles = []
    for hit in matchers.titles.longest(text):
        inside = [
            e for e in ends if hit.start < e < hit.end and text[e : hit.end] in lexicon.titles
        ]
        start = max(inside) if inside else hit.start
        titles.append((text[start : hit.end], start, hit.end))
    return titles


def _dot_names(
    text: str,
    titles: list[tuple[str, int, int]],
    org_bounds: list[tuple[int, int]],
    org_by_end: dict[int, int],
    matchers: Matchers,
) -> list[PersonSpan]:
    """Transliterated names: 2-5 characters, a middle dot, 2-5 characters (艾某·吐某).

    The part before the dot starts after a title or at the start of its run of Han
    characters; the part after it is the shortest that a cue closes.
    """
    title_end = {end: (title, start) for title, start, end in titles}
    people = []
    for dot in _DOT.finditer(text):
        at = dot.start()
        run_start = at
        while run_start > 0 and _HAN.match(text[run_start - 1]) and at - run_start < 12:
            run_start -= 1
        start = max((e for e in title_end if run_start <= e < at), default=run_start)
        if not 2 <= at - start <= 5 or text[start - 1 : start] == "“":
            continue
        end = next((at + 1 + n for n in range(2, 6) if _closed(text, at + 1 + n)), None)
        if end is None or not all(_HAN.match(c) for c in text[at + 1 : end]):
            continue
        posts = ()
        if start in title_end:
            title, title_start = title_end[start]
            posts = (Post(title, title_start, start, org_by_end.get(title_start)),)
        people.append(PersonSpan(start, end, text[start:end], posts, "person.dotname.v1"))
    return people


def _closed(text: str, end: int) -> bool:
    if end > len(text):
        return False
    return end == len(text) or not _HAN.match(text[end]) or text.startswith((*CUES, *DOT_CUES), end)


def _name_end(text: str, start: int, lexicon: Lexicon, cues: tuple[str, ...]) -> int | None:
    """End of a Han name starting at ``start`` (surname + 1-2 characters, closed by a cue)."""
    if text.startswith(_NOT_NAMES, start):  # 书记强调，: 强 is a surname, 强调 a verb
        return None
    for surname_len in (2, 1):
        if text[start : start + surname_len] not in lexicon.surnames:
            continue
        for given in (1, 2):
            end = start + surname_len + given
            if end > len(text) or not all(_HAN.match(c) for c in text[start:end]):
                break
            if end == len(text) or text.startswith(cues, end):
                return end
    return None


def title_at(text: str, start: int, matchers: Matchers) -> bool:
    """A title of the rules starts at ``start``."""
    return any(h.start == 0 for h in matchers.titles.all(text[start : start + 8]))


def _name_start(text: str, end: int, lexicon: Lexicon) -> int | None:
    """Start of a Han name ending at ``end``, with nothing but punctuation or a boundary word before it."""
    for length in (3, 2):
        start = end - length
        if start < 0 or not all(_HAN.match(c) for c in text[start:end]):
            continue
        if text[start] not in lexicon.surnames and text[start : start + 2] not in lexicon.surnames:
            continue
        before = text[start - 1 : start]
        if (
            not before
            or not _HAN.match(before)
            or any(text[max(0, start - n) : start] in lexicon.boundaries for n in (1, 2))
        ):
            return start
    return None


def _posts_before(
    text: str,
    title: tuple[str, int, int],
    org_bounds: list[tuple[int, int]],
    org_by_end: dict[int, int],
    matchers: Matchers,
) -> tuple[Post, ...]:
    """The titles (and their organizations) chained before a name: 甲部副部长、乙委书记."""
    posts = []
    current = title
    while True:
        pos = current[1]
        org = org_by_end.get(pos)
        posts.append(Post(current[0], current[1], current[2], org))
        if org is not None:
            pos = org_bounds[org][0]
        if pos == 0 or text[pos - 1] != "、":
            break
        window = max(0, pos - 13)
        before = [
            h for h in matchers.titles.all(text[window : pos - 1]) if window + h.end == pos - 1
        ]
        if not before:
            break
        # 某市委常委、…: the title that starts where an organization ends (常委, not 市委常委)
        best = max(before, key=lambda h: (window + h.start in org_by_end, len(h.word)))
        current = (best.word, window + best.start, window + best.end)
    return tuple(reversed(posts))


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in spans)
