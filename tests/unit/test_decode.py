"""Decoding: UTF-8 with/without BOM, UTF-16 with BOM, GB18030/GBK, and refusals with reasons."""

import os

import pytest

from kg.io.decode import DecodeError, decode, normalise

TEXT = "本报讯 通讯员刘阳报道：近日，玛纳斯县“党课开讲啦”优秀案例展示活动在县第一小学举办。\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),
        (TEXT.encode("utf-16"), "utf-16"),
    ],
)
def test_decodes_each_supported_encoding_to_the_same_text(data, encoding):
    decoded = decode(data)
    assert decoded.text == TEXT
    assert decoded.encoding == encoding
    assert decoded.warnings == ()


def test_gb18030_four_byte_characters_and_rare_names_survive():
    text = "䶮 𠮷 艾买提·图尔逊 在㵘水镇工作。" * 3
    assert decode(text.encode("gb18030")).text == text


def test_short_gb18030_text_is_still_recognised():
    assert decode("党建".encode("gb18030")).text == "党建"


def test_truncated_utf8_keeps_the_text_and_warns_about_the_lost_bytes():
    data = TEXT.strip().encode("utf-8") + "党".encode()[:2]
    decoded = decode(data)
    assert decoded.text == TEXT.strip()
    assert len(decoded.warnings) == 1
    assert "truncated UTF-8" in decoded.warnings[0]
    assert "2 byte" in decoded.warnings[0]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\r\n\t ", "only white space"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (bytes(range(256)) * 4, "binary"),
    ],
)
def test_refuses_input_that_is_not_text(data, reason):
    with pytest.raises(DecodeError, match=reason):
        decode(data)


def test_random_bytes_are_refused_not_misread():
    refused = 0
    for seed in range(20):
        data = os.urandom(4096) if seed else bytes((i * 7919) % 251 for i in range(4096))
        try:
            decode(data)
        except DecodeError as error:
            assert "binary" in str(error) or "unknown encoding" in str(error)
            refused += 1
    assert refused == 20


def test_latin1_bytes_that_are_not_chinese_give_unknown_encoding():
    data = ("Ça coûte très cher, señor. Ünïcödé " * 20).encode("latin-1")
    with pytest.raises(DecodeError, match="unknown encoding"):
        decode(data)


def test_normalises_line_endings_and_wide_spaces_only():
    assert normalise("一\r\n二\r三\u2028四") == "一\n二\n三\n四"
    assert normalise("党建\u3000工作\u00a0会议") == "党建 工作 会议"
    assert normalise("\ufeff标题") == "标题"
    assert normalise("全角，标点！ｆｕｌｌ") == "全角，标点！ｆｕｌｌ"
