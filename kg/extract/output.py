"""The JSON shape of extraction results (``kg extract --json``), documented in docs/SCHEMA.md."""

from __future__ import annotations

from kg.extract.extractor import ArticleExtraction
from kg.nlp.lexicon import rules_digest


def extraction_dict(result: ArticleExtraction) -> dict:
    """One article's extraction as a JSON-ready dict."""
    a = result.article
    return {
        "id": a.id,
        "file": a.file,
        "title": a.title,
        "record_id": a.record_id,
        "line": a.line,
        "newspaper": a.newspaper,
        "date": a.date,
        "page": a.page,
        "seq": a.seq,
        "text": a.text,
        "entities": [
            {
                "id": entity.id,
                "type": entity.type,
                "name": entity.name,
                "mentions": [
                    {
                        "surface": m.surface,
                        "start": m.start,
                        "end": m.end,
                        "sentence": m.prop("sentence"),
                        "rule": m.rule,
                    }
                    for m in entity.mentions
                ],
                "props": entity.props,
            }
            for entity in result.entities.values()
        ],
        "events": [
            {
                "id": event.id,
                "type": event.type,
                "family": event.family,
                "name": event.name,
                "label": event.label,
                "organizers": [
                    {
                        "name": name,
                        "role": role,
                        "type": "Place" if name in event.acting_places else "Organization",
                    }
                    for name, role in event.organizers
                ],
                "led_by": event.led_by,
                "participants": event.participants,
                "place": event.place,
                "county": event.county,
                "date": event.date,
                "date_text": event.date_text,
                "date_window": list(event.date_window) if event.date_window else None,
                "date_start": event.date_start,
                "date_end": event.date_end,
                "held_in": {"place": event.held_in[0], "basis": event.held_in[1]}
                if event.held_in
                else None,
                "theme": event.theme,
                "evidence": [e.to_dict() for e in event.evidence],
            }
            for event in result.events
        ],
        "relations": [
            {
                "type": r.type,
                "source": {"type": r.source[0], "name": r.source[1]},
                "target": {"type": r.target[0], "name": r.target[1]},
                "props": dict(r.props),
                "evidence": [e.to_dict() for e in r.evidence],
            }
            for r in result.relations
        ],
    }


def document(results: list[ArticleExtraction], kg_version: str, rules_version: str) -> dict:
    """The whole ``kg extract --json`` document."""
    return {
        "kg_version": kg_version,
        "rules_version": rules_version,
        "rules": rules_digest(rules_version),
        "articles": [extraction_dict(r) for r in results],
    }
