// Cypher map projections of the API's shapes — an entity, a relationship (its Claim), a citation, a
// source — that fetch, in the same statement, exactly the sub-fields a request selected: a policy's
// issuers, an entity's relationship page, a relationship's citations … Each projected value is
// `{props, labels?, sub}`: the node's properties, and under `sub` one entry per selected field that needs
// the database, keyed by its response key. Fields computed from properties alone (names, dates,
// qualifiers) are not projected; the resolvers derive them.
//
// Every list is bounded (LIMIT) and ordered the way the API documents; relationship pages walk the
// composite indexes :Claim(fromId, id) and :Claim(toId, id) in index order, so a page of a hub costs
// the page, not the hub's degree. Counts of an entity's relationships read node degrees. Index hints
// (USING INDEX) keep these plans whatever the statistics say: on a small graph the planner would
// otherwise prefer a label scan, and keep that plan until it notices the graph has grown.
import { API_CONTRACT } from '../api-contract.ts';
import { storedValue } from '../fragments.ts';
import type { CypherBuilder } from './builder.ts';
import { mergedChildren, selected, type FieldPlan } from './field-plan.ts';
import { storedProperties, type Shape } from './stored-properties.ts';

type FieldBuilder = (b: CypherBuilder, v: string, plan: FieldPlan) => string | null;

export type Direction = 'OUT' | 'IN' | 'BOTH';

export interface RelationshipPageOptions {
  direction: Direction;
  types: string[] | null;
  /** Rows to fetch: the page size plus one (the extra row only says whether there is a next page). */
  limit: number;
  after: string | null;
  /** Also retracted relationships (:RetractedClaim), merged in id order; off by default. */
  includeRetracted?: boolean;
}

// --- Entities ------------------------------------------------------------------------------------

const PROPERTY_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const QUALIFIER_NAMES = new WeakMap<CypherBuilder['ontology'], readonly string[]>();

/** The qualifier names of the ontology's relationship types (read by Relationship.qualifiers); once per ontology. */
function qualifierNames(b: CypherBuilder): readonly string[] {
  let names = QUALIFIER_NAMES.get(b.ontology);
  if (!names) {
    const all = [...b.ontology.relationshipTypes.values()].flatMap((def) => Object.values(def.properties).filter((p) => p.type !== 'partialDate').map((p) => p.name));
    names = Object.freeze([...new Set(all)]);
    QUALIFIER_NAMES.set(b.ontology, names);
  }
  return names;
}

/**
 * `v {.a, .b, …}`: only the properties the fields read (stored-properties.ts); all of them when unsure.
 * A policy's `date` reads its stated dates only when it has no `when*` copy (CASE evaluates one branch).
 */
function propsOf(b: CypherBuilder, shape: Shape, v: string, fields: readonly FieldPlan[], extra: readonly string[] = []): string {
  const stored = storedProperties(shape, fields, qualifierNames(b), extra);
  const lists = stored ? [stored.names, ...(stored.undated ? [stored.undated] : [])] : [];
  if (!stored || lists.some((names) => names.some((name) => !PROPERTY_NAME.test(name)))) return `properties(${v})`;
  const entry = (name: string) => {
    const value = storedValue(v, name);
    return value === `${v}.${name}` ? `.${name}` : `${name}: ${value}`;
  };
  const map = (names: readonly string[]) => `${v} {${names.map(entry).join(', ')}}`;
  if (!stored.undated) return map(stored.names);
  return `CASE WHEN ${v}.whenBasis IS NULL THEN ${map(stored.undated)} ELSE ${map(stored.names)} END`;
}

/**
 * `{props, labels, sub}` of the entity bound to `v`. `concrete`: the kind the field's type already fixes;
 * `extra`: properties needed besides the fields' (a search hit's aliases).
 */
export function projectEntity(b: CypherBuilder, v: string, fields: readonly FieldPlan[], concrete?: string, extra: readonly string[] = []): string {
  return `{props: ${propsOf(b, 'Entity', v, fields, extra)}, labels: labels(${v})${entitySub(b, v, fields, concrete)}}`;
}

