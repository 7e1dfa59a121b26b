"""The NER backstop: where the model reads (gap windows), what the rules accept of it, and
what reaches the extraction and the graph. Sentences are invented; the model is the real one."""

from __future__ import annotations

import pytest

from kg.errors import UsageError
from kg.extract import extract_articles
from kg.gazetteer.places import Gazetteer
from kg.ingest import segment_source
from kg.io import Metadata, Source
from kg.nlp.backstop import (
    PERSON_RULE,
    WINDOW,
    accept,
    check_mode,
    gap_windows,
)
from kg.nlp.lexicon import Lexicon
from kg.nlp.pipeline import make_nlp
from kg.nlp.tagged_places import OTHER_LEVEL, PLACE_RULE


@pytest.fixture(scope="module")
def lexicon():
    return Lexicon.load()


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer.load()


def windows(text, lexicon, people=()):
    return gap_windows(text, [(0, len(text))], list(people), lexicon.surnames)


# -- where the model reads -----------------------------------------------------------------


def test_a_cue_after_a_surname_opens_a_window_ending_with_the_cue(lexicon):
    text = "会议结束后，王小明表示，要把工作做实。"
    at = text.index("表示")
    assert windows(text, lexicon) == [(at - WINDOW, at + 2)]


def test_no_window_where_the_rules_found_the_person(lexicon):
    text = "会议结束后，王小明表示，要把工作做实。"
    start = text.index("王小明")
    assert windows(text, lexicon, [(start, start + 3)]) == []


@pytest.mark.parametrize(
    "text",
    [
        "采访中记者说，这里变化很大。",  # a role, not a name
        "可以说，这是一次成功的尝试。",  # a function word
        "他表示，要把工作做实。",  # a pronoun
    ],
)
def test_no_window_without_a_name_before_the_cue(text, lexicon):
    assert windows(text, lexicon) == []


def test_a_window_stays_inside_its_sentence(lexicon):
    text = "散会。李强说要改。"
    sentences = [(0, 3), (3, len(text))]
    (start, end), *_ = gap_windows(text, sentences, [], lexicon.surnames)
    assert start >= 3 and text[start:end].endswith("说")


# -- what the rules accept -------------------------------------------------------------------


def test_a_person_needs_a_known_surname(lexicon, gazetteer):
    text = "王小明和某某某都来了"
    got = accept(text, [(0, 3, "PER"), (4, 7, "PER")], [], [], lexicon, gazetteer)
    assert [(p.name, p.rule) for p in got.people] == [("王小明", PERSON_RULE)]
    assert got.rejected == 1


def test_a_name_that_cuts_a_word_of_the_tagger_is_refused(lexicon, gazetteer):
    from kg.nlp.words import Words

    text = "确保依纪依法办案，王小明说"
    # the tagger reads 依纪依法 as one word; a name proposed inside it cuts it
    words = Words(
        ((0, 2, "v"), (2, 6, "vl"), (6, 8, "v"), (8, 9, "w"), (9, 12, "PER"), (12, 13, "v"))
    )
    got = accept(text, [(2, 5, "PER"), (9, 12, "PER")], [], [], lexicon, gazetteer, words=words)
    assert [p.name for p in got.people] == ["王小明"]


def test_rules_win_every_overlap(lexicon, gazetteer):
    text = "县委书记王小明讲话"
    got = accept(text, [(2, 7, "PER"), (0, 2, "ORG")], [], [(0, 4), (4, 7)], lexicon, gazetteer)
    assert (got.people, got.orgs, got.rejected) == ([], [], 2)


def test_an_organization_may_hold_a_place_but_not_cross_one(lexicon, gazetteer):
    text = "鞍山钢铁集团与鞍山人"
    place = (0, 2)
    got = accept(text, [(0, 6, "ORG"), (1, 7, "ORG")], [place], [], lexicon, gazetteer)
    assert [name for _, name in got.orgs] == ["鞍山钢铁集团"]
    assert got.orgs[0][0].kind != "其他"  # typed by its suffix, as a rule mention is


def test_an_organization_that_is_a_place_name_is_refused(lexicon, gazetteer):
    got = accept("乌鲁木齐市", [(0, 5, "ORG")], [], [], lexicon, gazetteer)
    assert got.orgs == [] and got.rejected == 1


def test_a_place_is_resolved_against_the_gazetteer_where_it_can_be(lexicon, gazetteer):
    text = "他去过吐鲁番市和欧洲"
    got = accept(text, [(3, 7, "LOC"), (8, 10, "LOC")], [], [], lexicon, gazetteer)
    resolved, other = got.places
    assert (resolved.code, resolved.level) == ("6504", "prefecture")
    assert (other.code, other.name, other.level, other.rule) == (
        None,
        "欧洲",
        OTHER_LEVEL,
        PLACE_RULE,
    )


def test_names_inside_short_quotes_are_slogans_not_names(lexicon, gazetteer):
    text = "开展“五个好”创建"
    got = accept(text, [(3, 6, "ORG")], [], [], lexicon, gazetteer)
    assert got.orgs == [] and got.rejected == 1


def test_an_unknown_mode_is_a_usage_error():
    with pytest.raises(UsageError, match="unknown NER mode 'most'"):
        check_mode("most")


