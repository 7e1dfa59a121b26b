"""RDF sink, SHACL shapes and SPARQL catalog: compared by meaning (isomorphism, row sets).

The catalog queries are checked against reference answers computed from the networkx
graph in plain Python (the semantics the Cypher catalog has), so a change to the RDF
mapping that breaks a research question fails here, not in a partner's notebook.
"""

from __future__ import annotations

import datetime
import json
from collections import Counter

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib
from conftest import CATALOG_COLUMNS, SEED_THEME_ROW
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib.compare import isomorphic

from kg.errors import KGError
from kg.gazetteer.gazetteer import LEVELS
from kg.graph.build import new_graph
from kg.graph.schema import NODES, RELATIONSHIPS
from kg.query.answers import tidy
from kg.query.sparql import STORE_DIRNAME, QueryError, run_sparql, write_store
from kg.query.sparql_catalog import CATALOG_SPARQL
from kg.sinks.rdf import (
    RDFError,
    ensure_valid,
    graph_to_rdf,
    serialize,
    shapes_text,
    to_rdflib,
    triples,
    validate,
    write_rdf,
)
from kg.sinks.rdf_vocab import (
    DEFAULT_BASE,
    EDGE_PROPERTIES,
    KG,
    NODE_PROPERTIES,
    RELATIONS,
)

# rdflib 7.6 warns about its own deprecated Dataset.default_context inside Dataset.parse.
RDFLIB_DATASET = pytest.mark.filterwarnings("ignore:.*deprecated.*:DeprecationWarning")

SCHEMA = "https://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


@pytest.fixture(scope="module")
def seed_quads(seed_graph) -> list[ox.Quad]:
    return graph_to_rdf(seed_graph)


@pytest.fixture(scope="module")
def seed_store(seed_quads) -> ox.Store:
    return write_store(seed_quads, None)


def by_graph(quads) -> dict[str, set[ox.Triple]]:
    out: dict[str, set] = {}
    for q in quads:
        name = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""
        out.setdefault(name, set()).add(q.triple)
    return out


def tiny_graph(names: dict[str, str] | None = None, sentence: str = "某党支部开展主题党日活动。"):
    """Two articles stating the same ORGANIZED fact; text values overridable."""
    n = {
        "org": "某县某党支部",
        "evt": "主题党日活动",
        "per": "张三",
        "place": "某县",
        **(names or {}),
    }
    g = new_graph()
    g.add_node(
        "art-1", label="Article", id="art-1", title=n.get("title", "标题一"), date="2025-01-02"
    )
    g.add_node("art-2", label="Article", id="art-2", title="标题二")
    g.add_node(
        "org-1",
        label="Organization",
        id="org-1",
        name=n["org"],
        kind="党支部",
        aliases=[n["org"][:2]],
    )
    g.add_node(
        "evt-1",
        label="Event",
        id="evt-1",
        name=n["evt"],
        type="主题党日",
        county=n["place"],
        date="2025-01-01",
    )
    g.add_node("per-1", label="Person", id="per-1", name=n["per"])
    g.add_node(
        "place-1", label="Place", id="place-1", name=n["place"], level="county", code="652327"
    )
    ev = {"rules": ["event.organizer.v1"] * 2, "spans": ["0:10", "3:9"]}
    g.add_edge(
        "org-1",
        "evt-1",
        key="ORGANIZED|r",
        type="ORGANIZED",
        role="组织",
        articles=["art-1", "art-2"],
        sentences=[sentence, sentence],
        **ev,
    )
    g.add_edge(
        "per-1",
        "org-1",
        key="HOLDS_POSITION|t",
        type="HOLDS_POSITION",
        title="书记",
        articles=["art-1", "art-2"],
        sentences=[sentence, sentence],
        spans=["1:2", "1:2"],
        rules=["person.post.v1"] * 2,
    )
    g.add_edge(
        "per-1",
        "art-1",
        key="WROTE|r",
        type="WROTE",
        role="记者",
        articles=["art-1"],
        sentences=[n["per"]],
        spans=["0:2"],
        rules=["person.byline.v1"],
    )
    g.add_edge(
        "evt-1",
        "place-1",
        key="HELD_IN",
        type="HELD_IN",
        articles=["art-2"],
        sentences=[sentence],
        spans=["0:3"],
        rules=["event.place.v1"],
    )
    for art in ("art-1", "art-2"):
        for nid in ("org-1", "evt-1", "per-1"):
            g.add_edge(
                art,
                nid,
                key="MENTIONS",
                type="MENTIONS",
                articles=[],
                sentences=[],
                spans=[],
                rules=[],
                count=2,
            )
    return g