function entitySub(b: CypherBuilder, v: string, fields: readonly FieldPlan[], concrete: string | undefined): string {
  const common = fields.filter((f) => f.owner === 'Entity' || f.owner === concrete);
  const byKind = new Map<string, FieldPlan[]>();
  for (const f of fields) {
    if (f.owner === 'Entity' || f.owner === concrete) continue;
    byKind.set(f.owner, [...(byKind.get(f.owner) ?? []), f]);
  }
  const commonMap = mapOf(b, v, common, ENTITY_FIELDS);
  const branches = [...byKind]
    .map(([kind, own]) => [kind, mapOf(b, v, [...common, ...own], ENTITY_FIELDS)] as const)
    .filter(([, map]) => map !== null)
    .map(([kind, map]) => `WHEN ${v}:${b.label(kind)} THEN ${map}`);
  if (branches.length === 0) return commonMap ? `, sub: ${commonMap}` : '';
  return `, sub: CASE ${branches.join(' ')} ELSE ${commonMap ?? '{}'} END`;
}

/** The entity whose id is the value of `idExpr`, projected; null when there is none. */
function entityById(b: CypherBuilder, idExpr: string, fields: readonly FieldPlan[]): string {
  const x = b.variable('e');
  return `COLLECT { MATCH (${x}:Entity {id: ${idExpr}}) RETURN ${projectEntity(b, x, fields)} }[0]`;
}

/** Entities linked to `v` by one relationship type, ordered by name, at most `limit`. */
function neighbours(type: string, direction: 'IN' | 'OUT', kind: string | null, fixedLimit?: number): FieldBuilder {
  return (b, v, plan) => {
    const m = b.variable('m');
    const label = kind ? b.label(kind) : 'Entity';
    const arrow = direction === 'OUT' ? `(${v})-[:${b.types([type])}]->(${m}:${label})` : `(${v})<-[:${b.types([type])}]-(${m}:${label})`;
    const limit = b.param(fixedLimit ?? (plan.options.first as number));
    return `COLLECT { MATCH ${arrow} WITH DISTINCT ${m} ORDER BY ${m}.name, ${m}.id LIMIT ${limit} RETURN ${entityOrReference(b, m, plan.children, kind)} }`;
  };
}

/**
 * An entity asked for its id, name and kind alone (a policy's issuers and targets on the headline) as
 * an `[id, name, kind]` triple, as an endpoint read from its Claim is: the map projection costs Node a
 * property definition per key to decode (on M's headline page, 3 of its ~20 ms; records.ts reads both).
 * `kind`: the label the pattern already fixes, else the node's own entity-kind label.
 */
function entityOrReference(b: CypherBuilder, m: string, fields: readonly FieldPlan[], kind: string | null): string {
  // `id`, `name` and `kind` of the interface or of the concrete kind the field's type names (issuers: Actor).
  const onlyReference = fields.every((f) => (f.owner === 'Entity' || f.owner === kind) && ON_CLAIM.has(f.field));
  if (!onlyReference) return projectEntity(b, m, fields, kind ?? undefined);
  const kindOf = kind ? b.param(kind) : `[l IN labels(${m}) WHERE l IN ${b.param([...b.ontology.entityKinds])}][0]`;
  return `[${m}.id, ${m}.name, ${kindOf}]`;
}

function taxonomy(direction: 'IN' | 'OUT'): FieldBuilder {
  return (b, v, plan) => neighbours(b.ontology.taxonomyType, direction, 'Technology')(b, v, plan);
}

/** Area links ("an area of"), kept apart from the kind-of taxonomy. */
function areas(direction: 'IN' | 'OUT'): FieldBuilder {
  return (b, v, plan) => neighbours(b.ontology.areaType ?? b.ontology.taxonomyType, direction, 'Technology')(b, v, plan);
}

const governmentBodies: FieldBuilder = (b, v, plan) => {
  const x = b.variable('g');
  return (
    `COLLECT { MATCH (${x}:Actor) WHERE ${x}.country = ${v}.id AND ${x}.type IN ${b.param([...API_CONTRACT.governmentActorTypes])} ` +
    `WITH ${x} ORDER BY ${x}.id LIMIT ${b.param(plan.options.first)} RETURN ${projectEntity(b, x, plan.children, 'Actor')} }`
  );
};

/**
 * The claims of `v` (by `fromId` or `toId`), in relationship-id order from the composite index of
 * `label`: :Claim for what stands, :RetractedClaim (its own index) for what was retracted.
 */
