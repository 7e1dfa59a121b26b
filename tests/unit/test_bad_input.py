"""What a bad input costs: a JSONL line loses that line, a few bad bytes in a page lose
those bytes, a text over the size limit is refused on one line, and file names of any
bytes are shown as one line of valid UTF-8 (kg.io.names)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import UsageError
from kg.ingest import read_articles
from kg.io.names import shown

ARTICLE = "党建引领聚合力\n\n本报讯（记者龚仕建）近日，西安市某社区党委组织开展主题党日活动。\n"
RECORD = json.dumps({"text": ARTICLE}, ensure_ascii=False).encode("utf-8")
AT = RECORD.index("近日".encode())  # a character in the middle of the record
BODY = "本报讯（记者龚仕建）近日，西安市某社区党委组织开展主题党日活动。"
KG = Path(sys.executable).with_name("kg")


def jsonl(path: Path, *lines: bytes) -> Path:
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def kg(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run the real ``kg`` command; stdout and stderr as bytes, to check they are UTF-8."""
    return subprocess.run([str(KG), *args], capture_output=True, cwd=cwd, timeout=120)


def unescape(name: str) -> bytes:
    """The file name ``shown(name)`` stands for (the inverse documented in kg.io.names)."""
    out, i = bytearray(), 0
    while i < len(name):
        if name[i] != "\\":
            out += name[i].encode("utf-8")
            i += 1
        elif name[i + 1] == "\\":
            out += b"\\"
            i += 2
        elif name[i + 1] == "x":
            out.append(int(name[i + 2 : i + 4], 16))
            i += 4
        else:  # \uHHHH
            out += os.fsencode(chr(int(name[i + 2 : i + 6], 16)))
            i += 6
    return bytes(out)


# --- JSONL: a bad line costs that line ---------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        b'{"text": "\\ud800 \xe5\x85\x9a\xe5\xbb\xba"}',  # json.loads gives a lone surrogate
        b'{"text": "x", "title": "\\udfff"}',
        b'{"text": "x", "newspaper": "\\udc80"}',
    ],
)
def test_a_lone_surrogate_escape_costs_only_its_record(tmp_path, bad):
    path = jsonl(tmp_path / "c.jsonl", RECORD, bad, RECORD)
    result = read_articles([path])
    assert [(a.line, a.body()) for a in result.articles] == [(1, BODY), (3, BODY)]
    [problem] = result.problems
    assert problem.path == f"{path}:2" and "lone surrogate" in problem.reason
    assert str(problem).encode("utf-8")  # the message itself is valid UTF-8


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda r: r[: AT + 1] + b"\xff" + r[AT + 1 :], "invalid UTF-8"),  # a stray byte
        (lambda r: r[:AT] + r[AT + 1 :], "invalid UTF-8"),  # a character cut short
        (lambda r: r[:AT] + b"\x00" + r[AT:], "NUL byte"),
    ],
    ids=["stray-byte", "cut-character", "nul"],
)
def test_a_bad_or_nul_byte_costs_only_its_jsonl_line(tmp_path, damage, reason):
    path = jsonl(tmp_path / "c.jsonl", RECORD, damage(RECORD), RECORD)
    result = read_articles([path])
    assert [a.line for a in result.articles] == [1, 3]
    assert [(p.path, reason in p.reason) for p in result.problems] == [(f"{path}:2", True)]


def test_a_gb18030_jsonl_still_reads_and_a_bad_line_in_it_costs_that_line(tmp_path):
    record = json.dumps({"text": ARTICLE}, ensure_ascii=False).encode("gb18030")
    path = jsonl(tmp_path / "c.jsonl", record, record[:40] + b"\xff" + record[40:], record)
    result = read_articles([path])
    assert [(a.line, a.encoding, a.body()) for a in result.articles] == [
        (1, "gb18030", BODY),
        (3, "gb18030", BODY),
    ]
    assert [p.path for p in result.problems] == [f"{path}:2"]


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    return tmp_path_factory.mktemp("bad-input")


@settings(max_examples=150, deadline=None)
@given(junk=st.binary(max_size=60), at=st.integers(0, len(RECORD)), inside=st.booleans())
def test_any_bytes_in_a_jsonl_line_cost_at_most_that_line(scratch, junk, at, inside):
    junk = junk.replace(b"\n", b"")  # the junk stays in one line
    middle = RECORD[:at] + junk + RECORD[at:] if inside else junk
    path = jsonl(scratch / "c.jsonl", RECORD, middle, RECORD)
    result = read_articles([path])
    assert [a.body() for a in result.articles if a.line != 2] == [BODY, BODY]
    assert {a.line for a in result.articles} <= {1, 2, 3}
    assert all(p.path == f"{path}:2" for p in result.problems)
    for problem in result.problems:
        message = str(problem)
        assert "\n" not in message and message.encode("utf-8")


def test_a_value_with_a_newline_is_quoted_on_one_line(tmp_path):
    path = jsonl(tmp_path / "c.jsonl", RECORD, b'{"text": "x", "date": "2020-01-01\\nlater"}')
    [problem] = read_articles([path]).problems
    assert "\n" not in str(problem) and "2020-01-01\\x0alater" in str(problem)


# --- .txt: a few bad bytes cost only themselves ------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_a_stray_byte_in_a_page_costs_only_that_byte(tmp_path, encoding):
    data = ARTICLE.encode(encoding)
    at = data.index("近日".encode(encoding))
    path = tmp_path / "page.txt"
    path.write_bytes(data[:at] + b"\xff" + data[at:])
    result = read_articles([path])
    [article] = result.articles
    assert article.body() == BODY.replace("近日", "\ufffd近日")
    [warning] = result.problems
    assert not warning.fatal and "replaced with U+FFFD" in warning.reason
    assert f"byte offset {at}" in warning.reason


