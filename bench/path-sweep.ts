// The `path` sweep against a service already running on a bulk-imported graph (issue 24): the same 200
// seeded actor → country pairs as `npm run bench -- --sweep` (bench/lib/sweep.ts drawSweep), asked
// sequentially through the API, with p50/p99/max and the slowest pairs; then, for the slowest pairs, the
// search replayed level by level beside the API (each level read once for its rows, once under PROFILE)
// to show where the work goes: per level the side, how many nodes were listed / scanned / met, rows,
// db hits and time. Faster than the full bench, which rebuilds M first. Loopback only.
//
//   node --import tsx bench/path-sweep.ts --url http://127.0.0.1:4000 --bolt bolt://127.0.0.1:7687 \
//     --data /work/mstores/path [--seed 24] [--profile 5] [--repeat 1] [--replay-all]
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createDriver } from '../src/db/driver.ts';
import { cypher, Executor } from '../src/db/executor.ts';
import { PASSWORD_FILE } from '../src/db/embedded/password-file.ts';
import { loadOntology } from '../src/ontology/ontology.ts';
import { CypherBuilder } from '../src/cypher/projection/builder.ts';
import { levelRows, pathLevelStatement, type PathLevel } from '../src/cypher/paths.ts';
import { DEFAULT_PATH_LIMITS, searchPaths } from '../src/repository/path-search.ts';
import { choosePaths } from '../src/repository/path-choice.ts';
import { DEFAULT_SWEEP_SEED, drawSweep, runSweep } from './lib/sweep.ts';
import { commitInfo } from './lib/machine.ts';
import { isLoopback } from './lib/loopback.ts';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    bolt: { type: 'string' },
    data: { type: 'string' },
    seed: { type: 'string', default: String(DEFAULT_SWEEP_SEED) },
    profile: { type: 'string', default: '5' },
    repeat: { type: 'string', default: '1' },
    // Replay every pair (not only the slowest) and report the search's db hits over all of them: a figure
    // that does not depend on the machine's load, for comparing two versions of the search.
    'replay-all': { type: 'boolean', default: false },
    /** Replay only the pairs whose label contains this text, with their levels. */
    pair: { type: 'string' },
    /** With --replay-all: write every pair's figures and chosen routes (JSON) here, to compare two versions' answers. */
    out: { type: 'string' },
    /**
     * Another version's search to time against this one, pair by pair, alternating which goes first: a
     * folder holding its path-search.ts and paths.ts (imports made absolute). Only the searches' statements
     * are timed, through the driver (no PROFILE), so both meet the same load.
     */
    'compare-with': { type: 'string' },
    rounds: { type: 'string', default: '2' },
  },
});
const url = values.url?.replace(/\/$/, '');
const local = isLoopback;
if (!local(url) || !local(values.bolt) || !values.data) {
  process.stderr.write('path-sweep: --url and --bolt must name loopback services, --data the store folder (for its password)\n');
  process.exit(2);
}
const log = (line: string) => process.stderr.write(`[path-sweep] ${line}\n`);
const password = readFileSync(join(values.data, PASSWORD_FILE), 'utf8').trim();
const driver = createDriver({ uri: values.bolt!, username: 'neo4j', password, database: undefined });
const executor = new Executor(driver, { database: undefined, timeoutMs: 120_000 });
const ontology = loadOntology();
const degreeOf = cypher('bench.pathSweep.degree', 'MATCH (e:Entity {id: $id}) RETURN COUNT { (e)--() } AS degree');