function claimStream(b: CypherBuilder, v: string, c: string, key: 'fromId' | 'toId', page: RelationshipPageOptions, label: 'Claim' | 'RetractedClaim' = 'Claim', cut = true): string {
  // The id predicate (a range, or existence on a first page) lets the composite index give the order.
  const filters = [`${c}.${key} = ${v}.id`, page.after === null ? `${c}.id IS NOT NULL` : `${c}.id > ${b.param(page.after)}`];
  if (page.types !== null) filters.push(`${c}.type IN ${b.param(page.types)}`);
  const match = `MATCH (${c}:${label}) USING INDEX ${c}:${label}(${key}, id) WHERE ${filters.join(' AND ')}`;
  return cut ? `${match} WITH ${c} ORDER BY ${c}.${key}, ${c}.id LIMIT ${b.param(page.limit)}` : match;
}

/**
 * The streams of a page, merged: each is cut at `limit` in index order (unless `cut` is false), then the
 * union is cut again. The default page is the live streams alone (the statement text a page had before
 * retractions); `includeRetracted` adds the same streams over :RetractedClaim as separate branches, so
 * the hot default statement carries no predicate for them.
 */
function mergedStreams(b: CypherBuilder, v: string, c: string, page: RelationshipPageOptions, keys: ReadonlyArray<'fromId' | 'toId'>, cut = true): string {
  const labels = page.includeRetracted ? (['Claim', 'RetractedClaim'] as const) : (['Claim'] as const);
  const branches = labels.flatMap((label) => keys.map((key) => `${claimStream(b, v, c, key, page, label, cut)} RETURN ${c}`));
  return `CALL (${v}) { ${branches.join(' UNION ')} }`;
}

/** Cypher that binds `c` to the claims of the page (ordered by id, at most `limit`), ready for RETURN. */
export function relationshipPage(b: CypherBuilder, v: string, c: string, page: RelationshipPageOptions): string {
  if (!page.includeRetracted && page.direction === 'OUT') return claimStream(b, v, c, 'fromId', page);
  if (!page.includeRetracted && page.direction === 'IN') return claimStream(b, v, c, 'toId', page);
  const keys = page.direction === 'OUT' ? (['fromId'] as const) : page.direction === 'IN' ? (['toId'] as const) : (['fromId', 'toId'] as const);
  return `${mergedStreams(b, v, c, page, keys)} WITH ${c} ORDER BY ${c}.id LIMIT ${b.param(page.limit)}`;
}

/**
 * Number of relationships of `v`: its degree, read from the node (no expansion). With retracted ones,
 * plus the retracted Claims found through their own (fromId, id) / (toId, id) indexes.
 */
export function relationshipCount(b: CypherBuilder, v: string, direction: Direction, types: readonly string[] | null, includeRetracted = false): string {
  const rel = types && types.length > 0 ? `[:${b.types(types)}]` : '[]';
  const pattern = direction === 'OUT' ? `(${v})-${rel}->()` : direction === 'IN' ? `(${v})<-${rel}-()` : `(${v})-${rel}-()`;
  const live = `COUNT { ${pattern} }`;
  if (!includeRetracted) return live;
  const keys = direction === 'OUT' ? ['fromId'] : direction === 'IN' ? ['toId'] : ['fromId', 'toId'];
  const retracted = keys.map((key) => {
    const r = b.variable('r');
    const typeFilter = types && types.length > 0 ? ` AND ${r}.type IN ${b.param(types)}` : '';
    return `COUNT { MATCH (${r}:RetractedClaim) USING INDEX ${r}:RetractedClaim(${key}, id) WHERE ${r}.${key} = ${v}.id AND ${r}.id IS NOT NULL${typeFilter} }`;
  });
  return [live, ...retracted].join(' + ');
}

/** `{rows, total}` of a connection: rows only when nodes/edges/pageInfo are selected, total only when totalCount is. */
function connection(plan: FieldPlan, rows: () => string, total: () => string): string {
  const parts: string[] = [];
  if (['nodes', 'edges', 'pageInfo'].some((f) => selected(plan.children, f))) parts.push(`rows: ${rows()}`);
  if (selected(plan.children, 'totalCount')) parts.push(`total: ${total()}`);
  return `{${parts.join(', ')}}`;
}

