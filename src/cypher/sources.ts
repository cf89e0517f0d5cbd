// Sources, and the counts of what the graph holds.
import { cypher } from '../db/executor.ts';
import { GRAPH_VERSION, returnRows } from './fragments.ts';
import type { CypherBuilder } from './projection/builder.ts';
import type { FieldPlan } from './projection/field-plan.ts';
import { projectSource } from './projection/projections.ts';

/** Sources by id, without fields (argument checks, figure sources). */
export const sourcesByIds = cypher(
  'sources.byIds',
  `
UNWIND $ids AS id
MATCH (s:Source {id: id})
RETURN s AS n`,
);

/** Ids of every source (for the suggestions of a NOT_FOUND source argument). */
export const sourceIds = cypher('sources.ids', `MATCH (s:Source) RETURN s.id AS id ORDER BY id LIMIT 50`);

/** Sources in id order, keyset-paged, with the selected fields. */
export function sourcesStatement(b: CypherBuilder, after: string | null, limit: number, fields: readonly FieldPlan[]): string {
  const s = b.variable('s');
  return `${GRAPH_VERSION}
CALL () {
  MATCH (${s}:Source) WHERE ${s}.id > ${b.param(after ?? '')}
  WITH ${s} ORDER BY ${s}.id LIMIT ${b.param(limit)}
  RETURN collect(${projectSource(b, s, fields)}) AS rows
}
${returnRows(['graphVersion', 'rows'])}`;
}

/**
 * Counts by entity kind ($kinds from the ontology) and by relationship type, all from the count store
 * (one label or one type each, or a label and a type); a kind or type with nothing in it counts 0.
 * Citations are those of live Claims: a retracted claim (:RetractedClaim) keeps its CITES, uncounted.
 */
export function statsStatement(b: CypherBuilder): string {
  const kinds = b.ontology.entityKinds.map((kind) => `{name: '${b.label(kind)}', count: COUNT { (:${b.label(kind)}) }}`);
  const types = [...b.ontology.relationshipTypes.keys()].map((type) => `{name: '${type}', count: COUNT { ()-[:${b.types([type])}]->() }}`);
  return `${GRAPH_VERSION}
RETURN graphVersion,
       COUNT { (:Entity) } AS entities,
       [${kinds.join(', ')}] AS byKind,
       [${types.join(', ')}] AS byType,
       COUNT { (:Source) } AS sources,
       COUNT { (:Claim) } AS relationships,
       COUNT { (:Claim)-[:CITES]->() } AS citations`;
}
