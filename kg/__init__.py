"""kg: Chinese party-building news into a knowledge graph.

The package reads newspaper pages, single articles and JSONL corpora
(:mod:`kg.io`), segments them into clean :class:`~kg.ingest.Article` records
(:mod:`kg.ingest`) and, in later stages, extracts and stores the graph.

Example:
    >>> import kg
    >>> result = kg.read_articles(["seeds/"])            # doctest: +SKIP
    >>> [a.title for a in result.articles][:1]           # doctest: +SKIP
    ['强化理论武装 创新教育形式 深化阵地建设']
"""

from importlib.metadata import PackageNotFoundError, version

from kg.errors import KGError
from kg.ingest import Article, ReadResult, read_articles


def build(*args, **kwargs):
    """Build a graph directory; see :func:`kg.builder.build` (imported lazily: it loads spaCy)."""
    from kg.builder import build as _build

    return _build(*args, **kwargs)


def __getattr__(name: str):
    if name == "Graph":  # lazy: pandas and the stores load only when asked for
        from kg.graph.api import Graph

        return Graph
    raise AttributeError(name)


try:
    __version__ = version("kg")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

__all__ = ["Article", "Graph", "KGError", "ReadResult", "__version__", "build", "read_articles"]
