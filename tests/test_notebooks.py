"""The notebooks run top to bottom on a fresh kernel, and are committed without outputs."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from conftest import ROOT
from ipykernel.kernelspec import write_kernel_spec
from nbclient import NotebookClient

NOTEBOOKS = ROOT / "notebooks"
NAMES = ["01_quickstart.ipynb", "02_visualize.ipynb", "03_neo4j.ipynb"]


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """Run a notebook once per test module: (the executed notebook, its graph directory).

    The kernel is this interpreter (a ``python3`` spec written ahead of any the user has),
    graphs go to a temporary directory (KG_NOTEBOOK_OUT) and NEO4J_URI is unset, so 03
    takes its no-server path.
    """
    jupyter = tmp_path_factory.mktemp("jupyter")
    write_kernel_spec(jupyter / "kernels" / "python3")
    done: dict[str, tuple[nbformat.NotebookNode, Path]] = {}

    def run(name: str) -> tuple[nbformat.NotebookNode, Path]:
        if name not in done:
            out = tmp_path_factory.mktemp(name.split("_")[0])
            notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
            client = NotebookClient(
                notebook,
                timeout=300,  # per cell: the first import of spaCy on a busy machine
                kernel_name="python3",
                resources={"metadata": {"path": str(NOTEBOOKS)}},
            )
            with pytest.MonkeyPatch.context() as env:
                env.setenv("JUPYTER_PATH", str(jupyter))
                env.setenv("KG_NOTEBOOK_OUT", str(out))
                env.delenv("NEO4J_URI", raising=False)
                client.execute()  # raises CellExecutionError at the first failing cell
            done[name] = notebook, out
        return done[name]

    return run


def outputs(notebook: nbformat.NotebookNode) -> list[dict]:
    return [output for cell in notebook.cells for output in cell.get("outputs", [])]


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_top_to_bottom_without_warnings(name, executed):
    notebook, _ = executed(name)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code and all(cell.execution_count for cell in code)
    # A missing glyph (Chinese drawn as boxes) would be a warning on stderr.
    stderr = "".join(o.get("text", "") for o in outputs(notebook) if o.get("name") == "stderr")
    assert stderr == ""


@pytest.mark.slow
def test_quickstart_builds_the_graph_and_shows_tables(executed):
    notebook, out = executed("01_quickstart.ipynb")
    assert (out / "seeds" / "kg-build.json").is_file()
    tables = [o for o in outputs(notebook) if "text/html" in o.get("data", {})]
    assert len(tables) >= 10  # the catalog, every question, Cypher and SPARQL
    (compare,) = [cell for cell in notebook.cells if 'engine="sparql"' in cell.source]
    assert compare.outputs[0]["data"]["text/plain"] == "True"  # SPARQL gave Cypher's rows


@pytest.mark.slow
def test_visualize_draws_four_figures_and_writes_the_page(executed):
    notebook, out = executed("02_visualize.ipynb")
    images = [o for o in outputs(notebook) if "image/png" in o.get("data", {})]
    assert len(images) == 4  # network, ego network, events per county, timeline
    page = out / "seeds" / "org_event_place.html"
    assert "vis.DataSet" in page.read_text(encoding="utf-8")


@pytest.mark.slow
def test_neo4j_notebook_without_a_server_says_how_to_start_one(executed):
    notebook, out = executed("03_neo4j.ipynb")
    printed = "".join(o.get("text", "") for o in outputs(notebook))
    assert "NEO4J_URI is not set" in printed
    assert "docker compose -f docker/compose.yaml up -d" in printed
    assert not any(out.iterdir())  # nothing built, nothing loaded


@pytest.mark.parametrize("name", NAMES)
def test_committed_notebooks_have_no_outputs(name):
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata.kernelspec.name == "python3"
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{name}: a cell has outputs; strip them before committing"
            assert cell.execution_count is None, f"{name}: a cell has an execution count"
