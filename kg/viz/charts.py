"""Charts from the catalog's answers and the graph's events: counts per county, a timeline."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import networkx as nx
import pandas as pd

from kg.viz.fonts import use_cjk_font
from kg.viz.style import EVENT, LABEL_COLOURS, node_text

if TYPE_CHECKING:
    from matplotlib.axes import Axes

NO_COUNTY = "(no county)"


def county_counts(events_by_county: pd.DataFrame) -> pd.Series:
    """Events per county from the ``events-by-county`` answer (months summed), most first.

    Events with no county are counted under :data:`NO_COUNTY`.
    """
    counties = events_by_county["county"].fillna(NO_COUNTY)
    counts = events_by_county["events"].groupby(counties).sum().astype(int)
    order = sorted(counts.index, key=lambda county: (-counts[county], county))
    return counts.loc[order].rename("events")


def events_per_county(data: pd.DataFrame | Any, ax: Axes | None = None) -> Axes:
    """Bar chart of events per county, most on top.

    Args:
        data: the ``events-by-county`` DataFrame, or a ``kg.Graph`` (asked for it).
        ax: where to draw; a new figure when None.
    """
    import matplotlib.pyplot as plt

    use_cjk_font()
    frame = data if isinstance(data, pd.DataFrame) else data.ask("events-by-county")
    counts = county_counts(frame)
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 0.5 * len(counts) + 1.5), layout="constrained")
    ax.barh(counts.index, counts.to_numpy(), color=LABEL_COLOURS[EVENT])
    ax.invert_yaxis()
    ax.set_xlabel("events")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_title("Events per county")
    return ax


def events_table(graph: nx.MultiDiGraph) -> pd.DataFrame:
    """The events of the graph, by date (undated last), then name and id."""
    columns = ["id", "name", "type", "date", "date_text", "county"]
    rows = [
        [node] + [data.get(c) for c in columns[1:]]
        for node, data in graph.nodes(data=True)
        if data.get("label") == EVENT
    ]
    frame = pd.DataFrame(rows, columns=columns)
    frame["date"] = pd.to_datetime(frame["date"], format="%Y-%m-%d")
    frame = frame.sort_values(["date", "name", "id"], na_position="last", kind="stable")
    return frame.reset_index(drop=True)


def timeline(graph: nx.MultiDiGraph, ax: Axes | None = None) -> Axes:
    """The dated events on a time axis, earliest on top; the title counts the undated ones."""
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    use_cjk_font()
    events = events_table(graph)
    dated = events[events["date"].notna()]
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 0.45 * len(dated) + 1.5), layout="constrained")
    rows = list(range(len(dated)))
    ax.scatter(dated["date"], rows, color=LABEL_COLOURS[EVENT], zorder=3)
    ax.set_yticks(rows, [node_text(row, limit=30) for row in dated.to_dict("records")])
    ax.grid(axis="x", color="#e0e0e0")
    if rows:  # earliest on top; at least a month either side, not years around one date
        ax.set_ylim(len(rows) - 0.5, -0.5)
        first, last = dated["date"].min(), dated["date"].max()
        pad = max((last - first) * 0.05, pd.Timedelta(days=30))
        ax.set_xlim(first - pad, last + pad)
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_title(f"Events by date ({len(dated)} dated, {len(events) - len(dated)} undated)")
    return ax