/** The fields selected on a connection's items (`nodes { … }` and `edges { node { … } }`). */
function itemFields(plan: FieldPlan): FieldPlan[] {
  return [...mergedChildren(plan.children, 'nodes'), ...mergedChildren(plan.children, 'edges', 'node')];
}

const entityRelationships: FieldBuilder = (b, v, plan) => {
  const page = plan.options as unknown as RelationshipPageOptions;
  return connection(
    plan,
    () => {
      const c = b.variable('c');
      return `COLLECT { ${relationshipPage(b, v, c, page)} RETURN ${projectClaim(b, c, itemFields(plan))} }`;
    },
    () => relationshipCount(b, v, page.direction, page.types, page.includeRetracted === true),
  );
};

const actorMeasures: FieldBuilder = (b, v, plan) => {
  const { limit, after } = plan.options as { limit: number; after: string | null };
  const issuing = b.types([...API_CONTRACT.issuingTypes]);
  return connection(
    plan,
    () => {
      const p = b.variable('p');
      const keyset = after === null ? '' : ` WHERE ${p}.sortKey > ${b.param(after)}`;
      return (
        `COLLECT { MATCH (${v})-[:${issuing}]->(${p}:Policy) WITH DISTINCT ${p}${keyset} ` +
        `WITH ${p} ORDER BY ${p}.sortKey LIMIT ${b.param(limit)} RETURN ${projectEntity(b, p, itemFields(plan), 'Policy', ['sortKey'])} }`
      );
    },
    () => {
      const p = b.variable('p');
      return `COUNT { MATCH (${v})-[:${issuing}]->(${p}:Policy) RETURN DISTINCT ${p} }`;
    },
  );
};

const policyEvidence: FieldBuilder = (b, v, plan) => {
  const { types, first, includeRetracted } = plan.options as { types: string[] | null; first: number; includeRetracted?: boolean };
  const c = b.variable('c');
  const page: RelationshipPageOptions = { direction: 'BOTH', types, limit: first, after: null, includeRetracted: includeRetracted === true };
  // Every relationship of the policy (both directions; a policy has tens), then the first `first` by
  // (type, id): a stream cut at `first` by id would drop a relationship whose type sorts first.
  return (
    `COLLECT { ${mergedStreams(b, v, c, page, ['fromId', 'toId'], false)} ` +
    `WITH ${c} ORDER BY ${c}.type, ${c}.id LIMIT ${b.param(first)} RETURN ${projectClaim(b, c, plan.children)} }`
  );
};

/** A partial date: only its `resolvedAgainst` source needs the database; `sourceId` gives that source's id. */
function partialDate(sourceId: (v: string) => string): FieldBuilder {
  return (b, v, plan) => {
    const parts = plan.children
      .filter((f) => f.field === 'resolvedAgainst')
      .map((f) => {
        const s = b.variable('s');
        return `\`${f.key}\`: COLLECT { MATCH (${s}:Source {id: ${sourceId(v)}}) RETURN ${projectSource(b, s, f.children)} }[0]`;
      });
    return parts.length > 0 ? `{${parts.join(', ')}}` : null;
  };
}

/** A partial date stored as `<name>Start/…/<name>ResolvedAgainst`. */
const literal = (name: string) => (v: string) => `${v}.${name}ResolvedAgainst`;
/** The date a record is ordered by: its own (`whenField` names it), or the source that places an undated policy. */
const whenSource = (v: string) => `CASE WHEN ${v}.whenBasis = 'source' THEN ${v}.whenSource ELSE ${v}[${v}.whenField + 'ResolvedAgainst'] END`;
/**
 * The source resolving a policy's `date`: as `whenSource`, or for a policy without a `when*` date that of
 * its stated announcement, else of its report date (the fallback of the `Policy.date` resolver).
 */
const policyDateSource = (v: string) =>
  `CASE WHEN ${v}.whenBasis IS NULL THEN CASE WHEN ${v}.announcedPrecision IS NOT NULL THEN ${v}.announcedResolvedAgainst ELSE ${v}.asOfResolvedAgainst END ELSE ${whenSource(v)} END`;

/** The source resolving a relationship's `date`: its own, or for an unknown date the source that bounds it. */
const relationshipDateSource = (v: string) =>
  `CASE WHEN ${v}.datePrecision = 'unknown' AND ${v}.whenBasis = 'source' THEN ${v}.whenSource ELSE ${v}.dateResolvedAgainst END`;