/** The search for one pair replayed level by level: each level read for its rows, then once more under PROFILE. */
async function replay(from: string, to: string) {
  const [f] = await executor.read(degreeOf, { id: from });
  const [t] = await executor.read(degreeOf, { id: to });
  const lines: string[] = [];
  let dbHits = 0;
  const t0 = performance.now();
  const found = await searchPaths(
    { from, to, maxHops: 4, excludeUnnamed: false, minSources: 0 },
    { fromDegree: Number(f!.degree), toDegree: Number(t!.degree) },
    async (level: PathLevel) => {
      const b = new CypherBuilder(ontology);
      const text = pathLevelStatement(b, level);
      const started = performance.now();
      const records = await executor.read(cypher('paths.level', text), b.params);
      const ms = performance.now() - started;
      const profile = await executor.profile(cypher('paths.level', text), b.params);
      dbHits += profile.dbHits;
      const rows = levelRows(records.map((r) => r.row));
      lines.push(
        `    level: expand ${level.expand.length}, scan ${level.scan.length}${level.scan.length > 0 ? ` (read from ${level.scanFrom ?? 'scan'} side)` : ''}, meet ${level.meet.length} → ${rows.length} rows, ${profile.dbHits} db hits, ${ms.toFixed(0)} ms`,
      );
      return rows;
    },
    { ...DEFAULT_PATH_LIMITS, timeBudgetMs: 60_000 },
  );
  return { degrees: `${f!.degree} → ${t!.degree}`, found, dbHits, lines, ms: performance.now() - t0 };
}

