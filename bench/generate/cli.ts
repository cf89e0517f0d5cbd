// `npm run generate -- --size S|M|L [--seed N] [--prune [--yes]] [--batch N]`: builds a synthetic graph
// and loads it through the project's own write path into the configured Neo4j (NEO4J_URI, or the
// embedded one), printing relationships per second and memory as it goes.
// `--out DIR` writes it as YAML seed files instead (for `npm run seed -- --data-dir DIR`; size S only).
// `--bulk` writes a new embedded database's store with Neo4j's offline importer (src/seed/bulk/).
import { parseArgs } from 'node:util';
import { loadConfig, ConfigError } from '../../src/config/config.ts';
import { applySchema } from '../../src/store/apply-schema.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { loadOntology } from '../../src/ontology/ontology.ts';
import { BULK_FINISH_TIMEOUT_MS, BulkLoadRefusedError, DEFAULT_BULK_WORKERS, importGraph } from '../../src/seed/bulk/bulk-load.ts';
import { ImportValueError } from '../../src/seed/bulk/import-files.ts';
import { formatPhaseProfile, GENERATE_NODES, LoadPhases, OPEN_DATABASE } from '../../src/seed/bulk/load-phases.ts';
import { LauncherSetupError } from '../../src/db/embedded/launcher.ts';
import { describePlan, GraphInputError, LoadInProgressError, LoadLockLostError, PruneRequiredError, writeGraph, type LoadProgress, type WriteSummary } from '../../src/seed/write-graph.ts';
import { DEFAULT_SEED, generateGraph } from './generate-graph.ts';
import { isSizeName, SIZES } from './sizes.ts';
import { writeYamlSeed } from './write-yaml.ts';

const USAGE = `usage: npm run generate -- --size S|M|L [--seed N] [--prune [--yes]] [--batch N] [--bulk [--workers N]] [--out DIR]
  --size S|M|L  S ≈ 2 k entities / 10 k relationships, M ≈ 100 k / 500 k, L ≈ 1 M / 5 M
  --seed N      random seed (default ${DEFAULT_SEED}); the same seed gives the same graph
  --prune       show what the load would delete from the graph (items it does not hold), then stop
  --yes         with --prune: delete them
  --batch N     relationships per write transaction (default 2000)
  --bulk        write a new local database with Neo4j's offline importer (~2× faster for M, L):
                only the embedded Neo4j, only into a data folder with no database yet
                (NEO4J_EMBEDDED_DATA_DIR); a server (NEO4J_URI) always loads through Cypher
  --workers N   with --bulk: threads writing the relationships' import files, 1 to 8
                (default ${DEFAULT_BULK_WORKERS}: one per core of this machine, at most 2)
  --out DIR     write YAML seed files into DIR instead of loading (size S only)`;

