// Issue 24 ("readiness is warmth"): before /ready says 200 the service reads every index entry and every
// record once (src/store/warm-store.ts), so the first question about a technology does not pay for cold pages
// (on M after a restart: 0.1–1.1 s cold against 30–50 ms warm). On the seeded graph of the real Neo4j:
// it reads exactly what the store counts, in batches that cross id gaps, scans only the schema's own
// indexes, stops at its time budget, and refuses names that could carry Cypher.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher } from '../../src/db/executor.ts';
import { warmStore } from '../../src/store/warm-store.ts';
import { scanIndex } from '../../src/cypher/warm-store.ts';
import { schemaObjectName, schemaStatements } from '../../src/cypher/schema.ts';
import { closeTestExecutor, seedGraph, testExecutor, testOntology } from '../support/database.ts';

const indexNames = () => new Set(schemaStatements(testOntology()).map(schemaObjectName));

beforeAll(async () => {
  await seedGraph();
});
afterAll(closeTestExecutor);

describe('warmStore', () => {
  it('reads every node, every relationship and every range index of the schema, in small batches', async () => {
    const executor = testExecutor();
    const [counts] = await executor.read(cypher('test.counts', 'MATCH (n) WITH count(n) AS nodes MATCH ()-[r]->() RETURN nodes, count(r) AS relationships'));
    const [online] = await executor.read(
      cypher('test.ranges', "SHOW RANGE INDEXES YIELD name, state, labelsOrTypes WHERE state = 'ONLINE' AND size(labelsOrTypes) = 1 AND name IN $names RETURN count(*) AS n"),
      { names: [...indexNames()] },
    );
    // Batches of 97 ids: the seed's few thousand records take many batches, and the last ones are partial.
    const result = await warmStore(executor, { budgetMs: 120_000, indexNames: indexNames(), batch: 97, minRecords: 0 });
    expect(result).toMatchObject({ complete: true, nodes: counts!.nodes, relationships: counts!.relationships, indexes: online!.n });
    expect(result.indexes).toBeGreaterThan(10);
  });

  it('crosses gaps in the ids left by deleted records', async () => {
    const executor = testExecutor();
    // 4 000 nodes made and all but every 400th deleted again: ids with holes, the last ones far beyond
    // four times the number of records (as after a large graph was wiped and the seed loaded: CI order).
    await executor.write(cypher('test.gaps', 'UNWIND range(1, 4000) AS i CREATE (:WarmGap {i: i})'));
    await executor.write(cypher('test.gaps.delete', 'MATCH (g:WarmGap) WHERE g.i % 400 <> 0 DELETE g'));
    try {
      const [counts] = await executor.read(cypher('test.counts', 'MATCH (n) RETURN count(n) AS nodes'));
      const result = await warmStore(executor, { budgetMs: 120_000, indexNames: indexNames(), batch: 50, minRecords: 0 });
      expect(result.nodes).toBe(counts!.nodes);
      expect(result.complete).toBe(true);
    } finally {
      await executor.write(cypher('test.gaps.clean', 'MATCH (g:WarmGap) DELETE g'));
    }
  });

  it('stops at its time budget and says the store was read only in part', async () => {
    let clock = 0;
    // Each reading of the clock advances it 40 ms: the 100 ms budget ends after a few statements.
    const result = await warmStore(testExecutor(), { budgetMs: 100, indexNames: indexNames(), batch: 10, minRecords: 0, now: () => (clock += 40) });
    expect(result.complete).toBe(false);
    expect(result.indexes + result.nodes + result.relationships).toBeGreaterThan(0);
  });

  it('leaves a small store alone: its first reads cost little, planning the scans costs seconds', async () => {
    const result = await warmStore(testExecutor(), { budgetMs: 120_000, indexNames: indexNames() });
    expect(result).toMatchObject({ small: true, complete: true, indexes: 0, nodes: 0, relationships: 0 });
  });

  it('scans only indexes the schema made', async () => {
    const result = await warmStore(testExecutor(), { budgetMs: 120_000, indexNames: new Set(['claim_rel_key']), batch: 10_000, minRecords: 0 });
    expect(result.indexes).toBe(1);
  });

  it('refuses a label, type or property that is not a plain name', () => {
    expect(() => scanIndex({ name: 'x', entityType: 'NODE', labelOrType: 'Claim) DETACH DELETE n //', properties: ['id'] })).toThrow(/refusing to use/);
    expect(() => scanIndex({ name: 'x', entityType: 'RELATIONSHIP', labelOrType: 'CITES', properties: ['quote`'] })).toThrow(/refusing to use/);
    expect(scanIndex({ name: 'claim_rel_key', entityType: 'NODE', labelOrType: 'Claim', properties: ['relKey'] }).text).toBe(
      'MATCH (n:Claim) USING INDEX n:Claim(relKey) WHERE n.relKey IS NOT NULL RETURN count(*) AS seen',
    );
  });
});
