// Validate everything, then write: the seed loader used by `npm run seed` and `npm start`. The YAML is
// read and validated whole (seed-limits.ts bounds it), then goes through the one write path.
import type { Executor } from '../db/executor.ts';
import type { Ontology } from '../ontology/ontology.ts';
import { readSeed, SEED_DATA_DIR } from './read-seed.ts';
import { validateSeed, type SeedGraph, type SeedProblem } from './validate-seed.ts';
import { writeGraph, type GraphInput, type LoadProgress, type PrunePlan, type WriteOptions, type WriteSummary } from './write-graph.ts';

export class SeedValidationError extends Error {
  override name = 'SeedValidationError';
  constructor(readonly problems: SeedProblem[]) {
    super(
      `the seed data has ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was written:\n` +
        problems.map((p) => `  ${p.file}${p.line ? `:${p.line}` : ''}  [${p.id}]  ${p.problem}`).join('\n'),
    );
  }
}

/** What an operator is told when a load would delete items: both ways out. */
export const SEED_PRUNE_HINT =
  'If the data folder is incomplete, restore the missing files. To delete these items from the graph, run ' +
  '`npm run seed -- --prune` to review them, then `npm run seed -- --prune --yes` (at start-up: SEED_PRUNE=true).';

export interface SeedOptions {
  dataDir?: string;
  /** Check every quote verbatim against the news reports in this folder (SOURCES_DIR). */
  sourcesDir?: string;
  /** Write even when the graph already holds exactly this seed (`npm run seed` does). @default false */
  force?: boolean;
  /**
   * Asked with the plan when the graph holds seed items the data no longer has; resolve true to delete
   * them. Without it such a load is refused (PruneRequiredError) before anything is written.
   */
  confirmPrune?: (plan: PrunePlan) => boolean | Promise<boolean>;
  /** Accept a data folder with no records (only when pruning was asked for: it empties the graph). @default false */
  allowEmpty?: boolean;
  batchSize?: number;
  onProgress?: (progress: LoadProgress) => void | Promise<void>;
  /** Refuses a load that may not fit on the database's disk (WriteOptions.checkRoom). */
  checkRoom?: WriteOptions['checkRoom'];
  /** What runs the load (named to a load refused meanwhile). */
  loader?: string;
}

/** Reads and validates the seed; throws SeedValidationError listing every problem. */
export function prepareSeed(ontology: Ontology, options: SeedOptions = {}): SeedGraph {
  const dataDir = options.dataDir ?? SEED_DATA_DIR;
  const { graph, problems } = validateSeed(readSeed(dataDir), ontology, { sourcesDir: options.sourcesDir });
  if (problems.length === 0 && !options.allowEmpty && graph.sources.length + graph.entities.length + graph.relationships.length === 0) {
    problems.push({
      file: dataDir,
      id: '-',
      problem:
        'the seed data folder holds no records (no YAML file with kind/records or relationships); loading it would empty the graph. ' +
        'Point --data-dir (or the image) at the seed data; to empty the graph on purpose, run `npm run seed -- --prune --yes`',
    });
  }
  if (problems.length > 0) throw new SeedValidationError(problems);
  return graph;
}

/** A validated seed as the write path's input (everything in memory; relationships as one batch). */
export function seedInput(graph: SeedGraph): GraphInput {
  return { origin: 'seed', sources: graph.sources, entities: graph.entities, relationships: [graph.relationships] };
}

export interface SeedResult extends WriteSummary {
  /** Citations whose quote was found verbatim in its source text during this run. */
  verifiedQuotes: number;
}

export async function loadSeed(executor: Executor, ontology: Ontology, options: SeedOptions = {}): Promise<SeedResult> {
  const graph = prepareSeed(ontology, options);
  const summary = await writeGraph(executor, ontology, seedInput(graph), {
    skipUnchanged: !options.force,
    confirmPrune: options.confirmPrune,
    pruneHint: SEED_PRUNE_HINT,
    batchSize: options.batchSize,
    onProgress: options.onProgress,
    checkRoom: options.checkRoom,
    loader: options.loader,
  });
  return { ...summary, verifiedQuotes: summary.verifiedCitations };
}
