// The hand-written side of the comparison: one statement per question, written for that question only
// the way someone who knows the graph would (anchored on an index, ordered and limited before fetching
// what the page shows, citations in the same statement). Parameterised like every statement in src/cypher;
// kept here because they are the benchmark's yardstick, not the product's queries.
import { cypher } from '../../src/db/executor.ts';

/** Citations of the Claim `c` in citation order, as {quote, source}. */
const CITATIONS = `COLLECT { MATCH (c)-[k:CITES]->(s:Source) RETURN {quote: k.quote, source: s.id} ORDER BY k.ordinal }`;

/** What the headline shows of each policy `p` of the page: issuers, targets, evidence with citations. */
const PAGE_FIELDS = `
RETURN p.id AS id, p.name AS name, p.type AS type, p.status AS status,
       p.whenStart AS start, p.whenPrecision AS precision,
       COLLECT { MATCH (a:Actor)-[:ISSUED]->(p) RETURN {id: a.id, name: a.name} ORDER BY a.name LIMIT 100 } AS issuers,
       COLLECT { MATCH (p)-[:TARGETS]->(e:Entity) RETURN {id: e.id, name: e.name} ORDER BY e.name LIMIT 25 } AS targets,
       COLLECT {
         MATCH (p)-[r:ISSUED|TARGETS]-(:Entity)
         WITH r ORDER BY type(r), r.id LIMIT 25
         MATCH (c:Claim {id: r.id})
         RETURN {id: c.id, type: c.type, citations: ${CITATIONS}}
       } AS evidence`;

/**
 * Policies targeting $target or a narrower technology, in date order (undated last), with issuers,
 * targets and evidence (ISSUED/TARGETS relationships and their citations). BROADER points narrower → broader.
 */
export const headline = cypher(
  'bench.raw.headline',
  `
MATCH (t:Entity {id: $target})
MATCH (x:Entity)-[:BROADER]->*(t)
MATCH (p:Policy)-[:TARGETS]->(x)
WITH DISTINCT p
ORDER BY p.whenStart, p.id
LIMIT $first
${PAGE_FIELDS}`,
);

/**
 * The same page for a broad target (a taxonomy root most policies fall under), written for that case:
 * walk policies in date order on the Policy(whenStart) index and stop at $first that target something
 * under $target, instead of collecting every matching policy and sorting them; undated ones (no index
 * can find a missing date) are looked for only when fewer than $first dated ones match.
 */
export const headlineBroad = cypher(
  'bench.raw.headlineBroad',
  `
MATCH (t:Entity {id: $target})
CALL (t) {
  MATCH (p:Policy) WHERE p.whenStart IS NOT NULL AND EXISTS { (p)-[:TARGETS]->(:Entity)-[:BROADER]->*(t) }
  WITH p ORDER BY p.whenStart, p.id LIMIT $first
  RETURN collect(p) AS dated
}
OPTIONAL CALL (t, dated) {
  UNWIND CASE WHEN size(dated) < $first THEN [t] ELSE [] END AS root
  MATCH (p:Policy) WHERE p.whenStart IS NULL AND EXISTS { (p)-[:TARGETS]->(:Entity)-[:BROADER]->*(root) }
  WITH p ORDER BY p.id LIMIT $first
  RETURN collect(p) AS undated
}
UNWIND (dated + coalesce(undated, []))[..$first] AS p
${PAGE_FIELDS}`,
);

export const headlineCount = cypher(
  'bench.raw.headlineCount',
  `
MATCH (t:Entity {id: $target})
MATCH (x:Entity)-[:BROADER]->*(t)
MATCH (p:Policy)-[:TARGETS]->(x)
RETURN count(DISTINCT p) AS total`,
);

/**
 * An entity with its first $first relationships (by id, both directions), endpoints and citations. The
 * page is read from the Claim (fromId, id) and (toId, id) indexes in id order, each stream cut at $first,
 * so a hub with a hundred thousand relationships costs what a small entity does; the total is its degree.
 */