# --- the mapping ------------------------------------------------------------------------


def test_every_property_of_the_graph_model_has_a_mapping():
    for label, node in NODES.items():
        mapped = set(NODE_PROPERTIES[label])
        assert {p.name for p in node.properties} - {"id"} == mapped, label
    assert set(RELATIONSHIPS) == set(RELATIONS)
    for kind, rel in RELATIONSHIPS.items():
        for prop in rel.properties:
            assert (kind, prop.name) in EDGE_PROPERTIES, (kind, prop.name)


def test_shapes_levels_are_the_gazetteer_levels_venue_and_other():
    from kg.nlp.tagged_places import OTHER_LEVEL

    levels = (*LEVELS, "venue", OTHER_LEVEL)
    assert "( " + " ".join(f'"{level}"' for level in levels) + " )" in shapes_text()
    assert levels == ("province", "prefecture", "county", "township", "village", "venue", "other")


def test_shapes_are_valid_shacl():
    import pyshacl

    shapes = rdflib.Graph().parse(data=shapes_text(), format="turtle")
    conforms, _, text = pyshacl.validate(rdflib.Graph(), shacl_graph=shapes, meta_shacl=True)
    assert conforms, text


def test_iris_come_from_ids_and_hashes_only(seed_quads):
    iris = {
        t.value
        for q in seed_quads
        for t in (q.subject, q.predicate, q.object, q.graph_name)
        if isinstance(t, ox.NamedNode)
    }
    assert all(iri.isascii() for iri in iris)
    data = {iri[len(DEFAULT_BASE) :] for iri in iris if iri.startswith(DEFAULT_BASE)}
    prefixes = (
        "art-",
        "org-",
        "place-",
        "per-",
        "evt-",
        "fact-",
        "ev-",
        "graph-art-",
        "source-",
        "dataset",
    )
    assert data and all(d.startswith(prefixes) for d in data), sorted(
        d for d in data if not d.startswith(prefixes)
    )


def test_graph_to_rdf_is_deterministic_and_independent_of_insertion_order(seed_graph, seed_quads):
    reordered = nx.MultiDiGraph()
    reordered.graph.update(seed_graph.graph)
    for nid in reversed(list(seed_graph.nodes)):
        reordered.add_node(nid, **seed_graph.nodes[nid])
    for u, v, k, d in reversed(list(seed_graph.edges(keys=True, data=True))):
        reordered.add_edge(u, v, key=k, **d)
    assert graph_to_rdf(reordered) == seed_quads
    assert serialize(graph_to_rdf(reordered), "trig") == serialize(seed_quads, "trig")


def test_base_is_configurable_and_vocabulary_is_not(seed_graph):
    quads = graph_to_rdf(seed_graph, base="https://data.example.com/kg/")
    subjects = {q.subject.value for q in quads}
    assert "https://data.example.com/kg/place-652324" in subjects
    assert not any(s.startswith(DEFAULT_BASE) for s in subjects)
    assert any(q.predicate.value == KG + "county" for q in quads)
    for bad in ("kg", "https://x.org/a b/", "https://x.org/no-slash", "ftp://x.org/"):
        with pytest.raises(RDFError, match="base IRI"):
            graph_to_rdf(seed_graph, base=bad)


# --- writers and round-trips ---------------------------------------------------------------


def test_turtle_round_trips_to_an_isomorphic_graph(seed_quads):
    data = serialize(seed_quads, "turtle")
    parsed = rdflib.Graph().parse(data=data, format="turtle")
    assert isomorphic(parsed, to_rdflib(seed_quads))
    assert {q.triple for q in ox.parse(data, format=ox.RdfFormat.TURTLE)} == set(
        triples(seed_quads)
    )


@RDFLIB_DATASET
@pytest.mark.parametrize("fmt", ["trig", "nquads", "jsonld"])
def test_quad_formats_round_trip_graph_by_graph(seed_quads, fmt):
    data = serialize(seed_quads, fmt)
    fmt_ox = {
        "trig": ox.RdfFormat.TRIG,
        "nquads": ox.RdfFormat.N_QUADS,
        "jsonld": ox.RdfFormat.JSON_LD,
    }[fmt]
    assert set(ox.parse(data, format=fmt_ox)) == set(seed_quads)
    dataset = rdflib.Dataset()
    dataset.parse(data=data, format={"trig": "trig", "nquads": "nquads", "jsonld": "json-ld"}[fmt])
    expected = by_graph(seed_quads)
    for name, expected_triples in expected.items():
        got = rdflib.Graph()
        context = dataset.default_graph if name == "" else dataset.graph(rdflib.URIRef(name))
        for triple in context:
            got.add(triple)
        want = rdflib.Graph().parse(
            data=ox.serialize(expected_triples, format=ox.RdfFormat.N_TRIPLES), format="nt"
        )
        assert isomorphic(got, want), name


