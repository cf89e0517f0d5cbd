// Issue 19 row 10, the gave-up state: once the supervisor had given up restarting the embedded Neo4j,
// requests still said "retry in 2 s" (DATABASE_UNAVAILABLE, Retry-After: 2) while /health said 200, so
// neither a client nor a process manager learned that only an operator could help. Here, on a real
// supervised JVM (killed, its port then held by something else): /health, /ready and every request say
// 503 gave-up, and requests carry no retry hint.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config/config.ts';
import { openDatabase, type Database } from '../../src/db/open-database.ts';
import { freePort } from '../../src/net/free-port.ts';
import { createApp } from '../../src/server/create-app.ts';
import { createLogger } from '../../src/log/logger.ts';
import { testOntology } from '../support/database.ts';

const root = mkdtempSync(join(tmpdir(), 'chokepoint-gave-up-'));
let database: Database | undefined;
let holder: Server | undefined;
const logs: string[] = [];

afterAll(async () => {
  holder?.close();
  await database?.close().catch(() => {});
  rmSync(root, { recursive: true, force: true });
});

async function until<T>(what: string, timeoutMs: number, probe: () => T | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('the gave-up state (issue 19 row 10)', () => {
  it('/health, /ready and requests agree: 503, it gave up, no retry hint', { timeout: 600_000 }, async () => {
    const port = await freePort();
    const config = readConfig({
      NEO4J_EMBEDDED_DATA_DIR: join(root, 'neo4j'),
      NEO4J_EMBEDDED_PORT: String(port),
      NEO4J_EMBEDDED_HEAP_MB: '512',
      NEO4J_EMBEDDED_PAGECACHE_MB: '64',
      NEO4J_EMBEDDED_RESTARTS: '1',
      QUERY_TIMEOUT_MS: '60000',
      NEO4J_CONNECT_TIMEOUT_MS: '10000',
    });
    database = await openDatabase(config, () => {}, { supervise: createLogger('debug', (line) => logs.push(line)) });
    const db = database;
    const app = createApp({
      executor: db.executor,
      ontology: testOntology(),
      logger: createLogger('silent'),
      readiness: { database: () => db.state(), warmedUp: () => true },
    });
    expect((await app.fetch('http://test/health')).status).toBe(200);

    // The JVM dies and something else takes its port: the one restart allowed fails, and the supervisor gives up.
    const { pid } = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(join(root, 'neo4j', 'chokepoint-instance.json'), 'utf8'))) as { pid: number };
    process.kill(pid, 'SIGKILL');
    // Take the port as soon as the dead JVM has let it go (the supervisor waits 1 s before its restart).
    await until('the JVM gone', 30_000, () => {
      try {
        process.kill(pid, 0);
        return undefined;
      } catch {
        return true;
      }
    });
    for (let attempt = 0; ; attempt++) {
      const server = createServer((socket) => socket.destroy());
      const bound = await new Promise<boolean>((resolve) => {
        server.once('error', () => resolve(false));
        server.listen(port, '127.0.0.1', () => resolve(true));
      });
      if (bound) {
        holder = server;
        break;
      }
      if (attempt > 250) throw new Error(`port ${port} stayed taken after the JVM died`);
      await new Promise((r) => setTimeout(r, 20));
    }
    await until('the supervisor to give up', 120_000, () => (db.state() === 'gave-up' ? true : undefined));
    const gaveUp = logs.find((line) => line.includes('gave up restarting the embedded Neo4j'))!;
    expect(gaveUp).toContain('503 DATABASE_GAVE_UP and /health answers 503');

    const health = await app.fetch('http://test/health');
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'gave-up' });
    const ready = await app.fetch('http://test/ready');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ ready: false, neo4j: 'gave-up' });

    const response = await app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ stats { entities } }' }),
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBeNull();
    const body = (await response.json()) as { errors: Array<{ message: string; extensions: Record<string, unknown> }> };
    expect(body.errors[0]!.extensions.code).toBe('DATABASE_GAVE_UP');
    expect(body.errors[0]!.extensions.retryAfterSeconds).toBeUndefined();
    expect(body.errors[0]!.message).toContain('gave up restarting');
    expect(body.errors[0]!.message).not.toMatch(/retry in/i);
  });
});
