// How many bulk exports stream at once (src/export/export-slots.ts), against the real Neo4j: a client
// over its share is refused with 429, a full process with 503 EXPORTS_BUSY, both at once and with
// Retry-After; slots come back when a stream ends or its client gives up. The exports are held open by
// an executor whose table reads wait at a gate the test opens.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Executor, type TransactionRunner } from '../../src/db/executor.ts';
import { createDriver } from '../../src/db/driver.ts';
import type { HttpConfig } from '../../src/config/config.ts';
import { closeTestExecutor, seedGraph } from '../support/database.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/** A real executor whose export batches wait until `open()`. */
class GatedExecutor extends Executor {
  waiting = 0;
  private release!: () => void;
  private readonly gate = new Promise<void>((resolve) => (this.release = resolve));

  open(): void {
    this.release();
  }

  override async readTransaction<T>(name: string, work: (tx: TransactionRunner) => Promise<T>): Promise<T> {
    if (/^exports\.(relationship|citations|entities|sources)/.test(name)) {
      this.waiting++;
      await this.gate;
      this.waiting--;
    }
    return super.readTransaction(name, work);
  }
}

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

let executor: GatedExecutor;
let server: TestServer;

beforeAll(async () => {
  await seedGraph();
});
afterAll(async () => {
  await closeTestExecutor();
});

async function serve(http: Partial<HttpConfig>): Promise<void> {
  const { uri, username, password } = inject('neo4j');
  executor = new GatedExecutor(createDriver({ uri, username, password, database: undefined }), { database: undefined, timeoutMs: 30_000 });
  // Clients are told apart by X-Forwarded-For, as behind a proxy.
  server = await startTestServer({ executor, http: { ...http, trustProxy: true } });
}

async function stop(): Promise<void> {
  executor.open();
  await server.close();
  await executor.close();
}

const exportFrom = (client: string, path: string, init: RequestInit = {}) =>
  fetch(`${server.url}/export/${path}`, { ...init, headers: { 'x-forwarded-for': client, ...(init.headers as Record<string, string>) } });

async function rowsOf(table: string): Promise<number> {
  const manifest = (await (await exportFrom('10.0.0.99', 'manifest.json')).json()) as { tables: Record<string, { rows: number }> };
  return manifest.tables[table]!.rows;
}

/** A refusal: its status, Retry-After, and the first error's extensions and message. */
async function expectRefusal(response: Response, status: number, extensions: Record<string, unknown>, message: RegExp): Promise<void> {
  expect(response.status).toBe(status);
  expect(response.headers.get('retry-after')).toBe('5');
  const body = (await response.json()) as { errors: Array<{ message: string; extensions: Record<string, unknown> }> };
  expect(body.errors[0]!.extensions).toMatchObject(extensions);
  expect(body.errors[0]!.message).toMatch(message);
}

/** Lines after the header of a CSV body. */
const csvRows = (text: string) => text.split('\r\n').filter((line) => line !== '').length - 1;

describe('bulk exports: how many stream at once', () => {
  it('a client over its share gets 429 RATE_LIMITED at once, with Retry-After; others and the manifest are still served', async () => {
    await serve({ exportsMaxConcurrent: 4, exportsPerClient: 1 });
    try {
      const relationships = await rowsOf('relationships');
      const held = exportFrom('10.0.0.1', 'relationships.csv');
      await until(() => executor.waiting === 1, 'the first export to wait at the gate');

      await expectRefusal(
        await exportFrom('10.0.0.1', 'citations.csv'),
        429,
        { code: 'RATE_LIMITED', streaming: 1, limit: 1 },
        /1 export is already streaming to 10\.0\.0\.1; a client may stream at most 1 at once \(the server's EXPORTS_PER_CLIENT\)/,
      );
      expect(executor.waiting).toBe(1);

      // Another client streams; the manifest (no table read) is served to the client at its limit.
      const other = exportFrom('10.0.0.2', 'relationships.csv');
      await until(() => executor.waiting === 2, 'the other client’s export to wait at the gate');
      expect((await exportFrom('10.0.0.1', 'manifest.json')).status).toBe(200);

      executor.open();
      for (const response of [await held, await other]) {
        expect(response.status).toBe(200);
        expect(csvRows(await response.text())).toBe(relationships);
      }
      // The slot came back with the end of the stream.
      const again = await exportFrom('10.0.0.1', 'citations.csv');
      expect(again.status).toBe(200);
      await again.text();
    } finally {
      await stop();
    }
  });

  it('a full process answers 503 EXPORTS_BUSY with Retry-After; HEAD takes no slot; the next export after the streams end is served', async () => {
    await serve({ exportsMaxConcurrent: 2, exportsPerClient: 2 });
    try {
      const held = [exportFrom('10.0.0.1', 'entities.csv'), exportFrom('10.0.0.2', 'sources.csv')];
      await until(() => executor.waiting === 2, 'two exports to wait at the gate');

      await expectRefusal(
        await exportFrom('10.0.0.3', 'relationships.csv'),
        503,
        { code: 'EXPORTS_BUSY', streaming: 2, limit: 2 },
        /streaming 2 exports, as many as it allows at once \(EXPORTS_MAX_CONCURRENT\); retry in 5 s/,
      );
      expect((await exportFrom('10.0.0.3', 'relationships.csv', { method: 'HEAD' })).status).toBe(200);

      executor.open();
      for (const response of await Promise.all(held)) {
        expect(response.status).toBe(200);
        expect(csvRows(await response.text())).toBeGreaterThan(5);
      }
      const served = await exportFrom('10.0.0.3', 'relationships.csv');
      expect(served.status).toBe(200);
      expect(csvRows(await served.text())).toBe(await rowsOf('relationships'));
    } finally {
      await stop();
    }
  });

  it('a client that gives up mid-export gives its slot back', async () => {
    await serve({ exportsMaxConcurrent: 1, exportsPerClient: 1 });
    try {
      const abort = new AbortController();
      const held = exportFrom('10.0.0.1', 'relationships.csv', { signal: abort.signal });
      held.catch(() => {});
      await until(() => executor.waiting === 1, 'the export to wait at the gate');
      expect((await exportFrom('10.0.0.2', 'relationships.csv')).status).toBe(503);

      abort.abort();
      // The headers may have arrived already (gzip writes its header at once): the body then fails.
      await expect(held.then((response) => response.arrayBuffer())).rejects.toThrow(/abort/i);
      executor.open();
      // The server notices the closed connection at its next write and ends the stream.
      let status = 0;
      const deadline = Date.now() + 10_000;
      while (status !== 200 && Date.now() < deadline) {
        const response = await exportFrom('10.0.0.2', 'relationships.csv');
        status = response.status;
        await response.arrayBuffer();
        if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(status).toBe(200);
    } finally {
      await stop();
    }
  });
});
