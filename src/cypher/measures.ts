// Policies filtered the way analysts ask ("which measures target AI chips?"), in date order (undated
// last), keyset-paged on `sortKey` ("<first day>|<id>"). The statement is built for the filters actually
// given, anchored where it is cheapest (see `chooseAnchor`):
// - an entity set (the targets, the promoted technologies or the issuers): expand from each anchor
//   entity (index seeks), keep the distinct policies that pass the other filters, sort that small set;
// - the :Policy(sortKey) index: walk policies in date order and stop at the page — for a broad filter
//   (a taxonomy root that most policies target) the first page is found after a few dozen policies.
import { API_CONTRACT } from './api-contract.ts';
import { GRAPH_VERSION, UNDATED_KEY, returnRows } from './fragments.ts';
import type { CypherBuilder } from './projection/builder.ts';
import type { FieldPlan } from './projection/field-plan.ts';
import { projectEntity } from './projection/projections.ts';
import { cypherDate } from '../db/values.ts';

export interface MeasureFilter {
  targetIds: string[] | null;
  promotingIds: string[] | null;
  issuerIds: string[] | null;
  statuses: string[] | null;
  types: string[] | null;
  /** ISO dates: keep policies whose date range overlaps the window. */
  from: string | null;
  to: string | null;
  /** The relationships the entity filters follow (TARGETS, PROMOTES, ISSUED, PARTY_TO) need at least this many independent sources. */
  minSources: number | null;
  /** Modality keys the issuing relationship and every relationship the entity filters follow must have; null for any. */
  modalities: string[] | null;
  /** Set when `targetIds` is exactly one technology and everything narrower: its id (its count is kept at load). */
  targetSubtree: string | null;
  /** The technology expansion also followed area links ("an area of"), not only kind-of links. */
  includeAreas: boolean;
  /**
   * The entity and modality filters also follow retracted relationships (:RetractedClaim, which have no
   * domain edge): a second, index-anchored branch each, only when set (decision 0032).
   */
  includeRetracted?: boolean;
}

export type MeasureAnchor = 'targets' | 'promoting' | 'issuers' | 'dateOrder';

/** Relationship counts at each entity set (from the name resolution statement) and the number of policies. */
export interface AnchorCosts {
  targets?: number;
  promoting?: number;
  issuers?: number;
  policies: number;
}

/**
 * Both plans priced in db hits from counts the name resolution already read (the set's size and the
 * relationships into it), and the cheaper taken:
 * - expanding from an entity set reads each of its relationships and its policy (~4 db hits each) and
 *   seeks each id (~2);
 * - walking the date index reads about `limit × policies / matches` policies before the page is full,
 *   each checked against the other filters: ~16 db hits, but ~200 when the check climbs a technology
 *   subtree (`targetSubtree`: every target of a walked policy is followed up the taxonomy).
 * Calibrated on the generated S graph (tests/integration/hub-plans.test.ts sweeps every technology and
 * fails when the chosen plan costs over 1.5× the other); with the old rule (expand when the
 * relationships ≤ 4 × the walked policies) "semiconductors" walked for 7 078 db hits against 2 052.
 */
export function chooseAnchor(filter: MeasureFilter, costs: AnchorCosts, limit: number): MeasureAnchor {
  const candidates: Array<[MeasureAnchor, number, number]> = [];
  if (filter.targetIds) candidates.push(['targets', costs.targets ?? 0, filter.targetIds.length]);
  if (filter.promotingIds) candidates.push(['promoting', costs.promoting ?? 0, filter.promotingIds.length]);
  if (filter.issuerIds) candidates.push(['issuers', costs.issuers ?? 0, filter.issuerIds.length]);
  if (candidates.length === 0) return 'dateOrder';
  candidates.sort((a, b) => a[1] - b[1]);
  const [anchor, relationships, ids] = candidates[0]!;
  const expand = EXPAND_HITS_PER_RELATIONSHIP * relationships + SEEK_HITS_PER_ID * ids;
  const walked = (limit * Math.max(costs.policies, 1)) / Math.max(relationships, 1);
  const walk = walked * (filter.targetSubtree ? WALK_HITS_PER_POLICY_CLIMBING : WALK_HITS_PER_POLICY);
  return expand <= walk ? anchor : 'dateOrder';
}

