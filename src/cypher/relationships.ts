// The flat, cited edge table: every relationship (its Claim) in id order, keyset-paged, built for the
// filters given and anchored on the most selective index:
// - `from` / `to`: the composite index :Claim(fromId, id) / :Claim(toId, id), read in index order;
// - `source`: the source's citations (an index seek on the source, then its CITES edges);
// - `types`: one ordered stream per type from :Claim(type, id), merged (each cut at the page size);
// - otherwise the :Claim(id) index in order.
// Counts read the count store or node degrees where the filter allows, else count the anchored matches.
// Index hints keep the anchor whatever the statistics say (see src/cypher/projection/projections.ts).
import { GRAPH_VERSION, returnRows } from './fragments.ts';
import type { CypherBuilder } from './projection/builder.ts';
import type { FieldPlan } from './projection/field-plan.ts';
import { projectClaim } from './projection/projections.ts';

export interface RelationshipFilter {
  types: string[] | null;
  from: string | null;
  to: string | null;
  source: string | null;
  minSources: number | null;
  maxSources: number | null;
  /** Modality keys; null for any. */
  modalities: string[] | null;
  /** Also the retracted relationships (:RetractedClaim), merged in id order (decision 0032). */
  includeRetracted?: boolean;
}

export interface TablePage {
  filter: RelationshipFilter;
  /** Id of the last relationship of the previous page. */
  after: string | null;
  limit: number;
  fields: readonly FieldPlan[];
  withRows: boolean;
  withTotal: boolean;
}

type Anchor = 'from' | 'to' | 'source' | 'types' | 'id';

function anchorOf(filter: RelationshipFilter): Anchor {
  if (filter.from) return 'from';
  if (filter.to) return 'to';
  if (filter.source) return 'source';
  if (filter.types) return 'types';
  return 'id';
}

/** Predicates of the filters other than the anchor's, on the claim `c`. */
function predicates(b: CypherBuilder, filter: RelationshipFilter, anchor: Anchor, c: string): string[] {
  const out: string[] = [];
  if (filter.from && anchor !== 'from') out.push(`${c}.fromId = ${b.param(filter.from)}`);
  if (filter.to && anchor !== 'to') out.push(`${c}.toId = ${b.param(filter.to)}`);
  if (filter.types && anchor !== 'types') out.push(`${c}.type IN ${b.param(filter.types)}`);
  if (filter.minSources !== null) out.push(`${c}.independentSources >= ${b.param(filter.minSources)}`);
  if (filter.maxSources !== null) out.push(`${c}.independentSources <= ${b.param(filter.maxSources)}`);
  if (filter.modalities !== null) out.push(`${c}.modality IN ${b.param(filter.modalities)}`);
  if (filter.source && anchor !== 'source') out.push(`EXISTS { (${c})-[:CITES]->(:Source {id: ${b.param(filter.source)}}) }`);
  return out;
}

const where = (conditions: string[]) => (conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '');

/**
 * Binds `c` to the claims of the page, in id order. With `includeRetracted`, the same page over
 * :RetractedClaim is a second branch (anchored on its own from/to/id indexes; it has no (type, id)
 * index, so a type filter walks its id index — retractions are few), and the two are merged and cut.
 */
function pageClaims(b: CypherBuilder, page: TablePage, c: string): string {
  if (!page.filter.includeRetracted) return labelPage(b, page, c, 'Claim');
  return `CALL () { ${labelPage(b, page, c, 'Claim')} RETURN ${c} UNION ALL ${labelPage(b, page, c, 'RetractedClaim')} RETURN ${c} } WITH ${c} ORDER BY ${c}.id LIMIT ${b.param(page.limit)}`;
}

function labelPage(b: CypherBuilder, page: TablePage, c: string, label: 'Claim' | 'RetractedClaim'): string {
  const { filter } = page;
  const chosen = anchorOf(filter);
  const anchor = label === 'RetractedClaim' && chosen === 'types' ? 'id' : chosen;
  const limit = b.param(page.limit);
  // A range (or, on a first page, existence) predicate on id lets the composite index give the order.
  const keyset = [page.after === null ? `${c}.id IS NOT NULL` : `${c}.id > ${b.param(page.after)}`];
  const rest = predicates(b, filter, anchor, c);
  switch (anchor) {
    case 'from':
    case 'to': {
      const key = anchor === 'from' ? 'fromId' : 'toId';
      return `MATCH (${c}:${label}) USING INDEX ${c}:${label}(${key}, id)${where([`${c}.${key} = ${b.param(filter[anchor])}`, ...keyset, ...rest])} WITH ${c} ORDER BY ${c}.${key}, ${c}.id LIMIT ${limit}`;
    }
    case 'source':
      return (
        `MATCH (:Source {id: ${b.param(filter.source)}})<-[:CITES]-(${c}:${label}) WITH DISTINCT ${c}${where([...keyset, ...rest])} ` +
        `WITH ${c} ORDER BY ${c}.id LIMIT ${limit}`
      );
    case 'types': {
      const type = b.variable('t');
      return (
        `UNWIND ${b.param(filter.types)} AS ${type} CALL (${type}) { MATCH (${c}:${label}) USING INDEX ${c}:${label}(type, id)${where([`${c}.type = ${type}`, ...keyset, ...rest])} ` +
        `WITH ${c} ORDER BY ${c}.type, ${c}.id LIMIT ${limit} RETURN ${c} } WITH ${c} ORDER BY ${c}.id LIMIT ${limit}`
      );
    }
    case 'id':
      return `MATCH (${c}:${label}) USING INDEX ${c}:${label}(id)${where([`${c}.id > ${b.param(page.after ?? '')}`, ...rest])} WITH ${c} ORDER BY ${c}.id LIMIT ${limit}`;
  }
}

