// Statements that read the store into Neo4j's page cache before the service says it is ready (issue 24:
// "readiness is warmth"). A query's first touch of a page the cache does not hold costs a read from the
// file: on M after a restart the narrow headline took 0.1–1.1 s against 30–50 ms warm, nearly all of it in
// Neo4j. Neo4j Community has no page cache warm-up of its own (Enterprise reloads a profile), so these do
// what its knowledge base suggests: touch every record and every index entry once, in bounded batches.
import { cypher, type CypherQuery } from '../db/executor.ts';

const SAFE_NAME = /^[A-Za-z][A-Za-z_]*$/;

/** How many records are in the store (count store: no scan). */
export const storeCounts = cypher('warm.counts', 'RETURN COUNT { (n) } AS nodes, COUNT { ()-[r]->() } AS relationships');

/**
 * The highest node id in use: a scan of the node store's records only (9 MB on M), which the warm-up
 * reads anyway. Ids are positions, reused after deletions: a small graph loaded after a large one is
 * spread over the large one's positions, so the count does not bound them.
 */
export const topNodeId = cypher('warm.topNodeId', 'MATCH (n) RETURN max(id(n)) AS top');
/** The same for relationships (the relationship store's records, 45 MB on M). */
export const topRelationshipId = cypher('warm.topRelationshipId', 'MATCH ()-[r]->() RETURN max(id(r)) AS top');

/**
 * Nodes with internal ids in [$from, $to): each node record, its labels and every property value (long
 * strings and arrays live in their own store files). An id seek per id: a batch costs its own size,
 * whatever the store's. (`id()` is deprecated in Neo4j 5 but is the only way to address records by
 * position; nothing else in the service uses it.)
 */
export const warmNodes = cypher(
  'warm.nodes',
  'UNWIND range($from, $to - 1) AS i MATCH (n) WHERE id(n) = i RETURN count(n) AS seen, sum(size(keys(properties(n)))) AS values',
);

/** The same for relationships (with their properties: the citations' quotes). */
export const warmRelationships = cypher(
  'warm.relationships',
  'UNWIND range($from, $to - 1) AS i MATCH ()-[r]->() WHERE id(r) = i RETURN count(r) AS seen, sum(size(keys(properties(r)))) AS values',
);

/** The range indexes that exist, to be scanned (the names are checked against the schema's own before use). */
export const rangeIndexes = cypher(
  'warm.indexes',
  "SHOW RANGE INDEXES YIELD name, entityType, labelsOrTypes, properties, state WHERE state = 'ONLINE' RETURN name, entityType, labelsOrTypes, properties",
);

export interface IndexToWarm {
  name: string;
  entityType: 'NODE' | 'RELATIONSHIP';
  labelOrType: string;
  properties: string[];
}

/**
 * A scan of every entry of one range index (an index-only count: no record is read). The label or type
 * and the properties come from SHOW INDEXES, restricted by the caller to the schema's own index names, and
 * are checked against a strict pattern before they reach the text.
 */
export function scanIndex(index: IndexToWarm): CypherQuery {
  for (const name of [index.labelOrType, ...index.properties]) {
    if (!SAFE_NAME.test(name)) throw new Error(`refusing to use '${name}' as a label, type or property in a warm-up scan`);
  }
  if (index.properties.length === 0) throw new Error(`index ${index.name} has no properties`);
  const v = index.entityType === 'NODE' ? 'n' : 'r';
  const pattern = index.entityType === 'NODE' ? `(n:${index.labelOrType})` : `()-[r:${index.labelOrType}]->()`;
  const present = index.properties.map((p) => `${v}.${p} IS NOT NULL`).join(' AND ');
  return cypher(
    `warm.index.${index.name}`,
    `MATCH ${pattern} USING INDEX ${v}:${index.labelOrType}(${index.properties.join(', ')}) WHERE ${present} RETURN count(*) AS seen`,
  );
}
