"""Events: an activity of a known type, who organised it, where, when, and on what theme.

A trigger word from rules/event_types.toml (主题党日活动, 研讨会, 调研, 巡河 …) names a
concrete event when its clause says it happened:

- an action verb frames it (组织开展 … 活动; 举办 … 研讨会; … 展示活动在 … 举办), or
- it is itself the predicate (某局到某村调研; 党员入户走访): the tagger reads it as a verb
  and the clause has an actor, a destination or a day;

and the clause is neither a tally (开展主题党日活动24场), a plan (将举办, 计划开展) nor a
routine (每月开展, 定期召开). The organizer is the clause's subject (:mod:`kg.nlp.clauses`):
an organization, or a county, township or village that acts itself (某县开展…); never a
newspaper or news agency, and never who only took part (参加, 出席). 由甲主办，乙协办 gives
roles; 在某地举办 / 到某村调研 the place; a time expression in the clause the date; 以“…”为主线
the theme. Mentions of one event in an article (title, body, caption) are merged, with
all their evidence (:mod:`kg.nlp.event_merge`); names are cleaned in
:mod:`kg.nlp.event_names`; who acts is read in :mod:`kg.nlp.clauses`.
"""

from __future__ import annotations

import re

from kg.nlp.clauses import (
    ACTIONS,
    PARTAKING,
    Named,
    clause_start,
    co_subjects,
    is_unreal,
    subject_before,
    sums_up,
)
from kg.nlp.event_merge import EventDraft, Time, apply_article_roles, fold_headline, merge
from kg.nlp.event_names import event_name, inside_quote, quoted_name
from kg.nlp.matchers import Matchers
from kg.nlp.words import Words

__all__ = ["EventDraft", "Named", "find_events"]

_TALLY = re.compile(
    r"等|[0-9０-９一二三四五六七八九十百千万余多]+[场次期个项轮批户人名]"
)  # used with match(text, pos)
_NOT_AFTER_TRIGGER = set(
    "馆者厅室站员队点组费率品量数制"
)  # 主题展|馆, 巡查|员: part of another word
_COUNTED = re.compile(  # 召开三次会议, 举办了12场: more than one (一场 is one event)
    r"了?(?:[0-9０-９]+|[两二三四五六七八九十百千万多几数][一二三四五六七八九十百千万]*)"
    r"(?:[次场期轮个项](?=[^，。；]{0,6}$)|届$)"  # 十二届某人大…: 届 before a body is an ordinal
)
# 在某地举办 / 参观某馆 / 走进某社区 / 到某村调研: where the event happened
_PLACE = re.compile(
    r"(?:在(?P<at>[^，。；在]{2,30}?)(?:举办|举行|召开|开展|进行)"
    r"|(?:参观|走进|来到|前往|深入|赴|到|去(?![年世]))(?P<to>[^，。；]{2,30}))"
)
_CLAUSE_END = "，。；！？\n"
_MANNER = ("入户", "上门")  # 入户排查: door to door, how the activity was done
_VERB_TAGS = {"v", "vn"}
_PREDICATE_TAGS = {"a", "ad", "d", "m"}  # 一度 is read as a number: 评比一度落后


