// `npm run bench -- --size M --cache`: the response cache's figures apart from the uncached ones (issue 24
// item 5, goal "cache hits p99 < 2 ms"; decision 0022). Each distinct sweep case is asked twice *with* the
// cache — the first a miss (the database answers and the answer is kept), the second a hit — and then by GET
// with the ETag in If-None-Match (304, no body). The `Chokepoint-Cache` header must say so each time; a case
// that does not behave is named, and its times are left out of the hit or miss figures.
import { percentile } from './stats.ts';
import type { SweepQuestion } from './sweep.ts';

/** Headers of a request that may use the cache: the benchmark's, without `Cache-Control: no-cache`. */
const CACHED_HEADERS = { 'content-type': 'application/json', accept: 'application/json' } as const;
/** Reads nothing: the request's cost without the database (the floor under a hit). */
const FLOOR_QUERY = '{ __typename }';
/** A GET runs a query only with this header (src/server/plugins/use-csrf-prevention.ts). */
const GET_HEADERS = { accept: 'application/json', 'graphql-require-preflight': '1' } as const;

export interface CacheFigures {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

export interface CacheQuestionResult {
  key: string;
  /** Distinct parameters asked (the sweep draws with replacement; a repeat would be a hit on its first ask). */
  cases: number;
  miss: CacheFigures;
  hit: CacheFigures;
  notModified: CacheFigures;
}

export interface CacheResult {
  questions: CacheQuestionResult[];
  /** Over every question. */
  miss: CacheFigures;
  hit: CacheFigures;
  notModified: CacheFigures;
  /**
   * `{ __typename }` asked after each hit: HTTP, yoga and every plugin but no database and no cache (it
   * reads nothing). A hit adds its larger document's parsing and validation, the version read, the key's
   * hash and writing its answer out.
   */
  floor: CacheFigures;
  /** The slowest hits by name (what keeps hit p99 up). */
  slowestHits: Array<{ question: string; label: string; ms: number }>;
  /** Cases where a header, status or answer was not what the cache promises, by name. */
  anomalies: string[];
}

interface Ask {
  ms: number;
  status: number;
  outcome: string;
  etag: string | null;
  /** The answer's JSON text (compared between the miss and the hit). */
  body: string;
}

async function ask(url: string, init: RequestInit): Promise<Ask> {
  const t0 = performance.now();
  const response = await fetch(url, init);
  const body = await response.text();
  return { ms: performance.now() - t0, status: response.status, outcome: response.headers.get('chokepoint-cache') ?? 'none', etag: response.headers.get('etag'), body };
}

/** Figures of a list of times (ms): nearest-rank percentiles, as everywhere in the benchmark. */
export function cacheFigures(times: readonly number[]): CacheFigures {
  const sorted = [...times].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted[sorted.length - 1] ?? Number.NaN };
}

