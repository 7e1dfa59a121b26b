"""Events across articles: one activity reported by two articles is one Event.

Extraction already gives a named or dated event told twice the same id (type, name, first
organizer, date). Two Event nodes of different articles are also one activity when they
have the same type, a common organizer, the same county (or none), date windows of a month
at most that overlap, and names that agree (one holds the other, or one is only a generated label).
A recurring activity (the same branch's 主题党日 in two months) stays two: its windows do
not overlap, and a group never holds two stated days (a 日前 window that covers two
meetings joins neither through the other).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import networkx as nx

from kg.resolve.merge import Groups, Merge


@dataclass(frozen=True)
class _Event:
    id: str
    type: str
    name: str
    named: bool
    county: str | None
    start: str
    end: str
    organizers: frozenset[str]
    articles: frozenset[str]


def event_merges(graph: nx.MultiDiGraph) -> list[Merge]:
    """Groups of Event nodes that are one activity."""
    blocks: dict[tuple[str, str], list[_Event]] = defaultdict(list)
    for node, data in sorted(graph.nodes(data=True)):
        if data.get("label") != "Event" or not data.get("date_start"):
            continue  # an undated activity is never matched across articles
        event = _read(graph, node, data)
        for organizer in sorted(event.organizers):
            blocks[(event.type, organizer)].append(event)
    pairs = []
    for (_, organizer), events in sorted(blocks.items()):
        for i, a in enumerate(events):
            for b in events[i + 1 :]:
                if _same(a, b):
                    # pairs of two stated days first, so that a window (日前) joins a day
                    # only where no other day has taken the group
                    windows = (a.start != a.end) + (b.start != b.end)
                    pairs.append((windows, a.id, b.id, graph.nodes[organizer].get("name", "")))
    days = {e.id: {e.start} if e.start == e.end else set() for es in blocks.values() for e in es}
    kinds = {e.id: e.type for es in blocks.values() for e in es}
    # two stated days: a recurring activity (two 常委会会议), not one
    groups = Groups(days, days, lambda a, b: len(a | b) <= 1)
    for _, a, b, name in sorted(pairs):
        groups.join(a, b, f"same activity: {kinds[a]} by {name}")
    return groups.merges()


def _read(graph: nx.MultiDiGraph, node: str, data: dict) -> _Event:
    organizers = frozenset(
        source for source, _, d in graph.in_edges(node, data=True) if d.get("type") == "ORGANIZED"
    )
    articles = frozenset(
        source for source, _, d in graph.in_edges(node, data=True) if d.get("type") == "MENTIONS"
    )
    return _Event(
        node,
        data.get("type", ""),
        data.get("name", ""),
        data.get("name_source") == "text",
        data.get("county"),
        data["date_start"],
        data.get("date_end") or "9999-12-31",
        organizers,
        articles,
    )


def _same(a: _Event, b: _Event) -> bool:
    return (
        not (a.articles & b.articles)  # within an article, extraction has merged already
        and _narrow(a)
        and _narrow(b)
        and a.county == b.county
        and a.start <= b.end
        and b.start <= a.end
        and (not (a.named and b.named) or a.name in b.name or b.name in a.name)
    )


_WIDEST_DAYS = 31  # 2019年, 去年: a window of a year says nothing about which occurrence


def _narrow(event: _Event) -> bool:
    if event.end == "9999-12-31":
        return False
    start, end = date.fromisoformat(event.start), date.fromisoformat(event.end)
    return (end - start).days <= _WIDEST_DAYS
