// `npm start`: validate config → open Neo4j (embedded and supervised, unless NEO4J_URI) → check it answers
// → apply constraints and indexes → load the seed → listen → warm up → ready. Each step says what it does;
// a database that is still warming is retried (src/startup/run-step.ts). SIGINT/SIGTERM stop the server,
// the driver and the embedded Neo4j this process started, in that order.
import { createServer } from 'node:http';
import { ConfigError, loadConfig, type Config } from './config/config.ts';
import { applySchema } from './store/apply-schema.ts';
import { unavailable } from './db/errors.ts';
import { openDatabase, type Database } from './db/open-database.ts';
import { LauncherSetupError } from './db/embedded/launcher.ts';
import { ErrorCode } from './errors/api-errors.ts';
import { loadOntology, OntologyError } from './ontology/ontology.ts';
import { installLastResortHandlers } from './process/last-resort-handlers.ts';
import { describeTexts, loadSeed, SeedValidationError } from './seed/load-seed.ts';
import { describePlan, GraphInputError, LoadInProgressError, PruneRequiredError } from './seed/write-graph.ts';
import { createApp, type App } from './server/create-app.ts';
import { createLogger, type Logger } from './log/logger.ts';
import { hubCountries, warmUp, type WarmUpOptions } from './server/warm-up.ts';
import { warmStore } from './store/warm-store.ts';
import { schemaObjectName, schemaStatements } from './cypher/schema.ts';
import { pageCacheWantedMb, storeBytes } from './db/embedded/store-size.ts';
import { createHttpServer } from './server/http-server.ts';
import { runStep, StartupError, type Step, type StepContext } from './startup/run-step.ts';

let db: Database | undefined;
let server: ReturnType<typeof createServer> | undefined;
let logger: Logger | undefined;
let stopping = false;

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  logger = log;
  const ontology = loadOntology();
  let warmedUp = false;
  // Set after the first warm-up: every return of the database is followed by another warm-up before
  // /ready says 200 again (a restarted JVM is cold; a thawed one warms up in a moment).
  let rewarm: (() => void) | undefined;

  const shutdown = async (reason: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { reason });
    const timer = setTimeout(() => {
      log.error('shutdown took longer than 30 s; exiting');
      process.exit(1);
    }, 30_000);
    timer.unref();
    if (server) {
      // Stop accepting, let in-flight requests finish (up to 10 s), drop idle keep-alive connections.
      const closing = server;
      const closed = new Promise<void>((resolve) => closing.close(() => resolve()));
      closing.closeIdleConnections();
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
      closing.closeAllConnections();
    }
    await db?.close();
    log.info('stopped');
    process.exit(exitCode);
  };
  // `on`, not `once`: Ctrl-C and service managers signal the whole process group, and npm forwards the
  // signal too, so a second one arrives while shutting down — the guard above ignores it.
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  installLastResortHandlers({ logger: log, shutdown: (reason, code) => void shutdown(reason, code) });

  const steps = config.seedOnStart ? 6 : 5;
  let done = 0;
  const step = (doing: string): Step => ({ number: ++done, of: steps, doing });
  const context: StepContext = {
    logger: log,
    retries: config.startupRetries,
    settings: {
      QUERY_TIMEOUT_MS: config.queryTimeoutMs,
      NEO4J_CONNECT_TIMEOUT_MS: config.connectTimeoutMs,
      STARTUP_RETRIES: config.startupRetries,
    },
    logHint: 'the Neo4j log',
    speaksForItself: (error) =>
      error instanceof SeedValidationError ||
      error instanceof PruneRequiredError ||
      error instanceof GraphInputError ||
      error instanceof LauncherSetupError ||
      error instanceof LoadInProgressError ||
      error instanceof StartupError,
  };

  const opening =
    config.neo4j.mode === 'embedded'
      ? `starting the embedded Neo4j on port ${config.neo4j.port} (built with Maven on first use)`
      : `connecting to ${config.neo4j.uri}`;
  const database = await runStep(step(opening), { ...context, retries: 0 }, () =>
    openDatabase(config, (line) => log.info(line), {
      supervise: log,
      onHealthChange: (state, detail) => {
        if (state === 'down') {
          log.error('Neo4j is unavailable; requests get 503 DATABASE_UNAVAILABLE until it answers again', { reason: detail.reason });
        } else {
          log.info('Neo4j answers again', { downSeconds: Math.round((detail.downForMs ?? 0) / 100) / 10 });
          rewarm?.();
        }
      },
    }),
  );
  db = database;
  const { executor } = database;
  context.logHint = database.logHint;
  context.waitForDatabase = (ms) => executor.health.waitUntilUp(ms);

  const agent = await runStep(step('checking that Neo4j answers'), context, async () => {
    const server = await executor.serverAgent();
    // The first Cypher in a fresh JVM is slow: pay it here, not in the first liveness check of a request.
    if (!(await executor.ping(config.queryTimeoutMs))) {
      throw unavailable('transaction-timeout', `RETURN 1 got no answer within ${config.queryTimeoutMs} ms`);
    }
    return server;
  });
  log.info('Neo4j answers', { server: agent, uri: database.connection.uri });
  await runStep(step('applying constraints and indexes'), context, () => applySchema(executor, ontology));
  if (config.seedOnStart) {
    const result = await runStep(step('loading the seed (validating seed/data, then writing what changed)'), context, () =>
      loadSeed(executor, ontology, {
        sourcesDir: config.sourcesDir,
        checkRoom: database.checkRoomForLoad,
        loader: 'npm start (the start-up seed)',
        // SEED_PRUNE: the operator approved deletions at start-up; they are logged before they happen.
        confirmPrune: config.seedPrune
          ? (plan) => {
              log.warn('the seed prunes what the data no longer has (SEED_PRUNE=true)', { plan: describePlan(plan) });
              return true;
            }
          : undefined,
      }),
    );
    const { pruned, texts, notes, ...summary } = result;
    log.info(result.unchanged ? 'seed unchanged' : 'seed loaded', { ...summary, pruned: pruned?.total ?? 0 });
    // What was checked against which texts, and any text that changed (its claims now need review).
    const [checked, ...warnings] = describeTexts({ texts, notes, heldTextsUsed: result.heldTextsUsed, verification: result.verification });
    log.info(checked!);
    for (const line of warnings) log.warn(line);
  }

  const app = createApp({
    executor,
    ontology,
    logger: log,
    graphiql: config.graphiql,
    http: config.http,
    responseCache: config.responseCache,
    readiness: { database: () => database.state(), warmedUp: () => warmedUp },
    curation: { feedPollMs: config.feedPollMs },
  });
  const shownHost = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
  const url = `http://${shownHost}:${config.port}/graphql`;
  server = await runStep(step(`listening on ${config.host}:${config.port}`), { ...context, retries: 0 }, () => listen(app, config, log));
  log.info('listening', { url });
  process.stderr.write(`\n  Chokepoint is listening on ${url}; warming up before it reports ready…\n\n`);

  const warmOptions: WarmUpOptions = {
    hubs: hubCountries(executor),
  };
  if (config.warmStoreBudgetMs > 0) {
    const indexNames = new Set(schemaStatements(ontology).map(schemaObjectName));
    warmOptions.warmStore = () => warmStore(executor, { budgetMs: config.warmStoreBudgetMs, indexNames });
    if (config.neo4j.mode === 'embedded') {
      const bytes = storeBytes(config.neo4j.dataDir);
      const wanted = pageCacheWantedMb(bytes);
      if (wanted > config.neo4j.pageCacheMb) {
        log.warn('the page cache is smaller than the store: warm or not, reads will keep going to the files', {
          storeMb: Math.round(bytes / (1024 * 1024)),
          pageCacheMb: config.neo4j.pageCacheMb,
          hint: `set NEO4J_EMBEDDED_PAGECACHE_MB to at least ${wanted}`,
        });
      }
    }
  }
  // Never retried by runStep and never fatal: the service already serves; /ready waits for this.
  const warmStep = config.warmStoreBudgetMs > 0 ? 'warming up: reading the store into the page cache, then running the playground examples and the hub countries\' timelines once' : 'warming up: running the playground examples and the hub countries\' timelines once';
  warmedUp = await runStep(step(warmStep), { ...context, retries: 0 }, () => warmUpUntilDone(app, database, log, warmOptions));
  let warming: Promise<void> | undefined;
  rewarm = () => {
    warmedUp = false;
    warming ??= warmUpUntilDone(app, database, log, warmOptions).then((ok) => {
      warming = undefined;
      warmedUp = ok;
      if (ok) log.info('ready again after the warm-up', { url });
    });
  };
  if (!warmedUp) return;
  log.info('ready', { url });
  const home = url.replace(/\/graphql$/, '');
  process.stderr.write(
    config.graphiql
      ? `\n  Chokepoint is ready. GraphQL playground: ${url}  explorer: ${home}/explore\n\n`
      : `\n  Chokepoint is ready. GraphQL API: ${url} (playground off: GRAPHIQL=true turns it on)  explorer: ${home}/explore\n\n`,
  );
}

