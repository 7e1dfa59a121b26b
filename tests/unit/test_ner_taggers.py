"""The NER taggers: each finds a clear name in an invented sentence, with valid offsets.

Sentences are made up for these tests (no names from seeds/). The shipped spaCy
model is also held to its model card on a small committed sample.
"""

from __future__ import annotations

import doctest
import itertools
import json
from pathlib import Path

import pytest
from conftest import ROOT

import kg.ner.taggers
from kg.errors import UsageError
from kg.ner.corpora import read_corpus
from kg.ner.score import evaluate_tagger
from kg.ner.taggers import DEFAULT_MODEL, Tagger, chunks, get_tagger, outermost

INVENTED = [
    "昨天上午，市民周建华在杭州市西湖区参观了浙江大学图书馆。",
    "据新华社报道，国家统计局局长李明远表示经济平稳运行。",
    "",
]


@pytest.fixture(scope="module", params=["rules", "lac", "spacy"])
def tagger(request) -> Tagger:
    return get_tagger(request.param)


def check_offsets(texts, result):
    assert len(result) == len(texts)
    for text, spans in zip(texts, result, strict=True):
        assert spans == sorted(spans)
        for s, e, label in spans:
            assert 0 <= s < e <= len(text) and label in ("PER", "LOC", "ORG")
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))  # no overlaps


def test_tagger_finds_a_clear_name_with_valid_offsets(tagger):
    assert isinstance(tagger, Tagger)
    result = tagger.tag(INVENTED)
    check_offsets(INVENTED, result)
    found = {(INVENTED[i][s:e], label) for i, spans in enumerate(result) for s, e, label in spans}
    # every tagger must find these; the statistical ones also a person without a title
    assert {("国家统计局", "ORG"), ("李明远", "PER")} <= found
    assert any(label == "LOC" and "杭州市" in name for name, label in found)
    if tagger.name != "rules":
        assert ("周建华", "PER") in found
    assert result[2] == []


def test_tagger_is_deterministic_and_batch_independent(tagger):
    together = tagger.tag(INVENTED)
    alone = [tagger.tag([text])[0] for text in INVENTED]
    assert together == alone == tagger.tag(INVENTED)


def test_long_text_offsets_map_back(tagger):
    sentence = "记者周建华在杭州市报道。"
    (alone,) = tagger.tag([sentence])
    (spans,) = tagger.tag([sentence * 60])  # far longer than one chunk
    check_offsets([sentence * 60], [spans])
    shift = len(sentence)
    assert spans == [
        (s + k * shift, e + k * shift, label) for k in range(60) for s, e, label in alone
    ]
    if tagger.name != "rules":
        assert alone  # the statistical taggers find the reporter at least


def test_chunks_cover_the_text_exactly():
    text = "第一句。第二句！" + "长" * 600 + "\n最后"
    pieces = list(chunks(text, limit=250))
    assert "".join(p for _, p in pieces) == text
    assert all(text[o : o + len(p)] == p and len(p) <= 250 for o, p in pieces)


def test_outermost_keeps_longest_then_leftmost():
    assert outermost([(0, 3, "LOC"), (0, 7, "ORG"), (7, 9, "PER"), (8, 10, "LOC")]) == [
        (0, 7, "ORG"),
        (7, 9, "PER"),
    ]


def test_unknown_tagger_and_bad_model_dir(tmp_path):
    with pytest.raises(UsageError, match="unknown tagger 'crf'"):
        get_tagger("crf")
    with pytest.raises(UsageError, match="not a spaCy model directory"):
        get_tagger("spacy", tmp_path)


def test_shipped_model_is_inside_the_package_and_small():
    # inside the installed package (site-packages for `pip install .`, the clone for -e)
    assert DEFAULT_MODEL.is_relative_to(Path(kg.__file__).resolve().parent)
    size = sum(f.stat().st_size for f in DEFAULT_MODEL.rglob("*") if f.is_file())
    assert size <= 30 * 1024 * 1024
    assert (DEFAULT_MODEL / "MODEL_CARD.md").is_file()


def test_shipped_model_scores_near_its_card_on_the_committed_sample():
    """The card's sample scores (tests/data/ner, 36 sentences) within 0.05 micro-F1."""
    card = json.loads((DEFAULT_MODEL / "sample_scores.json").read_text(encoding="utf-8"))
    tagger = get_tagger("spacy")
    data = ROOT / "tests" / "data" / "ner"
    sentences = read_corpus("msra", data / "msra_sentences.txt")
    sentences += read_corpus("bio", data / "peoplesdaily.bio")
    sentences += read_corpus("cluener", data / "cluener.json")
    sentences += read_corpus("weibo", data / "weibo.conll")
    f1 = evaluate_tagger(tagger, sentences).counts["micro"].f1
    assert f1 == pytest.approx(card["micro_f1"], abs=0.05)
    assert f1 >= 0.4


def test_doctests():
    assert doctest.testmod(kg.ner.taggers).failed == 0


class _Fixed:
    def __init__(self, name, spans):
        self.name, self.spans = name, spans

    def tag(self, texts):
        return [list(self.spans) for _ in texts]


def test_backstop_adds_only_spans_of_its_labels_where_the_first_found_nothing():
    from kg.ner.taggers import Backstop

    first = _Fixed("a", [(0, 4, "ORG")])
    second = _Fixed("b", [(0, 2, "LOC"), (5, 7, "PER"), (8, 10, "LOC")])
    assert Backstop(first, second).tag(["x"]) == [[(0, 4, "ORG"), (5, 7, "PER"), (8, 10, "LOC")]]
    only_people = Backstop(first, second, ("PER",))
    assert only_people.name == "a+b:PER"
    assert only_people.tag(["x", "y"]) == [[(0, 4, "ORG"), (5, 7, "PER")]] * 2


def test_backstop_by_name():
    tagger = get_tagger("rules+lac:PER")
    assert tagger.name == "rules+lac:PER"
    found = tagger.tag(["昨天上午，市民周建华在杭州市西湖区参观。"])[0]
    assert (7, 10, "PER") in found  # the person the rules alone miss
    with pytest.raises(UsageError, match="labels must be among"):
        get_tagger("rules+lac:GPE")
