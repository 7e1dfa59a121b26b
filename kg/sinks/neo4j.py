"""Load a graph directory made by ``kg build`` into Neo4j 5 over Bolt: batched, idempotent.

First a uniqueness constraint on each label's ``id`` and indexes on what the research
queries filter by (``IF NOT EXISTS``); then nodes and relationships in batches of
``UNWIND $rows … MERGE/CREATE … SET``, each batch one managed transaction (the driver's
``execute_write``, retried on transient errors). Each batch first reads what the database
holds for its rows and compares in Python: created / updated / unchanged are real,
unchanged rows are not written, and a retried batch or a re-run load converges. A node is
identified by label and id; a relationship by type, ends and its identifying properties
(``role``, ``title``; a null compares equal to a missing property, which a Cypher MERGE
cannot do). Labels, types and property names come only from :mod:`kg.graph.schema`;
values travel as parameters: dates as Neo4j dates, lists as lists, text as it is.
docs/NEO4J.md tells the whole story.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import networkx as nx

from kg.errors import KGError, UsageError
from kg.graph.schema import NODES, RELATIONSHIPS, check_label
from kg.graph.tables import GraphTables, SchemaMismatch, graph_tables
from kg.sinks.neo4j_batches import (
    OUTCOMES,
    Neo4jError,
    checked_name,
    identity_properties,
    label_ref,
    quoted,
    write_nodes,
    write_relationships,
)

__all__ = [
    "INDEXED",
    "MAX_INDEXED_BYTES",
    "LoadSummary",
    "Neo4jError",
    "check_uri",
    "load_graph",
    "load_neo4j",
    "redact",
    "schema_statements",
    "shown_uri",
]

BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
# The properties the catalog queries filter by (kind, type, level) or look up by name
# ($organization, $source, $target), besides each label's constrained id.
INDEXED: dict[str, tuple[str, ...]] = {
    "Article": ("title",),
    "Organization": ("name", "kind"),
    "Place": ("name", "level"),
    "Person": ("name",),
    "Event": ("name", "type"),
}
# A Neo4j 5 range index refuses a key over ~8 kB (8,167 bytes less its header): such a
# value would fail its whole transaction, so it is refused before anything is written.
MAX_INDEXED_BYTES = 8000
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class LoadSummary:
    """What a load did. ``nodes[label]`` and ``relationships[type]`` map each of
    created / updated / unchanged to a count; every label and type of the schema appears."""

    nodes: dict[str, dict[str, int]]
    relationships: dict[str, dict[str, int]]
    batches: int
    seconds: float
    server: str = ""
    database: str | None = None
    # nodes an earlier load created that resolution has since folded into another
    # (their ids are in that node's merged_ids): deleted with their relationships
    removed: dict[str, int] = field(default_factory=dict)

    def totals(self) -> dict[str, dict[str, int]]:
        """``{"nodes": {"created": n, ...}, "relationships": {...}}``."""
        return {
            "nodes": {o: sum(c[o] for c in self.nodes.values()) for o in OUTCOMES},
            "relationships": {o: sum(c[o] for c in self.relationships.values()) for o in OUTCOMES},
        }

    def to_dict(self) -> dict:
        return {**asdict(self), "totals": self.totals()}

    def __str__(self) -> str:
        parts = [
            f"{what} " + ", ".join(f"{n:,} {outcome}" for outcome, n in counts.items())
            for what, counts in self.totals().items()
        ]
        if sum(self.removed.values()):
            parts.append(f"{sum(self.removed.values()):,} superseded nodes removed")
        return f"{'; '.join(parts)} ({self.batches} batches, {self.seconds:.1f} s)"


def schema_statements() -> list[str]:
    """Constraints and indexes for every label of the schema, all ``IF NOT EXISTS``.

    Example:
        >>> schema_statements()[0]
        'CREATE CONSTRAINT kg_Article_id IF NOT EXISTS FOR (n:`Article`) REQUIRE n.`id` IS UNIQUE'
    """
    statements = [
        f"CREATE CONSTRAINT kg_{checked_name(label)}_id IF NOT EXISTS "
        f"FOR (n:{label_ref(label)}) REQUIRE n.`id` IS UNIQUE"
        for label in NODES
    ]
    for label, props in INDEXED.items():
        known = {p.name for p in NODES[check_label(label)].properties}
        for prop in props:
            if prop not in known:
                raise ValueError(f"INDEXED names {label}.{prop}, which the schema does not have")
            statements.append(
                f"CREATE INDEX kg_{checked_name(label)}_{checked_name(prop)} IF NOT EXISTS "
                f"FOR (n:{label_ref(label)}) ON (n.{quoted(prop)})"
            )
    return statements


def check_uri(uri: str) -> str:
    """Return ``uri`` if it is a Bolt URI without credentials; raise UsageError otherwise.

    A refused URI is never echoed, nor any part of it: a malformed one (``bolt:/neo4j:PW@h``,
    ``bolt://neo4j:p/w@h``) may hold a password anywhere, and only the URI's shape says
    where. An accepted one is printed as :func:`shown_uri` gives it.
    """
    if "@" in uri:  # user info, however malformed: Bolt URIs need no '@' elsewhere
        raise UsageError(
            "the URI holds a user name or password (it is not repeated here): give the "
            "user with --user (or NEO4J_USER) and the password in NEO4J_PASSWORD"
        )
    problem = _uri_problem(uri)
    if problem:
        raise UsageError(
            f"the URI is not a Bolt URI: {problem} (not repeated here: it may hold a "
            "secret); use bolt://HOST:7687 or neo4j://HOST:7687 (+s or +ssc for TLS)"
        )
    return uri


def _uri_problem(uri: str) -> str | None:
    """What is wrong with a URI without user info, in words that quote none of it."""
    try:
        parts = urlsplit(uri)
        _ = parts.port  # raises ValueError for a port that is not a number (a password?)
    except ValueError:
        return "it does not parse, or its port is not a number"
    if parts.scheme not in BOLT_SCHEMES:
        return f"its scheme is not one of {', '.join(BOLT_SCHEMES)}"
    if not parts.hostname:
        return "it names no host"
    if parts.path not in ("", "/") or parts.fragment:
        return "it has a path or fragment after the host"
    return None


def shown_uri(uri: str) -> str:
    """``uri`` as messages print it: scheme, host and port only (a query, which Neo4j
    reads as routing context, could carry anything); a URI :func:`check_uri` refuses is
    not shown at all.

    Example:
        >>> shown_uri("neo4j://db.example.org:7687?policy=eu")
        'neo4j://db.example.org:7687'
    """
    try:
        check_uri(uri)
    except UsageError:
        return "<the URI given>"
    parts = urlsplit(uri)
    return f"{parts.scheme}://{parts.netloc}"


def load_neo4j(
    directory: str | os.PathLike[str],
    uri: str,
    user: str,
    password: str,
    *,
    database: str | None = None,
    batch_size: int = 1000,
    progress: Progress | None = None,
    retry_seconds: float = 30.0,
) -> LoadSummary:
    """Load the graph of a directory made by ``kg build`` into a Neo4j 5 database.

    Args:
        directory: the graph directory (``kg build --out DIR``).
        uri: ``bolt://HOST:7687``, ``neo4j://…`` or their ``+s``/``+ssc`` TLS forms.
        user, password: the credentials (take the password from the environment).
        database: the database to write into; None for the user's home database.
        batch_size: rows per transaction.
        progress: called as ``progress(what, rows done, rows in all)`` once before the
            first batch (0 done) and after each batch.
        retry_seconds: how long the driver retries a batch that failed transiently.

    Raises:
        BuildError: ``directory`` is not a graph directory kg can read.
        UsageError: a bad URI or batch size.
        Neo4jError: authentication failed, no server, the server refused the data, or a
            value does not fit the schema or an index (one line, never the password).

    Example:
        >>> load_neo4j("out/", "bolt://localhost:7687", "neo4j",
        ...            os.environ["NEO4J_PASSWORD"]).totals()    # doctest: +SKIP
        {'nodes': {'created': 91, 'updated': 0, 'unchanged': 0}, 'relationships': {...}}
    """
    from kg.builder import GRAPH_JSON, check_graph_dir
    from kg.sinks.nodelink import read_json

    check_graph_dir(directory)
    graph = read_json(Path(directory) / GRAPH_JSON)
    return load_graph(
        graph,
        uri,
        user,
        password,
        database=database,
        batch_size=batch_size,
        progress=progress,
        retry_seconds=retry_seconds,
    )


def load_graph(
    graph: nx.MultiDiGraph,
    uri: str,
    user: str,
    password: str,
    *,
    database: str | None = None,
    batch_size: int = 1000,
    progress: Progress | None = None,
    retry_seconds: float = 30.0,
) -> LoadSummary:
    """Load a networkx graph built by :mod:`kg.graph.build`; see :func:`load_neo4j`."""
    import neo4j

    from kg import __version__

    check_uri(uri)
    if batch_size < 1:
        raise UsageError(f"batch size must be at least 1, found {batch_size}")
    started = time.perf_counter()
    try:
        tables = graph_tables(graph)
    except SchemaMismatch as error:
        raise Neo4jError(f"{error}; nothing was loaded") from None
    jobs = [("nodes", label, label, rows) for label, rows in _node_rows(tables).items()]
    jobs += [("relationships", g[0], g, rows) for g, rows in _relationship_rows(tables).items()]
    counts = {
        "nodes": {label: dict.fromkeys(OUTCOMES, 0) for label in NODES},
        "relationships": {kind: dict.fromkeys(OUTCOMES, 0) for kind in RELATIONSHIPS},
    }
    total, done, batches, where = sum(len(job[3]) for job in jobs), 0, 0, None
    removed: dict[str, int] = {}
    try:
        driver = neo4j.GraphDatabase.driver(
            uri,
            auth=(user, password),
            max_transaction_retry_time=retry_seconds,
            user_agent=f"kg/{__version__}",
        )
        with driver, driver.session(database=database) as session:
            driver.verify_connectivity()
            server = driver.get_server_info().agent
            for statement in schema_statements():
                session.execute_write(lambda tx, s=statement: tx.run(s).consume())
            if progress:  # connected, schema in place: the batches start
                progress("loading", 0, total)
            fresh: set[str] = set()  # nodes this load created: no relationship to read there
            for kind, name, key, rows in jobs:
                write = write_nodes if kind == "nodes" else write_relationships
                for start in range(0, len(rows), batch_size):
                    where = (batches, done, total)
                    batch = rows[start : start + batch_size]
                    outcome, created = session.execute_write(write, key, batch, fresh)
                    fresh.update(created)
                    for o in OUTCOMES:
                        counts[kind][name][o] += outcome[o]
                    batches += 1
                    done += sum(outcome.values())
                    if progress:
                        progress(f"{kind} {name}", done, total)
            for label, ids in _superseded(graph).items():
                removed[label] = session.execute_write(_remove, label, ids)
    except KGError:
        raise
    except Exception as error:
        raise _explain(error, uri, user, password, where) from None
    seconds = round(time.perf_counter() - started, 3)
    return LoadSummary(
        counts["nodes"], counts["relationships"], batches, seconds, server, database, removed
    )


def _superseded(graph: nx.MultiDiGraph) -> dict[str, list[str]]:
    """Per label, the ids resolution folded into a node of ``graph`` that is not itself in
    it: what an earlier load may have created and this graph no longer has."""
    out: dict[str, set[str]] = {}
    for _, data in graph.nodes(data=True):
        gone = [i for i in data.get("merged_ids", ()) if i not in graph]
        if gone:
            out.setdefault(check_label(data["label"]), set()).update(gone)
    return {label: sorted(ids) for label, ids in sorted(out.items())}


def _remove(tx, label: str, ids: list[str]) -> int:
    """Delete the superseded nodes of one label (and their relationships)."""
    query = f"MATCH (n:{label_ref(label)}) WHERE n.id IN $ids DETACH DELETE n RETURN count(*) AS n"
    return tx.run(query, ids=ids).single()["n"]


# -- rows ---------------------------------------------------------------------------------


def _node_rows(tables: GraphTables) -> dict[str, list[dict]]:
    out = {}
    for label, rows in tables.nodes.items():
        columns = tables.node_columns(label)
        dicts = [dict(zip(columns, row, strict=True)) for row in rows]
        for row in dicts:
            _check_indexable(label, row)
        out[label] = [{"id": row.pop("id"), "props": row} for row in dicts]
    return out


def _check_indexable(label: str, row: dict) -> None:
    for prop in ("id", *INDEXED.get(label, ())):
        value = row.get(prop)
        size = len(value.encode("utf-8", "surrogatepass")) if isinstance(value, str) else 0
        if size > MAX_INDEXED_BYTES:
            raise Neo4jError(
                f"{label} {row['id'][:40]}: {prop} is {size:,} bytes in UTF-8, over the "
                f"{MAX_INDEXED_BYTES:,} a Neo4j range index on {label}.{prop} takes; "
                "nothing was loaded"
            )


def _relationship_rows(tables: GraphTables) -> dict[tuple[str, str, str], list[dict]]:
    out = {}
    for group, rows in tables.relationships.items():
        kind = group[0]
        columns = tables.relationship_columns(kind)[2:]
        identity = identity_properties(kind)
        seen: set[tuple] = set()
        dicts = []
        for source, target, *values in rows:
            props = dict(zip(columns, values, strict=True))
            marker = (source, target, *(props[p] for p in identity))
            if marker in seen:
                raise Neo4jError(
                    f"{kind} {source} -> {target}: two relationships with the same "
                    f"{', '.join(identity) or 'ends'} ({marker[2:]}) cannot be told apart in "
                    "Neo4j; nothing was loaded"
                )
            seen.add(marker)
            dicts.append({"source": source, "target": target, "props": props})
        out[group] = dicts
    return out


# -- connection and errors ------------------------------------------------------------------


def _explain(
    error: Exception, uri: str, user: str, password: str, where: tuple | None = None
) -> Neo4jError:
    """One line for a driver or server error, without the password or the URI's query."""
    return Neo4jError(redact(_explanation(error, shown_uri(uri), user, where), uri, password))


def redact(text: str, uri: str, password: str) -> str:
    """``text`` (a driver's words, which may quote them) with the URI as :func:`shown_uri`
    shows it and the password as ``***``.

    Example:
        >>> redact("bolt://h:7687?k=pw: bad pw", "bolt://h:7687?k=pw", "pw")
        'bolt://h:7687: bad ***'
    """
    return _masked(_masked(text, uri, shown_uri(uri)), password, "***")


def _masked(text: str, secret: str, mask: str) -> str:
    """``text`` with ``secret`` replaced by ``mask``, also as one line and as repr quotes it."""
    for form in sorted({secret, " ".join(secret.split()), repr(secret)[1:-1]}, key=len)[::-1]:
        if form:
            text = text.replace(form, mask)
    return text


def _explanation(error: Exception, uri: str, user: str, where: tuple | None) -> str:
    from neo4j import exceptions as nx4j

    after = ""
    if where is not None:
        batches, done, total = where
        after = (
            f" after {batches} batches ({done:,} of {total:,} rows) were written; "
            "run the same load again: it continues where it stopped"
        )
    if isinstance(error, nx4j.AuthError):
        text = (
            f"{uri}: authentication failed for user {user!r}: check --user (NEO4J_USER) "
            "and NEO4J_PASSWORD"
        )
    elif isinstance(error, nx4j.IncompleteCommit):
        text = f"{uri}: the connection dropped while a batch was committing{after}"
    elif isinstance(error, nx4j.ServiceUnavailable | nx4j.SessionExpired):
        reason = re.search(r"\(reason (.+?)\)\s*$", str(error))
        text = f"{uri}: no Bolt server answers: {reason[1] if reason else _line(error)}{after}"
    elif isinstance(error, nx4j.Neo4jError):
        text = f"{uri}: the server refused: {error.code}: {_line(error.message or error)}{after}"
    else:
        text = f"{uri}: {type(error).__name__}: {_line(error)}{after}"
    return text


def _line(error) -> str:
    return " ".join(str(error).split()) or type(error).__name__
