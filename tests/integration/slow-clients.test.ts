// Issue 19 rows 5 and 11, over raw sockets on loopback against the real Neo4j: a client that starts an
// export and stops reading loses its slot after the idle-write timeout; a client that goes away gives
// its slot back at once (even while the batch being read has not arrived); a request whose headers or
// body trickle in is cut off with 408; one address cannot hold more than its share of connections.
// Every wait is bounded, and each test fails rather than hangs if the limit is missing.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cypher, Executor, type TransactionRunner } from '../../src/db/executor.ts';
import { createDriver } from '../../src/db/driver.ts';
import type { HttpConfig } from '../../src/config/config.ts';
import { closeTestExecutor, seedGraph, testExecutor } from '../support/database.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/** Claims this file adds (and removes) so that an export is far larger than loopback's socket buffers. */
const BULK_PREFIX = 'zzzz-slow-client-test-';
const BULK_CLAIMS = 8_000;
const LINE_BYTES = 2_000;

beforeAll(async () => {
  await seedGraph();
  // Stored CSV lines are streamed as they are: 8 000 × 2 KB = 16 MB of relationships.csv.
  await testExecutor().write(
    cypher(
      'test.bulkClaims',
      `UNWIND range(1, $count) AS i
       CREATE (:Claim {id: $prefix + right('00000' + toString(i), 5), csvLine: $line})`,
    ),
    { count: BULK_CLAIMS, prefix: BULK_PREFIX, line: 'x'.repeat(LINE_BYTES) + '\r\n' },
  );
}, 240_000);

afterAll(async () => {
  await testExecutor().write(cypher('test.dropBulkClaims', 'MATCH (c:Claim) WHERE c.id STARTS WITH $prefix DETACH DELETE c'), { prefix: BULK_PREFIX });
  await closeTestExecutor();
});

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

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A raw loopback connection that records what it receives and when it closes. */
function rawSocket(url: string): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    let data = '';
    const socket = connect(Number(port), hostname, () => resolve({ socket, received: () => data, closed }));
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    socket.on('data', (chunk: Buffer) => (data += chunk.toString('latin1')));
    socket.on('error', () => {});
    socket.once('error', reject);
  });
}

const exportFrom = (server: TestServer, client: string, path: string) =>
  fetch(`${server.url}/export/${path}`, { headers: { 'x-forwarded-for': client } });

