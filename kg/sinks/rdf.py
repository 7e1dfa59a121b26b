"""The graph as RDF on standard vocabularies, written with pyoxigraph, checked with SHACL.

:func:`graph_to_rdf` turns the networkx graph into quads: node descriptions and concept
schemes in the default graph, and every fact an article states, with its provenance, in
that article's named graph (a fact stated by two articles is in both). Turtle is the
union of all graphs; TriG and JSON-LD keep the named graphs. The mapping (W3C ORG,
schema.org, PROV-O, SKOS, ``kg:``) is in :mod:`kg.sinks.rdf_vocab` and docs/RDF.md.

Example:
    >>> from kg.graph.build import new_graph
    >>> g = new_graph()
    >>> g.add_node("org-1", label="Organization", id="org-1", name="某党支部", kind="党支部")
    >>> quads = graph_to_rdf(g)
    >>> validate(quads)[0]
    True
    >>> "skos:prefLabel \\"某党支部\\"@zh" in serialize(quads, "turtle").decode()
    True
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from kg.sinks.rdf_vocab import (
    DEFAULT_BASE,
    IDENTIFIER,
    LANG,
    PREFIXES,
    RDF,
    GraphMapper,
    RDFError,
    check_base,
    curie,
)

__all__ = [
    "DEFAULT_BASE",
    "FORMATS",
    "RDFError",
    "ensure_valid",
    "graph_to_rdf",
    "prefixes",
    "serialize",
    "to_rdflib",
    "triples",
    "validate",
    "write_rdf",
]

# name -> (pyoxigraph format, file suffix)
FORMATS = {
    "turtle": (ox.RdfFormat.TURTLE, ".ttl"),
    "trig": (ox.RdfFormat.TRIG, ".trig"),
    "jsonld": (ox.RdfFormat.JSON_LD, ".jsonld"),
    "nquads": (ox.RdfFormat.N_QUADS, ".nq"),
    "ntriples": (ox.RdfFormat.N_TRIPLES, ".nt"),
}
_QUAD_FORMATS = {"trig", "jsonld", "nquads"}

SH = "http://www.w3.org/ns/shacl#"


def prefixes(base: str = DEFAULT_BASE) -> dict[str, str]:
    """The prefixes writers use: the standard vocabularies, ``kg:``, ``kgc:`` and ``kgd:``
    (data under ``base``)."""
    return {**PREFIXES, "kgd": base}


def graph_to_rdf(graph: nx.MultiDiGraph, *, base: str = DEFAULT_BASE) -> list[ox.Quad]:
    """Return the graph as RDF quads, deduplicated, in a stable order.

    Order: the default graph (dataset, nodes by id, named-graph descriptions, concept
    schemes, evidence-less facts), then one named graph per article (by article id).
    Equal graphs give equal lists, whatever order their nodes and edges were added in.

    Args:
        graph: a graph from :func:`kg.graph.build.add_extractions`.
        base: data IRIs are ``base`` + graph id; vocabulary IRIs do not depend on it.

    Raises:
        RDFError: the base is not an IRI, a label or type is not in the graph model, or a
            value cannot be RDF (a lone surrogate).
    """
    return GraphMapper(graph, check_base(base)).run()


def triples(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    """The union of all graphs as triples, deduplicated, in first-seen order."""
    return list(dict.fromkeys(q.triple for q in quads))


def serialize(
    rdf: Iterable[ox.Quad],
    fmt: str = "turtle",
    output: str | Path | None = None,
    *,
    base: str = DEFAULT_BASE,
) -> bytes | None:
    """Serialize quads from :func:`graph_to_rdf` with pyoxigraph; bytes if no ``output``.

    ``turtle`` and ``ntriples`` hold the union of all graphs; ``trig``, ``nquads`` and
    ``jsonld`` keep the named graphs. JSON-LD is compacted with :func:`prefixes` as its
    ``@context`` (and ``@language: zh``).
    """
    if fmt not in FORMATS:
        raise RDFError(f"unknown RDF format {fmt!r}; expected one of {sorted(FORMATS)}")
    rdf = rdf if isinstance(rdf, list) else list(rdf)
    data = rdf if fmt in _QUAD_FORMATS else triples(rdf)
    if fmt != "jsonld":
        target = None if output is None else str(output)
        return ox.serialize(data, target, FORMATS[fmt][0], prefixes=prefixes(base))
    expanded = json.loads(ox.serialize(data, format=ox.RdfFormat.JSON_LD))
    doc = compact_jsonld(expanded, prefixes(base))
    # One node (or named graph) per line; json's C encoder only runs without indent.
    nodes = ",\n".join(json.dumps(n, ensure_ascii=False) for n in doc["@graph"])
    context = json.dumps(doc["@context"], ensure_ascii=False)
    blob = f'{{"@context": {context},\n"@graph": [\n{nodes}\n]}}\n'.encode()
    if output is None:
        return blob
    Path(output).write_bytes(blob)
    return None


def write_rdf(
    graph: nx.MultiDiGraph,
    directory: str | Path,
    *,
    stem: str = "graph",
    formats: Iterable[str] = ("turtle", "trig", "jsonld"),
    base: str = DEFAULT_BASE,
    check: bool = True,
) -> dict[str, Path]:
    """Write the graph as ``stem.ttl``, ``stem.trig``, ``stem.jsonld`` … in ``directory``.

    With ``check`` (the default) the RDF is validated against kg's SHACL shapes first,
    and nothing is written if it does not conform.

    Raises:
        RDFError: the RDF does not conform (the message names the first problem).
    """
    formats = list(formats)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise RDFError(f"unknown RDF format(s) {unknown}; expected some of {sorted(FORMATS)}")
    quads = graph_to_rdf(graph, base=base)
    if check:
        ensure_valid(quads)
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    paths = {fmt: out / (stem + FORMATS[fmt][1]) for fmt in formats}
    for fmt, path in paths.items():
        serialize(quads, fmt, path, base=base)
    return paths


# --- SHACL ----------------------------------------------------------------------------------


def shapes_text() -> str:
    """kg's SHACL shapes (kg/sinks/shapes.ttl, shipped inside the package)."""
    return resources.files("kg.sinks").joinpath("shapes.ttl").read_text(encoding="utf-8")