const EXPAND_HITS_PER_RELATIONSHIP = 4;
const SEEK_HITS_PER_ID = 2;
/** A walked policy checked against an entity set: its relationships of one type. */
const WALK_HITS_PER_POLICY = 16;
/** A walked policy checked against a technology subtree: each target followed up the taxonomy. */
const WALK_HITS_PER_POLICY_CLIMBING = 200;

/** Conditions on every relationship the entity filters follow: parameter references, or null. */
interface LinkRule {
  min: string | null;
  modalities: string | null;
}

/** A relationship of `types`, with at least `min` independent sources and one of `modalities` when given. */
function link(b: CypherBuilder, types: readonly string[], rule: LinkRule): string {
  const r = b.variable('r');
  const conditions: string[] = [];
  if (rule.min) conditions.push(`${r}.independentSources >= ${rule.min}`);
  if (rule.modalities) conditions.push(`${r}.modality IN ${rule.modalities}`);
  return `[${r}:${b.types(types)}${conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : ''}]`;
}

/** For each entity-set filter: its ids, and the pattern from an entity node (`node`, written out) to the policy `p`. */
const TYPE_OF: Record<
  Exclude<MeasureAnchor, 'dateOrder'>,
  { ids: keyof MeasureFilter; pattern: (b: CypherBuilder, node: string, p: string, rule: LinkRule) => string }
> = {
  targets: { ids: 'targetIds', pattern: (b, node, p, rule) => `${node}<-${link(b, ['TARGETS'], rule)}-(${p}:Policy)` },
  promoting: { ids: 'promotingIds', pattern: (b, node, p, rule) => `${node}<-${link(b, ['PROMOTES'], rule)}-(${p}:Policy)` },
  issuers: { ids: 'issuerIds', pattern: (b, node, p, rule) => `${node}-${link(b, API_CONTRACT.issuingTypes, rule)}->(${p}:Policy)` },
};

/**
 * Where a retracted relationship of each entity-set filter keeps its ends: a retracted Claim has no
 * domain edge, so it is found by the `(fromId, id)` / `(toId, id)` indexes of :RetractedClaim.
 */
const RETRACTED_ENDS: Record<Exclude<MeasureAnchor, 'dateOrder'>, { entity: 'fromId' | 'toId'; policy: 'fromId' | 'toId'; types: readonly string[] }> = {
  targets: { entity: 'toId', policy: 'fromId', types: ['TARGETS'] },
  promoting: { entity: 'toId', policy: 'fromId', types: ['PROMOTES'] },
  issuers: { entity: 'fromId', policy: 'toId', types: API_CONTRACT.issuingTypes },
};

/** The conditions on a retracted Claim `rc` that `link` puts on a live relationship: type, sources, modality. */
function retractedLink(b: CypherBuilder, rc: string, types: readonly string[], rule: LinkRule): string {
  const conditions = [`${rc}.type IN ${b.param([...types])}`];
  if (rule.min) conditions.push(`${rc}.independentSources >= ${rule.min}`);
  if (rule.modalities) conditions.push(`${rc}.modality IN ${rule.modalities}`);
  return conditions.join(' AND ');
}

/** A retracted relationship of `anchor`'s kind between the policy `p` and one of `ids` (seek on p's end). */
function retractedExists(b: CypherBuilder, anchor: Exclude<MeasureAnchor, 'dateOrder'>, p: string, ids: string, rule: LinkRule): string {
  const rc = b.variable('rc');
  const ends = RETRACTED_ENDS[anchor];
  return `EXISTS { MATCH (${rc}:RetractedClaim) WHERE ${rc}.${ends.policy} = ${p}.id AND ${rc}.${ends.entity} IN ${ids} AND ${retractedLink(b, rc, ends.types, rule)} }`;
}

const ruleOf = (b: CypherBuilder, filter: MeasureFilter): LinkRule => ({
  min: filter.minSources ? b.param(filter.minSources) : null,
  modalities: filter.modalities ? b.param(filter.modalities) : null,
});

/**
 * The target filter of one technology's whole subtree, from the policy `p`: a target of `p` is the
 * technology or reaches it over taxonomy links (any support, as the name's expansion followed). Walked
 * up from the policy's few targets, so the subtree's ids (20 000 on L, ~12 ms a request to send) are
 * not a parameter.
 */
