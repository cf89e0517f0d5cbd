// Statements of the seed loader. Each takes a batch ($rows) and is idempotent: MERGE on stable ids,
// then replace the properties. Kind labels and relationship types arrive as parameters and are used
// through Cypher's dynamic labels ($(...)), after validate-seed.ts has checked them against the ontology.
import { cypher } from '../db/executor.ts';

export const upsertSources = cypher(
  'seed.upsertSources',
  `
UNWIND $rows AS row
MERGE (s:Source {id: row.id})
SET s = row.props
`,
);

export const upsertEntities = cypher(
  'seed.upsertEntities',
  `
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n = row.props
REMOVE n:$($kindLabels)
SET n:$(row.kind)
`,
);

export const upsertEdges = cypher(
  'seed.upsertEdges',
  `
UNWIND $rows AS row
MATCH (a:Entity {id: row.from}), (b:Entity {id: row.to})
MERGE (a)-[r:$(row.type) {id: row.id}]->(b)
SET r = row.props
`,
);

export const upsertClaims = cypher(
  'seed.upsertClaims',
  `
UNWIND $rows AS row
MERGE (c:Claim {id: row.id})
SET c = row.props
`,
);

export const upsertCitations = cypher(
  'seed.upsertCitations',
  `
UNWIND $rows AS row
MATCH (c:Claim {id: row.claimId}), (s:Source {id: row.sourceId})
MERGE (c)-[k:CITES {ordinal: row.props.ordinal}]->(s)
SET k = row.props
`,
);

/** Removes what an earlier seed wrote and the data no longer has (only `origin: 'seed'` items). */
export const pruneCitations = cypher(
  'seed.pruneCitations',
  `
MATCH (c:Claim {origin: 'seed'})-[k:CITES]->(s:Source)
WHERE NOT c.id + '#' + toString(k.ordinal) + '@' + s.id IN $keys
DELETE k
`,
);

export const pruneEdges = cypher(
  'seed.pruneEdges',
  `
MATCH (:Entity)-[r]->(:Entity)
WHERE r.origin = 'seed' AND NOT r.id IN $ids
DELETE r
`,
);

export const pruneNodes = cypher(
  'seed.pruneNodes',
  `
MATCH (n {origin: 'seed'})
WHERE (n:Entity OR n:Source OR n:Claim) AND NOT n.id IN $ids
DETACH DELETE n
`,
);

/** The fingerprint of the last seed written (rows and statements), so an unchanged seed is not rewritten. */
export const readSeedState = cypher('seed.readState', `MATCH (s:SeedState {id: 'seed'}) RETURN s.fingerprint AS fingerprint`);

export const writeSeedState = cypher(
  'seed.writeState',
  `MERGE (s:SeedState {id: 'seed'}) SET s.fingerprint = $fingerprint`,
);
