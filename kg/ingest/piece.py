"""Text assembled from pieces of a source, remembering where each character came from."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field


@dataclass
class Piece:
    """A block's text with anchors: ``(offset in text, offset in source)`` per contiguous run.

    Joining two column fragments or deleting a repeated sentence keeps every
    remaining character traceable to its offset in the decoded input file.
    """

    text: str
    anchors: list[tuple[int, int]] = field(default_factory=list)

    @classmethod
    def at(cls, text: str, source_start: int | None) -> Piece:
        return cls(text, [] if source_start is None else [(0, source_start)])

    def source_offset(self, index: int) -> int | None:
        """Offset in the source of the character at ``index`` in :attr:`text`."""
        if not self.anchors:
            return None
        run = bisect_right([a for a, _ in self.anchors], index) - 1
        here, there = self.anchors[run]
        return there + index - here

    def join(self, other: Piece) -> None:
        """Append ``other`` (a column break removed between them)."""
        shift = len(self.text)
        self.anchors.extend((a + shift, s) for a, s in other.anchors)
        self.text += other.text

    def delete(self, start: int, end: int) -> None:
        """Remove ``text[start:end]``; later characters keep their source offsets."""
        width = end - start
        tail_source = self.source_offset(end) if end < len(self.text) else None
        kept = [(a, s) for a, s in self.anchors if a < start]
        if tail_source is not None:
            kept.append((start, tail_source))
        kept.extend((a - width, s) for a, s in self.anchors if a > end)
        self.anchors = _merge(kept)
        self.text = self.text[:start] + self.text[end:]


def _merge(anchors: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop anchors that continue the previous run (same shift)."""
    merged: list[tuple[int, int]] = []
    for a, s in sorted(anchors):
        if merged and s - a == merged[-1][1] - merged[-1][0]:
            continue
        if merged and merged[-1][0] == a:
            merged[-1] = (a, s)
        else:
            merged.append((a, s))
    return merged
