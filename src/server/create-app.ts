// Builds the HTTP application (graphql-yoga) from its dependencies; `main` listens. Tests build it the
// same way and call `app.fetch` in-process. Plugins run in order, each with one job.
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { DEFAULT_HTTP, type HttpConfig } from '../config/config.ts';
import type { Executor, QueryEvent } from '../db/executor.ts';
import type { Ontology } from '../ontology/ontology.ts';
import { buildSchema } from '../graphql/build-schema.ts';
import type { AppContext } from '../graphql/context.ts';
import { useSseEventIds } from './plugins/use-sse-event-ids.ts';
import { GraphVersionTracker } from '../graphql/graph-version.ts';
import { LIMITS } from '../limits/limits.ts';
import { createCostModel } from '../graphql/query-cost.ts';
import { Repository, type ResolvedName } from '../repository/repository.ts';
import { NameCache } from '../repository/name-cache.ts';
import { TimelineTotals } from '../repository/timeline-totals.ts';
import { checkApiContract } from '../cypher/api-contract.ts';
import { loadExamples } from './graphiql-examples.ts';
import type { Logger } from '../log/logger.ts';
import { createMaskError } from './mask-error.ts';
import { useQueryLimits } from './plugins/use-query-limits.ts';
import { useCors } from './plugins/use-cors.ts';
import { useCostBudget } from './plugins/use-cost-budget.ts';
import { useCsrfPrevention } from './plugins/use-csrf-prevention.ts';
import { useRequestBodyLimit } from './plugins/use-request-body-limit.ts';
import { useParseCache } from './plugins/use-parse-cache.ts';
import { useTokenLimit } from './plugins/use-token-limit.ts';
import { useValueDepthLimit } from './plugins/use-value-depth-limit.ts';
import { useVariableCheck } from './plugins/use-variable-check.ts';
import { useTruncatedEchoes } from './plugins/use-truncated-echoes.ts';
import { useRequestLog } from './plugins/use-request-log.ts';
import { useExactEndpoint } from './plugins/use-exact-endpoint.ts';
import { useQueryStats } from './plugins/use-query-stats.ts';
import { useGraphVersion } from './plugins/use-graph-version.ts';
import { useExports } from '../export/use-exports.ts';
import { useReadiness, type ReadinessSource } from './plugins/use-readiness.ts';
import { useWarmGate } from './plugins/use-warm-gate.ts';
import { useWebPages } from './plugins/use-web-pages.ts';
import { usePartialAnswers } from './plugins/use-partial-answers.ts';
import { ApiKeys } from '../auth/api-keys.ts';
import { useAuth } from '../auth/use-auth.ts';
import { useExportKeys } from '../auth/use-export-keys.ts';
import { createJwtVerifier } from '../auth/jwt.ts';
import { Curation, type CurationOptions } from '../curation/curation.ts';
import { ProposeFromSource } from '../curation/propose-from-source.ts';
import type { ResponseCacheLimits } from '../config/config.ts';
import { ResponseCache } from './response-cache/response-cache.ts';
import { useResponseCache } from './response-cache/use-response-cache.ts';

export interface AppDeps {
  executor: Executor;
  ontology: Ontology;
  logger: Logger;
  /** Serve GraphiQL at /graphql for browsers. @default true */
  graphiql?: boolean;
  /** Add `extensions.dbQueries` (round trips to Neo4j) to every response; for tests and benchmarks. @default false */
  exposeQueryStats?: boolean;
  /** Request limits and browser rules (config `http`). @default DEFAULT_HTTP */
  http?: Partial<HttpConfig>;
  /** The clock of the cost budgets, in ms (tests pass their own). @default Date.now */
  clock?: () => number;
  /** Rows per batch of the bulk exports (tests make it small to cross batch boundaries). @default 5000 */
  exportBatchRows?: number;
  /** Where the built browser assets are (scripts/build-web.mjs). @default dist/public */
  assetsDir?: string;
  /** What /ready needs beyond a database ping (warm-up, the embedded JVM's state); `main` passes it. */
  readiness?: ReadinessSource;
  /** The write side's clock and test hooks (src/curation/curation.ts). */
  curation?: CurationOptions;
  /** Answers of read operations kept per graph version (config `responseCache`); absent or maxBytes 0: off. @default off */
  responseCache?: ResponseCacheLimits | ResponseCache;
}

const GRAPHQL_ENDPOINT = '/graphql';

export type App = YogaServerInstance<Record<string, unknown>, AppContext>;

