// Validate everything, then write: the seed loader used by `npm run seed` and `npm start`. The YAML is
// read and validated whole (seed-limits.ts bounds it), then goes through the one write path.
import type { Executor } from '../db/executor.ts';
import type { Ontology } from '../ontology/ontology.ts';
import { readHeldTexts, storeSourceTexts, type StoreReport } from '../sources/held-texts.ts';
import type { VerificationStatus } from '../sources/verification.ts';
import { readSeed, SEED_DATA_DIR, type RawSeed } from './read-seed.ts';
import { validateSeed, type SeedGraph, type SeedProblem } from './validate-seed.ts';
import { readDivergence, type Divergence } from './api-divergence.ts';
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
  return validateRead(readSeed(options.dataDir ?? SEED_DATA_DIR), ontology, options);
}

/** The ids of the Source records of a read seed (before validation: which held texts to fetch). */
function sourceIdsOf(raw: RawSeed): string[] {
  return raw.entityFiles
    .filter((file) => file.kind === 'Source')
    .flatMap((file) => file.records.map((record) => record.data.id))
    .filter((id): id is string => typeof id === 'string');
}

function validateRead(raw: RawSeed, ontology: Ontology, options: SeedOptions, heldTexts?: Awaited<ReturnType<typeof readHeldTexts>>): SeedGraph {
  const dataDir = options.dataDir ?? SEED_DATA_DIR;
  const { graph, problems } = validateSeed(raw, ontology, { sourcesDir: options.sourcesDir, heldTexts });
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
  /** Seed relationships reviewed changes retracted or edited: kept, not overwritten (src/seed/api-divergence.ts). */
  divergence: Divergence[];
  /** Citations whose quote was found verbatim in its source text during this run. */
  verifiedQuotes: number;
  /** Citations by what was checked (src/sources/verification.ts). */
  verification: Record<VerificationStatus, number>;
  /** The source texts read from files at this load, and what storing them did (a changed text sends its claims to review). */
  texts: StoreReport;
  /** Texts the seed checked against what the graph holds (no file at hand). */
  heldTextsUsed: number;
  /** What the operator should know (see SeedGraph.notes). */
  notes: string[];
}

/** Citations of a validated seed by verification status. */
export function countVerification(graph: SeedGraph): Record<VerificationStatus, number> {
  const counts: Record<VerificationStatus, number> = { verified: 0, curation: 0, unchecked: 0 };
  for (const rel of graph.relationships) for (const c of rel.citations) counts[c.verified ? 'verified' : (c.verification?.status ?? 'unchecked')]++;
  return counts;
}

/**
 * Reads the seed and the texts the graph holds for its sources (used where no file is at hand),
 * validates, writes the graph, then keeps every text read from a file in the graph (a later load
 * without SOURCES_DIR checks against it); a text that differs from the one held replaces it and sends
 * the relationships citing it to review.
 */
export async function loadSeed(executor: Executor, ontology: Ontology, options: SeedOptions = {}): Promise<SeedResult> {
  const raw = readSeed(options.dataDir ?? SEED_DATA_DIR);
  const held = await readHeldTexts(executor, sourceIdsOf(raw));
  const graph = validateRead(raw, ontology, options, held);
  const summary = await writeGraph(executor, ontology, seedInput(graph), {
    skipUnchanged: !options.force,
    confirmPrune: options.confirmPrune,
    pruneHint: SEED_PRUNE_HINT,
    batchSize: options.batchSize,
    onProgress: options.onProgress,
    checkRoom: options.checkRoom,
    loader: options.loader,
  });
  // Only when something was written: an unchanged seed skipped the load, and the graph says nothing new.
  const divergence = summary.unchanged ? [] : await readDivergence(executor, ontology, graph.relationships);
  const fromFiles = graph.texts.filter((t) => t.from === 'file');
  const texts = await storeSourceTexts(executor, fromFiles, { by: 'seed' });
  return {
    ...summary,
    verifiedQuotes: summary.verifiedCitations,
    verification: countVerification(graph),
    texts,
    heldTextsUsed: graph.texts.length - fromFiles.length,
    notes: graph.notes,
    divergence,
  };
}

/** One line per thing the load report must say about texts: stored, changed (with claims sent to review), notes. */
export function describeTexts(result: Pick<SeedResult, 'texts' | 'heldTextsUsed' | 'notes' | 'verification'>): string[] {
  const lines: string[] = [];
  const { verified, curation, unchecked } = result.verification;
  lines.push(
    `citations: ${verified} verified now against the texts held, ${curation} verified at curation (recorded digest), ${unchecked} never checked; ` +
      `${result.texts.added.length} text(s) stored, ${result.texts.kept.length} kept, ${result.heldTextsUsed} held text(s) used`,
  );
  for (const change of result.texts.changed) {
    lines.push(
      `the text of ${change.sourceId} changed (${change.previousDigest} → ${change.digest}): ${change.claimsForReview} relationship(s) citing it need review (label NeedsReview)`,
    );
  }
  lines.push(...result.notes);
  return lines;
}
