// Issue 24 item 2 on a real Neo4j: a statement that runs out of time on a database that answers is
// QUERY_TIMEOUT — with the limit and a hint, HTTP 200 like any field error, no Retry-After, and the
// database not marked down — while a database that does not answer stays DATABASE_UNAVAILABLE (503).
// The slow statement is real: the executor swaps the search's Cypher for one that runs for many seconds,
// and Neo4j's own transaction timeout stops it.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDriver } from '../../src/db/driver.ts';
import { DatabaseUnavailableError, QueryTimeoutError } from '../../src/db/errors.ts';
import { cypher, Executor, type CypherQuery, type Params, type QueryObserver, type Row } from '../../src/db/executor.ts';
import { freePort } from '../../src/net/free-port.ts';
import { seedGraph, closeTestExecutor } from '../support/database.ts';
import { testApp } from '../support/app.ts';

const SLOW = 'UNWIND range(1, 1000000000) AS x WITH x WHERE x % 7 = 3 RETURN count(x) AS n';
const LIMIT_MS = 600;

/** Runs every statement named `entities.search` as SLOW, everything else as it is. */
class SlowSearchExecutor extends Executor {
  override read(query: CypherQuery, params: Params = {}, observe?: QueryObserver): Promise<Row[]> {
    return super.read(query.name === 'entities.search' ? cypher(query.name, SLOW) : query, params, observe);
  }
}

/** Runs every level of the path search as SLOW (passing on the shorter time limit the search gives it). */
class SlowPathExecutor extends Executor {
  override read(query: CypherQuery, params: Params = {}, observe?: QueryObserver, timeoutMs?: number): Promise<Row[]> {
    return super.read(query.name === 'paths.level' ? cypher(query.name, SLOW) : query, params, observe, timeoutMs);
  }
}

const made: Executor[] = [];
function executor(uri: string, timeoutMs: number, Kind: typeof Executor = Executor, livenessMs = 1_000): Executor {
  const { username, password } = inject('neo4j');
  const e = new Kind(createDriver({ uri, username, password, database: undefined }), { database: undefined, timeoutMs, livenessMs });
  made.push(e);
  return e;
}

beforeAll(async () => {
  await seedGraph();
});
afterAll(async () => {
  for (const e of made) await e.close();
  await closeTestExecutor();
});

describe('a statement that runs out of time (issue 24 item 2)', () => {
  it('the executor reports QueryTimeoutError with the limit, and the database stays up', async () => {
    const slow = executor(inject('neo4j').uri, LIMIT_MS);
    const error = await slow.read(cypher('test.slow', SLOW)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(QueryTimeoutError);
    expect((error as QueryTimeoutError).limitMs).toBe(LIMIT_MS);
    expect((error as QueryTimeoutError).statement).toBe('test.slow');
    expect(slow.health.state).not.toBe('down');
    // The next statement runs at once (a timeout is not an outage: nothing fails fast afterwards).
    expect(await slow.read(cypher('test.one', 'RETURN 1 AS one'))).toEqual([{ one: 1 }]);
  });

  it('the API answers QUERY_TIMEOUT: HTTP 200, the limit and a hint, no Retry-After', async () => {
    const { post } = testApp({ executor: executor(inject('neo4j').uri, LIMIT_MS, SlowSearchExecutor) });
    const started = Date.now();
    const { status, headers, body } = await post('{ search(text: "ASML") { entity { name } } }');
    expect(Date.now() - started).toBeLessThan(LIMIT_MS + 8_000);
    expect(status).toBe(200);
    expect(headers.get('retry-after')).toBeNull();
    expect(body.errors).toHaveLength(1);
    const [error] = body.errors;
    expect(error.extensions.code).toBe('QUERY_TIMEOUT');
    expect(error.extensions.limitMs).toBe(LIMIT_MS);
    expect(error.message).toContain(`${LIMIT_MS} ms`);
    expect(error.message).toMatch(/QUERY_TIMEOUT_MS/);
    expect(error.message).toMatch(/Narrow it/);
    expect(error.path).toEqual(['search']);
  });

  it('path stops within its time budget, below QUERY_TIMEOUT_MS, with a partial answer instead of an error', async () => {
    // Generous: on a loaded machine the name resolution before the search took seconds.
    const queryTimeoutMs = 20_000;
    // Once with the real statements first: planning the name resolution on a cold, loaded Neo4j took
    // longer than the whole limit, and this test is about the search's budget, not that.
    const question = '{ path(from: "asml", to: "china") { length } }';
    // (Measured at load ~28: planning the name resolution cold took 28.7 s.)
    expect((await testApp({ executor: executor(inject('neo4j').uri, 180_000) }).post(question)).body.errors).toBeUndefined();
    // A liveness ping that waits long enough on a loaded machine.
    const { post } = testApp({ executor: executor(inject('neo4j').uri, queryTimeoutMs, SlowPathExecutor, 10_000) });
    const started = Date.now();
    const { status, body } = await post(question);
    const elapsed = Date.now() - started;
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.path).toEqual([]);
    // The first level ran with what was left of the search's budget (60 % of the limit) as its own limit.
    expect(body.extensions.partial).toEqual([{ path: ['path'], reason: expect.stringMatching(/time limit of \d+ ms/) }]);
    const levelLimit = Number(/time limit of (\d+) ms/.exec(body.extensions.partial[0].reason)![1]);
    expect(levelLimit).toBeLessThanOrEqual(0.6 * queryTimeoutMs);
    expect(elapsed).toBeLessThan(queryTimeoutMs);
  }, 400_000);

  it('a database that does not answer is still DATABASE_UNAVAILABLE: HTTP 503 with Retry-After', async () => {
    const { post } = testApp({ executor: executor(`bolt://127.0.0.1:${await freePort()}`, LIMIT_MS) });
    const { status, headers, body } = await post('{ search(text: "ASML") { entity { name } } }');
    expect(status).toBe(503);
    expect(headers.get('retry-after')).not.toBeNull();
    expect(body.errors[0].extensions.code).toBe('DATABASE_UNAVAILABLE');
    expect(body.errors[0].extensions.code).not.toBe('QUERY_TIMEOUT');
  });

  it('QueryTimeoutError is a DatabaseUnavailableError only for start-up retries: the reason says timeout', () => {
    const error = new QueryTimeoutError('x', 10);
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect(error.reason).toBe('transaction-timeout');
    expect(error.retryAfterSeconds).toBe(0);
  });
});
