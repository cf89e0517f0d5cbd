// Statements of the bulk exports (src/export/). Every table is read in keyset batches in id order,
// anchored on the unique id index (`USING INDEX SEEK` keeps a filter's own index from being chosen,
// which would make Neo4j sort the whole match, and forbids an index scan with the keyset as a filter,
// which the planner picks on a small graph and which would read the table from its start on every
// batch); each batch is bounded by $limit rows. Filter statements are
// built from fixed fragments for the filters actually given (no `$x IS NULL OR …` catch-alls).
import { cypher, type CypherQuery } from '../db/executor.ts';
import { storedValue } from './fragments.ts';

/**
 * The column every batch statement returns its keyset position in: the id of the row (or of a record's
 * last row), the next batch's `$after`. src/export/read-batches.ts reads it from here and checks that
 * it is there and increasing on every row, so a statement's shape and its key cannot disagree.
 */
export const KEYSET_COLUMN = 'id';

/**
 * The graph's state (contract 3): `(:GraphState {id: 'graph'})` with `version` and `status`, written
 * by the loader. Until the loader writes it, the seed fingerprint (`SeedState`, also a hash of
 * everything the load wrote) stands in as the version — see src/export/graph-version.ts.
 */
export const graphState = cypher(
  'exports.graphState',
  `
OPTIONAL MATCH (g:GraphState {id: 'graph'})
OPTIONAL MATCH (s:SeedState {id: 'seed'})
RETURN g.version AS version, g.status AS status, g.csvLineFormat AS csvLineFormat, s.fingerprint AS seedFingerprint`,
);

/** Filters of the relationships table: the same arguments as the GraphQL `relationships` query. */
export interface ClaimFilterKeys {
  types: boolean;
  from: boolean;
  to: boolean;
  source: boolean;
  minSources: boolean;
  maxSources: boolean;
  modality: boolean;
}

const FILTER_FRAGMENTS: Record<keyof ClaimFilterKeys, string> = {
  types: 'c.type IN $types',
  from: 'c.fromId = $from',
  to: 'c.toId = $to',
  minSources: 'c.independentSources >= $minSources',
  maxSources: 'c.independentSources <= $maxSources',
  source: 'EXISTS { (c)-[:CITES]->(:Source {id: $source}) }',
  modality: 'c.modality IN $modality',
};
const FILTER_ORDER = Object.keys(FILTER_FRAGMENTS) as Array<keyof ClaimFilterKeys>;

function filterClause(keys: ClaimFilterKeys): { name: string; where: string } {
  const given = FILTER_ORDER.filter((key) => keys[key]);
  return {
    name: given.length === 0 ? 'all' : given.join('+'),
    where: given.map((key) => `\n  AND ${FILTER_FRAGMENTS[key]}`).join(''),
  };
}

/**
 * The next batch of Claims after $after (an id; '' for the first batch), in id order. With `retracted`
 * (decision 0032), the retracted ones too: the same seek on :RetractedClaim's own id index as a second
 * branch, each branch bounded by $limit, and the two merged and cut to $limit — at most 2 × $limit
 * nodes sorted per batch, never the table. A Claim is under one label or the other, never both.
 */
function claimBatch(where: string, retracted = false): string {
  const branch = (label: 'Claim' | 'RetractedClaim') => `MATCH (c:${label}) USING INDEX SEEK c:${label}(id)
WHERE c.id > $after${where}
WITH c ORDER BY c.id LIMIT $limit`;
  if (!retracted) return `\n${branch('Claim')}`;
  return `
CALL () {
${branch('Claim')} RETURN c
UNION ALL
${branch('RetractedClaim')} RETURN c
}
WITH c ORDER BY c.id LIMIT $limit`;
}

/** Name suffix of the statements that include retracted Claims. */
const retractedName = (retracted: boolean) => (retracted ? '+retracted' : '');

