"""File names and messages made safe to print: valid UTF-8, on one line.

A POSIX file name is any bytes but ``/`` and NUL. Python gives the bytes that are not
UTF-8 as lone surrogates (``os.fsdecode``), which UTF-8 output cannot hold (``--json``
wrote invalid UTF-8, ``kg build`` crashed), and a newline in a name split a one-line
error over two lines. kg therefore shows every file name — in messages, in JSON output,
as an article's ``file`` and in the graph — in one backslash-escaped form:

- ``\\xHH``: the byte HH, for a byte that is not part of valid UTF-8 (HH >= 80) and for an
  ASCII control character (a newline is ``\\x0a``);
- ``\\uHHHH``: a C1 control, U+2028/U+2029, a bidirectional-text control (it would
  reorder what a terminal shows) or a lone surrogate that stands for no byte;
- ``\\\\``: a backslash (on POSIX; on Windows it is the path separator, shown as it is).

Every other character is shown as it is, so an ordinary name (Chinese included) is
unchanged, and an escaped name maps back to exactly one file name.
"""

from __future__ import annotations

import os
import re

# Fixed code point ranges, not Unicode categories: the form of a name must not change
# with the Unicode version of the Python that runs kg (it is stored in graphs).
_BACKSLASH = "" if os.sep == "\\" else r"\\"  # on Windows, the separator: not escaped
_NAME_ESCAPED = re.compile(
    rf"[{_BACKSLASH}\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)
_TEXT_ESCAPED = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def shown(path: str | bytes | os.PathLike) -> str:
    r"""A file name as kg shows it: valid UTF-8, one line, escaped as the module says.

    Example:
        >>> shown(b"page\xff\n1.txt")
        'page\\xff\\x0a1.txt'
        >>> shown("seeds/党建.txt")
        'seeds/党建.txt'
    """
    return _NAME_ESCAPED.sub(_escape, os.fsdecode(path))


def one_line(text: str) -> str:
    r"""``text`` with control characters, line separators and lone surrogates escaped,
    so a message stays on one line of valid UTF-8 (backslashes are left as they are).

    Example:
        >>> one_line("bad\nvalue")
        'bad\\x0avalue'
    """
    return _TEXT_ESCAPED.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char == "\\":
        return "\\\\"
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for the byte code - 0xDC00
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x80:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"
