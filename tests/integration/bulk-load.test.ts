// The bulk load (src/seed/bulk/): Neo4j's offline importer writes a new local database from the same
// rows as the Cypher write path — and the result is the same graph, with the same version, every index
// ONLINE and the graph 'ready'. It refuses a data folder that already holds a database, writes no store
// for bad input, and a rerun after an interruption gives the graph a clean load gives.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateGraph } from '../../bench/generate/generate-graph.ts';
import type { GeneratedRelationship } from '../../bench/generate/relationships.ts';
import { applySchema } from '../../src/store/apply-schema.ts';
import { createDriver } from '../../src/db/driver.ts';
import { startEmbeddedNeo4j, type EmbeddedNeo4j } from '../../src/db/embedded/launcher.ts';
import { cypher, Executor } from '../../src/db/executor.ts';
import { schemaObjectName, schemaStatements } from '../../src/cypher/schema.ts';
import { freePort } from '../../src/net/free-port.ts';
import { BulkLoadRefusedError, databaseStoreDir, importGraph } from '../../src/seed/bulk/bulk-load.ts';
import { IMPORTER, INDEX_BUILDS } from '../../src/seed/bulk/load-phases.ts';
import { prepareSeed, seedInput } from '../../src/seed/load-seed.ts';
import { GraphInputError, writeGraph, type GraphInput } from '../../src/seed/write-graph.ts';
import { closeTestExecutor, graphHash, seedGraph, testExecutor, testOntology, wipeDatabase } from '../support/database.ts';

const LOADS = { timeout: 300_000 };
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'chokepoint-bulk-'));
  dirs.push(dir);
  return dir;
};

/** A database of its own on `dataDir`, and an executor over it; close() stops both. */
async function open(dataDir: string): Promise<{ executor: Executor; neo4j: EmbeddedNeo4j; close(): Promise<void> }> {
  const neo4j = await startEmbeddedNeo4j({ port: await freePort(), dataDir, heapMb: 768, pageCacheMb: 128, txTimeoutSeconds: 120 });
  const executor = new Executor(createDriver({ uri: neo4j.uri, username: neo4j.username, password: neo4j.password, database: undefined }), { database: undefined, timeoutMs: 60_000 });
  return {
    executor,
    neo4j,
    async close() {
      await executor.close();
      await neo4j.stop();
    },
  };
}

const graphState = async (executor: Executor) =>
  (await executor.read(cypher('test.bulkState', `MATCH (g:GraphState {id: 'graph'}) RETURN g.status AS status, g.version AS version, g.relationships AS relationships`)))[0];

async function schemaStates(executor: Executor): Promise<Array<[string, string | undefined]>> {
  const states = new Map((await executor.read(cypher('test.bulkIndexes', 'SHOW INDEXES YIELD name, state RETURN name, state'))).map((r) => [String(r.name), String(r.state)]));
  return schemaStatements(testOntology()).map((statement) => [schemaObjectName(statement), states.get(schemaObjectName(statement))]);
}
const allOnline = () => schemaStatements(testOntology()).map((statement) => [schemaObjectName(statement), 'ONLINE']);

/**
 * How many of each property have which stored type, per structural label and relationship type: the
 * graph hash sees values as JSON, where an integer 3 and a float 3.0 look the same.
 */
async function propertyTypes(executor: Executor) {
  const nodes = await executor.read(
    cypher(
      'test.bulkNodeTypes',
      `MATCH (n) WHERE NOT n:GraphState UNWIND keys(n) AS key
       WITH [l IN labels(n) WHERE l IN ['Entity', 'Source', 'Claim']][0] AS label, key, valueType(n[key]) AS type
       RETURN label, key, type, count(*) AS n ORDER BY label, key, type`,
    ),
  );
  const rels = await executor.read(
    cypher(
      'test.bulkRelTypes',
      `MATCH ()-[r]->() UNWIND keys(r) AS key
       WITH type(r) AS label, key, valueType(r[key]) AS type
       RETURN label, key, type, count(*) AS n ORDER BY label, key, type`,
    ),
  );
  return [...nodes, ...rels];
}

/** Loads `input()` through Cypher into the run's database: the reference the bulk load must equal. */
async function cypherLoad(input: () => GraphInput) {
  await wipeDatabase();
  await applySchema(testExecutor(), testOntology());
  const summary = await writeGraph(testExecutor(), testOntology(), input());
  return { summary, hash: await graphHash(), types: await propertyTypes(testExecutor()) };
}

/** The bulk-loaded database holds the reference graph: content, stored types, version, state, schema. */
async function expectSameGraph(executor: Executor, reference: Awaited<ReturnType<typeof cypherLoad>>): Promise<void> {
  expect(await graphHash(executor)).toEqual(reference.hash);
  expect(await propertyTypes(executor)).toEqual(reference.types);
  expect(await graphState(executor)).toEqual({ status: 'ready', version: reference.summary.version, relationships: reference.summary.relationships });
  expect(await schemaStates(executor)).toEqual(allOnline());
}

beforeAll(async () => {
  await wipeDatabase();
});

afterAll(async () => {
  await seedGraph();
  await closeTestExecutor();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('bulk load', () => {
  it('writes the seed as the same graph, with the same version, as the Cypher write path', LOADS, async () => {
    const seed = seedInput(prepareSeed(testOntology()));
    const first = seed.entities[0]!;
    // With one empty list, which an import field cannot hold (finish() sets it through Cypher).
    const input = (): GraphInput => ({ ...seed, entities: [{ ...first, properties: { ...first.properties, aliases: [] } }, ...seed.entities.slice(1)] });
    const reference = await cypherLoad(input);
    const aliases = (executor: Executor) =>
      executor.read(cypher('test.bulkAliases', 'MATCH (n:Entity {id: $id}) RETURN n.aliases AS aliases'), { id: first.id });
    expect(await aliases(testExecutor())).toEqual([{ aliases: [] }]);

    const dataDir = tempDir();
    const prepared = await importGraph(dataDir, testOntology(), input(), { heapMb: 512 });
    expect(prepared.summary).toMatchObject({ relationships: reference.summary.relationships, citations: reference.summary.citations, version: reference.summary.version });
    const db = await open(dataDir);
    try {
      // Opened on the imported store, before finish(): the graph says it is still loading.
      expect(await graphState(db.executor)).toMatchObject({ status: 'loading', version: null });
      const finished = await prepared.finish(db.executor);
      expect(finished.version).toBe(reference.summary.version);
      // The load's profile has every phase it ran, the importer and the index builds among them.
      const profile = prepared.phases.profile();
      const timed = new Set(profile.phases.filter((p) => p.ms > 0).map((p) => p.phase));
      for (const phase of [IMPORTER, INDEX_BUILDS, 'relationships: rows', 'relationships: files', 'version hash', 'read model (subtree counts beside timeline totals)', 'subtree counts', 'timeline totals']) {
        expect(timed, phase).toContain(phase);
      }
      expect(profile.importerAndIndexesMs).toBeGreaterThan(0);
      expect(profile.ratio).toBeGreaterThan(1);
      expect(await aliases(db.executor)).toEqual([{ aliases: [] }]);
      await expectSameGraph(db.executor, reference);
    } finally {
      await db.close();
    }
    // Nothing of the load is left behind in the data folder but the database.
    expect(readdirSync(dataDir).filter((name) => name.startsWith('bulk-load'))).toEqual([]);

    // A folder that holds a database is refused, and left as it was.
    await expect(importGraph(dataDir, testOntology(), input())).rejects.toThrow(BulkLoadRefusedError);
    await expect(importGraph(dataDir, testOntology(), input())).rejects.toThrow(`the data folder ${dataDir} already holds a database`);
    expect(readdirSync(dataDir).filter((name) => name.startsWith('bulk-load'))).toEqual([]);
  });

  it('gives the generated graph of a clean Cypher load after an interruption and a rerun', LOADS, async () => {
    const input = () => generateGraph(testOntology(), 'S');
    const reference = await cypherLoad(input);
    expect(reference.summary.relationships).toBeGreaterThan(8_000);

    const dataDir = tempDir();
    // Interrupted once the store is imported and opened, while its indexes are being built.
    const first = await importGraph(dataDir, testOntology(), input(), {
      heapMb: 512,
      onProgress: (p) => {
        if (p.phase === 'indexes') throw new Error('injected failure while building the indexes');
      },
    });
    let db = await open(dataDir);
    try {
      await expect(first.finish(db.executor)).rejects.toThrow('injected failure');
      expect(await graphState(db.executor)).toMatchObject({ status: 'loading' });
    } finally {
      await db.close();
    }
    expect(existsSync(join(dataDir, 'bulk-load.pending'))).toBe(true);

    // The rerun may replace what the interrupted load left (and only that). It writes the relationships'
    // files from two worker threads (batches of 1 000, so both get several): the same graph and version.
    const rerun = await importGraph(dataDir, testOntology(), input(), { heapMb: 512, workers: 2, batchSize: 1_000 });
    expect(rerun.phases.profile().phases.map((p) => p.phase)).toContain('relationships: rows, hash lines and files (2 worker threads)');
    expect(rerun.summary).toMatchObject({ relationships: reference.summary.relationships, citations: reference.summary.citations, version: reference.summary.version });
    db = await open(dataDir);
    try {
      await rerun.finish(db.executor);
      await expectSameGraph(db.executor, reference);
    } finally {
      await db.close();
    }
  });

  it('writes no store when the input is wrong', LOADS, async () => {
    const dataDir = tempDir();
    const graph = generateGraph(testOntology(), 'S');
    const bad: GraphInput = {
      ...graph,
      relationships: {
        *[Symbol.iterator]() {
          let i = 0;
          for (const batch of graph.relationships as Iterable<GeneratedRelationship[]>) {
            yield batch.map((r) => (i++ === 5_000 ? { ...r, citations: [{ ...r.citations[0]!, source: 'no-such-source' }] } : r));
          }
        },
      },
    };
    const failed = importGraph(dataDir, testOntology(), bad, { heapMb: 512 });
    await expect(failed).rejects.toThrow(GraphInputError);
    await expect(failed).rejects.toThrow('no-such-source');
    expect(existsSync(databaseStoreDir(dataDir))).toBe(false);
    // Nothing marks the folder as a load to resume: the store was never touched.
    expect(existsSync(join(dataDir, 'bulk-load.pending'))).toBe(false);
  });
});

describe('npm run generate -- --bulk', () => {
  const run = (args: string[], env: Record<string, string>) =>
    new Promise<{ code: number | null; output: string }>((done) => {
      const child = spawn('node', ['--import', 'tsx', 'bench/generate/cli.ts', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('close', (code) => done({ code, output }));
    });

  it('refuses a server given by NEO4J_URI, naming the setting', async () => {
    const { code, output } = await run(['--size', 'S', '--bulk'], { NEO4J_URI: 'bolt://127.0.0.1:1' });
    expect(code).toBe(2);
    expect(output).toContain('--bulk writes the store files of the local embedded Neo4j; NEO4J_URI names a server');
  });

  it('loads S into a new embedded database and reports it', LOADS, async () => {
    const dataDir = tempDir();
    const { code, output } = await run(['--size', 'S', '--bulk'], {
      NEO4J_URI: '',
      NEO4J_EMBEDDED_DATA_DIR: dataDir,
      NEO4J_EMBEDDED_PORT: String(await freePort()),
      NEO4J_EMBEDDED_HEAP_MB: '768',
      NEO4J_EMBEDDED_PAGECACHE_MB: '128',
    });
    expect(output).toMatch(/loaded bolt:\/\/127\.0\.0\.1:\d+ \(bulk import\): 500 sources, \d+ entities, \d+ relationships/);
    // …and prints the wall time of each phase, with the ratio the L goal measures.
    expect(output).toMatch(/\| generating the sources and entities \| \d+\.\d \|/);
    expect(output).toMatch(/\| importer \| \d+\.\d \|/);
    expect(output).toMatch(/\| index builds \| \d+\.\d \|/);
    expect(output).toMatch(/\| opening the database \| \d+\.\d \|/);
    expect(output).toMatch(/\| whole ÷ \(importer \+ index builds\) \| \d+\.\d\d× \| goal ≤ 1\.5× \|/);
    expect(code).toBe(0);
    expect(existsSync(databaseStoreDir(dataDir))).toBe(true);
  });
});
