"""Scoring extraction output against gold: predicted documents are built by hand, never extracted.

The real gold files give the perfect prediction (built from the gold itself);
small records written here pin down matching, optional items, lenient names and
the count each kind of mistake moves.
"""

from __future__ import annotations

import copy
import doctest
import json
from dataclasses import replace

import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

import kg.eval.extract
from kg.errors import InputError
from kg.eval import (
    GoldArticle,
    evaluate,
    format_report,
    load_gold,
    normalise_name,
    parse_gold,
)
from kg.eval.extract import Score

GOLD = ROOT / "tests" / "gold"
SEEDS_GOLD = GOLD / "seeds.jsonl"
PD_GOLD = GOLD / "peoplesdaily_sample.jsonl"
ROWS = ("event_tuples", "positions", "authors", "photographers")


# ------------------------------------------------------------------ helpers


def predicted_from_gold(
    gold: list[GoldArticle], root: str = "/tmp/corpus", optional: bool = True
) -> dict:
    """A `kg extract --json` document that says exactly what the gold says."""
    articles = []
    for n, g in enumerate(gold):
        record = g.file.endswith(".jsonl")
        entities = [e for e in g.entities if optional or not e.optional]
        events = [e for e in g.events if optional or not e.optional]
        relations = [
            _relation("HOLDS_POSITION", p.person, ("Organization", p.organization), title=p.title)
            for p in g.positions
        ]
        relations += [
            _relation("WROTE", a.name, ("Article", g.title), role=a.role) for a in g.authors
        ]
        relations += [
            _relation("PHOTOGRAPHED", name, ("Article", g.title)) for name in g.photographers
        ]
        articles.append(
            {
                "id": f"art-{n:016x}",
                "file": f"{root}/{g.file}",
                "title": "an annotator's title" if record else g.title,
                "record_id": g.title if record else None,
                "line": n + 1 if record else None,
                "newspaper": None,
                "date": None,
                "text": "",
                "entities": [
                    {
                        "id": f"e{i}",
                        "type": e.type,
                        "name": e.name,
                        "mentions": [_mention(s) for s in e.surface],
                        "props": {},
                    }
                    for i, e in enumerate(entities)
                ],
                "events": [
                    {
                        "id": f"ev{i}",
                        "type": e.type,
                        "name": e.name,
                        "organizers": [{"name": o.name, "role": o.role} for o in e.organizers],
                        "participants": list(e.participants),
                        "place": e.place,
                        "county": e.county,
                        "date": e.date,
                        "date_text": e.date_text,
                        "theme": None,
                        "evidence": [_evidence(e.evidence)],
                    }
                    for i, e in enumerate(events)
                ],
                "relations": relations,
            }
        )
    return {"kg_version": "0.1.0", "rules_version": "test", "articles": articles}


def _mention(surface: str) -> dict:
    return {"surface": surface, "start": 0, "end": len(surface), "sentence": 0, "rule": "gold"}


def _evidence(sentence: str) -> dict:
    return {
        "article": "art",
        "sentence": sentence,
        "start": 0,
        "end": len(sentence),
        "rule": "gold",
    }


def _relation(kind: str, person: str, target: tuple[str, str], **props: str) -> dict:
    return {
        "type": kind,
        "source": {"type": "Person", "name": person},
        "target": {"type": target[0], "name": target[1]},
        "props": props,
        "evidence": [],
    }


def gold_record(**fields) -> GoldArticle:
    """A gold article from the JSON form of a record (unset lists are empty)."""
    record = {"file": "seeds/p.txt", "title": "标题", "entities": [], "events": [], "positions": []}
    record |= {"authors": [], "photographers": [], **fields}
    return parse_gold(json.dumps(record, ensure_ascii=False))


def entity(kind: str, name: str, *surface: str, optional: bool = False) -> dict:
    return {"type": kind, "name": name, "surface": list(surface or (name,)), "optional": optional}


