// `--mixed` and `--cache` (with `--sweep` if given): the read side's worst case through the Chokepoint API
// alone, on the sweep's random parameters, instead of the three-system comparison. Each part is printed,
// kept in bench/results/<part>-<size>.json and, with --record NAME, written into docs/performance.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Executor } from '../../src/db/executor.ts';
import type { BenchOptions } from './args.ts';
import { cacheTable, runCacheSection, type CacheResult } from './cache-section.ts';
import { LoadSampler } from './machine.ts';
import { MIXED_PROPORTIONS, mixedTable, runMixed, type MixedResult } from './mixed-section.ts';
import { recordSection, sectionContextBlock, type SectionContext } from './report.ts';
import { drawSweep, runSweep, sweepTable, type SweepSummary } from './sweep.ts';

type Load = ReturnType<LoadSampler['stop']>;

interface Part {
  name: string;
  title: string;
  body: string;
  load: Load;
  json: unknown;
}

/**
 * Draws the sweep once and runs the asked parts in order — sweep (sequential), mixed (N clients), cache
 * (sequential, last: it fills the cache the others bypass) — each with its own load samples.
 */
export async function runApiSections(
  options: BenchOptions,
  ctx: { url: string; executor: Executor; resultsDir: string; context: Omit<SectionContext, 'loadAverage'> & { loadBefore: number[] }; log: (line: string) => void },
): Promise<number> {
  const { url, executor, log } = ctx;
  const questions = await drawSweep(executor, options.sweepSeed);
  log(`sweep parameters: ${questions.map((q) => `${q.cases.length} × ${q.key}`).join(', ')} (seed ${options.sweepSeed})`);
  const parts: Part[] = [];
  const measured = async <T>(run: () => Promise<T>): Promise<{ value: T; load: Load }> => {
    const sampler = new LoadSampler();
    sampler.start();
    const value = await run();
    return { value, load: sampler.stop() };
  };
  if (options.sweep) {
    const { value, load } = await measured(() => runSweep(url, questions, log, executor));
    parts.push({ name: 'sweep', title: 'sweep', body: sweepTable(value, options.sweepSeed), load, json: { seed: options.sweepSeed, summaries: value satisfies SweepSummary[] } });
  }
  let failed = false;
  if (options.mixed) {
    log(`mixed: ${options.mixedClients} clients for ${options.mixedDurationMs / 1000} s, proportions ${Object.entries(MIXED_PROPORTIONS).map(([k, w]) => `${k} ${w} %`).join(', ')}`);
    const { value, load } = await measured(() => runMixed(url, questions, { clients: options.mixedClients, durationMs: options.mixedDurationMs, warmupMs: options.mixedWarmupMs, seed: options.sweepSeed }, log));
    log(`mixed: ${value.requests} requests, ${value.errors} errors, ${value.throughput.toFixed(1)} req/s, p50 ${value.p50.toFixed(1)} ms, p99 ${value.p99.toFixed(1)} ms`);
    failed ||= value.errors > 0;
    parts.push({ name: 'mixed', title: `mixed random workload, ${value.clients} clients`, body: mixedTable(value), load, json: { mixed: value satisfies MixedResult } });
  }
  if (options.cache) {
    const { value, load } = await measured(() => runCacheSection(url, questions, log));
    log(`cache: hit p50 ${value.hit.p50.toFixed(2)} ms, p99 ${value.hit.p99.toFixed(2)} ms (n ${value.hit.n}; the floor without database p50 ${value.floor.p50.toFixed(2)} ms, p99 ${value.floor.p99.toFixed(2)} ms); miss p50 ${value.miss.p50.toFixed(1)} ms, p99 ${value.miss.p99.toFixed(1)} ms; ${value.anomalies.length} anomalies`);
    failed ||= value.anomalies.length > 0 || value.hit.n === 0;
    parts.push({ name: 'cache', title: 'response cache hits and misses', body: cacheTable(value), load, json: { cache: value satisfies CacheResult } });
  }

  mkdirSync(ctx.resultsDir, { recursive: true });
  for (const part of parts) {
    const { loadBefore, ...rest } = ctx.context;
    const context: SectionContext = { ...rest, loadAverage: { beforeRun: loadBefore.map((x) => Math.round(x * 100) / 100), duringMeasurement: part.load } };
    const json = { ...context, ...(part.json as object) };
    const file = `${ctx.resultsDir}${part.name}-${options.size}.json`;
    writeFileSync(file, JSON.stringify(json, null, 2) + '\n');
    process.stdout.write(`\n${sectionContextBlock(context, null)}\n\n${part.body}\n\n`);
    log(`raw results: ${file}`);
    if (options.record) {
      const name = `${part.name}-${options.record}`;
      const heading = `${options.size} — ${part.title}, ${options.record} (${context.date.slice(0, 10)}, commit ${context.commit.commit})`;
      const written = recordSection(options.size, name, heading, json, `${sectionContextBlock(context, `performance/bench-${options.size}-${name}.json`)}\n\n${part.body}`);
      log(`recorded in ${written.markdown} and ${written.json}`);
    }
  }
  // Errors in the mixed workload, or a cache that did not behave, make the run fail (after recording it).
  return failed ? 1 : 0;
}
