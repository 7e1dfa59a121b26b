"""Classified lines to draft articles: titles, bylines, captions, body; column breaks joined.

An article starts at a run of title-like lines (column label, title,
subtitles) when the run opens the text, or when what follows it (after any
photo captions and credits) is a byline or a dateline lead (本报讯…), or when
the run holds a ——subtitle. Otherwise such a line is a subheading of the
current article. Captions belong to the article whose title came last (a
caption printed after an article's body is that article's).

A body paragraph that does not end a sentence and is not a subheading was cut
by a column break: the next body line of the same article continues it and is
joined to it without a separator.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.ingest.lines import Kind, Line
from kg.ingest.patterns import ends_sentence
from kg.ingest.piece import Piece


@dataclass
class Block:
    """A block of an article: its kind, text with source anchors, and the line it came from."""

    kind: Kind
    piece: Piece
    line: Line

    @property
    def text(self) -> str:
        return self.piece.text

    @property
    def open_fragment(self) -> bool:
        """A body paragraph cut mid-sentence, waiting for its continuation."""
        return self.kind is Kind.BODY and not ends_sentence(self.text)


@dataclass
class Draft:
    """An article under assembly."""

    blocks: list[Block] = field(default_factory=list)
    duplicates: list[dict] = field(default_factory=list)

    def add(self, kind: Kind, line: Line) -> Block:
        block = Block(kind, Piece.at(line.text, line.start if line.start >= 0 else None), line)
        self.blocks.append(block)
        return block

    def last_body(self) -> Block | None:
        for block in reversed(self.blocks):
            if block.kind in (Kind.BODY, Kind.HEADING):
                return block
            if block.kind not in (Kind.CAPTION, Kind.CREDIT):
                return None
        return None

    @property
    def has_body(self) -> bool:
        return any(b.kind in (Kind.BODY, Kind.HEADING) for b in self.blocks)


def segment(
    lines: list[Line], split: bool = True, title: str | None = None
) -> tuple[list[Draft], list[tuple[str, str]]]:
    """Group classified lines into drafts; also return the page's staff (furniture).

    Args:
        lines: output of :func:`kg.ingest.lines.classify`.
        split: False for a text known to hold one article (a JSONL record).
        title: the article's title when it is known apart from the text
            (a JSONL record's field); its block has no offset in the source.
    """
    drafts: list[Draft] = []
    staff: list[tuple[str, str]] = []
    current: Draft | None = None
    if title:
        current = Draft()
        current.add(Kind.TITLE, Line(title, -1, 0))
        drafts.append(current)
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.kind is Kind.FURNITURE:
            staff.extend(line.staff)
            i += 1
            continue
        if line.title_like and (current is None or (split and _opens_article(lines, i))):
            current = Draft()
            drafts.append(current)
            i = _add_title_run(current, lines, i)
            continue
        if current is None or (split and line.dateline and current.has_body):
            current = Draft()  # text before any title, or a new item whose title was lost
            drafts.append(current)
        _add_line(current, line)
        i += 1
    return drafts, staff


def _title_run_end(lines: list[Line], i: int) -> int:
    j = i
    while j < len(lines) and lines[j].title_like:
        j += 1
    return j


def _opens_article(lines: list[Line], i: int) -> bool:
    j = _title_run_end(lines, i)
    if any(line.kind is Kind.SUBTITLE for line in lines[i + 1 : j]):
        return True
    while j < len(lines) and lines[j].kind in (Kind.CAPTION, Kind.CREDIT):
        j += 1
    if j == len(lines):
        return False
    opening_byline = lines[j].kind is Kind.BYLINE and not lines[j].text.lstrip().startswith(_OPEN)
    return opening_byline or lines[j].dateline is not None


_OPEN = ("（", "(")  # （本报记者甲、乙）closes the article above it; it opens none


def _add_title_run(draft: Draft, lines: list[Line], i: int) -> int:
    end = _title_run_end(lines, i)
    run = lines[i:end]
    if len(run) >= 2 and run[0].column_like and run[0].kind is Kind.TEXT:
        draft.add(Kind.COLUMN, run[0])
        run = run[1:]
    for n, line in enumerate(run):
        draft.add(Kind.TITLE if n == 0 and line.kind is not Kind.SUBTITLE else Kind.SUBTITLE, line)
    return end


def _add_line(draft: Draft, line: Line) -> None:
    if line.kind is not Kind.TEXT:
        draft.add(line.kind, line)
        return
    previous = draft.last_body()
    if previous is not None and previous.open_fragment:
        previous.piece.join(Piece.at(line.text, line.start))
        return
    draft.add(Kind.HEADING if line.heading_like and not line.dateline else Kind.BODY, line)
