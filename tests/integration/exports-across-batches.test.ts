// Issue 23: on a graph larger than one batch, the entities export repeated ids for ever and the sources
// export stopped after one batch — their batches returned the node as `n` while the keyset reader took
// the next position from `id`. Here every table in every format (and the graph as GraphML), with and
// without filters, gzip on and off, is read over HTTP with batches of a few rows: the rows must be
// exactly the graph's, in id order, as many as the manifest says. And the reader itself refuses a batch
// whose keyset column is missing or does not increase, instead of paging on a wrong position.
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parquetReadObjects } from 'hyparquet';
import { cypher } from '../../src/db/executor.ts';
import { readBatches } from '../../src/export/read-batches.ts';
import { closeTestExecutor, seedGraph, testExecutor } from '../support/database.ts';
import { parseCsv, relationshipIdsByGraphql } from '../support/export-readers.ts';
import { rawGet } from '../support/raw-http.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/** Rows per batch: every table of the seed spans several batches (7 sources, 113 entities, …). */
const BATCH = 5;
const FILTER = 'types=TARGETS,ISSUED&minSources=1';

let server: TestServer;
let version: string;

beforeAll(async () => {
  await seedGraph();
  server = await startTestServer({ exportBatchRows: BATCH });
  version = (await rawGet(`${server.url}/export/manifest.json`)).headers['chokepoint-graph-version'] as string;
});
afterAll(async () => {
  await server?.close();
  await closeTestExecutor();
});

const column = async (statement: string, params: Record<string, unknown> = {}) =>
  (await testExecutor().read(cypher('test.exportKeys', statement), params)).map((row) => String(row.key));

/** The keys each export must hold, in order, read from the graph (and, filtered, from the GraphQL API). */
async function expectedKeys(table: string, filtered: boolean): Promise<string[]> {
  if (table === 'entities') return column('MATCH (n:Entity) RETURN n.id AS key ORDER BY key');
  if (table === 'sources') return column('MATCH (n:Source) RETURN n.id AS key ORDER BY key');
  const ids = filtered ? await relationshipIdsByGraphql(server, ', types: ["TARGETS", "ISSUED"], minSources: 1') : await column('MATCH (c:Claim) RETURN c.id AS key ORDER BY key');
  if (table === 'relationships') return ids;
  return column(
    `MATCH (c:Claim)-[k:CITES]->(:Source) WHERE c.id IN $ids
     WITH c.id AS id, k.ordinal AS ordinal ORDER BY id, ordinal
     RETURN id + '#' + toString(ordinal) AS key`,
    { ids },
  );
}

const xmlText = (s: string) => s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The key of each row of a body: the id, or for citations relationship_id#ordinal. */
async function keysOf(table: string, format: string, body: Buffer): Promise<string[]> {
  const key = (row: Record<string, unknown>) => (table === 'citations' ? `${row.relationship_id}#${row.ordinal}` : String(row.id));
  if (format === 'csv') return parseCsv(body.toString('utf8')).map(key);
  if (format === 'jsonl') return body.toString('utf8').split('\n').filter((line) => line !== '').map((line) => key(JSON.parse(line)));
  const file = body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer;
  return (await parquetReadObjects({ file })).map(key);
}

type Case = { file: string; table: string; format: string; filtered: boolean };
const TABLES = ['relationships', 'citations', 'entities', 'sources'];
const FORMATS = ['csv', 'jsonl', 'parquet'];
const cases: Case[] = [];
for (const table of TABLES) {
  for (const format of FORMATS) {
    cases.push({ file: `${table}.${format}`, table, format, filtered: false });
    if (table === 'relationships' || table === 'citations') cases.push({ file: `${table}.${format}`, table, format, filtered: true });
  }
}

async function download(path: string, gzip: boolean, format: string): Promise<Buffer> {
  const response = await rawGet(`${server.url}${path}`, { headers: gzip ? { 'accept-encoding': 'gzip' } : {}, maxBytes: 8 << 20, timeoutMs: 60_000 });
  expect(response.status, path).toBe(200);
  expect(response.headers['chokepoint-graph-version']).toBe(version);
  // Parquet is never content-coded (it is compressed inside); the text formats are when asked.
  const coded = gzip && format !== 'parquet';
  expect(response.headers['content-encoding'], path).toBe(coded ? 'gzip' : undefined);
  return coded ? gunzipSync(response.body) : response.body;
}

