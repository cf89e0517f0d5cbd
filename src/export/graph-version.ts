// The graph's version and load status, read through one function so every export reads it the same
// way and in the same transaction as its rows (contract 3: `(:GraphState {id: 'graph'})`).
import type { TransactionRunner } from '../db/executor.ts';
import { graphState } from '../cypher/exports.ts';

export interface GraphState {
  /** Content-derived hex string; null when nothing has been loaded (an empty database). */
  version: string | null;
  /** True while a load is writing (the rows may be half old, half new). */
  loading: boolean;
  /** The format of the CSV lines the last load stored on its Claims (src/tables/stored-lines.ts); null if none. */
  csvLineFormat: string | null;
}

/**
 * Reads the state inside `tx`. Seam: until the loader writes `GraphState` (contract 3), the seed
 * fingerprint of `SeedState` (a hash of everything the last seed wrote) stands in as the version and
 * no load is ever reported in progress (the current loader writes in one transaction). Remove the
 * fallback once every load writes `GraphState`.
 */
export async function readGraphState(tx: TransactionRunner): Promise<GraphState> {
  const [row] = await tx.run(graphState);
  const version = (row?.version as string | null) ?? (row?.seedFingerprint as string | null) ?? null;
  return { version, loading: row?.status === 'loading', csvLineFormat: (row?.csvLineFormat as string | null) ?? null };
}
