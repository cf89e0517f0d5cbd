// `npm run bench -- --size S|M|L`: the same questions through the Chokepoint API, hand-written Cypher on
// the raw driver and @neo4j/graphql 7, on the same graph, interleaved in one run. Checks that the three
// answer alike, then measures p50, p99 and throughput at 1 and 16 clients (docs/performance.md,
// docs/decisions/0012-benchmark-method.md). `--curation` and `--playground-load` measure the write side
// and the playground's crowd on the same graph instead (bench/lib/curation-section.ts, playground-section.ts);
// `--mixed` and `--cache` the API's worst case at 16 clients and its response cache (bench/lib/api-sections.ts).
import { loadavg } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Executor } from '../src/db/executor.ts';
import { createDriver } from '../src/db/driver.ts';
import { LauncherSetupError } from '../src/db/embedded/launcher.ts';
import { loadOntology } from '../src/ontology/ontology.ts';
import { parseBenchArgs, UsageError, type BenchOptions } from './lib/args.ts';
import { assertBuildable, buildGraph, GraphUnavailableError } from './lib/build-graph.ts';
import { WARM_UP_HUBS } from '../src/server/warm-up.ts';
import { openBenchDatabase, type BenchDatabase } from './lib/database.ts';
import { importGeneratedGraph, type ImportedGeneratedGraph } from './generate/load-generated.ts';
import { BULK_FINISH_TIMEOUT_MS, DEFAULT_BULK_WORKERS } from '../src/seed/bulk/bulk-load.ts';
import { formatPhaseProfile, LoadPhases, OPEN_DATABASE } from '../src/seed/bulk/load-phases.ts';
import { checkEquivalence } from './lib/equivalence.ts';
import { measure, warmUp, type LoadPlan } from './lib/load.ts';
import { warmStore } from '../src/store/warm-store.ts';
import { schemaObjectName, schemaStatements } from '../src/cypher/schema.ts';
import { commitInfo, LoadSampler, machineInfo } from './lib/machine.ts';
import { prepare, versions } from './lib/prepare.ts';
import { buildQuestions, SYSTEM_LABELS } from './lib/questions.ts';
import { contextBlock, recordResult, resultTables, type BenchResult } from './lib/report.ts';
import { askers, startServer, type GraphqlServer } from './lib/systems.ts';
import { ExportCountError, fetchManifest, runExport, type ExportRun } from './lib/export-throughput.ts';

/** One export per table (CSV) and the graph: each one's rows are checked against the manifest. */
const BENCH_EXPORTS = ['relationships.csv', 'citations.csv', 'entities.csv', 'sources.csv', 'graph.graphml'];
import { drawSweep, runSweep, sweepTable, type SweepSummary } from './lib/sweep.ts';
import { runApiSections } from './lib/api-sections.ts';
import { CURATION_PLANS, curationTables, runCurationSection, type CurationResult } from './lib/curation-section.ts';
import { PLAYGROUND_PLANS, playgroundTable, runPlaygroundSection, type PlaygroundResult } from './lib/playground-section.ts';
import { recordSection, sectionContextBlock, type SectionContext } from './lib/report.ts';
import type { CommitInfo } from './lib/machine.ts';
import type { Question } from './lib/questions.ts';
import type { Ontology } from '../src/ontology/ontology.ts';
import { DEFAULT_FEED_POLL_MS } from '../src/config/config.ts';
import { buildWeb } from '../scripts/build-web.mjs';

const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));
const startedAt = performance.now();
const log = (line: string) => process.stderr.write(`[bench +${((performance.now() - startedAt) / 1000).toFixed(1)}s] ${line}\n`);

const cleanups: Array<() => Promise<void>> = [];
async function cleanUp(): Promise<void> {
  for (const step of cleanups.reverse()) await step().catch(() => {});
  cleanups.length = 0;
}

