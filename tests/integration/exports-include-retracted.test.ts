// Issue 18, "retract, never delete", for the bulk exports (decision 0032): a retracted relationship
// leaves every default export (the relationships and citations tables in CSV, JSON Lines and Parquet,
// the GraphML graph, the manifest's counts), which stay byte for byte what they were minus its rows;
// `?includeRetracted=true` brings it back with who, when and why in four added columns, paged in one id
// order with the standing ones across batches of a few rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parquetReadObjects } from 'hyparquet';
import { cypher } from '../../src/db/executor.ts';
import { ExportCatalog } from '../../src/export/catalog.ts';
import type { ExportFilter } from '../../src/export/filters.ts';
import * as q from '../../src/cypher/exports.ts';
import { tableStatement } from '../../src/cypher/relationships.ts';
import { measuresStatement } from '../../src/cypher/measures.ts';
import { CypherBuilder } from '../../src/cypher/projection/builder.ts';
import { closeTestExecutor, seedGraph, testExecutor, testOntology, wipeDatabase } from '../support/database.ts';
import { bearer, keysForEveryRole, type Keys } from '../support/curation.ts';
import { parseCsv } from '../support/export-readers.ts';
import { rawGet } from '../support/raw-http.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/** Rows per batch: every table spans many batches, so the merge of live and retracted Claims is paged. */
const BATCH = 5;
const RETRACTION_HEADER = 'retracted,retracted_at,retracted_by,retraction_reason';
const FILES = ['relationships.csv', 'relationships.jsonl', 'relationships.parquet', 'citations.csv', 'citations.jsonl', 'citations.parquet', 'graph.graphml'];

let server: TestServer;
let keys: Keys;
/** Two live seed relationships with citations: one from the middle of the id order, and the last one. */
let retracted: Array<{ id: string; type: string; citations: number; reason: string }>;
/** Every file as it was before the retractions, by name (default query). */
const before = new Map<string, Buffer>();
let manifestBefore: Manifest;

type Manifest = {
  graphVersion: string;
  filters: Record<string, unknown>;
  tables: Record<string, { rows: number; columns: Array<{ name: string; type: string }>; urls: Record<string, string> }>;
  graph: { nodes: number; edges: number; url: string };
};

async function get(path: string): Promise<{ status: number; body: Buffer; headers: Record<string, unknown> }> {
  const response = await rawGet(`${server.url}${path}`, { maxBytes: 16 << 20, timeoutMs: 120_000 });
  return { status: response.status, body: response.body, headers: response.headers };
}
async function file(path: string): Promise<Buffer> {
  const response = await get(path);
  expect(response.status, `${path}: ${response.body.toString('utf8').slice(0, 300)}`).toBe(200);
  return response.body;
}
const manifest = async (query = '') => JSON.parse((await file(`/export/manifest.json${query}`)).toString('utf8')) as Manifest;

async function post(query: string, variables: Record<string, unknown>, token: string) {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...bearer(token) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: any; errors?: unknown[] };
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data;
}

async function retract(id: string, reason: string): Promise<void> {
  const proposed = await post('mutation ($id: ID!, $reason: String!) { proposeRetraction(id: $id, reason: $reason) { id revision } }', { id, reason }, keys.contributor);
  const accepted = await post(
    'mutation ($id: ID!, $revision: Int!) { review(id: $id, revision: $revision, decision: ACCEPT) { change { kind } } }',
    proposed.proposeRetraction,
    keys.reviewer,
  );
  expect(accepted.review.change.kind).toBe('RETRACT');
}

/** The stored retraction of a Claim (who, when, why), read from the graph itself. */
async function storedRetraction(id: string) {
  const [row] = await testExecutor().read(
    cypher('test.storedRetraction', 'MATCH (c:RetractedClaim {id: $id}) RETURN c.retractedAt AS at, c.retractedBy AS by, c.retractedReason AS reason'),
    { id },
  );
  return row as { at: string; by: string; reason: string };
}

