// The crowd of `npm run bench -- --playground-load` against a small local page server: it loads the page
// and each asset only while switched on, counts the bytes as sent (compressed, never decoded), waits the
// Retry-After of a 429, and reports its tally when finished.
import { fork } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoaderTally } from '../../bench/lib/playground-loaders.ts';

const PAGE = brotliCompressSync(Buffer.from('<html><script src="/assets/a.js"></script><link href="/assets/b.css"></html>'));
const ASSETS: Record<string, Buffer> = { '/assets/a.js': Buffer.alloc(1000, 'a'), '/assets/b.css': Buffer.alloc(300, 'b') };
const requests: string[] = [];
let refuseNext = 0;
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url!);
    if (refuseNext > 0) {
      refuseNext--;
      res.writeHead(429, { 'retry-after': '1' }).end();
      return;
    }
    if (req.url === '/graphql') res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'br' }).end(PAGE);
    else if (ASSETS[req.url!]) res.writeHead(200).end(ASSETS[req.url!]);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the playground crowd', () => {
  it('loads only while on, counts bytes as sent, waits out a 429 and reports its tally', async () => {
    const child = fork(fileURLToPath(new URL('../../bench/lib/playground-loaders.ts', import.meta.url)), [url, '/graphql', '4'], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, BENCH_PLAYGROUND_LOADERS: '1' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const tally = new Promise<LoaderTally>((resolve) => child.once('message', (m) => resolve(m as LoaderTally)));
    await pause(1_000);
    expect(requests).toEqual([]);

    refuseNext = 1;
    child.send('on');
    const deadline = Date.now() + 20_000;
    while (requests.filter((r) => r === '/assets/b.css').length < 8 && Date.now() < deadline) await pause(50);
    child.send('off');
    await pause(500);
    const whenOff = requests.length;
    await pause(1_500);
    expect(requests.length).toBe(whenOff);

    child.send('finish');
    const result = await tally;
    // The first request was refused (no body); every other one's body is counted as sent.
    const sizes = requests.slice(1).map((r) => (r === '/graphql' ? PAGE.length : ASSETS[r]!.length));
    expect(result.refused).toBe(1);
    expect(result.errors).toBe(0);
    expect(result.pages).toBe(requests.filter((r) => r === '/assets/b.css').length);
    expect(result.pages).toBeGreaterThanOrEqual(8);
    expect(result.bytes).toBe(sizes.reduce((a, b) => a + b, 0));
  }, 60_000);
});
