// Command-line options of `npm run bench`, checked up front: a bad value names the option, the value and
// what is allowed, before anything starts.
import { parseArgs } from 'node:util';
import { SIZES, type Size } from './build-graph.ts';
import { DEFAULT_SWEEP_SEED } from './sweep.ts';
import { DEFAULT_MIXED_CLIENTS, MIXED_PROPORTIONS } from './mixed-section.ts';

export const USAGE = `usage: npm run bench -- --size S|M|L [options]

  --size S|M|L        graph: S = the seed (seed/data); M, L = the synthetic generator (bench/generate/)
  --clients 1,16      concurrent clients to measure at (comma-separated, 1 to 64 each)
  --duration 6s       measured time per question, system and number of clients (default S: 6s, M/L: 10s)
  --slice 1s          length of one interleaving slice (the systems take turns slice by slice)
  --warmup 20         sequential requests per question and system before measuring
  --quick             regression check in about a minute: slices of 250 ms, 2 rounds, 3 warm-up requests
  --check-only        only check that the three systems give the same answers (and every export the
                      manifest's rows), then stop
  --sweep             also ask each question with random parameters drawn from the graph (the ten
                      largest hubs always in), sequentially through the API: p50/p99/max and the
                      slowest parameters by name (bench/lib/sweep.ts)
  --sweep-seed N      the sweep's random seed (default 24; recorded with the results)
  --mixed             the read side's worst case at load instead of the comparison: the sweep's random
                      parameters mixed in fixed proportions, --mixed-clients concurrent clients for
                      --mixed-duration, uncached; requests, errors by code, req/s, p50/p99/max overall and
                      per question, the slowest parameters, after a warm-up that is not counted (each
                      question once, then S: 5 s, M/L: 15 s of other draws) (bench/lib/mixed-section.ts);
                      proportions: ${Object.entries(MIXED_PROPORTIONS).map(([key, percent]) => `${key} ${percent} %`).join(', ')}
  --mixed-clients N   concurrent clients of --mixed (default 16, 1 to 256)
  --mixed-duration T  how long --mixed sends requests (default S: 20s, M/L: 60s; --quick: 5s after 2s of warm-up)
  --cache             the response cache's figures instead of the comparison: every distinct sweep parameter
                      asked twice with the cache (miss, then hit; the Chokepoint-Cache header checked) and by
                      GET with If-None-Match (304); hit and miss p50/p99/max apart (bench/lib/cache-section.ts)
                      --sweep, --mixed and --cache combine (in that order, one graph, one --record);
                      all three draw their parameters with --sweep-seed
  --curation          the write side instead of the three-system comparison: accepting a proposal,
                      accepted changes per second, reads with and without a writer (interleaved), the
                      change feed's delivery (bench/lib/curation-section.ts); about 2 min (--quick: 30 s)
  --playground-load   one client's headline alone and while --loaders clients load the playground,
                      interleaved, instead of the comparison (bench/lib/playground-section.ts)
  --loaders N         playground loaders for --playground-load (default 64)
  --cypher-load       M, L: load the benchmark's own Neo4j through Cypher batches instead of the
                      offline bulk import (src/seed/bulk/); a BENCH_NEO4J_URI database always uses Cypher
  --only a,b          only these questions (keys as printed, e.g. headline-narrow,entity-page)
  --record NAME       write the results into docs/performance.md (section "S — NAME") and
                      docs/performance/bench-<size>-<NAME>.json
  --heap-mb N         embedded Neo4j heap (default S: 1024, M: 2048, L: 4096)
  --pagecache-mb N    embedded Neo4j page cache (default S: 256, M: 2048, L: 3072)
  --cold              do not read the store into the page cache before measuring (npm start does:
                      WARM_STORE_BUDGET_MS); the figures then include the first read of every page

BENCH_NEO4J_URI (with BENCH_NEO4J_USERNAME, BENCH_NEO4J_PASSWORD) uses a running Neo4j instead of starting
one; it must have APOC core installed, and for S it is loaded with the seed.`;

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface BenchOptions {
  size: Size;
  clients: number[];
  durationMs: number;
  sliceMs: number;
  warmupRequests: number;
  quick: boolean;
  checkOnly: boolean;
  /** Also run the random-parameter sweep (bench/lib/sweep.ts). */
  sweep: boolean;
  sweepSeed: number;
  /** The mixed random workload (bench/lib/mixed-section.ts) instead of the three-system comparison. */
  mixed: boolean;
  mixedClients: number;
  mixedDurationMs: number;
  /** The mixed workload's warm-up at the same clients (not counted). */
  mixedWarmupMs: number;
  /** Cache hits and misses apart (bench/lib/cache-section.ts) instead of the three-system comparison. */
  cache: boolean;
  /** Measure the write side (bench/lib/curation-section.ts) instead of the three-system comparison. */
  curation: boolean;
  /** Measure the headline under playground loaders (bench/lib/playground-section.ts) instead of the comparison. */
  playgroundLoad: boolean;
  loaders: number;
  cypherLoad: boolean;
  /** Skip the warm start (src/store/warm-store.ts) the service does before it is ready. */
  cold: boolean;
  only: string[] | null;
  record: string | null;
  heapMb: number;
  pageCacheMb: number;
}

const DEFAULT_JVM: Record<Size, { heapMb: number; pageCacheMb: number }> = {
  S: { heapMb: 1024, pageCacheMb: 256 },
  // M's store and indexes take ~1.5 GB: the page cache holds them (Neo4j's advice: store size plus growth).
  M: { heapMb: 2048, pageCacheMb: 2048 },
  L: { heapMb: 4096, pageCacheMb: 3072 },
};

