// Statements of the write path (src/seed/write-graph.ts). Each takes one batch ($rows) and is
// idempotent: nodes MERGE on their id and get their properties replaced (SET =); a relationship is
// created only when its Claim does not exist yet, else updated. Kind labels are spelled into the text
// from the ontology (checked against a strict pattern), one statement per kind; relationship types
// arrive as parameters checked against the ontology (src/seed/check-graph-input.ts) and are used only
// in CREATE (see docs/decisions/0007-write-path-and-versions.md for the measurements behind this).
import { cypher, type CypherQuery } from '../db/executor.ts';
import type { Ontology } from '../ontology/ontology.ts';

const SAFE_NAME = /^[A-Za-z][A-Za-z_]*$/;

function safe(name: string): string {
  if (!SAFE_NAME.test(name)) throw new Error(`refusing to use '${name}' as a label or type in Cypher`);
  return name;
}

export const upsertSources = cypher(
  'seed.upsertSources',
  `
UNWIND $rows AS row
MERGE (s:Source {id: row.id})
SET s = row.props
`,
);

/**
 * One statement per entity kind: MERGE on the Entity id, replace properties, set this kind's label and
 * drop the others. An entity a reviewed change wrote (`curatedSeq`: an edit or a merge's new aliases,
 * src/curation/) is left as the API left it, as curated relationships are: a reseed never undoes a review.
 * Nor does it bring back an entity a reviewed merge retired (:MergedEntity, src/cypher/curation-merges.ts)
 * while the files still hold it: its row is skipped (a unique-constraint seek), and so, finding no
 * endpoint, are its relationships — which the merge retracted.
 */
function upsertEntities(kind: string, allKinds: readonly string[]): CypherQuery {
  const others = allKinds.filter((k) => k !== kind).map(safe);
  return cypher(
    `seed.upsertEntities.${kind}`,
    `
UNWIND $rows AS row
OPTIONAL MATCH (merged:MergedEntity {id: row.id})
WITH row WHERE merged IS NULL
MERGE (n:Entity {id: row.id})
WITH n, row WHERE n.curatedSeq IS NULL
SET n = row.props
${others.length > 0 ? `REMOVE n:${others.join(':')}\n` : ''}SET n:${safe(kind)}
`,
  );
}

/** Into a graph that held no loader-owned item when the load began: every source is new. */
export const createSources = cypher(
  'seed.createSources',
  `
UNWIND $rows AS row
CREATE (s:Source)
SET s = row.props
`,
);

/** Into a graph that held no loader-owned item: every entity is new (a load never holds an id twice). */
function createEntities(kind: string): CypherQuery {
  return cypher(
    `seed.createEntities.${kind}`,
    `
UNWIND $rows AS row
CREATE (n:Entity:${safe(kind)})
SET n = row.props
`,
  );
}

/** Rows of relationships the API retracted or changed are dropped (both look-ups are unique-constraint seeks). */
const CURATED_GUARD = `OPTIONAL MATCH (retracted:RetractedClaim {id: row.id})
WITH a, b, row, existing WHERE retracted IS NULL AND (existing IS NULL OR existing.curatedSeq IS NULL)
`;

/**
 * Writes one new relationship of \`row\` between \`a\` and \`b\`: the domain edge, its Claim (the edge's
 * properties plus its own) and its CITES. Shared by both write statements below.
 */
const CREATE_RELATIONSHIP = `CREATE (a)-[r:$(row.type)]->(b)
SET r = row.edge
CREATE (c:Claim)
SET c = coalesce(row.claimAll, row.edge)
SET c += row.claim
WITH c, row
UNWIND row.cites AS cite
MATCH (s:Source {id: cite.source})
CREATE (c)-[k:CITES]->(s)
SET k = cite.props`;