def to_rdflib(rdf):
    """The union of all graphs as an ``rdflib.Graph``, from quads, an rdflib graph or
    dataset, or the path of an RDF file."""
    import rdflib

    return rdflib.Graph().parse(data=_ntriples(rdf), format="nt")


def validate(rdf, *, engine: str = "oxigraph") -> tuple[bool, str]:
    """Validate RDF (quads, an rdflib graph, or a file) against kg's SHACL shapes.

    pyshacl checks the SHACL Core shapes. The two SHACL-SPARQL constraints (every fact's
    triple exists; every relationship triple has a fact with provenance) are run as one
    whole-graph query each by pyoxigraph (``engine="oxigraph"``): the same results as
    pyshacl's node-by-node evaluation (``engine="pyshacl"``), ~10× faster (docs/RDF.md).

    Returns:
        ``(conforms, report_text)``; the report has one problem per line (the node, its
        kg id, the property and what is wrong), or says that the RDF conforms.
    """
    import pyshacl
    import rdflib

    if engine not in ("oxigraph", "pyshacl"):
        raise RDFError(f"unknown SHACL engine {engine!r}; expected 'oxigraph' or 'pyshacl'")
    nt = _ntriples(rdf)
    shapes, sparql = _shapes()
    use = None if engine == "pyshacl" else [s for s in _node_shapes() if s not in sparql]
    rdflib_log = logging.getLogger("rdflib.term")  # ill-typed literals are the shapes' job
    level = rdflib_log.level
    rdflib_log.setLevel(logging.CRITICAL)
    try:
        data = rdflib.Graph().parse(data=nt, format="nt")
        _, results, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", use_shapes=use)
    finally:
        rdflib_log.setLevel(level)
    if not isinstance(results, rdflib.Graph):  # pyshacl could not apply the shapes
        raise RDFError(f"kg's SHACL shapes could not be applied: {' '.join(str(results).split())}")
    sh = rdflib.Namespace(SH)
    keys = ("focusNode", "resultPath", "resultMessage", "value")
    found = [
        tuple(None if (x := results.value(r, sh[k])) is None else str(x) for k in keys)
        for r in results.subjects(rdflib.RDF.type, sh.ValidationResult)
    ]
    if engine == "oxigraph":
        found += _sparql_constraints(nt, sparql)
    if not found:
        return True, f"conforms to kg's SHACL shapes ({len(data):,} triples)"
    ident = rdflib.URIRef(IDENTIFIER)
    lines = set()
    for focus, path, message, value in found:
        kg_id = data.value(rdflib.URIRef(focus), ident)
        line = f"<{focus}>{f' ({kg_id})' if kg_id else ''} {curie(path or '-', PREFIXES)}: "
        line += " ".join(message.split())
        if value is not None and value != focus:
            line += f" [value: {' '.join(value.split())[:80]}]"
        lines.add(line)
    report = "\n".join(sorted(lines))
    return False, f"{len(lines)} problem(s) with kg's SHACL shapes:\n{report}"