def find_events(
    text: str,
    sentences: list[tuple[int, int]],
    orgs: list[Named],
    places: list[Named],
    times: list[Time],
    matchers: Matchers,
    words: Words | None = None,
    people: list[Named] = (),
    named_only: frozenset[str] = frozenset(),
    generic: frozenset[str] = frozenset(),
) -> list[EventDraft]:
    """Concrete events in an article, merged across their mentions.

    ``orgs`` carry their kind (媒体 never organises), ``places`` their level (a county,
    township or village may act); ``words`` (the tagger's) tell a trigger that is itself
    the verb (调研, 走访) and keep triggers from starting inside another word. Types in
    ``named_only`` (专项行动) are events only with a name of their own; ``generic`` types
    (实践活动, 仪式) take the specific type their sentence names.
    """
    actors = [o for o in orgs if o.kind != "媒体"] + [p for p in places if p.acts]
    actors.sort(key=lambda m: m.start)
    drafts: list[EventDraft] = []
    for sent_start, sent_end in sentences:
        sentence = text[sent_start:sent_end]
        hits = matchers.triggers.longest(sentence)
        for i, hit in enumerate(hits):
            start, end = sent_start + hit.start, sent_start + hit.end
            if i and hits[i - 1].end == hit.start and hits[i - 1].word not in _MANNER:
                continue  # 考察|调研, 入党宣誓|仪式, 慰问|演出: one activity, typed by the first
            if hit.word in _MANNER and i + 1 < len(hits) and hits[i + 1].start == hit.end:
                continue  # 入户|排查: how the activity was done, typed by what was done
            if (
                _is_tally(text, end)
                or _in_work_title(text, sent_start, start)
                or _part_of_word(text, end)
                or _kinds_listed(text, end, sent_end)
                or _awarded(text, sent_start, start, end, sent_end)
                or inside_quote(text, sent_start, start, end)
                or (words is not None and not _whole_words(words, start, end))
            ):
                continue
            draft = _draft(
                text,
                hit,
                start,
                end,
                (sent_start, sent_end),
                actors,
                people,
                places,
                words,
                named_only,
            )
            if draft is None:
                continue
            if draft.type in generic:
                draft.type = _specific_type(draft.type, sentence, matchers, generic)
            draft.place = draft.place or _place(text, sent_start, sent_end, orgs, places)
            draft.time_index = _time_in(
                times, _after_dateline(text, sent_start, start), _clause_end(text, end, sent_end)
            )
            drafts.append(draft)
    events = merge(drafts, times)
    if sentences:
        events = fold_headline(events, sentences[0])
    apply_article_roles(text, sentences, events, orgs)
    return [e for e in events if _happened(e, times)]


def _happened(event: EventDraft, times: list[Time]) -> bool:
    """An organizer ran it, it has a quoted name, a day is given, or a person did it at a
    stated time or place (习近平2015年7月16日到光东村考察): one occurrence, not a routine."""
    if event.session:
        return event.time_index is not None  # 2月24日，某常委会第十六次会议表决通过…
    if event.organizers or event.quoted or _dated(event, times):
        return True
    if event.spoken_at and event.time_index is not None:
        return True  # 2018年8月，某某在某某建设会议上强调: a named meeting, when it was held
    return event.led_by is not None and (event.time_index is not None or event.place is not None)


def _draft(
    text: str,
    hit,
    start: int,
    end: int,
    sentence: tuple[int, int],
    actors: list[Named],
    people: list[Named],
    places: list[Named],
    words: Words | None,
    named_only: frozenset[str],
) -> EventDraft | None:
    """One mention of an event, or None when the clause does not say it happened."""
    sent_start, sent_end = sentence
    quoted = quoted_name(text, sent_start, start, end)
    verb = _verb_before(text, sent_start, start, actors) or _verb_after(text, end, sent_end)
    acting = verb is None and _acts(text, words, start, end, sent_start)
    if acting:
        verb = (start, end, "开展")  # the trigger is the verb: 某局到某村调研
    session = (verb is None or verb[0] > start) and _session(text, actors, sent_start, start)
    if session:
        body, name_start = session
        draft = EventDraft(
            hit.value, text[name_start:end], (start, end), sentence, evidence=[sentence]
        )
        draft.organizers.append((body.name, "主办"))
        draft.stated[body.name] = [sentence]
        draft.session = True
        return draft
    at = _spoken_at(text, sent_start, start, end)
    if at is not None and (
        verb is None or (at < verb[0] < start and not text.startswith("的", verb[1]))
    ):
        # 在某会议上强调: someone spoke at it, so it took place; a verb inside the frame is
        # part of the name (在全国组织工作会议上), not one before 的 (在某地举行的某赛上)
        verb = (at, at + 1, None)
    if verb is None:
        if quoted is None:
            return None
        # “新疆…主题成就展”: a named event the sentence only refers to
        draft = EventDraft(
            hit.value, quoted, (start, end), sentence, [], evidence=[sentence], quoted=True
        )
        opened = text.rfind("“", sent_start, start - (text[start - 1 : start] == "”"))
        owner = next((a for a in actors if a.end == opened and a.kind != "person"), None)
        if owner is not None:  # 某市“十大行动”: the campaign is the city's own
            draft.organizers.append((owner.name, "开展"))
            draft.stated[owner.name] = [sentence]
            if owner.acts:
                draft.acting_places.add(owner.name)
        return draft
    verb_start, verb_end, role = verb
    if verb_end <= start and _COUNTED.match(text, verb_end, start):
        return None  # 连续召开三次会议: a count of events, not one
    if sums_up(text, sent_start, start) or is_unreal(
        text, clause_start(text, sent_start, min(verb_start, start)), start, words
    ):
        return None  # 将举办, 每月开展, 要做好排查: a plan or a routine, not one occurrence
    name_start = clause_start(text, sent_start, start) if acting or verb_end > start else verb_end
    name = quoted if acting and quoted else event_name(text, name_start, end, hit.word, words)
    if acting and name and not quoted:
        name = None  # 到某村调研: the verb is no name
    if name is None and hit.value in named_only:
        return None  # a bare 行动 or 整治 is a word, “三亮一争”行动 a campaign
    draft = EventDraft(hit.value, name, (start, end), sentence, evidence=[sentence])
    draft.quoted = "“" in (name or "")
    if role is None:  # 参加, 出席: who is named took part
        if name and (owner := _name_owner(actors, text, name_start, start)) is not None:
            draft.organizers.append((owner.name, "主办"))  # 参加某合作社分红大会: its own
            draft.stated[owner.name] = [sentence]
        draft.spoken_at = at is not None and verb_start == at and name is not None
        return draft
    if verb_start > start:  # …研讨会举办: the event is the subject; 由甲主办 names who
        return draft
    own_start = _after_dateline(text, sent_start, verb_start)
    subject = _relative_subject(text, actors, (verb_start, verb_end), start) or subject_before(
        text, actors, people, own_start, verb_start, words
    )
    if subject is not None and is_unreal(text, subject.end, start, words):
        return None  # 某总支常态化开展监督检查，…进行专项督导: a routine
    if subject is not None and subject.kind == "person":
        draft.led_by = subject.name  # 某某主持召开国务院常务会议: who chaired it; the body holds it
        subject = None
    if subject is None and (session := _session(text, actors, sent_start, start)):
        subject, role = session[0], "主办"  # 召开的某常委会会议: the body holds its own meeting
    if subject is not None:
        if text.startswith("组织", subject.end):
            role = "组织"  # 某局组织党员干部…，开展…活动: the subject organised it
        if role != "协办":
            for actor in [subject, *co_subjects(text, actors, subject, verb_start)]:
                draft.organizers.append((actor.name, role))
                draft.stated[actor.name] = [sentence]
                if actor.acts:
                    draft.acting_places.add(actor.name)
    if acting:
        draft.place = _destination(text, places, sent_start, sent_end) or _at(
            text, places, clause_start(text, sent_start, start), start
        )
    return draft


