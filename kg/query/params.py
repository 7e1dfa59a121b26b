"""Research-question parameters as researchers type them: 吉木萨尔 for 吉木萨尔县.

A ``county`` parameter that is a gazetteer form of exactly one county-level unit (its
short form, or its official name) is passed on as the official name, the form the graph
stores; anything else is passed on unchanged (it then simply matches nothing).
"""

from __future__ import annotations

from kg.nlp.tagged_places import SHORT_FORM_UNITS

PLACE_PARAMS = {"county": "county"}  # parameter -> the level its value names


def normalise_params(params: dict) -> dict:
    """``params`` with each place parameter written as the official name it stands for.

    Example:
        >>> normalise_params({"county": "吉木萨尔", "organization": None})
        {'county': '吉木萨尔县', 'organization': None}
    """
    out = dict(params)
    for key, level in PLACE_PARAMS.items():
        value = out.get(key)
        if isinstance(value, str) and value.strip():
            out[key] = official_name(value.strip(), level) or value
    return out


_UNITS = ("", *SHORT_FORM_UNITS, "自治县", "自治旗")  # a county written without its unit


def official_name(value: str, level: str) -> str | None:
    """The official name of the one ``level`` unit that ``value`` names, in full or without
    its unit (吉木萨尔 → 吉木萨尔县), or None when it names none or several."""
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
    # 朝阳 names 朝阳区 (two cities) and 朝阳县: ambiguous, passed on unchanged
    return names.pop() if len(names) == 1 else None
