"""Draw the README's picture: the organization–event–place network of the sample pages.

Usage (from the repository root):
    python notebooks/make_readme_figure.py [OUT.png]

It builds seeds/ into a temporary directory and draws what notebooks/02_visualize.ipynb
draws first; OUT.png defaults to docs/img/org_event_place.png.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no screen needed; before pyplot is imported

import matplotlib.pyplot as plt

import kg
from kg import viz

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "docs" / "img" / "org_event_place.png"


def render(graph_dir: Path, png: Path) -> Path:
    """Draw the network of the graph in ``graph_dir`` into ``png`` (the same bytes each time)."""
    network = viz.org_event_place(kg.Graph.open(graph_dir).networkx())
    ax = viz.draw(network, title="Organizations, events and places of the two sample pages")
    png.parent.mkdir(parents=True, exist_ok=True)
    ax.figure.savefig(png, dpi=100, metadata={"Software": None})  # no version stamp
    plt.close(ax.figure)
    return png


def main() -> None:
    png = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    with tempfile.TemporaryDirectory() as tmp:
        kg.build([ROOT / "seeds"], Path(tmp) / "seeds")
        print(render(Path(tmp) / "seeds", png))


if __name__ == "__main__":
    main()
