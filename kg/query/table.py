"""Query results for people and for other programs: a terminal table (CJK characters count
double), JSON, CSV or TSV. :func:`write_rows` is the one place answers are written."""

from __future__ import annotations

import csv
import json
import unicodedata
from typing import TextIO

FORMATS = ("table", "json", "csv", "tsv")


def width(text: str) -> int:
    """Display width: East Asian wide and full-width characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def cell_text(value) -> str:
    """A value as one cell: None empty, lists and nodes as JSON text (never a Python repr).

    Example:
        >>> cell_text(["党支部", None]), cell_text(None), cell_text(3)
        ('["党支部", null]', '', '3')
    """
    if value is None:
        return ""
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def write_rows(columns: list[str], rows: list[list], fmt: str, stream: TextIO) -> None:
    """Write an answer to ``stream`` as ``fmt`` (one of :data:`FORMATS`).

    csv and tsv: a header row, then one line per row (RFC 4180 quoting, ``\\n`` line ends);
    json: a list of objects keyed by column name; table: :func:`format_table` and a count.

    Example:
        >>> import sys
        >>> write_rows(["名称", "n"], [["党支部", 2]], "csv", sys.stdout)
        名称,n
        党支部,2
    """
    if fmt == "json":
        records = [dict(zip(columns, row, strict=True)) for row in rows]
        json.dump(records, stream, ensure_ascii=False, indent=1)
        stream.write("\n")
    elif fmt in ("csv", "tsv"):
        writer = csv.writer(stream, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([cell_text(v) for v in row] for row in rows)
    elif fmt == "table":
        stream.write(format_table(columns, rows) + "\n")
        stream.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")
    else:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


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
    text = cell_text(value).replace("\n", " ")
    return text if width(text) <= limit else text[: limit // 2 - 1] + "…"


def _pad(text: str, to: int) -> str:
    return text + " " * (to - width(text))
