"""Clause structure for events: who acts, and whether the clause says something happened.

Chinese news states an activity as subject + (time, place) + verb + object: 某县委组织部
近日在某中学举办展示活动. The subject is the first actor of the clause that is not
governed by a preposition (在某中学, 与某局, 为群众) or a possessive (某局的指导下); a
clause with no actor of its own takes the sentence's (某局近日组织党员，开展…). A person
written before the verb (某书记带队调研) is the subject too: then no organization organised
it. 由甲主办 names the agent explicitly. Plans (将, 计划, 拟), obligations (要, 应当),
routines (每月, 定期, 近年来), running totals (截至, 累计) and what was called off (暂停,
取消) are not occurrences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.nlp.words import Words

# verb -> organizer role; longer verbs first
ACTIONS = {
    "组织开展": "组织",
    "组织": "组织",
    "开展": "开展",
    "展开": "开展",
    "举办": "主办",
    "举行": "主办",
    "召开": "主办",
    "主办": "主办",
    "承办": "承办",
    "协办": "协办",
    "开办": "主办",
    "启动": "开展",
    "进行": "开展",
    "发起": "开展",
    "推出": "开展",
    "主持召开": "主办",
}
# verbs whose subject took part and did not organise (role None)
PARTAKING: dict[str, str | None] = {
    "参加": None,
    "出席": None,
    "参与": None,
    "列席": None,
    "受邀": None,
}

_PREPOSITIONS = ("在", "到", "赴", "于", "与", "和", "同", "向", "为", "对", "给", "从", "跟", "把")
_PREPOSITIONS += ("经", "让", "被", "帮助", "指导", "带领", "邀请", "联合", "协助", "支持", "配合")
# 书记 / 总书记、国家主席、中央军委主席 / 副部长: titles, and names of further offices,
# between an organization and the person holding them
_TITLES_GAP = re.compile(r"[\u4e00-\u9fff·]{0,8}(?:、[\u4e00-\u9fff·]{1,24}){0,6}")
_HEAD_SLACK = 10  # characters of time words or adverbs before a clause's subject
_ACTING_NEXT = frozenset({"v", "vd", "d", "ad", "p", "t", "TIME", "c", "w"})
# prepositions that govern a whole list (联合甲、乙); 和, 同 … rather join the list itself
_LIST_GOVERNORS = tuple(p for p in _PREPOSITIONS if len(p) > 1 or p in "在与为对向到赴")
_UNREAL = re.compile(
    r"将|计划|拟|即将|准备|定于|预计|要求|(?<![主需重只必])要(?!求)|应当|必须|需要|每[年月周天季]|定期|常态化"
    r"|经常|不定期|多次|先后|逐步|持续|继续|进一步|加强|做好|落实|推动|鼓励|引导|支持|确保|可以"
    r"|暂停|取消|推迟|停止"
)


@dataclass(frozen=True)
class Named:
    """A mention the event module can point to: its span, canonical name and kind.

    ``kind`` is the organization's kind (党支部, 媒体 …) or the place's level (county …).
    """

    start: int
    end: int
    name: str
    kind: str = ""

    @property
    def acts(self) -> bool:
        """A place that can be a clause's actor: 某县开展…, 某村召开… (not a venue)."""
        return self.kind in ("province", "prefecture", "county", "township", "village")


def clause_start(text: str, sent_start: int, position: int) -> int:
    """Where the clause holding ``position`` begins (after ，；：, a space between title
    parts, or the sentence start)."""
    cut = max((text.rfind(mark, sent_start, position) for mark in "，；：: 　"), default=-1)
    return cut + 1 if cut >= sent_start else sent_start


# a sentence that sums up years or a running total (近年来，…; 截至2月1日，…累计) tells no
# single occurrence, whichever clause the activity is in
_SUMMARY = re.compile(r"近年来|近几年|多年来|历年|截至|累计")


def sums_up(text: str, start: int, end: int) -> bool:
    """The sentence up to the trigger sums up a period or a running total."""
    return bool(_SUMMARY.search(text, start, end))


def is_unreal(text: str, start: int, end: int, words: Words | None = None) -> bool:
    """The clause before the trigger plans, demands or repeats it (将举办, 每月开展, 要加强排查).

    将 before a noun (某县将经验制作成…) marks the object, not the future: the tagger
    reads it as a preposition then.
    """
    for match in _UNREAL.finditer(text, start, end):
        word = words.at(match.start()) if words is not None and match[0] == "将" else None
        if word is None or word[2] != "p":
            return True
    return False


