"""Figures of a kg graph for notebooks: networks, ego networks, counts per county, timelines.

The helpers take the networkx MultiDiGraph of ``kg.Graph.open(DIR).networkx()`` (nodes
carry ``label`` and ``name``/``title``, edges carry ``type``) or the DataFrames of
``kg.Graph.ask``. Layouts are seeded, so the same graph gives the same picture. Every
plotting helper first calls :func:`use_cjk_font`, so Chinese is drawn as Chinese, not as
empty boxes.

Example:
    >>> import kg
    >>> from kg import viz
    >>> graph = kg.Graph.open("out/").networkx()                        # doctest: +SKIP
    >>> network = viz.org_event_place(graph)                             # doctest: +SKIP
    >>> ax = viz.draw(network)                                           # doctest: +SKIP
    >>> viz.to_pyvis_html(network, "out/network.html")                   # doctest: +SKIP
    >>> viz.events_per_county(kg.Graph.open("out/"))                     # doctest: +SKIP
"""

from kg.viz.charts import NO_COUNTY, county_counts, events_per_county, events_table, timeline
from kg.viz.fonts import CJK_FAMILIES, use_cjk_font
from kg.viz.interactive import notebook_view, to_pyvis_html
from kg.viz.network import SEED, draw, ego, layout, most_connected, org_event_place, with_labels
from kg.viz.style import LABEL_COLOURS, LABEL_MARKERS, ORG_EVENT_PLACE, node_text

__all__ = [
    "CJK_FAMILIES",
    "LABEL_COLOURS",
    "LABEL_MARKERS",
    "NO_COUNTY",
    "ORG_EVENT_PLACE",
    "SEED",
    "county_counts",
    "draw",
    "ego",
    "events_per_county",
    "events_table",
    "layout",
    "most_connected",
    "node_text",
    "notebook_view",
    "org_event_place",
    "timeline",
    "to_pyvis_html",
    "use_cjk_font",
    "with_labels",
]
