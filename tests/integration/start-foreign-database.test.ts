// Issue 10, "`npm start` when something else answers on the Bolt port: it adopts that database silently,
// ignores the data folder, and seeds into it". The embedded mode now uses a database on its port only
// when it is verifiably this data folder's own embedded Neo4j (instance-marker.ts); otherwise start-up
// refuses, saying what answers there and how to fix it, and writes nothing.
import { createServer, type Server } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDriver } from '../../src/db/driver.ts';
import { cypher, Executor } from '../../src/db/executor.ts';
import { startEmbeddedNeo4j, type EmbeddedNeo4j } from '../../src/db/embedded/launcher.ts';
import { freePort } from '../../src/net/free-port.ts';
import { isAlive, startService, status, eventually, type ServiceProcess } from '../support/service-process.ts';

const root = mkdtempSync(join(tmpdir(), 'chokepoint-foreign-'));
const folderA = join(root, 'a');
let neo4j: EmbeddedNeo4j;

beforeAll(async () => {
  neo4j = await startEmbeddedNeo4j({ port: await freePort(), dataDir: folderA, heapMb: 512, pageCacheMb: 64, txTimeoutSeconds: 30 });
});

afterAll(async () => {
  await neo4j?.stop();
  rmSync(root, { recursive: true, force: true });
});

async function exitOf(service: ServiceProcess): Promise<number | null> {
  if (service.exited()) return service.child.exitCode;
  return new Promise((resolve) => service.child.once('exit', (code) => resolve(code)));
}

async function nodeCount(): Promise<number> {
  const executor = new Executor(createDriver({ uri: neo4j.uri, username: neo4j.username, password: neo4j.password, database: undefined }), {
    database: undefined,
    timeoutMs: 10_000,
  });
  try {
    const [row] = await executor.read(cypher('test.countNodes', 'MATCH (n) RETURN count(n) AS n'));
    return row!.n as number;
  } finally {
    await executor.close();
  }
}

describe('npm start when its Bolt port is taken', () => {
  it('refuses a Neo4j that another data folder runs, saying what it is and how to fix it, and writes nothing', async () => {
    const folderB = join(root, 'b');
    const service = await startService({ boltPort: neo4j.port, dataDir: folderB });
    expect(await exitOf(service)).toBe(1);
    const log = service.output();
    expect(log).toContain(`chokepoint: port ${neo4j.port} on 127.0.0.1 (NEO4J_EMBEDDED_PORT) is taken by something this data folder's Neo4j did not start`);
    expect(log).toContain(`another database than ${folderB}`);
    expect(log).toMatch(/What is there: it answers as Neo4j\/5\.26\.\d+/);
    expect(log).toContain(`process ${neo4j.pid} is Chokepoint's embedded Neo4j for another data folder, ${folderA}`);
    expect(log).toContain(`set NEO4J_EMBEDDED_DATA_DIR=${folderA} to share that one`);
    expect(log).toContain(`set NEO4J_URI=bolt://127.0.0.1:${neo4j.port}`);
    expect(await nodeCount()).toBe(0);
  }, 120_000);

  it('refuses something that is not Neo4j at all', async () => {
    const port = await freePort();
    const plain: Server = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => plain.listen(port, '127.0.0.1', resolve));
    try {
      const service = await startService({ boltPort: port });
      expect(await exitOf(service)).toBe(1);
      const log = service.output();
      expect(log).toContain(`port ${port} on 127.0.0.1 (NEO4J_EMBEDDED_PORT) is taken`);
      expect(log).toContain('it does not answer as Neo4j');
      expect(log).toContain(`process ${process.pid} listens there`);
      await service.stop();
    } finally {
      plain.close();
    }
  }, 120_000);

  it("shares this data folder's own embedded Neo4j, verified by its marker, and leaves it running on exit", async () => {
    const service = await startService({ boltPort: neo4j.port, dataDir: folderA, env: { SEED_ON_START: 'false' } });
    try {
      await eventually('ready', async () => ((await status(`${service.url}/ready`)) === 200 ? true : undefined), 240_000, 500);
      expect(service.output()).toContain(
        `the embedded Neo4j for ${folderA} already runs on bolt://127.0.0.1:${neo4j.port} (pid ${neo4j.pid}, verified by chokepoint-instance.json); sharing it`,
      );
    } finally {
      expect(await service.stop()).toBe(0);
    }
    expect(isAlive(neo4j.pid)).toBe(true);
  }, 300_000);
});
