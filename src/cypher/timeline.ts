// Policies and dated relationships in one stream, oldest first, keyset-paged on the event key
// "<first day>|policy:<id>" or "<first day>|relationship:<id>" (src/seed/read-model.ts). Every stream is
// read from an index in key order and cut at the page size before the streams are merged:
// - for a small entity set (an entity, a government body), per id: its dated claims from (fromId, relKey)
//   and (toId, relKey), the policies at the other end of its claims from (fromId, toPolicyKey) and
//   (toId, fromPolicyKey), and the id itself if it is a policy (only when the set may hold one) —
//   (ids × streams × page size) at most;
// - for the whole graph, and for a large set (a hub country with its bodies and officials: see
//   `chooseTimelineAnchor`): :Policy(eventKey) and :Claim(relKey) in order, keeping the set's events.
// An entity set's page holds both anchors in one statement text, the page's anchor given by a boolean
// parameter (the other anchor unwinds an empty list, so its branch reads nothing): the text and its
// parameter types are the same for both, so it is planned once, by whichever timeline with the same
// fields is asked first, not again at the first hub that walks (0.2–0.7 s on M; decision 0009).
// Windows: `to` bounds the key range; `from` keeps events whose last day is on or after it.
// `totalCount` of an entity set is counted per entity (the set's own index ranges), or, for a large set,
// read from its stored total (src/cypher/timeline-counts.ts).
import { cypherDate } from '../db/values.ts';
import { GRAPH_VERSION, returnRows } from './fragments.ts';
import type { CypherBuilder } from './projection/builder.ts';
import type { FieldPlan } from './projection/field-plan.ts';
import { projectClaim, projectEntity } from './projection/projections.ts';

export type TimelineAnchor = 'entities' | 'dateOrder';

/**
 * Both plans priced in time, from the counts the name resolution read. Per-entity streams cost about
 * 0.06 ms per id (four index seeks; five for a set that may hold a policy); walking every event in date
 * order and keeping the set's costs about 0.006 ms per walked event, and it walks about
 * `limit × all claims / the set's relationships` of them. Timed on M's twelve largest hub countries
 * (2026-12-07, docs/performance.md "Session 8"): only sets where the walk stays under ten events
 * per id walk — Valdoria (1 301 ids, 514 walked) and Kesdoria (545, 3 777); Mordoria (393, 5 289) and the
 * smaller hubs read per entity, 1.4–4× faster than walking. The earlier rule, priced in db hits (twenty
 * per id), walked for Mordoria, Tardoria and Ostdoria, 1.4–1.6× slower: the walk reads ten times the db
 * hits of the streams per millisecond.
 */
export function chooseTimelineAnchor(ids: number, degree: number, claims: number, limit: number): TimelineAnchor {
  const walked = (limit * Math.max(claims, 1)) / Math.max(degree, 1);
  return walked < ids * WALKED_EVENTS_PER_ID ? 'dateOrder' : 'entities';
}

/** One id's per-entity streams cost about as much time as walking this many events in date order. */
const WALKED_EVENTS_PER_ID = 10;

export interface TimelinePage {
  /** Entity ids the events must involve; null for every event. */
  entityIds: string[] | null;
  /** How the entity filter is applied (ignored without one). */
  anchor: TimelineAnchor;
  /**
   * Whether an id of the set may be a dated policy itself, whose own event the per-entity streams then
   * read too. @default true. The set of a country, an actor or a technology holds no policy: the resolver
   * says so, and each of its ids costs one index seek less.
   */
  policiesInSet?: boolean;
  from: string | null;
  to: string | null;
  /** Key of the last event of the previous page. */
  after: string | null;
  limit: number;
  policyFields: readonly FieldPlan[];
  relationshipFields: readonly FieldPlan[];
  withRows: boolean;
  withTotal: boolean;
  /** The set's stored total to read instead of counting (src/cypher/timeline-counts.ts), when it may have one. */
  storedCount?: { key: string; anchorId: string };
}

