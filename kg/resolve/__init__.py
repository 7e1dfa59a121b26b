"""Cross-article resolution: one node per real-world thing, after every article is read.

Extraction reads one article at a time (:mod:`kg.extract`), and :mod:`kg.graph.build` adds
what it read to a graph in which a person is scoped to what one article says of them.
:func:`resolve` then looks at the whole corpus at once and folds together the nodes
that are one person (:mod:`kg.resolve.people`), one organization written with and
without its place (:mod:`kg.resolve.orgs`) and one activity told by several articles
(:mod:`kg.resolve.events`). It is a function of the set of articles only: the same
articles in any order, in any number of jobs or ``--append`` runs, give the same graph.
"""

from __future__ import annotations

import networkx as nx

from kg.gazetteer.gazetteer import Gazetteer
from kg.nlp.lexicon import Lexicon
from kg.resolve.events import event_merges
from kg.resolve.merge import Merge, apply_merges, combine
from kg.resolve.orgs import alias_merges, organization_merges
from kg.resolve.people import person_merges

__all__ = ["Merge", "resolve"]


def resolve(
    graph: nx.MultiDiGraph, gazetteer: Gazetteer | None = None, lexicon: Lexicon | None = None
) -> list[Merge]:
    """Fold ``graph``'s nodes that are one thing into one, in place; return the merges.

    Organizations go first: a person's posts at a short and a full name are then posts
    at one body. The organization lexicon tells a unit's own short form from one every
    county has.
    """
    gazetteer, lexicon = gazetteer or Gazetteer.load(), lexicon or Lexicon.load()
    merges = combine(alias_merges(graph, lexicon) + organization_merges(graph, gazetteer, lexicon))
    apply_merges(graph, merges)
    people = person_merges(graph, lexicon)
    apply_merges(graph, people)
    events = event_merges(graph)
    apply_merges(graph, events)
    return merges + people + events
