// Test helpers over the run's Neo4j: an executor, a wipe, the seeded graph, and a canonical hash of
// the whole graph (to prove a load changed nothing).
import { createHash } from 'node:crypto';
import { inject } from 'vitest';
import { createDriver } from '../../src/db/driver.ts';
import { cypher, Executor } from '../../src/db/executor.ts';
import { applySchema } from '../../src/store/apply-schema.ts';
import { loadOntology, type Ontology } from '../../src/ontology/ontology.ts';
import { loadSeed, type SeedOptions } from '../../src/seed/load-seed.ts';

let shared: Executor | undefined;
let ontology: Ontology | undefined;

export function testOntology(): Ontology {
  ontology ??= loadOntology();
  return ontology;
}

/** One executor per test file (closed by `closeTestExecutor`). */
export function testExecutor(): Executor {
  if (!shared) {
    const { uri, username, password } = inject('neo4j');
    shared = new Executor(createDriver({ uri, username, password, database: undefined }), { database: undefined, timeoutMs: 30_000 });
  }
  return shared;
}

export async function closeTestExecutor(): Promise<void> {
  await shared?.close();
  shared = undefined;
}

export async function wipeDatabase(executor = testExecutor()): Promise<void> {
  await executor.write(cypher('test.wipe', 'MATCH (n) DETACH DELETE n'));
}

/**
 * The real seed (or `options.dataDir`), loaded with constraints and indexes, replacing whatever an
 * earlier test file loaded (pruning is approved). Writes unless told `force: false`.
 */
export async function seedGraph(options: SeedOptions = {}, executor = testExecutor()) {
  await applySchema(executor, testOntology());
  return loadSeed(executor, testOntology(), { force: true, confirmPrune: () => true, ...options });
}

/**
 * A canonical dump of every node and relationship (labels, properties, endpoints by id), hashed.
 * Internal element ids are left out, so two graphs with the same content hash the same; so is the
 * bookkeeping nodes: (:GraphState), whose timestamps differ between two loads of the same content,
 * and the stored timeline totals (:TimelineCount), a cache that reads and changes drop and refill
 * (compare its `version` instead).
 */
export async function graphHash(executor = testExecutor()): Promise<{ hash: string; nodes: number; relationships: number }> {
  const nodes = await executor.read(
    cypher('test.dumpNodes', 'MATCH (n) WHERE NOT n:GraphState AND NOT n:TimelineCount RETURN labels(n) AS labels, properties(n) AS props'),
  );
  const rels = await executor.read(
    cypher(
      'test.dumpRels',
      `MATCH (a)-[r]->(b)
       RETURN type(r) AS type, coalesce(a.id, '') AS from, coalesce(b.id, '') AS to, properties(r) AS props`,
    ),
  );
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, canonical(v)]))
        : value;
  const lines = [
    ...nodes.map((n) => JSON.stringify(canonical({ labels: (n.labels as string[]).sort(), props: n.props }))),
    ...rels.map((r) => JSON.stringify(canonical(r))),
  ].sort();
  return {
    hash: createHash('sha256').update(lines.join('\n')).digest('hex'),
    nodes: nodes.length,
    relationships: rels.length,
  };
}