const lines = (body: Buffer) => body.toString('utf8').split('\r\n').filter((l) => l !== '');
const jsonLines = (body: Buffer) => body.toString('utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, any>);
const parquetRows = async (body: Buffer) => (await parquetReadObjects({ file: body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer })) as Array<Record<string, any>>;
const edges = (xml: Buffer) => [...xml.toString('utf8').matchAll(/<edge id="([^"]*)"[^>]*>.*?<\/edge>/g)].map((m) => ({ id: m[1]!, xml: m[0] }));
/** The relationship a row of `file` belongs to. */
const owner = (name: string, row: Record<string, any>) => String(name.startsWith('citations') ? row.relationship_id : row.id);
const isRetracted = (id: string) => retracted.some((r) => r.id === id);

beforeAll(async () => {
  await seedGraph();
  keys = await keysForEveryRole('-retracted-exports');
  server = await startTestServer({ exportBatchRows: BATCH });
  const rows = await testExecutor().read(
    cypher('test.retractable', "MATCH (c:Claim {origin: 'seed'}) WHERE c.curatedSeq IS NULL AND c.citationCount > 0 RETURN c.id AS id, c.type AS type, c.citationCount AS citations ORDER BY c.id"),
  );
  expect(rows.length).toBeGreaterThan(40);
  retracted = [rows[Math.floor(rows.length / 2)]!, rows.at(-1)!].map((r, i) => ({
    id: String(r.id),
    type: String(r.type),
    citations: Number(r.citations),
    reason: `exports test ${i}: "the quote", names another measure, a, b`,
  }));
  for (const name of FILES) before.set(name, await file(`/export/${name}`));
  manifestBefore = await manifest();
}, 240_000);
afterAll(async () => {
  await server?.close();
  // Changes accepted through the API outlive a reseed: leave the next file an empty database (it seeds its own).
  await wipeDatabase();
  await closeTestExecutor();
});

describe('exports with retracted claims (issue 18, decision 0032)', () => {
  it('before any retraction: includeRetracted=false is the default export byte for byte; =true adds only the four columns', async () => {
    for (const name of FILES) expect((await file(`/export/${name}?includeRetracted=false`)).equals(before.get(name)!), name).toBe(true);
    const plain = await get('/export/relationships.csv');
    expect((await get('/export/relationships.csv?includeRetracted=false')).headers.etag).toBe(plain.headers.etag);
    expect(manifestBefore.filters).toEqual({});
    expect(manifestBefore.tables.relationships!.columns.map((c) => c.name)).not.toContain('retracted');

    for (const name of ['relationships.csv', 'citations.csv']) {
      const [header, ...rows] = lines(await file(`/export/${name}?includeRetracted=true`));
      const [headerBefore, ...rowsBefore] = lines(before.get(name)!);
      expect(header).toBe(`${headerBefore},${RETRACTION_HEADER}`);
      expect(rows).toEqual(rowsBefore.map((l) => `${l},false,,,`));
    }
    const withFlag = await manifest('?includeRetracted=true');
    expect(withFlag.filters).toEqual({ includeRetracted: true });
    expect(withFlag.tables.relationships!.rows).toBe(manifestBefore.tables.relationships!.rows);
    expect(withFlag.tables.relationships!.urls.csv).toContain('includeRetracted=true');
  });

  it('after two retractions, every default export equals the one before minus their rows; the manifest counts them out', async () => {
    for (const r of retracted) await retract(r.id, r.reason);
    const after = await manifest();
    expect(after.graphVersion).not.toBe(manifestBefore.graphVersion);
    const citationsOut = retracted.reduce((n, r) => n + r.citations, 0);
    expect(after.tables.relationships!.rows).toBe(manifestBefore.tables.relationships!.rows - 2);
    expect(after.tables.citations!.rows).toBe(manifestBefore.tables.citations!.rows - citationsOut);
    expect(after.graph.edges).toBe(manifestBefore.graph.edges - 2);
    expect(after.tables.relationships!.columns).toEqual(manifestBefore.tables.relationships!.columns);

    for (const name of ['relationships.csv', 'citations.csv']) {
      const text = await file(`/export/${name}`);
      const [header, ...rows] = lines(before.get(name)!);
      const kept = parseCsv(before.get(name)!.toString('utf8')).map((row, i) => ({ row, line: rows[i]! })).filter(({ row }) => !isRetracted(owner(name, row)));
      expect(kept.length).toBeLessThan(rows.length);
      expect(lines(text)).toEqual([header, ...kept.map((k) => k.line)]);
    }
    for (const name of ['relationships.jsonl', 'citations.jsonl']) {
      const all = before.get(name)!.toString('utf8').split('\n').filter((l) => l !== '');
      expect((await file(`/export/${name}`)).toString('utf8').split('\n').filter((l) => l !== '')).toEqual(all.filter((l) => !isRetracted(owner(name, JSON.parse(l)))));
    }
    for (const name of ['relationships.parquet', 'citations.parquet']) {
      const rowsBefore = await parquetRows(before.get(name)!);
      expect(await parquetRows(await file(`/export/${name}`))).toEqual(rowsBefore.filter((row) => !isRetracted(owner(name, row))));
    }
    const graphBefore = edges(before.get('graph.graphml')!);
    expect(edges(await file('/export/graph.graphml'))).toEqual(graphBefore.filter((e) => !isRetracted(e.id)));
  }, 240_000);

  it('with includeRetracted=true, every format has them back with who, when and why, in id order, as many as the manifest says', async () => {
    const withFlag = await manifest('?includeRetracted=true');
    expect(withFlag.tables.relationships!.rows).toBe(manifestBefore.tables.relationships!.rows);
    expect(withFlag.tables.citations!.rows).toBe(manifestBefore.tables.citations!.rows);
    expect(withFlag.graph.edges).toBe(manifestBefore.graph.edges);
    expect(withFlag.tables.relationships!.columns.slice(-4)).toEqual([
      expect.objectContaining({ name: 'retracted', type: 'boolean' }),
      expect.objectContaining({ name: 'retracted_at', type: 'string' }),
      expect.objectContaining({ name: 'retracted_by', type: 'string' }),
      expect.objectContaining({ name: 'retraction_reason', type: 'string' }),
    ]);
    expect(withFlag.tables.citations!.columns.slice(-4).map((c) => c.name)).toEqual(RETRACTION_HEADER.split(','));
    const stored = new Map(await Promise.all(retracted.map(async (r) => [r.id, await storedRetraction(r.id)] as const)));
    for (const s of stored.values()) {
      expect(s.by).toMatch(/^key:/);
      expect(Date.parse(s.at)).not.toBeNaN();
    }

    for (const name of FILES.filter((f) => f !== 'graph.graphml')) {
      const body = await file(`/export/${name}?includeRetracted=true`);
      const rows = name.endsWith('.csv') ? parseCsv(body.toString('utf8')) : name.endsWith('.jsonl') ? jsonLines(body) : await parquetRows(body);
      const table = name.split('.')[0]!;
      expect(rows.length, name).toBe(withFlag.tables[table]!.rows);
      const keys = rows.map((row) => (table === 'citations' ? `${row.relationship_id}#${String(row.ordinal).padStart(4, '0')}` : String(row.id)));
      expect(new Set(keys).size, `${name}: unique`).toBe(keys.length);
      expect(keys, `${name}: in id order`).toEqual([...keys].sort());
      const bool = (v: unknown) => v === true || v === 'true';
      for (const row of rows) {
        const id = owner(name, row);
        const s = stored.get(id);
        if (s) {
          expect(bool(row.retracted), `${name} ${id}`).toBe(true);
          expect(row).toMatchObject({ retracted_at: s.at, retracted_by: s.by, retraction_reason: s.reason });
        } else {
          expect(bool(row.retracted), `${name} ${id}`).toBe(false);
          expect([row.retracted_at, row.retracted_by, row.retraction_reason].every((v) => v === null || v === ''), `${name} ${id}`).toBe(true);
        }
      }
      for (const r of retracted) expect(rows.filter((row) => owner(name, row) === r.id).length, `${name} ${r.id}`).toBe(table === 'citations' ? r.citations : 1);
      if (name === 'relationships.jsonl') {
        for (const r of retracted) expect(rows.find((row) => row.id === r.id)!.citations).toHaveLength(r.citations);
      }
    }

    const xml = await file('/export/graph.graphml?includeRetracted=true');
    const graph = edges(xml);
    expect(graph.map((e) => e.id)).toEqual(graphBefore().map((e) => e.id));
    expect(xml.toString('utf8')).toContain('attr.name="retraction_reason"');
    for (const r of retracted) {
      const edge = graph.find((e) => e.id === r.id)!;
      expect(edge.xml).toContain('<data key="e_retracted">true</data>');
      expect(edge.xml).toContain(`<data key="e_retracted_by">${stored.get(r.id)!.by}</data>`);
      expect(edge.xml).toContain('<data key="e_retraction_reason">exports test');
    }
  }, 240_000);

  it('the stored CSV lines and lines built from the columns agree with retracted claims, in batches of any size', async () => {
    const none: ExportFilter = { types: null, from: null, to: null, source: null, minSources: null, maxSources: null, modality: null, includeRetracted: true };
    const read = async (filter: ExportFilter, lineFormat: string | null, batchRows: number) => {
      const catalog = new ExportCatalog(testExecutor(), testOntology(), batchRows);
      const { version } = await catalog.state();
      let text = '';
      for await (const chunk of catalog.table('relationships', 'csv', filter, version, lineFormat)) text += chunk as string;
      return text;
    };
    const format = new ExportCatalog(testExecutor(), testOntology()).lineFormat;
    const built = await read(none, null, 40);
    expect(parseCsv(built).filter((r) => r.retracted === 'true').map((r) => r.id)).toEqual(retracted.map((r) => r.id));
    for (const batchRows of [3, q.LINES_PER_RECORD, 5_000]) expect(await read(none, format, batchRows), `batches of ${batchRows}`).toBe(built);
    const byType: ExportFilter = { ...none, types: [retracted[0]!.type] };
    const filtered = await read(byType, format, 4);
    expect(filtered).toBe(await read(byType, null, 40));
    expect(parseCsv(filtered).map((r) => r.id)).toContain(retracted[0]!.id);
  });

  it('filters apply to retracted claims too, and the manifest counts the same rows', async () => {
    const query = `?types=${retracted[0]!.type}&includeRetracted=true`;
    const m = await manifest(query);
    expect(m.filters).toEqual({ types: [retracted[0]!.type], includeRetracted: true });
    const rows = parseCsv((await file(`/export/relationships.csv${query}`)).toString('utf8'));
    expect(rows.length).toBe(m.tables.relationships!.rows);
    expect(rows.every((r) => r.type === retracted[0]!.type)).toBe(true);
    expect(rows.map((r) => r.id)).toContain(retracted[0]!.id);
    const plain = parseCsv((await file(`/export/relationships.csv?types=${retracted[0]!.type}`)).toString('utf8'));
    expect(plain.length).toBe(rows.length - retracted.filter((r) => r.type === retracted[0]!.type).length);
    const citations = parseCsv((await file(`/export/citations.csv${query}`)).toString('utf8'));
    expect(citations.length).toBe(m.tables.citations!.rows);
  });

  it('the GraphQL relationships table agrees: includeRetracted lists the same ids and totalCount as the export, under every anchor and in small pages', async () => {
    type Page = { relationships: { totalCount: number; nodes: Array<{ id: string; retraction: { at: string; by: string; reason: string } | null }>; pageInfo: { hasNextPage: boolean; endCursor: string } } };
    const all = async (args: string, first: number) => {
      const nodes: Page['relationships']['nodes'] = [];
      let after: string | null = null;
      let total = -1;
      for (let i = 0; i < 1000; i++) {
        const res: Awaited<ReturnType<typeof server.gql<Page>>> = await server.gql<Page>(`query($after: String) { relationships(first: ${first}, after: $after${args}) { totalCount nodes { id retraction { at by reason } } pageInfo { hasNextPage endCursor } } }`, { after });
        expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
        nodes.push(...res.data!.relationships.nodes);
        if (total < 0) total = res.data!.relationships.totalCount;
        if (!res.data!.relationships.pageInfo.hasNextPage) break;
        after = res.data!.relationships.pageInfo.endCursor;
      }
      expect(nodes.length, args).toBe(total);
      return nodes;
    };
    const [r0, r1] = retracted;
    const [row] = await testExecutor().read(cypher('test.retractedEnds', 'MATCH (c:RetractedClaim {id: $id}) RETURN c.fromId AS fromId, c.toId AS toId, [(c)-[:CITES]->(s:Source) | s.id][0] AS source'), { id: r0!.id });
    const cases: Array<[string, string]> = [
      ['', ''],
      [`, types: ["${r0!.type}", "${r1!.type}"]`, `types=${r0!.type},${r1!.type}`],
      [`, from: "${row!.fromId}"`, `from=${row!.fromId}`],
      [`, to: "${row!.toId}"`, `to=${row!.toId}`],
      [`, source: "${row!.source}"`, `source=${row!.source}`],
      [`, minSources: 0, modality: [STATED, REPORTED, ANNOUNCED, PROPOSED, UNDER_CONSIDERATION, DENIED]`, 'minSources=0&modality=STATED,REPORTED,ANNOUNCED,PROPOSED,UNDER_CONSIDERATION,DENIED'],
    ];
    for (const [args, query] of cases) {
      const exported = parseCsv((await file(`/export/relationships.csv?includeRetracted=true${query ? `&${query}` : ''}`)).toString('utf8'));
      const listed = await all(`${args}, includeRetracted: true`, args === '' ? 100 : 3);
      expect(listed.map((n) => n.id), args).toEqual(exported.map((r) => r.id));
      const plain = await all(args, 100);
      expect(plain.map((n) => n.id), args).toEqual(exported.filter((r) => r.retracted === 'false').map((r) => r.id));
      for (const n of listed) {
        const r = exported.find((e) => e.id === n.id)!;
        expect(n.retraction === null ? 'false' : 'true', n.id).toBe(r.retracted);
        if (n.retraction) expect(n.retraction).toEqual({ at: r.retracted_at, by: r.retracted_by, reason: r.retraction_reason });
      }
    }
    expect((await all(`, from: "${row!.fromId}", includeRetracted: true`, 100)).map((n) => n.id)).toContain(r0!.id);
  }, 240_000);

  it('with the flag, the export batches, the table page and the measures expansion start from indexes: no label scan of Claims or retracted Claims', async () => {
    type Plan = { operator: string; details: string; children: Plan[] };
    const ops = (plan: Plan): Plan[] => [plan, ...plan.children.flatMap(ops)];
    const check = async (name: string, query: { name: string; text: string }, params: Record<string, unknown>) => {
      const plan = ops((await testExecutor().explain(query, params)) as Plan);
      const scans = plan.filter((op) => op.operator === 'AllNodesScan' || (op.operator.includes('LabelScan') && /Claim|Entity|Policy/.test(op.details)));
      expect(scans.map((op) => `${op.operator} ${op.details}`), name).toEqual([]);
      const seeks = plan.filter((op) => /IndexSeek/.test(op.operator)).map((op) => op.details);
      expect(seeks.some((d) => /:RetractedClaim\b/.test(d)), `${name}: seeks ${seeks.join('; ')}`).toBe(true);
    };
    const keys = { types: true, from: false, to: false, source: false, minSources: true, maxSources: false, modality: false };
    const properties = new ExportCatalog(testExecutor(), testOntology()).tables.relationshipProperties;
    const params = { after: '', limit: 5, types: ['TARGETS'], minSources: 0 };
    await check('relationshipBatch', q.relationshipBatch(keys, true, properties, true), params);
    await check('relationshipLineBatch', q.relationshipLineBatch(keys, properties, true), params);
    await check('citationBatch', q.citationBatch(keys, true), params);
    const filter = { types: null, from: null, to: null, source: null, minSources: null, maxSources: null, modalities: null, includeRetracted: true };
    for (const f of [{ ...filter, from: 'x' }, { ...filter, to: 'x' }, { ...filter, types: ['TARGETS'] }]) {
      const b = new CypherBuilder(testOntology());
      const text = tableStatement(b, { filter: f, after: 'a', limit: 11, fields: [], withRows: true, withTotal: false });
      await check(`table ${JSON.stringify(f)}`, { name: 'table', text }, b.params);
    }
    const b = new CypherBuilder(testOntology());
    const text = measuresStatement(b, {
      filter: { targetIds: ['x'], promotingIds: null, issuerIds: null, statuses: null, types: null, from: null, to: null, minSources: null, modalities: null, targetSubtree: null, includeAreas: false, includeRetracted: true },
      anchor: 'targets', after: null, limit: 11, fields: [], withRows: true, withTotal: false,
    });
    await check('measures', { name: 'measures', text }, b.params);
  });

  it('refuses a value other than true/false, and the flag on the tables that are always whole, naming the problem', async () => {
    const bad = await get('/export/relationships.csv?includeRetracted=yes');
    expect(bad.status).toBe(400);
    const [error] = JSON.parse(bad.body.toString('utf8')).errors;
    expect(error.message).toBe(`'includeRetracted' is "yes"; it takes true or false.`);
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'includeRetracted', value: 'yes', allowed: ['true', 'false'] });
    const twice = await get('/export/relationships.csv?includeRetracted=true&includeRetracted=true');
    expect(twice.status).toBe(400);
    const entities = await get('/export/entities.csv?includeRetracted=true');
    expect(entities.status).toBe(400);
    expect(entities.body.toString('utf8')).toMatch(/'entities' is always exported whole; the filters \(includeRetracted\)/);
  });

  it('adds the retracted branch only when asked: default statements never name RetractedClaim, and the branch is anchored on its id index', () => {
    const keys = { types: false, from: false, to: false, source: false, minSources: false, maxSources: false, modality: false };
    const properties = new ExportCatalog(testExecutor(), testOntology()).tables.relationshipProperties;
    for (const statement of [q.relationshipBatch(keys, true, properties), q.relationshipLineBatch(keys, properties), q.citationBatch(keys), q.relationshipCounts(keys)]) {
      expect(statement.text).not.toContain('RetractedClaim');
    }
    for (const statement of [q.relationshipBatch(keys, false, properties, true), q.relationshipLineBatch(keys, properties, true), q.citationBatch(keys, true)]) {
      expect(statement.text).toContain('USING INDEX SEEK c:RetractedClaim(id)');
      expect(statement.text).toContain('USING INDEX SEEK c:Claim(id)');
    }
    // The GraphQL relationships table likewise, under each anchor.
    const filter = { types: null, from: null, to: null, source: null, minSources: null, maxSources: null, modalities: null };
    for (const f of [filter, { ...filter, types: ['TARGETS'] }, { ...filter, from: 'x' }, { ...filter, source: 's' }]) {
      const page = { filter: f, after: null, limit: 11, fields: [], withRows: true, withTotal: true };
      expect(tableStatement(new CypherBuilder(testOntology()), page)).not.toContain('RetractedClaim');
      expect(tableStatement(new CypherBuilder(testOntology()), { ...page, filter: { ...f, includeRetracted: true } })).toContain('RetractedClaim');
    }
    expect(tableStatement(new CypherBuilder(testOntology()), { filter: { ...filter, from: 'x', includeRetracted: true }, after: null, limit: 11, fields: [], withRows: true, withTotal: true })).toMatch(
      /USING INDEX c\d+:RetractedClaim\(fromId, id\)/,
    );
  });
});

function graphBefore() {
  return edges(before.get('graph.graphml')!);
}