def test_jsonld_is_compact_with_a_context(seed_quads):
    doc = json.loads(serialize(seed_quads, "jsonld"))
    assert doc["@context"]["schema"] == SCHEMA and doc["@context"]["@language"] == "zh"
    org = next(
        n
        for n in doc["@graph"]
        if n.get("dcterms:identifier") == {"@value": "org-6cf2b2ea9d98e3a0"}
    )
    assert org["skos:prefLabel"] == "吉木萨尔县社会福利中心党支部"
    assert org["@type"] == ["org:Organization", "schema:Organization"]


def test_write_rdf_writes_each_format(tmp_path, seed_graph):
    paths = write_rdf(seed_graph, tmp_path, formats=("turtle", "trig", "jsonld", "nquads"))
    assert sorted(p.name for p in paths.values()) == [
        "graph.jsonld",
        "graph.nq",
        "graph.trig",
        "graph.ttl",
    ]
    assert set(ox.parse(path=str(paths["trig"]))) == set(ox.parse(path=str(paths["nquads"])))
    with pytest.raises(RDFError, match="unknown RDF format"):
        write_rdf(seed_graph, tmp_path, formats=("rdfxml",))


# --- named graphs and provenance --------------------------------------------------------------


def test_one_named_graph_per_article(seed_graph, seed_quads):
    graphs = set(by_graph(seed_quads)) - {""}
    articles = {n for n, d in seed_graph.nodes(data=True) if d["label"] == "Article"}
    assert graphs == {DEFAULT_BASE + "graph-" + a for a in articles}
    # every fact in an article's graph is derived from that article
    for name, content in by_graph(seed_quads).items():
        if not name:
            continue
        art = ox.NamedNode(DEFAULT_BASE + name.split("graph-", 1)[1])
        facts = {
            t.subject
            for t in content
            if t.predicate.value == RDF_NS + "type" and t.object.value == RDF_NS + "Statement"
        }
        assert facts
        for fact in facts:
            assert ox.Triple(fact, ox.NamedNode(PROV + "wasDerivedFrom"), art) in content


def test_a_fact_stated_in_two_articles_is_in_both_graphs():
    quads = graph_to_rdf(tiny_graph())
    direct = ox.Triple(
        ox.NamedNode(DEFAULT_BASE + "evt-1"),
        ox.NamedNode(SCHEMA + "organizer"),
        ox.NamedNode(DEFAULT_BASE + "org-1"),
    )
    graphs = by_graph(quads)
    assert (
        direct in graphs[DEFAULT_BASE + "graph-art-1"]
        and direct in graphs[DEFAULT_BASE + "graph-art-2"]
    )
    assert direct not in graphs[""]
    # each graph holds only its own article's evidence
    for art in ("art-1", "art-2"):
        entities = {
            t.object.value
            for t in graphs[DEFAULT_BASE + "graph-" + art]
            if t.predicate.value == PROV + "entity"
        }
        assert entities == {DEFAULT_BASE + art}


def test_gazetteer_hierarchy_without_evidence_has_provenance_in_the_default_graph():
    g = tiny_graph()
    g.add_node(
        "place-65",
        label="Place",
        id="place-65",
        name="新疆维吾尔自治区",
        level="province",
        code="65",
    )
    g.add_edge(
        "place-1",
        "place-65",
        key="PART_OF",
        type="PART_OF",
        articles=[],
        sentences=[],
        spans=[],
        rules=[],
    )
    quads = graph_to_rdf(g)
    assert validate(quads)[0]
    derived = [
        q
        for q in quads
        if q.predicate.value == PROV + "wasDerivedFrom"
        and q.object.value.endswith("source-gazetteer")
    ]
    assert len(derived) == 1 and isinstance(derived[0].graph_name, ox.DefaultGraph)


# --- hostile text ---------------------------------------------------------------------------

