"""Aho-Corasick automata over the lexicon: one pass over a text finds every dictionary word.

Gazetteer and dictionary lookup is never a Python loop over the names: each
word list is compiled once into a pyahocorasick automaton, and a text is
scanned in C.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import ahocorasick

from kg.nlp.lexicon import Lexicon


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    word: str
    value: str  # what the word maps to (a kind, an event type, a full name …)


class WordMatcher:
    """All occurrences of a fixed word list in a text."""

    def __init__(self, words: dict[str, str] | Iterable[str]):
        self._automaton = ahocorasick.Automaton()
        items = words.items() if isinstance(words, dict) else ((w, w) for w in words)
        count = 0
        for word, value in items:
            self._automaton.add_word(word, (word, value))
            count += 1
        if count:
            self._automaton.make_automaton()
        self._empty = count == 0

    def all(self, text: str) -> list[Hit]:
        """Every occurrence, overlapping ones included, ordered by end then length."""
        if self._empty or not text:
            return []
        return [
            Hit(end + 1 - len(word), end + 1, word, value)
            for end, (word, value) in self._automaton.iter(text)
        ]

    def longest(self, text: str) -> list[Hit]:
        """Leftmost-longest, non-overlapping occurrences."""
        hits = sorted(self.all(text), key=lambda h: (h.start, -h.end))
        chosen: list[Hit] = []
        reach = 0
        for hit in hits:
            if hit.start >= reach:
                chosen.append(hit)
                reach = hit.end
        return chosen


@dataclass(frozen=True)
class Matchers:
    """The automata for one lexicon."""

    suffixes: WordMatcher
    org_names: WordMatcher
    aliases: WordMatcher
    titles: WordMatcher
    triggers: WordMatcher


@cache
def matchers_for(lexicon: Lexicon) -> Matchers:
    """Compile (once per lexicon) the automata extraction needs."""
    return Matchers(
        suffixes=WordMatcher(lexicon.org_suffixes),
        org_names=WordMatcher(lexicon.org_names),
        aliases=WordMatcher(lexicon.org_aliases),
        titles=WordMatcher(lexicon.titles),
        triggers=WordMatcher(lexicon.event_triggers),
    )
