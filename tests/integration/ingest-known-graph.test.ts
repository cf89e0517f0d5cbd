// Issue 21: the assistant can read the known graph from a running Neo4j. Read from the loaded seed, it
// must be the same graph the seed files give (entities, names, claims, citations, sources), so the
// assistant proposes the same whichever it reads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCueLexicons } from '../../src/ingest/cue-lexicons.ts';
import { IngestAssistant } from '../../src/ingest/ingest-article.ts';
import { knownGraphFromSeed, type KnownGraph } from '../../src/ingest/known-graph.ts';
import { readKnownGraph } from '../../src/ingest/read-known-graph.ts';
import { ingestClaimsPage, ingestEntitiesPage, ingestSourcesPage } from '../../src/cypher/ingest.ts';
import type { PlanNode } from '../../src/db/executor.ts';
import { prepareSeed } from '../../src/seed/load-seed.ts';
import { closeTestExecutor, seedGraph, testExecutor, testOntology } from '../support/database.ts';

const ontology = testOntology();

function canonical(graph: KnownGraph) {
  const byId = <T extends { id: string }>(list: T[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));
  return {
    entities: byId(graph.entities).map((e) => ({ ...e, aliases: [...e.aliases] })),
    claims: byId(graph.claims),
    sources: byId(graph.sources).map((s) => ({ id: s.id, story: s.story, counted: s.counted, file: s.file, start: s.published?.start, end: s.published?.end, precision: s.published?.precision })),
  };
}

describe('reading the known graph from Neo4j', () => {
  beforeAll(async () => {
    await seedGraph();
  });
  afterAll(closeTestExecutor);

  it('gives the graph the seed files give, and the same proposals', async () => {
    const fromSeed = knownGraphFromSeed(prepareSeed(ontology));
    const fromGraph = await readKnownGraph(testExecutor(), ontology);
    expect(fromGraph.claims.length).toBe(fromSeed.claims.length);
    expect(canonical(fromGraph)).toEqual(canonical(fromSeed));
    const lexicons = loadCueLexicons(ontology);
    const text = 'Washington unveiled export controls on chips for supercomputers. Beijing reportedly responded.';
    const a = new IngestAssistant(fromSeed, ontology, lexicons).ingest({ text, sourceId: 'new-report' });
    const b = new IngestAssistant(fromGraph, ontology, lexicons).ingest({ text, sourceId: 'new-report' });
    expect(b.proposals).toEqual(a.proposals);
    expect(a.proposals.length).toBeGreaterThan(0);
  });

  it('reads each page from its unique index in id order (no label scan, no sort of the page)', async () => {
    const operators = (plan: PlanNode): PlanNode[] => [plan, ...plan.children.flatMap(operators)];
    for (const query of [ingestEntitiesPage, ingestClaimsPage, ingestSourcesPage]) {
      const ops = operators(await testExecutor().explain(query, { after: 'm', limit: 5000 }));
      const names = ops.map((op) => op.operator);
      expect(names.some((n) => n.includes('IndexSeekByRange') || n.includes('IndexScan')), `${query.name}: ${names.join(' < ')}`).toBe(true);
      expect(names.filter((n) => n.includes('LabelScan') || n === 'AllNodesScan'), `${query.name}: ${names.join(' < ')}`).toEqual([]);
      // Only a claim's own citations may be sorted (by ordinal); the page comes in index order.
      const sorts = ops.filter((op) => op.operator.includes('Sort') && !/ordinal/.test(op.details));
      expect(sorts.map((op) => `${op.operator} ${op.details}`), query.name).toEqual([]);
    }
  });
});
