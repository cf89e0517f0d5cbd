// Bulk exports (issue 9) over HTTP on the seeded graph: every row, in every format, agrees with the
// GraphQL API; filters and errors match the relationships query; versions, ETags and pinning; a
// version change between two batches breaks the transfer instead of mixing graphs.
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { cypher, Executor, type CypherQuery, type PlanNode, type TransactionRunner } from '../../src/db/executor.ts';
import * as q from '../../src/cypher/exports.ts';
import { readBatches } from '../../src/export/read-batches.ts';
import { buildTables } from '../../src/tables/tables.ts';
import { ExportCatalog } from '../../src/export/catalog.ts';
import type { ExportFilter } from '../../src/export/filters.ts';
import { loadOntology } from '../../src/ontology/ontology.ts';
import { useSeededServer } from '../support/api-suite.ts';
import { startTestServer } from '../support/server.ts';
import { testExecutor } from '../support/database.ts';
import { parseCsv, relationshipIdsByGraphql } from '../support/export-readers.ts';

const { server } = useSeededServer();
/**
 * GETs an export and reads its body to the end before resolving (the response's own body is still
 * there to read): a stream left unread would hold one of the client's export slots (EXPORTS_PER_CLIENT)
 * until the transfer ends, and the next request would be refused with 429.
 */
const get = async (path: string, headers: Record<string, string> = {}) => {
  const response = await fetch(`${server().url}${path}`, { headers });
  await response.clone().arrayBuffer();
  return response;
};

async function stats() {
  const res = await server().gql<{ stats: { relationships: number; citations: number; entities: number; sources: number } }>(
    '{ stats { relationships citations entities sources } }',
  );
  return res.data!.stats;
}

