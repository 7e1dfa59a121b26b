"""Posts a sentence states about a person named away from the title (任职 by clause).

People's titles are mostly written right before their name (某村第一书记某某) and read
by :mod:`kg.nlp.people`. News also states a post as the predicate of a clause whose
subject is the person:

    甲到某村任第一书记             the person, then 到/在 … 任/担任 + place + title
    甲，某县某村的驻村第一书记     apposition after a comma
    甲是某局派驻某村的第一书记     是 … place + (的) + title
    在某村任第一书记的某局副局长甲 a relative clause: the person follows 的

The unit is the organization or place written right before the title (or right after
任/担任). The holder is the nearest person before it in the same sentence with a
linking word (任, 担任, 是, 到, 在, 派驻, a comma) between them and no other person;
in a relative clause (title + 的), the first person after it in the sentence.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg.nlp.lexicon import Lexicon
from kg.nlp.matchers import Matchers
from kg.nlp.people import Post

_APPOINT = ("担任", "任")  # 某村|任|第一书记
_LINKS = re.compile(r"担任|任|是|到|在|派驻|驻|选派|挂职")
# someone else is spoken of between the person and the post (甲与某村党支部书记一起)
_OTHER_PARTY = re.compile(r"与|和|同|跟|向|给|对|陪同|带领|协助|看望|慰问|找到|见到")
_REACH = 40  # characters between the person and the unit of the post
_SENTENCE_END = re.compile(r"[。！？；\n]")
# after the title: the clause goes on about someone else (某村第一书记的带领下)
_OTHERS_ACT = ("的带领", "带领", "的帮助", "的指导", "的支持", "的组织", "带队", "一起", "们", "等")


def clause_posts(
    text: str,
    people: list,
    targets: list[tuple[int, int, str, str]],
    lexicon: Lexicon,
    matchers: Matchers,
) -> list:
    """``people`` with the posts their sentences state by predication added."""
    by_end = {b: i for i, (_, b, *_) in enumerate(targets)}
    held: dict[int, list[Post]] = {}
    for hit in matchers.titles.longest(text):
        if lexicon.titles.get(hit.word) != "post" or _named_after(text, hit.end, people):
            continue
        unit = _unit_before(text, hit.start, by_end, targets)
        if unit is None or text.startswith(_OTHERS_ACT, hit.end):
            continue
        index, unit_start = unit
        holder = _holder(text, unit_start, hit.end, people)
        if holder is not None:
            held.setdefault(holder, []).append(Post(hit.word, hit.start, hit.end, index))
    if not held:
        return people
    out = []
    for i, person in enumerate(people):
        known = {(p.title, p.org_index) for p in person.posts}
        extra = [p for p in held.get(i, ()) if (p.title, p.org_index) not in known]
        out.append(replace(person, posts=(*person.posts, *extra)) if extra else person)
    return out


def _named_after(text: str, end: int, people: list) -> bool:
    """The title is followed by a name (某村第一书记某某): people.py read it."""
    return any(p.start == end for p in people)


def _unit_before(
    text: str, start: int, by_end: dict[int, int], targets: list
) -> tuple[int, int] | None:
    """The organization or place the title is of: written right before it, before 的 and
    it, or before 任/担任 and it (某村任第一书记); also right after 担任 (担任某村第一书记)."""
    for gap in ("", "的", "驻村", "的驻村", *_APPOINT):
        end = start - len(gap)
        if text.startswith(gap, end) and end in by_end:
            index = by_end[end]
            return index, targets[index][0]
    return None


def _holder(text: str, unit_start: int, title_end: int, people: list) -> int | None:
    sentence_start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, unit_start)), default=0)
    before = [
        (i, p) for i, p in enumerate(people) if sentence_start <= p.start and p.end <= unit_start
    ]
    if before:
        i, person = max(before, key=lambda item: item[1].end)
        between = text[person.end : unit_start]
        if (
            len(between) <= _REACH
            and (_LINKS.search(between) or between.startswith("，"))
            and not _OTHER_PARTY.search(between)
        ):
            return i
        return None
    if text.startswith("的", title_end):  # 在某村任第一书记的某局副局长甲
        sentence_end = _SENTENCE_END.search(text, title_end)
        limit = sentence_end.start() if sentence_end else len(text)
        after = [(i, p) for i, p in enumerate(people) if title_end <= p.start < limit]
        if after:
            return min(after, key=lambda item: item[1].start)[0]
    return None