function inSubtree(b: CypherBuilder, filter: MeasureFilter, p: string, root: string): string {
  const [x, l, y] = [b.variable('x'), b.variable('l'), b.variable('y')];
  const taxonomy = b.types([b.ontology.taxonomyType, ...(filter.includeAreas && b.ontology.areaType ? [b.ontology.areaType] : [])]);
  return (
    `EXISTS { MATCH (${p})-${link(b, ['TARGETS'], ruleOf(b, filter))}->(${x}:Entity) ` +
    `(()-[${l}:${taxonomy} WHERE ${l}.independentSources >= 0]->())* (${y}) WHERE ${y}.id = ${b.param(root)} }`
  );
}

/** The predicates of every filter except the anchor's, on the policy `p`. */
function predicates(b: CypherBuilder, filter: MeasureFilter, anchor: MeasureAnchor, p: string): string[] {
  const out: string[] = [];
  for (const [name, spec] of Object.entries(TYPE_OF) as Array<[MeasureAnchor, (typeof TYPE_OF)['targets']]>) {
    const ids = filter[spec.ids] as string[] | null;
    // The subtree walk follows standing TARGETS edges only; with retracted ones the expanded ids are matched.
    if (ids && name !== anchor && name === 'targets' && filter.targetSubtree !== null && !filter.includeRetracted) {
      out.push(inSubtree(b, filter, p, filter.targetSubtree));
    } else if (ids && name !== anchor) {
      const x = b.variable('x');
      const live = `EXISTS { MATCH ${spec.pattern(b, `(${x})`, p, ruleOf(b, filter))} WHERE ${x}.id IN ${b.param(ids)} }`;
      out.push(filter.includeRetracted ? `(${live} OR ${retractedExists(b, name as Exclude<MeasureAnchor, 'dateOrder'>, p, b.param(ids), ruleOf(b, filter))})` : live);
    }
  }
  // Asserted this way: the policy's issuing relationship (the issuer filter already requires it).
  if (filter.modalities && !filter.issuerIds) {
    const modalities = b.param(filter.modalities);
    const live = `EXISTS { MATCH (:Actor)-${link(b, API_CONTRACT.issuingTypes, { min: null, modalities })}->(${p}) }`;
    if (!filter.includeRetracted) out.push(live);
    else {
      const rc = b.variable('rc');
      const rule = { min: null, modalities };
      out.push(`(${live} OR EXISTS { MATCH (${rc}:RetractedClaim) WHERE ${rc}.toId = ${p}.id AND ${rc}.fromKind = 'Actor' AND ${retractedLink(b, rc, API_CONTRACT.issuingTypes, rule)} })`);
    }
  }
  if (filter.statuses) out.push(`${p}.status IN ${b.param(filter.statuses)}`);
  if (filter.types) out.push(`${p}.type IN ${b.param(filter.types)}`);
  if (filter.from) out.push(`${p}.whenEnd >= ${b.param(cypherDate(filter.from))}`);
  if (filter.to) out.push(`${p}.whenStart <= ${b.param(cypherDate(filter.to))}`);
  return out;
}

/** Binds `p` to every matching policy (distinct), without order. */
function matching(b: CypherBuilder, filter: MeasureFilter, anchor: MeasureAnchor, p: string, extra: string[] = []): string {
  const where = [...predicates(b, filter, anchor, p), ...extra];
  const condition = where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '';
  if (anchor === 'dateOrder') return `MATCH (${p}:Policy)${extra.length > 0 ? ` USING INDEX ${p}:Policy(sortKey)` : ''}${condition}`;
  const spec = TYPE_OF[anchor];
  const [id, e] = [b.variable('id'), b.variable('e')];
  const ids = b.param(filter[spec.ids]);
  // The hint keeps the seek on a small graph, where the planner would scan the id index for each id.
  const live = `UNWIND ${ids} AS ${id} MATCH ${spec.pattern(b, `(${e}:Entity {id: ${id}})`, p, ruleOf(b, filter))} USING INDEX ${e}:Entity(id)`;
  if (!filter.includeRetracted) return `${live} WITH DISTINCT ${p}${condition}`;
  // The retracted relationships of the anchor's entities, by the index on their entity end, as a second branch.
  const rc = b.variable('rc');
  const ends = RETRACTED_ENDS[anchor];
  const retracted =
    `UNWIND ${ids} AS ${id} MATCH (${rc}:RetractedClaim) USING INDEX ${rc}:RetractedClaim(${ends.entity}, id) ` +
    `WHERE ${rc}.${ends.entity} = ${id} AND ${rc}.id IS NOT NULL AND ${retractedLink(b, rc, ends.types, ruleOf(b, filter))} ` +
    `MATCH (${p}:Entity {id: ${rc}.${ends.policy}}) WHERE ${p}:Policy`;
  return `CALL () { ${live} RETURN ${p} UNION ${retracted} RETURN ${p} } WITH DISTINCT ${p}${condition}`;
}

