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
  for await (const batch of batches) {
    let out = '';
    for (const record of batch) {
      let line = '';
      for (let i = 0; i < columns.length; i++) {
        if (i > 0) line += ',';
        line += cell(columns[i]!.value(record), json[i]!);
      }
      out += line + '\r\n';
    }
    yield out;
  }
}
