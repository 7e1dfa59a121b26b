"""The research questions in SPARQL, for kg's RDF vocabulary (docs/RDF.md).

Each returns the same columns and, on the same graph, the same rows as its Cypher
version in :mod:`kg.query.cypher`; parameters are read with ``kg:param("name")``
(see :mod:`kg.query.sparql`), never spliced into the text.
"""

from __future__ import annotations

from kg.query.answers import LIST_SEPARATOR
from kg.sinks.rdf_vocab import KG, NODE_CLASSES, RELATIONS, rdf_subject_label

__all__ = ["CATALOG_SPARQL"]

_PREFIXES = f"""PREFIX kg: <{KG}>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""


LIST_SEPARATOR_ESCAPED = f"\\u{ord(LIST_SEPARATOR):04x}"  # a SPARQL string escape


def _order(*columns: str) -> str:
    """ORDER BY every column, unbound (null) last as in Cypher."""
    return "ORDER BY " + " ".join(f"(!BOUND(?{c})) ?{c}" for c in columns)


def _relation_values() -> str:
    """VALUES rows (type, predicate, inverse, class of the triple's subject), from the mapping."""
    rows = []
    for kind, rel in RELATIONS.items():
        cls = NODE_CLASSES[rdf_subject_label(kind)][0]
        rows.append(
            f'    ("{kind}" <{rel.predicate}> {"true" if rel.inverse else "false"} <{cls}>)'
        )
    return "\n".join(rows)


# Written for Oxigraph's planner (measured on ~1M triples, docs/RDF.md): required
# patterns before OPTIONALs, no required pattern after an OPTIONAL (that became a nested
# loop: 176 s), no OPTIONAL on a variable made by BIND, and for evidence the names are
# looked up once per fact in a subquery before joining the many derivations.
# ?held_county: where event ?e was held, rolled up to a county-level place
_HELD_COUNTY = """\
  OPTIONAL {
    SELECT ?e (MIN(STR(?held_name)) AS ?held_county) WHERE {
      ?e a schema:Event ; schema:location ?place .
      ?place schema:containedInPlace* ?hc .
      ?hc kg:level "county" ; schema:name ?held_name .
    } GROUP BY ?e
  }
"""

# ?ranked: the first organizer's place (主办, 承办, 组织, 开展, 协办) rolled up to a county,
# prefixed with the role's rank; SUBSTR(?ranked, 2) is the county
_ORGANIZER_COUNTY = """\
  OPTIONAL {
    SELECT ?e (MIN(CONCAT(?rank, STR(?org_county_name))) AS ?ranked) WHERE {
      ?f rdf:predicate schema:organizer ; rdf:subject ?e ; rdf:object ?o .
      ?o schema:location ?org_place .
      ?org_place schema:containedInPlace* ?oc .
      ?oc kg:level "county" ; schema:name ?org_county_name .
      OPTIONAL { ?f kg:role ?role }
      BIND (COALESCE(IF(STR(?role) = "主办", "1", IF(STR(?role) = "承办", "2",
            IF(STR(?role) = "组织", "3", IF(STR(?role) = "开展", "4",
            IF(STR(?role) = "协办", "5", "9"))))), "9") AS ?rank)
    } GROUP BY ?e
  }
"""

# One row per event, as in Cypher: the organizations and sentences gathered (joined with
# LIST_SEPARATOR; kg.query.answers makes them lists), the first report's id after its
# 10-character date (the earliest, then the smallest id), looked up once per event.
_THEME_PARTY_DAYS = (
    _PREFIXES
    + """
SELECT ?county ?date ?date_text ?event ?organizations ?sentences ?article ?article_date
       ?article_title WHERE {
  {
    SELECT ?e (MIN(?located_county) AS ?located)
           (GROUP_CONCAT(DISTINCT STR(?org_name); separator="__SEP__") AS ?organizations)
           (GROUP_CONCAT(DISTINCT STR(?sentence_text); separator="__SEP__") AS ?sentences)
           (MIN(CONCAT(COALESCE(STR(?published), "9999-12-31"), STR(?article_id)))
            AS ?first_report)
    WHERE {
      ?e dcterms:type/skos:prefLabel "主题党日"@zh .
      ?f rdf:predicate schema:organizer ; rdf:subject ?e ; rdf:object ?o ;
         prov:qualifiedDerivation ?d .
      ?o org:classification/skos:prefLabel ?kind .
      FILTER (STR(?kind) IN ("党支部", "党总支", "党委"))
      ?o skos:prefLabel ?org_name .
      ?d kg:sentence ?sentence_text ; prov:entity ?a .
      ?a dcterms:identifier ?article_id .
      OPTIONAL { ?a schema:datePublished ?published }
      OPTIONAL {   # else where the organizers are, rolled up
        SELECT ?o (MIN(STR(?located_name)) AS ?located_county) WHERE {
          ?o a org:Organization ; schema:location ?org_place .
          ?org_place schema:containedInPlace* ?oc .
          ?oc kg:level "county" ; schema:name ?located_name .
        } GROUP BY ?o
      }
    } GROUP BY ?e
  }
"""
    + _HELD_COUNTY
    + """\
  OPTIONAL { ?e schema:name ?event_name }
  OPTIONAL { ?e kg:county ?event_county }
  OPTIONAL { ?e schema:startDate ?date }
  OPTIONAL { ?e kg:dateText ?event_date_text }
  BIND (COALESCE(?held_county, ?located, STR(?event_county)) AS ?county)
  BIND (kg:param("county") AS ?county_param)
  FILTER (!BOUND(?county_param) || ?county = STR(?county_param))
  BIND (COALESCE(STR(?event_name), "") AS ?event)
  BIND (STR(?event_date_text) AS ?date_text)
  BIND (SUBSTR(?first_report, 11) AS ?article)
  OPTIONAL {
    ?first a schema:NewsArticle ; dcterms:identifier ?article .
    OPTIONAL { ?first schema:datePublished ?article_date }
    OPTIONAL { ?first schema:headline ?headline }
  }
  BIND (STR(?headline) AS ?article_title)
}
"""
).replace("__SEP__", LIST_SEPARATOR_ESCAPED) + _order(
    "county", "date", "date_text", "event", "article", "article_date", "article_title"
)

_EVENTS_BY_COUNTY = (
    _PREFIXES
    + """
SELECT ?county ?month (COUNT(DISTINCT ?e) AS ?events) WHERE {
  ?e a schema:Event .
"""
    + _HELD_COUNTY
    + _ORGANIZER_COUNTY
    + """\
  OPTIONAL { ?e kg:county ?event_county }
  OPTIONAL { ?e schema:startDate ?date }
  BIND (COALESCE(?held_county, SUBSTR(?ranked, 2), STR(?event_county)) AS ?county)
  BIND (SUBSTR(STR(?date), 1, 7) AS ?month)
}
GROUP BY ?county ?month
"""
    + _order("county", "month", "events")
)

_ORGANIZERS = (
    _PREFIXES
    + """
SELECT ?organization ?role ?event ?type ?date WHERE {
  ?f rdf:predicate schema:organizer ; rdf:subject ?e ; rdf:object ?o .
  ?o schema:name ?org_name .
  BIND (kg:param("organization") AS ?organization_param)
  FILTER (!BOUND(?organization_param) || STR(?org_name) = STR(?organization_param))
  OPTIONAL { ?f kg:role ?fact_role }
  OPTIONAL { ?e schema:name ?event_name }
  OPTIONAL { ?e dcterms:type/skos:prefLabel ?event_type }
  OPTIONAL { ?e schema:startDate ?date }
  BIND (STR(?org_name) AS ?organization)
  BIND (STR(?fact_role) AS ?role)
  BIND (COALESCE(STR(?event_name), "") AS ?event)
  BIND (STR(?event_type) AS ?type)
}
"""
    + _order("organization", "role", "event", "type", "date")
)

_EVENTS = (
    _PREFIXES
    + """
SELECT ?type ?family ?event ?county ?date_start ?date_end WHERE {
  ?e a schema:Event ; dcterms:type/skos:prefLabel ?type_label .
"""
    + _HELD_COUNTY
    + _ORGANIZER_COUNTY
    + """\
  OPTIONAL { ?e kg:typeFamily/skos:prefLabel ?family_label }
  OPTIONAL { ?e schema:name ?event_name }
  OPTIONAL { ?e kg:county ?event_county }
  OPTIONAL { ?e kg:earliestDate ?date_start }
  OPTIONAL { ?e kg:latestDate ?date_end }
  BIND (STR(?type_label) AS ?type)
  BIND (STR(?family_label) AS ?family)
  BIND (STR(?event_name) AS ?event)
  BIND (COALESCE(?held_county, SUBSTR(?ranked, 2), STR(?event_county)) AS ?county)
  BIND (kg:param("family") AS ?family_param)
  BIND (kg:param("county") AS ?county_param)
  BIND (kg:param("month") AS ?month_param)
  FILTER (!BOUND(?family_param) || ?family = STR(?family_param))
  FILTER (!BOUND(?county_param) || ?county = STR(?county_param))
  FILTER (!BOUND(?month_param) || (SUBSTR(STR(?date_start), 1, 7) <= STR(?month_param)
                                   && SUBSTR(STR(?date_end), 1, 7) >= STR(?month_param)))
}
"""
    + _order("type", "family", "event", "county", "date_start", "date_end")
)

_POSITIONS = (
    _PREFIXES
    + """
SELECT ?person ?title ?organization WHERE {
  ?m a org:Membership ; org:member ?p ; org:organization ?o .
  ?p schema:name ?person_name .
  ?o skos:prefLabel ?org_name .
  OPTIONAL { ?m org:role/skos:prefLabel ?title_label }
  BIND (STR(?person_name) AS ?person)
  BIND (STR(?title_label) AS ?title)
  BIND (STR(?org_name) AS ?organization)
}
"""
    + _order("person", "title", "organization")
)

_PEOPLE_IN_NEWS = (
    _PREFIXES
    + """
SELECT ?person ?article ?article_date ?title ?role WHERE {
  {
    ?f rdf:predicate schema:author ; rdf:subject ?a ; rdf:object ?p .
    OPTIONAL { ?f kg:role ?wrote_role }
    BIND (STR(?wrote_role) AS ?role)
  } UNION {
    ?f rdf:predicate schema:contributor ; rdf:subject ?a ; rdf:object ?p .
    BIND ("摄影" AS ?role)
  } UNION {
    ?f rdf:predicate schema:mentions ; rdf:subject ?a ; rdf:object ?p .
    ?p a schema:Person .
    BIND ("提及" AS ?role)
  }
  ?p schema:name ?person_name .
  ?a dcterms:identifier ?article .
  OPTIONAL { ?a schema:datePublished ?article_date }
  OPTIONAL { ?a schema:headline ?headline }
  BIND (STR(?person_name) AS ?person)
  BIND (STR(?headline) AS ?title)
}
"""
    + _order("person", "article", "article_date", "title", "role")
)

_PEOPLE = (
    _PREFIXES
    + """
SELECT ?person ?id ?relation ?role ?what ?article ?article_date WHERE {
  {
    ?m a org:Membership ; org:member ?p ; org:organization ?o .
    OPTIONAL { ?m org:role/skos:prefLabel ?title_label }
    ?o schema:name ?what_label .
    BIND ("post" AS ?relation)
    BIND (STR(?title_label) AS ?role)
    BIND (STR(?what_label) AS ?what)
    BIND ("" AS ?article)
  } UNION {
    {
      ?f rdf:predicate schema:author ; rdf:subject ?a ; rdf:object ?p .
      OPTIONAL { ?f kg:role ?wrote_role }
      BIND (STR(?wrote_role) AS ?role)
      BIND ("credited" AS ?relation)
    } UNION {
      ?f rdf:predicate schema:contributor ; rdf:subject ?a ; rdf:object ?p .
      BIND ("摄影" AS ?role)
      BIND ("credited" AS ?relation)
    } UNION {
      ?f rdf:predicate schema:mentions ; rdf:subject ?a ; rdf:object ?p .
      ?p a schema:Person .
      BIND ("提及" AS ?role)
      BIND ("mentioned" AS ?relation)
    }
    ?a dcterms:identifier ?article_id .
    OPTIONAL { ?a schema:headline ?headline }
    OPTIONAL { ?a schema:datePublished ?article_date }
    BIND (STR(?headline) AS ?what)
    BIND (STR(?article_id) AS ?article)
  }
  ?p schema:name ?person_name ; dcterms:identifier ?person_id .
  BIND (STR(?person_name) AS ?person)
  BIND (STR(?person_id) AS ?id)
  BIND (kg:param("name") AS ?name_param)
  FILTER (!BOUND(?name_param) || ?person = STR(?name_param))
}
"""
    + _order("person", "id", "relation", "role", "what", "article", "article_date")
)

_EVIDENCE = (
    _PREFIXES
    + """
SELECT ?source ?type ?target ?article ?article_date ?article_title ?sentence ?span ?rule
WHERE {
  {
    SELECT ?f ?type ?source ?target WHERE {
      VALUES (?type ?p ?inverse ?subject_class) {
__RELATIONS__
      }
      BIND (kg:param("type") AS ?type_param)
      FILTER (!BOUND(?type_param) || ?type = STR(?type_param))
      ?f rdf:predicate ?p ; rdf:subject ?x ; rdf:object ?y .
      ?x a ?subject_class .
      OPTIONAL { ?x schema:name ?x_name }
      OPTIONAL { ?x schema:headline ?x_title }
      OPTIONAL { ?y schema:name ?y_name }
      OPTIONAL { ?y schema:headline ?y_title }
      # the triple runs from target to source when the relation is inverse (schema:organizer)
      BIND (STR(IF(?inverse, COALESCE(?y_name, ?y_title), COALESCE(?x_name, ?x_title))) AS ?source)
      BIND (STR(IF(?inverse, COALESCE(?x_name, ?x_title), COALESCE(?y_name, ?y_title))) AS ?target)
      BIND (kg:param("source") AS ?source_param)
      BIND (kg:param("target") AS ?target_param)
      FILTER (!BOUND(?source_param) || ?source = STR(?source_param))
      FILTER (!BOUND(?target_param) || ?target = STR(?target_param))
    }
  }
  ?f prov:qualifiedDerivation ?d .
  ?d prov:entity ?a ; kg:sentence ?sentence_text .
  ?a dcterms:identifier ?article .
  OPTIONAL { ?d kg:span ?span }
  OPTIONAL { ?d kg:rule ?rule }
  OPTIONAL { ?a schema:datePublished ?article_date }
  OPTIONAL { ?a schema:headline ?headline }
  BIND (STR(?sentence_text) AS ?sentence)
  BIND (STR(?headline) AS ?article_title)
}
""".replace("__RELATIONS__", _relation_values())
    + _order(
        "source",
        "type",
        "target",
        "article",
        "article_date",
        "article_title",
        "sentence",
        "span",
        "rule",
    )
)

# name -> (query, description, parameter names). The Cypher catalog returns the same
# columns and, on the same graph, the same rows.
CATALOG_SPARQL: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "theme-party-days": (
        _THEME_PARTY_DAYS,
        "Which 党支部/党总支/党委 ran which 主题党日 in which county (where it was held, "
        "rolled up schema:containedInPlace* to a county-level place; else where the "
        "organizers are; else the event's county), one row per event with its organizations, "
        "the first article to report it (id, date, title) and the sentences stating the "
        "ORGANIZED facts; optional parameter county (a short name such as 吉木萨尔 works too).",
        ("county",),
    ),
    "events-by-county": (
        _EVENTS_BY_COUNTY,
        "Events per county and month (YYYY-MM, null without a date). County: where the "
        "event was held, rolled up (schema:containedInPlace*) to a county-level place; else "
        "the first organizer's place rolled up (主办 first, then 承办, 组织, 开展, 协办); else the "
        "event's county property.",
        (),
    ),
    "events": (
        _EVENTS,
        "One row per event: type, family, name or generated label, county (where it was "
        "held rolled up to a county-level place; else the first organizer's place; else the "
        "event's county), earliest and latest day; optional parameters family, county and "
        "month (YYYY-MM: events whose date window touches it).",
        ("family", "county", "month"),
    ),
    "organizers": (
        _ORGANIZERS,
        "Who organized what: organization, role (主办, 承办, 协办, 组织, 开展), event (name or ''), "
        "event type, date; optional parameter organization (its name).",
        ("organization",),
    ),
    "positions": (
        _POSITIONS,
        "Posts and roles people hold: person, title, organization.",
        (),
    ),
    "people-in-news": (
        _PEOPLE_IN_NEWS,
        "People in articles: person, article id, date and title, role (the byline role for "
        "authors, 摄影 for photographers, 提及 for people the article mentions).",
        (),
    ),
    "people": (
        _PEOPLE,
        "One person across the corpus: person, id, relation (post, credited, mentioned), "
        "role (title, byline role, 摄影, 提及), what (organization or article title), "
        "article id and date. Parameter name (optional).",
        ("name",),
    ),
    "evidence": (
        _EVIDENCE,
        "The evidence of a fact: parameters source (name), type (a relationship type of the "
        "graph model, e.g. ORGANIZED) and target (name; an article's title) -> one row per "
        "statement: article id, date and title, sentence, span 'start:end', rule.",
        ("source", "type", "target"),
    ),
}