const ENTITY_FIELDS: Record<string, FieldBuilder> = {
  'Entity.relationships': entityRelationships,
  'Actor.country': (b, v, plan) => entityById(b, `${v}.country`, plan.children),
  'Actor.measures': actorMeasures,
  'Policy.issuers': neighbours('ISSUED', 'IN', 'Actor', 100),
  'Policy.parties': neighbours('PARTY_TO', 'IN', 'Actor', 100),
  'Policy.targets': neighbours('TARGETS', 'OUT', null),
  'Policy.promotes': neighbours('PROMOTES', 'OUT', 'Technology'),
  'Policy.evidence': policyEvidence,
  'Policy.announced': partialDate(literal('announced')),
  'Policy.effective': partialDate(literal('effective')),
  'Policy.asOf': partialDate(literal('asOf')),
  'Policy.date': partialDate(policyDateSource),
  'Technology.broader': taxonomy('OUT'),
  'Technology.narrower': taxonomy('IN'),
  'Technology.areas': areas('IN'),
  'Technology.areaOf': areas('OUT'),
  'Country.governmentBodies': governmentBodies,
  'Goal.targetDate': partialDate(literal('targetDate')),
};

// --- Relationships, citations, sources -----------------------------------------------------------

/** `{props, sub}` of the relationship whose Claim is bound to `c` (the Claim holds the edge's properties). */
export function projectClaim(b: CypherBuilder, c: string, fields: readonly FieldPlan[]): string {
  const sub = mapOf(b, c, fields, RELATIONSHIP_FIELDS);
  return `{props: ${propsOf(b, 'Relationship', c, fields)}${sub ? `, sub: ${sub}` : ''}}`;
}

/** An endpoint's name: copied onto the Claim at load (src/seed/read-model.ts); looked up for older graphs. */
const endpointName = (b: CypherBuilder, c: string, side: 'from' | 'to') => {
  const x = b.variable('e');
  return `coalesce(${c}.${side}Name, COLLECT { MATCH (${x}:Entity {id: ${c}.${side}Id}) RETURN ${x}.name }[0])`;
};

/** Fields of an endpoint the Claim itself answers. */
const ON_CLAIM = new Set(['id', 'name', 'kind']);

/** A relationship's endpoint: from the Claim when only its id, name and kind are asked for, else looked up. */
function endpoint(side: 'from' | 'to'): FieldBuilder {
  return (b, c, plan) => {
    const lookUp = entityById(b, `${c}.${side}Id`, plan.children);
    if (!plan.children.every((f) => f.owner === 'Entity' && ON_CLAIM.has(f.field))) return lookUp;
    // A triple, not a nested map: a tenth of the work to build and decode on a page of 100 (records.ts).
    return `CASE WHEN ${c}.${side}Kind IS NULL THEN ${lookUp} ELSE [${c}.${side}Id, ${c}.${side}Name, ${c}.${side}Kind] END`;
  };
}

const RELATIONSHIP_FIELDS: Record<string, FieldBuilder> = {
  'Relationship.from': endpoint('from'),
  'Relationship.to': endpoint('to'),
  'Relationship.summary': (b, c) => `[${endpointName(b, c, 'from')}, ${endpointName(b, c, 'to')}]`,
  'Relationship.citations': (b, c, plan) => {
    const k = b.variable('k');
    const s = b.variable('s');
    const first = plan.options.first;
    if (typeof first !== 'number') throw new Error(`Relationship.citations is planned without options.first (got ${String(first)})`);
    const limit = b.param(first);
    return `COLLECT { MATCH (${c})-[${k}:CITES]->(${s}:Source) WITH ${k}, ${s} ORDER BY ${k}.ordinal LIMIT ${limit} RETURN ${projectCitation(b, k, s, plan.children)} }`;
  },
  'Relationship.date': partialDate(relationshipDateSource),
  // The timeline's date of a relationship event (its `when`).
  'Relationship.when': partialDate(whenSource),
};

/**
 * `[props, source]` of the citation `k` (a CITES relationship) with its source `s` inline. A pair, not a
 * map: a page's citations outnumber its other records, and each map key is decoded again per value.
 */
