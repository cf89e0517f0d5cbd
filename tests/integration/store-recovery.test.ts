// Issue 19 row 1, the recovery path: a store whose transaction log cannot be read did not open again, and
// the only message was "the database did not become available within 60 s". Here, on a real store: a crash
// (kill -9) leaves a store `npm run db -- check` recovers and finds consistent; a damaged transaction log
// makes the start fail at once with the folder, Neo4j's cause and the commands; `check` says the store
// cannot be read; `set-aside` moves it away (the password stays); the next start loads the seed into a new store.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config/config.ts';
import { createDriver } from '../../src/db/driver.ts';
import { startEmbeddedNeo4j, StoreFailedError, type EmbeddedNeo4j } from '../../src/db/embedded/launcher.ts';
import { applySchema } from '../../src/store/apply-schema.ts';
import { cypher } from '../../src/db/executor.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { freePort } from '../../src/net/free-port.ts';
import { loadSeed } from '../../src/seed/load-seed.ts';
import { testOntology } from '../support/database.ts';

const root = mkdtempSync(join(tmpdir(), 'chokepoint-store-recovery-'));
const dataDir = join(root, 'neo4j');
const options = async () => ({ port: await freePort(), dataDir, heapMb: 512, pageCacheMb: 64, txTimeoutSeconds: 30 });

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** `npm run db -- <command>` on this data folder, as an operator runs it. */
function db(command: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/db/embedded/cli.ts', command], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NEO4J_EMBEDDED_DATA_DIR: dataDir, NEO4J_EMBEDDED_HEAP_MB: '512', NEO4J_EMBEDDED_PAGECACHE_MB: '64' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

/** Writes nodes through Bolt, then kills the JVM outright: its transactions are only in the log. */
async function writeThenCrash(neo4j: EmbeddedNeo4j, label: string): Promise<void> {
  const driver = createDriver({ uri: neo4j.uri, username: neo4j.username, password: neo4j.password, database: undefined }, { connectTimeoutMs: 20_000, acquisitionTimeoutMs: 60_000, maxRetryTimeMs: 0 }, 1);
  const session = driver.session();
  try {
    for (let i = 0; i < 10; i++) await session.run(`UNWIND range(1, 50) AS i CREATE (:${label} {i: i, text: $text})`, { text: 'x'.repeat(200) });
  } finally {
    await session.close();
    await driver.close();
  }
  process.kill(neo4j.pid, 'SIGKILL');
  await neo4j.exited;
}

function newestLog(): string {
  const folder = join(dataDir, 'data', 'transactions', 'neo4j');
  return join(folder, readdirSync(folder).filter((name) => name.includes('.transaction.db.')).sort().pop()!);
}

/** Where the written part of the newest transaction log ends (it is preallocated: zeros follow). */
function writtenEnd(): number {
  const bytes = readFileSync(newestLog());
  let last = bytes.length - 1;
  while (last > 0 && bytes[last] === 0) last--;
  return last;
}

/**
 * Overwrites 64 bytes in the middle of the transactions written since `from` (damage from elsewhere: a bad
 * disk, a torn write) — after the last checkpoint, so recovery must read them.
 */
function damageTransactionLog(from: number): void {
  const fd = openSync(newestLog(), 'r+');
  try {
    writeSync(fd, Buffer.alloc(64, 0x7f), 0, 64, Math.floor((from + writtenEnd()) / 2));
  } finally {
    closeSync(fd);
  }
}

describe('a store that does not open (issue 19 row 1): a message that says what to do, and a recovery path that works', { timeout: 900_000 }, () => {
  let password = '';

  it('npm run db -- check recovers a crashed store and finds it consistent', async () => {
    const neo4j = await startEmbeddedNeo4j(await options());
    password = neo4j.password;
    await writeThenCrash(neo4j, 'BeforeCheck');
    const checked = await db('check');
    expect(checked.output).toContain('the store needs recovery first');
    expect(checked.output).toContain(`consistency check: the store in ${join(dataDir, 'data')} is consistent`);
    expect(checked.code).toBe(0);
  });

  it('a damaged transaction log: the start fails at once, naming the folder, the cause and the commands', async () => {
    const neo4j = await startEmbeddedNeo4j(await options());
    const from = writtenEnd();
    await writeThenCrash(neo4j, 'BeforeDamage');
    expect(writtenEnd(), 'the writes are in the newest log').toBeGreaterThan(from + 50_000);
    damageTransactionLog(from);
    const started = Date.now();
    const failed = await startEmbeddedNeo4j(await options()).then(
      async (opened) => {
        await opened.stop();
        return undefined;
      },
      (error: unknown) => error,
    );
    const seconds = (Date.now() - started) / 1000;
    process.stderr.write(`store-recovery: the damaged store was refused after ${seconds.toFixed(1)} s:\n${(failed as Error)?.message}\n`);
    expect(failed).toBeInstanceOf(StoreFailedError);
    const message = (failed as Error).message;
    expect(message).toContain(`the store of the local Neo4j in ${join(dataDir, 'data')} did not open: `);
    // Neo4j's own cause, not a timeout.
    expect(message).not.toContain('did not become available');
    expect(message).toMatch(/did not open: \S.{10,}/);
    expect(message).toContain('npm run db -- check');
    expect(message).toContain('npm run db -- set-aside');
    expect(message).toContain(`NEO4J_EMBEDDED_DATA_DIR=${dataDir}`);
  });

  it('npm run db -- check says the damaged store cannot be kept, and what to do', async () => {
    const checked = await db('check');
    expect(checked.output).toContain(`consistency check: the store in ${join(dataDir, 'data')} cannot be read: `);
    expect(checked.output).toContain('npm run db -- set-aside');
    expect(checked.code).toBe(1);
  });

  it('npm run db -- set-aside, then a start loads the seed into a new store with the same password', async () => {
    const aside = await db('set-aside');
    expect(aside.code).toBe(0);
    const broken = readdirSync(dataDir).filter((name) => name.startsWith('data.broken-'));
    expect(broken).toHaveLength(1);
    expect(aside.output).toContain(join(dataDir, broken[0]!));
    expect(existsSync(join(dataDir, 'data'))).toBe(false);
    expect(readFileSync(join(dataDir, 'neo4j-password'), 'utf8').trim()).toBe(password);

    const config = readConfig({
      NEO4J_EMBEDDED_DATA_DIR: dataDir,
      NEO4J_EMBEDDED_PORT: String(await freePort()),
      NEO4J_EMBEDDED_HEAP_MB: '512',
      NEO4J_EMBEDDED_PAGECACHE_MB: '64',
      QUERY_TIMEOUT_MS: '60000',
      NEO4J_CONNECT_TIMEOUT_MS: '10000',
    });
    const database = await openDatabase(config, () => {});
    try {
      expect(database.connection.password).toBe(password);
      expect(await database.executor.awaitAnswer(120_000)).toBe(true);
      await applySchema(database.executor, testOntology());
      const loaded = await loadSeed(database.executor, testOntology());
      const [row] = await database.executor.read(cypher('test.entities', 'MATCH (n:Entity) RETURN count(n) AS n'));
      expect(row!.n).toBeGreaterThan(0);
      expect(loaded.unchanged).toBe(false);
      // The crashed store's nodes are not in the new one.
      expect(await database.executor.read(cypher('test.old', 'MATCH (n:BeforeDamage) RETURN count(n) AS n'))).toEqual([{ n: 0 }]);
    } finally {
      await database.close();
    }
  });
});