/** Only the target filter, from one technology's kind-of subtree: its count was kept at load. */
function keptCount(filter: MeasureFilter): boolean {
  // The count kept at load is of standing relationships only.
  if (filter.includeRetracted) return false;
  const { targetSubtree, promotingIds, issuerIds, statuses, types, from, to, minSources, modalities } = filter;
  return targetSubtree !== null && !filter.includeAreas && [promotingIds, issuerIds, statuses, types, from, to, minSources, modalities].every((f) => f === null);
}

/** `RETURN … AS total`: the count kept at load when the filter allows, else the matching policies counted. */
function count(b: CypherBuilder, page: MeasuresPage): string {
  const p = b.variable('p');
  // A subtree with areas has no count kept at load: count from the expanded target ids (index seeks),
  // not by walking every policy.
  const anchor = page.anchor === 'dateOrder' && page.filter.includeAreas && page.filter.targetIds ? 'targets' : page.anchor;
  if (!keptCount(page.filter)) return `${matching(b, page.filter, anchor, p)} RETURN count(${p}) AS total`;
  const t = b.variable('t');
  // A graph loaded before the count was kept falls back to counting (CASE evaluates only the branch taken).
  return `MATCH (${t}:Entity {id: ${b.param(page.filter.targetSubtree)}})
    RETURN CASE WHEN ${t}.policiesTargetingSubtree IS NOT NULL THEN ${t}.policiesTargetingSubtree
                ELSE COUNT { ${matching(b, page.filter, page.anchor, p)} RETURN ${p} } END AS total`;
}

export interface MeasuresPage {
  filter: MeasureFilter;
  anchor: MeasureAnchor;
  /** Sort key of the last policy of the previous page. */
  after: string | null;
  limit: number;
  fields: readonly FieldPlan[];
  withRows: boolean;
  withTotal: boolean;
  /** With a date window: also count the matching policies with no date at all, which the window leaves out. */
  withUndatedLeftOut?: boolean;
}

/** `RETURN … AS undatedLeftOut`: the other filters, no window, only undated policies (sortKey from UNDATED_KEY on, an index range). */
function undatedCount(b: CypherBuilder, page: MeasuresPage): string {
  const p = b.variable('p');
  const filter = { ...page.filter, from: null, to: null };
  return `${matching(b, filter, page.anchor, p, [`${p}.sortKey >= ${b.param(`${UNDATED_KEY}|`)}`])} RETURN count(${p}) AS undatedLeftOut`;
}

/** One statement: the page (projected with the selected fields), the total if asked, and the graph version. */
export function measuresStatement(b: CypherBuilder, page: MeasuresPage): string {
  const parts = [GRAPH_VERSION];
  const columns = ['graphVersion'];
  if (page.withRows) {
    const p = b.variable('p');
    // Walking the date index needs a range predicate on sortKey for the index to give the order.
    const keyset = page.anchor === 'dateOrder' || page.after !== null ? [`${p}.sortKey > ${b.param(page.after ?? '')}`] : [];
    const pageRows = `${matching(b, page.filter, page.anchor, p, keyset)} WITH ${p} ORDER BY ${p}.sortKey LIMIT ${b.param(page.limit)}`;
    parts.push(`CALL () { ${pageRows} RETURN collect(${projectEntity(b, p, page.fields, 'Policy', ['sortKey'])}) AS rows }`);
    columns.push('rows');
  }
  if (page.withTotal) {
    parts.push(`CALL () { ${count(b, page)} }`);
    columns.push('total');
  }
  if (page.withUndatedLeftOut && (page.filter.from || page.filter.to)) {
    parts.push(`CALL () { ${undatedCount(b, page)} }`);
    columns.push('undatedLeftOut');
  }
  return `${parts.join('\n')}\n${returnRows(columns)}`;
}
