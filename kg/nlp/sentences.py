"""Sentence boundaries for Chinese news: after 。！？；… (and closing quotes), and at line ends."""

from __future__ import annotations

import re

_SENTENCE = re.compile(r"[^。！？!?；;…\n]*(?:[。！？!?；;…]+[”’」』）)]*|\n|$)")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence, white space at its ends excluded, in order.

    Example:
        >>> text = "标题\\n他说：“好。”大家笑了。"
        >>> [text[a:b] for a, b in sentence_spans(text)]
        ['标题', '他说：“好。”', '大家笑了。']
    """
    spans = []
    for match in _SENTENCE.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans
