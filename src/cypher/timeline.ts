// Dated policies and dated relationships in one stream, oldest first, keyset-paged on the event key
// "<first day>|policy:<id>" or "<first day>|relationship:<id>". With an entity filter the statement is
// anchored on the entity ids (index seeks, then their policies and the composite Claim indexes);
// without one it reads every dated policy and relationship.
import { cypherDate } from '../db/values.ts';
import { GRAPH_VERSION } from './fragments.ts';
import type { CypherBuilder } from './projection/builder.ts';
import type { FieldPlan } from './projection/field-plan.ts';
import { projectClaim, projectEntity } from './projection/projections.ts';

export interface TimelinePage {
  /** Entity ids the events must involve; null for every event. */
  entityIds: string[] | null;
  from: string | null;
  to: string | null;
  /** Key of the last event of the previous page. */
  after: string | null;
  limit: number;
  policyFields: readonly FieldPlan[];
  relationshipFields: readonly FieldPlan[];
  withRows: boolean;
  withTotal: boolean;
}

/** Binds start, end, key, p (a policy or null) and c (a claim or null) for every event of the filter. */
function events(b: CypherBuilder, page: TimelinePage, p: string, c: string): string {
  const window: string[] = [];
  if (page.from) window.push(`end >= ${b.param(cypherDate(page.from))}`);
  if (page.to) window.push(`start <= ${b.param(cypherDate(page.to))}`);
  const policies =
    page.entityIds === null
      ? `MATCH (${p}:Policy) WHERE ${p}.whenStart IS NOT NULL`
      : `UNWIND ${b.param(page.entityIds)} AS id MATCH (x:Entity {id: id}) ` +
        `CALL (x) { MATCH (x)--(q:Policy) RETURN q AS ${p} UNION WITH x WHERE x:Policy RETURN x AS ${p} } ` +
        `WITH DISTINCT ${p} WHERE ${p}.whenStart IS NOT NULL`;
  const claims =
    page.entityIds === null
      ? `MATCH (${c}:Claim) WHERE ${c}.whenStart IS NOT NULL`
      : `UNWIND ${b.param(page.entityIds)} AS id CALL (id) { MATCH (k:Claim) USING INDEX k:Claim(fromId, id) WHERE k.fromId = id AND k.id IS NOT NULL RETURN k AS ${c} ` +
        `UNION MATCH (k:Claim) USING INDEX k:Claim(toId, id) WHERE k.toId = id AND k.id IS NOT NULL RETURN k AS ${c} } ` +
        `WITH DISTINCT ${c} WHERE ${c}.whenStart IS NOT NULL`;
  return `CALL () {
    ${policies} RETURN ${p}.whenStart AS start, ${p}.whenEnd AS end, 'policy:' + ${p}.id AS key, ${p}, null AS ${c}
    UNION ALL
    ${claims} RETURN ${c}.whenStart AS start, ${c}.whenEnd AS end, 'relationship:' + ${c}.id AS key, null AS ${p}, ${c}
  }
  WITH start, end, key, toString(start) + '|' + key AS eventKey, ${p}, ${c}${window.length > 0 ? ` WHERE ${window.join(' AND ')}` : ''}`;
}

export function timelineStatement(b: CypherBuilder, page: TimelinePage): string {
  const parts = [GRAPH_VERSION];
  const columns = ['graphVersion'];
  if (page.withRows) {
    const p = b.variable('p');
    const c = b.variable('c');
    const keyset = page.after === null ? '' : ` WHERE eventKey > ${b.param(page.after)}`;
    parts.push(`CALL () {
  ${events(b, page, p, c)}
  WITH start, key, eventKey, ${p}, ${c}${keyset}
  ORDER BY eventKey LIMIT ${b.param(page.limit)}
  RETURN collect({start: start, key: key, eventKey: eventKey,
                  policy: CASE WHEN ${p} IS NULL THEN null ELSE ${projectEntity(b, p, page.policyFields, 'Policy')} END,
                  relationship: CASE WHEN ${c} IS NULL THEN null ELSE ${projectClaim(b, c, page.relationshipFields)} END}) AS rows
}`);
    columns.push('rows');
  }
  if (page.withTotal) {
    const p = b.variable('p');
    const c = b.variable('c');
    parts.push(`CALL () { ${events(b, page, p, c)} RETURN count(*) AS total }`);
    columns.push('total');
  }
  return `${parts.join('\n')}\nRETURN ${columns.join(', ')}`;
}
