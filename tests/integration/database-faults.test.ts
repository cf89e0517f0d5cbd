// Issue 10, database faults: `npm start` (a real process with its embedded JVM) under client load while
// the JVM is frozen (SIGSTOP/SIGCONT) and killed (SIGKILL). The service must not exit, must answer 503
// DATABASE_UNAVAILABLE with Retry-After promptly instead of hanging, must log the JVM's exit, restart it,
// and recover by itself. It must also say "ready" only after the warm-up. Only the JVM this test's own
// child started is ever signalled.
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadExamples } from '../../src/server/graphiql-examples.ts';
import { startLoad, type Outcome } from '../support/load.ts';
import { eventually, isAlive, startService, status, type ServiceProcess } from '../support/service-process.ts';

const CLIENTS = 8;
/** "Well under the 30 s the driver would wait": a generous bound that a busy CPU does not break. */
const PROMPT_MS = 20_000;
const examples = loadExamples();
const queries = ['01-measures-targeting-ai-chips.graphql', '02-search.graphql', '03-path.graphql'].map(
  (file) => examples.find((example) => example.file === file)!.query,
);
const statsQuery = '{ stats { entities relationships citations } }';

let service: ServiceProcess;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function gql(query: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${service.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query }),
    signal: AbortSignal.timeout(60_000),
  });
  return { status: response.status, body: await response.json() };
}

/** Keeps the load running until every client has had a request that started after `at` answered (or 2 minutes). */
async function afterRecovery(outcomes: Outcome[], at: number): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (outcomes.filter((o) => o.startedAt > at).length < CLIENTS && Date.now() < deadline) await sleep(250);
}