/** Who, when and why of a retracted Claim as a list (null on a live one): RETRACTION_FIELDS. */
const RETRACTION = `CASE WHEN c:RetractedClaim THEN [c.retractedAt, c.retractedBy, c.retractedReason] END`;
export const RETRACTION_FIELDS = ['at', 'by', 'reason'] as const;

/**
 * A relationship row is its Claim alone: the Claim carries every property of its domain edge
 * (contract 4) and its endpoints' ids, names and kinds (the read model, src/seed/read-model.ts), so
 * neither the edge nor the endpoints are looked up — one node per row, no expand, no entity seek.
 *
 * The values travel as lists: a map would send every key's name again with every row, and decoding
 * those keys was the largest single cost of an export in Node. `id` is the keyset position; `row` holds
 * EDGE_ROW_HEAD then EDGE_ROW_TAIL; `props` the qualifier and date properties of the row's type, in
 * the order `EdgeProperties.byType` gives for it (any other type: `all`). Reading only the type's own
 * properties matters: each property read costs Neo4j about as much as a step of the plan, and a type
 * has 0–5 of the 13 the ontology defines.
 */
export const EDGE_ROW_HEAD = ['type', 'fromId', 'fromKind', 'fromName', 'toId', 'toKind', 'toName'] as const;
export const EDGE_ROW_TAIL = ['modality', 'independentSources', 'sourceCount', 'citationCount'] as const;

/** The stored qualifier and date properties (dates flattened: dateStart, dateEnd, datePrecision) an export reads. */
export interface EdgeProperties {
  /** Every one the columns read. */
  all: readonly string[];
  /** Per relationship type (from the ontology), the ones it can have. */
  byType: ReadonlyMap<string, readonly string[]>;
}

const propertyValue = (name: string) => storedValue('c', safe(name));

/** The expressions of an edge row's `row` and `props` lists (see above). */
function edgeValues(properties: EdgeProperties): { row: string; props: string } {
  const all = `[${properties.all.map(propertyValue).join(', ')}]`;
  const props =
    properties.byType.size === 0
      ? all
      : `CASE c.type\n${[...properties.byType]
          .map(([type, names]) => `         WHEN '${safeType(type)}' THEN [${names.map(propertyValue).join(', ')}]\n`)
          .join('')}         ELSE ${all} END`;
  const row = `[c.type, c.fromId, c.fromKind, c.fromName, c.toId, c.toKind, c.toName,
        c.modality, c.independentSources, size(c.sourceIds), c.citationCount]`;
  return { row, props };
}

function edgeReturn(properties: EdgeProperties): string {
  const { row, props } = edgeValues(properties);
  return `c.id AS ${KEYSET_COLUMN},
       ${row} AS row,
       ${props} AS props`;
}

/** Tells statements apart by the properties they read (the names logs show leave them out). */
const propertiesKey = (properties: EdgeProperties) =>
  `${properties.all.join(',')}|${[...properties.byType].map(([type, names]) => `${type}:${names.join(',')}`).join(';')}`;

const SAFE_TYPE = /^[A-Z][A-Z0-9_]*$/;

/** Relationship types come from the ontology; anything else never reaches the statement text. */
function safeType(type: string): string {
  if (!SAFE_TYPE.test(type)) throw new Error(`refusing to use '${type}' as a relationship type in an export statement`);
  return type;
}

const SAFE_PROPERTY = /^[A-Za-z][A-Za-z0-9]*$/;

/** Property names come from the ontology; anything else never reaches the statement text. */
function safe(name: string): string {
  if (!SAFE_PROPERTY.test(name)) throw new Error(`refusing to use '${name}' as a property name in an export statement`);
  return name;
}

/** The fields of a citation's list, in the order CITATIONS returns them. */
export const CITATION_FIELDS = ['ordinal', 'sourceId', 'quote', 'paragraph', 'offset', 'mentionsFrom', 'mentionsTo', 'verified', 'verification', 'checkedDigest', 'checkedAt'] as const;

