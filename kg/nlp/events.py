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
all their evidence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

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
    r"[次场期轮个项届](?=[^，。；]{0,6}$)"
)
_ROLE_RANK = {"主办": 0, "承办": 1, "协办": 2, "组织": 3, "开展": 4}
_ROLES = re.compile(
    r"由(?P<main>[^，。；]{2,40})(?P<role>主办|承办)(?:，(?P<co>[^，。；]{2,60})(?P<corole>协办|承办))?"
)
_THEME = re.compile(r"以“(?P<theme>[^“”]{2,40})”为(?:主线|主题|核心|抓手|引领|载体)")
# 在某地举办 / 参观某馆 / 走进某社区 / 到某村调研: where the event happened
_PLACE = re.compile(
    r"(?:在(?P<at>[^，。；在]{2,30}?)(?:举办|举行|召开|开展|进行)"
    r"|(?:参观|走进|来到|前往|深入|赴|到)(?P<to>[^，。；]{2,30}))"
)
_CLAUSE_END = "，。；！？\n"
_VERB_TAGS = {"v", "vn"}
# what a name must not start with: a dateline, a particle, a count, a time word
_NAME_LEAD = re.compile(
    r"^(?:.*?[0-9０-９一二三四五六七八九十]日电\s*|.*?讯\s*)?"
    r"(?:了|的|以|在|为|和|并|又|再|首次|第一次|再次|一场|一次|一期|一个|一系列|系列|多场|各类|一批|近日|日前|此次|本次|这次)*"
)


@dataclass
class EventDraft:
    type: str
    name: str | None
    trigger: tuple[int, int]
    sentence: tuple[int, int]
    organizers: list[tuple[str, str]] = field(default_factory=list)
    stated: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # organizer -> sentences
    acting_places: set[str] = field(default_factory=set)  # organizers that are places (某县开展)
    place: Named | None = None
    led_by: str | None = None  # the person whose act it was (习近平到某村考察)
    session: bool = False  # a body's own numbered meeting (某常委会第十六次会议)
    time_index: int | None = None
    theme: str | None = None
    quoted: bool = False
    evidence: list[tuple[int, int]] = field(default_factory=list)  # sentence spans


