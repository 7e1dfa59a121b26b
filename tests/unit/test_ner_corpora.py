"""The NER corpus readers: each format's spans, its tag mapping, and one-line errors on bad files.

Samples are the first sentences of each public corpus (tests/data/ner/README.md);
the expected spans were read off the files by a person.
"""

from __future__ import annotations

import doctest
import itertools
import json

import pytest
from conftest import ROOT

import kg.ner.corpora
import kg.ner.gold
from kg.errors import InputError, UsageError
from kg.ner.corpora import Sentence, read_corpus

DATA = ROOT / "tests" / "data" / "ner"


def surfaces(sentence: Sentence) -> list[tuple[str, str]]:
    return [(sentence.text[s:e], label) for s, e, label in sentence.spans]


def test_msra_reads_parallel_files_into_spans():
    sentences = read_corpus("msra", DATA / "msra_sentences.txt")  # tags file found beside it
    assert len(sentences) == 8
    assert surfaces(sentences[0]) == [("江苏", "LOC"), ("如皋市", "LOC"), ("城西乡", "LOC")]
    assert surfaces(sentences[3])[:2] == [("唐胜利", "PER"), ("北京博爱医院", "ORG")]
    assert sentences[4].spans == ()
    assert sentences[0].text.startswith("近日在江苏如皋市")  # characters joined, no spaces