async function run(options: BenchOptions, command: string): Promise<number> {
  assertBuildable(options.size);
  const loadBefore = loadavg();
  // Taken before anything runs: the figures belong to the code as it was when the run started.
  const commit = commitInfo();
  const ontology = loadOntology();
  // M and L into the benchmark's own new database: written by the offline importer before it opens
  // (src/seed/bulk/); a database given by BENCH_NEO4J_URI is loaded (or kept) through Cypher.
  let imported: ImportedGeneratedGraph | undefined;
  const size = options.size;
  const importing = size !== 'S' && !options.cypherLoad;
  const startedBuild = performance.now();
  // The bulk load's wall time per phase, recorded with the results (src/seed/bulk/load-phases.ts).
  const phases = new LoadPhases();
  phases.start();
  let importedAt = 0;
  // An imported graph gets its constraints built over all its data: allow those transactions the time.
  const txTimeoutSeconds = importing ? BULK_FINISH_TIMEOUT_MS / 1000 : 60;
  const db: BenchDatabase = await openBenchDatabase({ heapMb: options.heapMb, pageCacheMb: options.pageCacheMb, txTimeoutSeconds }, log, {
    beforeStart: importing
      ? async (dataDir) => {
          let lastLogged = 0;
          imported = await importGeneratedGraph(dataDir, ontology, size as Exclude<typeof size, 'S'>, {
            heapMb: options.heapMb,
            log,
            phases,
            workers: DEFAULT_BULK_WORKERS,
            onProgress: (p) => {
              if (performance.now() - lastLogged < 10_000) return;
              lastLogged = performance.now();
              log(`bulk load of ${size}: ${p.phase}, ${p.relationships} relationships`);
            },
          });
          importedAt = performance.now();
        }
      : undefined,
  });
  if (importedAt > 0) phases.add(OPEN_DATABASE, performance.now() - importedAt);
  cleanups.push(() => db.stop());
  const executor = new Executor(createDriver(db.connection), { database: db.connection.database, timeoutMs: 60_000 });
  cleanups.push(() => executor.close());

  // The servers need only the database's address, so they start while the graph is built. The write-side
  // and playground sections need no @neo4j/graphql, but a second API process (the feed's other process)
  // and the playground with its built assets.
  const sections = options.curation || options.playgroundLoad;
  // --mixed and --cache ask the Chokepoint API alone (bench/lib/api-sections.ts).
  const apiOnly = !sections && (options.mixed || options.cache);
  if (sections) await buildWeb();
  const starting = sections
    ? Promise.all([startServer('chokepoint', db.connection, undefined, { BENCH_CHILD_PLAYGROUND: '1' }), startServer('chokepoint', db.connection)])
    : apiOnly
      ? Promise.all([startServer('chokepoint', db.connection, undefined, options.cache ? { BENCH_CHILD_RESPONSE_CACHE: '1' } : {})])
      : Promise.all([startServer('chokepoint', db.connection), startServer('neo4jGraphql', db.connection)]);
  starting.then((servers) => servers.forEach((server) => cleanups.push(() => server.stop())), () => {});
  const loader = imported ? new Executor(createDriver(db.connection), { database: db.connection.database, timeoutMs: BULK_FINISH_TIMEOUT_MS }) : executor;
  const graph = await buildGraph(options.size, loader, ontology, log, imported).finally(() => (loader === executor ? undefined : loader.close()));
  if (imported) {
    graph.buildMs = performance.now() - startedBuild;
    graph.loadProfile = phases.profile();
    log(`the bulk load's phases (wall time):\n${formatPhaseProfile(graph.loadProfile)}`);
  }
  log(`graph ${options.size}: ${graph.counts.entities} entities, ${graph.counts.relationships} relationships, ${graph.counts.citations} citations`);
  const version = await versions(executor);
  const prepared = await prepare(executor, graph.anchors);
  let questions = buildQuestions(graph.anchors, prepared);
  if (options.only) {
    const unknown = options.only.filter((key) => !questions.some((q) => q.key === key));
    if (unknown.length > 0) throw new UsageError(`--only has unknown question(s) ${unknown.join(', ')}; known: ${questions.map((q) => q.key).join(', ')}.`);
    questions = questions.filter((q) => options.only!.includes(q.key));
  }

  const servers: GraphqlServer[] = await starting;
  log(`servers: ${servers.map((s) => `${s.name} ${s.url} (pid ${s.pid})`).join(', ')}`);
  // As `npm start` does before it says ready (src/store/warm-store.ts): the store read once into the page
  // cache, so the figures are those of a served graph, not of pages the bulk import left on disk.
  // --cold skips it (the figures then include first reads of every page).
  if (!options.cold) {
    const warmed = await warmStore(executor, { budgetMs: 600_000, indexNames: new Set(schemaStatements(ontology).map(schemaObjectName)) });
    log(`store warmed into the page cache in ${(warmed.ms / 1000).toFixed(1)} s (${warmed.indexes} indexes, ${warmed.nodes} nodes, ${warmed.relationships} relationships${warmed.complete ? '' : '; NOT complete'})`);
  }
  // Then each server's own warm-up, as after `npm start` (the Chokepoint API's examples and hub timelines).
  for (const server of servers) {
    const ms = await server.warmUp();
    if (ms !== null) log(`${server.name} warmed up in ${(ms / 1000).toFixed(1)} s (its playground examples and the timelines of the ${WARM_UP_HUBS} countries with the most relationships)`);
  }
  if (apiOnly) {
    const context = {
      date: new Date().toISOString(),
      command,
      size: options.size,
      graph: { origin: graph.origin, counts: graph.counts, buildMs: Math.round(graph.buildMs), loadProfile: graph.loadProfile },
      machine: machineInfo(),
      commit,
      database: { description: db.description, jvm: db.jvm, neo4jVersion: version.neo4j },
      loadBefore,
    };
    return runApiSections(options, { url: servers[0]!.url.replace(/\/graphql$/, ''), executor, resultsDir: RESULTS_DIR, context, log });
  }
  const ask = askers(servers[0]!.url, servers[1]!.url, executor);

  // The worst case first, while nothing else has warmed the caches for its parameters.
  let sweep: { seed: number; summaries: SweepSummary[] } | undefined;
  if (options.sweep) {
    const sweepQuestions = await drawSweep(executor, options.sweepSeed);
    log(`sweep: ${sweepQuestions.map((q) => `${q.cases.length} × ${q.key}`).join(', ')} (seed ${options.sweepSeed})`);
    const sweepSampler = new LoadSampler();
    sweepSampler.start();
    sweep = { seed: options.sweepSeed, summaries: await runSweep(servers[0]!.url.replace(/\/graphql$/, ''), sweepQuestions, log, executor) };
    const load = sweepSampler.stop();
    if (load) log(`sweep load average: min ${load.min}, mean ${load.mean}, max ${load.max}`);
    // Kept at once: a later failure (a disagreement, an interrupted run) does not lose it.
    mkdirSync(RESULTS_DIR, { recursive: true });
    const file = `${RESULTS_DIR}sweep-${options.size}.json`;
    writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), command, commit, loadAverage: load, ...sweep }, null, 2) + '\n');
    process.stdout.write(`\n${sweepTable(sweep.summaries, sweep.seed)}\n\n`);
    log(`sweep results: ${file}`);
  }

  if (sections) return runSections(options, command, { servers, executor, ontology, questions, graph, db, version: version.neo4j, commit, loadBefore });

  const equivalence = await checkEquivalence(questions, ask);
  const disagreements = equivalence.flatMap((e) => e.disagreements);
  for (const e of equivalence) log(`same answers: ${e.question} (${e.size})${e.disagreements.length ? ' — NO' : ''}`);
  if (disagreements.length > 0) {
    for (const d of disagreements) process.stderr.write(`\n=== ${d.question}: ${SYSTEM_LABELS[d.system]} disagrees with the raw driver ===\n${d.diff}\n`);
    process.stderr.write(`\nbench: ${disagreements.length} disagreement(s); no timings were taken.\n`);
    return 1;
  }
  const empty = equivalence.filter((e) => e.size === 0);
  if (empty.length > 0) log(`warning: empty answers prove little: ${empty.map((e) => e.question).join(', ')}`);

  // The exports end with exactly the manifest's rows (issue 23), or the run stops before any figure.
  const exports: ExportRun[] = [];
  // The servers report their GraphQL endpoint; the exports live beside it, at the origin.
  const origin = servers[0]!.url.replace(/\/graphql$/, '');
  const manifest = await fetchManifest(origin);
  for (const name of BENCH_EXPORTS) {
    try {
      const run = await runExport(origin, name, manifest);
      exports.push(run);
      log(`export ${name}: ${run.rows} rows = the manifest's, ${run.seconds.toFixed(2)} s, ${Math.round(run.rowsPerSecond)} rows/s`);
    } catch (error) {
      if (!(error instanceof ExportCountError)) throw error;
      process.stderr.write(`\nbench: ${error.message}\n`);
      return 1;
    }
  }
  if (options.checkOnly) {
    log('all three systems give the same answers and every export the manifest\'s rows (--check-only: no timings).');
    return 0;
  }

  const plan: LoadPlan = {
    clients: options.clients,
    sliceMs: options.sliceMs,
    rounds: Math.max(1, Math.round(options.durationMs / options.sliceMs)),
    warmupRequests: options.warmupRequests,
  };
  log(`warm-up: ${plan.warmupRequests} requests per question and system`);
  await warmUp(questions, ask, plan.warmupRequests);
  const sampler = new LoadSampler();
  sampler.start();
  const cells = await measure(questions, ask, plan, log);
  const during = sampler.stop();

  const result: BenchResult = {
    date: new Date().toISOString(),
    command,
    size: options.size,
    graph: { origin: graph.origin, counts: graph.counts, buildMs: Math.round(graph.buildMs), anchors: graph.anchors, loadProfile: graph.loadProfile },
    machine: machineInfo(),
    loadAverage: { beforeRun: loadBefore.map((x) => Math.round(x * 100) / 100), duringMeasurement: during },
    commit,
    database: { description: db.description, jvm: db.jvm, neo4jVersion: version.neo4j, apoc: version.apoc },
    neo4jGraphqlVersion: version.neo4jGraphql,
    plan: { ...plan, durationMs: options.durationMs },
    questions: questions.map((q) => ({ key: q.key, title: q.title, fairness: q.fairness ?? null })),
    equivalence,
    cells,
    exports,
    ...(sweep ? { sweep } : {}),
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  const latest = `${RESULTS_DIR}latest-${options.size}.json`;
  writeFileSync(latest, JSON.stringify(result, null, 2) + '\n');
  process.stdout.write(`\n${contextBlock(result, null)}\n\n${resultTables(result)}\n\n`);
  log(`raw results: ${latest}`);
  if (options.record) {
    const heading = `${options.size} — ${options.record} (${result.date.slice(0, 10)}, commit ${result.commit.commit})`;
    const written = recordResult(result, options.record, heading);
    log(`recorded in ${written.markdown} and ${written.json}`);
  }
  return 0;
}

