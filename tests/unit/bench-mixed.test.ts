// The mixed random workload and the cache step of the benchmark without a database (issue 24 items 5 and 8):
// the proportions and how requests are drawn from them, the summary's arithmetic, the options, and both
// loops against a small local HTTP server that plays the API (its cache protocol included). No timing is
// asserted beyond "was measured".
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Random } from '../../bench/generate/random.ts';
import { parseBenchArgs, UsageError } from '../../bench/lib/args.ts';
import { cacheFigures, cacheTable, distinctCases, runCacheSection } from '../../bench/lib/cache-section.ts';
import { MIXED_PROPORTIONS, MixedPlanError, mixedTable, pickShare, runMixed, shares, summariseMixed, type MixedSample } from '../../bench/lib/mixed-section.ts';
import type { SweepQuestion } from '../../bench/lib/sweep.ts';

const sweepQuestion = (key: string, labels: string[]): SweepQuestion => ({
  key,
  title: key,
  query: `query Q($x: String!) { ${key.replace(/-/g, '_')}(x: $x) }`,
  cases: labels.map((label) => ({ label, variables: { x: label } })),
});

const SWEEP_KEYS = ['path', 'headline-narrow', 'entity-page', 'timeline-hubs', 'search'];
const sweep = () => SWEEP_KEYS.map((key) => sweepQuestion(key, [`${key}-a`, `${key}-b`]));

