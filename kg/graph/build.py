"""Extractions to one graph (networkx MultiDiGraph): stable ids, merged facts, all evidence.

Node ids:
- Article: its content id (``art-…``).
- Place: ``place-<NBS code>`` where the gazetteer knows it; a venue or an unresolved
  name: ``place-`` + hash of its name. Ancestors up to the province are added from the
  gazetteer so that county roll-ups are paths (``PART_OF*``).
- Organization: ``org-`` + hash of the canonical name.
- Event: ``evt-`` + hash of type, name, first organizer (or the person who led it) and
  date; an event with neither name nor date also hashes its article.
- Person: ``per-`` + hash of the name *and a scope*, so that two people of the same name
  are not merged without evidence: the organization of their first post (a person who
  holds a post somewhere is that organization's person); else, for bylines and photo
  credits, the newspaper (a paper's reporter of that name); else the article.

Edges are keyed by type and properties (``ORGANIZED {role: 主办}``), so adding the same
fact again only adds evidence; evidence is deduplicated by (article, span, rule).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable

import networkx as nx

from kg.extract import ArticleExtraction
from kg.gazetteer.places import Gazetteer
from kg.graph.schema import SCHEMA_VERSION, check_label, check_type


def new_graph() -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    graph.graph.update(schema=SCHEMA_VERSION)
    return graph


def add_extractions(
    graph: nx.MultiDiGraph, extractions: Iterable[ArticleExtraction]
) -> nx.MultiDiGraph:
    """Merge extractions into ``graph`` (in place) and return it."""
    gazetteer = Gazetteer.load()
    for extraction in extractions:
        _Adder(graph, extraction, gazetteer).run()
    sort_evidence(graph)
    return graph


def sort_evidence(graph: nx.MultiDiGraph) -> None:
    """Order every edge's evidence by (article, span, rule), so a graph is the same whatever
    order its articles were added in, in one build or over several ``--append`` runs."""
    for *_, data in graph.edges(keys=True, data=True):
        if len(data.get("articles", ())) < 2:
            continue
        rows = sorted(
            zip(data["articles"], data["spans"], data["rules"], data["sentences"], strict=True),
            key=lambda row: (row[0], _span_key(row[1]), row[2]),
        )
        for i, field in enumerate(("articles", "spans", "rules", "sentences")):
            data[field] = [row[i] for row in rows]


def _span_key(span: str) -> tuple[int, int]:
    start, _, end = span.partition(":")
    return int(start), int(end)


def merge_value(current: object, new: object) -> object:
    """Two articles' values of one property: lists are united, other values keep the least
    (an order of their JSON), so the result does not depend on which article came first."""
    if isinstance(current, list) or isinstance(new, list):
        return sorted(set(current or ()) | set(new or ()))
    if current is None:
        return new
    return min(current, new, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))


def node_id(label: str, key: str) -> str:
    prefix = {
        "Organization": "org",
        "Place": "place",
        "Person": "per",
        "Event": "evt",
        "Article": "art",
    }[label]
    return f"{prefix}-" + hashlib.sha256(f"{label}|{key}".encode()).hexdigest()[:16]


class _Adder:
    def __init__(self, graph: nx.MultiDiGraph, extraction: ArticleExtraction, gazetteer: Gazetteer):
        self.graph, self.x, self.gazetteer = graph, extraction, gazetteer
        self.article = extraction.article
        self.ids: dict[tuple[str, str], str] = {("Article", self.article.id): self.article.id}

    def run(self) -> None:
        a = self.article
        self.node(
            "Article",
            a.id,
            title=a.title,
            newspaper=a.newspaper,
            date=a.date,
            page=a.page,
            column=a.column,
            file=a.file,
        )
        people = self._person_scopes()
        mentions: Counter[str] = Counter()
        for (kind, name), entity in self.x.entities.items():
            if kind == "Person":
                nid = node_id("Person", f"{name}|{people.get(name, a.id)}")
                self.node("Person", nid, name=name)
            elif kind == "Place":
                code = entity.props.get("code")
                nid = f"place-{code}" if code else node_id("Place", name)
                self.node("Place", nid, name=name, level=entity.props.get("level"), code=code)
                if code:
                    self._ancestors(code, nid)
            elif kind == "Organization":
                nid = node_id("Organization", name)
                aliases = sorted(set(entity.props.get("aliases", [])))
                self.node(
                    "Organization", nid, name=name, kind=entity.props.get("kind"), aliases=aliases
                )
            else:  # named events: the Event node comes from x.events
                continue
            self.ids[(kind, name)] = nid
            mentions[nid] += len(entity.mentions)
        for event in self.x.events:
            nid = event.id
            self.node(
                "Event",
                nid,
                name=event.label,
                name_source="text" if event.name else "generated",
                type=event.type,
                family=event.family,
                date=event.date,
                date_text=event.date_text,
                date_start=event.date_start,
                date_end=event.date_end,
                county=event.county,
                theme=event.theme,
            )
            self.ids[("Event", event.name or event.id)] = nid
            mentions[nid] += len(event.evidence)
        for relation in self.x.relations:
            source, target = self.ids.get(relation.source), self.ids.get(relation.target)
            if relation.type == "PART_OF" or source is None or target is None:
                continue  # PART_OF comes from the gazetteer (_ancestors), with this evidence below
            self.edge(relation.type, source, target, dict(relation.props), relation.evidence)
        for relation in (r for r in self.x.relations if r.type == "PART_OF"):
            self._part_of_evidence(relation)
        for nid, count in sorted(mentions.items()):
            self.edge("MENTIONS", a.id, nid, {}, (), count=count)

    def _person_scopes(self) -> dict[str, str]:
        scopes: dict[str, str] = {}
        for relation in sorted(self.x.relations, key=lambda r: (r.type, r.target)):
            name = relation.source[1]
            if relation.type == "HOLDS_POSITION" and name not in scopes:
                scopes[name] = "org:" + relation.target[1]
        for relation in self.x.relations:
            if relation.type in ("WROTE", "PHOTOGRAPHED") and relation.source[1] not in scopes:
                scopes[relation.source[1]] = "paper:" + (self.article.newspaper or "")
        return scopes

    def _ancestors(self, code: str, nid: str) -> None:
        child = nid
        for parent in self.gazetteer.ancestors(code):
            pid = f"place-{parent.code}"
            self.node("Place", pid, name=parent.name, level=parent.level, code=parent.code)
            self.edge("PART_OF", child, pid, {}, ())
            self.ids.setdefault(("Place", parent.name), pid)
            child = pid

    def _part_of_evidence(self, relation) -> None:
        source, target = self.ids.get(relation.source), self.ids.get(relation.target)
        if source and target and self.graph.has_edge(source, target, key="PART_OF"):
            self.edge("PART_OF", source, target, {}, relation.evidence)

    def node(self, label: str, nid: str, **props) -> None:
        check_label(label)
        current = self.graph.nodes.get(nid)
        # "" is no value (an article segmented without a title line has title ""): the
        # property is left out, as None is, so no store holds an empty string
        clean = {k: v for k, v in props.items() if v is not None and v != ""}
        if current is None:
            self.graph.add_node(nid, label=label, id=nid, **clean)
        else:
            for key, value in clean.items():
                current[key] = merge_value(current.get(key), value)

    def edge(
        self, kind: str, source: str, target: str, props: dict, evidence, count: int | None = None
    ) -> None:
        check_type(kind)
        key = (
            kind if not props else f"{kind}|{json.dumps(props, ensure_ascii=False, sort_keys=True)}"
        )
        if not self.graph.has_edge(source, target, key=key):
            self.graph.add_edge(
                source,
                target,
                key=key,
                type=kind,
                **props,
                articles=[],
                sentences=[],
                spans=[],
                rules=[],
            )
        data = self.graph.edges[source, target, key]
        if count is not None:
            data["count"] = count
        seen = set(zip(data["articles"], data["spans"], data["rules"], strict=True))
        for item in evidence:
            marker = (item.article, f"{item.start}:{item.end}", item.rule)
            if marker not in seen:
                seen.add(marker)
                data["articles"].append(item.article)
                data["sentences"].append(item.sentence)
                data["spans"].append(marker[1])
                data["rules"].append(item.rule)