describe('bulk exports: every row, every format', () => {
  it('the relationships CSV has every relationship of the GraphQL table, in id order, with the same fields', async () => {
    const res = await get('/export/relationships.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = parseCsv(await res.text());
    expect(rows.map((r) => r.id)).toEqual(await relationshipIdsByGraphql(server()));
    const yellen = rows.find((r) => r.id === 'janet-yellen.MET_WITH.li-qiang')!;
    const api = await server().gql<{ relationships: { nodes: Array<Record<string, any>> } }>(
      `{ relationships(from: "janet-yellen", types: ["MET_WITH"], first: 10) { nodes { id from { name kind } to { name kind } date { value precision start end }
         qualifiers { name value } modality independentSources sourceCount citations { quote } } } }`,
    );
    const node = api.data!.relationships.nodes.find((n) => n.id === yellen.id)!;
    expect(yellen).toMatchObject({
      type: 'MET_WITH',
      from_name: node.from.name,
      from_kind: node.from.kind,
      to_name: node.to.name,
      to_kind: node.to.kind,
      date: node.date.value,
      date_precision: node.date.precision,
      date_start: node.date.start,
      date_end: node.date.end,
      modality: node.modality,
      independent_sources: String(node.independentSources),
      source_count: String(node.sourceCount),
      citation_count: String(node.citations.length),
    });
    for (const q of node.qualifiers) expect(yellen[`q_${q.name}`]).toBe(q.value);
  });

  it('the citations table has one row per citation, and JSON Lines nests the same citations in each relationship', async () => {
    const { citations } = await stats();
    const table = parseCsv(await (await get('/export/citations.csv')).text());
    expect(table).toHaveLength(citations);
    const lines = (await (await get('/export/relationships.jsonl')).text()).trimEnd().split('\n').map((l) => JSON.parse(l));
    const nested = lines.flatMap((l) => l.citations);
    expect(nested).toHaveLength(citations);
    expect(nested.map((c: Record<string, unknown>) => `${c.relationship_id}#${c.ordinal}@${c.source_id}:${c.quote}`)).toEqual(
      table.map((c) => `${c.relationship_id}#${c.ordinal}@${c.source_id}:${c.quote}`),
    );
    for (const line of lines) expect(line.citation_count).toBe(line.citations.length);
    // Until the graph records verification the column is there and empty; modality is recorded.
    expect(Object.keys(nested[0])).toContain('verified');
    expect(lines.every((l) => typeof l.modality === 'string')).toBe(true);
  });

  it('Parquet files read back with the same rows as CSV, typed columns and the version in their metadata', async () => {
    const csv = parseCsv(await (await get('/export/relationships.csv')).text());
    const res = await get('/export/relationships.parquet');
    expect(res.headers.get('content-type')).toBe('application/vnd.apache.parquet');
    const file = await res.arrayBuffer();
    const rows = (await parquetReadObjects({ file })) as Array<Record<string, unknown>>;
    expect(rows.map((r) => r.id)).toEqual(csv.map((r) => r.id));
    const row = rows.find((r) => r.id === 'janet-yellen.MET_WITH.li-qiang')!;
    expect(row.independent_sources).toBe(1);
    expect(row.date_start).toEqual(new Date('2023-07-07T00:00:00Z'));
    const meta = Object.fromEntries((parquetMetadata(file).key_value_metadata ?? []).map((kv) => [kv.key, kv.value]));
    expect(meta['chokepoint.graph_version']).toBe(res.headers.get('chokepoint-graph-version'));
    expect(JSON.parse(meta['chokepoint.columns']!).map((c: { name: string }) => c.name)).toEqual(Object.keys(csv[0]!));
  });

  it('entities and sources export every node; GraphML has every entity and relationship', async () => {
    const s = await stats();
    const entities = (await (await get('/export/entities.jsonl')).text()).trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(entities).toHaveLength(s.entities);
    expect(entities.find((e) => e.id === 'china')).toMatchObject({ kind: 'COUNTRY', name: 'China' });
    const sources = parseCsv(await (await get('/export/sources.csv')).text());
    expect(sources).toHaveLength(s.sources);
    const graphml = await (await get('/export/graph.graphml')).text();
    expect(graphml.match(/<node /g)).toHaveLength(s.entities);
    expect(graphml.match(/<edge /g)).toHaveLength(s.relationships);
    expect(graphml).toContain('<edge id="janet-yellen.MET_WITH.li-qiang" source="janet-yellen" target="li-qiang">');
  });

  it('the manifest gives version, filters, row counts and the columns of each table', async () => {
    const s = await stats();
    const res = await get('/export/manifest.json?types=TARGETS');
    const manifest = await res.json();
    expect(manifest.graphVersion).toBe(res.headers.get('chokepoint-graph-version'));
    expect(manifest.filters).toEqual({ types: ['TARGETS'] });
    expect(manifest.tables.relationships.rows).toBe((await relationshipIdsByGraphql(server(), ', types: ["TARGETS"]')).length);
    expect(manifest.tables.entities.rows).toBe(s.entities);
    expect(manifest.tables.relationships.urls.parquet).toBe('/export/relationships.parquet?types=TARGETS');
    const whole = await (await get('/export/manifest.json')).json();
    expect(whole.tables.citations.rows).toBe(s.citations);
    const header = (await (await get('/export/citations.csv')).text()).split('\r\n')[0]!.split(',');
    expect(whole.tables.citations.columns.map((c: { name: string }) => c.name)).toEqual(header);
    for (const column of whole.tables.relationships.columns) expect(column.description.length).toBeGreaterThan(5);
  });

  it('compresses with gzip or br when the client asks, never Parquet', async () => {
    const identity = await get('/export/relationships.csv', { 'accept-encoding': 'identity' });
    expect(identity.headers.get('content-encoding')).toBeNull();
    const plain = await identity.text();
    const gz = await get('/export/relationships.csv', { 'accept-encoding': 'gzip' });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(await gz.text()).toBe(plain); // fetch decodes the body
    const br = await get('/export/relationships.csv', { 'accept-encoding': 'br;q=1, gzip;q=0.5' });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(await br.text()).toBe(plain);
    const pq = await get('/export/relationships.parquet', { 'accept-encoding': 'gzip' });
    expect(pq.headers.get('content-encoding')).toBeNull();
    // And the gzip bytes are a real gzip stream (raw, without fetch's decoding).
    const raw = await new Promise<Buffer>((resolve, reject) => {
      import('node:http').then(({ get: httpGet }) =>
        httpGet(`${server().url}/export/relationships.csv`, { headers: { 'accept-encoding': 'gzip' } }, (r) => {
          const parts: Buffer[] = [];
          r.on('data', (d: Buffer) => parts.push(d)).on('end', () => resolve(Buffer.concat(parts))).on('error', reject);
        }),
      );
    });
    expect(gunzipSync(raw).toString('utf8')).toBe(plain);
  });
});

describe('bulk exports: filters match the relationships query', () => {
  it.each([
    ['?types=TARGETS,ISSUED', ', types: ["TARGETS", "ISSUED"]'],
    ['?types=TARGETS&types=ISSUED&minSources=2', ', types: ["TARGETS", "ISSUED"], minSources: 2'],
    ['?from=china', ', from: "china"'],
    ['?to=china&maxSources=1', ', to: "china", maxSources: 1'],
    ['?source=chokepoint-technology-taxonomy', ', source: "chokepoint-technology-taxonomy"'],
    ['?minSources=1&maxSources=1', ', minSources: 1, maxSources: 1'],
    ['?modality=STATED,reported', ', modality: [STATED, REPORTED]'],
  ])('%s', async (query, args) => {
    const expected = await relationshipIdsByGraphql(server(), args);
    expect(expected.length).toBeGreaterThan(0);
    const rows = parseCsv(await (await get(`/export/relationships.csv${query}`)).text());
    expect(rows.map((r) => r.id)).toEqual(expected);
    const cites = parseCsv(await (await get(`/export/citations.csv${query}`)).text());
    expect(new Set(cites.map((c) => c.relationship_id))).toEqual(new Set(expected));
  });

  it('bad filters get the same codes and messages as GraphQL', async () => {
    const cases: Array<[string, number, string, RegExp]> = [
      ['?types=NOPE', 400, 'BAD_USER_INPUT', /'types' has unknown relationship type\(s\) "NOPE"; allowed: .*TARGETS/],
      ['?minSources=3&maxSources=1', 400, 'BAD_USER_INPUT', /'minSources' \(3\) is more than 'maxSources' \(1\)/],
      ['?minSources=1001', 400, 'BAD_USER_INPUT', /'minSources' is 1001; it must be a whole number from 0 to 1000/],
      ['?minSources=two', 400, 'BAD_USER_INPUT', /'minSources' is "two"; it must be a whole number from 0 to 1000/],
      ['?from=chinaa', 404, 'NOT_FOUND', /No entity has the id "chinaa" \(for 'from'/],
      ['?source=nope', 404, 'NOT_FOUND', /No source has the id "nope"/],
      ['?modality=CERTAIN', 400, 'BAD_USER_INPUT', /'modality' has unknown value\(s\) "CERTAIN"; allowed: .*STATED/],
      ['?first=10', 400, 'BAD_USER_INPUT', /unknown parameter\(s\) 'first'; allowed: types, from, to, source, minSources, maxSources, modality, includeRetracted, version/],
      [`?types=${'A,'.repeat(60)}`, 400, 'BAD_USER_INPUT', /'types' has 60 items; at most 50/],
    ];
    for (const [query, status, code, message] of cases) {
      const res = await get(`/export/relationships.csv${query}`);
      expect(res.status, query).toBe(status);
      const body = await res.json();
      expect(body.errors[0].extensions.code, query).toBe(code);
      expect(body.errors[0].message, query).toMatch(message);
    }
    const suggested = await (await get('/export/relationships.csv?from=chinaa')).json();
    expect(suggested.errors[0].extensions.suggestions).toContain('china');
  });

  it('unknown exports, filters on whole tables and other methods are refused clearly', async () => {
    const missing = await get('/export/relationships.xlsx');
    expect(missing.status).toBe(404);
    expect((await missing.json()).errors[0].extensions.suggestions).toContain('/export/relationships.parquet');
    const filtered = await get('/export/entities.csv?types=TARGETS');
    expect(filtered.status).toBe(400);
    expect((await filtered.json()).errors[0].message).toMatch(/'entities' is always exported whole/);
    const post = await fetch(`${server().url}/export/relationships.csv`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('bulk exports: graph versions', () => {
  /** Sets (or restores) GraphState.version, the graph version of contract 3. */
  async function setVersion(version: string | null, executor = testExecutor()) {
    await executor.write(
      cypher('test.setGraphVersion', `MERGE (g:GraphState {id: 'graph'}) SET g.version = $version`),
      { version },
    );
  }
  let original: { version: unknown; existed: boolean };
  beforeAll(async () => {
    const [row] = await testExecutor().read(cypher('test.readGraphState', `OPTIONAL MATCH (g:GraphState {id: 'graph'}) RETURN g.version AS version, g IS NOT NULL AS existed`));
    original = { version: row!.version, existed: Boolean(row!.existed) };
  });
  afterAll(async () => {
    if (original.existed) await setVersion(original.version as string);
    else await testExecutor().write(cypher('test.dropGraphState', `MATCH (g:GraphState {id: 'graph'}) DELETE g`));
  });

  it('carries the version in a header and the file name, and answers If-None-Match with 304', async () => {
    const res = await get('/export/relationships.csv', { 'accept-encoding': 'identity' });
    const version = res.headers.get('chokepoint-graph-version')!;
    expect(version).toMatch(/^[0-9a-f]{16,}$/);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="chokepoint-relationships-${version.slice(0, 12)}.csv"`);
    const etag = res.headers.get('etag')!;
    expect(etag.startsWith(`"${version}-`)).toBe(true);
    const again = await get('/export/relationships.csv', { 'if-none-match': etag, 'accept-encoding': 'identity' });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    // Another representation (filters, compression) has another tag.
    expect((await get('/export/relationships.csv?types=TARGETS', { 'accept-encoding': 'identity' })).headers.get('etag')).not.toBe(etag);
    expect((await get('/export/relationships.csv', { 'accept-encoding': 'gzip' })).headers.get('etag')).not.toBe(etag);
  });

  it('a pinned version (?version= or If-Match) that is no longer the graph’s is refused with 412 GRAPH_VERSION_CHANGED', async () => {
    const version = (await get('/export/manifest.json')).headers.get('chokepoint-graph-version')!;
    expect((await get(`/export/relationships.csv?version=${version}`)).status).toBe(200);
    expect((await get('/export/relationships.csv', { 'if-match': `"${version}"` })).status).toBe(200);

    await setVersion('f'.repeat(64)); // a reload with other content
    for (const res of [await get(`/export/citations.parquet?version=${version}`), await get('/export/entities.csv', { 'if-match': `"${version}"` })]) {
      expect(res.status).toBe(412);
      const body = await res.json();
      expect(body.errors[0].extensions).toMatchObject({ code: 'GRAPH_VERSION_CHANGED', expected: expect.stringContaining(version), actual: 'f'.repeat(64) });
    }
    const now = await get('/export/relationships.csv');
    expect(now.headers.get('chokepoint-graph-version')).toBe('f'.repeat(64));
  });

  it('a version change between two batches fails the batch read with GRAPH_VERSION_CHANGED', async () => {
    const executor = testExecutor();
    await setVersion('a'.repeat(64));
    const batches = readBatches(executor, { query: q.relationshipBatch({ types: false, from: false, to: false, source: false, minSources: false, maxSources: false, modality: false }, false), params: {} }, 'a'.repeat(64), 10);
    const first = await batches.next();
    expect(first.value).toHaveLength(10);
    await setVersion('b'.repeat(64));
    // The batch after the one already fetched ahead fails.
    await expect((async () => { for await (const _ of batches) void _; })()).rejects.toMatchObject({ code: 'GRAPH_VERSION_CHANGED', status: 412 });
  });

  it('over HTTP, a reload half-way through a download breaks the transfer instead of finishing with rows of two graphs', async () => {
    await setVersion('c'.repeat(64));
    /** A real executor that, on the third batch of the edge table, first records a new graph version (a reload). */
    class ReloadingExecutor extends Executor {
      batches = 0;
      override async readTransaction<T>(name: string, work: (tx: TransactionRunner) => Promise<T>): Promise<T> {
        if (name.startsWith('exports.relationship') && ++this.batches === 3) await setVersion('d'.repeat(64), this);
        return super.readTransaction(name, work);
      }
    }
    const { uri, username, password } = (await import('vitest')).inject('neo4j');
    const { createDriver } = await import('../../src/db/driver.ts');
    const executor = new ReloadingExecutor(createDriver({ uri, username, password, database: undefined }), { database: undefined, timeoutMs: 30_000 });
    const reloading = await startTestServer({ executor, exportBatchRows: 10 });
    try {
      const res = await fetch(`${reloading.url}/export/relationships.csv`);
      expect(res.status).toBe(200);
      await expect(res.text()).rejects.toThrow();
      expect(reloading.logs.join('\n')).toMatch(/export aborted mid-stream.*GRAPH_VERSION_CHANGED/);
    } finally {
      await reloading.close();
      await executor.close();
    }
  });
});

describe('bulk exports: the CSV lines the loader stores', () => {
  const catalog = (batchRows = 40) => new ExportCatalog(testExecutor(), loadOntology(), batchRows);
  const none: ExportFilter = { types: null, from: null, to: null, source: null, minSources: null, maxSources: null, modality: null };
  async function csv(filter: ExportFilter, lineFormat: string | null, batchRows = 40): Promise<string> {
    const { version } = await catalog().state();
    let text = '';
    for await (const chunk of catalog(batchRows).table('relationships', 'csv', filter, version, lineFormat)) text += chunk as string;
    return text;
  }
  const claimLine = (id: string) =>
    testExecutor().read(cypher('test.claimLine', `MATCH (c:Claim {id: $id}) RETURN c.csvLine AS line`), { id }).then(([row]) => row!.line as string | null);
  const setLine = (id: string, line: string | null) => testExecutor().write(cypher('test.setClaimLine', `MATCH (c:Claim {id: $id}) SET c.csvLine = $line`), { id, line });

  it('every Claim stores its line, and the graph state the format this code writes', async () => {
    const [row] = await testExecutor().read(
      cypher('test.storedLines', `MATCH (c:Claim) WITH count(c) AS claims, count(c.csvLine) AS lines MATCH (g:GraphState {id: 'graph'}) RETURN claims, lines, g.csvLineFormat AS format`),
    );
    expect(row!.claims).toBeGreaterThan(100);
    expect(row!.lines).toBe(row!.claims);
    expect(row!.format).toBe(catalog().lineFormat);
    expect((await catalog().state()).csvLineFormat).toBe(catalog().lineFormat);
  });

  it('the stored lines give the same bytes as lines built from the columns, with and without filters', async () => {
    const built = await csv(none, null);
    expect(built.split('\r\n').length).toBeGreaterThan(100);
    expect(await csv(none, catalog().lineFormat)).toBe(built);
    const filtered: ExportFilter = { ...none, types: ['TARGETS', 'ISSUED'], minSources: 1 };
    const builtFiltered = await csv(filtered, null);
    expect(builtFiltered.length).toBeLessThan(built.length);
    expect(await csv(filtered, catalog().lineFormat)).toBe(builtFiltered);
  });

  // A batch arrives in records of q.LINES_PER_RECORD lines: batches smaller than one record, of several
  // records with a short last one, of whole records, and larger than the table.
  it.each([7, q.LINES_PER_RECORD, 2 * q.LINES_PER_RECORD + 13, 5_000])('batches of %i rows give every line once, in id order', async (batchRows) => {
    const built = await csv(none, null);
    const stored = await csv(none, catalog().lineFormat, batchRows);
    expect(stored).toBe(built);
    const ids = parseCsv(stored).map((r) => r.id!);
    expect(ids.length).toBeGreaterThan(2 * q.LINES_PER_RECORD + 13);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('stored lines are streamed only in the current format; a Claim without one is read from its properties', async () => {
    const built = await csv(none, null);
    const [id, second] = parseCsv(built).map((r) => r.id!);
    const [line, otherLine] = [await claimLine(id!), await claimLine(second!)];
    try {
      await setLine(id!, 'marker');
      await setLine(second!, null);
      // The current format: the stored line is streamed as it is (the marker), a missing one is built.
      for (const batchRows of [40, 5_000]) {
        const stored = await csv(none, catalog().lineFormat, batchRows);
        expect(stored).toContain('\r\nmarker\r\n');
        expect(stored.replace('\r\nmarker\r\n', `\r\n${line}\r\n`)).toBe(built);
      }
      // Another format (lines from older code): every line is built from the columns.
      expect(await csv(none, 'another-format')).toBe(built);
    } finally {
      await setLine(id!, line);
      await setLine(second!, otherLine);
    }
  });
});

describe('bulk exports: statements anchored on the id index', () => {
  const filters = { types: false, from: false, to: false, source: false, minSources: false, maxSources: false, modality: false };
  const statements: Array<[string, CypherQuery, Record<string, unknown>]> = [
    ['all', q.relationshipBatch(filters, false), {}],
    ['types + minSources + modality', q.relationshipBatch({ ...filters, types: true, minSources: true, modality: true }, true, ['dateStart', 'place']), { types: ['TARGETS'], minSources: 1, modality: ['stated'] }],
    ['from + to + source', q.relationshipBatch({ ...filters, from: true, to: true, source: true }, false), { from: 'a', to: 'b', source: 's' }],
    ['citations, maxSources', q.citationBatch({ ...filters, maxSources: true }), { maxSources: 1 }],
    ['entities', q.entityBatch, {}],
    ['sources', q.sourceBatch, {}],
  ];
  it.each(statements)('%s: a range seek in id order, no sort, no eager operator', async (_name, statement, params) => {
    const root = await testExecutor().explain(statement, { ...params, after: '', limit: 5000 });
    const plan: string[] = [];
    const walk = (node: PlanNode) => (plan.push(`${node.operator} ${node.details}`), node.children.forEach(walk));
    walk(root);
    expect(plan.some((line) => /IndexSeekByRange/.test(line)), plan.join("\n")).toBe(true);
    expect(plan.filter((line) => /^(Sort|Top|PartialSort|PartialTop|Eager|EagerAggregation|NodeByLabelScan|AllNodesScan)\b/.test(line))).toEqual([]);
  });

  it.each([
    ['no filter', filters, {}],
    ['types + source', { ...filters, types: true, source: true }, { types: ['TARGETS'], source: 's' }],
  ] as const)('stored lines (%s): a range seek in id order; the lines are gathered into records only after the LIMIT', async (_name, keys, params) => {
    const statement = q.relationshipLineBatch(keys, buildTables(loadOntology()).relationshipProperties);
    const root = await testExecutor().explain(statement, { ...params, after: '', limit: 5000 });
    /** The operators of a subtree, depth first. */
    const operators = (node: PlanNode): string[] => [`${node.operator} ${node.details}`, ...node.children.flatMap(operators)];
    const find = (node: PlanNode, operator: RegExp): PlanNode | undefined =>
      operator.test(node.operator) ? node : node.children.map((child) => find(child, operator)).find(Boolean);
    const plan = operators(root);
    expect(plan.some((line) => /IndexSeekByRange.*c:Claim\(id\)/.test(line)), plan.join('\n')).toBe(true);
    expect(plan.filter((line) => /^(NodeByLabelScan|AllNodesScan|Top|PartialSort|PartialTop|Eager)\b/.test(line))).toEqual([]);
    // One aggregation, over one batch: the Limit is below it, and no Sort is (the id index gives the order).
    const aggregation = find(root, /^EagerAggregation$/);
    expect(plan.filter((line) => /^EagerAggregation\b/.test(line))).toHaveLength(1);
    const below = operators(aggregation!);
    expect(below.some((line) => /^Limit\b/.test(line)), below.join('\n')).toBe(true);
    expect(below.filter((line) => /^Sort\b/.test(line))).toEqual([]);
  });

  /** Operators and details of a plan, depth first. */
  async function planLines(statement: CypherQuery, params: Record<string, unknown>): Promise<string[]> {
    const lines: string[] = [];
    const walk = (node: PlanNode) => (lines.push(`${node.operator} ${node.details}`), node.children.forEach(walk));
    walk(await testExecutor().explain(statement, { ...params, after: '', limit: 5000 }));
    return lines;
  }

  const properties = buildTables(loadOntology()).relationshipProperties;
  it.each([
    ['no filter', filters, {}],
    ['from + to', { ...filters, from: true, to: true }, { from: 'a', to: 'b' }],
    ['types + modality + minSources', { ...filters, types: true, modality: true, minSources: true }, { types: ['TARGETS'], modality: ['stated'], minSources: 1 }],
  ] as const)('edge rows (%s) read one Claim each: no expand to the endpoints or the domain edge, no entity look-up', async (_name, keys, params) => {
    const plan = await planLines(q.relationshipBatch(keys, false, properties), params);
    expect(plan.some((line) => /IndexSeekByRange.*c:Claim\(id\)/.test(line))).toBe(true);
    expect(plan.filter((line) => /^(Expand|OptionalExpand|VarLengthExpand|Apply|CartesianProduct)|:Entity|:Source/.test(line))).toEqual([]);
    // The qualifiers are read per type (the ontology's), not all of them on every row.
    expect(q.relationshipBatch(keys, false, properties).text).toMatch(/CASE c\.type\s[^]*WHEN 'TARGETS' THEN \[toString\(c\.dateStart\), toString\(c\.dateEnd\), c\.datePrecision, c\.scope\]/);
  });

  it('edge rows with their citations expand only from the Claim to its cited sources', async () => {
    const plan = await planLines(q.relationshipBatch(filters, true, properties), {});
    expect(plan.filter((line) => /^Expand/.test(line))).toEqual([expect.stringMatching(/\(c\)-\[k:CITES\]->\(s\)/)]);
    expect(plan.filter((line) => /:Entity/.test(line))).toEqual([]);
  });
});
