// Entities: by id, name resolution through the full-text index, search, taxonomy, government bodies.
import { cypher } from '../db/executor.ts';
import { FULLTEXT_INDEX } from './schema.ts';

export const entitiesByIds = cypher(
  'entities.byIds',
  `
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n`,
);

/**
 * Entities whose id is $text, or whose name or an alias equals $key (folded: lower case, plain quotes,
 * single spaces — see `nameKeys` in src/seed/write-graph.ts). The full-text index finds candidates by
 * phrase; the exact comparison happens here, so the index's tokenising cannot widen the match.
 */
export const entitiesByName = cypher(
  'entities.byName',
  `
CALL () {
  MATCH (n:Entity {id: $text}) RETURN n
  UNION
  CALL db.index.fulltext.queryNodes('${FULLTEXT_INDEX}', $phrase) YIELD node
  WITH node AS n LIMIT 200
  WHERE $key IN n.nameKeys
  RETURN n
}
WITH n WHERE $labels IS NULL OR any(l IN labels(n) WHERE l IN $labels)
RETURN n`,
);

/** Ranked full-text search over names and aliases ($query is an escaped Lucene query). */
export const searchEntities = cypher(
  'entities.search',
  `
CALL db.index.fulltext.queryNodes('${FULLTEXT_INDEX}', $query) YIELD node, score
WITH node, score WHERE $labels IS NULL OR any(l IN labels(node) WHERE l IN $labels)
RETURN node AS n, score
ORDER BY score DESC, n.id
LIMIT $limit`,
);

/** The technologies and every narrower one below them (BROADER edges point narrower → broader). */
export const withNarrower = cypher(
  'entities.withNarrower',
  `
UNWIND $ids AS id
MATCH (t:Entity {id: id})
OPTIONAL MATCH (n:Technology)-[:BROADER]->+(t)
WITH collect(DISTINCT t.id) + collect(DISTINCT n.id) AS ids
UNWIND ids AS id
RETURN DISTINCT id`,
);

/**
 * Government bodies (actors of type government or agency) of the same country: for a country, its
 * own; for a government or agency, its country's; for anything else, none. With $withOfficials, also
 * the people and bodies AFFILIATED_WITH them (a president, a secretary, an official).
 */
export const governmentBodies = cypher(
  'entities.governmentBodies',
  `
UNWIND $ids AS key
MATCH (x:Entity {id: key})
WITH key, CASE WHEN x:Country THEN x.id WHEN x:Actor AND x.type IN $governmentTypes THEN x.country END AS country
MATCH (a:Actor) WHERE a.country = country AND a.type IN $governmentTypes
OPTIONAL MATCH (official:Actor)-[:AFFILIATED_WITH]->(a) WHERE $withOfficials
WITH key, collect(DISTINCT a) + collect(DISTINCT official) AS actors
UNWIND actors AS n
WITH DISTINCT key, n
RETURN key, n
ORDER BY key, n.id`,
);

export const broaderOf = cypher(
  'entities.broader',
  `
UNWIND $ids AS id
MATCH (:Technology {id: id})-[:BROADER]->(b:Technology)
RETURN id AS key, b AS n ORDER BY b.name`,
);

export const narrowerOf = cypher(
  'entities.narrower',
  `
UNWIND $ids AS id
MATCH (:Technology {id: id})<-[:BROADER]-(b:Technology)
RETURN id AS key, b AS n ORDER BY b.name`,
);
