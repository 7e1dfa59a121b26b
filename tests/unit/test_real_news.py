"""What real news needs, on invented text: address chains, context, posts, the tagger's words.

The sentences are written for these tests (no corpus text enters the repository); the
places are real divisions of the NBS gazetteer, the people and branches are invented.
"""

from __future__ import annotations

import ast

import pytest
from conftest import ROOT

from kg.extract import extract_articles
from kg.ingest import segment_source
from kg.io import Metadata, Source
from kg.nlp.backstop import _addressed, _completed, _supported
from kg.nlp.lexicon import Lexicon

LEX = Lexicon.load()
TEXT = (
    "测试标题\n\n　　本报记者 王小明\n"
    "　　浙江省长兴县和平镇马家边村党支部书记陈红梅说，今年村里变化大。"
    "马家边村第一书记李建华介绍，村党支部组织党员开展志愿服务。省委省政府高度重视。"
    "长兴的茶叶很有名。各村党支部都参加了。活动中，习近平新时代中国特色社会主义思想深入人心。\n"
    "　　（新华社北京2月4日电  执笔记者：丁一鸣、姜晓）\n"
)


def extract(text: str, date: str | None = "2020-02-05"):
    [article] = segment_source(Source("t.txt", text, Metadata(date=date)))
    [extracted] = extract_articles([article])
    return extracted


@pytest.fixture(scope="module")
def result():
    return extract(TEXT)


def relations(result, kind):
    return {(r.source[1], r.target, dict(r.props).get("title")) for r in result.relations
            if r.type == kind}  # fmt: skip


def test_an_address_chain_is_location_and_the_name_starts_at_its_last_place(result):
    assert ("Organization", "马家边村党支部") in result.entities
    assert ("Organization", "浙江省长兴县和平镇马家边村党支部") not in result.entities
    located = relations(result, "LOCATED_IN")
    assert ("马家边村党支部", ("Place", "马家边村"), None) in located


def test_a_unit_word_before_a_kind_stands_for_the_nearest_such_place(result):
    # 村党支部 in the second sentence is the branch of 马家边村; 各村党支部 is no one branch
    [branch] = [e for (t, n), e in result.entities.items() if n == "马家边村党支部"]
    assert len(branch.mentions) == 2
    assert not any(n.startswith("各") or n == "村党支部" for _, n in result.entities)


def test_coordinated_bodies_are_two_organizations(result):
    assert {("Organization", "浙江省委"), ("Organization", "浙江省政府")} <= set(result.entities)


def test_a_county_short_form_is_resolved_where_the_article_names_its_province(result):
    assert ("Place", "长兴县") in result.entities


def test_a_country_inside_a_concept_term_is_no_place(result):
    assert ("Place", "中国") not in result.entities


def test_posts_at_organizations_places_and_agencies(result):
    posts = relations(result, "HOLDS_POSITION")
    assert ("陈红梅", ("Organization", "马家边村党支部"), "书记") in posts
    assert ("李建华", ("Place", "马家边村"), "第一书记") in posts  # the village's own post
    assert ("丁一鸣", ("Organization", "新华社"), "记者") in posts  # named with the agency
    assert not any(person == "王小明" for person, _, _ in posts)  # 本报: the paper, unnamed


def test_closing_bylines_and_the_tagger_add_people_with_exact_spans(result):
    people = {n for t, n in result.entities if t == "Person"}
    assert {"丁一鸣", "姜晓", "王小明", "陈红梅", "李建华"} <= people
    assert "习近平" not in people  # named only inside a doctrine's name
    text = result.article.text
    for entity in result.entities.values():
        for mention in entity.mentions:
            assert text[mention.start : mention.end] == mention.surface


def test_a_two_character_name_cut_short_is_completed_only_on_evidence():
    text = "王建国在会上讲话。随后王建国说，要抓好落实。"
    assert _completed(text, 0, 2, frozenset(), LEX) == (0, 3, "PER")  # 王建国 each time
    once = "王建国在会上讲话。"
    assert _completed(once, 0, 2, frozenset(), LEX) == (0, 2, "PER")
    assert _completed(once, 0, 2, frozenset({"王建国"}), LEX) == (0, 3, "PER")  # a byline's
    title = "某某总书记指出。某某总书记强调。"
    assert _completed(title, 0, 2, frozenset(), LEX) == (0, 2, "PER")  # a title follows


@pytest.mark.parametrize(
    ("text", "start", "end", "supported"),
    [
        ("作风松散可以搞垮常胜之师。", 8, 10, False),  # an idiom, no cue
        ("记者见到了王强，他说。", 5, 7, True),  # closed by a cue
        ("陈规陋习正被改变。", 0, 4, False),  # four characters, one-character surname
        ("欧阳明月说。", 0, 4, True),  # a compound surname
    ],
)
def test_a_name_the_tagger_proposes_needs_the_context_of_a_name(text, start, end, supported):
    assert _supported(text, start, end, frozenset(), LEX) is supported


@pytest.mark.parametrize(
    ("name", "addressed"), [("王主席", True), ("马阿姨", True), ("洪家", True), ("王小明", False)]
)
def test_a_surname_with_a_form_of_address_is_no_name(name, addressed):
    assert _addressed(name, LEX) is addressed


def test_the_pipeline_never_imports_the_ner_tooling():
    """kg.nlp runs the statistical taggers; kg.ner (corpora, scoring, training) may use the
    pipeline, never the other way round."""
    for path in sorted((ROOT / "kg" / "nlp").glob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)} | {
            a.name for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names
        }
        assert not any(m and m.startswith("kg.ner") for m in imported), path.name


def test_a_post_links_across_a_long_address_chain_and_to_a_branch_of_an_unlisted_locality():
    text = (
        "测试标题\n\n　　湖北省武汉市武昌区紫阳街翠竹社区党总支书记王建华都会带领居民巡查。"
        "翠竹居民区党支部书记李建华自制表格。\n"
    )
    posts = {(p, t, title) for p, (_, t), title in relations(extract(text), "HOLDS_POSITION")}
    assert ("王建华", "翠竹社区党总支", "书记") in posts  # the chain starts before the window
    assert ("李建华", "翠竹居民区党支部", "书记") in posts  # 某某居民区 names the branch's owner


@pytest.mark.parametrize(
    ("text", "org", "absent"),
    [
        # 经 ends a name only as a word of its own, not inside 经济
        ("专家介绍。中国宏观经济研究院研究员张三说。", "中国宏观经济研究院", "宏观经济研究院"),
        # a verb after a place is the clause's, not part of a name
        (
            "在各方奔走下，白杨村组建起包括医院、企业等单位的帮扶联盟。",
            None,
            "白杨村组建起包括医院",
        ),
    ],
)
def test_the_tagger_words_decide_where_a_name_may_start(text, org, absent):
    extracted = extract("测试标题\n\n　　" + text + "\n", date=None)
    names = {n for t, n in extracted.entities if t == "Organization"}
    assert absent not in names
    assert org is None or org in names


def test_a_local_title_without_its_place_is_held_at_the_nearest_village_before_it():
    text = (
        "测试标题\n\n　　浙江省长兴县和平镇马家边村位于山区。"
        "村支书王建华说，今年要修路。“第一书记”李建华介绍了规划。\n"
    )
    posts = {(p, t, title) for p, t, title in relations(extract(text), "HOLDS_POSITION")}
    assert ("王建华", ("Place", "马家边村"), "村支书") in posts
    assert ("李建华", ("Place", "马家边村"), "第一书记") in posts  # a quoted title
