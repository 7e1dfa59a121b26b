"""Replace the events of dev.jsonl / test.jsonl with a re-annotation written per file.

The events of the corpus gold were annotated again under the conventions of issue 12
(tests/gold/README.md, "Events (kg-graph-2)"): open types from rules/event_types.toml,
places acting as organizers, counties from the gazetteer. Each batch is a JSONL file of
``{"file", "events"}``; an organizer flagged ``new_entity`` is added to the record's
entities (an organization the entity pass missed). Types are checked against the
taxonomy. Idempotent.

    python tests/gold/rmrb/merge_events.py dev events/dev_1.jsonl events/dev_2.jsonl
"""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).parent
TYPES = set(tomllib.loads((HERE.parents[2] / "rules/event_types.toml").read_text())["types"])
FIELDS = ("type", "name", "organizers", "participants", "place", "county", "date", "date_text")


def main(split: str, batches: list[str]) -> None:
    path = HERE / f"{split}.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    by_file = {r["file"]: r for r in records}
    for batch in batches:
        for line in (HERE / batch).read_text(encoding="utf-8").splitlines():
            part = json.loads(line)
            record = by_file[part["file"]]
            record["events"] = [_event(e, record) for e in part["events"]]
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )


def _event(e: dict, record: dict) -> dict:
    if e["type"] not in TYPES | {"其他"}:
        raise SystemExit(f"{record['file']}: unknown event type {e['type']!r}")
    for org in e.get("organizers", ()):
        if org.pop("new_entity", False):
            names = {x["name"] for x in record["entities"]}
            if org["name"] not in names:
                record["entities"].append(
                    {"type": "Organization", "name": org["name"], "surface": [org["name"]]}
                )
    e.pop("place_new", None)
    out = {k: e.get(k, [] if k in ("organizers", "participants") else None) for k in FIELDS}
    if e.get("optional"):
        out["optional"] = True
    return out


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