HOSTILE = [
    'quote " and \'single\' and """triple""" ',
    "<http://evil.example/> <> > <",
    "spaces   and\ttabs",
    "} ] ) . ; , @zh ^^xsd:string # not a comment",
    "line\nbreak\r\nand\u2028separator\u2029",
    "nul \u0000 and bell \u0007 and del \u007f",
    "emoji 🇨🇳👩‍👩‍👧 and 𠀀 (astral)",
    "back\\slash \\u0022 \\n",
    "长" * 100_000,
    "",
]


@pytest.mark.parametrize("text", HOSTILE, ids=[f"hostile{i}" for i in range(len(HOSTILE))])
def test_hostile_text_gives_valid_rdf_that_round_trips(text):
    names = {
        "org": "党支部" + text,
        "evt": text or "活动",
        "per": text or "某",
        "place": "县" + text,
        "title": text,
    }
    g = tiny_graph(names, sentence=text)
    quads = graph_to_rdf(g)
    for fmt, fmt_ox in (
        ("turtle", ox.RdfFormat.TURTLE),
        ("trig", ox.RdfFormat.TRIG),
        ("nquads", ox.RdfFormat.N_QUADS),
        ("jsonld", ox.RdfFormat.JSON_LD),
    ):
        data = serialize(quads, fmt)
        parsed = set(ox.parse(data, format=fmt_ox))
        expected = {ox.Quad(*t) for t in triples(quads)} if fmt == "turtle" else set(quads)
        assert parsed == expected, fmt
    parsed = rdflib.Graph().parse(data=serialize(quads, "turtle"), format="turtle")
    assert isomorphic(parsed, to_rdflib(quads))
    literals = {str(o) for o in parsed.objects() if isinstance(o, rdflib.Literal)}
    assert names["org"] in literals and names["place"] in literals


def test_hostile_ids_are_encoded_not_trusted():
    g = tiny_graph()
    nx.relabel_nodes(g, {"per-1": 'per-x> <y> "z"\n}'}, copy=False)
    g.nodes['per-x> <y> "z"\n}']["id"] = 'per-x> <y> "z"\n}'
    quads = graph_to_rdf(g)
    iris = {q.subject.value for q in quads}
    assert DEFAULT_BASE + "per-x%3E%20%3Cy%3E%20%22z%22%0A%7D" in iris
    assert set(ox.parse(serialize(quads, "nquads"), format=ox.RdfFormat.N_QUADS)) == set(quads)


def test_a_lone_surrogate_is_refused_with_a_clear_message():
    with pytest.raises(RDFError, match=r"org-1: name .* lone surrogates"):
        graph_to_rdf(tiny_graph({"org": "党支部\ud800"}))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=40), st.text(max_size=40))
def test_any_text_round_trips(name, sentence):
    quads = graph_to_rdf(tiny_graph({"org": name or "x", "evt": name or "y"}, sentence=sentence))
    for fmt, fmt_ox in (
        ("turtle", ox.RdfFormat.TURTLE),
        ("trig", ox.RdfFormat.TRIG),
        ("jsonld", ox.RdfFormat.JSON_LD),
    ):
        parsed = set(ox.parse(serialize(quads, fmt), format=fmt_ox))
        assert parsed == ({ox.Quad(*t) for t in triples(quads)} if fmt == "turtle" else set(quads))


# --- SHACL --------------------------------------------------------------------------------------


def test_seed_graph_conforms(seed_quads):
    conforms, report = validate(seed_quads)
    assert conforms, report
    ensure_valid(seed_quads)


def broken_quads():
    g = tiny_graph()
    del g.nodes["org-1"]["name"]
    g.nodes["evt-1"]["date"] = "2025-13-45"
    del g.nodes["evt-1"]["type"]
    quads = graph_to_rdf(g)
    # drop the provenance of one fact and the rdf:subject of another
    return [
        q
        for q in quads
        if not (
            q.predicate.value == PROV + "wasDerivedFrom"
            and "fact-" in q.subject.value
            and q.object.value.endswith("art-2")
        )
        and not (q.predicate.value == RDF_NS + "subject" and q.object.value.endswith("per-1"))
    ]


def test_a_broken_graph_fails_with_a_readable_report():
    conforms, report = validate(broken_quads())
    assert not conforms
    lines = report.splitlines()
    assert lines[0].endswith("problem(s) with kg's SHACL shapes:")
    assert any("(org-1) skos:prefLabel: an Organization has exactly one name" in x for x in lines)
    assert any(
        "(evt-1) schema:startDate: an Event's date is one xsd:date" in x and "2025-13-45" in x
        for x in lines
    )
    assert any("(evt-1) dcterms:type: an Event has exactly one type" in x for x in lines)
    assert any("(evt-1) schema:location: no fact with provenance" in x for x in lines)
    assert any("rdf:subject" in x for x in lines)