export const entityPage = cypher(
  'bench.raw.entityPage',
  `
MATCH (n:Entity {id: $id})
CALL (n) {
  CALL (n) {
    MATCH (c:Claim) USING INDEX c:Claim(fromId, id) WHERE c.fromId = n.id AND c.id IS NOT NULL
    WITH c ORDER BY c.fromId, c.id LIMIT $first RETURN c
    UNION
    MATCH (c:Claim) USING INDEX c:Claim(toId, id) WHERE c.toId = n.id AND c.id IS NOT NULL
    WITH c ORDER BY c.toId, c.id LIMIT $first RETURN c
  }
  WITH c ORDER BY c.id LIMIT $first
  MATCH (a:Entity {id: c.fromId}), (b:Entity {id: c.toId})
  RETURN collect({id: c.id, type: c.type, from: {id: a.id, name: a.name}, to: {id: b.id, name: b.name},
                  independentSources: c.independentSources, citations: ${CITATIONS}}) AS relationships
}
RETURN n.id AS id, n.name AS name, [l IN labels(n) WHERE l <> 'Entity'][0] AS kind, n.aliases AS aliases,
       n.description AS description, COUNT { (n)-[]-(:Entity) } AS total, relationships`,
);

/**
 * Ranked full-text search as the API ranks it, in its two passes: exact words and prefixes ($query), then
 * the typo-tolerant query ($fuzzy) only when the first does not fill the page, its hits after. Within a
 * pass, an entity whose name or alias equals the folded text ($key) first, then by score and id, among
 * the index's best 500 candidates.
 */
export const search = cypher(
  'bench.raw.search',
  `
CALL () {
  CALL db.index.fulltext.queryNodes('entity_names', $query) YIELD node, score
  WITH node, score LIMIT 500
  WITH node ORDER BY $key IN node.nameKeys DESC, score DESC, node.id LIMIT $first
  RETURN collect(node) AS first
}
OPTIONAL CALL (first) {
  WITH first WHERE size(first) < $first
  CALL db.index.fulltext.queryNodes('entity_names', $fuzzy) YIELD node, score
  WITH node, score LIMIT 500
  WHERE NOT node IN first
  WITH node ORDER BY $key IN node.nameKeys DESC, score DESC, node.id LIMIT $first
  RETURN collect(node) AS more
}
UNWIND first + coalesce(more, []) AS node
WITH node LIMIT $first
RETURN node.id AS id, node.name AS name, [l IN labels(node) WHERE l <> 'Entity'][0] AS kind`,
);

/** The first $first rows of the edge table in id order (the Claim id index gives the order). */
export const edgeTable = cypher(
  'bench.raw.edgeTable',
  `
MATCH (c:Claim) WHERE c.id IS NOT NULL
WITH c ORDER BY c.id LIMIT $first
RETURN c.id AS id, c.type AS type, c.fromId AS fromId, c.toId AS toId,
       c.independentSources AS independentSources, ${CITATIONS} AS citations`,
);

/**
 * The candidate connections the API chooses its paths from: the 40 shortest trails of at most 4 hops
 * (GQL SHORTEST, a bidirectional search), each hop with its evidence count and citations, so the answer
 * needs no second round trip. The caller ranks and picks routes with the API's own pure function
 * (src/repository/path-choice.ts), as an application using the driver would.
 */
export const pathCandidates = cypher(
  'bench.raw.pathCandidates',
  `
MATCH p = SHORTEST 40 (a:Entity {id: $from}) (()-[r]-(x:Entity)){1,4} (z:Entity {id: $to})
RETURN [n IN nodes(p) | n.id] AS nodeIds, [n IN nodes(p) | n.named IS NULL OR n.named <> false] AS named,
       [h IN relationships(p) | {
         id: h.id, type: type(h), fromId: startNode(h).id, independentSources: coalesce(h.independentSources, 0),
         citations: COLLECT { MATCH (c:Claim {id: h.id})-[k:CITES]->(s:Source) RETURN {quote: k.quote, source: s.id} ORDER BY k.ordinal }
       }] AS hops`,
);

/**
 * The entity ids a timeline of $hub covers, as the API defines them: the entity itself and, for a
 * country or a government body, the country's government bodies and the people affiliated with them.
 */
