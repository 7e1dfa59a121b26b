"""The graph model researchers query: labels, relationship types and their properties.

This module is the only place labels and relationship types are named; data never
becomes a label or a type. Sinks (RDF, LadybugDB, Neo4j, CSV) generate their
schemas from it, and queries take labels and types from its whitelist.
"""

from __future__ import annotations

from dataclasses import dataclass

SCHEMA_VERSION = "kg-graph-3"  # 3: cross-article resolution (merged_ids, merged_because)
# 2: Event date window and label, HELD_IN basis, places organise


@dataclass(frozen=True)
class Property:
    name: str
    type: str  # "string" | "int" | "date" | "string[]"
    doc: str = ""


@dataclass(frozen=True)
class NodeType:
    label: str
    properties: tuple[Property, ...]
    doc: str


@dataclass(frozen=True)
class RelType:
    type: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    properties: tuple[Property, ...]
    doc: str
    evidence: bool = True  # carries articles, sentences, spans, rules


_ID = Property("id", "string", "stable id")
# cross-article resolution (kg.resolve): what a node absorbed, and why
_RESOLVED = (
    Property("merged_ids", "string[]", "ids of the nodes folded into this one (old ids)"),
    Property("merged_because", "string[]", "why: the shared post, byline, short form …"),
)
# Evidence of a fact relationship: parallel lists, one entry per statement of the fact.
EVIDENCE = (
    Property("articles", "string[]", "article ids"),
    Property("sentences", "string[]", "the sentences that state the fact"),
    Property("spans", "string[]", "'start:end' character spans in each article's text"),
    Property("rules", "string[]", "rule ids that produced each statement"),
)

NODES: dict[str, NodeType] = {
    n.label: n
    for n in (
        NodeType(
            "Article",
            (
                _ID,
                Property("title", "string"),
                Property("newspaper", "string"),
                Property("date", "date"),
                Property("page", "string"),
                Property("column", "string"),
                Property("file", "string"),
            ),
            "a news article",
        ),
        NodeType(
            "Organization",
            (
                _ID,
                Property("name", "string"),
                Property("kind", "string"),
                Property("aliases", "string[]"),
                *_RESOLVED,
            ),
            "an organization: 党支部, 组织部, 局, 学校 …",
        ),
        NodeType(
            "Place",
            (
                _ID,
                Property("name", "string"),
                Property("level", "string"),
                Property("code", "string"),
            ),
            "an administrative unit (NBS code) or a venue",
        ),
        NodeType("Person", (_ID, Property("name", "string"), *_RESOLVED), "a person"),
        NodeType(
            "Event",
            (
                _ID,
                Property("name", "string", "its name, or a generated label (name_source)"),
                Property(
                    "name_source",
                    "string",
                    "'text', or 'generated' for a label (type · organizer · date)",
                ),
                Property("type", "string", "a type of rules/event_types.toml"),
                Property("family", "string", "the type's broader concept (组织生活, 调研督查 …)"),
                Property("date", "date", "the day, when the text gives one"),
                Property("date_text", "string", "the time expression as written"),
                Property("date_start", "date", "earliest day it can be (近日: 14 days back)"),
                Property("date_end", "date", "latest day it can be"),
                Property("county", "string", "convenience copy; query HELD_IN/PART_OF"),
                Property("theme", "string"),
                Property("aliases", "string[]", "other articles' names for it"),
                *_RESOLVED,
            ),
            "an activity: 主题党日, 研讨会, 调研, 巡河 …",
        ),
    )
}

RELATIONSHIPS: dict[str, RelType] = {
    r.type: r
    for r in (
        RelType(
            "ORGANIZED",
            ("Organization", "Place"),
            ("Event",),
            (Property("role", "string"),),
            "主办/承办/协办/组织/开展; from a Place when a county or village acts itself",
        ),
        RelType(
            "HELD_IN",
            ("Event",),
            ("Place",),
            (Property("basis", "string"),),
            "its most specific place; basis 'text' (stated), 'venue', 'organizer', 'leader' or "
            "'headline' (inferred)",
        ),
        RelType("PARTICIPATED_IN", ("Person", "Organization"), ("Event",), (), "took part"),
        RelType("PART_OF", ("Place",), ("Place",), (), "administrative hierarchy (NBS codes)"),
        RelType(
            "LOCATED_IN", ("Organization",), ("Place",), (), "from the name's place or the text"
        ),
        RelType(
            "SUB_ORGANIZATION_OF",
            ("Organization",),
            ("Organization",),
            (),
            "a branch or department of",
        ),
        RelType(
            "HOLDS_POSITION",
            ("Person",),
            ("Organization", "Place"),
            (Property("title", "string"),),
            "副部长, 书记, 讲师, 党员 …; at a Place for its own head (村第一书记, 市长)",
        ),
        RelType(
            "WROTE", ("Person",), ("Article",), (Property("role", "string"),), "记者, 通讯员, 作者"
        ),
        RelType("PHOTOGRAPHED", ("Person",), ("Article",), (), "took a photo printed with it"),
        RelType(
            "MENTIONS",
            ("Article",),
            ("Organization", "Place", "Person", "Event"),
            (Property("count", "int"),),
            "every entity an article names",
            evidence=False,
        ),
    )
}


def check_label(label: str) -> str:
    """Return ``label`` if it is in the schema; raise ValueError otherwise."""
    if label not in NODES:
        raise ValueError(f"unknown node label {label!r}; the schema has {sorted(NODES)}")
    return label


def check_type(kind: str) -> str:
    """Return ``kind`` if it is a relationship type of the schema; raise ValueError otherwise."""
    if kind not in RELATIONSHIPS:
        raise ValueError(
            f"unknown relationship type {kind!r}; the schema has {sorted(RELATIONSHIPS)}"
        )
    return kind


def edge_properties(kind: str) -> tuple[Property, ...]:
    """All properties of a relationship type, evidence included."""
    rel = RELATIONSHIPS[check_type(kind)]
    return rel.properties + (EVIDENCE if rel.evidence else ())
