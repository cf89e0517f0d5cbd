// The batched write path (issue 11.2) on a real Neo4j, with a generated S graph streamed through it:
// an interrupted load plus a rerun gives exactly the graph of a clean load; bad streamed input stops
// before it is written; the graph says 'loading' until a load completes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateGraph } from '../../bench/generate/generate-graph.ts';
import type { GeneratedRelationship } from '../../bench/generate/relationships.ts';
import { cypher } from '../../src/db/executor.ts';
import { applySchema } from '../../src/store/apply-schema.ts';
import { isSecondaryIndex, schemaObjectName, schemaStatements } from '../../src/cypher/schema.ts';
import { GraphInputError, writeGraph, type GraphInput } from '../../src/seed/write-graph.ts';
import { closeTestExecutor, graphHash, seedGraph, testExecutor, testOntology, wipeDatabase } from '../support/database.ts';

const BATCH = 500;
/** Each of these loads a 10 000-relationship graph a few times; on a busy shared machine that takes minutes. */
const LOADS = { timeout: 300_000 };
const graph = () => generateGraph(testOntology(), 'S');
const state = async () =>
  (await testExecutor().read(cypher('test.graphState', `MATCH (g:GraphState {id: 'graph'}) RETURN g.status AS status, g.version AS version, g.relationships AS relationships`)))[0];
/** Index name → state, as the database lists them (constraints are backed by an index of the same name). */
const indexStates = async () =>
  new Map((await testExecutor().read(cypher('test.indexes', 'SHOW INDEXES YIELD name, state RETURN name, state'))).map((r) => [String(r.name), String(r.state)]));
const secondary = () => schemaStatements(testOntology()).filter(isSecondaryIndex).map(schemaObjectName);
/** Every constraint and index of the schema exists and is ONLINE. */
async function expectSchemaOnline(): Promise<void> {
  const states = await indexStates();
  const names = schemaStatements(testOntology()).map(schemaObjectName);
  expect(names.map((name) => [name, states.get(name)])).toEqual(names.map((name) => [name, 'ONLINE']));
}
const count = async (text: string) => Number((await testExecutor().read(cypher('test.count', text)))[0]?.n);

/** The same graph with one relationship changed by `edit` (the input stays re-iterable). */
function editedInput(input: GraphInput & { relationships: Iterable<GeneratedRelationship[]> }, index: number, edit: (r: GeneratedRelationship) => GeneratedRelationship): GraphInput {
  const batches = input.relationships;
  return {
    ...input,
    relationships: {
      *[Symbol.iterator]() {
        let i = 0;
        for (const batch of batches) yield batch.map((r) => (i++ === index ? edit(r) : r));
      },
    },
  };
}

beforeAll(async () => {
  await wipeDatabase();
  await applySchema(testExecutor(), testOntology());
});

afterAll(async () => {
  await seedGraph();
  await closeTestExecutor();
});

describe('an interrupted load', () => {
  it('leaves the graph loading; the rerun gives exactly the graph and version of a clean load', LOADS, async () => {
    const clean = await writeGraph(testExecutor(), testOntology(), graph(), { batchSize: BATCH });
    const cleanHash = await graphHash();
    expect(clean.relationships).toBeGreaterThan(8_000);
    expect(cleanHash.relationships).toBe(clean.relationships + clean.citations);
    expect(await state()).toEqual({ status: 'ready', version: clean.version, relationships: clean.relationships });
    await expectSchemaOnline();

    await wipeDatabase();
    const failure = new Error('injected failure after 5 batches');
    await expect(
      writeGraph(testExecutor(), testOntology(), graph(), {
        batchSize: BATCH,
        onProgress: (p) => {
          if (p.phase === 'write' && p.batches === 5) throw failure;
        },
      }),
    ).rejects.toBe(failure);
    expect(await state()).toMatchObject({ status: 'loading', version: null });
    // A streamed load into an empty graph writes with only the constraints its look-ups need: the
    // secondary indexes are built after the data, so none exists mid-load.
    const midLoad = await indexStates();
    expect(secondary().length).toBeGreaterThan(10);
    expect(secondary().filter((name) => midLoad.has(name))).toEqual([]);
    expect(midLoad.get('entity_id')).toBe('ONLINE');
    expect(midLoad.get('claim_id')).toBe('ONLINE');
    const written = await count('MATCH (c:Claim) RETURN count(c) AS n');
    expect(written).toBeGreaterThanOrEqual(5 * BATCH);
    expect(written).toBeLessThan(clean.relationships);

    const rerun = await writeGraph(testExecutor(), testOntology(), graph(), { batchSize: BATCH });
    expect(rerun.pruned).toBeNull();
    expect(rerun.version).toBe(clean.version);
    expect(await graphHash()).toEqual(cleanHash);
    expect(await state()).toEqual({ status: 'ready', version: clean.version, relationships: clean.relationships });
    // The rerun (an upsert: the graph held its items) completed the schema before calling the graph ready.
    await expectSchemaOnline();
  });

  it('writes in bounded transactions: the same graph with a batch of 50 as with one of 5000', LOADS, async () => {
    const before = await graphHash();
    const small = await writeGraph(testExecutor(), testOntology(), graph(), { batchSize: 50, skipUnchanged: false });
    expect(await graphHash()).toEqual(before);
    const large = await writeGraph(testExecutor(), testOntology(), graph(), { batchSize: 5_000 });
    expect(large.version).toBe(small.version);
    expect(await graphHash()).toEqual(before);
  });
});

