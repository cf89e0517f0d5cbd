// Issue 19 row 2: any local process could connect to the embedded Neo4j's Bolt port with any credentials
// (a write with bogus credentials was accepted). Now Bolt asks for user neo4j and the password the
// launcher generates into the data folder (owner-only), listens on 127.0.0.1 only, and a data folder
// made before authentication was on keeps its data; a password file that does not open the store is refused.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import neo4j from 'neo4j-driver';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureLauncherBuilt } from '../../src/db/embedded/build-launcher.ts';
import { startEmbeddedNeo4j, type EmbeddedNeo4j } from '../../src/db/embedded/launcher.ts';
import { passwordPath } from '../../src/db/embedded/password-file.ts';
import { freePort } from '../../src/net/free-port.ts';

const dirs: string[] = [];
const running: EmbeddedNeo4j[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'chokepoint-auth-'));
  dirs.push(dir);
  return dir;
};
const start = async (dataDir: string) => {
  // A generous transaction ceiling: at a load average of 40 on 2 cores a first RETURN 1 took over 30 s.
  const db = await startEmbeddedNeo4j({ port: await freePort(), dataDir, heapMb: 512, pageCacheMb: 64, txTimeoutSeconds: 180 });
  running.push(db);
  return db;
};

/** Runs one statement with these credentials through a real driver; resolves to its rows or rejects with the driver's error. */
async function run(uri: string, user: string, password: string, statement: string, params: Record<string, unknown> = {}): Promise<unknown[]> {
  const driver = neo4j.driver(uri, neo4j.auth.basic(user, password), { connectionTimeout: 5_000, maxConnectionRetryTime: 0 } as never);
  try {
    const result = await driver.executeQuery(statement, params);
    return result.records.map((record) => record.toObject());
  } finally {
    await driver.close();
  }
}

/** The local addresses (hex, as in /proc/net/tcp) that listen on this port. */
function listeners(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const rows = ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) => {
    try {
      return readFileSync(file, 'utf8').trim().split('\n').slice(1);
    } catch {
      return [];
    }
  });
  // Columns: sl, local_address (ADDR:PORT), rem_address, st (0A = LISTEN)
  return rows
    .map((row) => row.trim().split(/\s+/))
    .filter((cols) => cols[1]?.endsWith(`:${hexPort}`) && cols[3] === '0A')
    .map((cols) => cols[1]!.split(':')[0]!);
}

