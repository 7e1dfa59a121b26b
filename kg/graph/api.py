"""``kg.Graph``: a built graph directory from Python, answers as pandas DataFrames.

Example:
    >>> import kg
    >>> kg.build(["seeds/"], "out/")                              # doctest: +SKIP
    >>> g = kg.Graph.open("out/")                                 # doctest: +SKIP
    >>> g.ask("positions").head(1)                                # doctest: +SKIP
      person  title organization
    0     ...
    >>> g.cypher("MATCH (o:Organization) RETURN count(o) AS n")   # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd

from kg.builder import CYPHER_DB, GRAPH_JSON, SPARQL_STORE, check_graph_dir
from kg.query.catalog import QUESTIONS, ask
from kg.query.cypher import run_cypher
from kg.query.sparql import run_sparql
from kg.sinks.nodelink import read_json


class Graph:
    """A graph directory made by ``kg build``."""

    def __init__(self, directory: Path, report: dict):
        self.directory = directory
        self.report = report

    @classmethod
    def open(cls, directory: str | Path) -> Graph:
        """Open a graph directory (refused if missing, foreign or incompatible)."""
        report = check_graph_dir(directory)
        return cls(Path(directory), report)

    def cypher(self, query: str, **params) -> pd.DataFrame:
        """Run Cypher on the embedded store; values travel as ``$name`` parameters."""
        return _frame(*run_cypher(self.directory / CYPHER_DB, query, params or None))

    def sparql(self, query: str, **params) -> pd.DataFrame:
        """Run SPARQL on the RDF store (default graph: the union of all articles' graphs)."""
        return _frame(*run_sparql(self.directory / SPARQL_STORE, query, params or None))

    def ask(self, name: str, engine: str = "cypher", **params) -> pd.DataFrame:
        """Answer a research question from the catalog (``Graph.questions()``)."""
        return _frame(*ask(self.directory, name, params or None, engine))

    @staticmethod
    def questions() -> pd.DataFrame:
        """The catalog: name, parameters, description."""
        rows = [[q.name, ", ".join(q.params), q.description] for q in QUESTIONS.values()]
        return pd.DataFrame(rows, columns=["name", "params", "description"])

    def networkx(self) -> nx.MultiDiGraph:
        """The whole graph as a networkx MultiDiGraph (from graph.json)."""
        return read_json(self.directory / GRAPH_JSON)


def _frame(columns: list[str], rows: list[list]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns)