describe('a reload with changes', () => {
  it('replaces a relationship’s citations and properties, keeping edge and Claim in step', LOADS, async () => {
    const input = graph();
    const first = [...input.relationships].flat().findIndex((r) => r.citations.length === 3);
    const target = [...input.relationships].flat()[first]!;
    const edited = editedInput(input, first, (r) => ({ ...r, citations: r.citations.slice(0, 1), sourceIds: [r.citations[0]!.source], independentSources: 1 }));
    await writeGraph(testExecutor(), testOntology(), edited, { batchSize: BATCH });
    const [row] = await testExecutor().read(
      cypher('test.edited', `MATCH (c:Claim {id: $id}) RETURN c.citationCount AS count, COUNT { (c)-[:CITES]->() } AS cites, c.independentSources AS independent`),
      { id: target.id },
    );
    expect(row).toEqual({ count: 1, cites: 1, independent: 1 });
    const [edge] = await testExecutor().read(cypher('test.editedEdge', `MATCH ()-[r {id: $id}]->() RETURN r.independentSources AS independent`), { id: target.id });
    expect(edge?.independent).toBe(1);
    // Loading the original again restores it exactly.
    const before = await writeGraph(testExecutor(), testOntology(), graph(), { batchSize: BATCH });
    expect(await count(`MATCH (c:Claim {id: '${target.id}'})-[:CITES]->() RETURN count(*) AS n`)).toBe(3);
    expect(before.pruned).toBeNull();
  });
});

describe('bad input', () => {
  const broken = (input: GraphInput & { relationships: Iterable<GeneratedRelationship[]> }) =>
    editedInput(input, 3_000, (r) => ({ ...r, citations: [] }));

  it('into a graph that holds loader items: stops before writing anything', LOADS, async () => {
    const before = await graphHash();
    const error = await writeGraph(testExecutor(), testOntology(), broken(graph()), { batchSize: BATCH }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphInputError);
    expect((error as GraphInputError).message).toMatch(/\] {2}has no citations; every relationship needs at least one/);
    expect(await graphHash()).toEqual(before);
    expect((await state())?.status).toBe('ready');
  });

  it('streamed into an empty graph: stops before the batch that holds it; the graph stays loading', LOADS, async () => {
    await wipeDatabase();
    const error = await writeGraph(testExecutor(), testOntology(), broken(graph()), { batchSize: BATCH }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphInputError);
    expect(await count('MATCH (c:Claim) RETURN count(c) AS n')).toBe(3_000 - (3_000 % BATCH));
    expect((await state())?.status).toBe('loading');
  });

  it('refuses relationships that can be read only once (the load reads them twice)', async () => {
    const input = graph();
    const once = (function* () {
      yield* input.relationships;
    })();
    await expect(writeGraph(testExecutor(), testOntology(), { ...input, relationships: once })).rejects.toThrow(/must be re-iterable/);
  });
});