def event(kind: str, *organizers: str, county=None, date=None, optional: bool = False) -> dict:
    return {
        "type": kind,
        "name": None,
        "organizers": [{"name": o, "role": "主办"} for o in organizers],
        "participants": [],
        "place": None,
        "county": county,
        "date": date,
        "date_text": None,
        "evidence": "某句。",
        "optional": optional,
    }


def counts(report) -> dict[str, tuple[int, int, int]]:
    """Every (tp, fp, fn) of a report, keyed by its row, e.g. ``strict.Place``, ``authors``."""
    data = report.to_dict()
    rows = {
        f"{mode}.{t}": s for mode, by_type in data["entities"].items() for t, s in by_type.items()
    }
    rows |= {row: data[row] for row in ROWS}
    return {key: (s["tp"], s["fp"], s["fn"]) for key, s in rows.items()}


def moved(before, after) -> dict[str, tuple[int, int, int]]:
    """The rows whose counts changed, and by how much."""
    a, b = counts(before), counts(after)
    return {
        k: tuple(y - x for x, y in zip(a[k], b[k], strict=True))
        for k in a | b
        if a.get(k, (0, 0, 0)) != b.get(k, (0, 0, 0))
    }


@pytest.fixture(scope="module")
def seeds_gold() -> list[GoldArticle]:
    return load_gold([SEEDS_GOLD])


@pytest.fixture(scope="module")
def perfect(seeds_gold) -> dict:
    return predicted_from_gold(seeds_gold)


# ------------------------------------------------------------------ the real gold files


def test_gold_files_load_with_the_documented_counts():
    gold = load_gold([SEEDS_GOLD, PD_GOLD])
    assert len(gold) == 31
    report = evaluate(gold, {"articles": []})
    assert [
        report.entities["strict"][t].fn for t in ("Organization", "Place", "Person", "Event")
    ] == [
        28 + 45,
        35 + 27,
        24 + 25,
        8 + 7,
    ]  # the README's counts, optional items left out
    assert (report.positions.fn, report.authors.fn, report.photographers.fn) == (29, 14, 3)
    assert len(report.unmatched_gold) == 31 and report.micro("strict").tp == 0


def test_a_perfect_prediction_of_the_seeds_scores_one_everywhere(seeds_gold, perfect):
    data = evaluate(seeds_gold, perfect).to_dict()
    rows = [s for mode in data["entities"].values() for s in mode.values()]
    rows += [data[row] for row in ROWS]
    assert all((s["p"], s["r"], s["f1"], s["fp"], s["fn"]) == (1.0, 1.0, 1.0, 0, 0) for s in rows)
    assert data["errors"] == [] and data["unmatched_gold"] == []
    assert data["unmatched_predicted"] == 0
    assert data["articles"] == {"gold": 11, "predicted": 11, "matched": 11}


def test_a_perfect_prediction_of_the_peoples_daily_sample_matches_by_record_id():
    gold = load_gold([PD_GOLD])
    report = evaluate(gold, predicted_from_gold(gold, root="."))
    assert report.unmatched_gold == () and report.errors == ()
    assert report.micro("strict").f1 == report.positions.f1 == 1.0
    # The sample has no photographers: 0 of 0 scores 0.0 by the documented convention.
    assert (report.photographers.tp, report.photographers.precision, report.photographers.f1) == (
        0,
        0.0,
        0.0,
    )


def _drop(perfect: dict, title: str, where: str, match) -> dict:
    """The perfect prediction without the first item of one article's list that ``match`` picks."""
    doc = copy.deepcopy(perfect)
    article = next(a for a in doc["articles"] if a["title"] == title)
    items = article[where]
    items.remove(next(i for i in items if match(i)))
    return doc


PAGE3 = "全州党校系统第五届优秀教学成果交流暨第十六届理论研讨会举办"
SERVICE = "让初心使命融入温情服务"
MICRO_MISS = {"strict.micro": (-1, 0, 1), "lenient.micro": (-1, 0, 1)}
MANAS = "玛纳斯县“党课开讲啦”“学习身边榜样”优秀案例展示活动举办"


