// Downloads one bulk export with curl and counts its rows in a separate process (count-export-rows.ts),
// so neither costs the measured server anything, then checks the count against the manifest before a
// throughput is reported: an export that repeats or drops rows (issue 23) fails the benchmark instead
// of producing a figure. Used by bench/exports.ts and `npm run bench`.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const COUNTER = fileURLToPath(new URL('./count-export-rows.ts', import.meta.url));

export interface ExportManifest {
  graphVersion: string;
  tables: Record<string, { rows: number }>;
  graph: { nodes: number; edges: number };
}

/** Every export: four tables in three formats, and the graph. */
export const ALL_EXPORTS = [
  ...['relationships', 'citations', 'entities', 'sources'].flatMap((t) => ['csv', 'jsonl', 'parquet'].map((f) => `${t}.${f}`)),
  'graph.graphml',
];

export interface ExportRun {
  name: string;
  coding: 'none' | 'gzip' | 'br';
  status: number;
  rows: number;
  expectedRows: number;
  seconds: number;
  bytes: number;
  rowsPerSecond: number;
}

export class ExportCountError extends Error {
  override name = 'ExportCountError';
}

/** Rows the manifest gives an export (the graph: its nodes plus its edges). */
export function expectedRows(manifest: ExportManifest, name: string): number {
  if (name.startsWith('graph.')) return manifest.graph.nodes + manifest.graph.edges;
  const table = manifest.tables[name.split('.')[0]!];
  if (!table) throw new Error(`no table for export ${name} in the manifest`);
  return table.rows;
}

export async function fetchManifest(base: string): Promise<ExportManifest> {
  const response = await fetch(`${base}/export/manifest.json`);
  if (!response.ok) throw new Error(`GET ${base}/export/manifest.json: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as ExportManifest;
}

/**
 * Downloads `base/export/name` (optionally gzip/br) and counts its rows; throws ExportCountError when
 * the status is not 200 or the rows differ from the manifest's.
 */
export async function runExport(base: string, name: string, manifest: ExportManifest, coding: ExportRun['coding'] = 'none', timeoutMs = 30 * 60_000): Promise<ExportRun> {
  const format = name.split('.').pop()!;
  // Parquet is never content-coded by the server.
  const applied = format === 'parquet' ? 'none' : coding;
  const counter = spawn(process.execPath, ['--import', 'tsx', COUNTER, format, applied], { stdio: ['pipe', 'pipe', 'pipe'] });
  let counted = '';
  let counterErr = '';
  counter.stdout.on('data', (d: Buffer) => (counted += d.toString()));
  await new Promise<void>((resolve, reject) => {
    counter.stderr.on('data', (d: Buffer) => {
      counterErr += d.toString();
      if (counterErr.includes('ready\n')) resolve();
    });
    counter.once('exit', (code) => reject(new Error(`the row counter exited (${code}) before it was ready: ${counterErr}`)));
  });
  const counterDone = new Promise<number | null>((resolve) => counter.once('close', resolve));

  const headers = applied === 'none' ? [] : ['-H', `Accept-Encoding: ${applied}`];
  // curl writes the body straight into the counter's stdin (no byte passes through this process).
  const curl = spawn('curl', ['-sS', '-w', '%{stderr}\n%{http_code} %{time_total} %{size_download}', ...headers, `${base}/export/${name}`], {
    stdio: ['ignore', counter.stdin, 'pipe'],
  });
  counter.stdin.destroy(); // our copy: the counter sees the end when curl exits
  let curlErr = '';
  curl.stderr.on('data', (d: Buffer) => (curlErr += d.toString()));
  const timer = setTimeout(() => curl.kill('SIGTERM'), timeoutMs);
  const curlCode = await new Promise<number | null>((resolve) => curl.once('close', resolve));
  clearTimeout(timer);
  const counterCode = await counterDone;

  const [status, seconds, bytes] = curlErr.trim().split('\n').pop()!.split(' ').map(Number);
  if (curlCode !== 0) throw new ExportCountError(`${name}: curl exited ${curlCode}: ${curlErr.trim().slice(0, 500)}`);
  if (status !== 200) throw new ExportCountError(`${name}: HTTP ${status}; no throughput reported`);
  if (counterCode !== 0) throw new ExportCountError(`${name}: the row counter failed (${counterCode}): ${counterErr.slice(0, 500)}`);
  const rows = (JSON.parse(counted) as { rows: number }).rows;
  const expected = expectedRows(manifest, name);
  if (rows !== expected) {
    throw new ExportCountError(`${name}${applied === 'none' ? '' : ` (${applied})`}: exported ${rows} rows, the manifest says ${expected}; no throughput reported`);
  }
  return { name, coding: applied, status: status!, rows, expectedRows: expected, seconds: seconds!, bytes: bytes!, rowsPerSecond: rows / seconds! };
}