def test_the_fast_engine_reports_what_pyshacl_alone_reports(seed_quads):
    assert validate(broken_quads(), engine="oxigraph") == validate(broken_quads(), engine="pyshacl")
    assert validate(seed_quads, engine="pyshacl")[0]


def test_ensure_valid_raises_one_line_and_write_rdf_writes_nothing(tmp_path):
    with pytest.raises(RDFError) as caught:
        ensure_valid(broken_quads())
    assert "\n" not in str(caught.value) and "problem(s)" in str(caught.value)
    assert caught.value.report.count("\n") >= 5
    g = tiny_graph()
    del g.nodes["org-1"]["kind"]
    with pytest.raises(RDFError, match="organization-kind"):
        write_rdf(g, tmp_path / "out")
    assert not (tmp_path / "out").exists()


@RDFLIB_DATASET
def test_validate_accepts_rdflib_graphs_and_files(tmp_path, seed_quads):
    path = tmp_path / "g.trig"
    serialize(seed_quads, "trig", path)
    assert validate(path)[0]
    dataset = rdflib.Dataset()
    dataset.parse(path, format="trig")
    assert validate(dataset)[0] and validate(to_rdflib(seed_quads))[0]


# --- SPARQL ---------------------------------------------------------------------------------------


def nulls_last(rows):
    return sorted(rows, key=lambda r: [(x is None, "" if x is None else x) for x in r])


def name(graph, nid):
    data = graph.nodes[nid]
    return data.get("name", data.get("title"))


def edges(graph, kind):
    return [(u, v, d) for u, v, d in graph.edges(data=True) if d["type"] == kind]


def rolled_up_counties(graph, place):
    """County-level places at or above ``place`` along PART_OF."""
    seen, todo, out = set(), [place], set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        if graph.nodes[p].get("level") == "county":
            out.add(graph.nodes[p]["name"])
        todo += [v for _, v, d in graph.out_edges(p, data=True) if d["type"] == "PART_OF"]
    return out


RANK = {"主办": "1", "承办": "2", "组织": "3", "开展": "4", "协办": "5"}


def event_county(graph, e):
    """Where the event was held rolled up to a county; else its first organizer's place
    (by role) rolled up; else its county property."""
    held = set().union(
        *[
            rolled_up_counties(graph, v)
            for _, v, d in graph.out_edges(e, data=True)
            if d["type"] == "HELD_IN"
        ]
    )
    ranked = [
        RANK.get(d.get("role"), "9") + c
        for o, _, d in graph.in_edges(e, data=True)
        if d["type"] == "ORGANIZED"
        for _, p, d2 in graph.out_edges(o, data=True)
        if d2["type"] == "LOCATED_IN"
        for c in rolled_up_counties(graph, p)
    ]
    return min(held) if held else (min(ranked)[1:] if ranked else graph.nodes[e].get("county"))


def theme_party_days(graph, county):
    """One row per event: its organizations and sentences gathered, its first report."""
    n = graph.nodes
    facts: dict[str, list] = {}
    for u, v, d in edges(graph, "ORGANIZED"):
        if n[u].get("kind") in ("党支部", "党总支", "党委") and n[v].get("type") == "主题党日":
            facts.setdefault(v, []).append((name(graph, u), d))
    rows = []
    for e, organized in facts.items():
        if county not in (None, n[e].get("county")):
            continue
        reports = {a for _, d in organized for a in d["articles"]}
        first = min(reports, key=lambda a: (n[a].get("date") or "9999-12-31", a))
        sentences = sorted({s for _, d in organized for s in d["sentences"]})
        rows.append(
            [n[e].get("county"), n[e].get("date"), n[e].get("date_text"), n[e].get("name") or "",
             sorted({o for o, _ in organized}), sentences, first, n[first].get("date"),
             n[first].get("title")]
        )  # fmt: skip
    return rows


def answer(store, query, params=None):
    """A SPARQL catalog answer as ``kg ask`` gives it (list cells as sorted lists)."""
    return tidy(query, *run_sparql(store, CATALOG_SPARQL[query][0], params))


