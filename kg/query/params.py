"""Research-question parameters: checked once for both engines, then normalised.

:func:`check_params` is the one gate every catalog question passes before either engine
sees it (``kg ask``, :func:`kg.query.catalog.ask`, :func:`kg.query.cypher.catalog_query`):
no unknown names, required ones present, text only, and values from a closed set (an
evidence ``type``) or of a fixed form (a ``month``) checked. So a value one engine would
refuse is refused for both, with the same one-line message, instead of matching
everything or nothing in the other.

A ``county`` parameter that is a gazetteer form of a county-level unit (its short form,
or its official name: 吉木萨尔 for 吉木萨尔县) is passed on as the official name, the form
the graph stores; a short form of several differently named units (朝阳: 朝阳区, 朝阳县) is
refused with the candidates; anything else is passed on unchanged (it then simply
matches nothing).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from kg.errors import QueryError
from kg.nlp.tagged_places import SHORT_FORM_UNITS
from kg.query.cypher import EVIDENCE_TYPES

PLACE_PARAMS = {"county": "county"}  # parameter -> the level its value names


@dataclass(frozen=True)
class Rule:
    """What one catalog parameter takes beyond text: ``what`` names it in messages."""

    what: str
    required: bool = False
    choices: tuple[str, ...] = ()
    pattern: str | None = None  # a full match


# By parameter name: a name means the same in every question that takes it.
RULES: dict[str, Rule] = {
    "type": Rule("a relationship type with evidence", required=True, choices=EVIDENCE_TYPES),
    "month": Rule("a month as YYYY-MM", pattern=r"\d{4}-(0[1-9]|1[0-2])"),
}


def check_params(question: str, names: tuple[str, ...], given: Mapping | None) -> dict:
    """Every parameter of ``question`` (``names``) with its checked, normalised value;
    None for those not given.

    Raises:
        QueryError: an unknown name, a missing required one, a value that is not text,
            or not of the kind its rule says; one line, the same for both engines.

    Example:
        >>> check_params("events", ("family", "county", "month"), {"county": "吉木萨尔"})
        {'family': None, 'county': '吉木萨尔县', 'month': None}
    """
    given = dict(given or {})
    unknown = sorted(set(given) - set(names), key=str)
    if unknown:
        raise QueryError(
            f"{question}: unknown parameter(s) {unknown}; it takes {list(names) or 'none'}"
        )
    values = {name: _checked(question, name, given.get(name)) for name in names}
    return normalise_params(values, question)


def _checked(question: str, name: str, value):
    rule = RULES.get(name)
    if value is None:
        if rule and rule.required:
            raise QueryError(_refusal(question, name, "is required: None", rule))
        return None
    if not isinstance(value, str):  # the engines disagree on numbers, lists, booleans
        raise QueryError(
            f"{question}: {name} must be text (or None), found {type(value).__name__} "
            f"{_shown(value)}"
        )
    if not _encodable(value):  # neither store holds a lone surrogate
        raise QueryError(f"{question}: {name} {_shown(value)} is not valid Unicode text")
    if rule and rule.choices and value not in rule.choices:
        raise QueryError(_refusal(question, name, _shown(value), rule))
    if rule and rule.pattern and not re.fullmatch(rule.pattern, value):
        raise QueryError(_refusal(question, name, _shown(value), rule))
    return value


def _refusal(question: str, name: str, shown: str, rule: Rule) -> str:
    text = f"{question}: {name} {shown} is not {rule.what}"
    return text + (f"; use one of {', '.join(rule.choices)}" if rule.choices else "")


def _shown(value, limit: int = 60) -> str:
    """``repr(value)`` cut to ``limit`` characters: one line whatever the value holds."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def normalise_params(params: dict, question: str = "") -> dict:
    """``params`` with each place parameter written as the official name it stands for.

    Raises:
        QueryError: a short name of several differently named units (朝阳: 朝阳区, 朝阳县),
            in one line listing them.

    Example:
        >>> normalise_params({"county": "吉木萨尔", "organization": None})
        {'county': '吉木萨尔县', 'organization': None}
    """
    out = dict(params)
    for key, level in PLACE_PARAMS.items():
        value = out.get(key)
        if isinstance(value, str) and value.strip():
            out[key] = _place_name(question, key, value, level)
    return out


def _place_name(question: str, key: str, value: str, level: str) -> str:
    names = official_names(value.strip(), level)
    if len(names) > 1:
        where = f"{question}: " if question else ""
        raise QueryError(
            f"{where}{key} {_shown(value)} is ambiguous: {', '.join(names)}; give one of them"
        )
    return names[0] if names else value  # naming no unit: passed on, it matches nothing


_UNITS = ("", *SHORT_FORM_UNITS, "自治县", "自治旗")  # a county written without its unit


def official_names(value: str, level: str) -> list[str]:
    """The official names of the ``level`` units that ``value`` names, in full or without
    its unit (吉木萨尔 → 吉木萨尔县), sorted; only ``value`` when it is itself one.

    Example:
        >>> official_names("朝阳", "county"), official_names("朝阳县", "county")
        (['朝阳区', '朝阳县'], ['朝阳县'])
    """
    from kg.gazetteer.places import Gazetteer

    gazetteer = Gazetteer.load()
    names: set[str] = set()
    for unit in _UNITS:
        form = value + unit
        whole = [m for m in gazetteer.find(form) if (m.start, m.end) == (0, len(form))]
        names |= {
            gazetteer.get(code).name
            for m in whole
            for code in m.candidates
            if gazetteer.get(code).level == level
        }
    # 朝阳区 names a district of two cities: one name, which the query matches by
    return [value] if value in names else sorted(names)
