// The browser pages and their assets as a client sees them (issue 19 row 3, issue 20 front door): the
// playground's HTML is small and its assets separate, compressed and cacheable; hashed assets are
// immutable, pages revalidate; 304 on a current ETag; the playground is off when asked; no build → 503.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { closeTestExecutor } from '../support/database.ts';
import { testApp } from '../support/app.ts';

const BASE = 'http://chokepoint.test';
const { app, logs } = testApp();
afterAll(() => closeTestExecutor());

const get = (path: string, headers: Record<string, string> = {}) => app.fetch(`${BASE}${path}`, { headers });
const assetUrls = (html: string) => [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);

describe('the playground page (issue 19 row 3)', () => {
  it('is a few kilobytes of HTML that loads GraphiQL as separate assets, revalidated by ETag', async () => {
    const page = await get('/graphql', { accept: 'text/html', 'accept-encoding': 'br, gzip' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-encoding')).toBe('br');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const html = brotliDecompressSync(Buffer.from(await page.arrayBuffer())).toString();
    // Before: 9 MB with everything inlined.
    expect(html.length).toBeLessThan(20_000);
    expect(html).toContain('MeasuresTargetingAIChips');
    const assets = assetUrls(html);
    expect(assets.some((url) => /\/assets\/graphiql-[\w-]+\.js$/.test(url))).toBe(true);
    expect(assets.some((url) => /\/assets\/graphiql-[\w-]+\.css$/.test(url))).toBe(true);

    const again = await get('/graphql', { accept: 'text/html', 'if-none-match': page.headers.get('etag')! });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  it('serves each asset compressed, immutable, and 304 on a current ETag', async () => {
    const html = await (await get('/graphql', { accept: 'text/html' })).text();
    const script = assetUrls(html).find((url) => /graphiql-[\w-]+\.js$/.test(url))!;
    const plain = await get(script);
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-encoding')).toBeNull();
    const raw = Buffer.from(await plain.arrayBuffer());
    expect(raw.length).toBeGreaterThan(4_000_000);

    const gz = await get(script, { 'accept-encoding': 'gzip' });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gz.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(gz.headers.get('vary')).toContain('Accept-Encoding');
    const zipped = Buffer.from(await gz.arrayBuffer());
    expect(zipped.length).toBeLessThan(raw.length / 3);
    expect(gunzipSync(zipped).equals(raw)).toBe(true);

    const br = await get(script, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).equals(raw)).toBe(true);
    // br refused with q=0: gzip.
    expect((await get(script, { 'accept-encoding': 'br;q=0, gzip' })).headers.get('content-encoding')).toBe('gzip');

    const cached = await get(script, { 'if-none-match': plain.headers.get('etag')! });
    expect(cached.status).toBe(304);
    const head = await app.fetch(`${BASE}${script}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(raw.length));
  });

  it('answers an unknown asset 404 and leaves GraphQL GETs to the API', async () => {
    const missing = await get('/assets/graphiql-0000.js');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('/assets/graphiql-0000.js');
    // A GET with a query (and a browser's Accept) is an API request, not the playground.
    const query = await get('/graphql?query=%7Bstats%7Bsources%7D%7D', { accept: 'text/html', 'graphql-require-preflight': '1' });
    expect(query.headers.get('content-type') ?? '').not.toContain('text/html');
    expect(await query.text()).not.toContain('<html');
  });

  it('is not served when the playground is off', async () => {
    const off = testApp({ graphiql: false });
    const page = await off.app.fetch(`${BASE}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type') ?? '').not.toContain('text/html');
    const door = await (await off.app.fetch(`${BASE}/`)).text();
    expect(door).toContain('GRAPHIQL=true');
    expect(door).not.toContain('href="/graphql"');
  });
});

describe('the per-client budget of page bytes (issue 19 row 3)', () => {
  it('answers 429 with Retry-After once a client has taken 32 MiB in a minute, and serves it again after', async () => {
    let now = 1_000_000;
    const budgeted = testApp({ clock: () => now });
    const fetchAs = (path: string, address: string) =>
      budgeted.app.fetch(`${BASE}${path}`, { headers: { accept: 'text/html' } }, { req: { socket: { remoteAddress: address } } } as any);
    const html = await (await fetchAs('/graphql', '10.0.0.1')).text();
    const script = assetUrls(html).find((url) => /graphiql-[\w-]+\.js$/.test(url))!;
    // Uncompressed (no Accept-Encoding): 5 MB a download, so the seventh goes over 32 MiB.
    const statuses: number[] = [];
    let etag = '';
    for (let i = 0; i < 7; i++) {
      const response = await fetchAs(script, '10.0.0.1');
      statuses.push(response.status);
      etag ||= response.headers.get('etag') ?? '';
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429]);
    const refused = await fetchAs(script, '10.0.0.1');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = await refused.json();
    expect(body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(body.errors[0].message).toContain(`at most ${32 * 2 ** 20} bytes`);
    // Another client is not affected, and a revalidation (304) costs nothing.
    expect((await fetchAs(script, '10.0.0.2')).status).toBe(200);
    const revalidated = await budgeted.app.fetch(`${BASE}${script}`, { headers: { 'if-none-match': etag } }, { req: { socket: { remoteAddress: '10.0.0.1' } } } as any);
    expect(revalidated.status).toBe(304);
    now += 60_000;
    expect((await fetchAs(script, '10.0.0.1')).status).toBe(200);
  });
});

describe('the front door and the explorer page (issue 20)', () => {
  it('links the playground, the explorer, the exports manifest and the docs', async () => {
    const door = await get('/');
    expect(door.status).toBe(200);
    const html = await door.text();
    for (const href of ['/graphql', '/explore', '/export/manifest.json']) expect(html).toContain(`href="${href}"`);
    expect(html).toContain('docs/api.md');
    for (const url of assetUrls(html)) expect((await get(url)).status).toBe(200);
  });

  it('serves /explore with its bundled script and styles, all from this origin', async () => {
    const page = await get('/explore');
    expect(page.status).toBe(200);
    const html = await page.text();
    const assets = assetUrls(html);
    expect(assets.some((url) => /explore-[\w-]+\.js$/.test(url))).toBe(true);
    expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
    for (const url of assets) expect((await get(url)).status).toBe(200);
  });

  it('answers 503 naming the command when the assets are not built, and the API still works', async () => {
    const bare = testApp({ assetsDir: mkdtempSync(join(tmpdir(), 'no-assets-')) });
    const page = await bare.app.fetch(`${BASE}/explore`);
    expect(page.status).toBe(503);
    expect(await page.text()).toContain("npm run build");
    const health = await bare.app.fetch(`${BASE}/health`);
    expect(health.status).toBe(200);
    expect(bare.logs.join('\n')).toContain('the browser pages are not available');
    expect(logs.join('\n')).not.toContain('the browser pages are not available');
  });
});