def reference(graph, query, **params):
    """What each catalog question answers, computed from the networkx graph."""
    n = graph.nodes
    if query == "theme-party-days":
        return theme_party_days(graph, params.get("county"))
    if query == "events-by-county":
        counts = Counter()
        for e, data in n.items():
            if data["label"] == "Event":
                counts[event_county(graph, e), data["date"][:7] if data.get("date") else None] += 1
        return [[c, m, k] for (c, m), k in counts.items()]
    if query == "events":
        month = params.get("month")
        rows = []
        for e, d in n.items():
            if d["label"] != "Event":
                continue
            county = event_county(graph, e)
            window = (d.get("date_start") or "")[:7], (d.get("date_end") or "")[:7]
            if (
                params.get("family") in (None, d.get("family"))
                and params.get("county") in (None, county)
                and (month is None or (window[0] and window[0] <= month <= window[1]))
            ):
                rows.append(
                    [d["type"], d.get("family"), d.get("name"), county,
                     d.get("date_start"), d.get("date_end")]
                )  # fmt: skip
        return rows
    if query == "organizers":
        return [
            [
                name(graph, u),
                d.get("role"),
                n[v].get("name") or "",
                n[v].get("type"),
                n[v].get("date"),
            ]
            for u, v, d in edges(graph, "ORGANIZED")
            if params.get("organization") in (None, name(graph, u))
        ]
    if query == "positions":
        return [
            [name(graph, u), d.get("title"), name(graph, v)]
            for u, v, d in edges(graph, "HOLDS_POSITION")
        ]
    if query == "people-in-news":
        rows = [
            [name(graph, u), v, n[v].get("date"), n[v].get("title"), d.get("role")]
            for u, v, d in edges(graph, "WROTE")
        ]
        rows += [
            [name(graph, u), v, n[v].get("date"), n[v].get("title"), "摄影"]
            for u, v, d in edges(graph, "PHOTOGRAPHED")
        ]
        rows += [
            [name(graph, v), u, n[u].get("date"), n[u].get("title"), "提及"]
            for u, v, d in edges(graph, "MENTIONS")
            if n[v]["label"] == "Person"
        ]
        return rows
    if query == "people":
        rows = [
            [name(graph, u), u, "post", d.get("title"), name(graph, v), "", None]
            for u, v, d in edges(graph, "HOLDS_POSITION")
        ]
        rows += [
            [name(graph, u), u, "credited", d.get("role"), n[v].get("title"), v, n[v].get("date")]
            for u, v, d in edges(graph, "WROTE")
        ]
        rows += [
            [name(graph, u), u, "credited", "摄影", n[v].get("title"), v, n[v].get("date")]
            for u, v, d in edges(graph, "PHOTOGRAPHED")
        ]
        rows += [
            [name(graph, v), v, "mentioned", "提及", n[u].get("title"), u, n[u].get("date")]
            for u, v, d in edges(graph, "MENTIONS")
            if n[v]["label"] == "Person"
        ]
        return [r for r in rows if params.get("name") in (None, r[0])]
    if query == "evidence":
        return [
            [
                name(graph, u),
                d["type"],
                name(graph, v),
                a,
                n[a].get("date"),
                n[a].get("title"),
                s,
                sp,
                r,
            ]
            for u, v, d in graph.edges(data=True)
            if params.get("type") in (None, d["type"])
            and params.get("source") in (None, name(graph, u))
            and params.get("target") in (None, name(graph, v))
            for a, s, sp, r in zip(
                d["articles"], d["sentences"], d["spans"], d["rules"], strict=True
            )
        ]
    raise AssertionError(query)


@pytest.mark.parametrize("query", sorted(CATALOG_COLUMNS))
def test_catalog_query_columns_and_rows_match_the_reference(seed_graph, seed_store, query):
    _, description, params = CATALOG_SPARQL[query]
    assert description and isinstance(params, tuple)
    columns, rows = answer(seed_store, query)
    assert columns == CATALOG_COLUMNS[query]
    assert rows == nulls_last(reference(seed_graph, query)), query
    assert rows, query


@pytest.mark.parametrize(
    ("query", "params"),
    [
        ("theme-party-days", {"county": "吉木萨尔县"}),
        ("theme-party-days", {"county": "奇台县"}),
        ("organizers", {"organization": "玛纳斯县委组织部"}),
        ("events", {"family": "组织生活"}),
        ("events", {"county": "吉木萨尔县"}),
        ("events", {"month": "2025-09"}),
        ("evidence", {"source": "朱帆", "type": "HOLDS_POSITION", "target": "玛纳斯县委组织部"}),
        ("evidence", {"source": "付小芳", "type": "WROTE"}),
        ("evidence", {"type": "PART_OF", "target": "昌吉市"}),
    ],
)
def test_catalog_parameters_filter_like_the_reference(seed_graph, seed_store, query, params):
    _, rows = answer(seed_store, query, params)
    assert rows == nulls_last(reference(seed_graph, query, **params))


