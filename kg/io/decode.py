"""Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK.

Why not a general detector: charset-normalizer returned no answer for 200- and
20,000-character GB18030 encodings of the seed pages (docs/DECISIONS.md). For
Chinese news the decision is simpler and exact: valid UTF-8 is UTF-8; otherwise
GB18030 (a superset of GBK and GB2312) if it decodes strictly *and* reads as
Chinese text; otherwise the file is refused with the reason.

A few bad bytes in otherwise good text cost only themselves, with a warning: a NUL
byte is removed, and a byte that is not part of the text's encoding (a stray byte, a
damaged character) becomes U+FFFD. Text with more of them than one in a thousand
characters is refused as binary or of unknown encoding. One line of a JSONL file is
decoded by :func:`decode_line`, which mends nothing: a bad line is that line's error.

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
_ASCII = bytes(range(0x80))
_BINARY_NUL = "binary file (contains NUL bytes), not text"
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
    nuls = data.count(b"\x00")
    if not nuls:
        return _decode_text(data)
    # A NUL or two in text (a damaged page) costs only those bytes; many make it binary.
    if nuls > _few(len(data)):
        raise DecodeError(_BINARY_NUL)
    first = data.index(b"\x00")
    try:
        decoded = _decode_text(data.replace(b"\x00", b""))
    except DecodeError:
        raise DecodeError(_BINARY_NUL) from None
    if _CONTROL.search(decoded.text):
        raise DecodeError(_BINARY_NUL)
    removed = f"{nuls} NUL byte(s) removed (the first at byte offset {first})"
    return Decoded(decoded.text, decoded.encoding, (removed, *decoded.warnings))


def decode_line(data: bytes) -> tuple[str, str]:
    """Decode one line of a JSONL file: UTF-8, or GB18030 that reads as Chinese text.

    Nothing is mended: a NUL byte, or a byte that fits neither encoding, makes the line
    an error (JSON must be text), and the other lines are read.

    Returns:
        The line's text and its encoding.

    Raises:
        DecodeError: the line is not text; the reason names the first bad byte.
    """
    nul = data.find(b"\x00")
    if nul >= 0:
        raise DecodeError(f"NUL byte at byte offset {nul} of the line: not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        utf8_error = error
    bad = f"0x{data[utf8_error.start]:02x} at byte offset {utf8_error.start} of the line"
    replaced = data.decode("utf-8", "replace")
    if not _mostly_utf8(data, replaced, _bad_sequences(data, replaced, "utf-8")):
        try:  # perhaps GB18030
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            text = ""
        if text and _reads_as_text(text):
            return text, "gb18030"
        raise DecodeError(f"not UTF-8 (invalid byte {bad}) and not GB18030 text")
    raise DecodeError(f"invalid UTF-8: byte {bad}")


def _decode_text(data: bytes) -> Decoded:
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
    mended = _mended(data, "utf-8", utf8_error.start)
    if mended is not None:
        return mended
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as error:
        mended = _mended(data, "gb18030", error.start)
        if mended is not None:
            return mended
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


def _mended(data: bytes, encoding: str, first: int) -> Decoded | None:
    """``data`` decoded with its few bad bytes as U+FFFD, with a warning; None when they are
    not a few faults in text of this encoding but something else (binary, another encoding):
    more than :func:`_few` bad sequences, or (UTF-8) not :func:`_mostly_utf8`, or
    (GB18030) text that does not read as Chinese."""
    text = data.decode(encoding, "replace")
    bad = _bad_sequences(data, text, encoding)
    if bad > _few(len(text)):
        return None
    if encoding == "utf-8" and not _mostly_utf8(data, text, bad):
        return None
    if encoding == "gb18030" and not _reads_as_text(text):
        return None
    warning = (
        f"{bad} invalid {encoding.upper()} byte sequence(s) replaced with U+FFFD "
        f"(the first at byte offset {first})"
    )
    return Decoded(normalise(text), encoding, (warning,))


def _bad_sequences(data: bytes, text: str, encoding: str) -> int:
    """U+FFFD in ``text`` (``data`` decoded with errors="replace") that stand for bad bytes."""
    return text.count("\ufffd") - data.count("\ufffd".encode(encoding))


def _mostly_utf8(data: bytes, text: str, bad: int) -> bool:
    """UTF-8 with a few damaged characters, rather than another encoding: three good
    multi-byte characters or more per bad sequence (one stray byte inside a character makes
    up to four). GB18030 read as UTF-8 gives three or four bad sequences per good character,
    Latin-1 and random bytes almost no good ones."""
    ascii_bytes = len(data) - len(data.translate(None, _ASCII))  # one character each
    return len(text) - ascii_bytes - bad >= 3 * bad


def _few(size: int) -> int:
    """How many bad sequences text of ``size`` characters may hold and still be read: one
    per thousand characters, and at least 8 (one stray byte inside a character can make
    three or four)."""
    return max(8, size // 1000)


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


def normalise_spaces(text: str) -> str:
    """Only the wide and no-break spaces of :func:`normalise` (for a JSONL line, whose line
    breaks are JSON's business)."""
    return text.translate(_SPACES)
