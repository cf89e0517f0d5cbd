// Reads a table in keyset batches (id order, bounded by `limit`), each batch in its own short read
// transaction between two reads of the graph state: if a load ran or the version moved, the batch is
// refused, so an export never mixes rows of two graphs. The next batch is fetched while the caller
// encodes the current one (Neo4j and Node work at the same time), so at most two batches are in memory.
import type { CypherQuery, Executor, Params, Row } from '../db/executor.ts';
import { graphLoading, versionChanged } from './export-error.ts';
import { readGraphState } from './graph-version.ts';

export interface BatchSpec {
  query: CypherQuery;
  params: Params;
  /** The column holding the keyset position (the id). */
  key: string;
  /**
   * When a record holds several rows of the table: the column listing them. The batch's size is then
   * the number of those rows, and `key` holds the position of a record's last one.
   */
  items?: string;
}

/** Rows per batch: large enough that the two state reads per batch cost nothing, small enough to stay flat. */
export const BATCH_ROWS = 5_000;

export async function* readBatches(executor: Executor, spec: BatchSpec, version: string | null, limit = BATCH_ROWS): AsyncGenerator<Row[]> {
  const fetch = (after: string) =>
    executor.readTransaction(spec.query.name, async (tx) => {
      const before = await readGraphState(tx);
      const rows = await tx.run(spec.query, { ...spec.params, after, limit });
      const after_ = await readGraphState(tx);
      if (before.loading || after_.loading) throw graphLoading();
      if (before.version !== version || after_.version !== version) throw versionChanged(version, after_.version);
      return rows;
    });

  let next: Promise<Row[]> | null = fetch('');
  while (next) {
    const rows: Row[] = await next;
    next = null;
    if (batchSize(rows, spec.items) === limit) {
      next = fetch(String(rows[rows.length - 1]![spec.key]));
      // Rejections surface at the next `await`; if the consumer stops first, nothing is left unhandled.
      next.catch(() => {});
    }
    if (rows.length > 0) yield rows;
  }
}

function batchSize(rows: Row[], items: string | undefined): number {
  if (items === undefined) return rows.length;
  let size = 0;
  for (const row of rows) size += (row[items] as unknown[]).length;
  return size;
}