def test_known_rows_on_the_seed_graph(seed_store):
    def rows(query, **params):
        return answer(seed_store, query, params)[1]

    [theme] = rows("theme-party-days")  # one event; the title and the body both state it
    assert theme[:5] + theme[6:] == SEED_THEME_ROW
    assert len(theme[5]) == 2
    assert theme[5][0].startswith("吉木萨尔县社会福利中心党支部开展主题党日活动")
    assert ["朱帆", "副部长", "玛纳斯县委组织部"] in rows("positions")
    assert ["吉木萨尔县", None, 1] in rows("events-by-county")
    people = rows("people-in-news")
    title = "全州党校系统第五届优秀教学成果交流暨第十六届理论研讨会举办"
    for role in ("记者", "摄影", "提及"):
        assert ["付小芳", "art-356bbe082a8b7ce3", None, title, role] in people
    [evidence] = rows("evidence", source="朱帆", type="HOLDS_POSITION", target="玛纳斯县委组织部")
    assert evidence[3:6] + evidence[7:] == [
        "art-c70a9b7fbac43324",
        None,
        "玛纳斯县“党课开讲啦”“学习身边榜样”优秀案例展示活动举办",
        "482:502",
        "person.post.v1",
    ]


def test_facts_in_two_named_graphs_are_not_counted_twice():
    store = write_store(tiny_graph(), None)
    assert len(run_sparql(store, CATALOG_SPARQL["organizers"][0])[1]) == 1
    # one event; one sentence, stated in two articles; the first report is the dated one
    [theme] = answer(store, "theme-party-days")[1]
    assert theme[5:] == [["某党支部开展主题党日活动。"], "art-1", "2025-01-02", "标题一"]
    assert run_sparql(store, CATALOG_SPARQL["events-by-county"][0])[1] == [["某县", "2025-01", 1]]
    assert len(run_sparql(store, CATALOG_SPARQL["positions"][0])[1]) == 1


@pytest.mark.parametrize(
    "value",
    [
        '吉木萨尔县" ) } UNION { ?s ?p ?o } #',
        "x\\u0022 } #",
        "}\n} SELECT * WHERE { ?s ?p ?o",
        "",
        "𠀀\u0000",
    ],
)
def test_parameters_are_bound_not_spliced(seed_store, value):
    columns, rows = run_sparql(seed_store, CATALOG_SPARQL["theme-party-days"][0], {"county": value})
    assert columns == CATALOG_COLUMNS["theme-party-days"] and rows == []
    _, rows = run_sparql(
        seed_store, CATALOG_SPARQL["evidence"][0], {"source": value, "type": value, "target": value}
    )
    assert rows == []


def test_parameter_values_of_other_types(seed_store):
    q = f'PREFIX kg: <{KG}> SELECT ?v WHERE {{ BIND(kg:param("v") AS ?v) }}'

    assert run_sparql(seed_store, q, {"v": 3}) == (["v"], [[3]])
    assert run_sparql(seed_store, q, {"v": datetime.date(2025, 9, 12)}) == (["v"], [["2025-09-12"]])
    assert run_sparql(seed_store, q, {"v": True}) == (["v"], [[True]])
    assert run_sparql(seed_store, q, {"v": None}) == (["v"], [[None]])
    assert run_sparql(seed_store, q) == (["v"], [[None]])
    with pytest.raises(QueryError, match="parameter 'v'"):
        run_sparql(seed_store, q, {"v": object()})