export function createApp(deps: AppDeps): App {
  checkApiContract(deps.ontology);
  const schema = buildSchema(deps.ontology);
  // Name resolutions remembered per graph version across requests (src/repository/name-cache.ts).
  const names = new NameCache<ResolvedName>();
  // Timeline totals per graph version, so paging a hub's timeline counts it once (issue 24).
  const timelineTotals = new TimelineTotals();
  const examples = loadExamples();
  const http: HttpConfig = { ...DEFAULT_HTTP, ...deps.http };
  const costModel = createCostModel(schema, deps.ontology);
  const keys = new ApiKeys(deps.executor);
  // JWTs from an identity provider, when configured (JWT_SECRET / JWT_JWKS_URL): one verifier, its key set cached.
  const jwt = http.jwt ? createJwtVerifier(http.jwt) : undefined;
  const curation = new Curation(deps.executor, deps.ontology, deps.curation);
  const proposeFromSource = new ProposeFromSource(deps.executor, deps.ontology, curation);
  return createYoga<Record<string, unknown>, AppContext>({
    schema,
    graphqlEndpoint: GRAPHQL_ENDPOINT,
    healthCheckEndpoint: '/health',
    landingPage: false,
    logging: false,
    // useRequestBodyLimit replaces yoga's own limit (25 MB, with a message that names no figures),
    // useParseCache its parse cache (1024 documents of any size).
    maxRequestBodySize: false,
    parserAndValidationCache: false,
    // useCors replaces yoga's CORS, which reflected every Origin with credentials; no file uploads.
    cors: false,
    multipart: false,
    maskedErrors: { maskError: createMaskError(deps.logger) },
    // The playground is one of the web pages (useWebPages): its assets split out, compressed, cached.
    graphiql: false,
    context: (): AppContext => {
      const queries: QueryEvent[] = [];
      const graph = new GraphVersionTracker();
      return {
        ontology: deps.ontology,
        queries,
        planErrors: new Map(),
        graph,
        keys,
        curation,
        proposeFromSource,
        repo: new Repository(deps.executor, deps.ontology, {
          observe: (event) => queries.push(event),
          onGraphVersion: (version) => graph.observe(version),
          names,
          timelineTotals,
        }),
      };
    },
    // In the order a request meets them: probes, then the body, the document, the variables, the cost.
    plugins: [
      useRequestLog(deps.logger),
      // `/graphql` only: yoga alone would also answer on `/anything/graphql`.
      useExactEndpoint(GRAPHQL_ENDPOINT),
      useCors({ origins: http.corsOrigins }),
      useReadiness(deps.executor, deps.readiness),
      // While warming up (start, or Neo4j back cold), queries get a quick 503 WARMING_UP instead of stalling.
      ...(deps.readiness ? [useWarmGate({ warmedUp: deps.readiness.warmedUp })] : []),
      // `/`, `/explore`, the playground and their assets (/assets/*), from memory.
      useWebPages({
        logger: deps.logger,
        assetsDir: deps.assetsDir,
        trustProxy: http.trustProxy,
        now: deps.clock,
        playground:
          deps.graphiql === false
            ? false
            : {
                title: 'Chokepoint',
                defaultTabs: examples.map((example) => ({ query: example.query })),
                defaultQuery: examples[0]?.query,
              },
      }),
      // With READS_REQUIRE_KEY, the exports need a key like every read.
      useExportKeys({ keys, readsRequireKey: http.readsRequireKey, jwt }),
      // Bulk exports under /export/ (CSV, JSON Lines, Parquet, GraphML), streamed.
      useExports({
        executor: deps.executor,
        ontology: deps.ontology,
        logger: deps.logger,
        batchRows: deps.exportBatchRows,
        limits: { maxConcurrent: http.exportsMaxConcurrent, perClient: http.exportsPerClient },
        trustProxy: http.trustProxy,
        idleTimeoutMs: http.exportIdleTimeoutMs,
      }),
      useCsrfPrevention({ endpoint: GRAPHQL_ENDPOINT }),
      useRequestBodyLimit({ maxBytes: http.maxRequestBytes }),
      useTokenLimit({ maxTokens: LIMITS.maxTokens }),
      // Values nested too deep (literals and variables) before anything recurses over them.
      useValueDepthLimit(),
      useParseCache(),
      useTruncatedEchoes(),
      useVariableCheck(),
      useQueryLimits({ limits: LIMITS, costModel }),
      // Who the request acts for, and whether its role allows every field it asks for (before the budget: it is kept per key).
      useAuth({ keys, readsRequireKey: http.readsRequireKey, jwt }),
      useCostBudget({ costPerMinute: http.rateLimitCostPerMinute, trustProxy: http.trustProxy, costModel, now: deps.clock }),
      useGraphVersion(),
      usePartialAnswers(),
      // Subscriptions stream with SSE ids (the change seq), so a reconnect resumes by Last-Event-ID.
      useSseEventIds(),
      ...(deps.exposeQueryStats ? [useQueryStats()] : []),
      // Last: a cached answer is still refused or charged by everything above (decision 0022).
      ...responseCachePlugins(deps),
    ],
  });
}

function responseCachePlugins(deps: AppDeps) {
  const given = deps.responseCache;
  if (!given) return [];
  const cache = given instanceof ResponseCache ? given : given.maxBytes > 0 ? new ResponseCache(given) : undefined;
  return cache ? [useResponseCache({ executor: deps.executor, cache })] : [];
}