/**
 * A Claim's citations with the cited source's id, each as a list in the order of CITATION_FIELDS
 * (put in ordinal order in Node: no sort in the plan). A quote a load verified carries no time of its
 * own: it was checked when the graph was last written (GraphState.loadedAt; a seek, only for those).
 */
const CITATIONS = `COLLECT {
         MATCH (c)-[k:CITES]->(s:Source)
         RETURN [k.ordinal, s.id, k.quote, k.paragraph, k.offset, k.mentionsFrom, k.mentionsTo, k.verified, k.verification, k.checkedDigest,
                 CASE WHEN k.verified AND k.checkedAt IS NULL THEN COLLECT { MATCH (g:GraphState {id: 'graph'}) RETURN g.loadedAt }[0] ELSE k.checkedAt END]
       }`;

const cache = new Map<string, CypherQuery>();

/** `key` tells statements of one name apart (the properties they read); it stays out of the name logs show. */
function memo(name: string, build: () => string, key = ''): CypherQuery {
  let query = cache.get(`${name}${key}`);
  if (!query) {
    query = cypher(name, build());
    cache.set(`${name}${key}`, query);
  }
  return query;
}

function isPropertyList(properties: EdgeProperties | readonly string[]): properties is readonly string[] {
  return Array.isArray(properties);
}

/**
 * A batch of the edge table; with `withCitations`, each row also carries its citations (JSON Lines,
 * GraphML). `properties`: the stored qualifier and date properties the columns read (from the
 * ontology) — only those travel, not every property of the Claim.
 */
export function relationshipBatch(keys: ClaimFilterKeys, withCitations: boolean, properties: EdgeProperties | readonly string[] = [], retracted = false): CypherQuery {
  const { name, where } = filterClause(keys);
  const spec: EdgeProperties = isPropertyList(properties) ? { all: properties, byType: new Map() } : properties;
  const key = propertiesKey(spec);
  return memo(
    `exports.relationships${withCitations ? 'WithCitations' : ''}[${name}${retractedName(retracted)}]`,
    () =>
      `${claimBatch(where, retracted)}
RETURN ${edgeReturn(spec)}${withCitations ? `,\n       ${CITATIONS} AS citations` : ''}${retracted ? `,\n       ${RETRACTION} AS retraction` : ''}
ORDER BY ${KEYSET_COLUMN}`,
    `{${key}}`,
  );
}

/** Stored lines per record of `relationshipLineBatch`. */
export const LINES_PER_RECORD = 50;

/**
 * A batch of the edge table as the CSV lines its Claims store (src/tables/stored-lines.ts), in
 * records of up to LINES_PER_RECORD lines each: `lines` holds them in id order and `id` is the last
 * one's id (the keyset position). A Claim without a line (written by something other than the loader)
 * is a map `{id, row, props}` in its place, read as `relationshipBatch` reads it; `coalesce` reads those
 * properties only then.
 *
 * Why records of many lines: per record, Neo4j spends ~3 µs in Bolt and the driver ~3 µs decoding it,
 * more than one stored line costs otherwise (~50 lines of ~270 bytes stay within one 64 KB Bolt
 * chunk: a record spanning several chunks takes the driver's slow path). The `collect` gathers one
 * batch, after the LIMIT, never the table.
 */
