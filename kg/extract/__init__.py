"""Facts read from article text: organizations, places, people, events, with their evidence.

Example:
    >>> import kg.extract
    >>> result = kg.extract.extract_paths(["seeds/"])                 # doctest: +SKIP
    >>> sorted(e.name for e in result.extractions[2].entities.values() if e.type == "Organization")[:1]  # doctest: +SKIP
    ['某县人民医院']
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from kg.extract.extractor import ArticleExtraction, extract_article
from kg.ingest import Article, read_articles
from kg.io import Metadata, Problem
from kg.nlp.backstop import DEFAULT_MODE, check_mode
from kg.vocabulary import Vocabulary, applied

__all__ = [
    "ArticleExtraction",
    "ExtractResult",
    "extract_article",
    "extract_articles",
    "extract_paths",
]

_CHUNK = 8  # articles per task sent to a worker process


@dataclass
class ExtractResult:
    extractions: list[ArticleExtraction] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def rules_version(self) -> str:
        return self.extractions[0].rules_version if self.extractions else ""


@cache
def _nlp(ner: str, vocabulary: Vocabulary | None = None):
    from kg.nlp.pipeline import make_nlp

    return make_nlp(vocabulary.lexicon() if vocabulary else None, ner=ner)


def _extract_chunk(
    args: tuple[list[Article], str | None, str, Vocabulary | None],
) -> list[ArticleExtraction]:
    # the vocabulary travels with each chunk: a worker process has only what it is sent
    articles, home, ner, vocabulary = args
    with applied(vocabulary):
        return [extract_article(a, _nlp(ner, vocabulary), home) for a in articles]


def extract_articles(
    articles: list[Article],
    home: str | None = None,
    jobs: int = 1,
    progress: Callable[[Iterable], Iterable] | None = None,
    ner: str = DEFAULT_MODE,
    vocabulary: Vocabulary | None = None,
) -> list[ArticleExtraction]:
    """Extract every article, in order; ``jobs`` > 1 uses that many processes (0: all cores).

    ``ner``: how the statistical backstop reads the text, one of :data:`kg.nlp.backstop.MODES`.
    ``vocabulary``: a user's additions to kg's rules (:mod:`kg.vocabulary`); its home
    prefecture is used when ``home`` is None.
    """
    check_mode(ner)
    jobs = os.cpu_count() or 1 if jobs == 0 else jobs
    if home is None and vocabulary is not None:
        home = vocabulary.home
    chunks = [
        (articles[i : i + _CHUNK], home, ner, vocabulary) for i in range(0, len(articles), _CHUNK)
    ]
    if jobs <= 1 or len(chunks) <= 1:
        results = map(_extract_chunk, chunks)
        return [x for chunk in (progress(results) if progress else results) for x in chunk]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        results = pool.map(_extract_chunk, chunks)
        return [x for chunk in (progress(results) if progress else results) for x in chunk]


def extract_paths(
    paths: Iterable[str | os.PathLike[str]],
    defaults: Metadata = Metadata(),
    home: str | None = None,
    jobs: int = 1,
    ner: str = DEFAULT_MODE,
    vocabulary: Vocabulary | None = None,
) -> ExtractResult:
    """Read and extract every article under ``paths`` (``vocabulary``: see extract_articles)."""
    read = read_articles([Path(p) for p in paths], defaults)
    extractions = extract_articles(read.articles, home, jobs, ner=ner, vocabulary=vocabulary)
    return ExtractResult(extractions, read.problems)
