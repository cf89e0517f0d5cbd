// CSV (RFC 4180): a header row of column names, then one line per record. Empty means null; lists and
// objects are JSON text; dates are YYYY-MM-DD; booleans true/false.
import type { Table } from './columns.ts';

const NEEDS_QUOTES = /[",\r\n]/;

function cell(value: unknown, json: boolean): string {
  if (value === null || value === undefined) return '';
  const text = json ? JSON.stringify(value) : String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The header line of `table` (without its line break). */
export function csvHeader<R>(table: Table<R>): string {
  return table.columns.map((c) => c.name).join(',');
}

/** A function giving the CSV line of one record of `table` (without its line break). */
export function csvLine<R>(table: Table<R>): (record: R) => string {
  const columns = table.columns;
  const json = columns.map((c) => c.type === 'json');
  // Cells are collected in an array and joined once: appending cell by cell makes a chain of
  // intermediate strings per row (most of the garbage an export made in Node).
  const cells = new Array<string>(columns.length);
  return (record) => {
    for (let i = 0; i < columns.length; i++) cells[i] = cell(columns[i]!.value(record), json[i]!);
    return cells.join(',');
  };
}

/** Lines, batch by batch, after the header: each line is a record's CSV line (written by `csvLine`). */
export async function* encodeCsvLines(header: string, batches: AsyncIterable<string[]>): AsyncGenerator<string> {
  yield header + '\r\n';
  for await (const lines of batches) {
    if (lines.length > 0) yield lines.join('\r\n') + '\r\n';
  }
}

export async function* encodeCsv<R>(table: Table<R>, batches: AsyncIterable<R[]>): AsyncGenerator<string> {
  const line = csvLine(table);
  yield* encodeCsvLines(
    csvHeader(table),
    (async function* () {
      for await (const batch of batches) yield batch.map(line);
    })(),
  );
}