@pytest.mark.parametrize(
    ("title", "where", "match", "expected"),
    [
        (
            MANAS,
            "entities",
            lambda e: e["name"] == "玛纳斯县委组织部",
            {"strict.Organization": (-1, 0, 1), "lenient.Organization": (-1, 0, 1), **MICRO_MISS},
        ),
        (
            PAGE3,
            "entities",
            lambda e: e["type"] == "Person" and e["name"] == "付小芳",
            {"strict.Person": (-1, 0, 1), "lenient.Person": (-1, 0, 1), **MICRO_MISS},
        ),
        # an event with three organizers gives three tuples
        (MANAS, "events", lambda e: e["type"] == "展示活动", {"event_tuples": (-3, 0, 3)}),
        (SERVICE, "events", lambda e: e["type"] == "评比", {"event_tuples": (-1, 0, 1)}),
        (PAGE3, "relations", lambda r: r["type"] == "PHOTOGRAPHED", {"photographers": (-1, 0, 1)}),
        (PAGE3, "relations", lambda r: r["type"] == "WROTE", {"authors": (-1, 0, 1)}),
        (
            "吉木萨尔县社会福利中心党支部开展主题党日活动 践初心于行动 融真情在田间",
            "relations",
            lambda r: r["type"] == "HOLDS_POSITION",
            {"positions": (-1, 0, 1)},
        ),
    ],
)
def test_removing_one_item_lowers_exactly_its_counts(
    seeds_gold, perfect, title, where, match, expected
):
    before = evaluate(seeds_gold, perfect)
    after = evaluate(seeds_gold, _drop(perfect, title, where, match))
    assert moved(before, after) == expected
    [errors] = after.errors
    assert errors.title == title


def test_removing_an_organizer_turns_one_tuple_into_a_miss(seeds_gold, perfect):
    doc = copy.deepcopy(perfect)
    [a] = [a for a in doc["articles"] if a["title"] == MANAS]
    [ev] = [e for e in a["events"] if e["type"] == "展示活动"]
    ev["organizers"].pop()
    after = evaluate(seeds_gold, doc)
    assert moved(evaluate(seeds_gold, perfect), after) == {"event_tuples": (-1, 0, 1)}
    assert after.to_dict()["errors"][0]["event_tuples"] == {
        "fp": [],
        "fn": [
            {
                "organizer": "玛纳斯县机关工委",
                "type": "展示活动",
                "county": "玛纳斯县",
                "date": None,
            }
        ],
    }


def test_one_invented_item_is_exactly_one_false_positive(seeds_gold, perfect):
    doc = copy.deepcopy(perfect)
    article = doc["articles"][0]
    article["entities"].append(
        {"id": "x", "type": "Place", "name": "火星", "mentions": [], "props": {}}
    )
    article["relations"].append(_relation("WROTE", "无名氏", ("Article", "t"), role="记者"))
    assert moved(evaluate(seeds_gold, perfect), evaluate(seeds_gold, doc)) == {
        "strict.Place": (0, 1, 0),
        "lenient.Place": (0, 1, 0),
        "strict.micro": (0, 1, 0),
        "lenient.micro": (0, 1, 0),
        "authors": (0, 1, 0),
    }


def test_optional_items_neither_help_nor_hurt(seeds_gold, perfect):
    without = predicted_from_gold(seeds_gold, optional=False)
    assert counts(evaluate(seeds_gold, without)) == counts(evaluate(seeds_gold, perfect))


# ------------------------------------------------------------------ small records


def one(gold: GoldArticle, **article) -> dict:
    return {"articles": [{"id": "art-1", "file": gold.file, "title": gold.title, **article}]}


def ents(*items: tuple) -> list[dict]:
    """Predicted entities from (type, name, *mention surfaces)."""
    return [
        {"id": str(i), "type": t, "name": n, "mentions": [_mention(s) for s in ss], "props": {}}
        for i, (t, n, *ss) in enumerate(items)
    ]