def find_events(
    text: str,
    sentences: list[tuple[int, int]],
    orgs: list[Named],
    places: list[Named],
    times: list[tuple[int, int, str]],
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
            if i and hits[i - 1].end == hit.start:
                continue  # 考察|调研, 入党宣誓|仪式, 慰问|演出: one activity, typed by the first
            if (
                _is_tally(text, end)
                or _in_work_title(text, sent_start, start)
                or _part_of_word(text, end)
                or text[end : end + 1] in "、等"  # 政策宣讲、环境整治等: kinds listed
                or _inside_quote(text, sent_start, start, end)
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
    events = _merge(drafts, times)
    if sentences:
        events = _fold_headline(events, sentences[0])
    _apply_article_roles(text, sentences, events, orgs)
    return [e for e in events if _happened(e, times)]


def _happened(event: EventDraft, times: list[tuple[int, int, str]]) -> bool:
    """An organizer ran it, it has a quoted name, a day is given, or a person did it at a
    stated time or place (习近平2015年7月16日到光东村考察): one occurrence, not a routine."""
    if event.session:
        return event.time_index is not None  # 2月24日，某常委会第十六次会议表决通过…
    if event.organizers or event.quoted or _dated(event, times):
        return True
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
    quoted = _quoted_name(text, sent_start, start, end)
    verb = _verb_before(text, sent_start, start) or _verb_after(text, end, sent_end)
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
    if verb is None:
        if quoted is None:
            return None
        # “新疆…主题成就展”: a named event the sentence only refers to
        return EventDraft(
            hit.value, quoted, (start, end), sentence, [], evidence=[sentence], quoted=True
        )
    verb_start, verb_end, role = verb
    if verb_end <= start and _COUNTED.match(text, verb_end, start):
        return None  # 连续召开三次会议: a count of events, not one
    if sums_up(text, sent_start, start) or is_unreal(
        text, clause_start(text, sent_start, min(verb_start, start)), start, words
    ):
        return None  # 将举办, 每月开展, 要做好排查: a plan or a routine, not one occurrence
    name_start = clause_start(text, sent_start, start) if acting or verb_end > start else verb_end
    name = quoted if acting and quoted else _name(text, name_start, end, hit.word, words)
    if acting and name and not quoted:
        name = None  # 到某村调研: the verb is no name
    if name is None and hit.value in named_only:
        return None  # a bare 行动 or 整治 is a word, “三亮一争”行动 a campaign
    draft = EventDraft(hit.value, name, (start, end), sentence, evidence=[sentence])
    draft.quoted = "“" in (name or "")
    if role is None:  # 参加, 出席: who is named took part
        return draft
    if verb_start > start:  # …研讨会举办: the event is the subject; 由甲主办 names who
        return draft
    own_start = _after_dateline(text, sent_start, verb_start)
    subject = _relative_subject(text, actors, verb_end, start) or subject_before(
        text, actors, people, own_start, verb_start, words
    )
    if subject is not None and is_unreal(text, subject.end, start, words):
        return None  # 某总支常态化开展监督检查，…进行专项督导: a routine
    if subject is not None and subject.kind == "person":
        draft.led_by = subject.name
        subject = None
    elif subject is None and (session := _session(text, actors, sent_start, start)):
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


def _part_of_word(text: str, end: int) -> bool:
    """主题展|馆, 巡查|员, “三会一课”|制度: the trigger is part of another word."""
    after = end + (text[end : end + 1] in "”’")
    return text[after : after + 1] in _NOT_AFTER_TRIGGER


def _inside_quote(text: str, sent_start: int, start: int, end: int) -> bool:
    """“党课开讲啦”优秀案例展示活动: a trigger inside a quotation that goes on is part of a name."""
    opened = text.rfind("“", sent_start, start)
    return opened >= 0 and "”" not in text[opened:start] and text[end : end + 1] != "”"


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
    if text[start : start + 2] not in _SESSION_TYPES and text[start : start + 2] != "全会":
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


def _relative_subject(text: str, actors: list[Named], verb_end: int, start: int) -> Named | None:
    """某市20日召开的新闻发布会: in a relative clause before the trigger, the actor right
    before the verb (and a time) is the organizer, whatever governs the whole phrase."""
    if not text.startswith("的", verb_end) or verb_end >= start:
        return None
    verb_start = next(
        (verb_end - len(v) for v in ACTIONS if text.endswith(v, 0, verb_end)), verb_end
    )
    for actor in actors:
        gap = text[actor.end : verb_start]
        if actor.end <= verb_start and len(gap) <= 8 and _WHEN.fullmatch(gap):
            return actor
    return None


def _whole_words(words: Words, start: int, end: int) -> bool:
    """The trigger starts and ends on the tagger's word edges (检查|站 is no 检查)."""
    edges = words.edges()
    return not edges or (start in edges and end in edges)


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
    before = text[clause_start(text, sent_start, start) : start]
    return bool(before) and not before.endswith(("的", "和", "与", "及", "、"))


def _dated(event: EventDraft, times: list[tuple[int, int, str]]) -> bool:
    """A day is named for it (2025年9月12日, 17日): a concrete occurrence, not a routine."""
    return event.time_index is not None and times[event.time_index][2] == "date"


def _is_tally(text: str, end: int) -> bool:
    """开展主题党日活动24场 / 主题党日等活动400余场次 / “三会一课”等形式: a count or a kind, not one event."""
    return bool(_TALLY.match(text, end + (text[end : end + 1] in "”’")))


def _verb_before(
    text: str, sent_start: int, trigger_start: int
) -> tuple[int, int, str | None] | None:
    start = clause_start(text, sent_start, trigger_start)
    found = [
        (at, at + len(verb), role)
        for verb, role in (ACTIONS | PARTAKING).items()
        if (at := text.rfind(verb, start, trigger_start)) >= 0
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


def _quoted_name(text: str, sent_start: int, start: int, end: int) -> str | None:
    """The quoted name a trigger closes: “…成就展”."""
    if text[end : end + 1] != "”":
        return None
    opened = text.rfind("“", sent_start, start)
    return text[opened + 1 : end] if opened >= 0 and "”" not in text[opened:end] else None


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


def _name(text: str, start: int, end: int, trigger: str, words: Words | None = None) -> str | None:
    """The event's own name: the phrase from the verb to the trigger, without what leads it
    (a dateline, a particle, a count: 了一场, 的, 首次; a verb or preposition the tagger
    reads: 致电祝贺|某首脑会议), without examples before 等, and with the closing quote of a
    quoted name (“某峰会”)."""
    if text[end : end + 1] == "”" and text.count("“", start, end) > text.count("”", start, end):
        end += 1
    start = _after_clause_words(text, start, end - len(trigger), words)
    name = text[start:end].strip()
    name = name[name.rfind("等") + 1 :]  # 文化互鉴、邻里互助等“…”联谊活动: examples
    name = _NAME_LEAD.sub("", name, count=1)
    unquoted = re.sub(r"“[^“”]*”", "", name)
    if any(mark in unquoted for mark in "，、：:（(") or re.search(r"\s", name):
        return None
    return None if name in ("", trigger) or len(name) > 40 else name


_NAME_BREAKS = frozenset({"p", "r", "d", "vd", "ad"})
_NAMED_NEXT = frozenset({"ORG", "LOC", "PER"})


def _after_clause_words(text: str, start: int, stop: int, words: Words | None) -> int:
    """After the last preposition, pronoun or adverb the tagger reads in [start, stop),
    outside quotes, or a verb whose object is a name (致电祝贺|某联盟…会议): where a name
    can begin. Verbs inside a name (融媒体, 引领“…”) stay."""
    if words is None:
        return start
    cut = start
    i = max(bisect_right(words.starts, start) - 1, 0)
    spans = words.spans
    for j in range(i, len(spans)):
        a, b, tag = spans[j]
        if a >= stop:
            break
        if a < start or text.count("“", start, a) != text.count("”", start, a):
            continue
        following = spans[j + 1][2] if j + 1 < len(spans) else None
        if tag in _NAME_BREAKS or (tag == "v" and following in _NAMED_NEXT):
            cut = b
    return cut


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
        if a <= m.start and m.end <= b and not _inside_quote(text, a, m.start, m.end)
    ]
    return max(inside, key=lambda m: m.end - m.start) if inside else None


_DATELINE = re.compile(r"[^，。]{0,20}?[0-9０-９一二三四五六七八九十]+日电")


def _after_dateline(text: str, sent_start: int, position: int) -> int:
    """Where the sentence's own words begin: after a dateline (本报北京2月3日电), whose
    date is when the news was filed, not when the activity happened."""
    match = _DATELINE.match(text, sent_start, position)
    return match.end() if match else sent_start


def _time_in(times: list[tuple[int, int, str]], start: int, end: int) -> int | None:
    inside = [i for i, (a, b, *_) in enumerate(times) if start <= a and b <= end]
    dated = [i for i in inside if times[i][2] == "date"]
    return (dated or inside or [None])[-1]


def _merge(drafts: list[EventDraft], times: list[tuple[int, int, str]]) -> list[EventDraft]:
    merged: list[EventDraft] = []
    for draft in drafts:
        same = next((e for e in merged if _same_event(e, draft, times)), None)
        if same is None:
            merged.append(draft)
            continue
        if draft.name and (same.name is None or len(draft.name) > len(same.name)):
            same.name = draft.name
        for name, spans in draft.stated.items():
            same.stated.setdefault(name, []).extend(
                s for s in spans if s not in same.stated.get(name, [])
            )
        for name, role in draft.organizers:
            known = dict(same.organizers)
            if name not in known:
                same.organizers.append((name, role))
            elif _ROLE_RANK.get(role, 9) < _ROLE_RANK.get(known[name], 9):  # 组织 over 开展
                same.organizers = [(n, role if n == name else r) for n, r in same.organizers]
        same.acting_places |= draft.acting_places
        same.led_by = same.led_by or draft.led_by
        same.session = same.session and draft.session
        same.place = same.place or draft.place
        same.time_index = same.time_index if same.time_index is not None else draft.time_index
        same.quoted = same.quoted or draft.quoted
        same.evidence.extend(s for s in draft.evidence if s not in same.evidence)
    return merged


def _different_days(a: EventDraft, b: EventDraft, times: list[tuple[int, int, str]]) -> bool:
    """Both are dated, to different days (15日 and 20日): two events. ``times`` items are
    (start, end, kind[, ISO value])."""
    if a.time_index is None or b.time_index is None or not times:
        return False
    day_a, day_b = times[a.time_index], times[b.time_index]
    values = (day_a[3] if len(day_a) > 3 else None, day_b[3] if len(day_b) > 3 else None)
    return day_a[2] == day_b[2] == "date" and None not in values and values[0] != values[1]


def _fold_headline(events: list[EventDraft], headline: tuple[int, int]) -> list[EventDraft]:
    """内蒙古：开展远程教师培训 over a story of one 培训: the headline's event is the body's
    (its name and organizer as the body states them, the headline as more evidence)."""
    out = []
    for event in events:
        body = [
            e
            for e in events
            if e is not event and e.type == event.type and headline not in e.evidence
        ]
        if event.evidence == [headline] and len(body) == 1 and not event.quoted:
            body[0].evidence.insert(0, headline)
            continue
        out.append(event)
    return out


def _same_event(a: EventDraft, b: EventDraft, times: list[tuple[int, int, str]] = ()) -> bool:
    if a.type != b.type or _different_days(a, b, times):
        return False
    orgs_a, orgs_b = {o for o, _ in a.organizers}, {o for o, _ in b.organizers}
    if orgs_a and orgs_b and not orgs_a & orgs_b:
        return False
    return not (
        a.name and b.name and a.name not in b.name and b.name not in a.name and orgs_a != orgs_b
    )


def _apply_article_roles(
    text: str, sentences: list[tuple[int, int]], events: list[EventDraft], orgs: list[Named]
) -> None:
    """由甲主办，乙、丙协办 and 以“…”为主线 in a sentence about 本次活动 apply to the article's main event."""
    if not events:
        return
    main = events[0]
    for start, end in sentences:
        sentence = text[start:end]
        roles = _ROLES.search(sentence)
        if roles and any(w in sentence for w in ("本次活动", "此次活动", "活动由", "会议由")):
            for group, role_group in (("main", "role"), ("co", "corole")):
                if roles[group] is None:
                    continue
                a, b = start + roles.start(group), start + roles.end(group)
                for org in (m for m in orgs if a <= m.start and m.end <= b):
                    main.organizers = [o for o in main.organizers if o[0] != org.name]
                    main.organizers.append((org.name, roles[role_group]))
                    main.stated[org.name] = [(start, end)]  # the sentence that gives the role
                if (start, end) not in main.evidence:
                    main.evidence.append((start, end))
        theme = _THEME.search(sentence)
        if (
            theme
            and main.theme is None
            and ("活动" in sentence[: theme.start() + 4] or main.sentence == (start, end))
        ):
            main.theme = theme["theme"]
