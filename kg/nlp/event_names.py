"""The name an event is given in text: the phrase from its verb to its trigger, cleaned.

A name carries no dateline (本报北京2月3日电), particle or count (了一场, 的, 首次), nor a verb
whose object is a name (致电祝贺|某联盟…会议); a quoted name keeps its closing quote.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from kg.nlp.words import Words

__all__ = ["event_name", "inside_quote", "quoted_name"]

# what a name must not start with: a dateline, a particle, a count, a time word
_NAME_LEAD = re.compile(
    r"^(?:.*?[0-9０-９一二三四五六七八九十]日电\s*|.*?讯\s*)?"
    r"(?:了|的|以|在|为|和|并|又|再|首次|第一次|再次|一场|一次|一期|一个|一系列|系列|多场|各类|一批|近日|日前|此次|本次|这次)*"
)


def event_name(
    text: str, start: int, end: int, trigger: str, words: Words | None = None
) -> str | None:
    """The event's own name: the phrase from the verb to the trigger, without what leads it
    (a dateline, a particle, a count: 了一场, 的, 首次; a verb or preposition the tagger
    reads: 致电祝贺|某首脑会议), without examples before 等, and with the closing quote of a
    quoted name (“某峰会”)."""
    if text[end : end + 1] == "”" and text.count("“", start, end) > text.count("”", start, end):
        end += 1
    start = _after_clause_words(text, start, end - len(trigger), words)
    name = text[start:end].strip()
    name = name[name.rfind("等") + 1 :]  # 文化互鉴、邻里互助等“…”联谊活动: examples
    name = _NAME_LEAD.sub("", name, count=1)
    name = name[_after_modifier(name) :]
    unquoted = re.sub(r"“[^“”]*”", "", name)
    if any(mark in unquoted for mark in "，、：:（(") or re.search(r"\s", name):
        return None
    return None if name in ("", trigger) or len(name) > 40 else name


def _after_modifier(name: str) -> int:
    """Where a name starts after a clause that modifies it (某地举行的|某峰会, 为期3天的|某大会);
    党的 belongs to the name (党的建设会议), and so does 的 inside quotes."""
    outside = re.sub(r"“[^“”]*”", lambda m: "“" * len(m[0]), name)
    cut = max((m.end() for m in re.finditer(r"(?<!党)的", outside)), default=0)
    return cut if cut < len(name) else 0


_NAME_BREAKS = frozenset({"p", "r", "d", "vd", "ad"})
_NAMED_NEXT = frozenset({"ORG", "LOC", "PER"})


def _after_clause_words(text: str, start: int, stop: int, words: Words | None) -> int:
    """After the last preposition, pronoun or adverb the tagger reads in [start, stop),
    outside quotes, or a verb whose object is a name (致电祝贺|某联盟…会议): where a name
    can begin. Verbs inside a name (融媒体, 引领“…”) stay."""
    if words is None:
        return start
    cut = start
    i = max(bisect_right(words.starts, start) - 1, 0)
    spans = words.spans
    for j in range(i, len(spans)):
        a, b, tag = spans[j]
        if a >= stop:
            break
        if a < start or text.count("“", start, a) != text.count("”", start, a):
            continue
        following = spans[j + 1][2] if j + 1 < len(spans) else None
        if tag in _NAME_BREAKS or (tag == "v" and following in _NAMED_NEXT):
            cut = b
    return cut


def quoted_name(text: str, sent_start: int, start: int, end: int) -> str | None:
    """The quoted name a trigger closes (“…成就展”) or follows (“三亮一争”行动)."""
    if text[start - 1 : start] == "”":
        opened = text.rfind("“", sent_start, start - 1)
        return text[opened:end] if opened >= 0 and "”" not in text[opened : start - 1] else None
    if text[end : end + 1] != "”":
        return None
    opened = text.rfind("“", sent_start, start)
    return text[opened + 1 : end] if opened >= 0 and "”" not in text[opened:end] else None


def inside_quote(text: str, sent_start: int, start: int, end: int) -> bool:
    """“党课开讲啦”优秀案例展示活动: a trigger inside a quotation that goes on is part of a name."""
    opened = text.rfind("“", sent_start, start)
    return opened >= 0 and "”" not in text[opened:start] and text[end : end + 1] != "”"
