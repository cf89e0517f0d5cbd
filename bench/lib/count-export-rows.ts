// Counts the rows of one export read from stdin, in its own process so that counting costs the
// measured server nothing: `curl … | node --import tsx bench/lib/count-export-rows.ts csv gzip`.
// Prints one JSON line: {"rows": N, "bytes": B} (GraphML: nodes and edges). Formats: csv (records
// outside quotes, less the header), jsonl (lines), parquet (the footer's row count), graphml.
import zlib from 'node:zlib';
import { parquetMetadata } from 'hyparquet';

const [format, coding = 'none'] = process.argv.slice(2);
if (!['csv', 'jsonl', 'parquet', 'graphml'].includes(format ?? '') || !['none', 'gzip', 'br'].includes(coding)) {
  process.stderr.write('usage: count-export-rows.ts csv|jsonl|parquet|graphml [none|gzip|br]\n');
  process.exit(2);
}

// Tells the caller it may start the download now (tsx takes a moment to load; a download started
// before would wait on a full pipe and be timed with the counter's start-up).
process.stderr.write('ready\n');

const input: NodeJS.ReadableStream =
  coding === 'gzip' ? process.stdin.pipe(zlib.createGunzip()) : coding === 'br' ? process.stdin.pipe(zlib.createBrotliDecompress()) : process.stdin;

let bytes = 0;
let newlines = 0;
let quoted = false;
const parquet: Buffer[] = [];
// GraphML elements may straddle two chunks: keep the last few bytes of the previous one.
let carry = '';
let nodes = 0;
let edges = 0;

const QUOTE = 0x22;
const NEWLINE = 0x0a;

input.on('data', (chunk: Buffer) => {
  bytes += chunk.length;
  if (format === 'parquet') {
    parquet.push(chunk);
  } else if (format === 'csv') {
    // A doubled quote inside a quoted field toggles twice: the state stays right without lookahead.
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (c === QUOTE) quoted = !quoted;
      else if (c === NEWLINE && !quoted) newlines++;
    }
  } else if (format === 'jsonl') {
    for (let i = chunk.indexOf(NEWLINE); i !== -1; i = chunk.indexOf(NEWLINE, i + 1)) newlines++;
  } else {
    const text = carry + chunk.toString('latin1');
    for (let i = text.indexOf('<node '); i !== -1; i = text.indexOf('<node ', i + 1)) nodes++;
    for (let i = text.indexOf('<edge '); i !== -1; i = text.indexOf('<edge ', i + 1)) edges++;
    // The carried bytes hold no whole '<node '/'<edge ' (6 bytes), so nothing is counted twice.
    carry = text.slice(-5);
  }
});

input.on('end', () => {
  let result: Record<string, number>;
  if (format === 'parquet') {
    const file = Buffer.concat(parquet);
    const metadata = parquetMetadata(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer);
    result = { rows: Number(metadata.num_rows), bytes };
  } else if (format === 'graphml') {
    result = { rows: nodes + edges, nodes, edges, bytes };
  } else {
    result = { rows: format === 'csv' ? Math.max(0, newlines - 1) : newlines, bytes };
  }
  process.stdout.write(JSON.stringify(result) + '\n');
});
input.on('error', (error: Error) => {
  process.stderr.write(`count-export-rows: ${error.message}\n`);
  process.exit(1);
});