function mb(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

function memory(): string {
  const m = process.memoryUsage();
  return `Node RSS ${mb(m.rss)}, heap ${mb(m.heapUsed)}`;
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        size: { type: 'string', default: 'S' },
        seed: { type: 'string' },
        prune: { type: 'boolean', default: false },
        yes: { type: 'boolean', default: false },
        batch: { type: 'string' },
        bulk: { type: 'boolean', default: false },
        workers: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const size = String(args.size).toUpperCase();
  const seed = args.seed === undefined ? DEFAULT_SEED : Number(args.seed);
  const batchSize = args.batch === undefined ? undefined : Number(args.batch);
  if (!isSizeName(size) || !Number.isSafeInteger(seed) || (batchSize !== undefined && !(batchSize >= 1 && batchSize <= 100_000))) {
    console.error(`--size must be S, M or L; --seed a whole number; --batch 1..100000\n${USAGE}`);
    return 2;
  }
  const workers = args.workers === undefined ? DEFAULT_BULK_WORKERS : Number(args.workers);
  if (!Number.isInteger(workers) || workers < 1 || workers > 8) {
    console.error(`--workers must be a whole number from 1 to 8; got "${args.workers}"\n${USAGE}`);
    return 2;
  }
  const ontology = loadOntology();
  const started = performance.now();
  console.log(`start: ${memory()}`);
  // The wall time of each phase of a bulk load, printed at its end (src/seed/bulk/load-phases.ts).
  const phases = new LoadPhases();
  phases.start();
  const graph = phases.timeSync(GENERATE_NODES, () => generateGraph(ontology, size, seed));
  const target = SIZES[size];
  console.log(
    `generated ${graph.sources.length} sources and ${graph.entities.length} entities in ${((performance.now() - started) / 1000).toFixed(1)} s ` +
      `(relationships, ~${target.relationships}, stream as they are written); ${memory()}`,
  );
  if (args.out) {
    if (size !== 'S') {
      console.error('--out writes YAML seed files, which have size limits; use it with --size S');
      return 2;
    }
    const files = writeYamlSeed(graph, args.out);
    console.log(`wrote ${files} YAML files to ${args.out}; load them with: npm run seed -- --data-dir ${args.out}`);
    return 0;
  }

  const config = loadConfig();
  const progress = new ProgressPrinter();
  const report = (uri: string, result: WriteSummary, bulk: boolean) => {
    const seconds = (performance.now() - started) / 1000;
    progress.end();
    console.log(
      `loaded ${uri}${bulk ? ' (bulk import)' : ''}: ${result.sources} sources, ${result.entities} entities, ${result.relationships} relationships, ` +
        `${result.citations} citations in ${seconds.toFixed(1)} s (${Math.round(result.relationships / seconds)} relationships/s overall` +
        (bulk ? ')' : `; relationship writes ${Math.round(result.relationships / progress.writeSeconds())}/s)`) +
        (config.neo4j.mode === 'embedded' ? `; embedded Neo4j heap ${config.neo4j.heapMb} MB, page cache ${config.neo4j.pageCacheMb} MB` : '') +
        `\nversion ${result.version}${result.pruned ? `; pruned ${result.pruned.total} items` : ''}\nend: ${memory()}`,
    );
  };

  if (args.bulk) {
    if (config.neo4j.mode !== 'embedded') {
      console.error(`--bulk writes the store files of the local embedded Neo4j; NEO4J_URI names a server, which loads through Cypher: run without --bulk`);
      return 2;
    }
    if (args.prune) {
      console.error('--bulk writes a new database: there is nothing to prune (leave out --prune)');
      return 2;
    }
    const prepared = await importGraph(config.neo4j.dataDir, ontology, graph, {
      heapMb: config.neo4j.heapMb,
      onProgress: progress.onProgress,
      log: (line) => console.log(line),
      phases,
      workers,
    });
    // Transactions long enough for the constraints' populations over the whole imported graph.
    const db = await phases.time(OPEN_DATABASE, () =>
      openDatabase({ ...config, queryTimeoutMs: Math.max(config.queryTimeoutMs, BULK_FINISH_TIMEOUT_MS) }, (line) => console.error(line)),
    );
    try {
      await phases.time(OPEN_DATABASE, () => db.executor.awaitAnswer(config.queryTimeoutMs));
      report(db.connection.uri, await prepared.finish(db.executor), true);
      console.log(`the load's phases (wall time):\n${formatPhaseProfile(phases.profile())}`);
      return 0;
    } finally {
      await db.close();
    }
  }

  const db = await openDatabase(config, (line) => console.error(line));
  try {
    // The first Cypher in a fresh JVM is slow (more so on a busy machine): pay it here, with the query
    // timeout, not in the liveness check of the first statement (as src/main.ts does).
    await db.executor.awaitAnswer(config.queryTimeoutMs);
    await applySchema(db.executor, ontology);
    const result = await writeGraph(db.executor, ontology, graph, {
      batchSize,
      confirmPrune: (plan) => {
        console.log(`the graph holds ${plan.total} items this load does not:\n${describePlan(plan)}`);
        if (args.prune && args.yes) console.log('deleting them after the load (--prune --yes)');
        return args.prune === true && args.yes === true;
      },
      pruneHint: args.prune ? 'Run again with --prune --yes to delete them.' : 'To replace the graph, run with --prune to review, then --prune --yes.',
      onProgress: progress.onProgress,
      checkRoom: db.checkRoomForLoad,
      loader: 'npm run generate',
    });
    report(db.connection.uri, result, false);
    return 0;
  } finally {
    await db.close();
  }
}

/** Prints each phase's duration and, every 5 s, how far it got. */
class ProgressPrinter {
  private phase: LoadProgress['phase'] | undefined;
  private phaseStarted = performance.now();
  private lastPrint = 0;
  private writeStarted = performance.now();
  private writeEnded = performance.now();

  readonly onProgress = (p: LoadProgress): void => {
    const now = performance.now();
    if (p.phase !== this.phase) {
      this.endPhase(now);
      this.phase = p.phase;
      this.phaseStarted = now;
      this.lastPrint = now;
      if (p.phase === 'write') this.writeStarted = now;
      return;
    }
    if (now - this.lastPrint < 5_000) return;
    this.lastPrint = now;
    const done = p.phase === 'nodes' ? `${p.nodes} sources and entities` : `${p.relationships} relationships`;
    const rate = Math.round((p.phase === 'nodes' ? p.nodes! : p.relationships) / ((now - this.phaseStarted) / 1000));
    console.log(`  ${p.phase}: ${done} (${rate}/s); ${memory()}`);
  };

  private endPhase(now: number): void {
    if (!this.phase) return;
    console.log(`  ${this.phase} done in ${((now - this.phaseStarted) / 1000).toFixed(1)} s; ${memory()}`);
    if (this.phase === 'write') this.writeEnded = now;
  }

  end(): void {
    this.endPhase(performance.now());
    this.phase = undefined;
  }

  writeSeconds(): number {
    return (this.writeEnded - this.writeStarted) / 1000;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (
      error instanceof ConfigError ||
      error instanceof PruneRequiredError ||
      error instanceof GraphInputError ||
      error instanceof BulkLoadRefusedError ||
      error instanceof ImportValueError ||
      error instanceof LauncherSetupError ||
      error instanceof LoadInProgressError ||
      error instanceof LoadLockLostError
    ) {
      console.error(error.message);
    } else console.error(`generate failed: ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  },
);