afterAll(async () => {
  for (const db of running) await db.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

// As the launcher starts its JVM (src/db/embedded/launcher.ts): Neo4j needs these on Java 17.
const JVM_OPENS = ['java.nio', 'java.io', 'sun.nio.ch', 'java.lang', 'java.util', 'java.util.concurrent'].map((pkg) => `--add-opens=java.base/${pkg}=ALL-UNNAMED`);

// Each start of a JVM takes 5 s on an idle machine and over a minute on this shared, busy one.
const START_MS = 240_000;

describe('embedded Neo4j authentication (issue 19 row 2)', { timeout: START_MS }, () => {
  let db: EmbeddedNeo4j;
  let dataDir: string;

  it('generates a password on first start, owner-only, and Bolt accepts it', async () => {
    dataDir = tempDir();
    db = await start(dataDir);
    const mode = statSync(passwordPath(dataDir)).mode & 0o777;
    expect(mode.toString(8)).toBe('600');
    const stored = readFileSync(passwordPath(dataDir), 'utf8').trim();
    expect(stored.length).toBeGreaterThanOrEqual(24);
    expect(db.password).toBe(stored);
    expect(db.username).toBe('neo4j');
    expect(await run(db.uri, 'neo4j', db.password, 'RETURN 1 AS ok')).toEqual([{ ok: neo4j.int(1) }]);
  });

  it('refuses a wrong password, an empty one and another user, and failed attempts do not lock the service out', async () => {
    // More failures than Neo4j's default lock-out (3): the right password must still work right after.
    for (const [user, password] of [
      ['neo4j', 'not-the-password'],
      ['neo4j', ''],
      ['neo4j', 'neo4j'],
      ['neo4j', 'password'],
      ['neo4j', db.password.slice(1)],
      ['intruder', db.password],
    ] as const) {
      const attempt = run(db.uri, user, password, "CREATE (:Intruder {by: 'bogus credentials'})");
      await expect(attempt, `${user}/${password}`).rejects.toMatchObject({ code: 'Neo.ClientError.Security.Unauthorized' });
    }
    expect(await run(db.uri, 'neo4j', db.password, 'MATCH (n:Intruder) RETURN count(n) AS n')).toEqual([{ n: neo4j.int(0) }]);
  });

  it('listens on 127.0.0.1 only', () => {
    const addresses = listeners(db.port);
    expect(addresses.length).toBeGreaterThan(0);
    // 127.0.0.1 in /proc/net/tcp's little-endian hex, or as ::ffff:127.0.0.1 in tcp6; 0.0.0.0 or :: would be all zeros.
    const loopback = new Set(['0100007F', '0000000000000000FFFF00000100007F']);
    expect(addresses.filter((address) => !loopback.has(address))).toEqual([]);
  });

  it('keeps the password across restarts and tightens a file others could read', async () => {
    const before = db.password;
    await db.stop();
    chmodSync(passwordPath(dataDir), 0o644);
    db = await start(dataDir);
    expect(db.password).toBe(before);
    expect((statSync(passwordPath(dataDir)).mode & 0o777).toString(8)).toBe('600');
    expect(await run(db.uri, 'neo4j', before, 'RETURN 2 AS ok')).toEqual([{ ok: neo4j.int(2) }]);
  });

  it('refuses a replaced password file at start, saying what to do', { timeout: 2 * START_MS }, async () => {
    await db.stop();
    const original = readFileSync(passwordPath(dataDir), 'utf8');
    writeFileSync(passwordPath(dataDir), 'a-password-this-store-never-had\n', { mode: 0o600 });
    await expect(start(dataDir)).rejects.toThrow(/does not open the store .*Put the original file back/s);
    writeFileSync(passwordPath(dataDir), original, { mode: 0o600 });
    db = await start(dataDir);
    expect(await run(db.uri, 'neo4j', db.password, 'RETURN 3 AS ok')).toEqual([{ ok: neo4j.int(3) }]);
  });

  it('migrates a data folder made before authentication was on, without losing data', async () => {
    // The old launcher's store: authentication off, user neo4j with Neo4j's default password, one node.
    const legacy = tempDir();
    const build = await ensureLauncherBuilt();
    const made = spawnSync('java', [...JVM_OPENS, '-cp', build.classpath, 'tests/support/legacy-store/LegacyStore.java', legacy, 'kept-across-migration'], {
      encoding: 'utf8',
      timeout: 2 * START_MS,
    });
    expect(made.stdout, made.stderr).toContain('LEGACY STORE WRITTEN');
    expect(existsSync(passwordPath(legacy))).toBe(false);

    const migrated = await start(legacy);
    expect((statSync(passwordPath(legacy)).mode & 0o777).toString(8)).toBe('600');
    expect(await run(migrated.uri, 'neo4j', migrated.password, 'MATCH (n:Kept) RETURN n.id AS id')).toEqual([{ id: 'kept-across-migration' }]);
    await expect(run(migrated.uri, 'neo4j', 'neo4j', 'RETURN 1')).rejects.toMatchObject({ code: 'Neo.ClientError.Security.Unauthorized' });
  }, 4 * START_MS);

  it('opens a store rebuilt from nothing (data moved aside, password file kept) with the same password', async () => {
    // The runbook's way out of a store that does not open (docs/operations.md, "A full disk").
    await db.stop();
    const kept = db.password;
    renameSync(join(dataDir, 'data'), join(dataDir, 'data.broken'));
    db = await start(dataDir);
    expect(db.password).toBe(kept);
    expect(await run(db.uri, 'neo4j', kept, 'MATCH (n:Kept) RETURN count(n) AS n')).toEqual([{ n: neo4j.int(0) }]);
  }, 2 * START_MS);
});
