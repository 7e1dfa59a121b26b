"""Exact-match NER scoring on hand-made cases: each kind of mistake moves the counts it should."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kg.ner.score
from kg.ner.corpora import Sentence
from kg.ner.score import evaluate_tagger, score_spans, to_json

GOLD = Sentence("张三在北京大学读书", ((0, 2, "PER"), (3, 7, "ORG")))


def counts(predicted, gold=GOLD):
    result = score_spans([gold], [predicted])
    return {k: (s.tp, s.fp, s.fn) for k, s in result.items()}


def test_perfect_prediction():
    assert counts([(0, 2, "PER"), (3, 7, "ORG")])["micro"] == (2, 0, 0)
    assert to_json(score_spans([GOLD], [list(GOLD.spans)]))["micro"] == {
        "p": 1.0,
        "r": 1.0,
        "f1": 1.0,
    }


def test_partial_overlap_is_a_false_positive_and_a_false_negative():
    result = counts([(0, 2, "PER"), (3, 5, "ORG")])  # 北京 for 北京大学
    assert result["ORG"] == (0, 1, 1)
    assert result["micro"] == (1, 1, 1)


def test_type_mismatch_counts_against_both_types():
    result = counts([(0, 2, "PER"), (3, 7, "LOC")])
    assert result["LOC"] == (0, 1, 0)
    assert result["ORG"] == (0, 0, 1)


def test_empty_prediction_and_empty_gold():
    assert counts([])["micro"] == (0, 0, 2)
    empty = score_spans([Sentence("好", ())], [[]])
    assert to_json(empty)["micro"] == {"p": 0.0, "r": 0.0, "f1": 0.0}


def test_ignored_spans_and_other_labels_do_not_count():
    gold = Sentence("全县和某县", ((3, 5, "LOC"),), ignore=((0, 2),))
    assert counts([(0, 2, "LOC"), (3, 5, "LOC"), (2, 3, "TIME")], gold)["micro"] == (1, 0, 0)


def test_json_shape_is_exactly_the_issue_s():
    result = to_json(score_spans([GOLD], [[(0, 2, "PER")]]))
    assert list(result) == ["PER", "LOC", "ORG", "micro"]
    assert all(list(v) == ["p", "r", "f1"] for v in result.values())
    assert result["PER"]["f1"] == 1.0 and result["micro"]["r"] == 0.5
    assert result["micro"]["p"] == 1.0 and result["micro"]["f1"] == pytest.approx(0.6667)


def test_sentence_and_prediction_counts_must_agree():
    with pytest.raises(ValueError):
        score_spans([GOLD, GOLD], [[]])


spans = st.lists(
    st.tuples(st.integers(0, 20), st.integers(1, 5), st.sampled_from(["PER", "LOC", "ORG"])).map(
        lambda t: (t[0], t[0] + t[1], t[2])
    ),
    max_size=8,
)


@given(spans, spans)
def test_micro_counts_add_up(gold, predicted):
    result = score_spans([Sentence("x" * 30, tuple(sorted(set(gold))))], [predicted])
    micro = result["micro"]
    assert micro.tp + micro.fn == len(set(gold))
    assert micro.tp + micro.fp == len(set(predicted))
    assert 0.0 <= micro.f1 <= 1.0


class _Echo:
    """A tagger that returns the gold: evaluate_tagger must then score 1.0."""

    name = "echo"

    def __init__(self, sentences):
        self.answers = {s.text: list(s.spans) for s in sentences}

    def tag(self, texts):
        return [self.answers[t] for t in texts]


def test_evaluate_tagger_batches_and_times():
    sentences = [Sentence(f"张三{i}在北京大学", ((0, 2, "PER"),)) for i in range(10)]
    report = evaluate_tagger(_Echo(sentences), sentences, batch_size=3)
    assert report.counts["micro"].f1 == 1.0
    assert report.sentences == 10 and report.chars == sum(len(s.text) for s in sentences)
    assert report.seconds >= 0.0


def test_doctests():
    assert doctest.testmod(kg.ner.score).failed == 0
