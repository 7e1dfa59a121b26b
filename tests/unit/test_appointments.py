"""Posts stated by a clause: the person named away from the title (kg/nlp/appointments.py)."""

import pytest

from kg.extract import extract_articles
from kg.ingest import segment_source
from kg.io import Metadata, Source


def positions(body):
    [article] = segment_source(
        Source("t.txt", f"标题行\n\n□本报记者 李文博\n\n{body}", Metadata(date="2025-06-20"))
    )
    [result] = extract_articles([article])
    return sorted(
        (r.source[1], dict(r.props)["title"], r.target[1])
        for r in result.relations
        if r.type == "HOLDS_POSITION"
    )


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(
            "2017年2月，伊宁县人民医院干部王立新到吉里于孜村任第一书记，他从强支部抓起。",
            id="goes-to",
        ),
        pytest.param("王立新是伊宁县人民医院派驻吉里于孜村的第一书记，她说：“放心。”", id="is"),
        pytest.param("“王书记”是指王立新，伊宁县吉里于孜村的驻村第一书记。", id="apposition"),
        pytest.param(
            "在伊宁县吉里于孜村任第一书记的县审计局副局长王立新，第一时间作出回应。", id="relative"
        ),
    ],
)
def test_a_post_stated_by_the_clause_about_a_person(body):
    held = positions(body)
    assert any(p == "王立新" and t.endswith("第一书记") and o == "吉里于孜村" for p, t, o in held)


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("王立新来到吉里于孜村，与村党支部书记一起入户走访。", id="with-someone-else"),
        pytest.param("王立新在吉里于孜村第一书记的带领下开展工作。", id="led-by-someone-else"),
    ],
)
def test_a_post_of_someone_else_in_the_sentence_is_not_the_persons(body):
    assert not any(p == "王立新" for p, _, _ in positions(f"伊宁县开展活动。{body}"))


def test_the_evidence_of_a_clause_post_spans_the_person_and_the_title():
    body = "2017年2月，伊宁县人民医院干部王立新到吉里于孜村任第一书记，他从强支部抓起。"
    [article] = segment_source(
        Source("t.txt", f"标题行\n\n□本报记者 李文博\n\n{body}", Metadata(date="2025-06-20"))
    )
    [result] = extract_articles([article])
    [post] = [
        r for r in result.relations if r.type == "HOLDS_POSITION" and r.target[1] == "吉里于孜村"
    ]
    [evidence] = post.evidence
    assert evidence.start < evidence.end
    assert article.text[evidence.start : evidence.end] == "王立新到吉里于孜村任第一书记"
