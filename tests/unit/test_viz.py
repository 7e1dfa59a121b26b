"""kg.viz: the parts of the graph it draws, how labels look, the charts' numbers, the HTML
view, and the font test: Chinese drawn with a font that has its glyphs."""

from __future__ import annotations

import json
import re
import runpy
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import networkx as nx
import pandas as pd
import pytest
from conftest import ROOT, SEEDS
from fontTools.ttLib import TTFont
from matplotlib import font_manager
from matplotlib.colors import to_hex

import kg
from kg import viz
from kg.errors import KGError
from kg.graph.schema import NODES
from kg.viz import fonts

LABEL = "党支部主题党日"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> kg.Graph:
    """The sample pages built into a graph directory, once for this module."""
    out = tmp_path_factory.mktemp("viz") / "seeds"
    kg.build([SEEDS], out)
    return kg.Graph.open(out)


def toy_graph() -> nx.MultiDiGraph:
    """Two organizations, an event, places, a person and an article (made-up names)."""
    g = nx.MultiDiGraph()
    nodes = {
        "org-a": {"label": "Organization", "name": "某县某局党支部"},
        "org-b": {"label": "Organization", "name": "某县某局"},
        "org-lone": {"label": "Organization", "name": "某地某协会"},
        "evt-1": {"label": "Event", "type": "主题党日"},  # unnamed
        "place-county": {"label": "Place", "name": "某县", "level": "county"},
        "place-town": {"label": "Place", "name": "某镇", "level": "township"},
        "per-1": {"label": "Person", "name": "某甲"},
        "art-1": {"label": "Article", "title": "某县某局党支部开展主题党日活动"},
    }
    for node, data in nodes.items():
        g.add_node(node, **data)
    edges = [
        ("org-a", "evt-1", "ORGANIZED"),
        ("evt-1", "place-town", "HELD_IN"),
        ("place-town", "place-county", "PART_OF"),
        ("org-a", "org-b", "SUB_ORGANIZATION_OF"),
        ("org-b", "place-county", "LOCATED_IN"),
        ("per-1", "org-a", "HOLDS_POSITION"),
        ("art-1", "org-a", "MENTIONS"),
        ("art-1", "org-lone", "MENTIONS"),
    ]
    for source, target, kind in edges:
        g.add_edge(source, target, key=kind, type=kind)
    return g


# --- the font -------------------------------------------------------------------------------


def test_chinese_is_drawn_with_a_font_that_has_every_glyph():
    family = viz.use_cjk_font()
    fig, ax = plt.subplots()
    title = ax.set_title(LABEL)
    ax.text(0.5, 0.5, LABEL)
    fig.canvas.draw()  # a missing glyph would warn here, and warnings are errors in pytest
    path = font_manager.findfont(title.get_fontproperties(), fallback_to_default=False)
    font = TTFont(path, fontNumber=0)
    cmap = font.getBestCmap()
    assert [c for c in LABEL if ord(c) not in cmap] == []
    assert font["name"].getDebugName(1) == family


def test_the_font_has_every_character_of_the_sample_pages():
    viz.use_cjk_font()
    path = font_manager.findfont(font_manager.FontProperties(family=["sans-serif"]))
    cmap = TTFont(path, fontNumber=0).getBestCmap()
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    missing = sorted({c for c in text if not c.isspace() and ord(c) not in cmap})
    assert missing == []


def test_without_a_cjk_font_matplotlib_warns_of_missing_glyphs():
    """The check above can fail: the default font draws Chinese as boxes, with a warning."""
    with matplotlib.rc_context({"font.family": "sans-serif", "font.sans-serif": ["DejaVu Sans"]}):
        fig, ax = plt.subplots()
        ax.set_title(LABEL)
        with pytest.warns(UserWarning, match="missing from font"):
            fig.canvas.draw()


def test_no_cjk_font_is_a_one_line_error_that_says_what_to_install(monkeypatch):
    dejavu = font_manager.findfont(font_manager.FontProperties(family=["DejaVu Sans"]))
    monkeypatch.setattr(fonts, "_bundled_fonts", lambda: [])
    # A font that has a CJK family's name but not the glyphs is not taken either.
    monkeypatch.setattr(fonts, "_installed_fonts", lambda: [("Noto Sans SC", dejavu)])
    fonts._cjk_family.cache_clear()
    try:
        with pytest.raises(KGError, match="pylopdf-fonts-zh-cn") as error:
            viz.use_cjk_font()
    finally:
        fonts._cjk_family.cache_clear()
    assert "\n" not in str(error.value)
    assert "fonts-noto-cjk" in str(error.value)


def test_use_cjk_font_keeps_the_previous_fonts_as_fallbacks():
    with matplotlib.rc_context({"font.sans-serif": ["DejaVu Sans"]}):
        family = viz.use_cjk_font()
        assert matplotlib.rcParams["font.sans-serif"] == [family, "DejaVu Sans"]
        assert viz.use_cjk_font() == family  # again: nothing doubled
        assert matplotlib.rcParams["font.sans-serif"] == [family, "DejaVu Sans"]


# --- parts of the graph ---------------------------------------------------------------------