/**
 * A batch of relationships of any types, with everything that belongs to them, in one statement:
 * the domain edge, its Claim (the edge's properties plus its own, `row.claim`; or `row.claimAll` when
 * it would not carry them all) and its CITES. The loader writes an edge and its Claim in one
 * transaction, so the Claim's id index (a seek) says whether the edge exists:
 * - new: CREATE the edge, the Claim and the CITES. The type is dynamic only in CREATE, which costs a
 *   token look-up; in MERGE or MATCH it would hide the type (and so its id index) from the planner;
 * - existing: replace the properties (SET =), find the edge between its two endpoints, delete the
 *   citations the row no longer has and MERGE the others by ordinal.
 * A relationship that a reviewed change through the API retracted (:RetractedClaim) or changed
 * (`curatedSeq`, src/curation/) is left as the API left it: a reseed never undoes a reviewed change.
 */
export const upsertRelationships = cypher('seed.upsertRelationships', upsertText(CURATED_GUARD));

/**
 * The API's write of one accepted relationship (src/curation/apply-change.ts): the loader's statement
 * without the guard above, so that both write the same edge, Claim and CITES from the same rows.
 */
/**
 * An acceptance's write of one relationship (src/curation/apply-change.ts): the same statement, which
 * then returns the relationship as stored (its Claim's properties and citations) for the change log —
 * no second round trip to read back what was just written. `curatedSeq` travels in the row's Claim props.
 */
export const curatedUpsertRelationship = cypher(
  'curation.upsertRelationship',
  `${upsertText('')}
WITH DISTINCT row
MATCH (c:Claim {id: row.id})
RETURN properties(c) AS props, [(c)-[k:CITES]->(s:Source) | {source: s.id, props: properties(k)}] AS cites
`,
);

function upsertText(guard: string): string {
  return `
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Entity {id: row.to})
OPTIONAL MATCH (existing:Claim {id: row.id})
${guard}CALL (a, b, row, existing) {
  WITH * WHERE existing IS NULL
  ${CREATE_RELATIONSHIP}
}
CALL (a, b, row, existing) {
  WITH * WHERE existing IS NOT NULL
  SET existing = coalesce(row.claimAll, row.edge)
  SET existing += row.claim
  WITH *
  OPTIONAL MATCH (a)-[old]->(b) WHERE old.id = row.id
  CALL (a, b, row, old) {
    WITH * WHERE old IS NULL
    CREATE (a)-[r:$(row.type)]->(b)
    SET r = row.edge
  }
  CALL (row, old) {
    WITH * WHERE old IS NOT NULL
    SET old = row.edge
  }
  WITH existing AS c, row
  CALL (c, row) {
    MATCH (c)-[k:CITES]->(s:Source)
    WHERE NOT [s.id, k.ordinal] IN [cite IN row.cites | [cite.source, cite.props.ordinal]]
    DELETE k
  }
  WITH c, row
  UNWIND row.cites AS cite
  MATCH (s:Source {id: cite.source})
  MERGE (c)-[k:CITES {ordinal: cite.props.ordinal}]->(s)
  SET k = cite.props
}
`;
}

/**
 * The same batch into a graph that held no loader-owned item when the load began: every relationship
 * is new (a load never holds an id twice), so no look-up, no subqueries — 7% less database time than
 * upsertRelationships on a generated graph (docs/decisions/0007-write-path-and-versions.md).
 */
export const createRelationships = cypher(
  'seed.createRelationships',
  `
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Entity {id: row.to})
${CREATE_RELATIONSHIP}
`,
);

export interface WriteStatements {
  upsertSources: CypherQuery;
  upsertEntities: ReadonlyMap<string, CypherQuery>;
  createSources: CypherQuery;
  createEntities: ReadonlyMap<string, CypherQuery>;
  upsertRelationships: CypherQuery;
  createRelationships: CypherQuery;
}

/** The write statements for this ontology's kinds (relationship types arrive as checked parameters). */
export function writeStatements(ontology: Ontology): WriteStatements {
  return {
    upsertSources,
    upsertEntities: new Map(ontology.entityKinds.map((kind) => [kind, upsertEntities(kind, ontology.entityKinds)])),
    createSources,
    createEntities: new Map(ontology.entityKinds.map((kind) => [kind, createEntities(kind)])),
    upsertRelationships,
    createRelationships,
  };
}

// --- What the graph holds that a load does not (the prune plan) --------------------------------
// Keyset pages over each id index, in id order, of items the loader owns (origin in $origins).

