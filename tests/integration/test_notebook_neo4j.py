"""notebooks/03_neo4j.ipynb, top to bottom on a fresh kernel, against the test Bolt server.

The server is ArcadeDB started by conftest.py, or a real Neo4j 5 when NEO4J_URI is set.
"""

from __future__ import annotations

import re

import nbformat
import pytest
from ipykernel.kernelspec import write_kernel_spec
from nbclient import NotebookClient
from test_notebooks import NOTEBOOKS, outputs

from kg.builder import GRAPH_JSON
from kg.sinks.neo4j import shown_uri
from kg.sinks.nodelink import read_json

pytestmark = pytest.mark.neo4j


def test_neo4j_notebook_loads_the_graph_and_agrees_with_the_embedded_store(
    empty_db, bolt_driver, tmp_path
):
    # The kernel is this interpreter (as in tests/test_notebooks.py); the notebook reads
    # the server from the environment the kernel inherits.
    write_kernel_spec(tmp_path / "jupyter" / "kernels" / "python3")
    out = tmp_path / "out"
    notebook = nbformat.read(NOTEBOOKS / "03_neo4j.ipynb", as_version=4)
    client = NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    with pytest.MonkeyPatch.context() as env:
        env.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
        env.setenv("KG_NOTEBOOK_OUT", str(out))
        env.setenv("NEO4J_URI", empty_db.uri)
        env.setenv("NEO4J_USER", empty_db.user)
        env.setenv("NEO4J_PASSWORD", empty_db.password)
        env.setenv("NEO4J_DATABASE", empty_db.database or "")
        client.execute()  # raises CellExecutionError at the first failing cell

    printed = outputs(notebook)
    assert not [o for o in printed if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in printed)
    assert f"Neo4j at {shown_uri(empty_db.uri)}" in text  # scheme, host and port only
    assert empty_db.password not in text

    # The load summary: every node and relationship of graph.json was created, and the
    # server now holds exactly those.
    graph = read_json(out / "seeds" / GRAPH_JSON)
    nodes = re.search(r"nodes ([\d,]+) created", text)
    rels = re.search(r"relationships ([\d,]+) created", text)
    assert nodes and rels, text
    assert int(nodes[1].replace(",", "")) == graph.number_of_nodes() > 0
    assert int(rels[1].replace(",", "")) == graph.number_of_edges() > 0
    (count,) = bolt_driver.execute_query(
        "MATCH (n) RETURN count(n) AS n", database_=empty_db.database
    ).records
    assert count["n"] == graph.number_of_nodes()

    # The last cell's table: question | neo4j rows | embedded rows, equal on every row.
    (compare,) = [cell for cell in notebook.cells if "embedded rows" in cell.source]
    (table,) = [o["data"]["text/plain"] for o in compare.outputs if "data" in o]
    header, *rows = table.splitlines()
    assert header.split() == ["question", "neo4j", "rows", "embedded", "rows"]
    counts = {q: (int(a), int(b)) for _, q, a, b in (row.split() for row in rows)}
    assert len(counts) == len(rows) and "theme-party-days" in counts, table
    assert all(a == b for a, b in counts.values()), counts
    assert any(a > 0 for a, _ in counts.values()), counts