def test_optional_gold_entity_absorbs_predictions_but_is_never_missed():
    gold = gold_record(
        entities=[
            entity("Place", "新疆维吾尔自治区", "新疆", optional=True),
            entity("Place", "奇台县"),
        ]
    )
    missed = evaluate([gold], one(gold, entities=ents(("Place", "奇台县"))))
    found = evaluate(
        [gold], one(gold, entities=ents(("Place", "奇台县"), ("Place", "新疆维吾尔自治区")))
    )
    assert counts(missed) == counts(found)
    assert found.entities["strict"]["Place"] == found.entities["lenient"]["Place"]
    assert (found.entities["strict"]["Place"].tp, found.entities["strict"]["Place"].fp) == (1, 0)


def test_a_prediction_matching_a_required_and_an_optional_item_counts_for_the_required():
    gold = gold_record(
        events=[event("主题党日", "某党支部"), event("主题党日", "某党支部", optional=True)],
        entities=[
            entity("Organization", "某党支部", "党支部"),
            entity("Organization", "某某党支部", "党支部", optional=True),
        ],
    )
    doc = one(
        gold,
        entities=ents(("Organization", "党支部", "党支部")),
        events=[{"type": "主题党日", "organizers": [{"name": "某党支部", "role": "主办"}]}],
    )
    report = evaluate([gold], doc)
    assert counts(report)["event_tuples"] == (1, 0, 0)
    assert counts(report)["lenient.Organization"] == (1, 0, 0)
    assert counts(report)["strict.Organization"] == (0, 1, 1)  # 党支部 is no canonical name


def test_strict_needs_the_canonical_name_lenient_takes_any_surface():
    gold = gold_record(
        entities=[
            entity("Place", "昌吉回族自治州", "全州", "昌吉州"),
            entity("Organization", "玛纳斯县委组织部", "县委组织部"),
            entity("Person", "刘阳"),
        ]
    )
    doc = one(
        gold,
        entities=ents(
            ("Place", "昌吉州"),  # a surface as the name
            ("Organization", "县委组织部(玛纳斯)", "县委组织部"),  # only a mention surface fits
            ("Person", "刘阳"),
        ),
    )
    report = evaluate([gold], doc)
    strict, lenient = report.entities["strict"], report.entities["lenient"]
    assert (strict["Place"].tp, strict["Place"].fp, strict["Place"].fn) == (0, 1, 1)
    assert (strict["Organization"].tp, strict["Organization"].fp) == (0, 1)
    assert (lenient["Place"].tp, lenient["Organization"].tp, lenient["Person"].tp) == (1, 1, 1)
    assert report.micro("lenient").f1 == 1.0 and report.micro("strict").tp == 1
    assert report.to_dict()["errors"][0]["entities"]["strict"]["fp"] == [
        {"type": "Organization", "name": "县委组织部(玛纳斯)"},
        {"type": "Place", "name": "昌吉州"},
    ]


def test_each_gold_entity_matches_one_prediction_in_a_maximum_matching():
    gold = gold_record(
        entities=[entity("Place", "昌吉回族自治州", "全州"), entity("Place", "昌吉市", "全市")]
    )
    # Greedy pairing would give 昌吉回族自治州 to the first prediction and leave the second.
    doc = one(gold, entities=ents(("Place", "甲", "全州", "全市"), ("Place", "乙", "全州")))
    assert evaluate([gold], doc).entities["lenient"]["Place"].tp == 2
    split = one(gold, entities=ents(("Place", "昌吉州", "全州"), ("Place", "全州")))
    place = evaluate([gold], split).entities["lenient"]["Place"]
    assert (place.tp, place.fp, place.fn) == (1, 1, 1)


def test_types_must_agree_and_unknown_predicted_types_are_false_positives():
    gold = gold_record(entities=[entity("Place", "鞍钢"), entity("Organization", "中组部")])
    doc = one(gold, entities=ents(("Organization", "鞍钢"), ("Document", "中组部")))
    strict = evaluate([gold], doc).entities["strict"]
    assert list(strict) == ["Organization", "Place", "Person", "Event", "Document"]
    assert (strict["Organization"].fp, strict["Place"].fn, strict["Document"].fp) == (1, 1, 1)