/** --curation and --playground-load: measured on the same graph, then recorded like the comparison. */
async function runSections(
  options: BenchOptions,
  command: string,
  ctx: { servers: GraphqlServer[]; executor: Executor; ontology: Ontology; questions: Question[]; graph: Awaited<ReturnType<typeof buildGraph>>; db: BenchDatabase; version: string; commit: CommitInfo; loadBefore: number[] },
): Promise<number> {
  // The servers report their GraphQL endpoint; the sections want the origin (they also fetch pages).
  const [api, other] = (ctx.servers as [GraphqlServer, GraphqlServer]).map((s) => ({ ...s, url: s.url.replace(/\/graphql$/, '') })) as [GraphqlServer, GraphqlServer];
  const sampler = new LoadSampler();
  sampler.start();
  const speed = options.quick ? 'quick' : 'normal';
  // The playground first: the curation section adds relationships to the graph the headline reads.
  let playground: PlaygroundResult | undefined;
  if (options.playgroundLoad) {
    const headline = ctx.questions.find((q) => q.key === 'headline-narrow');
    if (!headline) throw new UsageError('--playground-load needs the headline-narrow question (leave it out of --only).');
    playground = await runPlaygroundSection(api.url, headline, { loaders: options.loaders, ...PLAYGROUND_PLANS[speed] }, log);
  }
  let curation: CurationResult | undefined;
  if (options.curation) {
    curation = await runCurationSection(
      { url: api.url, otherUrl: other.url, executor: ctx.executor, ontology: ctx.ontology, questions: ctx.questions, feedPollMs: DEFAULT_FEED_POLL_MS, log },
      CURATION_PLANS[speed],
    );
    const failed = curation.accept.errors + curation.sustained.errors;
    if (failed > 0) log(`curation: ${failed} request(s) failed; the API's error log:\n${api.errorLog().slice(-4000) || '(empty)'}`);
  }
  const context: SectionContext = {
    date: new Date().toISOString(),
    command,
    size: options.size,
    graph: { origin: ctx.graph.origin, counts: ctx.graph.counts, buildMs: Math.round(ctx.graph.buildMs), loadProfile: ctx.graph.loadProfile },
    machine: machineInfo(),
    loadAverage: { beforeRun: ctx.loadBefore.map((x) => Math.round(x * 100) / 100), duringMeasurement: sampler.stop() },
    commit: ctx.commit,
    database: { description: ctx.db.description, jvm: ctx.db.jvm, neo4jVersion: ctx.version },
  };
  const parts = [
    ...(playground ? [{ name: 'playground', title: 'playground under load', body: playgroundTable(playground), json: { ...context, playground } }] : []),
    ...(curation ? [{ name: 'curation', title: 'curation', body: curationTables(curation), json: { ...context, curation } }] : []),
  ];
  mkdirSync(RESULTS_DIR, { recursive: true });
  for (const part of parts) {
    const latest = `${RESULTS_DIR}${part.name}-${options.size}.json`;
    writeFileSync(latest, JSON.stringify(part.json, null, 2) + '\n');
    process.stdout.write(`\n${sectionContextBlock(context, null)}\n\n${part.body}\n\n`);
    log(`raw results: ${latest}`);
    if (options.record) {
      const name = `${part.name}-${options.record}`;
      const heading = `${options.size} — ${part.title}, ${options.record} (${context.date.slice(0, 10)}, commit ${context.commit.commit})`;
      const written = recordSection(options.size, name, heading, part.json, `${sectionContextBlock(context, `performance/bench-${options.size}-${name}.json`)}\n\n${part.body}`);
      log(`recorded in ${written.markdown} and ${written.json}`);
    }
  }
  return 0;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const command = `npm run bench -- ${argv.join(' ')}`.trim();
  let code = 1;
  const stop = (signal: string) => {
    log(`${signal}: stopping`);
    void cleanUp().then(() => process.exit(130));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  try {
    code = await run(parseBenchArgs(argv), command);
  } catch (error) {
    const known = error instanceof UsageError || error instanceof GraphUnavailableError || error instanceof LauncherSetupError;
    process.stderr.write(`bench: ${known ? (error as Error).message : ((error as Error).stack ?? String(error))}\n`);
    code = error instanceof UsageError ? 2 : 1;
  } finally {
    await cleanUp();
  }
  process.exit(code);
}

void main();