interface Stream {
  /** Pattern start, with the index hint. */
  match: (c: string) => string;
  /** Equality on the entity id, if the stream is per entity. */
  id?: string;
  key: string;
  end: string;
  /** Keeps only the events of the entity set, when walking every event in date order. */
  filter?: (c: string) => string;
  /** What the stream yields: the claim itself, or the id of the policy at one of its ends. */
  yields: (c: string) => string;
}

function streams(perEntity: boolean, member: ((v: string) => { policy: string; claim: string }) | null): Stream[] {
  if (!perEntity) {
    return [
      {
        match: (c) => `(${c}:Policy) USING INDEX ${c}:Policy(eventKey)`,
        key: 'eventKey',
        end: 'whenEnd',
        filter: member ? (c) => member(c).policy : undefined,
        yields: (c) => `null AS claim, ${c}.id AS policyId`,
      },
      {
        match: (c) => `(${c}:Claim) USING INDEX ${c}:Claim(relKey)`,
        key: 'relKey',
        end: 'relEnd',
        filter: member ? (c) => member(c).claim : undefined,
        yields: (c) => `${c} AS claim, null AS policyId`,
      },
    ];
  }
  return [
    { match: (c) => `(${c}:Claim) USING INDEX ${c}:Claim(fromId, relKey)`, id: 'fromId', key: 'relKey', end: 'relEnd', yields: (c) => `${c} AS claim, null AS policyId` },
    { match: (c) => `(${c}:Claim) USING INDEX ${c}:Claim(toId, relKey)`, id: 'toId', key: 'relKey', end: 'relEnd', yields: (c) => `${c} AS claim, null AS policyId` },
    { match: (c) => `(${c}:Claim) USING INDEX ${c}:Claim(fromId, toPolicyKey)`, id: 'fromId', key: 'toPolicyKey', end: 'toPolicyEnd', yields: (c) => `null AS claim, ${c}.toId AS policyId` },
    { match: (c) => `(${c}:Claim) USING INDEX ${c}:Claim(toId, fromPolicyKey)`, id: 'toId', key: 'fromPolicyKey', end: 'fromPolicyEnd', yields: (c) => `null AS claim, ${c}.fromId AS policyId` },
  ];
}