describe('mixed workload proportions', () => {
  it('cover the five sweep questions and add up to 100', () => {
    expect(Object.keys(MIXED_PROPORTIONS).sort()).toEqual([...SWEEP_KEYS].sort());
    expect(Object.values(MIXED_PROPORTIONS).reduce((a, b) => a + b, 0)).toBe(100);
  });

  it('become cumulative shares that end at exactly 1', () => {
    const list = shares({ a: 1, b: 2, c: 1 }, ['a', 'b', 'c'].map((k) => sweepQuestion(k, ['x'])));
    expect(list.map((s) => s.share)).toEqual([0.25, 0.5, 0.25]);
    expect(list.map((s) => s.upTo)).toEqual([0.25, 0.75, 1]);
    expect(pickShare(list, 0)).toBe('a');
    expect(pickShare(list, 0.2499)).toBe('a');
    expect(pickShare(list, 0.25)).toBe('b');
    expect(pickShare(list, 0.9999)).toBe('c');
  });

  it('refuse a plan that names an unknown question, one without parameters, or a weight that is not positive', () => {
    expect(() => shares({ nope: 1 }, sweep())).toThrow(/"nope" is not among the sweep's questions \(path, headline-narrow/);
    expect(() => shares({ path: 1 }, [sweepQuestion('path', [])])).toThrow(/"path" has no parameters on this graph/);
    expect(() => shares({ path: 0 }, sweep())).toThrow(/share of "path" must be a positive number; got 0/);
    expect(() => shares({ path: Number.NaN }, sweep())).toThrow(MixedPlanError);
    expect(() => shares({}, sweep())).toThrow(/at least one question/);
  });

  it('are what a long seeded run of draws sends, within two percentage points', () => {
    const list = shares(MIXED_PROPORTIONS, sweep());
    const random = new Random(24, 1000);
    const counts: Record<string, number> = {};
    const draws = 20_000;
    for (let i = 0; i < draws; i++) {
      const key = pickShare(list, random.next());
      counts[key] = (counts[key] ?? 0) + 1;
    }
    for (const [key, percent] of Object.entries(MIXED_PROPORTIONS)) expect(Math.abs((counts[key]! / draws) * 100 - percent)).toBeLessThan(2);
  });
});

describe('mixed workload summary', () => {
  const sample = (question: string, label: string, ms: number, extra: Partial<MixedSample> = {}): MixedSample => ({ question, label, ms, cache: 'bypass', ...extra });
  const samples: MixedSample[] = [
    sample('path', 'A → Hub', 900, { code: 'QUERY_TIMEOUT', message: 'HTTP 200 too long' }),
    sample('path', 'A → Hub', 800),
    sample('path', 'B → C', 30, { partial: true }),
    sample('search', 'chips', 10),
    sample('search', 'chps', 20, { code: 'HTTP_503', message: 'HTTP 503 down' }),
    sample('search', 'chips', 12),
    sample('entity-page', 'Valdoria', 400),
    sample('entity-page', 'Other', 5),
  ];
  const run = { seed: 7, clients: 2, durationMs: 1000, warmupMs: 0, warmup: { requests: 3, errors: 1, messages: ['path (A → Hub): HTTP 200 slow'] }, wallMs: 2000, proportions: { path: 1, search: 1, 'entity-page': 2 } };
  const list = shares(run.proportions, ['path', 'search', 'entity-page'].map((k) => sweepQuestion(k, ['x'])));
  const result = summariseMixed(samples, { ...run, shares: list });

  it('counts requests, errors by code, partial answers, and answered requests per second of wall time', () => {
    expect(result).toMatchObject({ requests: 8, errors: 2, partial: 1, errorsByCode: { QUERY_TIMEOUT: 1, HTTP_503: 1 } });
    expect(result.throughput).toBeCloseTo(6 / 2, 10);
    expect(result.errorMessages).toEqual(['path (A → Hub): HTTP 200 too long', 'search (chps): HTTP 503 down']);
  });

  it('gives nearest-rank percentiles overall and per question, and the sent share beside the planned one', () => {
    expect(result.p50).toBe(20);
    expect(result.p99).toBe(900);
    expect(result.max).toBe(900);
    const path = result.perQuestion.find((q) => q.key === 'path')!;
    expect(path).toMatchObject({ requests: 3, errors: 1, partial: 1, p50: 800, p99: 900, max: 900, planned: 0.25, sent: 3 / 8 });
    expect(result.perQuestion.find((q) => q.key === 'entity-page')).toMatchObject({ planned: 0.5, sent: 2 / 8, p50: 5, max: 400 });
  });

  it('names the slowest parameters once each (a hub asked twice shows once, with its slowest time)', () => {
    expect(result.worst.map((w) => `${w.question}: ${w.label} ${w.ms}`)).toEqual(['path: A → Hub 900', 'entity-page: Valdoria 400', 'path: B → C 30', 'search: chps 20', 'search: chips 12']);
    expect(result.worst[0]!.code).toBe('QUERY_TIMEOUT');
  });

  it('prints the overall line, the codes, the proportions, and warns when an answer came from the cache', () => {
    const table = mixedTable(result);
    expect(table).toContain('**8 requests, 2 errors (QUERY_TIMEOUT 1, HTTP_503 1), 1 partial; 3.0 answered requests per second');
    expect(table).toContain('path 25 %, search 25 %, entity-page 50 %');
    expect(table).toContain('| path | 25 % | 38 % | 3 | 1 | 1 | 800 | 900 | 900 | A → Hub (900, QUERY_TIMEOUT); B → C (30) |');
    expect(table).toContain('bypass 8 (none from the cache)');
    expect(table).toContain('then 0 s of other draws: 3 requests, 1 errors)');
    expect(table).toContain('Errors in the warm-up (not counted above):\n\n- path (A → Hub): HTTP 200 slow');
    const cached = summariseMixed([...samples, sample('search', 'chips', 1, { cache: 'hit' })], { ...run, shares: list });
    expect(mixedTable(cached)).toContain('these figures are not uncached');
  });
});

describe('--mixed and --cache options', () => {
  it('default to 16 clients, 20 s on S and 60 s on M', () => {
    expect(parseBenchArgs(['--size', 'S', '--mixed'])).toMatchObject({ mixed: true, mixedClients: 16, mixedDurationMs: 20_000, cache: false });
    expect(parseBenchArgs(['--size', 'M', '--mixed', '--cache'])).toMatchObject({ mixed: true, mixedDurationMs: 60_000, cache: true });
    expect(parseBenchArgs(['--size', 'S', '--mixed', '--mixed-clients', '4', '--mixed-duration', '5s'])).toMatchObject({ mixedClients: 4, mixedDurationMs: 5000 });
    expect(parseBenchArgs(['--size', 'S'])).toMatchObject({ mixed: false, cache: false });
    // --quick: a regression check of the mode, not a measurement.
    expect(parseBenchArgs(['--size', 'M', '--mixed', '--quick'])).toMatchObject({ mixedDurationMs: 5000, mixedWarmupMs: 2000 });
    expect(parseBenchArgs(['--size', 'M', '--mixed'])).toMatchObject({ mixedWarmupMs: 15_000 });
  });

  it('name the option, the value and what is allowed', () => {
    expect(() => parseBenchArgs(['--size', 'S', '--mixed', '--mixed-clients', '0'])).toThrow(/--mixed-clients must be a whole number from 1 to 256; got "0"/);
    expect(() => parseBenchArgs(['--size', 'S', '--mixed', '--mixed-duration', 'long'])).toThrow(/--mixed-duration must be a duration such as 10s/);
    expect(() => parseBenchArgs(['--size', 'S', '--mixed-clients', '8'])).toThrow(/--mixed-clients and --mixed-duration set up --mixed; add --mixed/);
    expect(() => parseBenchArgs(['--size', 'S', '--cache', '--curation'])).toThrow(/--cache measures the read side and --curation/);
    expect(() => parseBenchArgs(['--size', 'S', '--mixed', '--playground-load'])).toThrow(UsageError);
  });
});

/** A local server for one test; closed after it. */
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});
async function serve(handler: (req: IncomingMessage, body: string, res: ServerResponse) => void): Promise<string> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => handler(req, body, res));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  close = () => new Promise((done) => server.close(() => done()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('mixed workload loop', () => {
  it('sends uncached requests from every client until the time is up, and counts what the server failed', async () => {
    const seen = { requests: 0, withoutNoCache: 0, failed: 0 };
    const url = await serve((req, body, res) => {
      seen.requests++;
      if (req.headers['cache-control'] !== 'no-cache') seen.withoutNoCache++;
      const { variables } = JSON.parse(body) as { variables: { x: string } };
      res.setHeader('content-type', 'application/json');
      res.setHeader('chokepoint-cache', 'bypass');
      // Every "-b" search word fails the way a timeout does.
      if (variables.x === 'search-b') {
        seen.failed++;
        res.end(JSON.stringify({ errors: [{ message: 'too long', extensions: { code: 'QUERY_TIMEOUT' } }] }));
      } else res.end(JSON.stringify({ data: { ok: true } }));
    });
    const result = await runMixed(url, sweep(), { clients: 3, durationMs: 300, warmupMs: 100, seed: 24 }, () => {});
    // The warm-up: each of the five questions once, then the loop; counted apart from the figures.
    expect(result.warmup.requests).toBeGreaterThan(5);
    expect(result.requests).toBeGreaterThan(0);
    expect(result.requests + result.warmup.requests).toBe(seen.requests);
    expect(seen.withoutNoCache).toBe(0);
    expect(result.errors + result.warmup.errors).toBe(seen.failed);
    expect(result.errorsByCode).toEqual(result.errors > 0 ? { QUERY_TIMEOUT: result.errors } : {});
    const sent = result.perQuestion.reduce((sum, q) => sum + q.requests, 0);
    expect(sent).toBe(result.requests);
    expect(result.perQuestion.find((q) => q.key === 'search')!.errors).toBe(result.errors);
    expect(result.cacheOutcomes).toEqual({ bypass: result.requests });
    expect(result.wallMs).toBeGreaterThanOrEqual(300);
  });
});

describe('cache step', () => {
  /** Plays decision 0022: a POST without no-cache is stored, then a hit; GET with the ETag is a 304. */
  function cachingServer(misbehave: { neverStored?: string; differentHit?: string } = {}) {
    const stored = new Map<string, string>();
    const asked: Record<string, number> = {};
    const handler = (req: IncomingMessage, body: string, res: ServerResponse) => {
      const url = new URL(req.url!, 'http://x');
      if (req.method === 'POST' && JSON.parse(body).query === '{ __typename }') {
        asked.floor = (asked.floor ?? 0) + 1;
        return res.writeHead(200, { 'chokepoint-cache': 'bypass' }).end('{"data":{"__typename":"Query"}}');
      }
      const params = req.method === 'GET' ? { query: url.searchParams.get('query'), variables: JSON.parse(url.searchParams.get('variables')!) } : JSON.parse(body);
      const key = JSON.stringify(params.variables);
      asked[`${req.method} ${key}`] = (asked[`${req.method} ${key}`] ?? 0) + 1;
      const etag = `"${Buffer.from(key).toString('base64url')}"`;
      if (req.method === 'GET') {
        if (req.headers['graphql-require-preflight'] !== '1') return res.writeHead(400).end('preflight');
        if (stored.has(key) && req.headers['if-none-match'] === etag) return res.writeHead(304, { 'chokepoint-cache': 'hit' }).end();
        return res.writeHead(200, { 'chokepoint-cache': 'miss' }).end('{}');
      }
      const answer = JSON.stringify({ data: { x: params.variables.x } });
      if (stored.has(key)) {
        const hit = params.variables.x === misbehave.differentHit ? JSON.stringify({ data: { x: 'old' } }) : stored.get(key)!;
        return res.writeHead(200, { 'chokepoint-cache': 'hit', etag }).end(hit);
      }
      if (params.variables.x === misbehave.neverStored) return res.writeHead(200, { 'chokepoint-cache': 'miss' }).end(answer);
      stored.set(key, answer);
      res.writeHead(200, { 'chokepoint-cache': 'stored', etag }).end(answer);
    };
    return { handler, asked };
  }

  it('asks each distinct parameter once as a miss, once as a hit and once by GET with the ETag, and reports them apart', async () => {
    const { handler, asked } = cachingServer();
    const url = await serve(handler);
    const questions = [sweepQuestion('entity-page', ['Valdoria', 'Other', 'Valdoria']), sweepQuestion('search', ['chips'])];
    const result = await runCacheSection(url, questions, () => {});
    expect(result.anomalies).toEqual([]);
    expect(result.questions.map((q) => [q.key, q.cases, q.miss.n, q.hit.n, q.notModified.n])).toEqual([
      ['entity-page', 2, 2, 2, 2],
      ['search', 1, 1, 1, 1],
    ]);
    expect(result.hit.n).toBe(3);
    expect(result.hit.p99).toBeGreaterThan(0);
    expect(asked).toEqual({
      'POST {"x":"Valdoria"}': 2,
      'GET {"x":"Valdoria"}': 1,
      'POST {"x":"Other"}': 2,
      'GET {"x":"Other"}': 1,
      'POST {"x":"chips"}': 2,
      'GET {"x":"chips"}': 1,
      // The floor: one `{ __typename }` after each hit.
      floor: 3,
    });
    expect(result.floor.n).toBe(3);
    expect(cacheTable(result)).toContain('every GET with the ETag a 304');
  });

  it('names a case that was never stored or whose hit differs, and leaves it out of the figures', async () => {
    const { handler } = cachingServer({ neverStored: 'partial', differentHit: 'stale' });
    const url = await serve(handler);
    const result = await runCacheSection(url, [sweepQuestion('path', ['partial', 'fine', 'stale'])], () => {});
    expect(result.anomalies).toEqual([
      'path (partial): first ask HTTP 200, Chokepoint-Cache miss (expected stored; an answer with an error or a partial one is never kept)',
      "path (stale): the hit's answer differs from the miss's",
    ]);
    expect(result.miss.n).toBe(2);
    expect(result.floor.n).toBe(1);
    expect(cacheTable(result)).toContain('**2 case(s) did not behave**');
  });

  it('drops repeated parameters and summarises times by nearest rank', () => {
    expect(distinctCases(sweepQuestion('search', ['a', 'b', 'a', 'c', 'b'])).map((c) => c.label)).toEqual(['a', 'b', 'c']);
    expect(cacheFigures([3, 1, 2])).toEqual({ n: 3, p50: 2, p99: 3, max: 3 });
    expect(cacheFigures([]).p99).toBeNaN();
  });
});