def _name_owner(actors: list[Named], text: str, name_start: int, start: int) -> Named | None:
    """The organization that opens an event's name (某合作社分红大会, 某协会年会) holds it."""
    while text[name_start : name_start + 1] in "了一场个次":
        name_start += 1
    return next(
        (a for a in actors if a.start == name_start and a.end <= start and not a.acts), None
    )


def _kinds_listed(text: str, end: int, sent_end: int) -> bool:
    """政策宣讲、环境整治等: kinds of work listed, not one occurrence (入户排查、宣传防疫知识
    lists what was done)."""
    if text[end : end + 1] == "等":
        return True
    if text[end : end + 1] not in ("、", "和", "及", "与"):
        return False
    clause = text[end : _clause_end(text, end, sent_end)]
    return "等" in clause


_AWARD = re.compile(
    r"[^，。；]{0,3}(?:等奖|奖|金奖|银奖|铜奖|冠军|亚军|季军|第[一二三四五六七八九十]名)"
)


def _awarded(text: str, sent_start: int, start: int, end: int, sent_end: int) -> bool:
    """曾获某某大赛二等奖, 获得某竞赛一等奖: an award a person or team holds, told in a
    résumé or a list of honours, not the contest as an activity."""
    before = text[clause_start(text, sent_start, start) : start]
    return "获" in before and bool(_AWARD.match(text, end, _clause_end(text, end, sent_end)))


def _spoken_at(text: str, sent_start: int, start: int, end: int) -> int | None:
    """Where 在 opens 在…会议上 (强调, 的讲话): the frame of what was said at an event."""
    if text[end : end + 1] != "上":
        return None
    at = text.rfind("在", clause_start(text, sent_start, start), start)
    return at if at >= 0 else None


def _part_of_word(text: str, end: int) -> bool:
    """主题展|馆, 巡查|员, “三会一课”|制度: the trigger is part of another word."""
    after = end + (text[end : end + 1] in "”’")
    return text[after : after + 1] in _NOT_AFTER_TRIGGER


