"""The research questions, each in Cypher (embedded store and Neo4j 5) and in SPARQL.

``kg ask NAME`` runs a question on a graph directory; the Cypher and SPARQL versions
return the same columns and rows (tests check it on the sample pages). Parameters are
checked once, before either engine is chosen (:func:`kg.query.params.check_params`), so
both refuse the same values with the same message; answers pass through
:func:`kg.query.answers.tidy`, so lists in cells are lists, sorted, for both.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.errors import QueryError
from kg.query.answers import tidy
from kg.query.cypher import CATALOG_CYPHER, checked_query, run_cypher
from kg.query.params import check_params
from kg.query.sparql import run_sparql
from kg.query.sparql_catalog import CATALOG_SPARQL


@dataclass(frozen=True)
class Question:
    name: str
    description: str
    params: tuple[str, ...]
    cypher: str  # LadybugDB dialect
    cypher_neo4j: str
    sparql: str


QUESTIONS: dict[str, Question] = {
    name: Question(name, description, params, ladybug, neo4j, CATALOG_SPARQL[name][0])
    for name, (ladybug, neo4j, description, params) in CATALOG_CYPHER.items()
}
ENGINES = ("cypher", "sparql")


def ask(
    directory: str | Path, name: str, params: dict | None = None, engine: str = "cypher"
) -> tuple[list[str], list[list]]:
    """Answer a research question on a graph directory made by ``kg build``.

    Raises:
        QueryError: unknown question, engine or parameter; or the engine failed.
    """
    from kg.builder import CYPHER_DB, SPARQL_STORE, check_graph_dir

    if name not in QUESTIONS:
        raise QueryError(
            f"no question named {name!r}; `kg ask --list` shows {', '.join(QUESTIONS)}"
        )
    if engine not in ENGINES:
        raise QueryError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}")
    values = check_params(name, QUESTIONS[name].params, params)  # one gate, both engines
    check_graph_dir(directory)
    if engine == "cypher":
        answer = run_cypher(Path(directory) / CYPHER_DB, *checked_query(name, values))
    else:
        answer = run_sparql(Path(directory) / SPARQL_STORE, QUESTIONS[name].sparql, values)
    return tidy(name, *answer)  # list cells and row order the same for both engines
