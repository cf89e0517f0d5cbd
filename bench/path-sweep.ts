// The `path` sweep against a service already running on a bulk-imported graph (issue 24): the same 200
// seeded actor → country pairs as `npm run bench -- --sweep` (bench/lib/sweep.ts drawSweep), asked
// sequentially through the API, with p50/p99/max and the slowest pairs; then, for the slowest pairs, the
// search replayed level by level beside the API (each level read once for its rows, once under PROFILE)
// to show where the work goes: per level the side, how many nodes were listed / scanned / met, rows,
// db hits and time. Faster than the full bench, which rebuilds M first. Loopback only.
//
//   node --import tsx bench/path-sweep.ts --url http://127.0.0.1:4000 --bolt bolt://127.0.0.1:7687 \
//     --data /work/mstores/path [--seed 24] [--profile 5] [--repeat 1]
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createDriver } from '../src/db/driver.ts';
import { cypher, Executor } from '../src/db/executor.ts';
import { PASSWORD_FILE } from '../src/db/embedded/password-file.ts';
import { loadOntology } from '../src/ontology/ontology.ts';
import { CypherBuilder } from '../src/cypher/projection/builder.ts';
import { pathLevelStatement, type PathLevel } from '../src/cypher/paths.ts';
import { DEFAULT_PATH_LIMITS, searchPaths, type LevelRow } from '../src/repository/path-search.ts';
import { DEFAULT_SWEEP_SEED, drawSweep, runSweep } from './lib/sweep.ts';
import { commitInfo } from './lib/machine.ts';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    bolt: { type: 'string' },
    data: { type: 'string' },
    seed: { type: 'string', default: String(DEFAULT_SWEEP_SEED) },
    profile: { type: 'string', default: '5' },
    repeat: { type: 'string', default: '1' },
  },
});
const url = values.url?.replace(/\/$/, '');
const local = (u: string | undefined) => !!u && ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(u).hostname);
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

try {
  const questions = await drawSweep(executor, Number(values.seed));
  const question = questions.find((q) => q.key === 'path')!;
  const load = loadavg().map((x) => x.toFixed(2)).join(' ');
  const repeat = Math.max(1, Number(values.repeat) || 1);
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
    const profiled = Math.max(0, Number(values.profile) || 0);
    for (const w of worst.slice(0, profiled)) {
      const c = question.cases.find((x) => x.label === w.label)!;
      const from = String(c.variables.from);
      const to = String(c.variables.to);
      const [f] = await executor.read(degreeOf, { id: from });
      const [t] = await executor.read(degreeOf, { id: to });
      const lines: string[] = [];
      let hits = 0;
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
          hits += profile.dbHits;
          const rows = records.map((r) => r.row).filter(Boolean) as LevelRow[];
          const listedDegree = level.expand.length;
          lines.push(
            `    level: expand ${listedDegree}, scan ${level.scan.length}${level.scan.length > 0 ? ` (read from ${level.scanFrom ?? 'scan'} side)` : ''}, meet ${level.meet.length} → ${rows.length} rows, ${profile.dbHits} db hits, ${ms.toFixed(0)} ms`,
          );
          return rows;
        },
        { ...DEFAULT_PATH_LIMITS, timeBudgetMs: 60_000 },
      );
      process.stdout.write(
        `  ${w.label} (degrees ${f!.degree} → ${t!.degree}): ${found.levels} levels, ${hits} db hits, ${found.candidates.length} candidates, ` +
          `shortest ${found.candidates[0]?.hops.length ?? '–'}${found.partial ? ', partial' : ''}; replay ${(performance.now() - t0).toFixed(0)} ms (each level run twice)\n` +
          lines.join('\n') +
          '\n',
      );
    }
  }
} finally {
  await driver.close();
}
