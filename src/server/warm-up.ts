// After start-up, reads the store into Neo4j's page cache (src/store/warm-store.ts, when given), runs the
// playground's example queries once in-process, then the timelines of the graph's hub countries (when
// given), so Neo4j holds the pages, has planned their Cypher and the JIT has warmed before the first
// analyst asks (the first query in a fresh JVM takes seconds, later ones tens of milliseconds). It also
// smoke-tests the examples against the live data.
// `main` reports the service ready only after it (and runs it again if the database was unavailable).
import type { App } from './create-app.ts';
import { loadExamples } from './graphiql-examples.ts';
import type { Logger } from '../log/logger.ts';
import { WARM_UP_CONTEXT } from './plugins/use-warm-gate.ts';
import { ErrorCode } from '../errors/api-errors.ts';
import { DatabaseUnavailableError } from '../db/errors.ts';
import type { WarmStoreResult } from '../store/warm-store.ts';
import type { Executor } from '../db/executor.ts';
import { largestCountries } from '../cypher/entities.ts';

export interface WarmUpResult {
  ms: number;
  /** Examples that answered with errors, and the first error's code. */
  failed: Array<{ file: string; code: string | undefined }>;
}

/**
 * Passes over the examples: an example that ran past QUERY_TIMEOUT_MS on the cold JVM is run again (its
 * plan is cached and its pages are read by then), up to this many times, so /ready does not say 200 while
 * the first analyst's question would still time out (issue 19 row 12: after a kill -9 on a busy machine
 * the headline timed out in the warm-up and then again, 10.7 s, for the first client after /ready 200).
 */
const MAX_PASSES = 3;

export interface WarmUpOptions {
  /** Reads the store into the page cache first (main passes `warmStore` bound to its executor and budget). */
  warmStore?: () => Promise<WarmStoreResult>;
  /**
   * Ids of the graph's hub countries, whose timelines are asked after the examples: the examples' small
   * entities never walk in date order (decision 0009, session-9 addendum: on M, Valdoria's first page
   * after a restart 105–114 ms without this, 49 with it).
   */
  hubs?: () => Promise<string[]>;
}

/** Hub countries whose timelines the warm-up asks (on M the first two walk in date order, the third reads per entity). */
export const WARM_UP_HUBS = 3;

/** The `hubs` option: the countries with the most relationships. */
export function hubCountries(executor: Executor, limit = WARM_UP_HUBS): () => Promise<string[]> {
  return async () => (await executor.read(largestCountries, { limit })).map((row) => String(row.id));
}

/** What the warm-up asks of each hub country: a first page with its total, events with both ends. */
export const HUB_TIMELINE = `query WarmUpHubTimeline($entity: ID!) {
  timeline(entity: $entity, first: 50) {
    totalCount
    nodes { id kind title date { start precision } policy { id name } relationship { id type from { id name } to { id name } } }
  }
}`;

export async function warmUp(app: App, logger: Logger, options: WarmUpOptions = {}): Promise<WarmUpResult> {
  const started = performance.now();
  const failed: WarmUpResult['failed'] = [];
  if (options.warmStore) {
    try {
      const store = await options.warmStore();
      if (store.small) logger.info('warm-up: the store is small; its pages are read on first use', { ms: store.ms });
      else if (store.complete) logger.info('warm-up: the store is read into the page cache', { ...store });
      else logger.warn('warm-up: the store was read only in part (time budget WARM_STORE_BUDGET_MS, or a statement failed); the rest stays cold', { ...store });
    } catch (error) {
      if (!(error instanceof DatabaseUnavailableError)) throw error;
      // The caller's loop waits for the database and runs the whole warm-up again.
      return { ms: Math.round(performance.now() - started), failed: [{ file: '(the store)', code: ErrorCode.DATABASE_UNAVAILABLE }] };
    }
  }
  const ask = async (query: string, variables?: Record<string, unknown>) => {
    // WARM_UP_CONTEXT lets these through the gate that answers other requests 503 WARMING_UP meanwhile.
    const response = await app.fetch(
      'http://warm-up/graphql',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) },
      WARM_UP_CONTEXT,
    );
    const body = (await response.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
    return body.errors?.length ? (body.errors[0]?.extensions?.code ?? 'UNKNOWN') : null;
  };
  let pending: Array<{ file: string; query: string; variables?: Record<string, unknown> }> = loadExamples();
  if (options.hubs) {
    try {
      const hubs = await options.hubs();
      pending = [...pending, ...hubs.map((id) => ({ file: `(the timeline of ${id})`, query: HUB_TIMELINE, variables: { entity: id } }))];
    } catch (error) {
      if (!(error instanceof DatabaseUnavailableError)) throw error;
      return { ms: Math.round(performance.now() - started), failed: [{ file: '(the hub countries)', code: ErrorCode.DATABASE_UNAVAILABLE }] };
    }
  }
  for (let pass = 1; pass <= MAX_PASSES && pending.length > 0; pass++) {
    const slow: typeof pending = [];
    for (const example of pending) {
      const code = await ask(example.query, example.variables);
      if (code === ErrorCode.QUERY_TIMEOUT && pass < MAX_PASSES) slow.push(example);
      else if (code !== null) failed.push({ file: example.file, code });
    }
    if (slow.length > 0) logger.info('warm-up: examples that timed out on the cold database run again', { pass, examples: slow.map((e) => e.file) });
    pending = slow;
  }
  const ms = Math.round(performance.now() - started);
  if (failed.length > 0) logger.warn('warm-up: some example queries failed', { failed, ms });
  else logger.info('warm-up done', { ms });
  return { ms, failed };
}
