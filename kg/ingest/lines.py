"""A text's non-blank lines, each classified by what it is on a news page.

Kinds decided line by line here: page furniture, source line, photo credit,
caption (with its credit inline, or followed by a credit line), byline,
subtitle (——…), dateline lead of a body paragraph, and plain text. Whether a
plain line is a title, a column label, a subheading or body text depends on
its neighbours and is decided by :mod:`kg.ingest.segment`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise

from kg.ingest.patterns import Credit, Dateline, Named, Patterns, ends_sentence

TITLE_MAX_CHARS = 50
HEADING_MAX_CHARS = 40
CAPTION_MAX_CHARS = 200
COLUMN_MAX_CHARS = 6
_SUBTITLE = re.compile(r"^(?:——|—|－－|--|─)+\s*")
_HAN_ONLY = re.compile(r"^[\u4e00-\u9fff]+$")


class Kind(StrEnum):
    """What a line or block is on the page."""

    FURNITURE = "furniture"
    COLUMN = "column"
    TITLE = "title"
    SUBTITLE = "subtitle"
    BYLINE = "byline"
    CAPTION = "caption"
    CREDIT = "credit"
    SOURCE = "source"
    HEADING = "heading"
    BODY = "body"
    TEXT = "text"  # plain text whose role the segmenter decides


@dataclass
class Line:
    """One non-blank line, stripped, with its offset in the source text."""

    text: str
    start: int
    gap: int  # blank lines before it
    kind: Kind = Kind.TEXT
    people: tuple[Named, ...] = ()  # byline people, offsets in ``text``
    credit: Credit | None = None  # a credit line's, or a caption's inline credit
    credit_at: int | None = None  # where a caption's inline credit starts
    staff: tuple[tuple[str, str], ...] = ()
    source: tuple[str, int, int] | None = None
    dateline: Dateline | None = None

    @property
    def terminated(self) -> bool:
        return ends_sentence(self.text)

    @property
    def title_like(self) -> bool:
        """Could be a title, subtitle or column label (confirmed by context)."""
        if self.kind is Kind.SUBTITLE:
            return True
        if self.kind is not Kind.TEXT or self.dateline or len(self.text) > TITLE_MAX_CHARS:
            return False
        return "。" not in self.text and (not self.terminated or self.text[-1] in "！？!?")

    @property
    def heading_like(self) -> bool:
        """A subheading inside an article: short, unterminated, no clause punctuation."""
        return (
            len(self.text) <= HEADING_MAX_CHARS
            and not self.terminated
            and not any(mark in self.text for mark in "，,；;。")
        )

    @property
    def column_like(self) -> bool:
        return len(self.text) <= COLUMN_MAX_CHARS and bool(_HAN_ONLY.match(self.text))


def split_lines(text: str) -> list[Line]:
    """Non-blank lines of ``text``, stripped, with offsets and blank-line counts."""
    lines: list[Line] = []
    offset, gap = 0, 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            lines.append(Line(stripped, offset + lead, gap))
            gap = 0
        else:
            gap += 1
        offset += len(raw) + 1
    return lines


def classify(lines: list[Line], patterns: Patterns) -> list[Line]:
    """Set each line's kind and parsed data in place; return the lines."""
    for line in lines:
        _classify_line(line, patterns)
    for line, after in pairwise(lines):
        if (
            line.kind is Kind.TEXT
            and after.kind is Kind.CREDIT
            and len(line.text) <= CAPTION_MAX_CHARS
            and line.dateline is None
        ):
            line.kind = Kind.CAPTION
    return lines


def _classify_line(line: Line, patterns: Patterns) -> None:
    text = line.text
    if staff := patterns.furniture(text):
        line.kind, line.staff = Kind.FURNITURE, tuple(staff)
    elif source := patterns.source(text):
        line.kind, line.source = Kind.SOURCE, source
    elif credit := patterns.credit(text):
        line.kind, line.credit = Kind.CREDIT, credit
    elif inline := patterns.inline_credit(text):
        line.kind, (line.credit_at, line.credit) = Kind.CAPTION, inline
    elif people := patterns.byline(text):
        line.kind, line.people = Kind.BYLINE, people
    elif _SUBTITLE.match(text):
        line.kind = Kind.SUBTITLE
    else:
        line.dateline = patterns.dateline(text)