try {
  const questions = await drawSweep(executor, Number(values.seed));
  const question = questions.find((q) => q.key === 'path')!;
  for (const c of values.pair ? question.cases.filter((x) => x.label.includes(values.pair!)) : []) {
    const r = await replay(String(c.variables.from), String(c.variables.to));
    process.stdout.write(
      `${c.label} (degrees ${r.degrees}): ${r.found.levels} levels, ${r.dbHits} db hits, ${r.found.candidates.length} candidates, shortest ${r.found.candidates[0]?.hops.length ?? '–'}; ` +
        `stopped: ${r.found.stoppedBecause}${r.found.partial ? ' (partial)' : ''}\n${r.lines.join('\n')}\n`,
    );
  }
  if (values['compare-with']) {
    const other = (await import(join(values['compare-with'], 'path-search.ts'))) as { searchPaths: typeof searchPaths; DEFAULT_PATH_LIMITS: typeof DEFAULT_PATH_LIMITS };
    const otherLevel = ((await import(join(values['compare-with'], 'paths.ts'))) as { pathLevelStatement: typeof pathLevelStatement }).pathLevelStatement;
    const timeSearch = async (version: 'this' | 'other', from: string, to: string, ends: { fromDegree: number; toDegree: number }) => {
      const [search, level, limits] = version === 'this' ? [searchPaths, pathLevelStatement, DEFAULT_PATH_LIMITS] : [other.searchPaths, otherLevel, other.DEFAULT_PATH_LIMITS];
      const t0 = performance.now();
      await search({ from, to, maxHops: 4, excludeUnnamed: false, minSources: 0 }, ends, async (l: PathLevel) => {
        const b = new CypherBuilder(ontology);
        const text = level(b, l);
        return levelRows((await executor.read(cypher('paths.level', text), b.params)).map((r) => r.row));
      }, { ...limits, timeBudgetMs: 60_000 });
      return performance.now() - t0;
    };
    const times = { this: [] as number[], other: [] as number[] };
    const rounds = Math.max(1, Number(values.rounds) || 2);
    for (let round = 1; round <= rounds; round++) {
      for (const [i, c] of question.cases.entries()) {
        const from = String(c.variables.from);
        const to = String(c.variables.to);
        const [f] = await executor.read(degreeOf, { id: from });
        const [t] = await executor.read(degreeOf, { id: to });
        const ends = { fromDegree: Number(f!.degree), toDegree: Number(t!.degree) };
        const order: Array<'this' | 'other'> = (i + round) % 2 === 0 ? ['this', 'other'] : ['other', 'this'];
        for (const version of order) {
          const ms = await timeSearch(version, from, to, ends);
          if (round === rounds) times[version].push(ms);
        }
      }
    }
    const stats = (xs: number[]) => {
      const sorted = [...xs].sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
      return `p50 ${at(0.5).toFixed(1)}, p99 ${at(0.99).toFixed(1)}, max ${sorted[sorted.length - 1]!.toFixed(1)} ms`;
    };
    process.stdout.write(
      `searches alone, interleaved per pair (last of ${rounds} rounds; load ${loadavg().map((x) => x.toFixed(2)).join(' ')}; commit ${commitInfo().commit}):\n` +
        `  this version:  ${stats(times.this)}\n  ${values['compare-with']}: ${stats(times.other)}\n`,
    );
  }
  if (values['replay-all']) {
    const all: Array<{ label: string; dbHits: number; levels: number; partial: boolean; shortest: number | undefined; chosen: string[] }> = [];
    for (const c of question.cases) {
      const r = await replay(String(c.variables.from), String(c.variables.to));
      // The routes `path(limit: 5)` would show (src/repository/path-choice.ts), as entity ids.
      const chosen = choosePaths(r.found.candidates, 5).map((p) => p.nodeIds.join(' > '));
      all.push({ label: c.label, dbHits: r.dbHits, levels: r.found.levels, partial: r.found.partial, shortest: r.found.candidates[0]?.hops.length, chosen });
    }
    if (values.out) writeFileSync(values.out, JSON.stringify(all, null, 1) + '\n');
    const hits = all.map((x) => x.dbHits).sort((a, b) => a - b);
    const levels = all.map((x) => x.levels).sort((a, b) => a - b);
    const at = (xs: number[], q: number) => xs[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)]!;
    process.stdout.write(
      `replay of ${all.length} pairs (commit ${commitInfo().commit}${commitInfo().dirty ? ', dirty' : ''}): db hits p50 ${at(hits, 0.5)}, p99 ${at(hits, 0.99)}, max ${hits[hits.length - 1]}, ` +
        `total ${hits.reduce((a, b) => a + b, 0)}; levels p50 ${at(levels, 0.5)}, max ${levels[levels.length - 1]}; partial ${all.filter((x) => x.partial).length}; ` +
        `no route ${all.filter((x) => x.shortest === undefined).length}\n` +
        [...all].sort((a, b) => b.dbHits - a.dbHits).slice(0, 5).map((x) => `  ${x.dbHits} db hits, ${x.levels} levels  ${x.label}`).join('\n') +
        '\n' +
        all.filter((x) => x.partial).map((x) => `  partial: ${x.label}`).join('\n') +
        '\n',
    );
  }
  const load = loadavg().map((x) => x.toFixed(2)).join(' ');
  const repeat = values['replay-all'] || values.pair || values['compare-with'] ? 0 : Math.max(1, Number(values.repeat) || 1);
  for (let run = 1; run <= repeat; run++) {
    const [summary] = await runSweep(url!, [question], log, undefined);
    const s = summary!;
    const worst = [...s.samples].sort((a, b) => b.ms - a.ms).slice(0, 10);
    process.stdout.write(
      `run ${run}: n ${s.n}, errors ${s.errors}, partial ${s.partial}, p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms, max ${s.max.toFixed(1)} ms ` +
        `(load before ${load}, after ${loadavg().map((x) => x.toFixed(2)).join(' ')}; commit ${commitInfo().commit})\n` +
        worst.map((w) => `  ${w.ms.toFixed(0).padStart(6)} ms  ${w.label}${w.partial ? ' (partial)' : ''}${w.error ? ` ERROR ${w.error}` : ''}`).join('\n') +
        '\n',
    );
    if (run < repeat) continue;
    for (const w of worst.slice(0, Math.max(0, Number(values.profile) || 0))) {
      const c = question.cases.find((x) => x.label === w.label)!;
      const r = await replay(String(c.variables.from), String(c.variables.to));
      process.stdout.write(
        `  ${w.label} (degrees ${r.degrees}): ${r.found.levels} levels, ${r.dbHits} db hits, ${r.found.candidates.length} candidates, ` +
          `shortest ${r.found.candidates[0]?.hops.length ?? '–'}${r.found.partial ? `, partial: ${r.found.stoppedBecause}` : ''}; replay ${r.ms.toFixed(0)} ms (each level run twice)\n` +
          r.lines.join('\n') +
          '\n',
      );
    }
  }
} finally {
  await driver.close();
}