/** Binds key, claim (a Claim or null) and policyId (or null) for the events of the page, merged in key order. */
function events(b: CypherBuilder, page: TimelinePage, limit: string | null): string {
  const c = b.variable('c');
  const x = b.variable('x');
  const after = b.param(page.after ?? '');
  const upper = page.to ? b.param(`${page.to}|~`) : null;
  const from = page.from ? b.param(cypherDate(page.from)) : null;
  const branch = (stream: Stream) => {
    const conditions = [...(stream.id ? [`${c}.${stream.id} = ${x}`] : []), `${c}.${stream.key} > ${after}`, ...(stream.filter ? [stream.filter(c)] : [])];
    if (upper) conditions.push(`${c}.${stream.key} <= ${upper}`);
    if (from) conditions.push(`${c}.${stream.end} >= ${from}`);
    const order = stream.id ? `${c}.${stream.id}, ${c}.${stream.key}` : `${c}.${stream.key}`;
    const cut = limit ? ` WITH ${c} ORDER BY ${order} LIMIT ${limit}` : '';
    return `MATCH ${stream.match(c)} WHERE ${conditions.join(' AND ')}${cut} RETURN ${c}.${stream.key} AS key, ${stream.yields(c)}`;
  };
  if (page.entityIds === null) return `CALL () { ${streams(false, null).map(branch).join(' UNION ALL ')} } WITH DISTINCT key, claim, policyId`;
  // An entity set's streams per entity (UNION ALL: the rows are made distinct once, after the merge).
  const perEntity = streams(true, null).map(branch);
  if (page.policiesInSet !== false) {
    // The entity itself, when it is a dated policy.
    const p = b.variable('p');
    const own = [`${p}.eventKey > ${after}`];
    if (upper) own.push(`${p}.eventKey <= ${upper}`);
    if (from) own.push(`${p}.whenEnd >= ${from}`);
    perEntity.push(`MATCH (${p}:Entity {id: ${x}}) WHERE ${own.join(' AND ')} RETURN ${p}.eventKey AS key, null AS claim, ${p}.id AS policyId`);
  }
  const ids = b.param(page.entityIds);
  if (limit === null) return `CALL () { UNWIND ${ids} AS ${x} CALL (${x}) { ${perEntity.join(' UNION ALL ')} } RETURN key, claim, policyId } WITH DISTINCT key, claim, policyId`;
  // Both anchors in one text, the page's anchor chosen by a boolean parameter: the anchor not taken
  // unwinds an empty list, so its branch reads nothing. The parameters' types are the same for both (a
  // list of ids and a boolean; an empty list parameter would be another type, and Neo4j caches a plan
  // per text and parameter types), so a hub's timeline runs the plan any timeline with the same fields made.
  const walking = b.param(page.anchor === 'dateOrder');
  const entitiesPart = `UNWIND CASE WHEN ${walking} THEN [] ELSE ${ids} END AS ${x} CALL (${x}) { ${perEntity.join(' UNION ALL ')} } RETURN key, claim, policyId`;
  const y = b.variable('y');
  const w = b.variable('w');
  const member = (v: string) => ({ policy: `(${v}.id IN ${ids} OR EXISTS { (${v})--(${y}:Entity) WHERE ${y}.id IN ${ids} })`, claim: `(${v}.fromId IN ${ids} OR ${v}.toId IN ${ids})` });
  const walk = streams(false, member).map(branch);
  const walkPart = `UNWIND CASE WHEN ${walking} THEN [true] ELSE [] END AS ${w} CALL (${w}) { ${walk.join(' UNION ALL ')} } RETURN key, claim, policyId`;
  return `CALL () { ${entitiesPart} UNION ALL ${walkPart} } WITH DISTINCT key, claim, policyId`;
}

export function timelineStatement(b: CypherBuilder, page: TimelinePage): string {
  const parts = [GRAPH_VERSION];
  const columns = ['graphVersion'];
  if (page.withRows) {
    const limit = b.param(page.limit);
    const p = b.variable('p');
    parts.push(`CALL () {
  ${events(b, page, limit)}
  WITH key, claim, policyId ORDER BY key LIMIT ${limit}
  OPTIONAL MATCH (${p}:Entity {id: policyId})
  RETURN collect({eventKey: key,
                  policy: CASE WHEN ${p} IS NULL THEN null ELSE ${projectEntity(b, p, page.policyFields, 'Policy')} END,
                  relationship: CASE WHEN claim IS NULL THEN null ELSE ${projectClaim(b, 'claim', page.relationshipFields)} END}) AS rows
}`);
    columns.push('rows');
  }
  if (page.withTotal) {
    // Counted per entity whatever the page's anchor: index ranges of the set's own events, never a walk
    // of every event of the graph (at a hub of M that walk cost 0.4–0.8 s on every page; issue 24).
    parts.push(`CALL () { ${events(b, { ...page, after: null, anchor: 'entities' }, null)} RETURN count(*) AS total }`);
    columns.push('total');
  }
  if (page.storedCount && !page.withTotal) {
    // One unique-index seek: the set's total kept at load (null once a change touched the set).
    const t = b.variable('t');
    parts.push(`CALL () { OPTIONAL MATCH (${t}:TimelineCount {key: ${b.param(page.storedCount.key)}}) RETURN ${t}.total AS storedTotal }`);
    columns.push('storedTotal');
  }
  return `${parts.join('\n')}\n${returnRows(columns)}`;
}
