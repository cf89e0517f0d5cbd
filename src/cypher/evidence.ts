// Full-text search over the verbatim quotes (the citation_quotes index on CITES): the citations that
// match, best first, each with its relationship (the Claim it belongs to) and its source, projected with
// the fields the request selected.
import { GRAPH_VERSION, returnRows } from './fragments.ts';
import type { CypherBuilder } from './projection/builder.ts';
import type { FieldPlan } from './projection/field-plan.ts';
import { projectCitation, projectClaim } from './projection/projections.ts';
import { QUOTE_INDEX } from './schema.ts';

export interface EvidenceSearch {
  /** Escaped Lucene query (src/text/search-text.ts). */
  query: string;
  types: string[] | null;
  source: string | null;
  limit: number;
  citationFields: readonly FieldPlan[];
  relationshipFields: readonly FieldPlan[];
}

/** Only the best few hundred index hits are filtered and ranked: a filter that rejects most hits returns fewer. */
export const EVIDENCE_CANDIDATES = 1000;

export function evidenceStatement(b: CypherBuilder, search: EvidenceSearch): string {
  const k = b.variable('k');
  const c = b.variable('c');
  const s = b.variable('s');
  const filters: string[] = [];
  if (search.types) filters.push(`${c}.type IN ${b.param(search.types)}`);
  if (search.source) filters.push(`${s}.id = ${b.param(search.source)}`);
  return `${GRAPH_VERSION}
CALL () {
  CALL db.index.fulltext.queryRelationships('${QUOTE_INDEX}', ${b.param(search.query)}) YIELD relationship, score
  WITH relationship AS ${k}, score LIMIT ${EVIDENCE_CANDIDATES}
  WITH ${k}, score, startNode(${k}) AS ${c}, endNode(${k}) AS ${s}
  ${filters.length > 0 ? `WHERE ${filters.join(' AND ')}` : ''}
  WITH ${k}, ${c}, ${s}, score ORDER BY score DESC, ${c}.id, ${k}.ordinal LIMIT ${b.param(search.limit)}
  RETURN collect({score: score, citation: ${projectCitation(b, k, s, search.citationFields)}, relationship: ${projectClaim(b, c, search.relationshipFields)}}) AS rows
}
${returnRows(['graphVersion', 'rows'])}`;
}
