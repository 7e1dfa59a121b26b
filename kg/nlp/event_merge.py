"""Events across an article's mentions: one event per activity, with all its evidence.

Mentions of the same type merge unless their organizers differ, their names do, or they
are dated to different days; a headline's event folds into the one body event of its
type; 由甲主办，乙协办 and 以“…”为主线 in a sentence about 本次活动 apply to the article's
main event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.nlp.clauses import Named

Time = tuple[int, int, str, str | None]  # start, end, kind, ISO value (kg.nlp.dates)

__all__ = ["EventDraft", "Time", "apply_article_roles", "fold_headline", "merge"]

_ROLE_RANK = {"主办": 0, "承办": 1, "协办": 2, "组织": 3, "开展": 4}
_ROLES = re.compile(
    r"由(?P<main>[^，。；]{2,40})(?P<role>主办|承办)(?:，(?P<co>[^，。；]{2,60})(?P<corole>协办|承办))?"
)
_THEME = re.compile(r"以“(?P<theme>[^“”]{2,40})”为(?:主线|主题|核心|抓手|引领|载体)")


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
    spoken_at: bool = False  # named as where someone spoke (在某工作会议上强调)
    time_index: int | None = None
    theme: str | None = None
    quoted: bool = False
    evidence: list[tuple[int, int]] = field(default_factory=list)  # sentence spans


def merge(drafts: list[EventDraft], times: list[Time]) -> list[EventDraft]:
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
        same.spoken_at = same.spoken_at or draft.spoken_at
        same.place = same.place or draft.place
        same.time_index = _finer(same.time_index, draft.time_index, times)
        same.quoted = same.quoted or draft.quoted
        same.evidence.extend(s for s in draft.evidence if s not in same.evidence)
    return merged


def _finer(kept: int | None, other: int | None, times: list[Time]) -> int | None:
    """The time of the first mention, unless a later one names the day (2019年春节团拜会 in a
    subtitle, 2月3日 in the body)."""
    if kept is None or (
        other is not None and times[kept][2] != "date" and times[other][2] == "date"
    ):
        return other if other is not None else kept
    return kept


def _different_days(a: EventDraft, b: EventDraft, times: list[Time]) -> bool:
    """Both are dated, to times that exclude each other (15日 and 20日, 2015年初 and
    2017年12月13日): two events. 2019年 and 2019年2月3日 may be one."""
    if a.time_index is None or b.time_index is None or not times:
        return False
    span_a, span_b = _span(times[a.time_index]), _span(times[b.time_index])
    if span_a is None or span_b is None:
        return False
    return span_a[1] < span_b[0] or span_b[1] < span_a[0]


def _span(time: Time) -> tuple[str, str] | None:
    """First and last day a time can mean, as comparable ISO strings (2018-08 → 2018-08-00 …
    2018-08-99), or None when it is not fixed on the calendar."""
    kind, value = time[2], time[3]
    if value is None or kind not in ("date", "month", "year", "range"):
        return None
    if "/" in value:
        first, last = value.split("/", 1)
        return first, last
    return value + "-00" * (2 - value.count("-")), value + "-99" * (2 - value.count("-"))


def fold_headline(events: list[EventDraft], headline: tuple[int, int]) -> list[EventDraft]:
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


def _same_event(a: EventDraft, b: EventDraft, times: list[Time]) -> bool:
    if a.type != b.type or _different_days(a, b, times):
        return False
    orgs_a, orgs_b = {o for o, _ in a.organizers}, {o for o, _ in b.organizers}
    if orgs_a and orgs_b and not orgs_a & orgs_b:
        return False
    return not (
        a.name and b.name and a.name not in b.name and b.name not in a.name and orgs_a != orgs_b
    )


def apply_article_roles(
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