/** The number of matching relationships, from the count store or node degrees when the filter allows. */
function count(b: CypherBuilder, filter: RelationshipFilter): string {
  const onlyTypesOrEndpoint =
    filter.source === null && filter.minSources === null && filter.maxSources === null && filter.modalities === null && !(filter.from && filter.to);
  if (onlyTypesOrEndpoint) {
    const rel = filter.types ? `[:${b.types(filter.types)}]` : '[]';
    // The entity is bound first so the count is its degree (getDegree: one read, whatever the hub's
    // size); written inside the pattern, the planner expands every relationship (33 k at M's largest hub).
    if (filter.from) return `OPTIONAL MATCH (v:Entity {id: ${b.param(filter.from)}}) RETURN COUNT { (v)-${rel}->() } AS total`;
    if (filter.to) return `OPTIONAL MATCH (v:Entity {id: ${b.param(filter.to)}}) RETURN COUNT { (v)<-${rel}-() } AS total`;
    if (filter.types) {
      // One count-store read per type (an edge and its Claim are written together, so they count alike).
      return `RETURN ${filter.types.map((type) => `COUNT { ()-[:${b.types([type])}]->() }`).join(' + ')} AS total`;
    }
    return `MATCH (c:Claim) RETURN count(c) AS total`;
  }
  const c = b.variable('c');
  const anchor = anchorOf(filter);
  const rest = predicates(b, filter, anchor, c);
  switch (anchor) {
    case 'from':
    case 'to': {
      const key = anchor === 'from' ? 'fromId' : 'toId';
      return `MATCH (${c}:Claim) USING INDEX ${c}:Claim(${key}, id)${where([`${c}.${key} = ${b.param(filter[anchor])}`, `${c}.id IS NOT NULL`, ...rest])} RETURN count(${c}) AS total`;
    }
    case 'source':
      return `MATCH (:Source {id: ${b.param(filter.source)}})<-[:CITES]-(${c}:Claim) WITH DISTINCT ${c}${where(rest)} RETURN count(${c}) AS total`;
    case 'types': {
      const type = b.variable('t');
      return `UNWIND ${b.param(filter.types)} AS ${type} MATCH (${c}:Claim) USING INDEX ${c}:Claim(type, id)${where([`${c}.type = ${type}`, `${c}.id IS NOT NULL`, ...rest])} RETURN count(${c}) AS total`;
    }
    case 'id':
      return `MATCH (${c}:Claim)${where(rest)} RETURN count(${c}) AS total`;
  }
}

/** The retracted relationships the filter keeps, counted (by the from/to index when given; retractions are few). */
function retractedCount(b: CypherBuilder, filter: RelationshipFilter): string {
  const c = b.variable('c');
  const key = filter.from ? 'fromId' : filter.to ? 'toId' : null;
  const hint = key ? ` USING INDEX ${c}:RetractedClaim(${key}, id)` : '';
  const conditions = predicates(b, filter, 'id', c);
  return `MATCH (${c}:RetractedClaim)${hint}${where(key ? [...conditions, `${c}.id IS NOT NULL`] : conditions)} RETURN count(${c}) AS retracted`;
}

export function tableStatement(b: CypherBuilder, page: TablePage): string {
  const parts = [GRAPH_VERSION];
  const columns = ['graphVersion'];
  if (page.withRows) {
    const c = b.variable('c');
    parts.push(`CALL () { ${pageClaims(b, page, c)} RETURN collect(${projectClaim(b, c, page.fields)}) AS rows }`);
    columns.push('rows');
  }
  if (page.withTotal && page.filter.includeRetracted) {
    parts.push(`CALL () { CALL () { ${count(b, page.filter)} } CALL () { ${retractedCount(b, page.filter)} } RETURN total + retracted AS total }`);
    columns.push('total');
  } else if (page.withTotal) {
    parts.push(`CALL () { ${count(b, page.filter)} }`);
    columns.push('total');
  }
  return `${parts.join('\n')}\n${returnRows(columns)}`;
}
