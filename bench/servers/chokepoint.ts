// The Chokepoint API as the benchmark serves it: the real app (src/server/create-app.ts) in its own
// process, so the load generator does not share its event loop. Started by bench/lib/systems.ts.
import { Executor } from '../../src/db/executor.ts';
import { loadOntology } from '../../src/ontology/ontology.ts';
import { createApp } from '../../src/server/create-app.ts';
import { createLogger } from '../../src/log/logger.ts';
import { DEFAULT_RESPONSE_CACHE } from '../../src/config/config.ts';
import { hubCountries, warmUp } from '../../src/server/warm-up.ts';
import { benchDriver, connectionFromEnv, serve } from './serve.ts';

const connection = connectionFromEnv();
// The transaction timeout the API runs with by default (QUERY_TIMEOUT_MS, 10 s).
const executor = new Executor(benchDriver(connection), { database: connection.database, timeoutMs: 10_000 });
// One load generator on loopback is one client: without this, the per-client cost budget would throttle it.
// The playground only for --playground-load (its pages' own per-client byte budget stays on).
const graphiql = process.env.BENCH_CHILD_PLAYGROUND === '1';
// Errors go to stderr: stdout carries the LISTENING line, and the bench shows stderr when requests fail.
const logger = createLogger('error', (line) => process.stderr.write(line + '\n'));
// The response cache with the deployed default bounds, only for --cache: the other sections (curation's
// reads among them) ask without `Cache-Control: no-cache`, and their figures are of the uncached API.
const responseCache = process.env.BENCH_CHILD_RESPONSE_CACHE === '1' ? DEFAULT_RESPONSE_CACHE : undefined;
const app = createApp({ executor, ontology: loadOntology(), logger, graphiql, http: { rateLimitCostPerMinute: 0 }, ...(responseCache ? { responseCache } : {}) });
await serve(app, () => executor.close());
// Told by the bench once the graph is loaded (bench/lib/systems.ts): as `npm start` does before /ready says
// 200, the playground examples and the hub countries' timelines once (the store itself is read into the
// page cache by bench/run.ts, for every system).
process.stdin.on('data', (data: Buffer) => {
  if (!data.toString().includes('warm-up')) return;
  void warmUp(app, logger, { hubs: hubCountries(executor) }).then(
    (result) => process.stdout.write(`WARMED ${result.ms}\n`),
    (error: unknown) => {
      process.stderr.write(`the warm-up failed: ${String(error)}\n`);
      process.exit(1);
    },
  );
});
