// `npm start`: validate config → open Neo4j (embedded unless NEO4J_URI) → apply constraints and indexes
// → load the seed → serve GraphQL on PORT. SIGINT/SIGTERM stop the server, the driver and the embedded
// Neo4j this process started, in that order.
import { createServer } from 'node:http';
import { ConfigError, loadConfig } from './config/config.ts';
import { applySchema } from './db/apply-schema.ts';
import { openDatabase, type Database } from './db/open-database.ts';
import { LauncherSetupError } from './db/embedded/launcher.ts';
import { loadOntology } from './ontology/ontology.ts';
import { loadSeed, SeedValidationError } from './seed/load-seed.ts';
import { describePlan, GraphInputError, PruneRequiredError } from './seed/write-graph.ts';
import { createApp } from './server/create-app.ts';
import { createLogger } from './server/logger.ts';
import { warmUp } from './server/warm-up.ts';

let db: Database | undefined;
let server: ReturnType<typeof createServer> | undefined;

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const ontology = loadOntology();
  let shuttingDown = false;

  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info('shutting down', { signal });
    const timer = setTimeout(() => {
      logger.error('shutdown took longer than 30 s; exiting');
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
    logger.info('stopped');
    process.exit(0);
  };
  // `on`, not `once`: Ctrl-C and service managers signal the whole process group, and npm forwards the
  // signal too, so a second one arrives while shutting down — the guard above ignores it.
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  db = await openDatabase(config, (line) => logger.info(line));
  await applySchema(db.executor, ontology);
  if (config.seedOnStart) {
    const result = await loadSeed(db.executor, ontology, {
      sourcesDir: config.sourcesDir,
      // SEED_PRUNE: the operator approved deletions at start-up; they are logged before they happen.
      confirmPrune: config.seedPrune
        ? (plan) => {
            logger.warn('the seed prunes what the data no longer has (SEED_PRUNE=true)', { plan: describePlan(plan) });
            return true;
          }
        : undefined,
    });
    const { pruned, ...summary } = result;
    logger.info(result.unchanged ? 'seed unchanged' : 'seed loaded', { ...summary, pruned: pruned?.total ?? 0 });
  }

  const app = createApp({ executor: db.executor, ontology, logger, graphiql: config.graphiql, http: config.http });
  const http = createServer(app);
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, resolve);
  });
  server = http;
  const shownHost = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
  logger.info('listening', { url: `http://${shownHost}:${config.port}/graphql` });
  process.stderr.write(`\n  Chokepoint is ready. GraphQL playground: http://${shownHost}:${config.port}/graphql\n\n`);
  // In the background: serving does not wait for it.
  void warmUp(app, logger).catch((error: unknown) => logger.warn('warm-up failed', { error: String(error) }));
}

main().catch(async (error: unknown) => {
  if (
    error instanceof ConfigError ||
    error instanceof SeedValidationError ||
    error instanceof PruneRequiredError ||
    error instanceof GraphInputError ||
    error instanceof LauncherSetupError
  ) {
    process.stderr.write(`chokepoint: ${error.message}\n`);
  } else if ((error as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
    process.stderr.write(`chokepoint: the HTTP port is already in use (${(error as Error).message}); set PORT to a free port.\n`);
  } else {
    process.stderr.write(`chokepoint: failed to start: ${(error as Error)?.stack ?? String(error)}\n`);
  }
  await db?.close().catch(() => {});
  process.exit(1);
});
