// Reads the whole store once so Neo4j's page cache holds it before the service reports ready (see
// src/cypher/warm-store.ts for why). Works the same on the embedded Neo4j and on a shared one: only Cypher.
// Bounded: batches of a fixed size, each under the executor's time limit, and a time budget for the whole —
// past it the warm-up stops where it is and says so (the service is still correct, only colder).
import { rangeIndexes, scanIndex, storeCounts, topNodeId, topRelationshipId, warmNodes, warmRelationships, type IndexToWarm } from '../cypher/warm-store.ts';
import { DatabaseUnavailableError } from '../db/errors.ts';
import type { Executor } from '../db/executor.ts';

export interface WarmStoreOptions {
  /** Stop after this long (ms); the rest of the store stays cold. */
  budgetMs: number;
  /** Index names the service created (src/cypher/schema.ts); only these are scanned. */
  indexNames: ReadonlySet<string>;
  /** Records per statement. @default 50 000 */
  batch?: number;
  /** The clock (tests). @default performance.now */
  now?: () => number;
  /**
   * A store with fewer nodes and relationships than this is not read: its first reads cost little, while
   * planning the ~65 index scans costs seconds on a busy machine (13 s for the 778 records of the seed at
   * load 18). @default 100 000
   */
  minRecords?: number;
}

export interface WarmStoreResult {
  ms: number;
  /** Every index, node and relationship was read within the budget. */
  complete: boolean;
  /** The store was smaller than `minRecords`: nothing was read. */
  small?: boolean;
  indexes: number;
  nodes: number;
  relationships: number;
}

const DEFAULT_BATCH = 50_000;
const DEFAULT_MIN_RECORDS = 100_000;

/**
 * Index entries first (the seeks of every hot statement start there), then node records, then
 * relationship records. A batch past the budget is not started. An unavailable database ends the warm-up
 * with the error (the caller's warm-up loop waits for it and runs again); any other failure of one
 * statement — a timeout on a huge index, say — is skipped over.
 */
export async function warmStore(executor: Executor, options: WarmStoreOptions): Promise<WarmStoreResult> {
  const now = options.now ?? (() => performance.now());
  const batch = options.batch ?? DEFAULT_BATCH;
  const started = now();
  const within = () => now() - started < options.budgetMs;
  const result: WarmStoreResult = { ms: 0, complete: false, indexes: 0, nodes: 0, relationships: 0 };
  let skipped = false;
  const [counts] = (await executor.read(storeCounts)) as Array<{ nodes: number; relationships: number }>;
  if ((counts?.nodes ?? 0) + (counts?.relationships ?? 0) < (options.minRecords ?? DEFAULT_MIN_RECORDS)) {
    return { ...result, ms: Math.round(now() - started), complete: true, small: true };
  }
  const attempt = async <T>(work: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof DatabaseUnavailableError) throw error;
      skipped = true;
      return undefined;
    }
  };

  const indexes = ((await executor.read(rangeIndexes)) as Array<{ name: string; entityType: string; labelsOrTypes: string[] | null; properties: string[] | null }>)
    .filter((row) => options.indexNames.has(row.name) && row.labelsOrTypes?.length === 1 && (row.properties?.length ?? 0) > 0)
    .map((row): IndexToWarm => ({ name: row.name, entityType: row.entityType === 'RELATIONSHIP' ? 'RELATIONSHIP' : 'NODE', labelOrType: row.labelsOrTypes![0]!, properties: row.properties! }));
  for (const index of indexes) {
    if (!within()) break;
    if (await attempt(() => executor.read(scanIndex(index)))) result.indexes++;
  }

  for (const [statement, top, total, key] of [
    [warmNodes, topNodeId, counts?.nodes ?? 0, 'nodes'],
    [warmRelationships, topRelationshipId, counts?.relationships ?? 0, 'relationships'],
  ] as const) {
    if (!within()) break;
    // Ids are positions in the store file and may have gaps (deleted records): read batches up to the
    // highest id in use, and stop early once every record counted is seen.
    const [highest] = ((await attempt(() => executor.read(top))) ?? []) as Array<{ top: number | null }>;
    const lastId = (highest?.top ?? -1) + 1;
    for (let from = 0; result[key] < total && from < lastId && within(); from += batch) {
      const rows = (await attempt(() => executor.read(statement, { from, to: from + batch }))) as Array<{ seen: number }> | undefined;
      result[key] += rows?.[0]?.seen ?? 0;
    }
  }
  result.ms = Math.round(now() - started);
  result.complete = !skipped && result.indexes === indexes.length && result.nodes >= (counts?.nodes ?? 0) && result.relationships >= (counts?.relationships ?? 0);
  return result;
}
