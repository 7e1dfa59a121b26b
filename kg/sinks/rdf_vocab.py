"""How the graph model maps to RDF: namespaces, tables, IRIs, and the graph as quads.

One table per part of the model (node labels, node properties, relationship types), read
by :class:`GraphMapper` (behind :func:`kg.sinks.rdf.graph_to_rdf`), matched by
``shapes.ttl`` (written against the same terms) and by :mod:`kg.query.sparql`.
docs/RDF.md prints the same mapping for people; a test checks that every property of
the graph model (kg/graph/schema.py) has a row here.

Two kinds of IRI:

- **Vocabulary** (``kg:`` terms, concept schemes and their concepts): fixed under
  ``https://kg.example.org/ns#`` and ``https://kg.example.org/concept/``, the same in
  every deployment, since shapes, the SPARQL catalog and partners' saved queries name them.
- **Data** (nodes, facts, evidence, named graphs): under a configurable base,
  :data:`DEFAULT_BASE` unless ``base=`` is given. They are minted only from the graph's
  stable ids (``org-…``, ``place-652324``, ``art-…``) or from hashes; text (names,
  titles, sentences) only ever becomes a literal.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import quote

import networkx as nx
import pyoxigraph as ox

from kg.errors import KGError

KG = "https://kg.example.org/ns#"
CONCEPT = "https://kg.example.org/concept/"
DEFAULT_BASE = "https://kg.example.org/id/"

ORG = "http://www.w3.org/ns/org#"
SCHEMA = "https://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"

PREFIXES = {
    "kg": KG,
    "kgc": CONCEPT,
    "org": ORG,
    "schema": SCHEMA,
    "prov": PROV,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
}

LANG = "zh"


class RDFError(KGError):
    """The graph cannot be written as RDF, or the RDF does not conform to kg's shapes."""


# --- concept schemes -------------------------------------------------------------------


@dataclass(frozen=True)
class Scheme:
    key: str  # IRI segment under CONCEPT
    label_zh: str
    label_en: str
    extra_class: str | None = None  # e.g. org:Role for titles

    @property
    def iri(self) -> str:
        return CONCEPT + self.key


EVENT_TYPES = Scheme("event-type", "活动类型", "Event types")
ORG_KINDS = Scheme("organization-kind", "组织类别", "Organization kinds")
TITLES = Scheme("title", "职务", "Titles (posts and roles held in an organization)", ORG + "Role")
SCHEMES = (EVENT_TYPES, ORG_KINDS, TITLES)


