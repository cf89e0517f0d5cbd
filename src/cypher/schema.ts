// Constraints and indexes. Structural labels (Entity, Source, Claim) are fixed by the citation model
// (docs/decisions/0001-citation-model.md); kind labels and relationship types come from the ontology,
// whose names are checked against strict patterns before they reach this text.
import type { Ontology } from '../ontology/ontology.ts';
import { cypher, type CypherQuery } from '../db/executor.ts';
import { curationSchemaStatements } from './curation-schema.ts';
import { timelineCountSchemaStatements } from './timeline-counts.ts';

const SAFE_NAME = /^[A-Za-z][A-Za-z_]*$/;

function safe(name: string): string {
  if (!SAFE_NAME.test(name)) throw new Error(`refusing to use '${name}' as a label or type in DDL`);
  return name;
}

export const FULLTEXT_INDEX = 'entity_names';
/** Full-text index over the verbatim quotes of citations (CITES.quote), for searchEvidence. */
export const QUOTE_INDEX = 'citation_quotes';
/** Properties of the full-text index: names and aliases as written, and folded (see src/text/fold.ts). */
export const FULLTEXT_PROPERTIES = ['name', 'aliasText', 'nameKeyText'];

/** Constraint and index statements; each is named `schema.<name of the index or constraint it creates>`. */
export function schemaStatements(ontology: Ontology): CypherQuery[] {
  const statements = [
    cypher('schema.entity_id', 'CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE'),
    cypher('schema.source_id', 'CREATE CONSTRAINT source_id IF NOT EXISTS FOR (n:Source) REQUIRE n.id IS UNIQUE'),
    cypher('schema.claim_id', 'CREATE CONSTRAINT claim_id IF NOT EXISTS FOR (n:Claim) REQUIRE n.id IS UNIQUE'),
    // One held text per source (src/cypher/source-texts.ts); also the look-up of a citation's text.
    cypher('schema.source_text_source_id', 'CREATE CONSTRAINT source_text_source_id IF NOT EXISTS FOR (n:SourceText) REQUIRE n.sourceId IS UNIQUE'),
    cypher('schema.graph_state_id', 'CREATE CONSTRAINT graph_state_id IF NOT EXISTS FOR (n:GraphState) REQUIRE n.id IS UNIQUE'),
    // Relationship pages of an entity and the edge table filtered by endpoint or type: an equality on the
    // first property and the id range in index order (docs/decisions/0009-query-planning.md).
    cypher('schema.claim_from_id', 'CREATE INDEX claim_from_id IF NOT EXISTS FOR (n:Claim) ON (n.fromId, n.id)'),
    cypher('schema.claim_to_id', 'CREATE INDEX claim_to_id IF NOT EXISTS FOR (n:Claim) ON (n.toId, n.id)'),
    cypher('schema.claim_type_id', 'CREATE INDEX claim_type_id IF NOT EXISTS FOR (n:Claim) ON (n.type, n.id)'),
    cypher('schema.claim_sources', 'CREATE INDEX claim_sources IF NOT EXISTS FOR (n:Claim) ON (n.independentSources)'),
    // Timelines: a claim's own event key, and the key of the dated policy at its other end, per endpoint.
    cypher('schema.claim_rel_key', 'CREATE INDEX claim_rel_key IF NOT EXISTS FOR (n:Claim) ON (n.relKey)'),
    cypher('schema.claim_from_rel_key', 'CREATE INDEX claim_from_rel_key IF NOT EXISTS FOR (n:Claim) ON (n.fromId, n.relKey)'),
    cypher('schema.claim_to_rel_key', 'CREATE INDEX claim_to_rel_key IF NOT EXISTS FOR (n:Claim) ON (n.toId, n.relKey)'),
    cypher('schema.claim_from_policy_key', 'CREATE INDEX claim_from_policy_key IF NOT EXISTS FOR (n:Claim) ON (n.fromId, n.toPolicyKey)'),
    cypher('schema.claim_to_policy_key', 'CREATE INDEX claim_to_policy_key IF NOT EXISTS FOR (n:Claim) ON (n.toId, n.fromPolicyKey)'),
    cypher('schema.policy_event_key', 'CREATE INDEX policy_event_key IF NOT EXISTS FOR (n:Policy) ON (n.eventKey)'),
    // Policies in date order: the keyset of `measures` and the walk that answers broad filters.
    cypher('schema.policy_sort', 'CREATE INDEX policy_sort IF NOT EXISTS FOR (n:Policy) ON (n.sortKey)'),
    cypher('schema.actor_country', 'CREATE INDEX actor_country IF NOT EXISTS FOR (n:Actor) ON (n.country)'),
    cypher('schema.source_story', 'CREATE INDEX source_story IF NOT EXISTS FOR (n:Source) ON (n.story)'),
    cypher(
      `schema.${FULLTEXT_INDEX}`,
      `CREATE FULLTEXT INDEX ${FULLTEXT_INDEX} IF NOT EXISTS FOR (n:Entity) ON EACH [${FULLTEXT_PROPERTIES.map((p) => `n.${p}`).join(', ')}]`,
    ),
    cypher(`schema.${QUOTE_INDEX}`, `CREATE FULLTEXT INDEX ${QUOTE_INDEX} IF NOT EXISTS FOR ()-[k:CITES]-() ON EACH [k.quote]`),
    // The write side's keys, proposals and change log (src/cypher/curation-schema.ts).
    ...curationSchemaStatements,
    // Stored timeline totals of the large sets (src/cypher/timeline-counts.ts).
    ...timelineCountSchemaStatements,
  ];
  for (const kind of ontology.entityKinds) {
    const label = safe(kind);
    const lower = label.toLowerCase();
    statements.push(cypher(`schema.${lower}_type`, `CREATE INDEX ${lower}_type IF NOT EXISTS FOR (n:${label}) ON (n.type)`));
    statements.push(cypher(`schema.${lower}_when`, `CREATE INDEX ${lower}_when IF NOT EXISTS FOR (n:${label}) ON (n.whenStart)`));
  }
  for (const type of ontology.relationshipTypes.keys()) {
    const name = safe(type);
    statements.push(
      cypher(
        `schema.rel_${name.toLowerCase()}_id`,
        `CREATE CONSTRAINT rel_${name.toLowerCase()}_id IF NOT EXISTS FOR ()-[r:${name}]-() REQUIRE r.id IS UNIQUE`,
      ),
    );
  }
  return statements;
}