_ORDINAL = re.compile(
    r"(?:第?[0-9一二三四五六七八九十百]+[届次]|全体|扩大|常务|专题|党组|主席|主任|委员长)*$"
)
_SESSION_TYPES = ("会议", "全会")
_NUMBERED = re.compile(r"(?:第?[0-9一二三四五六七八九十百]+[届次])+[\u4e00-\u9fff]{1,4}$")


def _session(
    text: str, actors: list[Named], sent_start: int, start: int
) -> tuple[Named, int] | None:
    """第十三届某常委会第十六次会议 / 某常委会会议: a body's own meeting, the body
    written right before it (after an ordinal). Returns the body and where the name starts."""
    inside = next((a for a in actors if a.start < start < a.end <= start + 3), None)
    if inside is not None and not inside.acts and text.startswith(_SESSION_TYPES, inside.end):
        return inside, inside.start  # 某常委会|会议 matched as the trigger 常委会会议
    if text.startswith("常务", start) and text.startswith(_SESSION_TYPES, start + 2):
        start += 2  # 某院|常务会议 matched as one trigger: 常务 is the session's kind
    if text[start : start + 2] not in _SESSION_TYPES:
        return None
    ordinal = _ORDINAL.search(text, sent_start, start)
    body_end = ordinal.start() if ordinal else start
    numbered = _NUMBERED.search(text, sent_start, start)  # 第二十五次|委员长会议
    if numbered and not any(a.end == body_end for a in actors):
        body_end = numbered.start()
    body = next((a for a in actors if a.end == body_end and a.kind != "person"), None)
    if body is None or body.acts:
        return None
    lead = re.search(r"第?[0-9一二三四五六七八九十]+届$", text[sent_start : body.start])
    return body, body.start - (len(lead[0]) if lead else 0)


_WHEN = re.compile(r"[0-9０-９一二三四五六七八九十日月年上下午晚早前后当天今昨]*")


def _relative_subject(
    text: str, actors: list[Named], verb: tuple[int, int], start: int
) -> Named | None:
    """某市20日召开的新闻发布会: in a relative clause before the trigger, the actor right
    before the verb (and a time) is the organizer, whatever governs the whole phrase."""
    verb_start, verb_end = verb
    if not text.startswith("的", verb_end) or verb_end >= start:
        return None
    for actor in actors:
        gap = text[actor.end : verb_start]
        if actor.end <= verb_start and len(gap) <= 8 and _WHEN.fullmatch(gap):
            if text[actor.start - 1 : actor.start] in _AT:
                continue  # 在北京举行的…: where it was held, not who held it
            return actor
    return None


_AT = ("在", "于")


def _whole_words(words: Words, start: int, end: int) -> bool:
    """The trigger starts and ends on the tagger's word edges (检查|站 is no 检查), or ends a
    name the tagger read as one word (某人大三次|会议 tagged ORG: the session's head)."""
    edges = words.edges()
    if not edges or (start in edges and end in edges):
        return True
    word = words.at(start)
    return end in edges and word is not None and word[1] == end and word[2] in ("ORG", "nz")


def _acts(text: str, words: Words | None, start: int, end: int, sent_start: int) -> bool:
    """调研, 走访, 巡河 …: the trigger is the clause's verb, after an actor or a destination."""
    if words is None:
        return False
    word = words.at(start)
    if word is None or word[2] not in _VERB_TAGS or word[1] != end:
        return False
    previous = words.at(start - 1)
    if previous is not None and previous[2] in ("p", "u"):
        return False  # 践初心于行动, 的走访: a noun after a preposition or particle
    if word[2] == "vn" and previous is not None and previous[2] in ("v", "vn"):
        return False  # 获得表彰, 加强排查: a verbal noun that is a verb's object
    following = words.at(end)
    if word[2] == "vn" and following is not None and following[2] in _PREDICATE_TAGS:
        return False  # 卫生评比|一度|落后: the verbal noun is the subject of what follows
    before = text[clause_start(text, sent_start, start) : start]
    return bool(before) and not before.endswith(("的", "和", "与", "及", "、"))


def _dated(event: EventDraft, times: list[Time]) -> bool:
    """A day is named for it (2025年9月12日, 17日): a concrete occurrence, not a routine."""
    return event.time_index is not None and times[event.time_index][2] == "date"


def _is_tally(text: str, end: int) -> bool:
    """开展主题党日活动24场 / 主题党日等活动400余场次 / “三会一课”等形式: a count or a kind, not one event."""
    return bool(_TALLY.match(text, end + (text[end : end + 1] in "”’")))


