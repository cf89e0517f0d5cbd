// /health says the process is alive; /ready says Neo4j answers — 503 while it is down, 200 again when
// it returns, without restarting the service — and, for `npm start`, that the warm-up is done and the
// embedded JVM is not being restarted.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDriver } from '../../src/db/driver.ts';
import { startEmbeddedNeo4j, type EmbeddedNeo4j } from '../../src/db/embedded/launcher.ts';
import { Executor } from '../../src/db/executor.ts';
import { freePort } from '../../src/net/free-port.ts';
import { createApp } from '../../src/server/create-app.ts';
import { createLogger } from '../../src/log/logger.ts';
import { WARM_UP_CONTEXT } from '../../src/server/plugins/use-warm-gate.ts';
import type { DatabaseState } from '../../src/db/open-database.ts';
import { markLoading, markReady } from '../../src/cypher/graph-state.ts';
import { testOntology } from '../support/database.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'chokepoint-ready-'));
const options = { port: await freePort(), dataDir, heapMb: 512, pageCacheMb: 64, txTimeoutSeconds: 30 };
let neo4j: EmbeddedNeo4j;
let executor: Executor;
let server: TestServer;

beforeAll(async () => {
  neo4j = await startEmbeddedNeo4j(options);
  executor = new Executor(createDriver({ uri: neo4j.uri, username: neo4j.username, password: neo4j.password, database: undefined }), {
    database: undefined,
    timeoutMs: 5_000,
  });
  server = await startTestServer({ executor });
});

afterAll(async () => {
  await server?.close();
  await executor?.close();
  await neo4j?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('/health and /ready', () => {
  it('/health answers 200 while the process is alive', async () => {
    const response = await fetch(`${server.url}/health`);
    expect(response.status).toBe(200);
  });

  it('/ready answers 200 when Neo4j answers', async () => {
    // The first Cypher of a fresh JVM can outlast the ping's bound on a busy machine: allow it a few tries.
    let response = await fetch(`${server.url}/ready`);
    for (let attempt = 0; attempt < 20 && response.status !== 200; attempt++) {
      await new Promise((r) => setTimeout(r, 500));
      response = await fetch(`${server.url}/ready`);
    }
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ready: true, neo4j: 'up' });
  });

  // A JVM restart took 60-190 s on this shared machine at a load average of 30-40 (issue 19 work, 2026-12-06).
  it('/ready answers 503 while Neo4j is down, and 200 again once it is back', { timeout: 400_000 }, async () => {
    await neo4j.stop();
    const down = await fetch(`${server.url}/ready`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ ready: false, neo4j: 'unreachable', reason: 'Neo4j does not answer' });
    // /health does not depend on the database.
    expect((await fetch(`${server.url}/health`)).status).toBe(200);

    neo4j = await startEmbeddedNeo4j(options);
    let status = 0;
    for (let attempt = 0; attempt < 20 && status !== 200; attempt++) {
      status = (await fetch(`${server.url}/ready`)).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 500));
    }
    expect(status).toBe(200);
  });
});

describe('/ready for npm start (warm-up and the embedded JVM)', () => {
  it('says 503 with the reason until the warm-up is done, while the JVM restarts, and after giving up', async () => {
    let warmedUp = false;
    let database: DatabaseState = 'running';
    const app = createApp({
      executor,
      ontology: testOntology(),
      logger: createLogger('silent'),
      readiness: { database: () => database, warmedUp: () => warmedUp },
    });
    const ready = async () => {
      const response = await app.fetch('http://test/ready');
      return { status: response.status, body: await response.json() };
    };
    expect(await ready()).toEqual({ status: 503, body: { ready: false, neo4j: 'up', reason: 'warming up: running the playground examples and the hub countries\' timelines once' } });
    warmedUp = true;
    expect(await ready()).toEqual({ status: 200, body: { ready: true, neo4j: 'up' } });
    database = 'restarting';
    expect(await ready()).toMatchObject({ status: 503, body: { ready: false, neo4j: 'restarting' } });
    database = 'gave-up';
    expect(await ready()).toMatchObject({ status: 503, body: { ready: false, neo4j: 'gave-up' } });
  });

  it('answers queries 503 WARMING_UP at once while warming up, lets the warm-up itself through, and serves once warm (issue 19 row 12)', async () => {
    let warmedUp = false;
    const app = createApp({ executor, ontology: testOntology(), logger: createLogger('silent'), readiness: { database: () => 'running', warmedUp: () => warmedUp } });
    const post = (context?: object) =>
      app.fetch('http://test/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) }, context ?? {});
    const started = performance.now();
    const refused = await post();
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('2');
    const body = (await refused.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors[0]!.extensions.code).toBe('WARMING_UP');
    expect(body.errors[0]!.message).toMatch(/warming up/);
    // The warm-up's own requests pass the gate.
    expect((await post(WARM_UP_CONTEXT)).status).toBe(200);
    warmedUp = true;
    expect((await post()).status).toBe(200);
  });

  it('/health answers 503 gave-up, like the requests, once the supervisor gave up (issue 19 row 10)', async () => {
    let database: DatabaseState = 'running';
    const app = createApp({ executor, ontology: testOntology(), logger: createLogger('silent'), readiness: { database: () => database, warmedUp: () => true } });
    expect((await app.fetch('http://test/health')).status).toBe(200);
    database = 'gave-up';
    const health = await app.fetch('http://test/health');
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'gave-up' });
  });

  it('says 503 while a load writes the graph (GraphState loading), and names the version once it is ready', async () => {
    const app = createApp({ executor, ontology: testOntology(), logger: createLogger('silent') });
    const ready = async () => {
      const response = await app.fetch('http://test/ready');
      return { status: response.status, body: await response.json() };
    };
    // This file's own Neo4j: the bookkeeping node is written here as the loader would.
    await executor.write(markLoading, { version: 'v-next', startedAt: new Date().toISOString() });
    expect(await ready()).toEqual({
      status: 503,
      body: { ready: false, neo4j: 'up', reason: 'a load is writing the graph (it has no version until the load completes)' },
    });
    const counts = { sources: 1, entities: 2, relationships: 3, citations: 4, verifiedCitations: 0 };
    await executor.write(markReady, { version: 'v-next', seedVersion: 'v-next', loadedAt: new Date().toISOString(), counts, csvLineFormat: null });
    expect(await ready()).toEqual({ status: 200, body: { ready: true, neo4j: 'up', graphVersion: 'v-next' } });
  });
});
