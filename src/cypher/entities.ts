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

/**
 * The countries with the most relationships (the graph's hubs), for the warm-up: their timelines run
 * the date-order walk and the largest per-entity streams, which a small example never reaches. A scan
 * of the countries (a few hundred) with each one's degree from the store.
 */
export const largestCountries = cypher(
  'entities.largestCountries',
  `
MATCH (c:Country)
WITH c, COUNT { (c)--() } AS degree
ORDER BY degree DESC, c.id
LIMIT $limit
RETURN c.id AS id`,
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
  /** Escaped Lucene query of the first pass: exact words and prefixes (src/text/search-text.ts). */
  query: string;
  /** Escaped Lucene query of the typo-tolerant pass. */
  fuzzyQuery: string;
  /** Run the typo-tolerant pass even when the first fills the page. */
  fuzzyAlways: boolean;
  /** The folded text: an entity whose name or an alias equals it ranks first. */
  key: string;
  labels: string[] | null;
  limit: number;
}

/**
 * Full-text search in two passes, one statement: exact words and prefixes first; the typo-tolerant pass
 * (Lucene's edit-distance automata, the costly part) only when the first does not fill the page, or when
 * asked. Within a pass, exact name or alias matches (folded) rank above the rest, then by score; the
 * second pass's hits follow the first's. The index returns candidates best first; only the first few
 * hundred of each pass are ranked.
 */
export function searchStatement(b: CypherBuilder, search: SearchOptions, fields: readonly FieldPlan[]): string {
  const n = b.variable('n');
  const labels = search.labels ? b.param(search.labels) : null;
  const kinds = (v: string) => (labels ? ` AND any(l IN labels(${v}) WHERE l IN ${labels})` : '');
  const limit = b.param(search.limit);
  const key = b.param(search.key);
  const pass = (query: string, v: string, exclude: string | null) => `CALL db.index.fulltext.queryNodes('${FULLTEXT_INDEX}', ${query}) YIELD node, score
    WITH node AS ${v}, score LIMIT 500
    WHERE true${exclude ? ` AND NOT ${v} IN ${exclude}` : ''}${kinds(v)}
    WITH ${v}, score, ${key} IN ${v}.nameKeys AS exact
    ORDER BY exact DESC, score DESC, ${v}.id
    LIMIT ${limit}`;
  const f = b.variable('f');
  const more = search.fuzzyAlways ? 'true' : `size(first) < ${limit}`;
  return `${GRAPH_VERSION}
CALL () {
  ${pass(b.param(search.query), f, null)}
  RETURN collect({node: ${f}, score: score, exact: exact}) AS first
}
OPTIONAL CALL (first) {
  WITH first WHERE ${more}
  ${pass(b.param(search.fuzzyQuery), f, `[hit IN first | hit.node]`)}
  RETURN collect({node: ${f}, score: score, exact: exact}) AS more
}
CALL (first, more) {
  UNWIND first + coalesce(more, []) AS hit
  WITH hit LIMIT ${limit}
  WITH hit.node AS ${n}, hit.score AS score, hit.exact AS exact
  RETURN collect({entity: ${projectEntity(b, n, fields, undefined, ['aliases'])}, score: score, exact: exact}) AS rows
}
// Whether the typo-tolerant pass ran: its guard let the row through (with no row, its index call does not run).
WITH graphVersion, rows, ${more} AS fuzzyPass
${returnRows(['graphVersion', 'fuzzyPass', 'rows'])}`;
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
