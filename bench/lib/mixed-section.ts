// `npm run bench -- --size M --mixed`: the sweep's random parameters (bench/lib/sweep.ts) mixed in fixed
// proportions and asked by N concurrent clients for a fixed time through the API, uncached (issue 24's goal
// "mixed random workload at 16 clients": 0 errors, throughput ≥ 2 × 130 req/s). Reports requests, errors by
// code, throughput, p50/p99/max overall and per question, and the slowest parameters by name.
import { Random } from '../generate/random.ts';
import { percentile } from './stats.ts';
import { BENCH_HEADERS } from './systems.ts';
import type { SweepQuestion } from './sweep.ts';

/**
 * What share of an analyst's session each question takes (in percent; they add up to 100): open entity
 * pages most, look names up, read the measures targeting a technology, scroll a hub country's timeline,
 * and now and then ask how an actor reaches a country. The parameters are the sweep's, so a third of the
 * timelines and entity pages are hubs by construction: this is the worst case, not the typical one.
 */
export const MIXED_PROPORTIONS: Readonly<Record<string, number>> = {
  'entity-page': 35,
  search: 25,
  'headline-narrow': 20,
  'timeline-hubs': 10,
  path: 10,
};

export const DEFAULT_MIXED_CLIENTS = 16;

export class MixedPlanError extends Error {
  override name = 'MixedPlanError';
}

/** One question's cumulative share, for picking by a uniform draw. */
export interface Share {
  key: string;
  /** Share of the requests (0..1]. */
  share: number;
  /** The running total up to and including this question (the last is 1). */
  upTo: number;
}

/**
 * Checks the proportions against the questions drawn (every key known and with parameters, weights
 * positive) and turns them into cumulative shares. A bad plan names the key or weight at fault.
 */
export function shares(proportions: Readonly<Record<string, number>>, questions: readonly SweepQuestion[]): Share[] {
  const entries = Object.entries(proportions);
  if (entries.length === 0) throw new MixedPlanError('the mixed workload needs at least one question with a share.');
  for (const [key, weight] of entries) {
    const question = questions.find((q) => q.key === key);
    if (!question) throw new MixedPlanError(`the mixed workload's question "${key}" is not among the sweep's questions (${questions.map((q) => q.key).join(', ')}).`);
    if (question.cases.length === 0) throw new MixedPlanError(`the mixed workload's question "${key}" has no parameters on this graph.`);
    if (!Number.isFinite(weight) || weight <= 0) throw new MixedPlanError(`the share of "${key}" must be a positive number; got ${weight}.`);
  }
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let upTo = 0;
  return entries.map(([key, weight], i) => {
    upTo += weight / total;
    // The last one closes at exactly 1, whatever the rounding on the way.
    return { key, share: weight / total, upTo: i === entries.length - 1 ? 1 : upTo };
  });
}

/** The question a uniform draw u in [0, 1) falls on. */
export function pickShare(list: readonly Share[], u: number): string {
  for (const s of list) if (u < s.upTo) return s.key;
  return list[list.length - 1]!.key;
}

/** One request of the mixed workload. */
export interface MixedSample {
  question: string;
  label: string;
  ms: number;
  /** The error's `extensions.code`, `HTTP_<status>`, or `NETWORK`; absent on success. */
  code?: string;
  message?: string;
  partial?: boolean;
  /** The response's `Chokepoint-Cache` header (`bypass` when the no-cache request header is honoured). */
  cache: string;
}

export interface Slowest {
  question: string;
  label: string;
  ms: number;
  code?: string;
}

export interface MixedQuestionFigures {
  key: string;
  /** The planned share (0..1) and the share the run actually sent. */
  planned: number;
  sent: number;
  requests: number;
  errors: number;
  partial: number;
  p50: number;
  p99: number;
  max: number;
  worst: Slowest[];
}

export interface MixedResult {
  seed: number;
  clients: number;
  durationMs: number;
  warmupMs: number;
  /** Requests and errors of the warm-up (not in any other figure), with up to three distinct messages. */
  warmup: { requests: number; errors: number; messages: string[] };
  /** From the first request sent to the last answer received. */
  wallMs: number;
  proportions: Record<string, number>;
  requests: number;
  errors: number;
  errorsByCode: Record<string, number>;
  /** Up to five distinct error messages, to say what went wrong. */
  errorMessages: string[];
  partial: number;
  /** Answered without error, per second of wall time. */
  throughput: number;
  p50: number;
  p99: number;
  max: number;
  perQuestion: MixedQuestionFigures[];
  /** The slowest parameters over the whole run, one entry per question and parameter. */
  worst: Slowest[];
  /** How many responses carried each Chokepoint-Cache value: all should be `bypass`. */
  cacheOutcomes: Record<string, number>;
}

export interface MixedPlan {
  clients: number;
  durationMs: number;
  /** Not counted: each question once in turn, then the same loop for this long with other draws. */
  warmupMs: number;
  seed: number;
  proportions?: Readonly<Record<string, number>>;
}

