// Generates the graph of a named size and loads it through the project's write path: what
// `npm run generate` runs, and the one call a benchmark needs (it gets the anchors with it).
import type { Executor } from '../../src/db/executor.ts';
import type { Ontology } from '../../src/ontology/ontology.ts';
import { importGraph, type BulkLoadOptions, type PreparedBulkLoad } from '../../src/seed/bulk/bulk-load.ts';
import { GENERATE_NODES } from '../../src/seed/bulk/load-phases.ts';
import { writeGraph, type WriteOptions, type WriteSummary } from '../../src/seed/write-graph.ts';
import { ANCHORS } from './anchors.ts';
import { DEFAULT_SEED, generateGraph, type GeneratedGraph } from './generate-graph.ts';
import type { SizeName } from './sizes.ts';

export interface GeneratedLoad {
  /** "bench/generate size M, seed 20251125": what built the graph, for reports. */
  origin: string;
  anchors: typeof ANCHORS;
  summary: WriteSummary;
  graph: GeneratedGraph;
}

/**
 * Loads the generated graph of `size` (schema applied by the caller). A graph that already holds other
 * items is refused unless `options.confirmPrune` approves deleting them; one that already holds this
 * very graph is rewritten in place (idempotent) — pass `skipUnchanged` to skip it instead.
 */
export async function loadGeneratedGraph(
  executor: Executor,
  ontology: Ontology,
  size: SizeName,
  options: WriteOptions & { seed?: number } = {},
): Promise<GeneratedLoad> {
  const seed = options.seed ?? DEFAULT_SEED;
  const graph = generateGraph(ontology, size, seed);
  const summary = await writeGraph(executor, ontology, graph, options);
  return { origin: `bench/generate size ${size}, seed ${seed}`, anchors: ANCHORS, summary, graph };
}

export interface ImportedGeneratedGraph {
  origin: string;
  anchors: typeof ANCHORS;
  /** Finish it once the database is open on `dataDir` (prepared.finish(executor)). */
  prepared: PreparedBulkLoad;
}

/**
 * Writes the generated graph of `size` as the store of a new database in `dataDir` with the offline
 * importer (src/seed/bulk/), before any JVM opens it: the same rows and version as loadGeneratedGraph.
 */
export async function importGeneratedGraph(
  dataDir: string,
  ontology: Ontology,
  size: SizeName,
  options: BulkLoadOptions & { seed?: number } = {},
): Promise<ImportedGeneratedGraph> {
  const seed = options.seed ?? DEFAULT_SEED;
  const generate = () => generateGraph(ontology, size, seed);
  const graph = options.phases ? options.phases.timeSync(GENERATE_NODES, generate) : generate();
  const prepared = await importGraph(dataDir, ontology, graph, options);
  return { origin: `bench/generate size ${size}, seed ${seed} (bulk import)`, anchors: ANCHORS, prepared };
}