export const loaderItemsPresent = cypher(
  'seed.loaderItemsPresent',
  `
RETURN EXISTS { MATCH (n:Entity) WHERE n.origin IN $origins } AS entities,
       EXISTS { MATCH (n:Source) WHERE n.origin IN $origins } AS sources,
       EXISTS { MATCH (n:Claim) WHERE n.origin IN $origins } AS claims
`,
);

export const entityIdsPage = cypher(
  'seed.entityIdsPage',
  `MATCH (n:Entity) WHERE n.id > $after AND n.origin IN $origins RETURN n.id AS id ORDER BY n.id LIMIT $limit`,
);

export const sourceIdsPage = cypher(
  'seed.sourceIdsPage',
  `MATCH (n:Source) WHERE n.id > $after AND n.origin IN $origins RETURN n.id AS id ORDER BY n.id LIMIT $limit`,
);

export const claimIdsPage = cypher(
  'seed.claimIdsPage',
  `MATCH (n:Claim) WHERE n.id > $after AND n.origin IN $origins RETURN n.id AS id ORDER BY n.id LIMIT $limit`,
);

// --- Pruning, in batches of ids, after the load has written everything it holds ------------------

/** A relationship: its Claim (with its CITES) and its domain edge (same id, between the Claim's endpoints). */
export const pruneRelationships = cypher(
  'seed.pruneRelationships',
  `
UNWIND $ids AS id
MATCH (c:Claim {id: id})
OPTIONAL MATCH (:Entity {id: c.fromId})-[r {id: id}]->(:Entity {id: c.toId})
DELETE r
DETACH DELETE c
`,
);

export const pruneEntities = cypher('seed.pruneEntities', `UNWIND $ids AS id MATCH (n:Entity {id: id}) DETACH DELETE n`);

/**
 * Of `$ids`, the entities that a relationship the loader does not own (made through the API) connects:
 * a prune keeps them (deleting one would cut an accepted change's edge). Anchored on the id index.
 */
export const entitiesUsedByOthers = cypher(
  'seed.entitiesUsedByOthers',
  `
UNWIND $ids AS id
MATCH (n:Entity {id: id})
WHERE EXISTS { MATCH (n)-[r]-(:Entity) MATCH (c:Claim {id: r.id}) WHERE NOT c.origin IN $origins }
RETURN n.id AS id
`,
);

/** Of `$ids`, the sources that a claim the loader does not own cites (live or retracted): a prune keeps them. */
export const sourcesUsedByOthers = cypher(
  'seed.sourcesUsedByOthers',
  `
UNWIND $ids AS id
MATCH (n:Source {id: id})
WHERE EXISTS { MATCH (c)-[:CITES]->(n) WHERE NOT c.origin IN $origins }
RETURN n.id AS id
`,
);

export const pruneSources = cypher('seed.pruneSources', `UNWIND $ids AS id MATCH (n:Source {id: id}) DETACH DELETE n`);

/** The bookkeeping node of loads before GraphState (docs/decisions/0007): removed by the first load. */
export const dropLegacySeedState = cypher('seed.dropLegacySeedState', `MATCH (s:SeedState) DELETE s`);

// --- After an offline import (src/seed/bulk/) ---------------------------------------------------

/**
 * Node properties that are empty lists, set after an offline import (an import field cannot hold an
 * empty list): `$rows` of `{id, props}`, one statement per structural label.
 */
export const restoreEmptyLists = {
  Source: cypher('seed.restoreEmptyLists.Source', 'UNWIND $rows AS row MATCH (n:Source {id: row.id}) SET n += row.props'),
  Entity: cypher('seed.restoreEmptyLists.Entity', 'UNWIND $rows AS row MATCH (n:Entity {id: row.id}) SET n += row.props'),
  Claim: cypher('seed.restoreEmptyLists.Claim', 'UNWIND $rows AS row MATCH (n:Claim {id: row.id}) SET n += row.props'),
  GraphState: cypher('seed.restoreEmptyLists.GraphState', 'UNWIND $rows AS row MATCH (n:GraphState {id: row.id}) SET n += row.props'),
} as const;
