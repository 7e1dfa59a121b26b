"""Text that the page layout printed twice: found, one copy kept, the removal recorded.

Two forms occur in extracted page text:

* a run of sentences repeated back to back inside one paragraph (the copy is
  removed from the paragraph);
* a whole paragraph printed twice on the page, often inside another article.
  The copy kept is the one whose article it fits best — the most character
  bigrams shared with that article's other paragraphs — and the first one on a
  tie. Paragraphs shorter than :data:`MIN_PARAGRAPH_CHARS` are never treated as
  duplicates (short formulaic lines legitimately repeat).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from kg.ingest.lines import Kind
from kg.ingest.segment import Block, Draft

MIN_REPEAT_CHARS = 12
MIN_PARAGRAPH_CHARS = 20
MAX_RUN_SENTENCES = 4
_SENTENCE = re.compile(r"[^。！？!?…]*[。！？!?…]+[”’」』）)]*|[^。！？!?…]+$")


def remove_duplicates(drafts: list[Draft]) -> None:
    """Remove repeated text from ``drafts`` in place, recording each removal."""
    for draft in drafts:
        for block in draft.blocks:
            if block.kind is Kind.BODY:
                _remove_repeated_sentences(draft, block)
    _remove_repeated_paragraphs(drafts)


def _remove_repeated_sentences(draft: Draft, block: Block) -> None:
    text = block.text
    spans = [m.span() for m in _SENTENCE.finditer(text)]  # the sentences still kept
    removed: list[list[tuple[int, int]]] = []  # per repeat, the sentences it removes
    i = 0
    while i < len(spans):
        k = _repeat_at(text, spans, i)
        if k is None:
            i += 1
            continue
        removed.append(spans[i + k : i + 2 * k])
        del spans[i + k : i + 2 * k]
        i = max(0, i - 2 * MAX_RUN_SENTENCES)  # the removal may have made a new repeat before i
    draft.duplicates.extend(
        {
            "text": "".join(text[a:b] for a, b in copy),
            "reason": "sentences repeated back to back in a paragraph",
            "source_offset": block.piece.source_offset(copy[0][0]),
            "kept_in": None,
        }
        for copy in removed
    )
    for a, b in sorted((span for copy in removed for span in copy), reverse=True):
        block.piece.delete(a, b)  # from the end, so earlier offsets stay valid


def _repeat_at(text: str, spans: list[tuple[int, int]], i: int) -> int | None:
    """The longest k <= 4 such that the k sentences from sentence ``i`` are followed by a copy."""
    for k in range(MAX_RUN_SENTENCES, 0, -1):
        if i + 2 * k > len(spans):
            continue
        first = [text[a:b] for a, b in spans[i : i + k]]
        second = [text[a:b] for a, b in spans[i + k : i + 2 * k]]
        if first == second and sum(map(len, first)) >= MIN_REPEAT_CHARS:
            return k
    return None


def _remove_repeated_paragraphs(drafts: list[Draft]) -> None:
    places: dict[str, list[tuple[int, Block]]] = defaultdict(list)
    for n, draft in enumerate(drafts):
        for block in draft.blocks:
            if block.kind is Kind.BODY and len(block.text) >= MIN_PARAGRAPH_CHARS:
                places[block.text].append((n, block))
    repeated = {text: where for text, where in places.items() if len(where) > 1}
    for text, where in repeated.items():
        scores = [_fit(text, drafts[n], repeated) for n, _ in where]
        keep = scores.index(max(scores))
        for index, (n, block) in enumerate(where):
            if index == keep:
                continue
            drafts[n].blocks.remove(block)
            drafts[n].duplicates.append(
                {
                    "text": text,
                    "reason": "paragraph printed twice on the page",
                    "source_offset": block.piece.source_offset(0),
                    "kept_in": where[keep][0],  # draft index; the article id replaces it
                }
            )


def _fit(text: str, draft: Draft, repeated: dict) -> float:
    """Share of ``text``'s character bigrams found in the draft's other paragraphs."""
    mine = _bigrams(text)
    rest = _bigrams("\n".join(b.text for b in draft.blocks if b.text not in repeated))
    shared = sum(min(count, rest[gram]) for gram, count in mine.items())
    return shared / max(1, sum(mine.values()))


def _bigrams(text: str) -> Counter[str]:
    return Counter(text[i : i + 2] for i in range(len(text) - 1))
