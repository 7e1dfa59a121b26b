"""Newspaper text into clean Article records (segmentation, bylines, captions, duplicates)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.ingest.article import Article, Caption, Duplicate, Person, Segment, assemble
from kg.ingest.dedupe import remove_duplicates
from kg.ingest.lines import classify, split_lines
from kg.ingest.patterns import Patterns
from kg.ingest.segment import segment
from kg.ingest.vocab import IngestVocab, load_vocab
from kg.io.sources import Metadata, Problem, Source, find_inputs, read_file

__all__ = [
    "Article",
    "Caption",
    "Duplicate",
    "Person",
    "ReadResult",
    "Segment",
    "read_articles",
    "segment_source",
]


@dataclass
class ReadResult:
    """Articles read from a set of inputs, and the problems met on the way."""

    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0  # files that gave at least one article

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.fatal]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.fatal]


def segment_source(source: Source, vocab: IngestVocab | None = None) -> list[Article]:
    """Segment one source text into articles.

    A page is split into its articles; a JSONL record is one article (its
    ``title`` field, when present, is the title).

    Example:
        >>> from kg.io import Metadata, Source
        >>> text = "党建引领 服务群众\\n\\n本报讯 记者张三报道：近日，某社区开展主题党日活动。"
        >>> [a.title for a in segment_source(Source("x.txt", text, Metadata()))]
        ['党建引领 服务群众']
    """
    vocab = vocab or load_vocab()
    lines = classify(split_lines(source.text), Patterns(vocab))
    drafts, staff = segment(lines, split=not source.is_record, title=source.title)
    remove_duplicates(drafts)
    return assemble([d for d in drafts if d.blocks], staff, source, vocab.version)


def read_articles(
    paths: Iterable[str | os.PathLike[str]],
    defaults: Metadata = Metadata(),
    progress: Callable[[list[Path]], Iterable[Path]] | None = None,
) -> ReadResult:
    """Read every file under ``paths`` into articles; bad files become problems.

    Args:
        paths: files and directories (walked recursively).
        defaults: metadata for what a file, its sidecar or its name does not say.
        progress: wraps the file list for a progress bar (e.g. ``rich.progress.track``).
    """
    files, problems = find_inputs(paths)
    result = ReadResult(problems=list(problems))
    vocab = load_vocab()
    for file in progress(files) if progress else files:
        found = False
        for item in read_file(file, defaults):
            if isinstance(item, Problem):
                result.problems.append(item)
                continue
            result.articles.extend(segment_source(item, vocab))
            found = True
        result.files += found
    return result