export function projectCitation(b: CypherBuilder, k: string, s: string, fields: readonly FieldPlan[]): string {
  // The quote and its source's id alone (the headline's evidence): two strings, not two maps to decode
  // (records.ts `toCitation` reads both forms).
  if (fields.every((f) => f.field === 'quote' || f.field === 'source') && mergedChildren(fields, 'source').every((f) => f.field === 'id')) {
    return `[${k}.quote, ${s}.id]`;
  }
  const pair = `${propsOf(b, 'Citation', k, fields)}, ${projectSource(b, s, mergedChildren(fields, 'source'))}`;
  if (!fields.some((f) => f.field === 'verification')) return `[${pair}]`;
  // A quote verified by a load carries no time of its own (the rows are the same at every load, so the
  // graph version is too): it was checked when the graph was last written, GraphState.loadedAt.
  const g = b.variable('g');
  return `[${pair}, CASE WHEN ${k}.verified AND ${k}.checkedAt IS NULL THEN COLLECT { MATCH (${g}:GraphState {id: 'graph'}) RETURN ${g}.loadedAt }[0] END]`;
}

/** `{props, sub}` of the source bound to `s`; its properties alone when no field needs the database. */
export function projectSource(b: CypherBuilder, s: string, fields: readonly FieldPlan[]): string {
  const sub = mapOf(b, s, fields, SOURCE_FIELDS);
  return sub ? `{props: ${propsOf(b, 'Source', s, fields)}, sub: ${sub}}` : propsOf(b, 'Source', s, fields);
}

const SOURCE_FIELDS: Record<string, FieldBuilder> = {
  'Source.sameStoryAs': (b, s, plan) => {
    const o = b.variable('o');
    return `COLLECT { MATCH (${o}:Source {story: ${s}.story}) WHERE ${o}.id <> ${s}.id WITH ${o} ORDER BY ${o}.id RETURN ${projectSource(b, o, plan.children)} }`;
  },
  'Source.citationCount': (_b, s) => `COUNT { (${s})<-[:CITES]-(:Claim) }`,
  // Never the text itself: what it is (digest, length) and when it came.
  'Source.heldText': (b, s) => {
    const t = b.variable('t');
    return `COLLECT { MATCH (${t}:SourceText {sourceId: ${s}.id}) RETURN ${t} {.digest, .length, .storedAt, .storedBy, .previousDigest, .changedAt} }[0]`;
  },
  'Source.relationships': (b, s, plan) => {
    const { limit, after } = plan.options as { limit: number; after: string | null };
    const c = b.variable('c');
    const keyset = after === null ? '' : ` WHERE ${c}.id > ${b.param(after)}`;
    return connection(
      plan,
      () =>
        `COLLECT { MATCH (${s})<-[:CITES]-(${c}:Claim)${keyset} WITH DISTINCT ${c} ORDER BY ${c}.id LIMIT ${b.param(limit)} ` +
        `RETURN ${projectClaim(b, c, itemFields(plan))} }`,
      () => `COUNT { MATCH (${s})<-[:CITES]-(${c}:Claim) RETURN DISTINCT ${c} }`,
    );
  },
  'Source.published': partialDate(literal('published')),
};

// --- Shared --------------------------------------------------------------------------------------

/** `{key: expr, …}` for the fields that need the database; null when none does. */
function mapOf(b: CypherBuilder, v: string, fields: readonly FieldPlan[], registry: Record<string, FieldBuilder>): string | null {
  const entries: string[] = [];
  const seen = new Set<string>();
  for (const field of fields) {
    if (seen.has(field.key)) continue;
    const build = registry[`${field.owner}.${field.field}`] ?? registry[`Entity.${field.field}`];
    if (!build) continue;
    seen.add(field.key);
    const expr = field.error ? 'null' : build(b, v, field);
    if (expr !== null) entries.push(`\`${field.key}\`: ${expr}`);
  }
  return entries.length > 0 ? `{${entries.join(', ')}}` : null;
}

/** The expression for one field of an entity, relationship or source bound to `v` (batched look-ups of a field). */
export function fieldExpression(b: CypherBuilder, shape: 'Entity' | 'Relationship' | 'Source', v: string, field: FieldPlan): string | null {
  const registry = shape === 'Entity' ? ENTITY_FIELDS : shape === 'Relationship' ? RELATIONSHIP_FIELDS : SOURCE_FIELDS;
  const build = registry[`${field.owner}.${field.field}`] ?? registry[`Entity.${field.field}`];
  return build ? build(b, v, field) : null;
}