def test_names_compare_without_white_space_and_with_one_form_of_brackets():
    assert normalise_name(" 昌吉州党委党校（行政\u3000学院）") == "昌吉州党委党校(行政学院)"
    gold = gold_record(
        entities=[entity("Organization", "昌吉州党委党校（行政学院）")],
        positions=[
            {"person": "袁（日希）", "title": "记者", "organization": "新华社", "evidence": ""}
        ],
    )
    doc = one(
        gold,
        entities=ents(("Organization", "昌吉州党委党校 (行政学院)")),
        relations=[
            _relation("HOLDS_POSITION", "袁(日希)", ("Organization", "新华社"), title="记者")
        ],
    )
    report = evaluate([gold], doc)
    assert report.micro("strict").f1 == report.positions.f1 == 1.0


def test_duplicate_predictions_count_once():
    gold = gold_record(
        entities=[entity("Person", "刘阳")], authors=[{"name": "刘阳", "role": "通讯员"}]
    )
    wrote = _relation("WROTE", "刘阳", ("Article", "标题"), role="通讯员")
    doc = one(
        gold, entities=ents(("Person", "刘阳"), ("Person", "刘 阳")), relations=[wrote, wrote]
    )
    report = evaluate([gold], doc)
    assert (report.micro("strict").tp, report.micro("strict").fp) == (1, 0)
    assert (report.authors.tp, report.authors.fp) == (1, 0)


def test_event_tuples_match_on_organizer_type_county_and_dates_are_scored_on_the_matched():
    gold = gold_record(
        events=[
            event("会议", county=None, date="1998-05-14"),
            event("培训", "中组部", "国家经贸委"),
        ]
    )
    doc = one(
        gold,
        events=[
            {"type": "会议", "organizers": [], "county": None, "date": "1998-05-14"},
            {
                "type": "培训",
                "organizers": [{"name": "中组部", "role": "组织"}],
                "county": None,
                "date": None,
            },
            {
                "type": "培训",
                "organizers": [{"name": "国家经贸委", "role": "组织"}],
                "date": "1998-05-01",
            },
            {"type": "会议", "organizers": [], "county": "伊宁县", "date": "1998-05-14"},
        ],
    )
    report = evaluate([gold], doc)
    # the third prediction matches by (organizer, type, county); its date is wrong
    assert (report.event_tuples.tp, report.event_tuples.fp, report.event_tuples.fn) == (3, 1, 0)
    assert report.event_dates == (2, 3)
    assert report.to_dict()["event_dates"]["accuracy"] == 2 / 3
    errors = report.to_dict()["errors"][0]["event_tuples"]
    assert errors["fp"] == [
        {"organizer": "", "type": "会议", "county": "伊宁县", "date": "1998-05-14"}
    ]
    assert "event dates: 2 of 3 matched" in format_report(report)


def test_authors_need_the_role_and_photographers_only_the_name():
    gold = gold_record(authors=[{"name": "付小芳", "role": "记者"}], photographers=["付小芳"])
    doc = one(
        gold,
        relations=[
            _relation("WROTE", "付小芳", ("Article", "标题"), role="通讯员"),
            # the direction of the edge does not matter: the Person end is the person
            {"type": "PHOTOGRAPHED", "source": {"type": "Article", "name": "标题"},
             "target": {"type": "Person", "name": "付小芳"}, "props": {}},
        ],
    )  # fmt: skip
    report = evaluate([gold], doc)
    assert (report.authors.tp, report.authors.fp, report.authors.fn) == (0, 1, 1)
    assert report.photographers.f1 == 1.0
    assert report.to_dict()["errors"][0]["photographers"] == {"fp": [], "fn": []}


# ------------------------------------------------------------------ pairing articles


