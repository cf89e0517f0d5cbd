// Entities: one by id (with the selected fields), ranked search over names and aliases, look-ups by id
// for argument checks, and the batched look-up of one field for entities fetched without it.
import { cypher } from '../db/executor.ts';
import { GRAPH_VERSION, returnRows } from './fragments.ts';
import type { CypherBuilder } from './projection/builder.ts';
import type { FieldPlan } from './projection/field-plan.ts';
import { fieldExpression, projectClaim, projectEntity, projectSource } from './projection/projections.ts';
import { FULLTEXT_INDEX } from './schema.ts';

/** Entities by id (existence checks of id arguments, suggestions), without fields. */
export const entitiesByIds = cypher(
  'entities.byIds',
  `
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n`,
);

/** Ranked full-text candidates for suggestions in NOT_FOUND messages ($query is an escaped Lucene query). */
export const suggestEntities = cypher(
  'entities.suggest',
  `
CALL db.index.fulltext.queryNodes('${FULLTEXT_INDEX}', $query) YIELD node, score
WITH node, score WHERE $labels IS NULL OR any(l IN labels(node) WHERE l IN $labels)
RETURN node.id AS id, node.name AS name
ORDER BY score DESC, node.id
LIMIT $limit`,
);

export function entityStatement(b: CypherBuilder, id: string, fields: readonly FieldPlan[]): string {
  const v = b.variable('n');
  return `${GRAPH_VERSION}
CALL () { MATCH (${v}:Entity {id: ${b.param(id)}}) RETURN collect(${projectEntity(b, v, fields)}) AS rows }
${returnRows(['graphVersion', 'rows'])}`;
}

export interface SearchOptions {
  /** Escaped Lucene query (src/graphql/search-text.ts). */
  query: string;
  /** The folded text: an entity whose name or an alias equals it ranks first. */
  key: string;
  labels: string[] | null;
  limit: number;
}

/**
 * Full-text search; exact name or alias matches (folded) rank above every fuzzy hit, then by score. The
 * index returns candidates best first; only the first few hundred are ranked.
 */
export function searchStatement(b: CypherBuilder, search: SearchOptions, fields: readonly FieldPlan[]): string {
  const n = b.variable('n');
  const kinds = search.labels ? ` AND any(l IN labels(${n}) WHERE l IN ${b.param(search.labels)})` : '';
  return `${GRAPH_VERSION}
CALL () {
  CALL db.index.fulltext.queryNodes('${FULLTEXT_INDEX}', ${b.param(search.query)}) YIELD node, score
  WITH node AS ${n}, score LIMIT 500
  WHERE true${kinds}
  WITH ${n}, score, ${b.param(search.key)} IN ${n}.nameKeys AS exact
  ORDER BY exact DESC, score DESC, ${n}.id
  LIMIT ${b.param(search.limit)}
  RETURN collect({entity: ${projectEntity(b, n, fields, undefined, ['aliases'])}, score: score, exact: exact}) AS rows
}
${returnRows(['graphVersion', 'rows'])}`;
}

export type Shape = 'Entity' | 'Relationship' | 'Source';

const SHAPE_MATCH: Record<Shape, (v: string, id: string) => string> = {
  Entity: (v, id) => `MATCH (${v}:Entity {id: ${id}})`,
  Relationship: (v, id) => `MATCH (${v}:Claim {id: ${id}})`,
  Source: (v, id) => `MATCH (${v}:Source {id: ${id}})`,
};

/** One field of many parents at once (parents fetched without it): `key` is the parent id. */
export function fieldStatement(b: CypherBuilder, shape: Shape, ids: readonly string[], field: FieldPlan): string | null {
  const v = b.variable('v');
  const id = b.variable('id');
  const expression = fieldExpression(b, shape, v, field);
  if (expression === null) return null;
  return `${GRAPH_VERSION}
CALL () { UNWIND ${b.param(ids)} AS ${id} ${SHAPE_MATCH[shape](v, id)} RETURN collect({key: ${id}, value: ${expression}}) AS rows }
${returnRows(['graphVersion', 'rows'])}`;
}

/** Records of one shape by id, with the selected fields (relationships by id for path hops and timeline events). */
export function byIdsStatement(b: CypherBuilder, shape: Shape, ids: readonly string[], fields: readonly FieldPlan[]): string {
  const v = b.variable('v');
  const id = b.variable('id');
  const project = shape === 'Entity' ? projectEntity(b, v, fields) : shape === 'Relationship' ? projectClaim(b, v, fields) : projectSource(b, v, fields);
  return `${GRAPH_VERSION}
CALL () { UNWIND ${b.param(ids)} AS ${id} ${SHAPE_MATCH[shape](v, id)} RETURN collect(${project}) AS rows }
${returnRows(['graphVersion', 'rows'])}`;
}
