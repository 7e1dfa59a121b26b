"""SPARQL over kg's RDF with pyoxigraph: a persistent store and parameterized queries.

The research questions themselves are in :mod:`kg.query.sparql_catalog`.

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
parameter is not given), e.g. ``BIND(kg:param("county") AS ?county_param)``. With
``bind_variables`` (``kg sparql --param``) a parameter also binds the variable of its
name, ``?name``, through Oxigraph's substitutions (SEP-0007), which take it only in a
SELECT that lists it.

Example:
    >>> from kg.graph.build import new_graph
    >>> g = new_graph()
    >>> g.add_node("per-1", label="Person", id="per-1", name="朱帆")
    >>> store = write_store(g, None)   # None: in memory
    >>> run_sparql(store, 'SELECT ?n WHERE { ?p <https://schema.org/name> ?n }')
    (['n'], [['朱帆']])
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from kg.errors import QueryError
from kg.sinks.rdf import graph_to_rdf, triples
from kg.sinks.rdf_vocab import DEFAULT_BASE, KG, XSD

__all__ = [
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
    *,
    bind_variables: bool = False,
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
        bind_variables: also bind ``?name`` to each parameter the query names as a
            variable (a plain literal: text is ``xsd:string``, so compare a language-tagged
            name with ``STR(?n) = ?name``). Oxigraph binds only variables a SELECT lists.

    Raises:
        QueryError: invalid SPARQL (the engine's message, on one line), no store, or a
            parameter bound where Oxigraph cannot bind it.
    """
    store = open_store(source)
    bound = {
        name: _term(name, value) for name, value in (params or {}).items() if value is not None
    }
    substitutions = _substitutions(query, bound) if bind_variables else {}

    def param(name):
        return bound.get(name.value) if isinstance(name, ox.Literal) else None

    try:
        result = store.query(
            query,
            custom_functions={ox.NamedNode(PARAM_FUNCTION): param},
            substitutions=substitutions or None,
        )
        if isinstance(result, ox.QueryBoolean):
            return ["ask"], [[bool(result)]]
        if isinstance(result, ox.QueryTriples):
            if substitutions:  # Oxigraph drops a substituted template variable's triples
                raise QueryError(_unbindable(next(iter(substitutions)).value))
            return ["subject", "predicate", "object"], [
                [str(t.subject), str(t.predicate), str(t.object)] for t in result
            ]
        columns = [v.value for v in result.variables]
        rows = [[_value(solution[i]) for i in range(len(columns))] for solution in result]
    except SyntaxError as error:
        raise QueryError(f"SPARQL syntax error: {_line(error)}") from None
    except (RuntimeError, OSError, ValueError) as error:
        unprojected = _UNPROJECTED.search(str(error))
        if unprojected:
            raise QueryError(_unbindable(unprojected[1])) from None
        raise QueryError(f"SPARQL query failed: {_line(error)}") from None
    return columns, rows


# Strings, IRIs and comments first, so a ?name inside them is not taken for a variable.
_TOKENS = re.compile(
    "|".join(
        (
            r"'{3}.*?(?:'{3}|\Z)",  # long strings
            r'"{3}.*?(?:"{3}|\Z)',
            r"'(?:[^'\\\n]|\\.)*'",
            r'"(?:[^"\\\n]|\\.)*"',
            r'<[^<>"{}|^`\\\x00-\x20]*>',  # an IRI
            r"\#[^\n]*",  # a comment
            r"[?$](\w+)",  # a variable
        )
    ),
    re.DOTALL,
)
_UNPROJECTED = re.compile(r"does not contains? variable \?(\w+) in its SELECT projection")


def variable_names(query: str) -> set[str]:
    """The variables (``?name`` or ``$name``) a SPARQL query names outside strings, IRIs
    and comments.

    Example:
        >>> sorted(variable_names('SELECT ?a WHERE { ?a <urn:x?b> "?c" ; $d 1 } # ?e'))
        ['a', 'd']
    """
    return {m.group(1) for m in _TOKENS.finditer(query) if m.group(1)}


def _substitutions(query: str, bound: dict[str, ox.Literal]) -> dict:
    names = variable_names(query)
    out = {}
    for name, term in sorted(bound.items()):
        if name in names:
            try:
                out[ox.Variable(name)] = term
            except ValueError:  # \w is wider than SPARQL's VARNAME: no such variable
                continue
    return out


def _unbindable(name: str) -> str:
    return (
        f"parameter {name}: Oxigraph binds ?{name} only in a SELECT that lists it; "
        f'list ?{name} after SELECT, or read the value with kg:param("{name}")'
    )


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
