// The floor under any answer of the API on this machine: a bare `node:http` server in its own process
// (no yoga, no plugins, no database) answering every POST with a fixed JSON body, asked sequentially
// over loopback, timed to the last byte, by two clients: `fetch` (undici; what the benchmark's cache
// section uses) and `node:http` with a keep-alive agent (the leanest Node client). Whatever a cache hit
// costs comes on top of this; issue 24's "cache hits p99 < 2 ms" cannot be met where this floor's p99 is
// at or above 2 ms. Two body sizes: a small answer and a headline page's (~100 KB).
//
//   node --import tsx bench/http-floor.ts [--requests 3000] [--warmup 500]
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { percentile } from './lib/stats.ts';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '3000' }, warmup: { type: 'string', default: '500' } } });
const requests = Math.min(100_000, Math.max(100, Number(values.requests) || 3000));
const warmup = Math.min(10_000, Math.max(0, Number(values.warmup) || 0));
const SIZES = { '2 KB': 2_000, '100 KB': 100_000 } as const;
const BODY = '{"query":"{ __typename }"}';

// The server: its own process, a port the OS picks, told back on stdout.
const SERVER = `
const http = require('node:http');
const made = {};
for (const n of ${JSON.stringify(Object.values(SIZES))}) made[n] = JSON.stringify({ data: { text: 'x'.repeat(n - 20) } });
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const body = made[new URL(req.url, 'http://x').searchParams.get('bytes')] ?? '{}';
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise<number>((resolve, reject) => {
  child.stdout!.once('data', (chunk: Buffer) => resolve(Number(String(chunk).trim())));
  child.once('exit', (code) => reject(new Error(`the floor's server stopped (exit code ${code})`)));
});

try {
  const load: number[] = [];
  const sample = setInterval(() => load.push(loadavg()[0]!), 5_000);
  console.log(`http floor: ${requests} requests per size after ${warmup} not counted, one client, sequential, loopback; Node ${process.version}; load before ${loadavg().map((l) => l.toFixed(2)).join(', ')}`);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const clients: Record<string, (bytes: number) => Promise<{ status: number; length: number }>> = {
    fetch: async (bytes) => {
      const response = await fetch(`http://127.0.0.1:${port}/graphql?bytes=${bytes}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: BODY });
      return { status: response.status, length: (await response.text()).length };
    },
    'node:http': (bytes) =>
      new Promise((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: `/graphql?bytes=${bytes}`, method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
          let length = 0;
          res.on('data', (chunk: Buffer) => (length += chunk.length));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, length }));
        });
        req.on('error', reject);
        req.end(BODY);
      }),
  };
  console.log('| client | answer | n | p50 (ms) | p90 | p99 | max |\n|---|---|---:|---:|---:|---:|---:|');
  for (const [client, ask] of Object.entries(clients)) {
    for (const [label, bytes] of Object.entries(SIZES)) {
      const times: number[] = [];
      for (let i = 0; i < warmup + requests; i++) {
        const started = performance.now();
        const answer = await ask(bytes);
        if (i >= warmup) times.push(performance.now() - started);
        if (answer.status !== 200 || answer.length < bytes - 20) throw new Error(`unexpected answer: ${answer.status}, ${answer.length} bytes`);
      }
      times.sort((a, b) => a - b);
      const figure = (p: number) => percentile(times, p).toFixed(2);
      console.log(`| ${client} | ${label} | ${times.length} | ${figure(0.5)} | ${figure(0.9)} | ${figure(0.99)} | ${times.at(-1)!.toFixed(2)} |`);
    }
  }
  agent.destroy();
  clearInterval(sample);
  if (load.length > 0) console.log(`load while measuring: min ${Math.min(...load).toFixed(2)}, max ${Math.max(...load).toFixed(2)}`);
} finally {
  child.kill();
}