@pytest.mark.parametrize(
    ("predicted_file", "matches"),
    [
        ("seeds/000_x.txt", True),
        ("/tmp/x/seeds/000_x.txt", True),
        ("./seeds/000_x.txt", True),
        ("../kg/seeds/../seeds/000_x.txt", True),
        ("C:\\work\\seeds\\000_x.txt", True),
        ("/tmp/myseeds/000_x.txt", False),  # whole path components only
        ("/tmp/seeds/1000_x.txt", False),
        ("/tmp/seeds/000_x.txt/more", False),
    ],
)
def test_predicted_file_must_end_with_the_gold_path(predicted_file, matches):
    gold = gold_record(file="seeds/000_x.txt", authors=[{"name": "刘阳", "role": "通讯员"}])
    doc = {"articles": [{"file": predicted_file, "title": "标题"}]}
    report = evaluate([gold], doc)
    assert (report.unmatched_gold == ()) is matches
    assert report.unmatched_predicted == (0 if matches else 1)


def test_jsonl_records_match_by_record_id_and_pages_by_title():
    gold = [
        gold_record(file="tests/data/news/pd.jsonl", title="pd-003"),
        gold_record(file="seeds/p.txt", title="立起考核“指挥棒”"),
        gold_record(file="seeds/p.txt", title="无人预测的文章"),
    ]
    doc = {
        "articles": [
            {"file": "/x/seeds/p.txt", "title": "立起考核 “指挥棒”", "record_id": None},
            {"file": "/x/tests/data/news/pd.jsonl", "title": "民革会议召开", "record_id": "pd-003"},
            {"file": "/x/tests/data/news/pd.jsonl", "title": "pd-004", "record_id": "pd-004"},
            {"file": "/x/seeds/p.txt", "title": "立起考核“指挥棒”"},  # a second copy is not reused
        ]
    }
    report = evaluate(gold, doc)
    assert report.unmatched_gold == (("seeds/p.txt", "无人预测的文章"),)
    assert report.unmatched_predicted == 2
    assert report.to_dict()["unmatched_gold"] == [
        {"file": "seeds/p.txt", "title": "无人预测的文章"}
    ]


def test_gold_without_a_predicted_article_counts_every_item_as_missed():
    gold = gold_record(
        entities=[entity("Person", "刘阳"), entity("Person", "习近平", optional=True)],
        events=[event("主题党日", "某党支部")],
        authors=[{"name": "刘阳", "role": "通讯员"}],
    )
    report = evaluate([gold], {"articles": [{"file": "other.txt", "title": "标题"}]})
    assert counts(report)["strict.Person"] == counts(report)["lenient.Person"] == (0, 0, 1)
    assert (report.event_tuples.fn, report.authors.fn, report.unmatched_predicted) == (1, 1, 1)
    [errors] = report.to_dict()["errors"]
    assert errors["article"] is None and errors["authors"]["fn"] == [
        {"name": "刘阳", "role": "通讯员"}
    ]