/** The name of the index or constraint a schema statement creates. */
export function schemaObjectName(statement: CypherQuery): string {
  return statement.name.slice('schema.'.length);
}

/** Every index (uniqueness constraints are backed by an index of the same name), with its properties. */
export const existingIndexes = cypher('schema.existing', 'SHOW INDEXES YIELD name, properties, state RETURN name, properties, state');

export const dropFulltextIndex = cypher('schema.dropFulltext', `DROP INDEX ${FULLTEXT_INDEX} IF EXISTS`);

/**
 * Indexes earlier versions created and the queries no longer use; dropped when found, so the planner
 * does not pick them over their replacements (claim_from → claim_from_id, …).
 */
export const RETIRED_INDEXES = ['claim_type', 'claim_from', 'claim_to', 'claim_when'] as const;

export const dropRetiredIndexes = RETIRED_INDEXES.map((name) => ({ name, statement: cypher(`schema.drop.${name}`, `DROP INDEX ${name} IF EXISTS`) }));

/**
 * Indexes not yet usable (POPULATING, or FAILED). Polled rather than `CALL db.awaitIndexes(n)`: a
 * population after a big load outlasts any one transaction's timeout.
 */
export const indexesNotOnline = cypher(
  'schema.notOnline',
  `SHOW INDEXES YIELD name, state, populationPercent, failureMessage WHERE state <> 'ONLINE' RETURN name, state, populationPercent, failureMessage`,
);

/**
 * A secondary index: it serves reads only — the write path never finds anything through it (it looks up
 * ids, which uniqueness constraints index) — so a load into an empty graph may build it after the data,
 * in one bulk population instead of an update per written row (docs/decisions/0007).
 */
export function isSecondaryIndex(statement: CypherQuery): boolean {
  return /^CREATE (FULLTEXT )?INDEX /.test(statement.text);
}

/** Drops a secondary index of schemaStatements (by its checked name) before a load into an empty graph. */
export function dropSecondaryIndex(statement: CypherQuery): CypherQuery {
  if (!isSecondaryIndex(statement)) throw new Error(`${statement.name} is not a secondary index`);
  const name = safeIndexName(schemaObjectName(statement));
  return cypher(`schema.dropSecondary.${name}`, `DROP INDEX ${name} IF EXISTS`);
}

function safeIndexName(name: string): string {
  if (!/^[a-z][a-z_]*$/.test(name)) throw new Error(`refusing to use '${name}' as an index name in DDL`);
  return name;
}