export function relationshipLineBatch(keys: ClaimFilterKeys, properties: EdgeProperties, retracted = false): CypherQuery {
  const { name, where } = filterClause(keys);
  const { row, props } = edgeValues(properties);
  // With retracted Claims: a retracted one is always the map (with its retraction), never its stored
  // line — that line was written while it stood, perhaps in an older format, and has no retraction columns.
  const item = retracted
    ? `CASE WHEN c:RetractedClaim THEN {id: c.id, row: ${row}, props: ${props}, retraction: ${RETRACTION}}
                    ELSE coalesce(c.csvLine, {id: c.id, row: ${row}, props: ${props}}) END`
    : `coalesce(c.csvLine, {id: c.id, row: ${row}, props: ${props}})`;
  return memo(
    `exports.relationshipLines[${name}${retractedName(retracted)}]`,
    () =>
      `${claimBatch(where, retracted)}
WITH collect(c) AS claims
// An empty batch must return no record. Without this guard the batch after the last Claim returned one
// record with no lines and a null keyset position (seen when the Claim count is a multiple of the batch
// size); the reader refuses such a record (src/export/read-batches.ts).
WHERE size(claims) > 0
UNWIND range(0, size(claims) - 1, ${LINES_PER_RECORD}) AS first
WITH claims[first..first + ${LINES_PER_RECORD}] AS chunk ORDER BY first
RETURN [c IN chunk | ${item}] AS lines,
       chunk[-1].id AS ${KEYSET_COLUMN}`,
    `{${propertiesKey(properties)}}`,
  );
}

/** A batch of Claims with their citations (the citation table: one row per citation, made in Node). */
export function citationBatch(keys: ClaimFilterKeys, retracted = false): CypherQuery {
  const { name, where } = filterClause(keys);
  return memo(`exports.citations[${name}${retractedName(retracted)}]`, () =>
    `${claimBatch(where, retracted)}
RETURN c.id AS ${KEYSET_COLUMN}, ${CITATIONS} AS citations${retracted ? `, ${RETRACTION} AS retraction` : ''}
ORDER BY ${KEYSET_COLUMN}`,
  );
}

/** Row counts of the filtered tables (the manifest). Without filters the counts come from the count store. */
export function relationshipCounts(keys: ClaimFilterKeys, retracted = false): CypherQuery {
  const { name, where } = filterClause(keys);
  if (retracted) return retractedCounts(name, where);
  if (name === 'all') {
    return memo('exports.counts[all]', () =>
      `
RETURN COUNT { (c:Claim) } AS relationships,
       COUNT { (:Claim)-[:CITES]->() } AS citations`,
    );
  }
  return memo(`exports.counts[${name}]`, () =>
    `
MATCH (c:Claim)
WHERE true${where}
RETURN count(c) AS relationships, coalesce(sum(c.citationCount), 0) AS citations`,
  );
}

/** The counts with the retracted Claims added: from the count store without filters, else both labels counted. */
function retractedCounts(name: string, where: string): CypherQuery {
  if (name === 'all') {
    return memo('exports.counts[all+retracted]', () =>
      `
RETURN COUNT { (c:Claim) } + COUNT { (c:RetractedClaim) } AS relationships,
       COUNT { (:Claim)-[:CITES]->() } + COUNT { (:RetractedClaim)-[:CITES]->() } AS citations`,
    );
  }
  return memo(`exports.counts[${name}+retracted]`, () =>
    `
CALL () {
  MATCH (c:Claim) WHERE true${where} RETURN c
  UNION ALL
  MATCH (c:RetractedClaim) WHERE true${where} RETURN c
}
RETURN count(c) AS relationships, coalesce(sum(c.citationCount), 0) AS citations`,
  );
}

/** A batch of entities or sources: the node (its properties and labels) and its id, the keyset position. */
function nodeBatch(label: 'Entity' | 'Source'): string {
  return `
MATCH (n:${label}) USING INDEX SEEK n:${label}(id)
WHERE n.id > $after
WITH n ORDER BY n.id LIMIT $limit
RETURN n.id AS ${KEYSET_COLUMN}, n
ORDER BY ${KEYSET_COLUMN}`;
}

export const entityBatch = cypher('exports.entities', nodeBatch('Entity'));

export const sourceBatch = cypher('exports.sources', nodeBatch('Source'));

export const tableCounts = cypher(
  'exports.tableCounts',
  `RETURN COUNT { (n:Entity) } AS entities, COUNT { (n:Source) } AS sources`,
);
