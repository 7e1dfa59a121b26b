"""Evaluation: score kg's output against the hand-checked gold annotations in ``tests/gold/``."""

from kg.eval.extract import ArticleErrors, Diff, EvalReport, Score, evaluate, format_report
from kg.eval.gold import (
    GoldArticle,
    GoldAuthor,
    GoldEntity,
    GoldEvent,
    GoldPosition,
    Organizer,
    load_gold,
    normalise_name,
    parse_gold,
)

__all__ = [
    "ArticleErrors",
    "Diff",
    "EvalReport",
    "GoldArticle",
    "GoldAuthor",
    "GoldEntity",
    "GoldEvent",
    "GoldPosition",
    "Organizer",
    "Score",
    "evaluate",
    "format_report",
    "load_gold",
    "normalise_name",
    "parse_gold",
]
