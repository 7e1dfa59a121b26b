"""Organizations across articles: a unit's short form and its name with the place.

Within an article, abbreviations of national bodies (rules/org_aliases.tsv) and context
(县委组织部 after 某县) already give the canonical name. Across articles one unit is
still written with its place (武汉某某医院) and without it (某某医院). The short form
joins the full one when structure says it is that one unit:

- the full name is a gazetteer place followed by the short form;
- the short form has a proper name of its own: it is no bare kind (会展中心 is every
  city's), no kind every place has (a 局, 厅, 党委, 政府, 村委会 … of some place), and no
  name that stands alone (a known full name of the lexicon, or a national body: 复旦大学,
  国家体育总局 are not some city's);
- it is no head of many names (光谷方舱医院, 国博方舱医院 …: ≥ 4 different characters
  before it, as rules/build_org_heads.py reads heads);
- no other place has a unit of that name, in the organization lexicon or the corpus: the
  places written before it are one place or lie within each other (武汉, 武汉市, 蔡甸).

All those names are one node. The full name that most articles use is its name, the rest
aliases; the least id stays the id, so the result does not depend on the order articles
came in.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from kg.gazetteer.gazetteer import Gazetteer
from kg.nlp.lexicon import Lexicon
from kg.resolve.merge import Merge, group
from kg.resolve.people import NATIONAL_PREFIXES

# kinds (rules/org_kinds.tsv, org_suffixes.tsv) that every place has one of: a short form
# of these is some place's, never one unit
EVERY_PLACES = frozenset(
    [
        "人大",
        "党委",
        "党小组",
        "党工委",
        "党总支",
        "党支部",
        "党组",
        "公安",
        "办公厅",
        "办公室",
        "厅",
        "局",
        "委员会",
        "宣传部",
        "工委",
        "政协",
        "政府",
        "政法委",
        "检察院",
        "法院",
        "监委",
        "纪委",
        "组织部",
        "统战部",
        "团委",
        "居委会",
        "村委会",
        "部",
        "处",
        "站",
        "队",
        "所",
        "党校",
        "群团",
        "团",
    ]
)
_MIN_SHORT = 3  # 党委, 医院: one or two characters never name one unit
_HEAD_VARIETY = 4


def organization_merges(
    graph: nx.MultiDiGraph, gazetteer: Gazetteer, lexicon: Lexicon
) -> list[Merge]:
    """Each short-form Organization node with the one full name it stands for."""
    by_name: dict[str, str] = {}
    for node, data in sorted(graph.nodes(data=True)):
        if data.get("label") == "Organization" and data.get("name"):
            by_name.setdefault(data["name"], node)
    places_before: dict[str, list[tuple[str, ...]]] = defaultdict(list)  # short -> places
    full_names: dict[str, list[str]] = defaultdict(list)  # short form -> corpus full names
    for name in sorted(lexicon.org_names | set(by_name)):
        for prefix, codes in _place_prefixes(name, gazetteer):
            short = name[len(prefix) :]
            places_before[short].append(codes)
            if name in by_name:
                full_names[short].append(name)
    # names that vouch for a head: the lexicon's, and the corpus's told by two articles
    # (one-off boundary slips, 某局承建|某某医院, are no evidence of a kind)
    names = lexicon.org_names | {n for n, i in by_name.items() if _articles(graph, i) >= 2}
    merges = []
    for short, node in sorted(by_name.items()):
        fulls = full_names.get(short, [])
        if not fulls or not _one_place(places_before[short]):
            continue
        if _heads_many(short, names, full_names.get(short, ())):
            continue  # 光谷|方舱医院, 国博|方舱医院 …: a kind of unit, not one unit's name
        if not _proper(short, graph.nodes[node].get("kind"), lexicon):
            continue
        # 武汉某医院, 武汉市某医院, 蔡甸某医院: one place written three ways, one unit
        name = max(fulls, key=lambda f: (_articles(graph, by_name[f]), f))
        merge = group({node, *(by_name[f] for f in fulls)}, {f"short form of {name}"})
        merge.name = name
        merges.append(merge)
    return merges


def _heads_many(short: str, names: set[str], fulls) -> bool:
    """Names other than its place forms end with it after ≥ 4 different characters (the
    accessor variety that rules/build_org_heads.py reads heads by), in the lexicon and
    among the corpus's names told by two articles or more."""
    left = {
        n[-len(short) - 1]
        for n in names
        if len(n) > len(short) and n.endswith(short) and n not in fulls
    }
    return len(left) >= _HEAD_VARIETY


def _one_place(places: list[tuple[str, ...]]) -> bool:
    """Every place written before the short form is one place or within another (武汉,
    武汉市, and a district of it): some reading of each fits every other."""
    return all(
        any(x.startswith(y) or y.startswith(x) for x in a for y in b)
        for i, a in enumerate(places)
        for b in places[i + 1 :]
    )


def _articles(graph: nx.MultiDiGraph, node: str) -> int:
    return sum(1 for *_, d in graph.in_edges(node, data=True) if d.get("type") == "MENTIONS")


def alias_merges(graph: nx.MultiDiGraph, lexicon: Lexicon) -> list[Merge]:
    """A national body's abbreviation (rules/org_aliases.tsv: 中央军委) and its full name
    (中央军事委员会) are one node under the full name, however an article came to keep
    the short one."""
    by_name = {
        d["name"]: n
        for n, d in sorted(graph.nodes(data=True))
        if d.get("label") == "Organization" and d.get("name")
    }
    merges = []
    for short, node in sorted(by_name.items()):
        full = lexicon.org_aliases.get(short)
        if not full or full == short:
            continue
        ids = {node} | ({by_name[full]} if full in by_name else set())
        merge = group(ids, {f"abbreviation of {full}"})
        merge.name = full
        merges.append(merge)
    return merges


def _proper(short: str, kind: str | None, lexicon: Lexicon) -> bool:
    """The short form names one unit of its own (火神山医院), not a kind (会展中心, 自然资源厅)
    nor a name that stands alone (a known full name, a national body)."""
    return (
        len(short) >= _MIN_SHORT
        and kind not in EVERY_PLACES
        and short not in lexicon.org_suffixes
        and short not in lexicon.org_names
        and not short.startswith((*NATIONAL_PREFIXES, "中共", "某"))
    )


def _place_prefixes(name: str, gazetteer: Gazetteer) -> list[tuple[str, tuple[str, ...]]]:
    """The places a name starts with, as written (武汉, 武汉市), with the divisions each may
    be: whole gazetteer forms."""
    return [
        (m.surface, m.candidates)
        for m in gazetteer.find(name)
        if m.start == 0 and m.end < len(name) and m.candidates
    ]