function listen(app: App, config: Config, log: Logger): Promise<ReturnType<typeof createServer>> {
  // Connection limits (headers/body in time, connections per address): src/server/http-server.ts.
  const http = createHttpServer(app, config.http, log);
  return new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => resolve(http));
  });
}

/**
 * Runs the warm-up until it ran on a database that answered; true when it did. An outage during the
 * warm-up must not end the process (it already serves): wait for the database, then run it again —
 * unless the embedded Neo4j could not be restarted (false: the service stays up, not ready). Examples
 * that fail for other reasons are logged, not retried.
 */
async function warmUpUntilDone(app: App, database: Database, log: Logger, options: WarmUpOptions): Promise<boolean> {
  for (let round = 1; !stopping; round++) {
    const result = await warmUp(app, log, options);
    if (!result.failed.some((failure) => failure.code === ErrorCode.DATABASE_UNAVAILABLE)) return true;
    if (database.state() === 'gave-up') {
      log.error('warm-up stopped: the embedded Neo4j could not be restarted; the service stays up but not ready');
      return false;
    }
    log.warn('warm-up ran while Neo4j was unavailable; it runs again once Neo4j answers', { round });
    await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 1_000 * 2 ** Math.min(round - 1, 5))));
    await database.executor.health.waitUntilUp(60_000);
  }
  return false;
}

main().catch(async (error: unknown) => {
  if (
    error instanceof ConfigError ||
    error instanceof OntologyError ||
    error instanceof SeedValidationError ||
    error instanceof PruneRequiredError ||
    error instanceof GraphInputError ||
    error instanceof LauncherSetupError ||
    error instanceof LoadInProgressError ||
    error instanceof StartupError
  ) {
    process.stderr.write(`chokepoint: ${error.message}\n`);
  } else {
    logger?.error('start-up failed', { stack: (error as Error)?.stack ?? String(error) });
    process.stderr.write(`chokepoint: failed to start: ${(error as Error)?.message ?? String(error)} (the stack is in the log line "start-up failed")\n`);
  }
  await db?.close().catch(() => {});
  process.exit(1);
});