def test_msra_line_with_wrong_tag_count_names_file_and_line(tmp_path):
    (tmp_path / "x_sentences.txt").write_text("张 三 来 了\n李 四\n", encoding="utf-8")
    (tmp_path / "x_tags.txt").write_text("B-PER I-PER O O\nB-PER\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"x_tags\.txt:2: 1 tags for 2 characters"):
        read_corpus("msra", tmp_path / "x_sentences.txt")


def test_msra_files_of_different_lengths(tmp_path):
    (tmp_path / "a_sentences.txt").write_text("张 三\n李 四\n", encoding="utf-8")
    (tmp_path / "a_tags.txt").write_text("B-PER I-PER\n", encoding="utf-8")
    with pytest.raises(InputError, match="1 lines, but"):
        read_corpus("msra", tmp_path / "a_sentences.txt")


def test_bio_reads_people_s_daily_sentences():
    sentences = read_corpus("bio", DATA / "peoplesdaily.bio")
    assert len(sentences) == 8
    assert surfaces(sentences[1]) == [("青岛海牛队", "ORG"), ("广州松日队", "ORG")]
    assert surfaces(sentences[7]) == [("市委", "ORG"), ("张敬涛", "PER")]
    assert sentences[1].where.endswith("peoplesdaily.bio:" + str(len(sentences[0].text) + 2))


def test_bio_bad_tag_and_bad_line(tmp_path):
    bad_tag = tmp_path / "t.bio"
    bad_tag.write_text("张 B-PER\n三 X-PER\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"t\.bio:2: tag 'X-PER'"):
        read_corpus("bio", bad_tag)
    bad_line = tmp_path / "l.bio"
    bad_line.write_text("张 B-PER\n三 I-PER extra\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"l\.bio:2: expected a character and a tag"):
        read_corpus("bio", bad_line)


def test_bio_i_without_b_starts_an_entity_and_type_change_splits(tmp_path):
    path = tmp_path / "c.bio"
    path.write_text("张 I-PER\n三 I-PER\n在 O\n北 B-LOC\n京 I-ORG\n", encoding="utf-8")
    assert read_corpus("bio", path)[0].spans == ((0, 2, "PER"), (3, 4, "LOC"), (4, 5, "ORG"))


def test_cluener_mapping_and_inclusive_ends():
    sentences = read_corpus("cluener", DATA / "cluener.json")
    assert surfaces(sentences[0]) == [("彭小军", "PER"), ("台湾", "LOC")]
    assert surfaces(sentences[1]) == [("温格", "PER"), ("曼联", "ORG")]
    # scene -> LOC (雪山, 牛奶海); book/movie/game/position are not names for kg
    assert surfaces(sentences[4]) == [("雪山", "LOC"), ("牛奶海", "LOC")]
    assert all(label in ("PER", "LOC", "ORG") for s in sentences for *_, label in s.spans)


def test_cluener_drops_position_and_keeps_government(tmp_path):
    record = {
        "text": "县长王五在县政府开会",
        "label": {
            "position": {"县长": [[0, 1]]},
            "name": {"王五": [[2, 3]]},
            "government": {"县政府": [[5, 7]]},
        },
    }
    path = tmp_path / "c.json"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    assert surfaces(read_corpus("cluener", path)[0]) == [("王五", "PER"), ("县政府", "ORG")]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{not json", "not JSON"),
        ('{"label": {}}', "'text' string"),
        ('{"text": "王五来了", "label": {"name": {"王五": [[1, 2]]}}}', "is not at"),
        ('{"text": "王五来了", "label": {"name": {"王五": [1]}}}', "expected"),
    ],
)
def test_cluener_bad_lines(tmp_path, line, reason):
    path = tmp_path / "bad.json"
    path.write_text('{"text": "好", "label": {}}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=rf"bad\.json:2: .*{reason}"):
        read_corpus("cluener", path)


def test_weibo_names_only_and_gpe_as_loc():
    sentences = read_corpus("weibo", DATA / "weibo.conll")
    assert surfaces(sentences[0]) == [("李开复", "PER")]
    assert surfaces(sentences[1]) == [("陈小奥", "PER"), ("台湾", "LOC")]  # 台湾: GPE.NAM
    assert sentences[0].text == "一节课的时间真心感动了李开复感动"  # position digits removed


def test_weibo_nominal_mentions_are_not_names(tmp_path):
    path = tmp_path / "w.conll"
    path.write_text(
        "老0\tB-PER.NOM\n师1\tI-PER.NOM\n在0\tO\n3\tB-LOC.NAM\n10\tI-LOC.NAM\n", encoding="utf-8"
    )
    (sentence,) = read_corpus("weibo", path)
    assert sentence.text == "老师在31"  # a digit character with its position: '3' + '10' → 3…
    assert sentence.spans == ((3, 5, "LOC"),)


def test_weibo_line_without_tab(tmp_path):
    path = tmp_path / "w.conll"
    path.write_text("老0\tO\n师1 O\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"w\.conll:2: expected a character and a tag"):
        read_corpus("weibo", path)


def test_missing_file_binary_file_and_unknown_format(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_corpus("bio", tmp_path / "none.bio")
    binary = tmp_path / "b.bio"
    binary.write_bytes(b"\xff\xfe\x00\x81")
    with pytest.raises(InputError, match="not UTF-8"):
        read_corpus("bio", binary)
    with pytest.raises(UsageError, match="unknown corpus format"):
        read_corpus("conll", binary)


def test_gold_articles_become_spans_of_every_surface():
    sentences = read_corpus("gold", ROOT / "tests" / "gold" / "seeds.jsonl")
    assert len(sentences) == 11
    for sentence in sentences:
        for start, end, label in sentence.spans:
            assert 0 <= start < end <= len(sentence.text) and label in ("PER", "LOC", "ORG")
        ends = sorted([(s, e) for s, e, _ in sentence.spans] + list(sentence.ignore))
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(ends))  # no overlaps
    ignored = {s.text[a:b] for s in sentences for a, b in s.ignore}
    assert {"全县", "全州"} <= ignored  # deictic surfaces are references, not names


def test_gold_with_missing_source_says_so(tmp_path):
    gold = tmp_path / "g.jsonl"
    record = {
        "file": "nowhere/page.txt",
        "title": "t",
        "entities": [],
        "events": [],
        "positions": [],
        "authors": [],
        "photographers": [],
    }
    gold.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"g\.jsonl:1: source text nowhere/page\.txt not found"):
        read_corpus("gold", gold, tmp_path)


def test_doctests():
    for module in (kg.ner.corpora, kg.ner.gold):
        assert doctest.testmod(module, optionflags=doctest.ELLIPSIS).failed == 0
