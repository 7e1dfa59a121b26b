"""The mission's question on the sample pages, in all three stores: which 党支部 ran which
主题党日, and in which county — through HELD_IN and the PART_OF hierarchy, not a copied
property.

LadybugDB (embedded Cypher), the RDF store (SPARQL) and a Bolt server (ArcadeDB, or Neo4j 5
with NEO4J_URI) must return the same rows.
"""

from __future__ import annotations

import pytest

from kg.builder import CYPHER_DB, SPARQL_STORE
from kg.query.cypher import run_cypher
from kg.query.sparql import run_sparql
from kg.sinks.neo4j import load_neo4j

pytestmark = pytest.mark.neo4j

# the query of issue 12, as a researcher writes it
CYPHER = """\
MATCH (o:Organization)-[:ORGANIZED]->(e:Event {type:'主题党日'})-[:HELD_IN]->()-[:PART_OF*0..4]->(c:Place {level:'county'})
RETURN o.name AS organization, e.name AS event, c.name AS county
ORDER BY organization, event, county"""

SPARQL = """\
PREFIX schema: <https://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX kg: <https://kg.example.org/ns#>
SELECT ?organization ?event ?county WHERE {
  ?e dcterms:type/skos:prefLabel "主题党日"@zh ; schema:organizer ?o ; schema:location ?p .
  ?o a <http://www.w3.org/ns/org#Organization> ; schema:name ?o_name .
  ?p schema:containedInPlace* ?c .
  ?c kg:level "county" ; schema:name ?c_name .
  ?e schema:name ?e_name .
  BIND (STR(?o_name) AS ?organization)
  BIND (STR(?e_name) AS ?event)
  BIND (STR(?c_name) AS ?county)
}
ORDER BY ?organization ?event ?county"""

EXPECTED = [
    "吉木萨尔县社会福利中心党支部",
    "“党建聚力践初心、劳动种菜暖民心”主题党日活动",
    "吉木萨尔县",
]


def test_the_branchs_theme_party_day_reaches_its_county_in_every_store(
    seed_dir, empty_db, bolt_driver
):
    _, embedded = run_cypher(seed_dir / CYPHER_DB, CYPHER)
    assert EXPECTED in embedded
    _, rdf = run_sparql(seed_dir / SPARQL_STORE, SPARQL)
    assert rdf == embedded
    load_neo4j(
        seed_dir,
        empty_db.uri,
        empty_db.user,
        empty_db.password,
        database=empty_db.database,
    )
    records = bolt_driver.execute_query(CYPHER, database_=empty_db.database).records
    assert [list(r.values()) for r in records] == embedded
