// Issue 10, "a warm start on a busy machine: the first Cypher timed out; start-up exited 1 with a raw
// driver stack, no step named, no retry, no hint of QUERY_TIMEOUT_MS". Here the database does not answer
// at start-up (its JVM is frozen with SIGSTOP — a JVM this test started): each step is named, retried
// with backoff once the database answers, and when it never does, start-up ends with one message naming
// the step, the setting to change and the log to read, and no stack.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedNeo4j, type EmbeddedNeo4j } from '../../src/db/embedded/launcher.ts';
import { freePort } from '../../src/net/free-port.ts';
import { eventually, startService, status, type ServiceProcess } from '../support/service-process.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'chokepoint-startup-'));
let neo4j: EmbeddedNeo4j;
const services: ServiceProcess[] = [];

beforeAll(async () => {
  neo4j = await startEmbeddedNeo4j({ port: await freePort(), dataDir, heapMb: 512, pageCacheMb: 64, txTimeoutSeconds: 30 });
});

afterAll(async () => {
  process.kill(neo4j.pid, 'SIGCONT');
  for (const service of services) await service.stop();
  await neo4j?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function start(env: Record<string, string>): Promise<ServiceProcess> {
  return startService({
    env: { NEO4J_URI: neo4j.uri, NEO4J_PASSWORD: neo4j.password, SEED_ON_START: 'false', QUERY_TIMEOUT_MS: '3000', NEO4J_CONNECT_TIMEOUT_MS: '1000', ...env },
  }).then((service) => {
    services.push(service);
    return service;
  });
}

describe('start-up against a database that does not answer yet', () => {
  it('names the step, retries with backoff, and carries on once the database answers', async () => {
    process.kill(neo4j.pid, 'SIGSTOP');
    const service = await start({ STARTUP_RETRIES: '4' });
    try {
      const [line] = await service.waitForOutput(/\{[^\n]*"msg":"step 2\/5 failed; retrying"[^\n]*\}/, 60_000);
      expect(JSON.parse(line)).toMatchObject({ step: 'checking that Neo4j answers', attempt: 1, of: 5, inSeconds: 1 });
      expect(JSON.parse(line).hint).toContain('NEO4J_CONNECT_TIMEOUT_MS (now 1000)');
    } finally {
      process.kill(neo4j.pid, 'SIGCONT');
    }
    await eventually('ready', async () => ((await status(`${service.url}/ready`)) === 200 ? true : undefined), 120_000, 500);
    const log = service.output();
    expect(log).toContain('"msg":"step 1/5: connecting to bolt://127.0.0.1:');
    expect(log).toContain('"msg":"step 3/5: applying constraints and indexes…"');
    expect(log).toContain('Chokepoint is ready');
    expect(service.exited()).toBe(false);
  }, 240_000);

  it('gives up after STARTUP_RETRIES with the step, the setting and the log named, and no stack', async () => {
    process.kill(neo4j.pid, 'SIGSTOP');
    try {
      const service = await start({ STARTUP_RETRIES: '1' });
      const code = await new Promise<number | null>((resolve) => {
        if (service.exited()) resolve(service.child.exitCode);
        service.child.once('exit', (c) => resolve(c));
      });
      const log = service.output();
      expect(code).toBe(1);
      const message = log.slice(log.indexOf('chokepoint: start-up failed'));
      expect(message).toMatch(/^chokepoint: start-up failed at step 2\/5 \(checking that Neo4j answers\) after 2 attempts: /);
      expect(message).toContain('NEO4J_CONNECT_TIMEOUT_MS (now 1000)');
      expect(message).toContain('STARTUP_RETRIES (now 1) to wait longer');
      expect(message).toContain(`Log to read: the log of the Neo4j server at ${neo4j.uri}`);
      // No stack trace anywhere on stderr or in the message.
      expect(log).not.toMatch(/^\s+at /m);
    } finally {
      process.kill(neo4j.pid, 'SIGCONT');
    }
  }, 240_000);
});

describe('npm run seed against a database that answers late', () => {
  /** `npm run seed` against the frozen-then-thawed JVM; resolves with its exit code and output. */
  const seed = (env: Record<string, string>) =>
    new Promise<{ code: number | null; output: string }>((done) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/seed/cli.ts'], {
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NEO4J_URI: neo4j.uri, NEO4J_PASSWORD: neo4j.password, NEO4J_CONNECT_TIMEOUT_MS: '1000', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('close', (code) => done({ code, output }));
    });

  it('waits up to QUERY_TIMEOUT_MS for the first answer (a cold or busy JVM), not the liveness timeout', async () => {
    process.kill(neo4j.pid, 'SIGSTOP');
    const thaw = setTimeout(() => process.kill(neo4j.pid, 'SIGCONT'), 4_000);
    try {
      const { code, output } = await seed({ QUERY_TIMEOUT_MS: '30000' });
      expect(output).toMatch(/seeded bolt:\/\/127\.0\.0\.1:\d+: \d+ sources/);
      expect(code).toBe(0);
    } finally {
      clearTimeout(thaw);
      process.kill(neo4j.pid, 'SIGCONT');
    }
  }, 240_000);

  it('says which setting to raise when the database never answers in time', async () => {
    process.kill(neo4j.pid, 'SIGSTOP');
    try {
      const { code, output } = await seed({ QUERY_TIMEOUT_MS: '2000' });
      expect(code).toBe(1);
      expect(output).toContain(`Neo4j at ${neo4j.uri} did not answer within QUERY_TIMEOUT_MS (now 2000 ms)`);
      expect(output).not.toMatch(/^\s+at /m);
    } finally {
      process.kill(neo4j.pid, 'SIGCONT');
    }
  }, 240_000);
});
