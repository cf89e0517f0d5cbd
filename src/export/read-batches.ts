// Reads a table in keyset batches (id order, bounded by `limit`), each batch in its own short read
// transaction between two reads of the graph state: if a load ran or the version moved, the batch is
// refused, so an export never mixes rows of two graphs. The next batch is fetched while the caller
// encodes the current one (Neo4j and Node work at the same time), so at most two batches are in memory.
//
// The position to continue from is always the column KEYSET_COLUMN of the last row, and every row's is
// checked (a string, strictly after the one before, across batches too): a statement that returns its
// key under another name, or not in order, fails the export loudly instead of repeating or skipping
// rows (issue 23: a batch that returned its node as `n` paged after "undefined" for ever).
import type { CypherQuery, Executor, Params, Row } from '../db/executor.ts';
import { KEYSET_COLUMN } from '../cypher/exports.ts';
import { graphLoading, versionChanged } from './export-error.ts';
import { readGraphState } from './graph-version.ts';

export interface BatchSpec {
  /** A statement taking `$after` and `$limit` and returning its rows' keyset position as KEYSET_COLUMN. */
  query: CypherQuery;
  params: Params;
  /**
   * When a record holds several rows of the table: the column listing them. The batch's size is then
   * the number of those rows, and KEYSET_COLUMN holds the position of a record's last one.
   */
  items?: string;
}

/** Rows per batch: large enough that the two state reads per batch cost nothing, small enough to stay flat. */
export const BATCH_ROWS = 5_000;

/** A batch statement broke the keyset contract: a bug in a statement, never the client's doing. */
export class KeysetError extends Error {
  override name = 'KeysetError';
}

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

  let after = '';
  let next: Promise<Row[]> | null = fetch(after);
  while (next) {
    const rows: Row[] = await next;
    next = null;
    const last = checkKeys(spec.query.name, rows, after);
    if (batchSize(rows, spec.items) === limit) {
      after = last;
      next = fetch(after);
      // Rejections surface at the next `await`; if the consumer stops first, nothing is left unhandled.
      next.catch(() => {});
    }
    if (rows.length > 0) yield rows;
  }
}

/** Checks every row's key (a string, each after the one before, the first after `after`); returns the last. */
function checkKeys(statement: string, rows: Row[], after: string): string {
  let previous = after;
  for (let i = 0; i < rows.length; i++) {
    const key = rows[i]![KEYSET_COLUMN];
    if (typeof key !== 'string') {
      throw new KeysetError(
        `export statement '${statement}' returned no string in its keyset column '${KEYSET_COLUMN}' (row ${i + 1} of the batch after ${JSON.stringify(after)}): ` +
          `got ${describe(key)}; columns: ${Object.keys(rows[i]!).join(', ')}`,
      );
    }
    if (!(compareCodePoints(key, previous) > 0)) {
      throw new KeysetError(
        `export statement '${statement}' returned the key ${JSON.stringify(key.slice(0, 200))} after ${JSON.stringify(previous.slice(0, 200))} ` +
          `(row ${i + 1} of the batch after ${JSON.stringify(after.slice(0, 200))}); keys must strictly increase`,
      );
    }
    previous = key;
  }
  return previous;
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  return `${typeof value} ${JSON.stringify(value)?.slice(0, 100)}`;
}

/**
 * Orders strings by Unicode code point, as Neo4j orders them (its indexes compare UTF-8 bytes), not by
 * UTF-16 unit as `<` does: the two differ only between a surrogate pair and a character U+E000–U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return fixup(x) - fixup(y);
  }
  return a.length - b.length;
}

/** Moves surrogates (D800–DFFF) above E000–FFFF, so units compare as the code points they encode. */
const fixup = (unit: number) => (unit >= 0xe000 ? unit - 0x800 : unit >= 0xd800 ? unit + 0x2000 : unit);

function batchSize(rows: Row[], items: string | undefined): number {
  if (items === undefined) return rows.length;
  let size = 0;
  for (const row of rows) size += (row[items] as unknown[]).length;
  return size;
}