def subject_before(
    text: str,
    actors: list[Named],
    people: list[Named],
    sent_start: int,
    verb_start: int,
    words: Words | None = None,
) -> Named | None:
    """The actor of the verb at ``verb_start``: in its clause, else in the nearest clause
    before it that has one (某局近日组织党员，开展…).

    A person subject (某书记到某村调研) is returned with kind ``person``: then no
    organization organised it. None when no actor is written.
    """
    end = verb_start
    start = clause_start(text, sent_start, verb_start)
    agent = _agent(text, actors, start, verb_start)
    if agent is not None:
        return agent
    found = _first_free(text, actors, people, start, end, words)
    while found is None and start > sent_start:
        end = start - 1
        start = clause_start(text, sent_start, end)
        found = _first_free(text, actors, people, start, end, words)
        if found is not None and not _heads(text, start, found):
            found = None  # 为某村送去…，开展…: a name inside an earlier clause is no subject
    return found


def _heads(text: str, start: int, mention: Named) -> bool:
    """The mention opens its clause, after at most a time or an adverb (近日，某局…)."""
    return mention.start - start <= _HEAD_SLACK and not re.search(
        r"[在为对向与和给]", text[start : mention.start]
    )


def co_subjects(text: str, actors: list[Named], subject: Named, end: int) -> list[Named]:
    """甲、乙等组织… / 甲和乙联合举办: the actors listed with the subject, up to the verb."""
    out, last = [], subject
    for actor in sorted(actors, key=lambda m: m.start):
        if actor.start < last.end or actor.end > end:
            continue
        if text[last.end : actor.start] not in ("、", "和", "与", "及", "以及", "同"):
            break
        out.append(actor)
        last = actor
    return out


def _agent(text: str, actors: list[Named], start: int, end: int) -> Named | None:
    """由甲主办 / 由甲组织: the agent named by 由."""
    for actor in actors:
        if (
            start <= actor.start
            and actor.end <= end
            and text[actor.start - 1 : actor.start] == "由"
        ):
            return actor
    return None


def _first_free(
    text: str,
    actors: list[Named],
    people: list[Named],
    start: int,
    end: int,
    words: Words | None = None,
) -> Named | None:
    """The first actor or person in [start, end) not governed by a preposition or 的."""
    inside = sorted(
        [m for m in actors if start <= m.start and m.end <= end]
        + [
            Named(p.start, p.end, p.name, "person")
            for p in people
            if start <= p.start and p.end <= end
        ],
        key=lambda m: (m.start, -m.end),
    )
    covered = -1
    for mention in inside:
        if mention.start < covered:
            continue  # inside a longer mention
        covered = mention.end
        chain = _chain_start(inside, mention)
        if _governed(text, start, chain) or (mention.acts and not _acts_next(text, mention, words)):
            continue
        holder = _holder(text, people, mention, end)
        return holder or mention
    return None


def _holder(text: str, people: list[Named], mention: Named, end: int) -> Named | None:
    """某县委书记甲: a person right after an actor and a title holds a post there; the
    person acts, not the organization."""
    for person in people:
        gap = text[mention.end : person.start]
        if mention.end <= person.start < end and _TITLES_GAP.fullmatch(gap):
            return Named(person.start, person.end, person.name, "person")
    return None


def _chain_start(mentions: list[Named], mention: Named) -> Named:
    """The first of the names written back to back before ``mention`` (昌吉市|建国路街道)."""
    first = mention
    for other in reversed(mentions):
        if other.end == first.start:
            first = other
    return first


def _acts_next(text: str, place: Named, words: Words | None) -> bool:
    """A place is the actor when a verb, adverb, preposition or time follows it (某县开展,
    某县近日在…), not a name it is the address of (某街道|星光社区)."""
    if words is None:
        return not re.match(r"[\u4e00-\u9fff]{0,3}(社区|村|队|站|所|中心)", text[place.end :])
    word = words.at(place.end)
    return word is not None and word[0] == place.end and word[2] in _ACTING_NEXT


def _governed(text: str, start: int, mention: Named) -> bool:
    """在某地, 与某局, 某局的: the mention is not the subject."""
    before = text[max(start, mention.start - 2) : mention.start]
    if before.endswith(_PREPOSITIONS):
        return True
    if before.endswith("、"):  # 联合甲、乙开展: a list shares the preposition of its head
        return any(p in text[start : mention.start] for p in _LIST_GOVERNORS)
    return text.startswith("的", mention.end) or text.startswith("之", mention.end)
