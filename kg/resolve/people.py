"""People across articles: one node per person, as far as the evidence goes.

Extraction gives each article's person a node scoped by what that article says of them
(:mod:`kg.graph.build`: the organization of a post, a newspaper's byline, else the
article). Here the nodes of one name are grouped when the corpus supports it:

- **post**: they hold a post at the same organization or place, or at an organization
  and its parent (某县委组织部 and 某县委), or the same title at one unit written fuller and
  shorter (某某派出所 and 某区分局某某派出所);
- **reprint**: their articles have the same headline (one article printed on two pages);
- **byline**: the same newspaper credits them (WROTE, PHOTOGRAPHED);
- **national**: a post at a national body (中共中央, 国务院, 全国… ) or of a country:
  every node of the name that holds such a post is one, and every node of the name
  with no post and no byline joins it (a national leader is one node);
- **rare name**: the nodes of a distinctive name (three characters or more, a surname and
  a given name few share, no transliteration; rules/name_stats.tsv) that hold no post and
  no byline join the one group of that name that does, or, when none does, each other;
- **context**: a node with no post and no byline joins the one group of its name whose
  organization, or a place in whose county, its own article names too. (A reporter's
  name in another article of the paper is no evidence: 王某 the correspondent and 王某 a
  cadre quoted elsewhere are two people.)

Never merged: two groups whose posts lie in different counties (same name, different
counties' posts), and a node that two groups could take. Every merge keeps its reasons.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx

from kg.nlp.lexicon import Lexicon
from kg.resolve.merge import Groups, Merge

_MINISTRY_CHARS = 5  # 某某部, 某某某某部: a ministry is a short name of its own
# bodies of the centre: a post at one of these is a national post
NATIONAL_PREFIXES = ("中共中央", "中央", "国务院", "全国", "国家", "中华人民共和国", "中国共产党")
_COUNTRY_LEVEL = "other"  # how the graph levels a country (中国, 俄罗斯): no NBS code
_UNKNOWN_PAPER = "(newspaper not given)"  # a corpus without the paper's name: one paper
_COUNTY_DIGITS = 6
_DISTINCTIVE_CHARS = 3
_PUBLIC_ARTICLES = 5  # a common name in five articles of national news: one public figure
_STORY_NAMES = 10  # names two articles of one day share when they tell one story
_REPRINT_TITLE_CHARS = 6  # a headline this long is one article's, not a column's (短评)
_MIN_UNIT_CHARS = 4  # 派出所 alone is every town's; 九峰派出所 is one  # NBS: 2 province, 4 prefecture, 6 county, 9 township, 12 village


@dataclass
class _Person:
    """What the corpus says of one Person node."""

    id: str
    name: str
    posts: list[tuple[str, str]] = field(default_factory=list)  # (title, target id)
    papers: set[str] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)
    national: list[str] = field(default_factory=list)  # "title · body"
    codes: set[str] = field(default_factory=set)  # NBS codes of where the posts are

    @property
    def bare(self) -> bool:
        return not self.posts and not self.papers


def person_merges(graph: nx.MultiDiGraph, lexicon: Lexicon | None = None) -> list[Merge]:
    """The groups of Person nodes that are one person, each with its reasons. The lexicon's
    organization suffixes (组织部, 宣传部) are no ministries; its name statistics tell a
    distinctive name from a common one."""
    lexicon = lexicon or Lexicon.load()
    kinds = frozenset(lexicon.org_suffixes)
    by_name: dict[str, list[_Person]] = defaultdict(list)
    for node, data in sorted(graph.nodes(data=True)):
        if data.get("label") == "Person":
            by_name[data.get("name", "")].append(_read(graph, node, kinds))
    merges = []
    stories: dict[str, frozenset[str]] = {}  # article -> what it names (filled as needed)
    for name in sorted(by_name):
        people = by_name[name]
        if len(people) > 1:
            merges += _resolve_name(graph, people, lexicon, stories)
    return merges


def _read(graph: nx.MultiDiGraph, node: str, kinds: frozenset[str]) -> _Person:
    person = _Person(node, graph.nodes[node].get("name", ""))
    for _, target, data in graph.out_edges(node, data=True):
        kind = data.get("type")
        if kind == "HOLDS_POSITION":
            title = data.get("title", "")
            person.posts.append((title, target))
            body = graph.nodes[target]
            code = body.get("code") or _located_code(graph, target)
            if code:
                person.codes.add(code)
            if _is_national(graph, target, kinds):
                person.national.append(f"{title} · {body.get('name')}")
        elif kind in ("WROTE", "PHOTOGRAPHED"):
            person.papers.add(graph.nodes[target].get("newspaper") or _UNKNOWN_PAPER)
    for source, _, data in graph.in_edges(node, data=True):
        if data.get("type") == "MENTIONS":
            person.articles.add(source)
    person.posts.sort()
    return person


def _located_code(graph: nx.MultiDiGraph, org: str) -> str | None:
    for _, place, data in graph.out_edges(org, data=True):
        if data.get("type") == "LOCATED_IN" and graph.nodes[place].get("code"):
            return graph.nodes[place]["code"]
    return None


def _is_national(graph: nx.MultiDiGraph, target: str, kinds: frozenset[str]) -> bool:
    """A country (a post of 中国, 俄罗斯), or a body with no place and no parent that is the
    centre's: 中共中央…, 国务院…, 全国…, a party's 中央 (某党中央), a ministry (某某部, but
    not a bare kind of unit, 组织部: ``kinds``)."""
    body = graph.nodes[target]
    if body.get("label") == "Place":
        return body.get("level") == _COUNTRY_LEVEL
    if any(
        d.get("type") in ("LOCATED_IN", "SUB_ORGANIZATION_OF")
        for *_, d in graph.out_edges(target, data=True)
    ):
        return False
    name = str(body.get("name", ""))
    ministry = name.endswith("部") and len(name) <= _MINISTRY_CHARS and name not in kinds
    return name.startswith(NATIONAL_PREFIXES) or name.endswith("中央") or ministry


def _parents(graph: nx.MultiDiGraph, org: str) -> set[str]:
    return {
        parent
        for _, parent, data in graph.out_edges(org, data=True)
        if data.get("type") == "SUB_ORGANIZATION_OF"
    }


def _one_unit(graph: nx.MultiDiGraph, a: str, b: str) -> bool:
    """Two names of one unit: the longer ends with the shorter (某派出所 and 某市公安局某派出所),
    which has a proper part of its own (three characters or more)."""
    x, y = str(graph.nodes[a].get("name", "")), str(graph.nodes[b].get("name", ""))
    short, long = sorted((x, y), key=len)
    return len(short) >= _MIN_UNIT_CHARS and long.endswith(short) and short != long


def _compatible(a: set[str], b: set[str]) -> bool:
    """Posts in the same county, or one place within the other (a county and its
    prefecture); unknown places never conflict."""
    return all(x.startswith(y) or y.startswith(x) for x in a for y in b)


def _resolve_name(
    graph: nx.MultiDiGraph, people: list[_Person], lexicon: Lexicon, stories: dict
) -> list[Merge]:
    codes = {p.id: {c[:_COUNTY_DIGITS] for c in p.codes} for p in people}
    groups = Groups(codes, codes, _compatible)  # same name, posts in two counties: two people
    # post: the same body, or a body and its parent
    holders: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for person in people:
        for title, target in person.posts:
            holders[target].append((person.id, title))
    for target in sorted(holders):
        body = graph.nodes[target].get("name")
        first, title = holders[target][0]
        for other, _ in holders[target][1:]:
            groups.join(first, other, f"post: {title} · {body}")
        for parent in sorted(_parents(graph, target)):
            for other, _ in holders.get(parent, ()):
                groups.join(first, other, f"post: {body} within {graph.nodes[parent].get('name')}")
    # the same title at a unit written fuller or shorter (某派出所 / 某区分局某派出所)
    posts = sorted({(title, target) for p in people for title, target in p.posts})
    for i, (title, a) in enumerate(posts):
        for other_title, b in posts[i + 1 :]:
            if title == other_title and a != b and _one_unit(graph, a, b):
                body = graph.nodes[a].get("name")
                groups.join(holders[a][0][0], holders[b][0][0], f"post: {title} · {body}")
    # the same article printed twice (a page and its reprint on another): one person
    by_title: dict[str, list[str]] = defaultdict(list)
    for person in people:
        for article in sorted(person.articles):
            title = graph.nodes[article].get("title") or ""
            if len(title) >= _REPRINT_TITLE_CHARS:
                by_title[title].append(person.id)
    for title, ids in sorted(by_title.items()):
        for other in ids[1:]:
            groups.join(ids[0], other, f"context: one article printed twice ({title})")
    # one story told twice the same day (a front-page digest and the full report)
    for i, person in enumerate(people):
        for other in people[i + 1 :]:
            shared = _one_story(graph, person, other, stories)
            if shared:
                groups.join(person.id, other.id, f"context: one story told twice ({shared})")
    # byline: one newspaper's reporter of that name
    papers: dict[str, list[str]] = defaultdict(list)
    for person in people:
        for paper in sorted(person.papers):
            papers[paper].append(person.id)
    for paper, ids in sorted(papers.items()):
        for other in ids[1:]:
            groups.join(ids[0], other, f"byline: {paper}")
    # national: one node for a national post, and the bare mentions of the name
    national = [p for p in people if p.national]
    for person in national[1:]:
        groups.join(national[0].id, person.id, f"national post: {person.national[0]}")
    if national and len({groups.find(p.id) for p in national}) == 1:
        post = min(n for p in national for n in p.national)
        for person in people:
            if person.bare:
                groups.join(national[0].id, person.id, f"national post: {post}")
    else:
        _join_by_context(graph, groups, people)
        if _distinctive(people[0].name, lexicon) or _public(people, lexicon):
            _join_rare_name(groups, people)
    return groups.merges(default="same name")


def _one_story(
    graph: nx.MultiDiGraph, a: _Person, b: _Person, stories: dict[str, frozenset[str]]
) -> str | None:
    """Two articles of one day that name many of the same people, bodies and events (not
    places, which whole regions' news shares) tell one story: a front-page digest and the
    full report, or one report cut in two. Returns the shared count, or None."""
    for x in sorted(a.articles):
        for y in sorted(b.articles):
            if x == y or graph.nodes[x].get("date") != graph.nodes[y].get("date"):
                continue
            shared = _named(graph, x, stories) & _named(graph, y, stories)
            if len(shared) >= _STORY_NAMES:
                return f"{len(shared)} names in common"
    return None


def _named(graph: nx.MultiDiGraph, article: str, stories: dict[str, frozenset[str]]) -> frozenset:
    if article not in stories:
        stories[article] = frozenset(
            target
            for _, target, data in graph.out_edges(article, data=True)
            if data.get("type") == "MENTIONS"
            and graph.nodes[target].get("label") in ("Person", "Organization", "Event")
        )
    return stories[article]


def _distinctive(name: str, lexicon: Lexicon) -> bool:
    """A Chinese name of three characters or more whose given name few people share (丁某某;
    not 李建国, whose 建国 is common) and that is no short transliteration (洛佩斯, whose
    characters foreign names use), or a foreign name in full (某某·某某): two people of the
    corpus rarely share it."""
    if "·" in name:
        return True  # a transliterated name in full (某某·某某): given and family name
    if len(name) < _DISTINCTIVE_CHARS:
        return False
    surname = 2 if name[:2] in lexicon.surnames else 1
    if name[:surname] not in lexicon.surnames or name[surname:] in lexicon.common_given_names:
        return False
    foreign = sum(c in lexicon.foreign_name_chars for c in name)
    return foreign * 3 < len(name) * 2  # fewer than two thirds transliteration characters


def _public(people: list[_Person], lexicon: Lexicon) -> bool:
    """A Chinese full name (surname and given name) that many articles print: a public
    figure of the corpus (邓某某 of history, a minister), even with a common given name."""
    name = people[0].name
    return (
        len(name) >= _DISTINCTIVE_CHARS
        and name[:1] in lexicon.surnames
        and len({a for p in people for a in p.articles}) >= _PUBLIC_ARTICLES
    )


def _join_rare_name(groups: Groups, people: list[_Person]) -> None:
    """The mentions of a distinctive name with no post and no byline are the one person the
    corpus knows by it: its only group with evidence, or, with none, one another."""
    roots = sorted({groups.find(p.id) for p in people if not p.bare})
    if len(roots) > 1:
        return  # two people of that name hold posts: a bare mention could be either
    bare = [p for p in people if p.bare and groups.find(p.id) == p.id]
    anchor = roots[0] if roots else (bare[0].id if bare else None)
    for person in bare:
        if person.id != anchor:
            groups.join(anchor, person.id, "rare name: the corpus knows one person by it")


def _join_by_context(graph: nx.MultiDiGraph, groups: Groups, people: list[_Person]) -> None:
    """A bare mention joins the one group of its name whose organization, or a place in
    whose county, its article names too."""
    anchored: dict[str, tuple[set[str], set[str]]] = {}  # root -> (bodies, county codes)
    for person in people:
        if person.bare:
            continue
        bodies, codes = anchored.setdefault(groups.find(person.id), (set(), set()))
        bodies |= {target for _, target in person.posts}
        codes |= {c[:_COUNTY_DIGITS] for c in person.codes if len(c) >= _COUNTY_DIGITS}
    for person in people:
        if not person.bare:
            continue
        named = {target for article in person.articles for _, target in graph.out_edges(article)}
        counties = {
            str(graph.nodes[n].get("code", ""))[:_COUNTY_DIGITS]
            for n in named
            if len(str(graph.nodes[n].get("code") or "")) >= _COUNTY_DIGITS
        }
        fits = []
        for root, (bodies, codes) in sorted(anchored.items()):
            shared = sorted(bodies & named)
            if shared:
                fits.append((root, f"context: the article names {graph.nodes[shared[0]]['name']}"))
            elif codes & counties:
                fits.append((root, "context: the article names a place of the post's county"))
        if len(fits) == 1:
            groups.join(fits[0][0], person.id, fits[0][1])
