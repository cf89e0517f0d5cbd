// CSV (RFC 4180): a header row of column names, then one line per record. Empty means null; lists and
// objects are JSON text; dates are YYYY-MM-DD; booleans true/false.
import type { Table } from '../columns.ts';

const NEEDS_QUOTES = /[",\r\n]/;

function cell(value: unknown, json: boolean): string {
  if (value === null || value === undefined) return '';
  const text = json ? JSON.stringify(value) : String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export async function* encodeCsv<R>(table: Table<R>, batches: AsyncIterable<R[]>): AsyncGenerator<string> {
  const columns = table.columns;
  const json = columns.map((c) => c.type === 'json');
  yield columns.map((c) => c.name).join(',') + '\r\n';
  // Cells and lines are collected in arrays and joined once: appending cell by cell makes a chain
  // of intermediate strings per row (most of the garbage an export made in Node).
  const cells = new Array<string>(columns.length);
  for await (const batch of batches) {
    const lines = new Array<string>(batch.length + 1);
    for (let r = 0; r < batch.length; r++) {
      const record = batch[r]!;
      for (let i = 0; i < columns.length; i++) cells[i] = cell(columns[i]!.value(record), json[i]!);
      lines[r] = cells.join(',');
    }
    lines[batch.length] = '';
    yield lines.join('\r\n');
  }
}