/** "10s", "500ms", "2m" or a bare number of seconds → milliseconds. */
export function parseDuration(option: string, value: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(value.trim());
  if (!match) throw new UsageError(`--${option} must be a duration such as 10s, 500ms or 2m; got "${value}".`);
  const amount = Number(match[1]);
  const ms = match[2] === 'ms' ? amount : match[2] === 'm' ? amount * 60_000 : amount * 1000;
  if (ms < 50 || ms > 3_600_000) throw new UsageError(`--${option} must be between 50ms and 60m; got "${value}".`);
  return ms;
}

function wholeNumber(option: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${option} must be a whole number from ${min} to ${max}; got "${value}".`);
  return n;
}

export function parseBenchArgs(argv: string[]): BenchOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      options: {
        size: { type: 'string' },
        clients: { type: 'string' },
        duration: { type: 'string' },
        slice: { type: 'string' },
        warmup: { type: 'string' },
        quick: { type: 'boolean', default: false },
        'check-only': { type: 'boolean', default: false },
        sweep: { type: 'boolean', default: false },
        'sweep-seed': { type: 'string' },
        mixed: { type: 'boolean', default: false },
        'mixed-clients': { type: 'string' },
        'mixed-duration': { type: 'string' },
        cache: { type: 'boolean', default: false },
        curation: { type: 'boolean', default: false },
        'playground-load': { type: 'boolean', default: false },
        loaders: { type: 'string' },
        'cypher-load': { type: 'boolean', default: false },
        cold: { type: 'boolean', default: false },
        only: { type: 'string' },
        record: { type: 'string' },
        'heap-mb': { type: 'string' },
        'pagecache-mb': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${USAGE}`);
  }
  if (parsed.help) throw new UsageError(USAGE);
  const size = parsed.size?.toUpperCase();
  if (!size || !(SIZES as readonly string[]).includes(size)) {
    throw new UsageError(`--size must be one of ${SIZES.join(', ')}; got ${parsed.size === undefined ? 'nothing' : `"${parsed.size}"`}.\n\n${USAGE}`);
  }
  const quick = parsed.quick ?? false;
  const clients = (parsed.clients ?? '1,16').split(',').map((c) => wholeNumber('clients', c, 1, 64));
  const sliceMs = parsed.slice ? parseDuration('slice', parsed.slice) : quick ? 250 : 1000;
  const durationMs = parsed.duration ? parseDuration('duration', parsed.duration) : quick ? 2 * sliceMs : size === 'S' ? 6000 : 10_000;
  if (durationMs < sliceMs) throw new UsageError(`--duration (${durationMs} ms) must be at least one --slice (${sliceMs} ms).`);
  if (parsed.record !== undefined && !/^[a-z0-9][a-z0-9-]{0,40}$/.test(parsed.record)) {
    throw new UsageError(`--record must be a short name of lower-case letters, digits and dashes (e.g. "baseline"); got "${parsed.record}".`);
  }
  const mixed = parsed.mixed ?? false;
  const cache = parsed.cache ?? false;
  if (!mixed && (parsed['mixed-clients'] !== undefined || parsed['mixed-duration'] !== undefined)) {
    throw new UsageError('--mixed-clients and --mixed-duration set up --mixed; add --mixed (or leave them out).');
  }
  if ((mixed || cache) && (parsed.curation || parsed['playground-load'])) {
    throw new UsageError(`--${mixed ? 'mixed' : 'cache'} measures the read side and --${parsed.curation ? 'curation' : 'playground-load'} the write side or the playground, each instead of the comparison: run them separately.`);
  }
  const jvm = DEFAULT_JVM[size as Size];
  return {
    size: size as Size,
    clients: [...new Set(clients)],
    durationMs,
    sliceMs,
    warmupRequests: parsed.warmup ? wholeNumber('warmup', parsed.warmup, 0, 10_000) : quick ? 3 : 20,
    quick,
    checkOnly: parsed['check-only'] ?? false,
    sweep: parsed.sweep ?? false,
    sweepSeed: parsed['sweep-seed'] ? wholeNumber('sweep-seed', parsed['sweep-seed'], 0, 2 ** 31) : DEFAULT_SWEEP_SEED,
    mixed,
    mixedClients: parsed['mixed-clients'] ? wholeNumber('mixed-clients', parsed['mixed-clients'], 1, 256) : DEFAULT_MIXED_CLIENTS,
    mixedDurationMs: parsed['mixed-duration'] ? parseDuration('mixed-duration', parsed['mixed-duration']) : quick ? 5000 : size === 'S' ? 20_000 : 60_000,
    mixedWarmupMs: quick ? 2000 : size === 'S' ? 5000 : 15_000,
    cache,
    curation: parsed.curation ?? false,
    playgroundLoad: parsed['playground-load'] ?? false,
    loaders: parsed.loaders ? wholeNumber('loaders', parsed.loaders, 1, 256) : 64,
    cypherLoad: parsed['cypher-load'] ?? false,
    cold: parsed.cold ?? false,
    only: parsed.only ? parsed.only.split(',').map((q) => q.trim()) : null,
    record: parsed.record ?? null,
    heapMb: parsed['heap-mb'] ? wholeNumber('heap-mb', parsed['heap-mb'], 256, 65_536) : jvm.heapMb,
    pageCacheMb: parsed['pagecache-mb'] ? wholeNumber('pagecache-mb', parsed['pagecache-mb'], 64, 65_536) : jvm.pageCacheMb,
  };
}
