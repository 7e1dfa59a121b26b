"""Merging nodes of one graph: what a resolution decided, applied.

A :class:`Merge` names the node that stays (the least id of the group, so the id does not
depend on the order articles came in) and the nodes folded into it. Their edges move to
the node that stays, their evidence is united, and the node records the ids it absorbed
(``merged_ids``: saved queries and a loaded Neo4j can follow an old id) and why
(``merged_because``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import networkx as nx

from kg.graph.build import merge_value, sort_evidence

_EVIDENCE = ("articles", "spans", "rules", "sentences")


@dataclass
class Merge:
    """Nodes that are one thing: ``keep`` stays, ``members`` are folded into it."""

    keep: str
    members: list[str]
    because: list[str] = field(default_factory=list)
    name: str | None = None  # the name the node takes, when not the kept node's own


def group(ids: set[str], because: set[str]) -> Merge:
    """The merge of a group of node ids: the least id stays."""
    keep, *members = sorted(ids)
    return Merge(keep, members, sorted(because))


class Groups:
    """Union-find over node ids that keeps each group's reasons and refuses a join whose
    groups' ``tags`` do not ``fit`` (two counties' posts, two stated days). The least id
    of a group is its root, so the groups do not depend on the order of the joins' ids."""

    def __init__(
        self,
        ids: Iterable[str],
        tags: dict[str, set[str]] | None = None,
        fit: Callable[[set[str], set[str]], bool] = lambda a, b: True,
    ):
        self.parent = {i: i for i in ids}
        self.tags = {i: set((tags or {}).get(i, ())) for i in self.parent}
        self.fit = fit
        self.because: dict[str, set[str]] = defaultdict(set)

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a: str, b: str, reason: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            self.because[ra].add(reason)
            return True
        if not self.fit(self.tags.get(ra, set()), self.tags.get(rb, set())):
            return False
        keep, gone = min(ra, rb), max(ra, rb)
        self.parent[gone] = keep
        self.tags[keep] = self.tags.get(keep, set()) | self.tags.pop(gone, set())
        self.because[keep] |= self.because.pop(gone, set()) | {reason}
        return True

    def merges(self, default: str = "") -> list[Merge]:
        """One Merge per group of two or more ids."""
        members: dict[str, set[str]] = defaultdict(set)
        for x in list(self.parent):
            members[self.find(x)].add(x)
        return [
            group(ids, self.because[root] or ({default} if default else set()))
            for root, ids in sorted(members.items())
            if len(ids) > 1
        ]


def combine(merges: list[Merge]) -> list[Merge]:
    """Merges that share a node become one (two short forms of one official name)."""
    groups = Groups(i for m in merges for i in (m.keep, *m.members))
    for merge in merges:
        for member in merge.members:
            groups.join(merge.keep, member, "")
    parts: dict[str, list[Merge]] = defaultdict(list)
    for merge in merges:
        parts[groups.find(merge.keep)].append(merge)
    out = []
    for _, same in sorted(parts.items()):
        ids = {i for m in same for i in (m.keep, *m.members)}
        combined = group(ids, {b for m in same for b in m.because})
        combined.name = max((m.name for m in same if m.name), key=len, default=None)
        out.append(combined)
    return out


def apply_merges(graph: nx.MultiDiGraph, merges: list[Merge]) -> None:
    """Fold each merge's members into its kept node, in place."""
    for merge in merges:
        keep = graph.nodes[merge.keep]
        absorbed = set(keep.get("merged_ids", ()))
        for member in merge.members:
            data = graph.nodes[member]
            for key, value in data.items():
                if key in ("id", "merged_ids"):
                    continue
                if key == "name" and value != keep.get("name"):
                    keep["aliases"] = merge_value(keep.get("aliases"), [value])
                    continue
                keep[key] = merge_value(keep.get(key), value) if key in keep else value
            absorbed |= {member, *data.get("merged_ids", ())}
            _move_edges(graph, member, merge.keep)
            graph.remove_node(member)
        if merge.name and merge.name != keep.get("name"):
            keep["aliases"] = merge_value(keep.get("aliases"), [keep["name"]])
            keep["name"] = merge.name
        keep["merged_ids"] = sorted(absorbed)
        keep["merged_because"] = merge_value(keep.get("merged_because"), merge.because)
        if keep.get("aliases") is not None and keep.get("name") in keep["aliases"]:
            keep["aliases"] = [a for a in keep["aliases"] if a != keep["name"]]
    sort_evidence(graph)


def _move_edges(graph: nx.MultiDiGraph, old: str, new: str) -> None:
    edges = [(u, v, k, d) for u, v, k, d in graph.out_edges(old, keys=True, data=True)]
    edges += [(u, v, k, d) for u, v, k, d in graph.in_edges(old, keys=True, data=True)]
    for u, v, key, data in edges:
        u, v = (new if u == old else u), (new if v == old else v)
        if u == v:
            continue  # a person's post at itself cannot arise; a self-loop is dropped
        if not graph.has_edge(u, v, key=key):
            graph.add_edge(u, v, key=key, **data)
            continue
        current = graph.edges[u, v, key]
        seen = set(zip(*(current.get(f, ()) for f in _EVIDENCE[:3]), strict=True))
        for row in zip(*(data.get(f, ()) for f in _EVIDENCE), strict=True):
            if row[:3] not in seen:
                for f, value in zip(_EVIDENCE, row, strict=True):
                    current[f].append(value)
        if "count" in data:
            current["count"] = current.get("count", 0) + data["count"]