# -- in the pipeline and the extraction -----------------------------------------------------


TEXT = "座谈会上，王小明表示，村里的变化让人欣喜。"


def test_off_is_rules_only_and_gaps_adds_the_quoted_person():
    off, gaps = make_nlp(ner="off")(TEXT), make_nlp(ner="gaps")(TEXT)
    assert [s.text for s in off.spans["kg_people"]] == []
    assert [s.text for s in gaps.spans["kg_people"]] == ["王小明"]


def test_a_backstop_fact_carries_its_rule_and_an_exact_span():
    (article,) = segment_source(Source("t.txt", "村里新变化\n" + TEXT, Metadata()))
    (extraction,) = extract_articles([article], ner="gaps")
    person = next(e for e in extraction.entities.values() if e.type == "Person")
    (mention,) = person.mentions
    assert mention.rule == PERSON_RULE
    assert article.text[mention.start : mention.end] == "王小明"


def test_all_reads_every_sentence_and_adds_places_outside_the_gazetteer():
    (article,) = segment_source(
        Source("t.txt", "交流\n代表团去年访问了欧洲，反响热烈。", Metadata())
    )
    (off,) = extract_articles([article], ner="off")
    (full,) = extract_articles([article], ner="all")
    assert not any(e.type == "Place" for e in off.entities.values())
    places = [e for e in full.entities.values() if e.type == "Place"]
    assert [(e.name, e.props["level"]) for e in places] == [("欧洲", OTHER_LEVEL)]


def test_a_place_outside_the_gazetteer_passes_the_graph_shapes():
    from kg.graph.build import add_extractions, new_graph
    from kg.sinks.rdf import graph_to_rdf, validate

    (article,) = segment_source(
        Source("t.txt", "交流\n代表团去年访问了欧洲，反响热烈。", Metadata())
    )
    graph = add_extractions(new_graph(), extract_articles([article], ner="all"))
    assert {d.get("level") for _, d in graph.nodes(data=True) if d["label"] == "Place"} == {
        OTHER_LEVEL
    }
    conforms, report = validate(graph_to_rdf(graph))
    assert conforms, report


def test_the_cli_refuses_an_unknown_mode_on_one_line(run_kg, tmp_path):
    page = tmp_path / "a.txt"
    page.write_text("村里新变化\n" + TEXT, encoding="utf-8")
    done = run_kg("extract", str(page), "--ner", "most")
    assert done.returncode == 2
    assert "'most' is not one of off, gaps, all" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_build_report_records_the_mode(tmp_path):
    from kg.builder import build

    page = tmp_path / "a.txt"
    page.write_text("村里新变化\n" + TEXT, encoding="utf-8")
    report = build([page], tmp_path / "out", ner="off")
    assert report.ner == "off"
    assert '"ner": "off"' in (tmp_path / "out" / "kg-build.json").read_text("utf-8")


def test_a_known_place_that_ends_like_a_venue_is_a_place(lexicon, gazetteer):
    text = "保持香港、澳门长期繁荣"
    got = accept(text, [(2, 4, "LOC"), (5, 7, "LOC")], [], [], lexicon, gazetteer)
    assert [p.name for p in got.places] == ["香港", "澳门"]


def test_a_city_after_its_country_is_a_place_of_its_own(lexicon, gazetteer):
    text = "在塞尔维亚贝尔格莱德举行"
    got = accept(text, [(1, 10, "LOC")], [], [], lexicon, gazetteer)
    assert [p.name for p in got.places] == ["塞尔维亚", "贝尔格莱德"]


def test_a_four_character_name_without_a_surname_after_a_post_is_a_person():
    (article,) = segment_source(
        Source("t.txt", "交流\n伊犁州委书记乌力吉图说，要深入学习。", Metadata())
    )
    (result,) = extract_articles([article], ner="all")
    assert ("Person", "乌力吉图") in result.entities


def test_a_four_character_idiom_after_a_post_is_not_a_person(lexicon, gazetteer):
    text = "书记令行禁止，大家服气"
    got = accept(text, [(2, 6, "PER")], [], [], lexicon, gazetteer)
    assert got.people == []


def test_people_from_a_place_are_not_a_township(lexicon, gazetteer):
    text = "见到了赣南老乡们"
    got = accept(text, [(3, 7, "LOC")], [], [], lexicon, gazetteer)
    assert not any(p.name.endswith("老乡") for p in got.places)


def test_counties_listed_with_their_neighbours_are_places():
    (article,) = segment_source(
        Source(
            "t.txt",
            "交流\n江西省各地积极行动。高安、横峰、弋阳、玉山等地将关怀送到家中。",
            Metadata(),
        )
    )
    (result,) = extract_articles([article], ner="all")
    names = {n for (t, n) in result.entities if t == "Place"}
    assert {"高安市", "横峰县", "弋阳县", "玉山县"} <= names
    [listed] = result.entities[("Place", "横峰县")].mentions
    assert listed.rule == "place.list.v1" and article.text[listed.start : listed.end] == "横峰"


def test_a_county_without_its_unit_after_its_province_is_a_place():
    (article,) = segment_source(Source("t.txt", "交流\n家在陕西城固的军人王立新说。", Metadata()))
    (result,) = extract_articles([article], ner="all")
    assert ("Place", "城固县") in result.entities
