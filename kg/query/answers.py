"""What both engines' answers to a catalog question share: list cells, sorted rows.

A question may gather values (theme-party-days: an event's organizations and sentences).
Cypher returns them as lists; SPARQL can return only one text per cell, so it joins them
with :data:`LIST_SEPARATOR` (GROUP_CONCAT). :func:`tidy` makes each a sorted list and
sorts the rows (LadybugDB cannot ORDER BY a list), so the two engines give equal answers.
"""

from __future__ import annotations

LIST_SEPARATOR = "\x1f"  # the unit separator: no sentence or name holds it
LIST_COLUMNS: dict[str, tuple[str, ...]] = {"theme-party-days": ("organizations", "sentences")}


def tidy(name: str, columns: list[str], rows: list[list]) -> tuple[list[str], list[list]]:
    """``rows`` of question ``name`` with its list columns as sorted lists, rows sorted by
    every column (nulls last); answers without list columns are returned as they are.

    Example:
        >>> tidy("theme-party-days", ["event", "sentences"], [["b", "y\\x1fx"], ["a", ["z"]]])
        (['event', 'sentences'], [['a', ['z']], ['b', ['x', 'y']]])
    """
    lists = {i for i, column in enumerate(columns) if column in LIST_COLUMNS.get(name, ())}
    if not lists:
        return columns, rows
    out = [[_as_list(v) if i in lists else v for i, v in enumerate(row)] for row in rows]
    return columns, sorted(out, key=_nulls_last)


def _as_list(value) -> list:
    if value is None or value == "":
        return []
    items = value.split(LIST_SEPARATOR) if isinstance(value, str) else value
    return sorted(items)


def _nulls_last(row: list) -> list:
    return [(v is None, "" if v is None else v) for v in row]
