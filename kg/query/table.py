"""Query results as a readable table for the terminal (CJK characters count double)."""

from __future__ import annotations

import unicodedata


def width(text: str) -> int:
    """Display width: East Asian wide and full-width characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def format_table(columns: list[str], rows: list[list], max_cell: int = 60) -> str:
    """Columns padded to their widest cell; long cells cut with …; one line per row.

    Example:
        >>> print(format_table(["名称", "n"], [["党支部", 2]]))
        名称    n
        ------  -
        党支部  2
    """
    cells = [[_cell(v, max_cell) for v in row] for row in rows]
    widths = [max([width(c)] + [width(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(_pad(c, w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += [
        "  ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    return "\n".join(lines)


def _cell(value, limit: int) -> str:
    text = "" if value is None else str(value).replace("\n", " ")
    return text if width(text) <= limit else text[: limit // 2 - 1] + "…"


def _pad(text: str, to: int) -> str:
    return text + " " * (to - width(text))