/**
 * N closed-loop clients, each with its own seeded stream of (question, parameter) draws, send one request
 * after the other until the time is up; the requests in flight then finish and count. Before it, a warm-up
 * that is not counted: every question once, one at a time (so its statements are planned once, not by 16
 * clients at the same moment on a cold JVM), then `warmupMs` of the same loop on other draws.
 */
export async function runMixed(url: string, questions: readonly SweepQuestion[], plan: MixedPlan, log: (line: string) => void): Promise<MixedResult> {
  const proportions = plan.proportions ?? MIXED_PROPORTIONS;
  const list = shares(proportions, questions);
  const byKey = new Map(questions.map((q) => [q.key, q]));
  const loop = async (stream: number, end: number, sink: MixedSample[]) => {
    const random = new Random(plan.seed, stream);
    while (performance.now() < end) {
      const question = byKey.get(pickShare(list, random.next()))!;
      const c = random.pick(question.cases);
      sink.push(await askOnce(url, question.key, question.query, c.label, c.variables));
    }
  };
  const warm: MixedSample[] = [];
  for (const share of list) {
    const question = byKey.get(share.key)!;
    warm.push(await askOnce(url, question.key, question.query, question.cases[0]!.label, question.cases[0]!.variables));
  }
  if (plan.warmupMs > 0) {
    const until = performance.now() + plan.warmupMs;
    await Promise.all(Array.from({ length: plan.clients }, (_, i) => loop(2000 + i, until, warm)));
  }
  const messages = [...new Set(warm.filter((s) => s.code).map((s) => `${s.question} (${s.label}): ${s.message ?? s.code}`.slice(0, 200)))].slice(0, 3);
  const warmup = { requests: warm.length, errors: warm.filter((s) => s.code).length, messages };
  log(`mixed: warm-up done (${warmup.requests} requests, ${warmup.errors} errors, not counted)${messages.length > 0 ? `: ${messages.join(' / ')}` : ''}`);

  const samples: MixedSample[] = [];
  const started = performance.now();
  const end = started + plan.durationMs;
  const progress = setInterval(() => {
    const errors = samples.filter((s) => s.code).length;
    log(`mixed: ${samples.length} requests after ${((performance.now() - started) / 1000).toFixed(0)} s, ${errors} errors`);
  }, 10_000);
  progress.unref();
  try {
    // Stream 1000 + client: apart from the sweep's own draws (stream 24) and the warm-up's (2000 + client).
    await Promise.all(Array.from({ length: plan.clients }, (_, i) => loop(1000 + i, end, samples)));
  } finally {
    clearInterval(progress);
  }
  const wallMs = performance.now() - started;
  return summariseMixed(samples, { seed: plan.seed, clients: plan.clients, durationMs: plan.durationMs, warmupMs: plan.warmupMs, warmup, wallMs, proportions, shares: list });
}

async function askOnce(url: string, question: string, query: string, label: string, variables: Record<string, unknown>): Promise<MixedSample> {
  const t0 = performance.now();
  try {
    const response = await fetch(`${url}/graphql`, { method: 'POST', headers: BENCH_HEADERS, body: JSON.stringify({ query, variables }) });
    const text = await response.text();
    const ms = performance.now() - t0;
    const cache = response.headers.get('chokepoint-cache') ?? 'none';
    let body: { errors?: Array<{ message?: string; extensions?: { code?: string } }>; extensions?: { partial?: unknown[] } } | undefined;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const first = body?.errors?.[0];
    const failed = response.status !== 200 || !body || (body.errors?.length ?? 0) > 0;
    return {
      question,
      label,
      ms,
      cache,
      ...(failed ? { code: first?.extensions?.code ?? `HTTP_${response.status}`, message: `HTTP ${response.status} ${first?.message ?? text.slice(0, 200)}`.trim() } : {}),
      ...((body?.extensions?.partial?.length ?? 0) > 0 ? { partial: true } : {}),
    };
  } catch (error) {
    return { question, label, ms: performance.now() - t0, cache: 'none', code: 'NETWORK', message: (error as Error).message };
  }
}

