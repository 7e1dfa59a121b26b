"""Inputs: files, directories, JSONL records, metadata sources, and problems reported per file."""

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import PAGE_000

from kg.ingest import read_articles
from kg.io import Metadata
from kg.io.sources import MAX_LINE_CHARS, find_inputs

ARTICLE = (
    "党建引领聚合力\n\n本报西安1月2日电（记者龚仕建）近日，西安市某社区党委组织开展主题党日活动。\n"
)


def test_single_article_file_in_peoples_daily_style(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    [article] = read_articles([path]).articles
    assert article.title == "党建引领聚合力"
    assert [(p.name, p.role, p.affiliation) for p in article.authors] == [
        ("龚仕建", "记者", "本报")
    ]
    assert article.dateline.place == "西安"
    assert (article.dateline.month, article.dateline.day) == (1, 2)
    assert (
        article.body()
        == "本报西安1月2日电（记者龚仕建）近日，西安市某社区党委组织开展主题党日活动。"
    )


def test_metadata_from_file_name(tmp_path):
    path = tmp_path / "20200103-11-05.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    [article] = read_articles([path]).articles
    assert (article.date, article.page, article.seq) == ("2020-01-03", "11", 5)


def test_sidecar_beats_file_name_and_cli_defaults_fill_gaps(tmp_path):
    path = tmp_path / "20200103-11.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "20200103-11.json").write_text(
        json.dumps({"date": "2020-01-04", "newspaper": "人民日报"}), "utf-8"
    )
    defaults = Metadata(newspaper="昌吉日报", page="99", url="http://example.org/x")
    [article] = read_articles([path], defaults).articles
    assert (article.newspaper, article.date, article.page, article.url) == (
        "人民日报",
        "2020-01-04",
        "11",
        "http://example.org/x",
    )


def test_bad_sidecar_is_a_warning_and_the_text_is_still_read(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "page.json").write_text('{"date": "2020-02-30"}', "utf-8")
    result = read_articles([path])
    assert len(result.articles) == 1
    assert [p.fatal for p in result.problems] == [False]
    assert "page.json" in result.problems[0].path and "2020-02-30" in result.problems[0].reason


def test_jsonl_records_are_one_article_each_with_their_own_fields(tmp_path):
    path = tmp_path / "corpus.jsonl"
    records = [
        {
            "id": "a1",
            "title": "某县开展党员培训",
            "text": ARTICLE,
            "date": "2021-07-01",
            "newspaper": "某日报",
            "page": 3,
        },
        {"text": "标题行\n\n本报讯 近日，某镇党委召开会议。\n\n来源：人民日报"},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", "utf-8")
    first, second = read_articles([path], Metadata(newspaper="默认报")).articles
    assert (first.record_id, first.title, first.date, first.newspaper, first.page, first.line) == (
        "a1",
        "某县开展党员培训",
        "2021-07-01",
        "某日报",
        "3",
        1,
    )
    # the text's own first line is a paragraph of the record, never a second article
    assert first.body().startswith("党建引领聚合力")
    assert (second.title, second.newspaper, second.source.name, second.line) == (
        "标题行",
        "默认报",
        "人民日报",
        2,
    )


def test_bad_jsonl_lines_are_reported_and_the_rest_kept(tmp_path):
    path = tmp_path / "corpus.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps({"text": "第一篇。"}, ensure_ascii=False),
                "{not json",
                json.dumps(["a list"]),
                json.dumps({"title": "no text"}, ensure_ascii=False),
                json.dumps({"text": "日期错。", "date": "yesterday"}, ensure_ascii=False),
                "",
                json.dumps({"text": "第二篇。"}, ensure_ascii=False),
                json.dumps({"text": "日期多一位。", "date": "2020-01-011"}, ensure_ascii=False),
                json.dumps({"text": "版面是对象。", "page": {"a": 1}}, ensure_ascii=False),
                json.dumps({"text": "第三篇。", "date": "2020-01-01T08:00:00"}, ensure_ascii=False),
            ]
        ),
        "utf-8",
    )
    result = read_articles([path])
    assert [a.body() for a in result.articles] == ["第一篇。", "第二篇。", "第三篇。"]
    assert result.articles[2].date == "2020-01-01"  # a timestamp's day
    assert [(p.path, p.fatal) for p in result.problems] == [
        (f"{path}:2", True),
        (f"{path}:3", True),
        (f"{path}:4", True),
        (f"{path}:5", True),
        (f"{path}:8", True),
        (f"{path}:9", True),
    ]
    assert "invalid JSON" in result.problems[0].reason
    assert "'text'" in result.problems[2].reason
    assert "yesterday" in result.problems[3].reason
    assert "2020-01-011" in result.problems[4].reason  # not read as 2020-01-01
    assert "'page' must be a string" in result.problems[5].reason  # not stored as "{'a': 1}"