describe('exports that cannot be held hostage (issue 19 row 5)', () => {
  it('a client that stops reading loses its slot after EXPORT_IDLE_TIMEOUT_MS; the export is closed, not finished', async () => {
    const idleMs = 1_500;
    // Batches of 500 rows (1 MB): the export is still reading the graph when the socket fills up (a
    // slot is held while rows are read; once the last batch is handed to the socket it is given back).
    const server = await startTestServer({
      exportBatchRows: 500,
      http: { trustProxy: true, exportsMaxConcurrent: 1, exportsPerClient: 1, exportIdleTimeoutMs: idleMs },
    });
    try {
      const stalled = await rawSocket(server.url);
      stalled.socket.write(`GET /export/relationships.csv HTTP/1.1\r\nHost: test\r\nX-Forwarded-For: 10.0.0.1\r\n\r\n`);
      // The status line comes at once (the export has its slot); read nothing after it: the kernel's
      // buffers fill, then the server's.
      await until(() => /^HTTP\/1\.1 200 /.test(stalled.received()), 'the stalled export to start', 30_000).catch((error: Error) => {
        throw new Error(`${error.message}; received ${JSON.stringify(stalled.received().slice(0, 500))}; log:\n${server.logs.slice(-10).join('\n')}`);
      });
      stalled.socket.pause();
      const busy = await exportFrom(server, '10.0.0.2', 'sources.csv');
      const refusal = await busy.text();
      expect(busy.status, `${refusal}\n${server.logs.slice(-10).join('\n')}`).toBe(503);
      expect(JSON.parse(refusal).errors[0].extensions.code).toBe('EXPORTS_BUSY');
      const stalledAt = Date.now();

      await until(async () => {
        const next = await exportFrom(server, '10.0.0.2', 'sources.csv');
        await next.arrayBuffer();
        return next.status === 200;
      }, 'the slot to come back', idleMs + 60_000);
      expect(Date.now() - stalledAt).toBeGreaterThanOrEqual(idleMs - 500);
      expect(server.logs.some((line) => /export closed: the client stopped reading/.test(line) && /"idleMs":1500/.test(line))).toBe(true);

      // The stalled client, reading again, gets a broken transfer: far less than the 16 MB export.
      stalled.socket.resume();
      await stalled.closed;
      expect(stalled.received().length).toBeLessThan(BULK_CLAIMS * LINE_BYTES);
      expect(stalled.received()).toMatch(/^HTTP\/1\.1 200 /);
    } finally {
      await server.close();
    }
  }, 120_000);

  it('a client that goes away gives its slot back at once, before the batch being read arrives', async () => {
    const { uri, username, password } = inject('neo4j');
    const executor = new GatedExecutor(createDriver({ uri, username, password, database: undefined }), { database: undefined, timeoutMs: 30_000 });
    const server = await startTestServer({ executor, http: { trustProxy: true, exportsMaxConcurrent: 1, exportsPerClient: 1 } });
    try {
      const leaving = await rawSocket(server.url);
      leaving.socket.write(`GET /export/entities.csv HTTP/1.1\r\nHost: test\r\nX-Forwarded-For: 10.0.0.1\r\n\r\n`);
      await until(() => executor.waiting === 1, 'the export to wait at the gate');
      const busy = await exportFrom(server, '10.0.0.2', 'sources.csv');
      expect(busy.status).toBe(503);
      await busy.arrayBuffer();

      leaving.socket.destroy();
      // The gate stays shut: the slot must come back without the batch.
      const freedBy = Date.now() + 2_000;
      let status = 0;
      let response: Response | undefined;
      while (status !== 200 && Date.now() < freedBy) {
        response = await exportFrom(server, '10.0.0.2', 'sources.csv');
        status = response.status;
        if (status !== 200) {
          await response.arrayBuffer();
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
      expect(status).toBe(200);
      expect(executor.waiting).toBe(2);
      executor.open();
      expect((await response!.text()).split('\r\n').filter((l) => l !== '').length).toBeGreaterThan(1);
    } finally {
      executor.open();
      await server.close();
      await executor.close();
    }
  }, 60_000);
});

describe('slow and greedy connections (issue 19 row 11)', () => {
  const limits: Partial<HttpConfig> = { headersTimeoutMs: 1_000, requestTimeoutMs: 1_500, maxConnectionsPerAddress: 3 };

  it('a body sent a byte at a time is cut off with 408 REQUEST_TIMEOUT when REQUEST_TIMEOUT_MS is up', async () => {
    const server = await startTestServer({ http: limits });
    try {
      const slow = await rawSocket(server.url);
      const started = Date.now();
      slow.socket.write('POST /graphql HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n');
      const drip = setInterval(() => slow.socket.writable && slow.socket.write('{'), 100);
      await Promise.race([slow.closed, new Promise((_, reject) => setTimeout(() => reject(new Error('still open after 10 s')), 10_000))]).finally(() =>
        clearInterval(drip),
      );
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(1_400);
      expect(elapsed).toBeLessThan(5_000);
      const response = slow.received();
      expect(response).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
      const body = JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4));
      expect(body.errors[0].extensions).toMatchObject({ code: 'REQUEST_TIMEOUT', headersTimeoutMs: 1_000, requestTimeoutMs: 1_500 });
      expect(body.errors[0].message).toMatch(/headers and body within 1500 ms \(the server's HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS\)/);
    } finally {
      await server.close();
    }
  }, 30_000);

  it('headers sent a line at a time are cut off with 408 when HEADERS_TIMEOUT_MS is up', async () => {
    const server = await startTestServer({ http: limits });
    try {
      const slow = await rawSocket(server.url);
      const started = Date.now();
      slow.socket.write('GET /health HTTP/1.1\r\n');
      let n = 0;
      const drip = setInterval(() => slow.socket.writable && slow.socket.write(`X-Slow-${n++}: 1\r\n`), 100);
      await Promise.race([slow.closed, new Promise((_, reject) => setTimeout(() => reject(new Error('still open after 10 s')), 10_000))]).finally(() =>
        clearInterval(drip),
      );
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(slow.received()).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    } finally {
      await server.close();
    }
  }, 30_000);

  it('one address holds at most MAX_CONNECTIONS_PER_ADDRESS connections: the next is answered 429 and closed; a freed one is reusable', async () => {
    const server = await startTestServer({ http: limits });
    try {
      const held = await Promise.all([rawSocket(server.url), rawSocket(server.url), rawSocket(server.url)]);
      const extra = await rawSocket(server.url);
      extra.socket.write('GET /health HTTP/1.1\r\nHost: test\r\n\r\n');
      await Promise.race([extra.closed, new Promise((_, reject) => setTimeout(() => reject(new Error('the extra connection stayed open')), 10_000))]);
      const response = extra.received();
      expect(response).toMatch(/^HTTP\/1\.1 429 Too Many Requests\r\n/);
      expect(response).toMatch(/\r\nretry-after: 5\r\n/);
      const body = JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4));
      expect(body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', connections: 3, limit: 3 });
      expect(body.errors[0].message).toMatch(/already has 3 open connections.*MAX_CONNECTIONS_PER_ADDRESS/);
      // The refused request was not served: only the 429 came back.
      expect(response.match(/HTTP\/1\.1/g)).toHaveLength(1);

      // Requests on the held connections are served; closing one makes room for a new one.
      held[0]!.socket.write('GET /health HTTP/1.1\r\nHost: test\r\n\r\n');
      await until(() => /^HTTP\/1\.1 200 /.test(held[0]!.received()), 'the held connection to be served', 10_000);
      held[1]!.socket.destroy();
      await held[1]!.closed;
      await until(async () => (await fetch(`${server.url}/health`)).status === 200, 'a new connection to be accepted', 10_000);
      for (const h of held) h.socket.destroy();
    } finally {
      await server.close();
    }
  }, 30_000);
});
