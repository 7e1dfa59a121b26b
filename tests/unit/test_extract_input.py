"""Extraction on awkward input: nothing to find, long paragraphs, traditional characters, emoji."""

from kg.extract import extract_articles
from kg.ingest import segment_source
from kg.io import Metadata, Source


def extract(text: str, **meta):
    [article] = segment_source(Source("t.txt", text, Metadata(**meta)))
    [result] = extract_articles([article])
    return result


def spans_exact(result) -> None:
    text = result.article.text
    for entity in result.entities.values():
        for mention in entity.mentions:
            assert text[mention.start : mention.end] == mention.surface
    for relation in result.relations:
        for evidence in relation.evidence:
            assert evidence.sentence in text and evidence.start <= evidence.end


def test_an_article_with_nothing_recognisable_gives_an_empty_valid_result():
    result = extract("今天天气很好。\n\n我们去散步吧，路上的风景很美。")
    assert result.entities == {} and result.events == [] and result.relations == []


def test_emoji_half_width_punctuation_and_traditional_characters_keep_offsets_exact():
    text = (
        "标题行\n\n□本报记者 王小红\n\n"
        '😀近日,乌鲁木齐市天山区某街道党工委组织开展"学习"主题党日活动!🎉'
        "烏魯木齊市黨委書記說:好。哈密市伊州区人民医院党支部书记李某说,很好。"
    )
    result = extract(text, date="2025-06-20")
    spans_exact(result)
    assert {
        ("Place", "天山区"),
        ("Organization", "伊州区人民医院党支部"),  # the address chain names the last place
        ("Person", "李某"),
    } <= set(result.entities)
    [event] = result.events
    # the street the gazetteer lacks is the chain's most specific place: the name starts there
    assert event.organizers == [("某街道党工委", "组织")]
    assert event.name == '"学习"主题党日活动'


def test_a_very_long_paragraph_keeps_offsets_exact():
    filler = "".join(f"第{n}项工作稳步推进。" for n in range(3000))
    text = f"标题行\n\n□本报记者 王小红\n\n{filler}哈密市伊州区人民医院党支部组织开展主题党日活动。{filler}"
    result = extract(text, date="2025-06-20")
    spans_exact(result)
    [event] = result.events
    assert event.type == "主题党日"
    assert event.organizers[0][0].endswith("人民医院党支部")
    assert len(result.article.text) > 60_000
