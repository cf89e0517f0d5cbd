// JSON Lines: one JSON object per line, keys in column order, nulls kept (every line has every key).
// A nested table (a relationship's citations) becomes an array of objects under its name.
import type { Table } from '../../tables/columns.ts';

export interface Nested<R, N> {
  name: string;
  table: Table<N>;
  records(record: R): N[];
}

function objectOf<R>(table: Table<R>, record: R): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const column of table.columns) out[column.name] = column.value(record) ?? null;
  return out;
}

export async function* encodeJsonLines<R, N>(table: Table<R>, batches: AsyncIterable<R[]>, nested?: Nested<R, N>): AsyncGenerator<string> {
  for await (const batch of batches) {
    let out = '';
    for (const record of batch) {
      const object = objectOf(table, record);
      if (nested) object[nested.name] = nested.records(record).map((n) => objectOf(nested.table, n));
      out += JSON.stringify(object) + '\n';
    }
    yield out;
  }
}