/** The sweep's cases without repeats (same question, same variables), in draw order. */
export function distinctCases(question: SweepQuestion): SweepQuestion['cases'] {
  const seen = new Set<string>();
  return question.cases.filter((c) => {
    const key = JSON.stringify(c.variables);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Asks every distinct case: POST (expect `stored`), POST again (expect `hit`, the same answer), GET with
 * If-None-Match (expect 304). One client, sequential. `url` is the API's origin.
 */
export async function runCacheSection(url: string, questions: readonly SweepQuestion[], log: (line: string) => void): Promise<CacheResult> {
  const all = { miss: [] as number[], hit: [] as number[], notModified: [] as number[] };
  const floor: number[] = [];
  const hits: CacheResult['slowestHits'] = [];
  const anomalies: string[] = [];
  const results: CacheQuestionResult[] = [];
  for (const question of questions) {
    const mine = { miss: [] as number[], hit: [] as number[], notModified: [] as number[] };
    const cases = distinctCases(question);
    for (const c of cases) {
      const name = `${question.key} (${c.label})`;
      const post = () => ask(`${url}/graphql`, { method: 'POST', headers: CACHED_HEADERS, body: JSON.stringify({ query: question.query, variables: c.variables }) });
      const first = await post();
      if (first.status !== 200 || first.outcome !== 'stored') {
        anomalies.push(`${name}: first ask HTTP ${first.status}, Chokepoint-Cache ${first.outcome} (expected stored; an answer with an error or a partial one is never kept)`);
        continue;
      }
      mine.miss.push(first.ms);
      const second = await post();
      if (second.status !== 200 || second.outcome !== 'hit') {
        anomalies.push(`${name}: second ask HTTP ${second.status}, Chokepoint-Cache ${second.outcome} (expected hit)`);
        continue;
      }
      if (second.body !== first.body) {
        anomalies.push(`${name}: the hit's answer differs from the miss's`);
        continue;
      }
      mine.hit.push(second.ms);
      hits.push({ question: question.key, label: c.label, ms: second.ms });
      const bare = await ask(`${url}/graphql`, { method: 'POST', headers: CACHED_HEADERS, body: JSON.stringify({ query: FLOOR_QUERY }) });
      if (bare.status === 200) floor.push(bare.ms);
      else anomalies.push(`floor ({ __typename }): HTTP ${bare.status}`);
      if (!second.etag) {
        anomalies.push(`${name}: the hit carries no ETag`);
        continue;
      }
      const search = new URLSearchParams({ query: question.query, variables: JSON.stringify(c.variables) });
      const third = await ask(`${url}/graphql?${search}`, { method: 'GET', headers: { ...GET_HEADERS, 'if-none-match': second.etag } });
      if (third.status !== 304 || third.body !== '') {
        anomalies.push(`${name}: GET with If-None-Match got HTTP ${third.status}, Chokepoint-Cache ${third.outcome} (expected 304, no body)`);
        continue;
      }
      mine.notModified.push(third.ms);
    }
    for (const k of ['miss', 'hit', 'notModified'] as const) all[k].push(...mine[k]);
    const result = { key: question.key, cases: cases.length, miss: cacheFigures(mine.miss), hit: cacheFigures(mine.hit), notModified: cacheFigures(mine.notModified) };
    log(
      `cache ${question.key}: ${cases.length} distinct cases; miss p50 ${result.miss.p50.toFixed(1)} ms, p99 ${result.miss.p99.toFixed(1)} ms; ` +
        `hit p50 ${result.hit.p50.toFixed(2)} ms, p99 ${result.hit.p99.toFixed(2)} ms; 304 p99 ${result.notModified.p99.toFixed(2)} ms`,
    );
    results.push(result);
  }
  return {
    questions: results,
    miss: cacheFigures(all.miss),
    hit: cacheFigures(all.hit),
    notModified: cacheFigures(all.notModified),
    floor: cacheFigures(floor),
    slowestHits: hits.sort((a, b) => b.ms - a.ms).slice(0, 5),
    anomalies,
  };
}

/** The cache figures as markdown. */
export function cacheTable(r: CacheResult): string {
  const ms = (x: number) => (Number.isFinite(x) ? (x < 10 ? x.toFixed(2) : x.toFixed(0)) : '–');
  const three = (f: CacheFigures) => `${ms(f.p50)} / ${ms(f.p99)} / ${ms(f.max)}`;
  const row = (key: string, cases: number | string, q: Pick<CacheQuestionResult, 'miss' | 'hit' | 'notModified'>) =>
    `| ${key} | ${cases} | ${q.miss.n} / ${q.hit.n} / ${q.notModified.n} | ${three(q.miss)} | ${three(q.hit)} | ${three(q.notModified)} |`;
  return [
    'Response cache (decision 0022), one client, sequential: each distinct sweep parameter asked by POST without `Cache-Control` ' +
      '(the miss: `Chokepoint-Cache: stored`), again (the hit: `Chokepoint-Cache: hit`, the same answer), then by GET with the ETag in ' +
      '`If-None-Match` (304, no body). Times from sending to the last byte, over loopback; ms:',
    '',
    '| question | distinct parameters | n miss / hit / 304 | miss p50 / p99 / max | hit p50 / p99 / max | 304 p50 / p99 / max |',
    '|---|---:|---:|---:|---:|---:|',
    ...r.questions.map((q) => row(q.key, q.cases, q)),
    row('**all**', r.questions.reduce((sum, q) => sum + q.cases, 0), r),
    '',
    `The floor under a hit — \`{ __typename }\` asked after each hit (HTTP, yoga and its plugins, no database, no cache): ` +
      `p50 ${ms(r.floor.p50)}, p99 ${ms(r.floor.p99)}, max ${ms(r.floor.max)} ms (n ${r.floor.n}); a hit adds parsing and validating its larger document, the version read, the key's hash and writing its answer out.`,
    '',
    `Slowest hits: ${r.slowestHits.map((h) => `${h.question}: ${h.label} (${ms(h.ms)})`).join('; ') || '–'}.`,
    r.anomalies.length === 0
      ? 'Every first ask was stored, every second a hit with the same answer, every GET with the ETag a 304.'
      : `**${r.anomalies.length} case(s) did not behave** (left out of the figures above): ${r.anomalies.slice(0, 10).join('; ')}${r.anomalies.length > 10 ? '; …' : ''}.`,
  ].join('\n');
}