def test_directory_walk_is_recursive_sorted_and_skips_other_files(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    shutil.copy(PAGE_000, tmp_path / "b" / "page.txt")
    (tmp_path / "a.jsonl").write_text('{"text": "一篇。"}\n', "utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / ".hidden" / "x.txt").write_text("隐藏。", "utf-8")
    (tmp_path / "b" / "page.json").write_text("{}", "utf-8")  # a sidecar, not an input
    files, problems = find_inputs([tmp_path])
    assert [f.relative_to(tmp_path).as_posix() for f in files] == ["a.jsonl", "b/page.txt"]
    assert problems == []


def test_each_bad_file_gets_one_problem_and_the_others_are_read(tmp_path):
    shutil.copy(PAGE_000, tmp_path / "good.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (tmp_path / "latin.txt").write_bytes(("Ça coûte très cher. " * 30).encode("latin-1"))
    (tmp_path / "truncated.txt").write_bytes(ARTICLE.encode("utf-8") + "党".encode()[:1])
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    result = read_articles([tmp_path, tmp_path / "missing.txt"])
    reasons = {Path(p.path).name: (p.fatal, p.reason) for p in result.problems}
    assert reasons["missing.txt"] == (True, "no such file or directory")
    assert reasons["empty.txt"] == (True, "empty file")
    assert reasons["binary.txt"][1].startswith("binary file")
    assert reasons["latin.txt"][1].startswith("unknown encoding")
    assert reasons["truncated.txt"][0] is False  # read, with a warning about the lost byte
    assert reasons["dangling.txt"][1].startswith("cannot read")
    assert len(result.problems) == 6
    assert len(result.articles) == 6 + 1
    assert result.files == 2


def test_unreadable_file_is_reported(tmp_path, monkeypatch):
    path = tmp_path / "locked.txt"
    path.write_text(ARTICLE, "utf-8")

    def refuse(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    result = read_articles([path])
    assert [str(p) for p in result.problems] == [f"{path}: cannot read: Permission denied"]


@pytest.mark.slow
def test_a_50_mb_single_line_file_is_refused_quickly_and_by_name(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes("党".encode() * (50 * 2**20 // 3))
    result = read_articles([path])
    assert result.articles == []
    [problem] = result.problems
    assert problem.path == str(path)
    assert f"limit {MAX_LINE_CHARS:,}" in problem.reason


def test_long_paragraphs_under_the_limit_are_read_whole(tmp_path):
    paragraph = "".join(
        f"第{n}个党支部深入基层开展调研。" for n in range(20_000)
    )  # 340,000 characters
    path = tmp_path / "long.txt"
    path.write_text("长文标题\n\n□本报记者 张三\n\n" + paragraph + "\n", "utf-8")
    [article] = read_articles([path]).articles
    assert article.body() == paragraph


def test_pipes_and_devices_are_reported_not_read(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # opening it would wait for a writer forever
    zero = tmp_path / "zero.txt"
    zero.symlink_to("/dev/zero")  # reading it would never end
    good = tmp_path / "good.txt"
    good.write_text("标题\n\n正文。\n", "utf-8")
    result = read_articles([tmp_path])
    assert len(result.articles) == 1
    assert sorted(
        (Path(p.path).name, "not a regular file" in p.reason) for p in result.problems
    ) == [
        ("pipe.txt", True),
        ("zero.txt", True),
    ]


def test_a_tree_deeper_than_the_recursion_limit_is_walked(tmp_path):
    import sys

    deep = tmp_path / "d"
    path = deep
    for _ in range(150):
        path = path / "a"
    path.mkdir(parents=True)
    (path / "x.txt").write_text("标题\n\n正文。\n", "utf-8")
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(120)  # os.walk recursed once per level: this tree would stop it
    try:
        files, problems = find_inputs([deep])
    finally:
        sys.setrecursionlimit(limit)
    assert [f.name for f in files] == ["x.txt"] and problems == []
