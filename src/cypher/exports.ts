// Statements of the bulk exports (src/export/). Every table is read in keyset batches in id order,
// anchored on the unique id index (`USING INDEX` keeps a filter's own index from being chosen, which
// would make Neo4j sort the whole match); each batch is bounded by $limit rows. Filter statements are
// built from fixed fragments for the filters actually given (no `$x IS NULL OR …` catch-alls).
import { cypher, type CypherQuery } from '../db/executor.ts';

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
RETURN g.version AS version, g.status AS status, s.fingerprint AS seedFingerprint`,
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

/** The next batch of Claims after $after (an id; '' for the first batch), in id order. */
function claimBatch(where: string): string {
  return `
MATCH (c:Claim) USING INDEX c:Claim(id)
WHERE c.id > $after${where}
WITH c ORDER BY c.id LIMIT $limit`;
}

/**
 * A relationship row from its Claim: the endpoints by index seek; the qualifiers and dates from the
 * Claim itself (contract 4: it carries every property of its domain edge, so the edge is never
 * looked up — an Expand(Into) between two hubs costs their degree).
 */
const EDGE_ROW = `
MATCH (a:Entity {id: c.fromId}), (b:Entity {id: c.toId})`;

function edgeReturn(properties: readonly string[]): string {
  // Dates travel as 'YYYY-MM-DD' text: cheaper for the driver (and Node's GC) than temporal objects.
  const projection = properties.map((name) => (/(Start|End)$/.test(name) ? `${safe(name)}: toString(c.${name})` : `.${safe(name)}`)).join(', ');
  return `c.id AS id, c.type AS type,
       a.id AS fromId, labels(a) AS fromLabels, a.name AS fromName,
       b.id AS toId, labels(b) AS toLabels, b.name AS toName,
       c {${projection}} AS props, c.modality AS modality,
       c.independentSources AS independentSources, size(c.sourceIds) AS sourceCount,
       c.citationCount AS citationCount`;
}

const SAFE_PROPERTY = /^[A-Za-z][A-Za-z0-9]*$/;

/** Property names come from the ontology; anything else never reaches the statement text. */
function safe(name: string): string {
  if (!SAFE_PROPERTY.test(name)) throw new Error(`refusing to use '${name}' as a property name in an export statement`);
  return name;
}


/** A Claim's citations with the cited source's id (put in ordinal order in Node: no sort in the plan). */
const CITATIONS = `COLLECT {
         MATCH (c)-[k:CITES]->(s:Source)
         RETURN k {.ordinal, .quote, .paragraph, .offset, .mentionsFrom, .mentionsTo, .verified, sourceId: s.id}
       }`;

const cache = new Map<string, CypherQuery>();

function memo(name: string, build: () => string): CypherQuery {
  let query = cache.get(name);
  if (!query) {
    query = cypher(name, build());
    cache.set(name, query);
  }
  return query;
}

/**
 * A batch of the edge table; with `withCitations`, each row also carries its citations (JSON Lines,
 * GraphML). `properties`: the stored qualifier and date properties the columns read (from the
 * ontology) — only those travel, not every property of the Claim.
 */
export function relationshipBatch(keys: ClaimFilterKeys, withCitations: boolean, properties: readonly string[] = []): CypherQuery {
  const { name, where } = filterClause(keys);
  return memo(`exports.relationships${withCitations ? 'WithCitations' : ''}[${name}]{${properties.join(',')}}`, () =>
    `${claimBatch(where)}${EDGE_ROW}
RETURN ${edgeReturn(properties)}${withCitations ? `,\n       ${CITATIONS} AS citations` : ''}
ORDER BY id`,
  );
}

/** A batch of Claims with their citations (the citation table: one row per citation, made in Node). */
export function citationBatch(keys: ClaimFilterKeys): CypherQuery {
  const { name, where } = filterClause(keys);
  return memo(`exports.citations[${name}]`, () =>
    `${claimBatch(where)}
RETURN c.id AS id, ${CITATIONS} AS citations
ORDER BY id`,
  );
}

/** Row counts of the filtered tables (the manifest). Without filters the counts come from the count store. */
export function relationshipCounts(keys: ClaimFilterKeys): CypherQuery {
  const { name, where } = filterClause(keys);
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

export const entityBatch = cypher(
  'exports.entities',
  `
MATCH (n:Entity) USING INDEX n:Entity(id)
WHERE n.id > $after
WITH n ORDER BY n.id LIMIT $limit
RETURN n`,
);

export const sourceBatch = cypher(
  'exports.sources',
  `
MATCH (n:Source) USING INDEX n:Source(id)
WHERE n.id > $after
WITH n ORDER BY n.id LIMIT $limit
RETURN n`,
);

export const tableCounts = cypher(
  'exports.tableCounts',
  `RETURN COUNT { (n:Entity) } AS entities, COUNT { (n:Source) } AS sources`,
);
