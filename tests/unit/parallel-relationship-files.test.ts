// The relationships' import files written by worker threads (src/seed/bulk/parallel-relationship-files.ts)
// are the files one thread writes, split by batch: per file shape the same lines, the same counts, and
// the same version hash; a bad relationship found by a worker is reported as the input's problem.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateGraph } from '../../bench/generate/generate-graph.ts';
import { loadOntology } from '../../src/ontology/ontology.ts';
import { ImportFiles, type ImportFileSet } from '../../src/seed/bulk/import-files.ts';
import { writeRelationshipFilesInParallel } from '../../src/seed/bulk/parallel-relationship-files.ts';
import { citationRows, claimRow, edgeRow } from '../../src/seed/graph-rows.ts';
import { GraphVersionHasher } from '../../src/seed/graph-version.ts';
import { checkInputNodes, GraphInputError, rechunk, RelationshipCheck, rowContext, wireOf } from '../../src/seed/load-input.ts';
import { ReadModel } from '../../src/seed/read-model.ts';

const WORKERS = { timeout: 180_000 };
const BATCH = 1_000; // S has ~10 k relationships: ~11 batches, so every worker gets several
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'chokepoint-parallel-files-'));
  dirs.push(dir);
  return dir;
};

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Every file's lines under its header, sorted: what the importer reads, whichever file a row is in. */
function linesByHeader(sets: ImportFileSet[]): Map<string, string[]> {
  const byHeader = new Map<string, string[]>();
  for (const path of sets.flatMap((set) => [...set.nodes, ...set.relationships])) {
    const [header, ...lines] = readFileSync(path, 'utf8').split('\n');
    const list = byHeader.get(header!) ?? [];
    byHeader.set(header!, list);
    list.push(...lines.filter((line) => line !== ''));
  }
  for (const list of byHeader.values()) list.sort();
  return byHeader;
}

/** The reference: one thread, the loop of src/seed/bulk/bulk-load.ts. */
async function sequential(dir: string) {
  const ontology = loadOntology();
  const input = generateGraph(ontology, 'S');
  const nodes = checkInputNodes(ontology, input);
  const ctx = rowContext(ontology, input, new ReadModel(input), nodes.kinds);
  const check = new RelationshipCheck(ontology, nodes);
  const hasher = new GraphVersionHasher('test');
  const files = new ImportFiles(dir);
  for await (const batch of rechunk(input.relationships, BATCH)) {
    for (const rel of batch) {
      check.add(rel);
      const edge = edgeRow(rel, ctx);
      const claim = claimRow(rel, ctx, edge);
      const cites = citationRows(rel);
      hasher.add('relationship', wireOf(rel, edge, claim, cites));
      files.relationship('edge', { group: 'Entity', id: rel.from }, { group: 'Entity', id: rel.to }, rel.type, edge.props);
      files.node('Claim', ['Claim'], claim.props);
      for (const cite of cites) files.relationship('cites', { group: 'Claim', id: rel.id }, { group: 'Source', id: cite.sourceId }, 'CITES', cite.props);
    }
  }
  return { fileSets: [files.close()], counts: check.counts, version: hasher.digest() };
}

async function parallel(parts: number, dir: string) {
  const input = generateGraph(loadOntology(), 'S');
  const hasher = new GraphVersionHasher('test');
  const batches: number[] = [];
  const result = await writeRelationshipFilesInParallel({ recipe: input.recipe!, dir, parts, batchSize: BATCH, hasher, onBatch: (_, n) => void batches.push(n) });
  return { ...result, version: hasher.digest(), batches };
}

describe('a generated graph\'s share (what a worker reads)', () => {
  it('is its whole stream, position for position, with stubs (id and citation count) where it does not keep', () => {
    const graph = generateGraph(loadOntology(), 'S');
    const whole = [...graph.relationships].flat();
    const keeps = (position: number) => Math.floor(position / BATCH) % 3 === 1;
    const shared = [...graph.share!(keeps)].flat();
    expect(shared).toHaveLength(whole.length);
    let stubs = 0;
    for (const [position, rel] of shared.entries()) {
      const expected = whole[position]!;
      if (keeps(position)) expect(rel).toEqual(expected);
      else {
        stubs++;
        expect(rel).toEqual({ stub: true, id: expected.id, citations: expected.citations.length, verifiedCitations: 0 });
      }
    }
    expect(stubs).toBeGreaterThan(whole.length / 2);
    expect(stubs).toBeLessThan(whole.length);
  });
});

describe('relationship files from worker threads', () => {
  it('writes the lines, counts and version hash one thread writes, whatever the number of workers', WORKERS, async () => {
    const reference = await sequential(tempDir());
    expect(reference.counts.relationships).toBeGreaterThan(5 * BATCH);
    const expected = linesByHeader(reference.fileSets);
    for (const parts of [2, 3]) {
      const result = await parallel(parts, tempDir());
      expect(result.fileSets).toHaveLength(parts);
      // Each worker wrote a share, and the shares together are the one thread's rows.
      for (const set of result.fileSets) expect(set.rows.relationships).toBeGreaterThan(0);
      expect(result.counts).toEqual(reference.counts);
      expect(result.version).toBe(reference.version);
      expect(linesByHeader(result.fileSets)).toEqual(expected);
      // The hash lines were taken in batch order, one batch at a time.
      expect(result.batches).toEqual(result.batches.map((_, i) => i + 1));
      expect(result.workerPhases.map((p) => p.phase)).toContain('worker 1: rows');
    }
  });

  it('reports a relationship a worker finds wrong as the input\'s problem, naming it', WORKERS, async () => {
    const recipe = { module: new URL('../fixtures/generated-with-a-bad-relationship.ts', import.meta.url).href, exportName: 'generatedWithABadRelationship', args: ['S', 20_251_125] };
    const failed = writeRelationshipFilesInParallel({ recipe, dir: tempDir(), parts: 2, batchSize: BATCH, hasher: new GraphVersionHasher('test') });
    await expect(failed).rejects.toThrow(GraphInputError);
    await expect(failed).rejects.toThrow(/\[bad-relationship\].*no-such-entity/);
  });

  it('finds an id repeated in two workers\' batches, though each checks only its own whole', WORKERS, async () => {
    const recipe = { module: new URL('../fixtures/generated-with-a-bad-relationship.ts', import.meta.url).href, exportName: 'generatedWithABadRelationship', args: ['S', 20_251_125, 'duplicate'] };
    for (const parts of [2, 3]) {
      const failed = writeRelationshipFilesInParallel({ recipe, dir: tempDir(), parts, batchSize: BATCH, hasher: new GraphVersionHasher('test') });
      await expect(failed).rejects.toThrow(GraphInputError);
      await expect(failed).rejects.toThrow(/duplicate relationship id/);
    }
  });
});

describe('relationship files from worker threads, interrupted', () => {
  it('stops the workers and rejects with the error when the progress callback throws (as a load interrupted from it)', WORKERS, async () => {
    const input = generateGraph(loadOntology(), 'S');
    const failed = writeRelationshipFilesInParallel({
      recipe: input.recipe!,
      dir: tempDir(),
      parts: 2,
      batchSize: BATCH,
      hasher: new GraphVersionHasher('test'),
      onBatch: (_, batches) => {
        if (batches === 3) throw new Error('injected failure after 3 batches');
      },
    });
    await expect(failed).rejects.toThrow('injected failure after 3 batches');
  });
});
