"""Events across articles: one activity reported by two articles is one Event.

Extraction already gives a named or dated event told twice the same id (type, name, first
organizer, date). Two Event nodes of different articles are also one activity when they
have the same type, a common organizer, the same county (or none), date windows that
overlap, and names that agree (one holds the other, or one is only a generated label).
A recurring activity (the same branch's 主题党日 in two months) stays two: its windows do
not overlap.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import networkx as nx

from kg.resolve.merge import Merge, combine, group


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
    merges = []
    for (_, organizer), events in sorted(blocks.items()):
        for i, a in enumerate(events):
            for b in events[i + 1 :]:
                if _same(a, b):
                    name = graph.nodes[organizer].get("name", organizer)
                    merges.append(group({a.id, b.id}, {f"same activity: {a.type} by {name}"}))
    return combine(merges)


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
        and a.county == b.county
        and a.start <= b.end
        and b.start <= a.end
        and (not (a.named and b.named) or a.name in b.name or b.name in a.name)
    )