async function manifest(filtered: boolean) {
  const response = await rawGet(`${server.url}/export/manifest.json${filtered ? `?${FILTER}` : ''}`);
  return JSON.parse(response.body.toString('utf8')) as { tables: Record<string, { rows: number }>; graph: { nodes: number; edges: number } };
}

function expectWholeTable(got: string[], expected: string[], rows: number, what: string): void {
  // The graph has to be larger than a batch, or this proves nothing about paging.
  expect(expected.length, `${what}: the graph must span several batches`).toBeGreaterThan(BATCH);
  expect(got.length, `${what}: rows against the manifest`).toBe(rows);
  expect(new Set(got).size, `${what}: ids unique`).toBe(got.length);
  expect(got.at(-1), `${what}: the last id`).toBe(expected.at(-1));
  expect(got, `${what}: every id, in order`).toEqual(expected);
}

describe('bulk exports across batch boundaries (issue 23)', () => {
  it.each(cases)('$file (filtered: $filtered), gzip off and on: every row once, in id order, as many as the manifest says', async ({ table, format, filtered }) => {
    const path = `/export/${table}.${format}${filtered ? `?${FILTER}` : ''}`;
    const expected = await expectedKeys(table, filtered);
    const { rows } = (await manifest(filtered)).tables[table]!;
    for (const gzip of [false, true]) {
      const body = await download(path, gzip, format);
      expectWholeTable(await keysOf(table, format, body), expected, rows, `${path}${gzip ? ' (gzip)' : ''}`);
    }
  }, 180_000);

  it.each([{ filtered: false }, { filtered: true }])(
    'graph.graphml (filtered: $filtered), gzip off and on: every entity and every kept relationship once, in id order',
    async ({ filtered }) => {
      const path = `/export/graph.graphml${filtered ? `?${FILTER}` : ''}`;
      const { graph } = await manifest(filtered);
      for (const gzip of [false, true]) {
        const xml = (await download(path, gzip, 'graphml')).toString('utf8');
        const nodes = [...xml.matchAll(/<node id="([^"]*)"/g)].map((m) => xmlText(m[1]!));
        const edges = [...xml.matchAll(/<edge id="([^"]*)"/g)].map((m) => xmlText(m[1]!));
        expectWholeTable(nodes, await expectedKeys('entities', false), graph.nodes, `${path} nodes`);
        expectWholeTable(edges, await expectedKeys('relationships', filtered), graph.edges, `${path} edges`);
        expect(xml.trimEnd().endsWith('</graphml>')).toBe(true);
      }
    },
    180_000,
  );
});

describe('the keyset reader checks the position it pages on', () => {
  const read = async (statement: string) => {
    const rows: unknown[] = [];
    for await (const batch of readBatches(testExecutor(), { query: cypher('test.badBatch', statement), params: {} }, version, BATCH)) {
      rows.push(...batch);
      if (rows.length > 1_000) throw new Error(`the reader did not stop: ${rows.length} rows read`);
    }
    return rows;
  };

  it('a batch without its keyset column fails loudly, naming the statement and the column (the old entity shape)', async () => {
    await expect(read('MATCH (n:Entity) WHERE n.id > $after WITH n ORDER BY n.id LIMIT $limit RETURN n')).rejects.toThrow(
      /export statement 'test\.badBatch' returned no string in its keyset column 'id' \(row 1 of the batch after ""\): got undefined/,
    );
  });

  it('a batch whose keys do not increase fails loudly instead of repeating or skipping rows', async () => {
    await expect(read("UNWIND range(1, $limit) AS i RETURN 'same-id' AS id")).rejects.toThrow(
      /export statement 'test\.badBatch' returned the key "same-id" after "same-id" \(row 2 of the batch after ""\); keys must strictly increase/,
    );
    // Across batches too: the second batch starts again from the beginning.
    await expect(read("UNWIND range(1, $limit) AS i RETURN 'k' + toString(i) AS id")).rejects.toThrow(
      /returned the key "k1" after "k5" \(row 1 of the batch after "k5"\); keys must strictly increase/,
    );
  });
});
