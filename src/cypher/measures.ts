// Policies filtered the way analysts ask ("which measures target AI chips?"), in date order, keyset-paged.
// Every filter is a parameter; a null parameter means "no filter".
import { cypher } from '../db/executor.ts';
import { UNDATED } from './fragments.ts';

const FILTER = `
MATCH (p:Policy)
WHERE ($targetIds IS NULL OR EXISTS { MATCH (p)-[:TARGETS]->(t:Entity) WHERE t.id IN $targetIds })
  AND ($promotingIds IS NULL OR EXISTS { MATCH (p)-[:PROMOTES]->(t:Entity) WHERE t.id IN $promotingIds })
  AND ($issuerIds IS NULL OR EXISTS { MATCH (a:Entity)-[:ISSUED|PARTY_TO]->(p) WHERE a.id IN $issuerIds })
  AND ($statuses IS NULL OR p.status IN $statuses)
  AND ($types IS NULL OR p.type IN $types)
  AND ($from IS NULL OR p.whenEnd >= $from)
  AND ($to IS NULL OR p.whenStart <= $to)`;

export const measuresPage = cypher(
  'measures.page',
  `${FILTER}
WITH p, coalesce(p.whenStart, ${UNDATED}) AS sortDate
WHERE $afterDate IS NULL OR sortDate > $afterDate OR (sortDate = $afterDate AND p.id > $afterId)
RETURN p AS n, sortDate
ORDER BY sortDate, p.id
LIMIT $limit`,
);

export const measuresCount = cypher(
  'measures.count',
  `${FILTER}
RETURN count(p) AS total`,
);

/** Policies issued by or with the participation of each actor (Actor.measures), a keyset page each. */
export const measuresOfActors = cypher(
  'measures.ofActors',
  `
UNWIND $ids AS key
MATCH (a:Entity {id: key})
CALL (a) {
  MATCH (a)-[:ISSUED|PARTY_TO]->(p:Policy)
  WITH DISTINCT p, coalesce(p.whenStart, ${UNDATED}) AS sortDate
  WHERE $afterDate IS NULL OR sortDate > $afterDate OR (sortDate = $afterDate AND p.id > $afterId)
  RETURN p, sortDate ORDER BY sortDate, p.id LIMIT $limit
}
RETURN key, p AS n, sortDate
ORDER BY key, sortDate, p.id`,
);

export const measuresOfActorsCount = cypher(
  'measures.ofActorsCount',
  `
UNWIND $ids AS key
MATCH (a:Entity {id: key})
RETURN key, COUNT { MATCH (a)-[:ISSUED|PARTY_TO]->(p:Policy) RETURN DISTINCT p } AS total`,
);