def test_org_event_place_keeps_those_labels_and_the_links_among_them():
    network = viz.org_event_place(toy_graph())
    assert sorted(network) == ["evt-1", "org-a", "org-b", "place-county", "place-town"]
    assert sorted(t for *_, t in network.edges(data="type")) == [
        "HELD_IN",
        "LOCATED_IN",
        "ORGANIZED",
        "PART_OF",
        "SUB_ORGANIZATION_OF",
    ]
    with_isolates = viz.org_event_place(toy_graph(), drop_isolates=False)
    assert set(with_isolates) - set(network) == {"org-lone"}


def test_org_event_place_of_the_sample_pages(seed_graph):
    network = viz.org_event_place(seed_graph)
    wanted = {"Organization", "Event", "Place"}
    assert {d["label"] for _, d in network.nodes(data=True)} == wanted
    among = [
        (u, v, k)
        for u, v, k in seed_graph.edges(keys=True)
        if seed_graph.nodes[u]["label"] in wanted and seed_graph.nodes[v]["label"] in wanted
    ]
    assert sorted(network.edges(keys=True)) == sorted(among)
    assert list(nx.isolates(network)) == []
    organized = {v for _, v, t in seed_graph.edges(data="type") if t == "ORGANIZED"}
    assert organized <= set(network)


def test_ego_network_by_radius_in_either_direction():
    g = toy_graph()
    assert sorted(viz.ego(g, "evt-1", 0)) == ["evt-1"]
    assert sorted(viz.ego(g, "evt-1", 1)) == ["evt-1", "org-a", "place-town"]
    assert sorted(viz.ego(g, "evt-1", 2)) == [
        "art-1",
        "evt-1",
        "org-a",
        "org-b",
        "per-1",
        "place-county",
        "place-town",
    ]
    assert viz.ego(g, "evt-1", 1).number_of_edges() == 2  # links among the kept nodes only


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda g: viz.ego(g, "org-missing"), "no node 'org-missing'"),
        (lambda g: viz.ego(g, "evt-1", -1), "radius"),
        (lambda g: viz.most_connected(g, "Company"), "unknown node label 'Company'"),
        (lambda g: viz.with_labels(g, ["Organisation"]), "unknown node label"),
        (lambda g: viz.most_connected(nx.MultiDiGraph(), "Event"), "no Event node"),
    ],
)
def test_bad_arguments_are_kg_errors(call, message):
    with pytest.raises(KGError, match=message):
        call(toy_graph())


def test_most_connected_has_the_most_links_and_breaks_ties_by_id():
    g = toy_graph()
    assert viz.most_connected(g, "Organization") == "org-a"  # 4 links
    assert viz.most_connected(g, "Place") == "place-county"  # 2 links, as place-town; smaller id