const INVOLVED = `
MATCH (h:Entity {id: $hub})
WITH h, CASE WHEN h:Country THEN h.id WHEN h:Actor AND h.type IN $governmentTypes THEN h.country END AS country
OPTIONAL CALL (country) {
  MATCH (g:Actor) WHERE g.country = country AND g.type IN $governmentTypes
  OPTIONAL MATCH (o:Actor)-[:AFFILIATED_WITH]->(g)
  RETURN collect(DISTINCT g.id) + collect(DISTINCT o.id) AS bodies
}
WITH [h.id] + coalesce(bodies, []) AS ids`;

export const involvedIds = cypher('bench.raw.involvedIds', `${INVOLVED} UNWIND ids AS id RETURN DISTINCT id`);

/**
 * A timeline page of $hub: policies linked to any involved entity (or one itself) and dated
 * relationships that start or end at one, oldest first, policies before relationships on a day, then by
 * id; undated policies last (as the API lists them).
 */
export const timeline = cypher(
  'bench.raw.timeline',
  `${INVOLVED}
CALL (ids) {
  UNWIND ids AS id
  MATCH (x:Entity {id: id})
  CALL (x) {
    MATCH (x)--(p:Policy) RETURN p
    UNION
    WITH x WHERE x:Policy RETURN x AS p
  }
  WITH DISTINCT p
  RETURN p.whenStart AS start, p.whenEnd AS end, 'policy:' + p.id AS key, p.whenPrecision AS precision,
         {id: p.id, name: p.name} AS policy, null AS relationship
  UNION
  UNWIND ids AS id
  CALL (id) {
    MATCH (c:Claim {fromId: id}) WHERE c.whenStart IS NOT NULL RETURN c
    UNION
    MATCH (c:Claim {toId: id}) WHERE c.whenStart IS NOT NULL RETURN c
  }
  WITH DISTINCT c
  RETURN c.whenStart AS start, c.whenEnd AS end, 'relationship:' + c.id AS key, c.whenPrecision AS precision, null AS policy,
         {id: c.id, type: c.type, from: {id: c.fromId, name: c.fromName}, to: {id: c.toId, name: c.toName}} AS relationship
}
RETURN start, end, key, precision, policy, relationship
ORDER BY start, key
LIMIT $first`,
);

/**
 * The same page for a large entity set (a hub country with thousands of officials): walk every event in
 * date order on the timeline keys' indexes (Policy.eventKey "<day>|policy:<id>", Claim.relKey
 * "<day>|relationship:<id>", which order exactly as \`start, key\` above) and keep those involving $ids,
 * stopping at $first — instead of gathering all of the set's events to sort them.
 */
export const timelineWalk = cypher(
  'bench.raw.timelineWalk',
  `
CALL () {
  MATCH (p:Policy) WHERE p.eventKey > '' AND (p.id IN $ids OR EXISTS { (p)--(y:Entity) WHERE y.id IN $ids })
  WITH p ORDER BY p.eventKey LIMIT $first
  RETURN p.eventKey AS order, p.whenStart AS start, p.whenEnd AS end, 'policy:' + p.id AS key, p.whenPrecision AS precision,
         {id: p.id, name: p.name} AS policy, null AS relationship
  UNION
  MATCH (c:Claim) WHERE c.relKey > '' AND (c.fromId IN $ids OR c.toId IN $ids)
  WITH c ORDER BY c.relKey LIMIT $first
  RETURN c.relKey AS order, c.whenStart AS start, c.whenEnd AS end, 'relationship:' + c.id AS key, c.whenPrecision AS precision, null AS policy,
         {id: c.id, type: c.type, from: {id: c.fromId, name: c.fromName}, to: {id: c.toId, name: c.toName}} AS relationship
}
RETURN start, end, key, precision, policy, relationship
ORDER BY order
LIMIT $first`,
);

/** Ids of the technology $target and every narrower one (what @neo4j/graphql is given instead of a name). */
export const withNarrower = cypher(
  'bench.raw.withNarrower',
  `
MATCH (t:Entity {id: $target})
MATCH (x:Entity)-[:BROADER]->*(t)
RETURN DISTINCT x.id AS id`,
);
