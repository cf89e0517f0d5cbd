// Validate everything, then write: the seed loader used by `npm run seed` and `npm start`.
import type { Executor } from '../db/executor.ts';
import type { Ontology } from '../ontology/ontology.ts';
import { readSeed, SEED_DATA_DIR } from './read-seed.ts';
import { validateSeed, type SeedGraph, type SeedProblem } from './validate-seed.ts';
import { writeGraph, type WriteSummary } from './write-graph.ts';

export class SeedValidationError extends Error {
  override name = 'SeedValidationError';
  constructor(readonly problems: SeedProblem[]) {
    super(
      `the seed data has ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was written:\n` +
        problems.map((p) => `  ${p.file}${p.line ? `:${p.line}` : ''}  [${p.id}]  ${p.problem}`).join('\n'),
    );
  }
}

export interface SeedOptions {
  dataDir?: string;
  /** Check every quote verbatim against the news reports in this folder. */
  sourcesDir?: string;
  /** Write even when the graph already holds exactly this seed (`npm run seed` does). @default false */
  force?: boolean;
}

/** Reads and validates the seed; throws SeedValidationError listing every problem. */
export function prepareSeed(ontology: Ontology, options: SeedOptions = {}): SeedGraph {
  const { graph, problems } = validateSeed(readSeed(options.dataDir ?? SEED_DATA_DIR), ontology, {
    sourcesDir: options.sourcesDir,
  });
  if (problems.length > 0) throw new SeedValidationError(problems);
  return graph;
}

export interface SeedResult extends WriteSummary {
  /** Citations whose quote was found verbatim in its source text during this run. */
  verifiedQuotes: number;
}

export async function loadSeed(executor: Executor, ontology: Ontology, options: SeedOptions = {}): Promise<SeedResult> {
  const graph = prepareSeed(ontology, options);
  const summary = await writeGraph(executor, ontology, graph, { force: options.force });
  const verifiedQuotes = graph.relationships.reduce((n, r) => n + r.citations.filter((c) => c.verified).length, 0);
  return { ...summary, verifiedQuotes };
}