def _verb_before(
    text: str, sent_start: int, trigger_start: int, actors: list[Named] = ()
) -> tuple[int, int, str | None] | None:
    """The action or partaking verb nearest before the trigger in its clause, not one
    inside a name (某县委组织部|工作会议 has no verb 组织)."""
    start = clause_start(text, sent_start, trigger_start)
    named = [(a.start, a.end) for a in actors if a.end > start and a.start < trigger_start]
    found = [
        (at, at + len(verb), role)
        for verb, role in (ACTIONS | PARTAKING).items()
        if (at := text.rfind(verb, start, trigger_start)) >= 0
        and not any(a <= at < b for a, b in named)
    ]
    # the verb nearest the trigger; of two ending together, the longer (组织开展 over 开展)
    return max(found, key=lambda v: (v[1], v[1] - v[0]), default=None)


def _specific_type(kind: str, sentence: str, matchers: Matchers, generic: frozenset[str]) -> str:
    """A 实践活动 carried out as a visit is a 参观, an 入党宣誓仪式 a 宣誓: the type of what the
    sentence says was done."""
    for hit in matchers.triggers.longest(sentence):
        if hit.value not in generic:
            return hit.value
    return kind


def _in_work_title(text: str, sent_start: int, position: int) -> bool:
    opened = text.rfind("《", sent_start, position)
    return opened >= 0 and text.find("》", opened, position) < 0


def _verb_after(text: str, trigger_end: int, sent_end: int) -> tuple[int, int, str] | None:
    """…展示活动在县第二中学举办 / …研讨会举办: the verb closes the clause."""
    clause = text[trigger_end : _clause_end(text, trigger_end, sent_end)]
    for verb in ("举办", "举行", "召开", "开幕", "落幕", "开讲", "闭幕", "启动"):
        if clause.endswith(verb) or clause.rstrip("。").endswith(verb):
            at = trigger_end + clause.rfind(verb)
            return at, at + len(verb), "主办"
    return None


def _clause_end(text: str, position: int, sent_end: int) -> int:
    ends = [i for mark in _CLAUSE_END if (i := text.find(mark, position, sent_end)) >= 0]
    return min(ends, default=sent_end)


_SPECIFIC = {"venue": 0, "village": 1, "township": 2, "county": 3, "prefecture": 4, "province": 5}


def _destination(text: str, places: list[Named], start: int, end: int) -> Named | None:
    """到延边考察调研时，来到了光东村: the most specific place the sentence goes to."""
    found = []
    for match in _PLACE.finditer(text, start, end):
        if match["to"]:
            a, b = match.span("to")
            found += [m for m in places if a <= m.start and m.end <= b]
    return min(found, key=lambda m: (_SPECIFIC.get(m.kind, 9), m.start), default=None)


def _at(text: str, places: list[Named], start: int, trigger_start: int) -> Named | None:
    """在天津考察: the place right after 在 in the trigger's clause, when nothing else stands
    between it and the trigger."""
    at = text.rfind("在", start, trigger_start)
    if at < 0:
        return None
    inside = [p for p in places if at < p.start and p.end <= trigger_start]
    last = max(inside, key=lambda p: p.end, default=None)
    return last if last is not None and last.end == trigger_start else None


def _place(text: str, start: int, end: int, orgs: list[Named], places: list[Named]) -> Named | None:
    match = _PLACE.search(text, start, end)
    if not match:
        return None
    a, b = match.span("at") if match["at"] else match.span("to")
    inside = [
        m
        for m in orgs + places
        if a <= m.start and m.end <= b and not inside_quote(text, a, m.start, m.end)
    ]
    return max(inside, key=lambda m: m.end - m.start) if inside else None


_DATELINE = re.compile(r"[^，。]{0,20}?[0-9０-９一二三四五六七八九十]+日电")


def _after_dateline(text: str, sent_start: int, position: int) -> int:
    """Where the sentence's own words begin: after a dateline (本报北京2月3日电), whose
    date is when the news was filed, not when the activity happened."""
    match = _DATELINE.match(text, sent_start, position)
    return match.end() if match else sent_start


def _time_in(times: list[Time], start: int, end: int) -> int | None:
    inside = [i for i, (a, b, *_) in enumerate(times) if start <= a and b <= end]
    dated = [i for i in inside if times[i][2] == "date"]
    return (dated or inside or [None])[-1]
