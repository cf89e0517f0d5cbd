// Builds the graph a benchmark run measures, through the project's own write path: S is the seed
// (seed/data via src/seed/load-seed.ts); M and L come from the synthetic generator (bench/generate/).
import { applySchema } from '../../src/store/apply-schema.ts';
import { cypher, type Executor } from '../../src/db/executor.ts';
import type { Ontology } from '../../src/ontology/ontology.ts';
import { loadSeed } from '../../src/seed/load-seed.ts';
import type { PhaseProfile } from '../../src/seed/bulk/load-phases.ts';
import { loadGeneratedGraph, type ImportedGeneratedGraph } from '../generate/load-generated.ts';
import { fromGeneratorAnchors, SEED_ANCHORS, type Anchors } from './anchors.ts';

export const SIZES = ['S', 'M', 'L'] as const;
export type Size = (typeof SIZES)[number];

export interface GraphSizes {
  entities: number;
  relationships: number;
  citations: number;
  sources: number;
}

export interface BuiltGraph {
  size: Size;
  /** What built it: "seed/data (…)" or the generator and its seed. */
  origin: string;
  anchors: Anchors;
  counts: GraphSizes;
  buildMs: number;
  /** A bulk load's wall time per phase (bench/run.ts sets it once the load is complete). */
  loadProfile?: PhaseProfile;
}

/** Counts from the count store (label and type counts are free); CITES is counted per Claim. */
const countGraph = cypher(
  'bench.countGraph',
  `
RETURN COUNT { (:Entity) } AS entities, COUNT { (:Claim) } AS relationships,
       COUNT { ()-[:CITES]->() } AS citations, COUNT { (:Source) } AS sources`,
);

export async function readCounts(executor: Executor): Promise<GraphSizes> {
  const [row] = await executor.read(countGraph);
  return {
    entities: Number(row?.entities ?? 0),
    relationships: Number(row?.relationships ?? 0),
    citations: Number(row?.citations ?? 0),
    sources: Number(row?.sources ?? 0),
  };
}

/**
 * Writes the graph of `size` into an empty database (or checks that a given database already holds it)
 * and returns the anchors the questions use. M and L come from the generator (bench/generate/).
 */
export async function buildGraph(
  size: Size,
  executor: Executor,
  ontology: Ontology,
  log: (line: string) => void,
  imported?: ImportedGeneratedGraph,
): Promise<BuiltGraph> {
  const started = performance.now();
  if (imported) {
    // The store was written before the database opened (bench/run.ts): build its indexes and figures.
    const s = await imported.prepared.finish(executor);
    log(`${imported.origin} loaded: ${s.entities} entities, ${s.relationships} relationships, ${s.citations} citations`);
    return { size, origin: imported.origin, anchors: fromGeneratorAnchors(imported.anchors), counts: await readCounts(executor), buildMs: performance.now() - started };
  }
  await applySchema(executor, ontology);
  if (size === 'S') {
    const result = await loadSeed(executor, ontology);
    log(`seed ${result.unchanged ? 'already loaded' : 'loaded'}: ${result.entities} entities, ${result.relationships} relationships`);
    return { size, origin: 'seed/data (src/seed/load-seed.ts)', anchors: SEED_ANCHORS, counts: await readCounts(executor), buildMs: performance.now() - started };
  }
  const generated = await generateGraph(size, executor, ontology, log);
  return { size, origin: generated.origin, anchors: generated.anchors, counts: await readCounts(executor), buildMs: performance.now() - started };
}

export class GraphUnavailableError extends Error {
  override name = 'GraphUnavailableError';
}

/** Fails before anything starts when `size` cannot be built from this checkout (every size can now). */
export function assertBuildable(size: Size): void {
  if (!SIZES.includes(size)) throw new GraphUnavailableError(`--size must be one of ${SIZES.join(', ')}; got "${size}".`);
}

/**
 * Loads the generator's graph of `size` through the project's write path (bench/generate/load-generated.ts).
 * A database that already holds exactly this graph (BENCH_NEO4J_URI pointing at a previous run's) is kept
 * as it is; one holding anything else is refused by the write path rather than pruned.
 */
async function generateGraph(size: Exclude<Size, 'S'>, executor: Executor, ontology: Ontology, log: (line: string) => void): Promise<{ origin: string; anchors: Anchors }> {
  let lastLogged = 0;
  const loaded = await loadGeneratedGraph(executor, ontology, size, {
    skipUnchanged: true,
    pruneHint: 'the benchmark only loads into an empty database or one holding this very graph',
    onProgress: (progress) => {
      if (performance.now() - lastLogged < 10_000) return;
      lastLogged = performance.now();
      log(`loading ${size}: ${progress.phase}, ${progress.relationships} relationships${progress.nodes === undefined ? '' : `, ${progress.nodes} nodes`}, ${progress.batches} batches`);
    },
  });
  const s = loaded.summary;
  log(`${loaded.origin} ${s.unchanged ? 'already loaded' : 'loaded'}: ${s.entities} entities, ${s.relationships} relationships, ${s.citations} citations`);
  return { origin: loaded.origin, anchors: fromGeneratorAnchors(loaded.anchors) };
}
