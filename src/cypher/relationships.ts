// Relationships: by id, the flat edge table, per-entity pages, citations, and a policy's neighbours.
// Relationship rows come from the Claim node (one per relationship) plus the domain edge's properties.
import { cypher } from '../db/executor.ts';
import { RELATIONSHIP_ROW } from './fragments.ts';

export const relationshipsByIds = cypher(
  'relationships.byIds',
  `
UNWIND $ids AS wanted
MATCH (c:Claim {id: wanted})
CALL (c) {${RELATIONSHIP_ROW}
}
RETURN id, type, fromId, toId, independentSources, sourceCount, props`,
);

const TABLE_FILTER = `
MATCH (c:Claim)
WHERE ($types IS NULL OR c.type IN $types)
  AND ($from IS NULL OR c.fromId = $from)
  AND ($to IS NULL OR c.toId = $to)
  AND ($minSources IS NULL OR c.independentSources >= $minSources)
  AND ($maxSources IS NULL OR c.independentSources <= $maxSources)
  AND ($source IS NULL OR EXISTS { (c)-[:CITES]->(:Source {id: $source}) })`;

/** A keyset page of the edge table, ordered by relationship id. */
export const relationshipTable = cypher(
  'relationships.table',
  `${TABLE_FILTER}
  AND ($after IS NULL OR c.id > $after)
WITH c ORDER BY c.id LIMIT $limit
CALL (c) {${RELATIONSHIP_ROW}
}
RETURN id, type, fromId, toId, independentSources, sourceCount, props
ORDER BY id`,
);

export const relationshipTableCount = cypher(
  'relationships.tableCount',
  `${TABLE_FILTER}
RETURN count(c) AS total`,
);

/** Relationships of many entities at once (one round trip per list), a keyset page each. */
function entityPage(pattern: string, direction: string) {
  return cypher(
    `relationships.ofEntity.${direction}`,
    `
UNWIND $ids AS key
MATCH (n:Entity {id: key})
CALL (n) {
  MATCH ${pattern}
  WHERE ($types IS NULL OR type(r) IN $types) AND ($after IS NULL OR r.id > $after)
  RETURN r.id AS relId ORDER BY relId LIMIT $limit
}
MATCH (c:Claim {id: relId})
CALL (c) {${RELATIONSHIP_ROW}
}
RETURN key, id, type, fromId, toId, independentSources, sourceCount, props
ORDER BY key, id`,
  );
}

function entityCount(pattern: string, direction: string) {
  return cypher(
    `relationships.countOfEntity.${direction}`,
    `
UNWIND $ids AS key
MATCH (n:Entity {id: key})
RETURN key, COUNT { MATCH ${pattern} WHERE $types IS NULL OR type(r) IN $types } AS total`,
  );
}

const PATTERNS = {
  OUT: '(n)-[r]->(:Entity)',
  IN: '(n)<-[r]-(:Entity)',
  BOTH: '(n)-[r]-(:Entity)',
} as const;
export type Direction = keyof typeof PATTERNS;

export const entityRelationships: Record<Direction, ReturnType<typeof cypher>> = {
  OUT: entityPage(PATTERNS.OUT, 'out'),
  IN: entityPage(PATTERNS.IN, 'in'),
  BOTH: entityPage(PATTERNS.BOTH, 'both'),
};

export const entityRelationshipCounts: Record<Direction, ReturnType<typeof cypher>> = {
  OUT: entityCount(PATTERNS.OUT, 'out'),
  IN: entityCount(PATTERNS.IN, 'in'),
  BOTH: entityCount(PATTERNS.BOTH, 'both'),
};

/** Citations of many relationships, in citation order, with their sources inline. */
export const citationsOf = cypher(
  'relationships.citations',
  `
UNWIND $ids AS key
MATCH (:Claim {id: key})-[k:CITES]->(s:Source)
RETURN key, k.quote AS quote, k.paragraph AS paragraph, k.offset AS offset,
       k.mentionsFrom AS mentionsFrom, k.mentionsTo AS mentionsTo, s AS source
ORDER BY key, k.ordinal`,
);

/** Relationships (ids) of many policies, both directions, optionally of some types only. */
export const policyEvidence = cypher(
  'relationships.policyEvidence',
  `
UNWIND $ids AS key
MATCH (p:Policy {id: key})
CALL (p) {
  MATCH (p)-[r]-(:Entity)
  WHERE $types IS NULL OR type(r) IN $types
  RETURN r.id AS relId ORDER BY type(r), relId LIMIT $limit
}
MATCH (c:Claim {id: relId})
CALL (c) {${RELATIONSHIP_ROW}
}
RETURN key, id, type, fromId, toId, independentSources, sourceCount, props`,
);

/** Entities linked to many policies through one relationship type (issuers, parties, targets, promotions). */
export const policyNeighbours = cypher(
  'relationships.policyNeighbours',
  `
UNWIND $ids AS key
MATCH (p:Policy {id: key})
CALL (p) {
  MATCH (p)-[r]-(m:Entity)
  WHERE type(r) = $type AND ((startNode(r) = p) = ($direction = 'OUT'))
  RETURN m ORDER BY m.name LIMIT $limit
}
RETURN key, m AS n`,
);

/** What each of several sources supports (Source.relationships), a keyset page each. */
export const sourceRelationships = cypher(
  'relationships.ofSource',
  `
UNWIND $ids AS key
MATCH (s:Source {id: key})
CALL (s) {
  MATCH (s)<-[:CITES]-(c:Claim)
  WHERE $after IS NULL OR c.id > $after
  WITH DISTINCT c ORDER BY c.id LIMIT $limit
  RETURN c
}
CALL (c) {${RELATIONSHIP_ROW}
}
RETURN key, id, type, fromId, toId, independentSources, sourceCount, props
ORDER BY key, id`,
);

export const sourceRelationshipCounts = cypher(
  'relationships.countOfSource',
  `
UNWIND $ids AS key
MATCH (s:Source {id: key})
RETURN key, COUNT { MATCH (s)<-[:CITES]-(c:Claim) RETURN DISTINCT c } AS total`,
);