def test_a_nul_byte_in_a_page_is_removed_with_a_warning(tmp_path):
    data = ARTICLE.encode("utf-8")
    at = data.index("近日".encode())
    path = tmp_path / "page.txt"
    path.write_bytes(data[:at] + b"\x00" + data[at:])
    result = read_articles([path])
    assert [a.body() for a in result.articles] == [BODY]
    assert [(p.fatal, p.reason) for p in result.problems] == [
        (False, f"1 NUL byte(s) removed (the first at byte offset {at})")
    ]


# --- size: one text over the limit is refused on one line --------------------------------


def test_a_text_over_the_size_limit_is_refused_and_a_jsonl_line_costs_only_itself(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("KG_MAX_TEXT_MB", "0.01")  # 10,485 bytes
    big = tmp_path / "big.txt"
    big.write_text(ARTICLE * 100, "utf-8")  # ~16 KB, short lines
    long_record = json.dumps({"text": ARTICLE * 100}, ensure_ascii=False).encode()
    corpus = jsonl(tmp_path / "c.jsonl", RECORD, long_record, RECORD)
    result = read_articles([big, corpus])
    assert [(a.file, a.line) for a in result.articles] == [(str(corpus), 1), (str(corpus), 3)]
    assert [p.path for p in result.problems] == [str(big), f"{corpus}:2"]
    assert all("limit of 0.01 MiB" in p.reason for p in result.problems)
    assert "KG_MAX_TEXT_MB" in result.problems[0].reason


def test_a_bad_size_limit_is_a_usage_error(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(ARTICLE, "utf-8")
    monkeypatch.setenv("KG_MAX_TEXT_MB", "lots")
    with pytest.raises(UsageError, match="KG_MAX_TEXT_MB='lots'"):
        read_articles([tmp_path / "a.txt"])


# --- file names of any bytes -------------------------------------------------------------

NAME_BYTES = st.binary(min_size=1, max_size=80).map(
    lambda b: b.replace(b"/", b"_").replace(b"\x00", b"_")
)


@settings(max_examples=150, deadline=None)
@given(name=NAME_BYTES, good=st.booleans())
def test_any_file_name_is_shown_as_one_line_of_utf8(scratch, name, good):
    directory = os.path.join(os.fsencode(scratch), b"names")
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, name + b".txt")
    with open(path, "wb") as file:
        file.write(ARTICLE.encode() if good else b"")  # an empty file: an error naming it
    try:
        result = read_articles([os.fsdecode(path)])
    finally:
        os.remove(path)
    names = [a.file for a in result.articles] + [str(p) for p in result.problems]
    assert len(names) == 1
    for text in names:
        assert text.encode("utf-8")  # no surrogate escapes: UTF-8 output can hold it
        assert "\n" not in text and "\r" not in text and "\u2028" not in text
    assert unescape(shown(os.fsdecode(path))) == path  # one name, one form


def test_cli_reports_one_line_per_bad_input_and_keeps_the_good_records(tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE, "utf-8")
    jsonl(
        tmp_path / "corpus.jsonl",
        RECORD,
        b'{"text": "\\ud800"}',
        RECORD[:AT] + b"\xff" + RECORD[AT:],
        RECORD[:AT] + b"\x00" + RECORD[AT:],
        RECORD,
    )
    (tmp_path / os.fsdecode(b"bad\xff\nname.txt")).write_bytes(b"")
    result = kg("articles", "--json", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 0
    errors = result.stderr.decode("utf-8").splitlines()
    assert len(errors) == 4 and all(line.startswith("kg: error: ") for line in errors)
    assert any("bad\\xff\\x0aname.txt: empty file" in line for line in errors)
    articles = json.loads(result.stdout.decode("utf-8"))
    assert [(Path(a["file"]).name, a["line"]) for a in articles] == [
        ("corpus.jsonl", 1),
        ("corpus.jsonl", 5),
        ("good.txt", None),
    ]


def test_extract_json_and_build_with_a_non_utf8_file_name(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / os.fsdecode(b"\xb5\xb3\xbd\xa8.txt")).write_text(ARTICLE, "utf-8")
    extract = kg("extract", "--json", "--ner", "off", "-q", "in", cwd=tmp_path)
    assert extract.returncode == 0, extract.stderr
    [article] = json.loads(extract.stdout.decode("utf-8"))["articles"]
    assert article["file"] == "in/\\xb5\\xb3\\xbd\\xa8.txt"

    build = kg("build", "in", "--out", "graph", "--ner", "off", "-q", cwd=tmp_path)
    assert build.returncode == 0, build.stderr.decode("utf-8", "replace")
    graph = json.loads((tmp_path / "graph" / "graph.json").read_bytes().decode("utf-8"))
    files = [n["file"] for n in graph["nodes"] if n.get("label") == "Article"]
    assert files == ["in/\\xb5\\xb3\\xbd\\xa8.txt"]


def test_a_link_out_of_a_walked_directory_is_skipped_with_one_line(tmp_path):
    from kg.io.sources import find_inputs

    outside = tmp_path / "elsewhere.txt"
    outside.write_text("标题\n\n正文在别处。\n", encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("标题\n\n正文。\n", encoding="utf-8")
    (corpus / "inside.txt").symlink_to(corpus / "a.txt")
    (corpus / "out.txt").symlink_to(outside)
    files, problems = find_inputs([corpus])
    assert sorted(p.name for p in files) == ["a.txt", "inside.txt"]
    assert [(Path(p.path).name, p.reason) for p in problems] == [
        ("out.txt", "a symbolic link to outside the input directory: not read")
    ]
