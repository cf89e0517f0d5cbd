// Contract 5 on a real Neo4j: every "cannot answer now" shape of the driver reaches the caller as
// DatabaseUnavailableError with its reason — a transaction past its timeout, no free connection in the
// pool, nothing listening — and promptly (well under the 30 s the driver would retry by default); any
// other error (a Cypher mistake) passes unchanged.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDriver } from '../../src/db/driver.ts';
import { DatabaseUnavailableError, QueryTimeoutError } from '../../src/db/errors.ts';
import { cypher, Executor } from '../../src/db/executor.ts';
import { freePort } from '../../src/net/free-port.ts';
import { connect, createServer, type Server, type Socket } from 'node:net';

const executors: Executor[] = [];
function executor(uri: string, options: { timeoutMs?: number; acquisitionTimeoutMs?: number; poolSize?: number; readRetryMs?: number } = {}): Executor {
  const { username, password } = inject('neo4j');
  const driver = createDriver({ uri, username, password, database: undefined }, { acquisitionTimeoutMs: options.acquisitionTimeoutMs }, options.poolSize);
  const made = new Executor(driver, { database: undefined, timeoutMs: options.timeoutMs ?? 30_000, readRetryMs: options.readRetryMs });
  executors.push(made);
  return made;
}

afterAll(async () => {
  for (const made of executors) await made.close();
});

/** A statement that runs for many seconds on any machine. */
const slow = cypher('test.slow', 'UNWIND range(1, 1000000000) AS x WITH x WHERE x % 7 = 3 RETURN count(x) AS n');

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('executor errors', () => {
  it('a transaction past its timeout is a QueryTimeoutError (reason transaction-timeout), with no retry advice', async () => {
    const error = await failure(executor(inject('neo4j').uri, { timeoutMs: 500 }).read(slow));
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect((error as DatabaseUnavailableError).reason).toBe('transaction-timeout');
    // The database answered (it stopped the statement): a timeout, not an outage (tests/integration/query-timeout.test.ts).
    expect(error).toBeInstanceOf(QueryTimeoutError);
    expect((error as QueryTimeoutError).limitMs).toBe(500);
    expect((error as DatabaseUnavailableError).retryAfterSeconds).toBe(0);
  });

  it('no free connection within the acquisition timeout is DatabaseUnavailableError (acquisition-timeout)', async () => {
    const one = executor(inject('neo4j').uri, { acquisitionTimeoutMs: 300, poolSize: 1 });
    let release!: () => void;
    const holding = one.writeTransaction(() => new Promise<void>((resolve) => (release = resolve)));
    try {
      await new Promise((r) => setTimeout(r, 300)); // the only connection is now taken
      const error = await failure(one.read(cypher('test.one', 'RETURN 1 AS one')));
      expect(error).toBeInstanceOf(DatabaseUnavailableError);
      expect((error as DatabaseUnavailableError).reason).toBe('acquisition-timeout');
    } finally {
      release();
      await holding;
    }
  });

  it('nothing listening is DatabaseUnavailableError (unreachable), well under the driver default of 30 s', async () => {
    const started = Date.now();
    const error = await failure(executor(`bolt://127.0.0.1:${await freePort()}`).read(cypher('test.one', 'RETURN 1 AS one')));
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect((error as DatabaseUnavailableError).reason).toBe('unreachable');
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('a Cypher mistake is not a database outage: it passes unchanged', async () => {
    const error = await failure(executor(inject('neo4j').uri).read(cypher('test.bad', 'RETURN nope AS x')));
    expect(error).not.toBeInstanceOf(DatabaseUnavailableError);
    expect((error as { code?: string }).code).toBe('Neo.ClientError.Statement.SyntaxError');
  });

  it('a read is retried after a retryable error: a database that starts answering within the retry budget answers it', async () => {
    // Reads run as auto-commit transactions (no COMMIT round trip), so the executor retries them itself
    // as the driver would a managed transaction. Here nothing listens on the port at first; 400 ms
    // later a relay to the real Neo4j opens on it.
    const target = new URL(inject('neo4j').uri.replace(/^bolt/, 'http'));
    const port = await freePort();
    let relay: Server | undefined;
    const sockets: Socket[] = [];
    const opening = setTimeout(() => {
      relay = createServer((client) => {
        const upstream = connect(Number(target.port), target.hostname);
        sockets.push(client, upstream);
        client.pipe(upstream).pipe(client);
        client.on('error', () => upstream.destroy());
        upstream.on('error', () => client.destroy());
      }).listen(port, '127.0.0.1');
    }, 400);
    try {
      const retrying = executor(`bolt://127.0.0.1:${port}`, { readRetryMs: 5_000 });
      expect(await retrying.read(cypher('test.one', 'RETURN 1 AS one'))).toEqual([{ one: 1 }]);
      const once = executor(`bolt://127.0.0.1:${await freePort()}`, { readRetryMs: 0 });
      const started = Date.now();
      expect(await failure(once.read(cypher('test.one', 'RETURN 1 AS one')))).toBeInstanceOf(DatabaseUnavailableError);
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      clearTimeout(opening);
      for (const socket of sockets) socket.destroy();
      await new Promise((done) => (relay ? relay.close(() => done(undefined)) : done(undefined)));
    }
  });
});
