"""Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK.

Why not a general detector: charset-normalizer returned no answer for 200- and
20,000-character GB18030 encodings of the seed pages (docs/DECISIONS.md). For
Chinese news the decision is simpler and exact: valid UTF-8 is UTF-8; otherwise
GB18030 (a superset of GBK and GB2312) if it decodes strictly *and* reads as
Chinese text; otherwise the file is refused with the reason.

Normalisations (documented in docs/SCHEMA.md, the only changes made to text):
line endings to ``\\n``; U+3000 IDEOGRAPHIC SPACE and U+00A0 NO-BREAK SPACE to
an ASCII space; U+2028/U+2029 to ``\\n``; a leading byte-order mark removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)

# Share of characters a real Chinese text has outside CJK, ASCII and common
# punctuation. Random bytes that happen to decode as GB18030 land mostly in
# rare four-byte ranges and control characters.
_MAX_UNUSUAL_SHARE = 0.05
_COMMON = re.compile(
    r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\u2000-\u206f\u00b7\u0020-\u007e\s"
    r"\u00a0-\u00ff\u2100-\u2bff\u3400-\u4dbf\uf900-\ufaff\U00020000-\U0003134f]"
)
_HAN = re.compile(r"[\u4e00-\u9fff]")
_MIN_HAN_TO_JUDGE = 10
_MIN_LEVEL1_SHARE = 0.6
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029]")
_SPACES = str.maketrans({"\u3000": " ", "\u00a0": " "})


class DecodeError(ValueError):
    """The bytes are not text kg can read; ``str()`` is the reason."""


@dataclass(frozen=True)
class Decoded:
    """Decoded, normalised text and how it was read."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = field(default=())


def decode(data: bytes) -> Decoded:
    """Decode ``data`` and normalise it.

    Args:
        data: the file's bytes.

    Returns:
        The text, the encoding used, and warnings (e.g. a truncated last
        character, which is reported rather than silently dropped).

    Raises:
        DecodeError: empty, binary, or in no encoding kg reads.

    Example:
        >>> decode("党建".encode("gb18030")).encoding
        'gb18030'
    """
    if not data.strip():
        raise DecodeError("empty file" if not data else "file holds only white space")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(normalise(data.decode(encoding).lstrip("\ufeff")), encoding)
            except UnicodeDecodeError as error:
                reason = f"invalid {encoding} after its byte-order mark: {error.reason}"
                raise DecodeError(reason) from None
    if b"\x00" in data:
        raise DecodeError("binary file (contains NUL bytes), not text")
    try:
        return Decoded(normalise(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError as error:
        utf8_error = error
    if _is_truncated_utf8(data, utf8_error):
        kept = data[: utf8_error.start].decode("utf-8")
        lost = len(data) - utf8_error.start
        warning = (
            f"truncated UTF-8: the last {lost} byte(s) form no whole character and were left out"
        )
        return Decoded(normalise(kept), "utf-8", (warning,))
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise DecodeError(
            f"unknown encoding: not UTF-8 (invalid byte at {utf8_error.start}) and not GB18030"
        ) from None
    if not _reads_as_text(text):
        if _CONTROL.search(text):
            raise DecodeError("binary file (control bytes), not text")
        raise DecodeError(
            f"unknown encoding: not UTF-8 (invalid byte at {utf8_error.start}), "
            "and as GB18030 it does not read as Chinese text"
        )
    return Decoded(normalise(text), "gb18030")


def normalise(text: str) -> str:
    """Apply kg's only text normalisations (line endings, wide and no-break spaces).

    Example:
        >>> normalise("党建\\u3000工作\\r\\n")
        '党建 工作\\n'
    """
    return _LINE_BREAKS.sub("\n", text).translate(_SPACES).lstrip("\ufeff")


def _is_truncated_utf8(data: bytes, error: UnicodeDecodeError) -> bool:
    """True when the only fault is an incomplete character at the very end."""
    return error.reason == "unexpected end of data" and error.end == len(data) and error.start > 0


def _reads_as_text(text: str) -> bool:
    """Does text decoded as GB18030 read as Chinese, rather than as mis-decoded bytes?

    Two signs: almost every character is CJK, ASCII or common punctuation; and
    the Han characters are mostly the 3,755 of GB2312 level 1 (the commonest
    characters, 99.7-99.9% of Han characters in the seed pages and MSRA),
    where bytes of another encoding read as GB18030 land almost never.
    """
    sample = text[:100_000]
    if _CONTROL.search(sample):
        return False
    common = len(_COMMON.findall(sample))
    if (len(sample) - common) > _MAX_UNUSUAL_SHARE * len(sample):
        return False
    han = _HAN.findall(sample)
    return len(han) < _MIN_HAN_TO_JUDGE or sum(map(_is_level1, han)) >= _MIN_LEVEL1_SHARE * len(han)


def _is_level1(char: str) -> bool:
    try:
        first = char.encode("gb2312")[0]
    except UnicodeEncodeError:
        return False
    return 0xB0 <= first <= 0xD7