# ------------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"file": "a.txt", "title": "T",', "Invalid JSON"),
        ('{"file": "a.txt", "title": "T"}', "'entities'"),
        (
            '{"file": "a.txt", "title": "T", "entities": [{"type": "Location", "name": "x", "surface": []}],'
            ' "events": [], "positions": [], "authors": [], "photographers": []}',
            "entities.0.type",
        ),
        (
            '{"file": "a.txt", "title": "T", "entities": [], "events": [], "positions": [],'
            ' "authors": [], "photographers": [], "photograpers": []}',
            "photograpers",
        ),
        (
            '{"file": "a.txt", "title": "T", "entities": [{"type": "Place", "name": "x", "surface": ["x"],'
            ' "optional": "yes"}], "events": [], "positions": [], "authors": [], "photographers": []}',
            "entities.0.optional",
        ),
        ("[1, 2]", "gold record"),
    ],
)
def test_a_broken_gold_line_names_file_and_line(tmp_path, line, reason):
    path = tmp_path / "gold.jsonl"
    good = SEEDS_GOLD.read_text(encoding="utf-8").splitlines()[:2]
    path.write_text("\n".join([good[0], "", good[1], line]) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_gold([path])
    assert error.value.path == f"{path}:4"
    assert reason in error.value.reason
    assert str(error.value).startswith(f"{path}:4: ")


def test_a_second_record_for_the_same_article_is_an_error(tmp_path):
    path = tmp_path / "gold.jsonl"
    first = SEEDS_GOLD.read_text(encoding="utf-8").splitlines()[0]
    path.write_text(f"{first}\n{first}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r":2: a second gold record .* first is at .*:1"):
        load_gold([path])


def test_a_missing_gold_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="cannot read the gold file"):
        load_gold([tmp_path / "nope.jsonl"])


@pytest.mark.parametrize(
    "document",
    [
        [],
        {"articles": {}},
        {"articles": [{"title": "no file"}]},
        {"articles": [{"file": "a", "entities": [{}]}]},
    ],
)
def test_a_prediction_document_of_the_wrong_shape_is_an_input_error(document):
    with pytest.raises(InputError, match="kg extract --json"):
        evaluate([], document)


# ------------------------------------------------------------------ report shape and text


def test_to_dict_has_the_documented_shape_and_is_json(seeds_gold, perfect):
    doc = _drop(perfect, PAGE3, "entities", lambda e: e["type"] == "Person")
    data = json.loads(json.dumps(evaluate(seeds_gold, doc).to_dict(), ensure_ascii=False))
    assert list(data) == [
        "kg_version",
        "rules_version",
        "articles",
        "entities",
        *ROWS,
        "event_dates",
        "unmatched_gold",
        "unmatched_predicted",
        "errors",
    ]
    assert list(data["entities"]) == ["strict", "lenient"]
    assert list(data["entities"]["strict"]) == ["Organization", "Place", "Person", "Event", "micro"]
    assert list(data["positions"]) == ["tp", "fp", "fn", "p", "r", "f1"]
    [errors] = data["errors"]
    assert list(errors) == ["file", "title", "article", "entities", *ROWS]
    assert errors["entities"]["strict"] == {"fp": [], "fn": [{"type": "Person", "name": "付小芳"}]}
    assert (data["kg_version"], data["rules_version"]) == ("0.1.0", "test")


def test_format_report_is_a_readable_table(seeds_gold, perfect):
    doc = _drop(perfect, PAGE3, "entities", lambda e: e["type"] == "Person")
    report = evaluate(seeds_gold, doc)
    text = format_report(report)
    assert "articles: 11 gold, 11 predicted, 11 matched" in text
    person = next(line for line in text.splitlines() if line.startswith("Person"))
    assert person.split() == ["Person", "23", "0", "1", "1.000", "0.958", "0.979"]
    assert "付小芳" not in text
    assert f"{PAGE3}" in format_report(report, errors=True)
    assert "entities.strict FN: Person/付小芳" in format_report(report, errors=True)


def test_precision_of_nothing_is_zero():
    report = evaluate([], {"articles": []})
    assert report.micro("strict").to_dict() == {
        "tp": 0,
        "fp": 0,
        "fn": 0,
        "p": 0.0,
        "r": 0.0,
        "f1": 0.0,
    }


# ------------------------------------------------------------------ properties


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_dropping_any_predictions_moves_counts_from_tp_to_fn_only(seeds_gold, perfect, data):
    doc = copy.deepcopy(perfect)
    dropped = 0
    for article in doc["articles"]:
        keep = data.draw(
            st.lists(
                st.booleans(), min_size=len(article["entities"]), max_size=len(article["entities"])
            )
        )
        dropped += sum(
            1
            for e, k in zip(article["entities"], keep, strict=True)
            if not k and not _optional(seeds_gold, article, e)
        )
        article["entities"] = [e for e, k in zip(article["entities"], keep, strict=True) if k]
    full, part = (
        evaluate(seeds_gold, perfect).micro("strict"),
        evaluate(seeds_gold, doc).micro("strict"),
    )
    assert (part.tp, part.fp, part.fn) == (full.tp - dropped, 0, dropped)


def _optional(gold: list[GoldArticle], article: dict, e: dict) -> bool:
    g = next(g for g in gold if g.title == article["title"])
    return any(x.optional for x in g.entities if (x.type, x.name) == (e["type"], e["name"]))


def test_docstring_examples_run(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = doctest.testmod(kg.eval.extract, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted >= 4


def test_gold_article_is_frozen(seeds_gold):
    with pytest.raises(AttributeError):
        seeds_gold[0].title = "x"  # type: ignore[misc]
    assert replace(seeds_gold[0], title="x").title == "x"


# ------------------------------------------------------------------ corpus gold: whole files, aliases


def test_a_whole_file_record_takes_every_article_of_the_file_merged():
    gold = [
        gold_record(
            file="rmrb/20200101-01-01.txt",
            title="*",
            entities=[entity("Person", "王小明"), entity("Place", "长兴县", "长兴")],
            authors=[{"name": "王小明", "role": "记者"}],
        )
    ]
    first = {"type": "Person", "name": "王小明", "mentions": [_mention("王小明")]}
    second = {"type": "Place", "name": "长兴县", "mentions": [_mention("长兴")]}
    wrote = _relation("WROTE", "王小明", ("Article", "a"), role="记者")
    doc = {
        "articles": [
            {"file": "/c/rmrb/20200101-01-01.txt", "title": "甲", "entities": [first]},
            {
                "file": "/c/rmrb/20200101-01-01.txt",
                "title": "乙",
                "entities": [first, second],
                "relations": [wrote, wrote],
            },
            {"file": "/c/rmrb/20200101-01-02.txt", "title": "丙", "entities": [second]},
        ]
    }
    report = evaluate(gold, doc)
    assert report.micro("strict") == Score(2, 0, 0)
    assert report.authors == Score(1, 0, 0)
    assert report.unmatched_predicted == 1 and report.unmatched_gold == ()


def test_a_gold_alias_matches_in_strict_mode_and_inside_facts():
    gold = [
        gold_record(
            entities=[
                {**entity("Organization", "中共中央", "党中央"), "aliases": ["党中央"]},
                entity("Person", "张三"),
            ],
            positions=[{"person": "张三", "title": "委员", "organization": "中共中央"}],
        )
    ]
    predicted = [
        {"type": "Organization", "name": "党中央", "mentions": [_mention("党中央")]},
        {"type": "Person", "name": "张三", "mentions": [_mention("张三")]},
    ]
    post = _relation("HOLDS_POSITION", "张三", ("Organization", "党中央"), title="委员")
    doc = {"articles": [{"file": "/x/seeds/p.txt", "title": "标题", "entities": predicted,
                         "relations": [post]}]}  # fmt: skip
    report = evaluate(gold, doc)
    assert report.entities["strict"]["Organization"] == Score(1, 0, 0)
    assert report.positions == Score(1, 0, 0)


def test_evidence_may_be_left_out_where_the_text_may_not_be_copied():
    record = gold_record(
        events=[{k: v for k, v in event("会议", "某县委").items() if k != "evidence"}],
        positions=[{"person": "张三", "title": "书记", "organization": "某县委"}],
    )
    assert record.events[0].evidence is None and record.positions[0].evidence is None


def test_the_corpus_gold_loads_fixed_split_and_keyed_by_whole_files():
    dev = load_gold([GOLD / "rmrb" / "dev.jsonl"])
    test = load_gold([GOLD / "rmrb" / "test.jsonl"])
    assert (len(dev), len(test)) == (56, 34)
    assert {g.title for g in dev + test} == {"*"}
    assert not {g.file for g in dev} & {g.file for g in test}
    sample = (GOLD / "rmrb" / "sample.tsv").read_text("utf-8").split("\n")
    split = {line.split("\t")[2]: line.split("\t")[0] for line in sample if line}
    assert all(split[g.file] == "dev" for g in dev) and all(split[g.file] == "test" for g in test)
    # no text of the corpus is copied: no evidence sentence anywhere
    assert all(e.evidence is None for g in dev + test for e in g.events)
    assert all(p.evidence is None for g in dev + test for p in g.positions)
