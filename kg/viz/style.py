"""How labels look: colours, shapes and captions, the same in every figure and the HTML view.

Labels come from the schema module (:data:`kg.graph.schema.NODES`), in its order; a label
added there gets the next colour and shape without a change here.
"""

from __future__ import annotations

from kg.errors import KGError
from kg.graph.schema import NODES, check_label

ARTICLE, ORGANIZATION, PLACE, PERSON, EVENT = (
    check_label(label) for label in ("Article", "Organization", "Place", "Person", "Event")
)
# The labels of the organization–event–place network.
ORG_EVENT_PLACE = (ORGANIZATION, EVENT, PLACE)

# Okabe–Ito colours, readable by colour-blind readers.
_PALETTE = ("#999999", "#D55E00", "#009E73", "#56B4E9", "#E69F00", "#0072B2", "#CC79A7")
# Shapes too, so labels differ without colour: (matplotlib marker, vis-network shape).
_SHAPES = (
    ("h", "hexagon"),
    ("o", "dot"),
    ("^", "triangle"),
    ("D", "diamond"),
    ("s", "square"),
    ("v", "triangleDown"),
    ("p", "star"),
)
LABEL_COLOURS: dict[str, str] = {
    label: _PALETTE[i % len(_PALETTE)] for i, label in enumerate(NODES)
}
LABEL_MARKERS: dict[str, str] = {
    label: _SHAPES[i % len(_SHAPES)][0] for i, label in enumerate(NODES)
}
HTML_SHAPES: dict[str, str] = {label: _SHAPES[i % len(_SHAPES)][1] for i, label in enumerate(NODES)}
EDGE_COLOUR = "#b0b0b0"


def node_text(data: dict, limit: int = 14) -> str:
    """A node's caption: its name (an article's title; an unnamed event's type), shortened.

    Example:
        >>> node_text({"label": "Event", "type": "主题党日"})
        '主题党日'
        >>> node_text({"label": "Organization", "name": "某某县某某局机关党总支"}, limit=6)
        '某某县某某…'
    """
    fields = (data.get(key) for key in ("name", "title", "type", "label"))
    text = next((value for value in fields if isinstance(value, str) and value), "")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def schema_label(label: str) -> str:
    """``label`` if the schema has it.

    Raises:
        KGError: it has not; the message lists the labels it has.
    """
    try:
        return check_label(label)
    except ValueError as error:
        raise KGError(str(error)) from None