def test_values_are_plain_python(seed_store):
    q = """PREFIX schema: <https://schema.org/>
    SELECT ?e ?d (COUNT(*) AS ?n) (1.5 AS ?f) WHERE { ?e schema:startDate ?d } GROUP BY ?e ?d"""
    columns, rows = run_sparql(seed_store, q)
    assert columns == ["e", "d", "n", "f"]
    assert rows == [[DEFAULT_BASE + "evt-1c759dafc03dd61d", "2025-09-12", 1, 1.5]]
    assert run_sparql(seed_store, "ASK { ?s ?p ?o }") == (["ask"], [[True]])
    columns, rows = run_sparql(seed_store, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 2")
    assert columns == ["subject", "predicate", "object"] and len(rows) == 2


def test_syntax_error_is_a_query_error_on_one_line(seed_store):
    with pytest.raises(QueryError) as caught:
        run_sparql(seed_store, "SELECT ?s WHERE {\n  ?s ?p \n}")
    message = str(caught.value)
    assert isinstance(caught.value, KGError)
    assert (
        "\n" not in message
        and message.startswith("SPARQL syntax error: ")
        and "1:" not in message[:20]
    )


def test_store_persists_and_reopens_read_only(tmp_path, seed_quads, seed_store):
    build = tmp_path / "build"
    write_store(seed_quads, build / STORE_DIRNAME)
    query = CATALOG_SPARQL["positions"][0]
    expected = run_sparql(seed_store, query)
    assert run_sparql(build, query) == expected  # a build directory
    assert run_sparql(build / STORE_DIRNAME, query) == expected  # the store itself
    write_store(tiny_graph(), build / STORE_DIRNAME)  # replaced, not appended to
    assert len(run_sparql(build, query)[1]) == 1
    path = tmp_path / "g.trig"
    serialize(seed_quads, "trig", path)
    assert run_sparql(path, query) == expected  # an RDF file, loaded in memory


def test_store_errors_are_query_errors(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(QueryError, match="not empty and holds no store"):
        write_store(tiny_graph(), tmp_path)
    with pytest.raises(QueryError, match="no SPARQL store there"):
        run_sparql(tmp_path / "missing", "ASK {}")


@pytest.mark.parametrize("query", sorted(CATALOG_COLUMNS))
def test_catalog_matches_the_reference_when_facts_repeat_across_articles(query):
    graph = tiny_graph()
    store = write_store(graph, None)
    assert answer(store, query)[1] == nulls_last(reference(graph, query))


def test_wheel_ships_the_shapes(tmp_path):
    import zipfile

    from conftest import ROOT
    from hatchling.builders.wheel import WheelBuilder

    [wheel] = list(WheelBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"]))
    assert "kg/sinks/shapes.ttl" in zipfile.ZipFile(wheel).namelist()


def test_a_plain_store_is_queried_through_a_copy_with_the_union(seed_quads, seed_store):
    plain = ox.Store()
    plain.extend(seed_quads)  # named graphs only, no union in the default graph
    before = len(plain)
    query = CATALOG_SPARQL["organizers"][0]
    assert run_sparql(plain, query) == run_sparql(seed_store, query)
    assert len(plain) == before


def test_event_types_are_a_skos_taxonomy_and_families_can_be_queried(seed_store):
    query = """
    PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    PREFIX dcterms: <http://purl.org/dc/terms/>
    SELECT ?family ?type (COUNT(?e) AS ?events) WHERE {
      ?e dcterms:type ?t .
      ?t skos:prefLabel ?type_label ; skos:broader ?f .
      ?f skos:prefLabel ?family_label ; skos:narrower ?t .
      BIND (STR(?family_label) AS ?family)
      BIND (STR(?type_label) AS ?type)
    } GROUP BY ?family ?type ORDER BY ?family ?type"""
    _, rows = run_sparql(seed_store, query)
    assert ["组织生活", "主题党日", 2] in rows
    # the whole family in one question: every 组织生活 activity, whatever its type
    family = """
    PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    PREFIX dcterms: <http://purl.org/dc/terms/>
    SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {
      ?e dcterms:type/skos:broader/skos:prefLabel "组织生活"@zh .
    }"""
    assert run_sparql(seed_store, family)[1] == [[2]]


def test_a_post_at_a_place_and_a_county_organizing_conform_to_the_shapes():
    from kg.extract import extract_articles
    from kg.graph.build import add_extractions
    from kg.ingest import segment_source
    from kg.io import Metadata, Source

    text = "标题行\n\n6月12日，伊宁县县长李文博到伊宁县第一小学调研。近日，伊宁县开展主题宣讲活动。"
    articles = segment_source(Source("t.txt", text, Metadata(date="2025-06-20")))
    graph = add_extractions(new_graph(), extract_articles(articles))
    kinds = {
        (graph.nodes[u]["label"], d["type"], graph.nodes[v]["label"])
        for u, v, d in graph.edges(data=True)
    }
    assert ("Person", "HOLDS_POSITION", "Place") in kinds
    assert ("Place", "ORGANIZED", "Event") in kinds
    ok, report = validate(graph_to_rdf(graph))
    assert ok, report