def concept_iri(scheme: Scheme, label: str) -> str:
    """IRI of the concept ``label`` in ``scheme``: a hash of the label, never the label.

    Example:
        >>> concept_iri(EVENT_TYPES, "主题党日")
        'https://kg.example.org/concept/event-type-4f8f39de8487a69f'
    """
    digest = hashlib.sha256(label.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"{scheme.iri}-{digest}"


# --- data IRIs ---------------------------------------------------------------------------

_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\Z")


def check_base(base: str) -> str:
    """Return ``base`` if it is an absolute http(s) IRI ending in ``/`` or ``#``."""
    if not re.match(r"https?://[^\s<>\"{}|\\^`]+[/#]\Z", base):
        raise RDFError(
            f"RDF base IRI {base!r} is not usable: expected an absolute http(s) IRI "
            f"without spaces that ends in '/' or '#', such as {DEFAULT_BASE!r}"
        )
    return base


def id_segment(node_id: str) -> str:
    """The IRI segment for a graph id: the id itself when it is a plain ASCII token
    (every id kg makes is), else its percent-encoding, so that no id can break an IRI.

    Example:
        >>> id_segment("place-652324"), id_segment("a b/<c>")
        ('place-652324', 'a%20b%2F%3Cc%3E')
    """
    if _SAFE_ID.match(node_id):
        return node_id
    return quote(node_id.encode("utf-8", "surrogatepass"), safe="")


def short_hash(*parts: str) -> str:
    text = "\x1f".join(parts)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


# --- node labels and properties ------------------------------------------------------------

NODE_CLASSES: dict[str, tuple[str, ...]] = {
    "Article": (SCHEMA + "NewsArticle",),
    "Organization": (ORG + "Organization", SCHEMA + "Organization"),
    "Place": (SCHEMA + "Place",),
    "Person": (SCHEMA + "Person",),
    "Event": (SCHEMA + "Event",),
}
# Places at these levels are also schema:AdministrativeArea (a venue is not).
ADMIN_LEVELS = ("province", "prefecture", "county", "township", "village")


@dataclass(frozen=True)
class Term:
    """How one property becomes triples: ``predicates`` and a value kind.

    Kinds: ``zh`` (literal tagged @zh), ``string`` (xsd:string), ``date`` (xsd:date),
    ``int`` (xsd:integer), ``zh[]`` / ``string[]`` (one literal per list item),
    ``concept`` (a SKOS concept of ``scheme``).
    """

    predicates: tuple[str, ...]
    kind: str
    scheme: Scheme | None = None


IDENTIFIER = DCTERMS + "identifier"  # every node: its graph id as a plain literal
# cross-article resolution (kg.resolve): the ids a node absorbed, and why
RESOLVED = {
    "merged_ids": Term((KG + "mergedId",), "string[]"),
    "merged_because": Term((KG + "mergedBecause",), "string[]"),
}

NODE_PROPERTIES: dict[str, dict[str, Term]] = {
    "Article": {
        "title": Term((SCHEMA + "headline",), "zh"),
        "newspaper": Term((KG + "newspaper",), "zh"),
        "date": Term((SCHEMA + "datePublished",), "date"),
        "page": Term((SCHEMA + "pagination",), "string"),
        "column": Term((SCHEMA + "articleSection",), "zh"),
        "file": Term((KG + "sourceFile",), "string"),
    },
    "Organization": {
        "name": Term((SKOS + "prefLabel", SCHEMA + "name"), "zh"),
        "kind": Term((ORG + "classification",), "concept", ORG_KINDS),
        "aliases": Term((SKOS + "altLabel",), "zh[]"),
        **RESOLVED,
    },
    "Place": {
        "name": Term((SCHEMA + "name",), "zh"),
        "level": Term((KG + "level",), "string"),
        "code": Term((KG + "adminCode",), "string"),
    },
    "Person": {"name": Term((SCHEMA + "name",), "zh"), **RESOLVED},
    "Event": {
        "name": Term((SCHEMA + "name",), "zh"),
        "type": Term((DCTERMS + "type",), "concept", EVENT_TYPES),
        "date": Term((SCHEMA + "startDate",), "date"),
        "name_source": Term((KG + "nameSource",), "string"),
        "family": Term((KG + "typeFamily",), "concept", EVENT_TYPES),
        "date_text": Term((KG + "dateText",), "zh"),
        "date_start": Term((KG + "earliestDate",), "date"),
        "date_end": Term((KG + "latestDate",), "date"),
        "county": Term((KG + "county",), "zh"),
        "theme": Term((KG + "theme",), "zh"),
        "aliases": Term((SKOS + "altLabel",), "zh[]"),
        **RESOLVED,
    },
}

# --- relationships -------------------------------------------------------------------------


@dataclass(frozen=True)
class Relation:
    """A relationship type as a triple: ``predicate``, written from target to source
    when ``inverse`` (an Article's ``schema:author`` is the Person who WROTE it)."""

    predicate: str
    inverse: bool = False


RELATIONS: dict[str, Relation] = {
    "ORGANIZED": Relation(SCHEMA + "organizer", inverse=True),
    "HELD_IN": Relation(SCHEMA + "location"),
    "PARTICIPATED_IN": Relation(SCHEMA + "attendee", inverse=True),
    "PART_OF": Relation(SCHEMA + "containedInPlace"),
    "LOCATED_IN": Relation(SCHEMA + "location"),
    "SUB_ORGANIZATION_OF": Relation(ORG + "subOrganizationOf"),
    "HOLDS_POSITION": Relation(ORG + "memberOf"),
    "WROTE": Relation(SCHEMA + "author", inverse=True),
    "PHOTOGRAPHED": Relation(SCHEMA + "contributor", inverse=True),
    "MENTIONS": Relation(SCHEMA + "mentions"),
}

# Relationship properties, on the fact node (the qualified relation).
EDGE_PROPERTIES: dict[tuple[str, str], Term] = {
    ("ORGANIZED", "role"): Term((KG + "role",), "zh"),
    ("HELD_IN", "basis"): Term((KG + "basis",), "string"),
    ("WROTE", "role"): Term((KG + "role",), "zh"),
    ("HOLDS_POSITION", "title"): Term((ORG + "role",), "concept", TITLES),
    ("MENTIONS", "count"): Term((KG + "count",), "int"),
}


# Node labels that a relationship's RDF subject has: tells HELD_IN (an Event's
# schema:location) from LOCATED_IN (an Organization's) in SPARQL.
def rdf_subject_label(kind: str) -> str:
    from kg.graph.schema import RELATIONSHIPS

    rel = RELATIONSHIPS[kind]
    labels = rel.targets if RELATIONS[kind].inverse else rel.sources
    return labels[0]


# --- terms -------------------------------------------------------------------------------


@cache
def named(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def literal(value, kind: str) -> ox.Literal:
    """A literal of ``kind`` (``zh``, ``zh[]``, ``string``, ``date``, ``int``).

    Raises:
        ValueError: the value cannot be RDF (a lone surrogate, a non-integer count).
    """
    if kind in ("zh", "zh[]"):
        return ox.Literal(str(value), language=LANG)
    if kind == "string":
        return ox.Literal(str(value))
    if kind == "date":
        text = value.isoformat() if hasattr(value, "isoformat") else str(value)
        return ox.Literal(text, datatype=named(XSD + "date"))
    if kind == "int":
        return ox.Literal(int(value))
    raise ValueError(f"no literal kind {kind!r}")


def curie(iri: str, prefixes: dict[str, str]) -> str:
    """``iri`` as ``prefix:local`` with the longest matching namespace, else unchanged.

    Example:
        >>> curie("https://schema.org/Event", PREFIXES)
        'schema:Event'
    """
    best = max((ns for ns in prefixes.values() if iri.startswith(ns)), key=len, default=None)
    if best is None or iri[len(best) :].startswith("//"):
        return iri
    name = next(n for n, ns in prefixes.items() if ns == best)
    return f"{name}:{iri[len(best) :]}"


# --- the graph as quads ----------------------------------------------------------------------

GAZETTEER_SOURCE = "source-gazetteer"  # under the base: where evidence-less PART_OF comes from
_TYPE = named(RDF + "type")
_DERIVED = named(PROV + "wasDerivedFrom")


class GraphMapper:
    """Turns one graph into quads (see :func:`kg.sinks.rdf.graph_to_rdf`)."""

    def __init__(self, graph: nx.MultiDiGraph, base: str):
        self.graph, self.base = graph, base
        self.default: dict[ox.Quad, None] = {}
        self.named: dict[str, dict[ox.Quad, None]] = {}
        self.concepts: dict[Scheme, set[str]] = {s: set() for s in SCHEMES}
        self.broader: dict[str, str] = {}  # event type -> its family (rules/event_types.toml)
        self.iris: dict[str, ox.NamedNode] = {}

    def run(self) -> list[ox.Quad]:
        dataset = named(self.base + "dataset")
        self.add(dataset, _TYPE, named(SCHEMA + "Dataset"))
        version = str(self.graph.graph.get("schema", ""))
        self.add(dataset, named(KG + "schemaVersion"), ox.Literal(version))
        for nid in sorted(self.graph.nodes):
            self.node(nid, self.graph.nodes[nid])
        for u, v, key in sorted(self.graph.edges(keys=True), key=lambda e: (e[0], e[1], str(e[2]))):
            self.edge(u, v, str(key), self.graph.edges[u, v, key])
        self.schemes()
        quads = list(self.default)
        for article in sorted(self.named):
            quads += self.named[article]
        return quads

    def iri(self, nid: str) -> ox.NamedNode:
        node = self.iris.get(nid)
        if node is None:
            node = self.iris[nid] = ox.NamedNode(self.base + id_segment(nid))
        return node

    def add(self, s, p, o, graph: str | None = None) -> None:
        if graph is None:
            self.default[ox.Quad(s, p, o)] = None
            return
        quads = self.named.get(graph)
        if quads is None:
            quads = self.named[graph] = {}
            name = named(self.base + "graph-" + id_segment(graph))
            self.add(name, _TYPE, named(PROV + "Bundle"))
            self.add(name, _DERIVED, self.iri(graph))
        quads[ox.Quad(s, p, o, named(self.base + "graph-" + id_segment(graph)))] = None

    def values(self, owner: str, name: str, term: Term, value) -> list:
        out = []
        for item in (value or []) if term.kind.endswith("[]") else [value]:
            if item is None or (item == "" and term.kind in ("date", "int", "concept")):
                continue
            try:
                if term.kind == "concept":
                    self.concepts[term.scheme].add(literal(item, "string").value)
                    out.append(named(concept_iri(term.scheme, str(item))))
                else:
                    out.append(literal(item, term.kind.removesuffix("[]")))
            except (ValueError, TypeError) as error:
                raise RDFError(
                    f"{owner}: {name} = {item!r} cannot be written as RDF ({error}); "
                    "expected Unicode text without lone surrogates"
                ) from None
        return out

    def node(self, nid: str, data: dict) -> None:
        label = data.get("label")
        if label not in NODE_CLASSES:
            raise RDFError(f"node {nid!r}: label {label!r} is not one of {sorted(NODE_CLASSES)}")
        s = self.iri(nid)
        for cls in NODE_CLASSES[label]:
            self.add(s, _TYPE, named(cls))
        if label == "Place" and data.get("level") in ADMIN_LEVELS:
            self.add(s, _TYPE, named(SCHEMA + "AdministrativeArea"))
        self.add(s, named(IDENTIFIER), self.values(nid, "id", Term((), "string"), nid)[0])
        if label == "Event" and data.get("type") and data.get("family"):
            self.broader[str(data["type"])] = str(data["family"])  # skos:broader in schemes()
        for name, term in NODE_PROPERTIES[label].items():
            for value in self.values(nid, name, term, data.get(name)):
                for predicate in term.predicates:
                    self.add(s, named(predicate), value)

    def edge(self, u: str, v: str, key: str, data: dict) -> None:
        kind = data.get("type")
        if kind not in RELATIONS:
            raise RDFError(f"edge {u} -> {v}: type {kind!r} is not one of {sorted(RELATIONS)}")
        rel = RELATIONS[kind]
        s, o = (self.iri(v), self.iri(u)) if rel.inverse else (self.iri(u), self.iri(v))
        p = named(rel.predicate)
        fact = named(self.base + "fact-" + short_hash(u, v, key))
        core = [
            (s, p, o),
            (fact, _TYPE, named(RDF + "Statement")),
            (fact, named(RDF + "subject"), s),
            (fact, named(RDF + "predicate"), p),
            (fact, named(RDF + "object"), o),
        ]
        for (of, name), term in EDGE_PROPERTIES.items():
            if of == kind:
                for value in self.values(f"{u} -{kind}-> {v}", name, term, data.get(name)):
                    core += [(fact, named(pr), value) for pr in term.predicates]
        if kind == "HOLDS_POSITION":  # the fact is also the ORG membership (qualified relation)
            core += [
                (fact, _TYPE, named(ORG + "Membership")),
                (fact, named(ORG + "member"), self.iri(u)),
                (fact, named(ORG + "organization"), self.iri(v)),
            ]
        if kind == "MENTIONS":  # stated by the article itself; no sentence
            for triple in [*core, (fact, _DERIVED, self.iri(u))]:
                self.add(*triple, graph=u)
            return
        fields = ("articles", "sentences", "spans", "rules")
        evidence = list(zip(*(data.get(f, []) for f in fields), strict=True))
        for article, sentence, span, rule in evidence:
            art = self.iri(article)
            ev = named(self.base + "ev-" + short_hash(fact.value, article, str(span), str(rule)))
            stated = [
                *core,
                (fact, _DERIVED, art),
                (fact, named(PROV + "qualifiedDerivation"), ev),
                (ev, _TYPE, named(PROV + "Derivation")),
                (ev, named(PROV + "entity"), art),
            ]
            for name, how, value in (
                ("sentence", "zh", sentence),
                ("span", "string", span),
                ("rule", "string", rule),
            ):
                found = self.values(f"{u} -{kind}-> {v}", name, Term((), how), value)
                stated += [(ev, named(KG + name), x) for x in found]
            for triple in stated:
                self.add(*triple, graph=article)
        if not evidence:  # only the gazetteer's hierarchy comes without a sentence
            for triple in core:
                self.add(*triple)
            if kind == "PART_OF":
                self.add(fact, _DERIVED, self.gazetteer())

    def gazetteer(self) -> ox.NamedNode:
        source = named(self.base + GAZETTEER_SOURCE)
        self.add(source, _TYPE, named(PROV + "Entity"))
        self.add(source, _TYPE, named(SCHEMA + "Dataset"))
        name = "NBS administrative divisions (kg's rules/places.tsv)"
        self.add(source, named(SCHEMA + "name"), ox.Literal(name, language="en"))
        return source

    def schemes(self) -> None:
        for scheme in SCHEMES:
            if not self.concepts[scheme]:
                continue
            iri = named(scheme.iri)
            self.add(iri, _TYPE, named(SKOS + "ConceptScheme"))
            self.add(iri, named(SKOS + "prefLabel"), ox.Literal(scheme.label_zh, language=LANG))
            self.add(iri, named(SKOS + "prefLabel"), ox.Literal(scheme.label_en, language="en"))
            for label in sorted(self.concepts[scheme]):
                c = named(concept_iri(scheme, label))
                self.add(c, _TYPE, named(SKOS + "Concept"))
                if scheme.extra_class:
                    self.add(c, _TYPE, named(scheme.extra_class))
                self.add(c, named(SKOS + "prefLabel"), ox.Literal(label, language=LANG))
                self.add(c, named(SKOS + "inScheme"), iri)
                family = self.broader.get(label) if scheme is EVENT_TYPES else None
                if family is not None and family != label:
                    self.add(c, named(SKOS + "broader"), named(concept_iri(scheme, family)))
                    self.add(named(concept_iri(scheme, family)), named(SKOS + "narrower"), c)
                    continue
                self.add(c, named(SKOS + "topConceptOf"), iri)
                self.add(iri, named(SKOS + "hasTopConcept"), c)
