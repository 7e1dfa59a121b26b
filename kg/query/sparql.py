"""SPARQL over kg's RDF with pyoxigraph: a persistent store, queries, and the research catalog.

The build writes an Oxigraph store (a RocksDB directory, ``DIR/sparql``) with
:func:`write_store`; :func:`run_sparql` opens it read-only (milliseconds, whatever its
size) instead of parsing N-Quads at every query (seconds per million quads; numbers in
docs/RDF.md).

The default graph a query sees is the union of all named graphs, so facts are found
whichever article states them. It is materialized when the store is written: a fact
stated by k articles is in k named graphs, and Oxigraph's on-the-fly union
(``use_default_graph_as_union``) keeps all k copies, so a join over a fact's triples
multiplies them (k⁴ rows for four patterns: minutes on the benchmark graph, where a
hierarchy fact is stated by hundreds of articles). A stored, deduplicated union costs
disk and load time once and keeps every query linear.

Parameters never enter the query text: a query reads them with the function
``kg:param("name")``, which :func:`run_sparql` answers from ``params`` (unbound when the
parameter is not given), e.g. ``BIND(kg:param("county") AS ?county_param)``.

Example:
    >>> from kg.graph.build import new_graph
    >>> g = new_graph()
    >>> g.add_node("per-1", label="Person", id="per-1", name="朱帆")
    >>> store = write_store(g, None)   # None: in memory
    >>> run_sparql(store, 'SELECT ?n WHERE { ?p <https://schema.org/name> ?n }')
    (['n'], [['朱帆']])
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from kg.errors import QueryError
from kg.sinks.rdf import graph_to_rdf, triples
from kg.sinks.rdf_vocab import DEFAULT_BASE, KG, NODE_CLASSES, RELATIONS, XSD, rdf_subject_label

__all__ = [
    "CATALOG_SPARQL",
    "STORE_DIRNAME",
    "QueryError",
    "open_store",
    "run_sparql",
    "write_store",
]

STORE_DIRNAME = "sparql"  # the store's directory inside a build directory (kg.builder)
PARAM_FUNCTION = KG + "param"
# In the default graph of every store kg writes: its default graph holds the union.
_UNION_MARK = ox.Quad(
    ox.NamedNode(KG + "store"),
    ox.NamedNode(KG + "defaultGraph"),
    ox.NamedNode(KG + "UnionOfGraphs"),
)
_RDF_FILES = {
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".jsonld": ox.RdfFormat.JSON_LD,
}


def write_store(
    rdf_or_graph: nx.MultiDiGraph | Iterable[ox.Quad],
    directory: str | Path | None,
    *,
    base: str = DEFAULT_BASE,
) -> ox.Store:
    """Write the RDF (or a graph, converted with :func:`kg.sinks.rdf.graph_to_rdf`) into a
    new Oxigraph store at ``directory`` and return it (open for writing).

    The named graphs are stored as they are, and the default graph also gets their
    union, deduplicated (see the module docstring). An existing store at ``directory`` is
    replaced; a directory that holds anything else is refused. ``directory=None`` makes
    an in-memory store.

    Raises:
        QueryError: ``directory`` exists and is not an Oxigraph store.
    """
    quads = (
        graph_to_rdf(rdf_or_graph, base=base)
        if isinstance(rdf_or_graph, nx.Graph)
        else list(rdf_or_graph)
    )
    if directory is None:
        store = ox.Store()
    else:
        path = Path(directory)
        if path.exists() and any(path.iterdir()):
            if not _is_store(path):
                raise QueryError(
                    f"{path}: not writing an Oxigraph store there: the directory is not empty "
                    "and holds no store; choose a new or empty directory"
                )
            shutil.rmtree(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        store = ox.Store(str(path))
    named = [q for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)]
    default = {q.triple for q in quads if isinstance(q.graph_name, ox.DefaultGraph)}
    union = [ox.Quad(*t) for t in triples(named) if t not in default]
    store.bulk_extend([*quads, *union, _UNION_MARK])
    store.flush()
    return store


def open_store(source: str | Path | ox.Store) -> ox.Store:
    """An Oxigraph store to query whose default graph holds the union of its graphs:
    a store from :func:`write_store`; a store directory (opened read-only) or a build
    directory holding ``sparql/``; an RDF file (.trig, .nq, .ttl, .nt, .jsonld), loaded
    into memory; or any other pyoxigraph ``Store``, copied into memory with the union
    added (it is not changed).

    Raises:
        QueryError: nothing usable at ``source``.
    """
    if isinstance(source, ox.Store):
        return source if _UNION_MARK in source else write_store(source, None)
    path = Path(source)
    for candidate in (path / STORE_DIRNAME, path):
        if _is_store(candidate):
            try:
                return ox.Store.read_only(str(candidate))
            except OSError as error:
                raise QueryError(
                    f"{candidate}: the Oxigraph store cannot be opened: {_line(error)}"
                ) from None
    if path.is_file() and path.suffix in _RDF_FILES:
        try:
            return write_store(ox.parse(path=str(path), format=_RDF_FILES[path.suffix]), None)
        except (SyntaxError, ValueError, OSError) as error:
            raise QueryError(f"{path}: not readable as RDF: {_line(error)}") from None
    raise QueryError(
        f"{source}: no SPARQL store there: expected a build directory with {STORE_DIRNAME}/, "
        "an Oxigraph store directory, or an RDF file (.trig, .nq, .ttl, .nt, .jsonld); "
        "run `kg build` first"
    )


def run_sparql(
    source: str | Path | ox.Store,
    query: str,
    params: Mapping[str, object] | None = None,
) -> tuple[list[str], list[list]]:
    """Run a SPARQL query; return ``(columns, rows)`` with plain Python values.

    Columns are the SELECT variables in order. Values: text as ``str`` (language tags
    dropped), integers as ``int``, decimals as ``float``, booleans as ``bool``, dates as
    ISO strings, IRIs as strings, unbound as ``None``. ASK gives ``(["ask"], [[bool]])``;
    CONSTRUCT/DESCRIBE give subject, predicate, object rows in N-Triples form.

    Args:
        source: see :func:`open_store`.
        query: SPARQL 1.1. The default graph is the union of all graphs, each triple
            once; ``GRAPH ?g {…}`` reaches one article's named graph.
        params: values for ``kg:param("name")`` in the query (str, int, float, bool,
            datetime.date; None leaves the parameter unbound).

    Raises:
        QueryError: invalid SPARQL (the engine's message, on one line), or no store.
    """
    store = open_store(source)
    bound = {
        name: _term(name, value) for name, value in (params or {}).items() if value is not None
    }

    def param(name):
        return bound.get(name.value) if isinstance(name, ox.Literal) else None

    try:
        result = store.query(query, custom_functions={ox.NamedNode(PARAM_FUNCTION): param})
        if isinstance(result, ox.QueryBoolean):
            return ["ask"], [[bool(result)]]
        if isinstance(result, ox.QueryTriples):
            return ["subject", "predicate", "object"], [
                [str(t.subject), str(t.predicate), str(t.object)] for t in result
            ]
        columns = [v.value for v in result.variables]
        rows = [[_value(solution[i]) for i in range(len(columns))] for solution in result]
    except SyntaxError as error:
        raise QueryError(f"SPARQL syntax error: {_line(error)}") from None
    except (RuntimeError, OSError, ValueError) as error:
        raise QueryError(f"SPARQL query failed: {_line(error)}") from None
    return columns, rows


def _is_store(path: Path) -> bool:
    return (path / "CURRENT").is_file() and any(path.glob("OPTIONS-*"))


def _line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def _term(name: str, value) -> ox.Literal:
    if isinstance(value, bool | int | float):
        return ox.Literal(value)
    if isinstance(value, date):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    if isinstance(value, str):
        try:
            return ox.Literal(value)
        except ValueError:
            pass
    raise QueryError(
        f"parameter {name!r}: {value!r} is not usable; expected text, a number or a date"
    )


_INTEGERS = {
    XSD + t
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "unsignedInt",
        "unsignedLong",
    )
}
_FLOATS = {XSD + t for t in ("decimal", "double", "float")}


def _value(term):
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.Literal):
        kind = term.datatype.value
        try:
            if kind in _INTEGERS:
                return int(term.value)
            if kind in _FLOATS:
                return float(term.value)
        except ValueError:
            return term.value
        if kind == XSD + "boolean":
            return term.value in ("true", "1")
        return term.value
    return str(term)


# --- the research catalog -------------------------------------------------------------------

_PREFIXES = f"""PREFIX kg: <{KG}>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""


def _order(*columns: str) -> str:
    """ORDER BY every column, unbound (null) last as in Cypher."""
    return "ORDER BY " + " ".join(f"(!BOUND(?{c})) ?{c}" for c in columns)


def _relation_values() -> str:
    """VALUES rows (type, predicate, inverse, class of the triple's subject), from the mapping."""
    rows = []
    for kind, rel in RELATIONS.items():
        cls = NODE_CLASSES[rdf_subject_label(kind)][0]
        rows.append(
            f'    ("{kind}" <{rel.predicate}> {"true" if rel.inverse else "false"} <{cls}>)'
        )
    return "\n".join(rows)


# Written for Oxigraph's planner (measured on ~1M triples, docs/RDF.md): required
# patterns before OPTIONALs, no required pattern after an OPTIONAL (that became a nested
# loop: 176 s), no OPTIONAL on a variable made by BIND, and for evidence the names are
# looked up once per fact in a subquery before joining the many derivations.
_THEME_PARTY_DAYS = (
    _PREFIXES
    + """
SELECT ?organization ?event ?county ?date ?date_text ?sentence ?article WHERE {
  ?e dcterms:type/skos:prefLabel "主题党日"@zh .
  ?f rdf:predicate schema:organizer ; rdf:subject ?e ; rdf:object ?o ;
     prov:qualifiedDerivation ?d .
  ?o org:classification/skos:prefLabel ?kind .
  FILTER (STR(?kind) IN ("党支部", "党总支", "党委"))
  ?o skos:prefLabel ?org_name .
  ?d kg:sentence ?sentence_text ; prov:entity/dcterms:identifier ?article .
  OPTIONAL { ?e schema:name ?event_name }
  OPTIONAL { ?e kg:county ?event_county }
  OPTIONAL { ?e schema:startDate ?date }
  OPTIONAL { ?e kg:dateText ?event_date_text }
  BIND (kg:param("county") AS ?county_param)
  FILTER (!BOUND(?county_param) || STR(?event_county) = STR(?county_param))
  BIND (STR(?org_name) AS ?organization)
  BIND (COALESCE(STR(?event_name), "") AS ?event)
  BIND (STR(?event_county) AS ?county)
  BIND (STR(?event_date_text) AS ?date_text)
  BIND (STR(?sentence_text) AS ?sentence)
}
"""
    + _order("organization", "event", "county", "date", "date_text", "sentence", "article")
)

_EVENTS_BY_COUNTY = (
    _PREFIXES
    + """
SELECT ?county ?month (COUNT(DISTINCT ?e) AS ?events) WHERE {
  ?e a schema:Event .
  OPTIONAL {   # where it was held, rolled up to a county-level place
    SELECT ?e (MIN(STR(?held_name)) AS ?held_county) WHERE {
      ?e a schema:Event ; schema:location ?place .
      ?place schema:containedInPlace* ?c .
      ?c kg:level "county" ; schema:name ?held_name .
    } GROUP BY ?e
  }
  OPTIONAL {   # else the first organizer's place (主办, 承办, 组织, 开展, 协办), rolled up
    SELECT ?e (MIN(CONCAT(?rank, STR(?org_county_name))) AS ?ranked) WHERE {
      ?f rdf:predicate schema:organizer ; rdf:subject ?e ; rdf:object ?o .
      ?o schema:location ?org_place .
      ?org_place schema:containedInPlace* ?oc .
      ?oc kg:level "county" ; schema:name ?org_county_name .
      OPTIONAL { ?f kg:role ?role }
      BIND (COALESCE(IF(STR(?role) = "主办", "1", IF(STR(?role) = "承办", "2",
            IF(STR(?role) = "组织", "3", IF(STR(?role) = "开展", "4",
            IF(STR(?role) = "协办", "5", "9"))))), "9") AS ?rank)
    } GROUP BY ?e
  }
  OPTIONAL { ?e kg:county ?event_county }
  OPTIONAL { ?e schema:startDate ?date }
  BIND (COALESCE(?held_county, SUBSTR(?ranked, 2), STR(?event_county)) AS ?county)
  BIND (SUBSTR(STR(?date), 1, 7) AS ?month)
}
GROUP BY ?county ?month
"""
    + _order("county", "month", "events")
)

_ORGANIZERS = (
    _PREFIXES
    + """
SELECT ?organization ?role ?event ?type ?date WHERE {
  ?f rdf:predicate schema:organizer ; rdf:subject ?e ; rdf:object ?o .
  ?o skos:prefLabel ?org_name .
  BIND (kg:param("organization") AS ?organization_param)
  FILTER (!BOUND(?organization_param) || STR(?org_name) = STR(?organization_param))
  OPTIONAL { ?f kg:role ?fact_role }
  OPTIONAL { ?e schema:name ?event_name }
  OPTIONAL { ?e dcterms:type/skos:prefLabel ?event_type }
  OPTIONAL { ?e schema:startDate ?date }
  BIND (STR(?org_name) AS ?organization)
  BIND (STR(?fact_role) AS ?role)
  BIND (COALESCE(STR(?event_name), "") AS ?event)
  BIND (STR(?event_type) AS ?type)
}
"""
    + _order("organization", "role", "event", "type", "date")
)

_POSITIONS = (
    _PREFIXES
    + """
SELECT ?person ?title ?organization WHERE {
  ?m a org:Membership ; org:member ?p ; org:organization ?o .
  ?p schema:name ?person_name .
  ?o skos:prefLabel ?org_name .
  OPTIONAL { ?m org:role/skos:prefLabel ?title_label }
  BIND (STR(?person_name) AS ?person)
  BIND (STR(?title_label) AS ?title)
  BIND (STR(?org_name) AS ?organization)
}
"""
    + _order("person", "title", "organization")
)

_PEOPLE_IN_NEWS = (
    _PREFIXES
    + """
SELECT ?person ?article ?title ?role WHERE {
  {
    ?f rdf:predicate schema:author ; rdf:subject ?a ; rdf:object ?p .
    OPTIONAL { ?f kg:role ?wrote_role }
    BIND (STR(?wrote_role) AS ?role)
  } UNION {
    ?f rdf:predicate schema:contributor ; rdf:subject ?a ; rdf:object ?p .
    BIND ("摄影" AS ?role)
  } UNION {
    ?f rdf:predicate schema:mentions ; rdf:subject ?a ; rdf:object ?p .
    ?p a schema:Person .
    BIND ("提及" AS ?role)
  }
  ?p schema:name ?person_name .
  ?a dcterms:identifier ?article .
  OPTIONAL { ?a schema:headline ?headline }
  BIND (STR(?person_name) AS ?person)
  BIND (STR(?headline) AS ?title)
}
"""
    + _order("person", "article", "title", "role")
)

_EVIDENCE = (
    _PREFIXES
    + """
SELECT ?source ?type ?target ?article ?sentence ?span ?rule WHERE {
  {
    SELECT ?f ?type ?source ?target WHERE {
      VALUES (?type ?p ?inverse ?subject_class) {
__RELATIONS__
      }
      BIND (kg:param("type") AS ?type_param)
      FILTER (!BOUND(?type_param) || ?type = STR(?type_param))
      ?f rdf:predicate ?p ; rdf:subject ?x ; rdf:object ?y .
      ?x a ?subject_class .
      OPTIONAL { ?x schema:name ?x_name }
      OPTIONAL { ?x schema:headline ?x_title }
      OPTIONAL { ?y schema:name ?y_name }
      OPTIONAL { ?y schema:headline ?y_title }
      # the triple runs from target to source when the relation is inverse (schema:organizer)
      BIND (STR(IF(?inverse, COALESCE(?y_name, ?y_title), COALESCE(?x_name, ?x_title))) AS ?source)
      BIND (STR(IF(?inverse, COALESCE(?x_name, ?x_title), COALESCE(?y_name, ?y_title))) AS ?target)
      BIND (kg:param("source") AS ?source_param)
      BIND (kg:param("target") AS ?target_param)
      FILTER (!BOUND(?source_param) || ?source = STR(?source_param))
      FILTER (!BOUND(?target_param) || ?target = STR(?target_param))
    }
  }
  ?f prov:qualifiedDerivation ?d .
  ?d prov:entity/dcterms:identifier ?article ; kg:sentence ?sentence_text .
  OPTIONAL { ?d kg:span ?span }
  OPTIONAL { ?d kg:rule ?rule }
  BIND (STR(?sentence_text) AS ?sentence)
}
""".replace("__RELATIONS__", _relation_values())
    + _order("source", "type", "target", "article", "sentence", "span", "rule")
)

# name -> (query, description, parameter names). The Cypher catalog returns the same
# columns and, on the same graph, the same rows.
CATALOG_SPARQL: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "theme-party-days": (
        _THEME_PARTY_DAYS,
        "Which 党支部/党总支/党委 ran which 主题党日 in which county (the event's county), "
        "one row per sentence stating the ORGANIZED fact; optional parameter county.",
        ("county",),
    ),
    "events-by-county": (
        _EVENTS_BY_COUNTY,
        "Events per county and month (YYYY-MM, null without a date). County: where the "
        "event was held, rolled up (schema:containedInPlace*) to a county-level place; else "
        "the first organizer's place rolled up (主办 first, then 承办, 组织, 开展, 协办); else the "
        "event's county property.",
        (),
    ),
    "organizers": (
        _ORGANIZERS,
        "Who organized what: organization, role (主办, 承办, 协办, 组织, 开展), event (name or ''), "
        "event type, date; optional parameter organization (its name).",
        ("organization",),
    ),
    "positions": (
        _POSITIONS,
        "Posts and roles people hold: person, title, organization.",
        (),
    ),
    "people-in-news": (
        _PEOPLE_IN_NEWS,
        "People in articles: person, article id, article title, role (the byline role for "
        "authors, 摄影 for photographers, 提及 for people the article mentions).",
        (),
    ),
    "evidence": (
        _EVIDENCE,
        "The evidence of a fact: parameters source (name), type (a relationship type of the "
        "graph model, e.g. ORGANIZED) and target (name; an article's title) -> one row per "
        "statement: article id, sentence, span 'start:end', rule.",
        ("source", "type", "target"),
    ),
}
