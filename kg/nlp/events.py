"""Events: an activity of a known type, who organised it, where, when, and on what theme.

A trigger word from rules/event_types.toml (主题党日活动, 研讨会, 展示活动 …)
names a concrete event when an action verb frames it in its clause (组织开展 …
活动; 举办 … 研讨会; … 展示活动在 … 举办) and it is not a tally (开展主题党日活动
24场; 主题党日等活动400余场次). The event's name is the phrase from the verb to
the trigger (“…”主题党日活动); its organizer the organization written right
before the verb, with the verb's role; 由甲主办，乙、丙协办 gives roles; 在某地举办
gives the place; a time expression in the clause gives the date; 以“…”为主线
gives the theme. Mentions of one event in an article (title, body, caption) are
merged, with all their evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.nlp.matchers import Matchers

# verb -> organizer role; longer verbs first
ACTIONS = {
    "组织开展": "组织",
    "组织": "组织",
    "开展": "开展",
    "举办": "主办",
    "举行": "主办",
    "召开": "主办",
    "主办": "主办",
    "承办": "承办",
    "协办": "协办",
    "开办": "主办",
    "启动": "开展",
    "进行": "开展",
}
_TALLY = re.compile(
    r"等|[0-9０-９一二三四五六七八九十百千万余多]+[场次期个项轮批]"
)  # used with match(text, pos)
_NOT_AFTER_TRIGGER = set("馆者厅室")  # 主题展|馆, 参观|者: the trigger is part of another word
GENERIC_TYPES = {"实践活动"}
_ROLE_RANK = {"主办": 0, "承办": 1, "协办": 2, "组织": 3, "开展": 4}
_QUOTED = re.compile(r"“[^“”]{1,40}”")
_ROLES = re.compile(
    r"由(?P<main>[^，。；]{2,40})(?P<role>主办|承办)(?:，(?P<co>[^，。；]{2,60})(?P<corole>协办|承办))?"
)
_THEME = re.compile(r"以“(?P<theme>[^“”]{2,40})”为(?:主线|主题|核心|抓手|引领|载体)")
# 在某地举办 / 参观某馆 / 走进某社区: where the event happened (an organization or place named there)
_PLACE = re.compile(
    r"(?:在(?P<at>[^，。；在]{2,30}?)(?:举办|举行|召开|开展)|(?:参观|走进|来到|前往|赴)(?P<to>[^，。；]{2,30}))"
)
_CLAUSE_END = "，。；！？\n"


@dataclass(frozen=True)
class Named:
    """A mention the event module can point to: its span and canonical name."""

    start: int
    end: int
    name: str


@dataclass
class EventDraft:
    type: str
    name: str | None
    trigger: tuple[int, int]
    sentence: tuple[int, int]
    organizers: list[tuple[str, str]] = field(default_factory=list)
    stated: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # organizer -> sentences
    place: Named | None = None
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
) -> list[EventDraft]:
    """Concrete events in an article, merged across their mentions."""
    drafts: list[EventDraft] = []
    for sent_start, sent_end in sentences:
        sentence = text[sent_start:sent_end]
        for hit in matchers.triggers.longest(sentence):
            start, end = sent_start + hit.start, sent_start + hit.end
            if (
                _is_tally(text, end)
                or _in_work_title(text, sent_start, start)
                or text[end : end + 1] in _NOT_AFTER_TRIGGER
            ):
                continue
            quoted = _quoted_name(text, sent_start, start, end)
            verb = _verb_before(text, sent_start, start) or _verb_after(text, end, sent_end)
            if verb is None and quoted is None:
                continue
            if verb is None:  # “新疆…主题成就展”: a named event the sentence only refers to
                drafts.append(
                    EventDraft(
                        hit.value,
                        quoted,
                        (start, end),
                        (sent_start, sent_end),
                        evidence=[(sent_start, sent_end)],
                        quoted=True,
                    )
                )
                continue
            verb_start, verb_end, role = verb
            name_start = verb_end if verb_end <= start else _clause_start(text, sent_start, start)
            name = _name(text, name_start, end, hit.word)
            kind = (
                _specific_type(hit.value, sentence, matchers)
                if hit.value in GENERIC_TYPES
                else hit.value
            )
            draft = EventDraft(
                kind,
                name,
                (start, end),
                (sent_start, sent_end),
                evidence=[(sent_start, sent_end)],
            )
            organizer = _organizer(
                text, orgs, sent_start, verb_start if verb_end <= start else start
            )
            if organizer is not None and text.startswith("组织", organizer.end):
                role = "组织"  # 某局组织党员干部…，开展…活动: the subject organised it
            if organizer is not None and role != "协办":
                draft.organizers.append((organizer.name, role))
                draft.stated[organizer.name] = [(sent_start, sent_end)]
            draft.place = _place(text, sent_start, sent_end, orgs, places)
            draft.time_index = _time_in(times, sent_start, end)
            draft.quoted = "“" in (name or "")
            drafts.append(draft)
    events = _merge(drafts)
    _apply_article_roles(text, sentences, events, orgs)
    return [e for e in events if e.organizers or e.quoted or _dated(e, times, text)]


def _dated(event: EventDraft, times: list[tuple[int, int, str]], text: str) -> bool:
    """A day is named for it (2025年9月12日, 17日): a concrete occurrence, not a routine."""
    return event.time_index is not None and times[event.time_index][2] == "date"


def _is_tally(text: str, end: int) -> bool:
    """开展主题党日活动24场 / 主题党日等活动400余场次 / “三会一课”等形式: a count or a kind, not one event."""
    return bool(_TALLY.match(text, end + (text[end : end + 1] in "”’")))


def _verb_before(text: str, sent_start: int, trigger_start: int) -> tuple[int, int, str] | None:
    clause_start = _clause_start(text, sent_start, trigger_start)
    found = [
        (at, at + len(verb), role)
        for verb, role in ACTIONS.items()
        if (at := text.rfind(verb, clause_start, trigger_start)) >= 0
    ]
    # the verb nearest the trigger; of two ending together, the longer (组织开展 over 开展)
    return max(found, key=lambda v: (v[1], v[1] - v[0]), default=None)


def _specific_type(generic: str, sentence: str, matchers: Matchers) -> str:
    """A 实践活动 carried out as a visit is a 参观: the type of what the sentence says was done."""
    for hit in matchers.triggers.longest(sentence):
        if hit.value not in GENERIC_TYPES:
            return hit.value
    return generic


def _quoted_name(text: str, sent_start: int, start: int, end: int) -> str | None:
    """The quoted name a trigger closes: “…成就展”."""
    if text[end : end + 1] != "”":
        return None
    opened = text.rfind("“", sent_start, start)
    return text[opened + 1 : end] if opened >= 0 and "”" not in text[opened:end] else None


def _specific_type(generic: str, sentence: str, matchers: Matchers) -> str:
    """A 实践活动 carried out as a visit is a 参观: the type of what the sentence says was done."""
    for hit in matchers.triggers.longest(sentence):
        if hit.value not in GENERIC_TYPES:
            return hit.value
    return generic


def _in_work_title(text: str, sent_start: int, position: int) -> bool:
    opened = text.rfind("《", sent_start, position)
    return opened >= 0 and text.find("》", opened, position) < 0


def _verb_after(text: str, trigger_end: int, sent_end: int) -> tuple[int, int, str] | None:
    """…展示活动在县第二中学举办 / …研讨会举办: the verb closes the clause."""
    rest = text[trigger_end:sent_end]
    clause = re.split(f"[{_CLAUSE_END}]", rest, maxsplit=1)[0]
    for verb in ("举办", "举行", "召开", "开幕", "落幕", "开讲"):
        if clause.endswith(verb) or clause.rstrip("。").endswith(verb):
            at = trigger_end + clause.rfind(verb)
            return at, at + len(verb), "主办"
    return None


def _clause_start(text: str, sent_start: int, position: int) -> int:
    cut = max((text.rfind(mark, sent_start, position) for mark in "，；：:"), default=-1)
    return cut + 1 if cut >= sent_start else sent_start


def _name(text: str, start: int, end: int, trigger: str) -> str | None:
    name = text[start:end].strip()
    name = name[
        name.rfind("等") + 1 :
    ]  # 文化互鉴、邻里互助等“…”联谊活动: what precedes 等 are examples
    for lead in ("近日", "日前", "此次", "本次", "一场", "一次"):
        name = name.removeprefix(lead)
    return None if name in ("", trigger) or len(name) > 60 else name


def _organizer(text: str, orgs: list[Named], sent_start: int, verb_start: int) -> Named | None:
    """Who acted: the organization right before the verb, unless it is where (甲在乙举办: 甲)."""
    before = _mention_ending_at(orgs, verb_start)
    venue = _PLACE.search(text, sent_start, verb_start + 2)
    if before is not None and venue and venue["at"] and venue.start("at") <= before.start:
        before = _mention_ending_at(orgs, venue.start()) or _mention_before(
            orgs, sent_start, venue.start()
        )
    return before or _mention_before(orgs, sent_start, verb_start)


def _mention_ending_at(mentions: list[Named], position: int) -> Named | None:
    return next((m for m in mentions if m.end == position), None)


def _mention_before(mentions: list[Named], start: int, position: int) -> Named | None:
    before = [m for m in mentions if start <= m.start and m.end <= position]
    return before[0] if before else None


def _place(text: str, start: int, end: int, orgs: list[Named], places: list[Named]) -> Named | None:
    match = _PLACE.search(text, start, end)
    if not match:
        return None
    a, b = match.span("at") if match["at"] else match.span("to")
    inside = [m for m in orgs + places if a <= m.start and m.end <= b]
    return max(inside, key=lambda m: m.end - m.start) if inside else None


def _time_in(times: list[tuple[int, int, str]], start: int, end: int) -> int | None:
    inside = [i for i, (a, b, _) in enumerate(times) if start <= a and b <= end]
    return inside[-1] if inside else None


def _merge(drafts: list[EventDraft]) -> list[EventDraft]:
    merged: list[EventDraft] = []
    for draft in drafts:
        same = next((e for e in merged if _same_event(e, draft)), None)
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
        same.place = same.place or draft.place
        same.time_index = same.time_index if same.time_index is not None else draft.time_index
        same.evidence.extend(s for s in draft.evidence if s not in same.evidence)
    return merged


def _same_event(a: EventDraft, b: EventDraft) -> bool:
    if a.type != b.type:
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