def ensure_valid(rdf) -> None:
    """Raise :class:`RDFError` (one line; the full report in ``.report``) unless ``rdf``
    conforms to kg's shapes."""
    conforms, report = validate(rdf)
    if not conforms:
        first, *rest = report.splitlines()[1:]
        error = RDFError(
            f"the RDF does not conform to kg's SHACL shapes ({len(rest) + 1} problem(s)); "
            f"first: {first}. This is a bug in the graph or its RDF mapping, not in the input"
        )
        error.report = report
        raise error


def _ntriples(rdf) -> bytes:
    import rdflib

    if isinstance(rdf, rdflib.Dataset):  # the union of its graphs
        union = rdflib.Graph()
        for s, p, o, _ in rdf.quads():
            union.add((s, p, o))
        rdf = union
    if isinstance(rdf, rdflib.Graph):
        return rdf.serialize(format="nt", encoding="utf-8")
    if isinstance(rdf, str | Path):
        rdf = ox.parse(path=str(rdf))
    return ox.serialize(triples(rdf), format=ox.RdfFormat.N_TRIPLES)


@cache
def _shapes():
    """(shapes graph, {node shape: [(select, message, targets)]}) for its SPARQL constraints."""
    import rdflib

    graph = rdflib.Graph().parse(data=shapes_text(), format="turtle")
    sh = rdflib.Namespace(SH)
    sparql: dict = {}
    for shape, constraint in graph.subject_objects(sh.sparql):
        if (shape, sh.property, None) in graph:
            raise RDFError(f"shapes.ttl: {shape} mixes sh:sparql with sh:property; split it")
        targets = [f"?this a <{c}>" for c in graph.objects(shape, sh.targetClass)]
        targets += [f"?this <{p}> ?any" for p in graph.objects(shape, sh.targetSubjectsOf)]
        select = str(graph.value(constraint, sh.select)).replace("$this", "?this")
        message = str(graph.value(constraint, sh.message) or "SPARQL constraint")
        sparql.setdefault(shape, []).append((select, message, targets))
    return graph, sparql


def _node_shapes() -> list:
    import rdflib

    graph = _shapes()[0]
    return sorted(set(graph.subjects(rdflib.RDF.type, rdflib.URIRef(SH + "NodeShape"))))


def _sparql_constraints(nt: bytes, sparql: dict) -> list[tuple]:
    """Each SHACL-SPARQL constraint as one query over the whole graph (``$this`` free),
    kept for the focus nodes of its shape's targets. Messages take no placeholders."""
    store = ox.Store()
    store.load(nt, format=ox.RdfFormat.N_TRIPLES)
    found = []
    for constraints in sparql.values():
        for select, message, targets in constraints:
            focus = {r["this"] for t in targets for r in store.query(f"SELECT ?this {{ {t} }}")}
            result = store.query(select)
            names = {v.value for v in result.variables}
            for row in result:
                if row["this"] in focus:
                    path, value = (row[n] if n in names else None for n in ("path", "value"))
                    found.append(
                        (row["this"].value, path and path.value, message, value and value.value)
                    )
    return found


def compact_jsonld(expanded: list, prefixes: dict[str, str]) -> dict:
    """Expanded JSON-LD (as pyoxigraph writes it) -> compact JSON-LD with the same quads.

    IRIs become CURIEs of ``prefixes`` (the @context), ``rdf:type`` becomes ``@type``,
    single values lose their array, and text tagged @zh becomes a plain string (the
    context's default language is zh; untagged strings stay value objects, which a default
    language does not touch).
    """
    rdf_type = RDF + "type"
    seen: dict[str, str] = {}

    def short(iri: str) -> str:
        got = seen.get(iri)
        if got is None:
            got = seen[iri] = curie(iri, prefixes)
        return got

    def value(obj: dict):
        if "@id" in obj:
            return {"@id": short(obj["@id"])}
        if "@value" in obj:
            if len(obj) == 2 and obj.get("@language") == LANG:
                return obj["@value"]
            return {**obj, "@type": short(obj["@type"])} if "@type" in obj else obj
        return node(obj)

    def node(obj: dict) -> dict:
        out = {}
        for key, items in obj.items():
            if key == "@id":
                out[key] = short(items)
            elif key == "@graph":
                out[key] = [node(x) for x in items]
            elif key == rdf_type and all(set(x) == {"@id"} for x in items):
                types = [short(x["@id"]) for x in items]
                out["@type"] = types[0] if len(types) == 1 else types
            elif key.startswith("@"):
                out[key] = items
            else:
                values = [value(x) for x in items]
                out[short(key)] = values[0] if len(values) == 1 else values
        return out

    return {"@context": {**prefixes, "@language": LANG}, "@graph": [node(x) for x in expanded]}