/** The run's figures from its samples (pure: the unit tests feed it samples). */
export function summariseMixed(
  samples: readonly MixedSample[],
  run: { seed: number; clients: number; durationMs: number; warmupMs: number; warmup: { requests: number; errors: number; messages: string[] }; wallMs: number; proportions: Readonly<Record<string, number>>; shares: readonly Share[] },
): MixedResult {
  const sorted = (xs: readonly MixedSample[]) => xs.map((s) => s.ms).sort((a, b) => a - b);
  const slowest = (xs: readonly MixedSample[], n: number): Slowest[] => {
    // One entry per question and parameter (its slowest request), so a hub asked ten times shows once.
    const top = new Map<string, MixedSample>();
    for (const s of xs) {
      const key = `${s.question}\u0000${s.label}`;
      if ((top.get(key)?.ms ?? -1) < s.ms) top.set(key, s);
    }
    return [...top.values()]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, n)
      .map((s) => ({ question: s.question, label: s.label, ms: s.ms, ...(s.code ? { code: s.code } : {}) }));
  };
  const count = <K extends string>(keys: readonly K[]) => keys.reduce<Record<string, number>>((acc, k) => ((acc[k] = (acc[k] ?? 0) + 1), acc), {});
  const failed = samples.filter((s) => s.code);
  const all = sorted(samples);
  return {
    seed: run.seed,
    clients: run.clients,
    durationMs: run.durationMs,
    warmupMs: run.warmupMs,
    warmup: { ...run.warmup, messages: [...run.warmup.messages] },
    wallMs: run.wallMs,
    proportions: { ...run.proportions },
    requests: samples.length,
    errors: failed.length,
    errorsByCode: count(failed.map((s) => s.code!)),
    errorMessages: [...new Set(failed.map((s) => `${s.question} (${s.label}): ${s.message ?? s.code}`.slice(0, 300)))].slice(0, 5),
    partial: samples.filter((s) => s.partial).length,
    throughput: run.wallMs > 0 ? ((samples.length - failed.length) / run.wallMs) * 1000 : 0,
    p50: percentile(all, 0.5),
    p99: percentile(all, 0.99),
    max: all[all.length - 1] ?? Number.NaN,
    perQuestion: run.shares.map((share) => {
      const mine = samples.filter((s) => s.question === share.key);
      const times = sorted(mine);
      return {
        key: share.key,
        planned: share.share,
        sent: samples.length > 0 ? mine.length / samples.length : 0,
        requests: mine.length,
        errors: mine.filter((s) => s.code).length,
        partial: mine.filter((s) => s.partial).length,
        p50: percentile(times, 0.5),
        p99: percentile(times, 0.99),
        max: times[times.length - 1] ?? Number.NaN,
        worst: slowest(mine, 3),
      };
    }),
    worst: slowest(samples, 5),
    cacheOutcomes: count(samples.map((s) => s.cache)),
  };
}

/** The mixed workload as markdown: the overall line, a table per question, and the slowest parameters. */
export function mixedTable(r: MixedResult): string {
  const ms = (x: number) => (Number.isFinite(x) ? (x < 10 ? x.toFixed(1) : x.toFixed(0)) : '–');
  const pct = (x: number) => `${(x * 100).toFixed(0)} %`;
  const slow = (list: readonly Slowest[], withQuestion: boolean) =>
    list.map((w) => `${withQuestion ? `${w.question}: ` : ''}${w.label} (${ms(w.ms)}${w.code ? `, ${w.code}` : ''})`).join('; ') || '–';
  const codes = Object.entries(r.errorsByCode).map(([code, n]) => `${code} ${n}`).join(', ') || 'none';
  const outcomes = Object.entries(r.cacheOutcomes).map(([o, n]) => `${o} ${n}`).join(', ') || 'none';
  const served = Object.keys(r.cacheOutcomes).some((o) => o === 'hit' || o === 'stored');
  return [
    `Mixed random workload (seed ${r.seed}): ${r.clients} concurrent clients, each sending its next request when the last one is answered, for ${(r.durationMs / 1000).toFixed(0)} s ` +
      `(${(r.wallMs / 1000).toFixed(1)} s until the last answer), after a warm-up that is not counted (each question once, then ${(r.warmupMs / 1000).toFixed(0)} s of other draws: ${r.warmup.requests} requests, ${r.warmup.errors} errors); ` +
      'every request through the API with `Cache-Control: no-cache`. ' +
      `Proportions: ${r.perQuestion.map((q) => `${q.key} ${pct(q.planned)}`).join(', ')}.`,
    '',
    `**${r.requests} requests, ${r.errors} errors (${codes}), ${r.partial} partial; ${r.throughput.toFixed(1)} answered requests per second; ` +
      `latency p50 ${ms(r.p50)} ms, p99 ${ms(r.p99)} ms, max ${ms(r.max)} ms** (times include failed requests).`,
    '',
    '| question | planned | sent | requests | errors | partial | p50 | p99 | max | slowest parameters |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...r.perQuestion.map((q) => `| ${q.key} | ${pct(q.planned)} | ${pct(q.sent)} | ${q.requests} | ${q.errors} | ${q.partial} | ${ms(q.p50)} | ${ms(q.p99)} | ${ms(q.max)} | ${slow(q.worst, false)} |`),
    '',
    `Slowest parameters over the run: ${slow(r.worst, true)}.`,
    `Cache header of the responses: ${outcomes}${served ? ' — **some answers came from the response cache: these figures are not uncached**' : ' (none from the cache)'}.`,
    ...(r.errorMessages.length > 0 ? ['', 'Errors:', '', ...r.errorMessages.map((m) => `- ${m}`)] : []),
    ...(r.warmup.messages.length > 0 ? ['', 'Errors in the warm-up (not counted above):', '', ...r.warmup.messages.map((m) => `- ${m}`)] : []),
  ].join('\n');
}