def test_layout_is_the_same_whatever_the_node_order():
    g = toy_graph()
    shuffled = nx.MultiDiGraph()
    shuffled.add_nodes_from(reversed(list(g.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(g.edges(keys=True, data=True))))
    assert viz.layout(g) == viz.layout(shuffled)
    assert viz.layout(g, seed=1) != viz.layout(g, seed=2)
    assert len(set(viz.layout(g).values())) == g.number_of_nodes()  # no two on one spot


# --- how labels look ------------------------------------------------------------------------


def test_every_schema_label_has_its_own_colour_and_marker():
    assert set(viz.LABEL_COLOURS) == set(NODES) == set(viz.LABEL_MARKERS)
    assert len(set(viz.LABEL_COLOURS.values())) == len(NODES)
    assert len(set(viz.LABEL_MARKERS.values())) == len(NODES)


def test_draw_colours_nodes_by_label_with_one_legend_entry_per_label():
    g = toy_graph()
    ax = viz.draw(g, highlight="org-a")
    present = [label for label in NODES if any(d["label"] == label for _, d in g.nodes(data=True))]
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == present
    assert [to_hex(h.get_color()) for h in legend.legend_handles] == [
        viz.LABEL_COLOURS[label].lower() for label in present
    ]
    counts = Counter(d["label"] for _, d in g.nodes(data=True))
    *groups, ring = ax.collections  # one collection per label, then the highlight ring
    assert [(to_hex(c.get_facecolor()[0]), len(c.get_offsets())) for c in groups] == [
        (viz.LABEL_COLOURS[label].lower(), counts[label]) for label in present
    ]
    assert len(ring.get_offsets()) == 1
    captions = sorted(t.get_text() for t in ax.texts)
    assert captions == sorted(viz.node_text(d) for _, d in g.nodes(data=True))
    assert "主题党日" in captions  # the unnamed event is captioned with its type


def test_node_text_shortens_long_names():
    assert viz.node_text({"name": "某" * 20}, limit=14) == "某" * 13 + "…"
    assert viz.node_text({"label": "Article", "title": "标题"}) == "标题"


# --- charts ---------------------------------------------------------------------------------


def test_events_per_county_bars_are_the_catalogs_counts(built):
    frame = built.ask("events-by-county")
    expected: Counter[str] = Counter()
    for county, events in zip(frame["county"], frame["events"], strict=True):
        expected[county if isinstance(county, str) else viz.NO_COUNTY] += int(events)
    ax = viz.events_per_county(built)
    bars = {
        tick.get_text(): bar.get_width()
        for tick, bar in zip(ax.get_yticklabels(), ax.patches, strict=True)
    }
    assert bars == dict(expected)
    events = sum(1 for _, d in built.networkx().nodes(data=True) if d["label"] == "Event")
    assert sum(bars.values()) == events  # every event counted once
    heights = [bar.get_width() for bar in ax.patches]
    assert heights == sorted(heights, reverse=True)  # most first


def test_county_counts_sums_months_and_names_the_missing_county():
    frame = pd.DataFrame(
        {
            "county": ["甲县", "甲县", None, "乙县"],
            "month": ["2025-01", None, None, None],
            "events": [2, 1, 4, 3],
        }
    )
    assert viz.county_counts(frame).to_dict() == {viz.NO_COUNTY: 4, "甲县": 3, "乙县": 3}
    assert list(viz.county_counts(frame).index) == [viz.NO_COUNTY, "乙县", "甲县"]


def dated_events() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for node, name, date in [
        ("evt-3", "某研讨会", "2025-03-01"),
        ("evt-1", "某培训", "2024-12-31"),
        ("evt-2", "某会议", None),
        ("evt-4", "某主题党日活动", "2025-01-15"),
    ]:
        g.add_node(node, label="Event", name=name, type="会议", **({"date": date} if date else {}))
    g.add_node("org-1", label="Organization", name="某县委")
    return g


def test_timeline_is_sorted_by_date_with_the_undated_counted():
    table = viz.events_table(dated_events())
    assert list(table["id"]) == ["evt-1", "evt-4", "evt-3", "evt-2"]
    ax = viz.timeline(dated_events())
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["某培训", "某主题党日活动", "某研讨会"]
    (points,) = ax.collections
    xs = [x for x, _ in points.get_offsets()]
    assert xs == sorted(xs)
    assert "1 undated" in ax.get_title()


def test_timeline_of_a_graph_without_dates():
    g = nx.MultiDiGraph()
    g.add_node("evt-1", label="Event", type="会议")
    ax = viz.timeline(g)
    assert ax.get_title() == "Events by date (0 dated, 1 undated)"


# --- the HTML view --------------------------------------------------------------------------


class _Resources(HTMLParser):
    """Every src/href of a tag in a page (comments skipped)."""

    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.found += [(tag, value) for name, value in attrs if name in ("src", "href") and value]


def test_html_view_has_every_node_and_loads_nothing_remote(tmp_path):
    g = viz.org_event_place(toy_graph())
    page = viz.to_pyvis_html(g, tmp_path / "view.html")
    html = page.read_text(encoding="utf-8")
    parser = _Resources()
    parser.feed(html)
    assert parser.found == []  # no script, style sheet or link fetched from anywhere
    assert "vis.DataSet" in html and "new vis.Network" in html  # the library is inlined
    nodes = json.loads(re.search(r"nodes = new vis\.DataSet\((.*?)\);", html, re.S).group(1))
    edges = json.loads(re.search(r"edges = new vis\.DataSet\((.*?)\);", html, re.S).group(1))
    assert sorted(n["id"] for n in nodes) == sorted(g)
    assert {n["id"]: n["color"] for n in nodes} == {
        n: viz.LABEL_COLOURS[d["label"]] for n, d in g.nodes(data=True)
    }
    assert {n["label"] for n in nodes} >= {"某县某局党支部", "某镇"}
    assert sorted(e["title"] for e in edges) == sorted(t for *_, t in g.edges(data="type"))


def test_html_view_is_the_same_each_time(tmp_path):
    g = viz.org_event_place(toy_graph())
    first = viz.to_pyvis_html(g, tmp_path / "a.html").read_bytes()
    assert viz.to_pyvis_html(g, tmp_path / "b.html").read_bytes() == first


def test_notebook_view_holds_the_whole_page(tmp_path):
    page = viz.to_pyvis_html(viz.org_event_place(toy_graph()), tmp_path / "view.html")
    shown = viz.notebook_view(page, height=500)._repr_html_()
    assert shown.startswith("<iframe srcdoc=") and "height: 500px" in shown
    inner = HTMLParser()
    srcdoc = []
    inner.handle_starttag = lambda tag, attrs: srcdoc.extend(v for n, v in attrs if n == "srcdoc")
    inner.feed(shown)
    assert srcdoc == [page.read_text(encoding="utf-8")]  # unescaped, the page itself


# --- the README picture ---------------------------------------------------------------------


def test_readme_figure_is_drawn_the_same_each_time(built, tmp_path):
    script = runpy.run_path(str(ROOT / "notebooks" / "make_readme_figure.py"))
    first = script["render"](built.directory, tmp_path / "a.png").read_bytes()
    second = script["render"](built.directory, tmp_path / "b.png").read_bytes()
    assert first.startswith(b"\x89PNG") and first == second
    assert Path(ROOT / "docs" / "img" / "org_event_place.png").is_file()