function describeOutcomes(outcomes: Outcome[]): string {
  const counts = new Map<string, number>();
  for (const o of outcomes) {
    const key = `${o.status} ${o.code ?? (o.hung ? 'hung' : 'ok')}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const slowest = Math.max(0, ...outcomes.map((o) => o.endedAt - o.startedAt));
  return `${JSON.stringify(Object.fromEntries(counts))}, slowest ${slowest} ms`;
}

beforeAll(async () => {
  // A liveness bound of 5 s (default 3): this shared machine runs at a load average of ~20 on 2 cores,
  // where a ping to a live Neo4j under this test's own load can take over 3 s (docs/operations.md).
  service = await startService({ env: { NEO4J_CONNECT_TIMEOUT_MS: '5000' } });
}, 60_000);

// A failure here is easier to read with what the service said.
afterEach((context) => {
  if (context.task.result?.state !== 'fail') return;
  const lines = service.output().split('\n').filter((line) => !line.includes('"msg":"request"'));
  process.stderr.write(`--- service output, request lines left out (tail) ---\n${lines.slice(-80).join('\n')}\n`);
});

afterAll(async () => {
  const jvm = service?.jvmPid();
  // Never leave a JVM of ours frozen.
  if (jvm) process.kill(jvm, 'SIGCONT');
  await service?.stop();
});

describe('start-up', () => {
  it('says "ready" (banner and /ready) only after the warm-up has run the playground examples', async () => {
    await service.waitForOutput(/"msg":"listening"/, 500_000);
    // From the moment it listens, /ready must not say 200 before the warm-up is done.
    const readyStatuses: Array<{ at: number; status: number | undefined }> = [];
    let ready = false;
    while (!ready) {
      const s = await status(`${service.url}/ready`);
      readyStatuses.push({ at: Date.now(), status: s });
      ready = s === 200;
      if (!ready) await sleep(100);
      if (service.exited()) throw new Error(`service exited:\n${service.output()}`);
    }
    await service.waitForOutput(/"msg":"warm-up done"/, 1000);
    const arrival = (pattern: RegExp) => service.chunks.find((chunk) => pattern.test(chunk.text))?.at ?? Infinity;
    const warmedAt = arrival(/"msg":"warm-up done"/);
    expect(arrival(/Chokepoint is ready/)).toBeGreaterThanOrEqual(warmedAt);
    expect(readyStatuses.filter((r) => r.status === 200 && r.at < warmedAt)).toEqual([]);
  }, 600_000);
});

describe('Neo4j frozen (SIGSTOP) under load', () => {
  it('answers 503 DATABASE_UNAVAILABLE with Retry-After while frozen, and recovers after SIGCONT', async () => {
    const jvm = service.jvmPid();
    expect(jvm, 'the service runs its own JVM').toBeDefined();
    const load = startLoad(service.url, queries, CLIENTS);
    await sleep(2_000);
    const frozenAt = Date.now();
    process.kill(jvm!, 'SIGSTOP');
    let thawedAt = 0;
    try {
      // /health does not depend on the database; /ready says it is not ready.
      expect(await status(`${service.url}/health`)).toBe(200);
      expect(await status(`${service.url}/ready`, 30_000)).toBe(503);
      await sleep(Math.max(0, frozenAt + 20_000 - Date.now()));
    } finally {
      thawedAt = Date.now();
      process.kill(jvm!, 'SIGCONT');
    }
    await eventually('ready after SIGCONT', async () => ((await status(`${service.url}/ready`)) === 200 ? true : undefined), 300_000, 500);
    const recoveredAt = Date.now();
    await afterRecovery(load.outcomes, recoveredAt);
    await load.stop();

    const summary = describeOutcomes(load.outcomes);
    expect(service.exited(), 'the service process is still running').toBe(false);
    expect(load.outcomes.filter((o) => o.hung || o.status === 0), summary).toEqual([]);
    // Requests sent while frozen got an answer while still frozen: 503 DATABASE_UNAVAILABLE, promptly.
    const whileFrozen = load.outcomes.filter((o) => o.startedAt >= frozenAt + 1_000 && o.endedAt < thawedAt);
    expect(whileFrozen.length, summary).toBeGreaterThanOrEqual(CLIENTS);
    for (const o of whileFrozen) {
      expect(o, summary).toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE' });
      expect(Number(o.retryAfter), summary).toBeGreaterThan(0);
    }
    const startedFrozen = load.outcomes.filter((o) => o.startedAt >= frozenAt && o.startedAt < thawedAt);
    for (const o of startedFrozen) expect(o.endedAt - o.startedAt, summary).toBeLessThan(PROMPT_MS);
    // Every answer is a success with data or a 503 — never a 200 carrying INTERNAL_SERVER_ERROR.
    for (const o of load.outcomes) {
      if (o.status === 200) expect(o.code, summary).toBeUndefined();
      else expect(o.status, summary).toBe(503);
    }
    // Recovered without a restart of the service: requests after recovery succeed.
    const after = load.outcomes.filter((o) => o.startedAt > recoveredAt);
    expect(after.length, summary).toBeGreaterThan(0);
    for (const o of after) expect(o, summary).toMatchObject({ status: 200, hasData: true });
    expect(service.jvmPid(), 'the same JVM (frozen, not restarted)').toBe(jvm);
  }, 600_000);
});

describe('Neo4j killed (SIGKILL) under load', () => {
  it('answers 503 promptly, logs the exit, restarts the JVM and serves the same data again', async () => {
    const before = await gql(statsQuery);
    expect(before.status).toBe(200);
    const jvm = service.jvmPid()!;
    const load = startLoad(service.url, queries, CLIENTS);
    await sleep(2_000);
    const killedAt = Date.now();
    process.kill(jvm, 'SIGKILL');
    // Deadlines, not timings: a JVM restart (store recovery after SIGKILL) takes 6 s here when idle, 45 s when loaded.
    await eventually('ready after the restart', async () => ((await status(`${service.url}/ready`)) === 200 ? true : undefined), 400_000, 500);
    const recoveredAt = Date.now();
    const newJvm = service.jvmPid();
    expect(newJvm).toBeDefined();
    expect(newJvm).not.toBe(jvm);
    await afterRecovery(load.outcomes, recoveredAt);
    await load.stop();

    const summary = describeOutcomes(load.outcomes);
    expect(service.exited()).toBe(false);
    expect(isAlive(newJvm!)).toBe(true);
    expect(load.outcomes.filter((o) => o.hung || o.status === 0), summary).toEqual([]);
    const duringOutage = load.outcomes.filter((o) => o.startedAt >= killedAt + 500 && o.endedAt < recoveredAt - 2_000);
    expect(duringOutage.length, summary).toBeGreaterThanOrEqual(CLIENTS);
    for (const o of load.outcomes) {
      if (o.status === 200) expect(o.code, summary).toBeUndefined();
      // While the restarted JVM warms up, queries get 503 WARMING_UP at once (issue 19 row 12) instead of stalling.
      else expect(o, summary).toMatchObject({ status: 503, code: expect.stringMatching(/^(DATABASE_UNAVAILABLE|WARMING_UP)$/) });
    }
    for (const o of load.outcomes.filter((o) => o.startedAt >= killedAt)) {
      expect(o.endedAt - o.startedAt, summary).toBeLessThan(PROMPT_MS);
    }
    expect(duringOutage.filter((o) => o.status === 503).length, summary).toBeGreaterThan(0);
    for (const o of load.outcomes.filter((o) => o.startedAt > recoveredAt)) expect(o, summary).toMatchObject({ status: 200, hasData: true });

    // The exit is logged with its signal, the last lines of the JVM's output and where its logs are.
    const log = service.output();
    const exitLine = log.split('\n').find((line) => line.includes('"msg":"embedded Neo4j exited unexpectedly"'));
    expect(exitLine, log).toBeDefined();
    const exit = JSON.parse(exitLine!);
    expect(exit).toMatchObject({ pid: jvm, code: null, signal: 'SIGKILL' });
    expect(exit.neo4jLog).toBe(`${service.dataDir}/logs/debug.log`);
    expect(readFileSync(exit.outputLog, 'utf8')).toContain('READY bolt://127.0.0.1:');
    expect(Array.isArray(exit.lastOutput)).toBe(true);
    expect(log).toMatch(/"msg":"restarting the embedded Neo4j","attempt":1/);
    expect(log).toMatch(new RegExp(`"msg":"embedded Neo4j restarted","pid":${newJvm}`));
    // The restarted JVM is cold: /ready said 200 only after another warm-up.
    expect(log.slice(log.lastIndexOf('"msg":"embedded Neo4j restarted"'))).toContain('"msg":"ready again after the warm-up"');

    // No lost data: the restarted database holds the same graph.
    expect(await gql(statsQuery)).toEqual(before);
  }, 600_000);
});

describe('Neo4j killed while no request comes (issue 24 item 7)', () => {
  it('marks the database down at the exit itself, and re-warms the new JVM before /ready says 200', async () => {
    await eventually('ready', async () => ((await status(`${service.url}/ready`)) === 200 ? true : undefined), 400_000, 500);
    const jvm = service.jvmPid()!;
    const from = service.output().length;
    process.kill(jvm, 'SIGKILL');
    // No request and no /ready meanwhile: only the exit itself can tell the service that the database went away.
    const newJvm = await eventually('a new JVM', async () => {
      const pid = service.jvmPid();
      return pid && pid !== jvm ? pid : undefined;
    }, 400_000, 500);
    await eventually('the restart logged', async () => (service.output().slice(from).includes('"msg":"embedded Neo4j restarted"') ? true : undefined), 400_000, 500);
    const beforeAnyRequest = service.output().slice(from);
    expect(beforeAnyRequest).toContain('"msg":"Neo4j is unavailable; requests get 503 DATABASE_UNAVAILABLE until it answers again"');
    await eventually('ready after the re-warm', async () => ((await status(`${service.url}/ready`)) === 200 ? true : undefined), 400_000, 500);
    const log = service.output().slice(from);
    // The cold JVM was warmed again before /ready said 200.
    expect(log.indexOf('"msg":"ready again after the warm-up"')).toBeGreaterThan(log.indexOf('"msg":"embedded Neo4j restarted"'));
    expect(isAlive(newJvm)).toBe(true);
  }, 900_000);
});

describe('Neo4j that cannot be restarted', () => {
  let second: ServiceProcess;
  let holder: import('node:net').Server | undefined;
  beforeAll(async () => {
    second = await startService({ env: { NEO4J_EMBEDDED_RESTARTS: '2', SEED_ON_START: 'false' } });
    await eventually('second service ready', async () => ((await status(`${second.url}/ready`)) === 200 ? true : undefined), 400_000, 500);
  }, 450_000);
  afterAll(async () => {
    holder?.close();
    await second?.stop();
  });

  it('gives up after NEO4J_EMBEDDED_RESTARTS tries with a clear message, and keeps answering 503', async () => {
    const jvm = second.jvmPid()!;
    process.kill(jvm, 'SIGKILL');
    await eventually('the JVM gone', () => (isAlive(jvm) ? undefined : true), 30_000, 50);
    // Something else takes the Bolt port, so every restart fails.
    const { createServer } = await import('node:net');
    holder = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      holder!.once('error', reject);
      holder!.listen(second.boltPort, '127.0.0.1', resolve);
    });
    await second.waitForOutput(/"msg":"gave up restarting the embedded Neo4j"[^\n]*/, 300_000);
    const line = second.output().split('\n').find((l) => l.includes('gave up restarting'))!;
    expect(JSON.parse(line)).toMatchObject({ attempts: 2, setting: 'NEO4J_EMBEDDED_RESTARTS' });
    expect(line).toContain(`port ${second.boltPort}`);
    expect(second.exited()).toBe(false);

    const ready = await fetch(`${second.url}/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ ready: false, neo4j: 'gave-up' });
    const response = await fetch(`${second.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: statsQuery }),
    });
    // Row 10 (second pass): it says it gave up, with no retry hint, and /health agrees (was: "retry in 2 s", /health 200).
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBeNull();
    expect(((await response.json()) as any).errors[0].extensions.code).toBe('DATABASE_GAVE_UP');
    expect(await status(`${second.url}/health`)).toBe(503);
  }, 600_000);
});
