// Answers a read operation asked again on the same graph version from memory (issue 24 item 5), and a
// GET whose If-None-Match holds the answer's ETag with 304. The version is read from Neo4j on every
// request (one indexed row), so a reload or an accepted change made by any process is seen at once.
// Runs after the limits, auth and the cost budget: a cached answer is refused or charged like any other.
import { Kind, type DocumentNode, type OperationDefinitionNode, type SelectionSetNode, getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Executor } from '../../db/executor.ts';
import { readServedVersion } from '../../cypher/graph-state.ts';
import { GRAPH_LOADING_VERSION } from '../../cypher/fragments.ts';
import type { AppContext } from '../../graphql/context.ts';
import { ResponseCache } from './response-cache.ts';

/** `hit`, `miss` (answered by the database; `stored` says whether it was kept), or `bypass` (not cacheable, or the client asked). */
export const CACHE_HEADER = 'Chokepoint-Cache';
/** The process's running totals: `hits=…, misses=…, entries=…, bytes=…`. */
export const CACHE_STATS_HEADER = 'Chokepoint-Cache-Stats';

/**
 * Query fields whose answer depends on the graph version alone. Everything else is never cached:
 * `proposals`/`proposal` (pending proposals change without a new version), `apiKeys` and `me` (differ
 * by key), `history`, `changes` and `needingReview` (the curation side; the feed has its own polling),
 * introspection.
 * A test lists every Query field as one or the other, so a new field needs a decision.
 */
export const VERSIONED_READ_FIELDS: ReadonlySet<string> = new Set([
  'search',
  'searchEvidence',
  'entity',
  'measures',
  'relationships',
  'relationship',
  'sources',
  'source',
  'path',
  'timeline',
  'relationshipTypes',
  'stats',
]);

export interface ResponseCacheOptions {
  executor: Executor;
  cache: ResponseCache;
}

interface RequestState {
  outcome: 'hit' | 'miss' | 'stored' | 'bypass';
  etag?: string;
  notModified?: boolean;
}

export function useResponseCache({ executor, cache }: ResponseCacheOptions): Plugin<AppContext> {
  const states = new WeakMap<Request, RequestState>();
  const readVersion = async (context: AppContext): Promise<string | null> => {
    const [row] = await executor.read(readServedVersion, {}, (event) => context.queries.push(event));
    return (row?.graphVersion as string | null | undefined) ?? null;
  };
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const context = args.contextValue as AppContext & { request: Request; params?: { query?: string } };
      const request = context.request;
      const operation = getOperationAST(args.document, args.operationName);
      // A GET with If-None-Match is checked even under `Cache-Control: no-cache`: fetch() adds that header
      // to every conditional request (the Fetch standard), and no-cache asks the origin to validate, which
      // comparing the ETag with the current version's does. Nothing is served from memory or kept for it.
      const bypass = request ? clientBypasses(request) : true;
      const revalidates = request?.method === 'GET' && request.headers.has('if-none-match');
      if (!request || !operation || !isVersionedRead(operation, args.document) || (bypass && !revalidates)) {
        if (request) states.set(request, { outcome: 'bypass' });
        return;
      }
      let version: string | null;
      try {
        version = await readVersion(context);
      } catch {
        // The statements of the operation meet the same fault and report it in their own words.
        states.set(request, { outcome: 'bypass' });
        return;
      }
      if (!version || version === GRAPH_LOADING_VERSION) {
        states.set(request, { outcome: 'bypass' });
        return;
      }
      cache.useVersion(version);
      const key = ResponseCache.key({
        version,
        document: context.params?.query ?? '',
        operationName: args.operationName ?? null,
        variables: args.variableValues ?? null,
      });
      const etag = `"${key}"`;
      const state: RequestState = { outcome: 'miss', etag };
      states.set(request, state);
      if (request.method === 'GET' && matchesEtag(request.headers.get('if-none-match'), etag)) {
        // The client holds this very answer of this very version: nothing to send.
        context.graph.observe(version);
        state.notModified = true;
        state.outcome = 'hit';
        cache.hits++;
        setResultAndStopExecution({ data: null });
        return;
      }
      if (bypass) {
        state.outcome = 'bypass';
        return;
      }
      const answer = cache.get(key);
      if (answer) {
        context.graph.observe(version);
        state.outcome = 'hit';
        setResultAndStopExecution({ data: answer.data as Record<string, unknown> });
        return;
      }
      return {
        async onExecuteDone({ result }) {
          if (!('data' in result) || result.errors?.length || !result.data) return;
          // A partial answer (a path search out of budget) is not the answer to keep.
          if (context.repo.partialAnswers.length > 0) return;
          // Every statement must have read this version, and the graph must still be at it now: rows
          // read outside a plan (batched look-ups) carry no version, so the second read closes the gap.
          for (const seen of context.graph.seen) if (seen !== version) return;
          let now: string | null;
          try {
            now = await readVersion(context);
          } catch {
            return;
          }
          if (now !== version) return;
          if (cache.set(key, version, result.data)) state.outcome = 'stored';
        },
      };
    },
    onResponse({ request, response, setResponse, fetchAPI }) {
      const state = states.get(request);
      if (!state) return;
      const stats = cache.stats();
      const headers: Record<string, string> = {
        [CACHE_HEADER]: state.outcome,
        [CACHE_STATS_HEADER]: `hits=${stats.hits}, misses=${stats.misses}, entries=${stats.entries}, bytes=${stats.bytes}`,
      };
      // An ETag only for an answer that is whole and of one version (a hit, or one just kept).
      if (state.etag && (state.outcome === 'hit' || state.outcome === 'stored')) {
        headers.ETag = state.etag;
        // Caches between us and the client must ask again (If-None-Match) before reusing it.
        headers['Cache-Control'] = 'no-cache';
      }
      if (state.notModified) {
        const kept = new fetchAPI.Headers(headers);
        for (const name of ['Chokepoint-Graph-Version', 'Access-Control-Allow-Origin', 'Vary']) {
          const value = response.headers.get(name);
          if (value) kept.set(name, value);
        }
        setResponse(new fetchAPI.Response(null, { status: 304, headers: kept }));
        return;
      }
      for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    },
  };
}

/**
 * A query (not a mutation or subscription) whose root fields all depend on the graph version alone, and
 * that asks for at least one of them: a document of `__typename` alone reads nothing worth keeping, and
 * looking its version up would cost the database round trip it otherwise does not need.
 */
function isVersionedRead(operation: OperationDefinitionNode, document: DocumentNode): boolean {
  const seen = { versioned: false };
  return operation.operation === 'query' && rootFieldsAre(operation.selectionSet, document, new Set(), seen) && seen.versioned;
}

function rootFieldsAre(selections: SelectionSetNode, document: DocumentNode, visited: Set<string>, seen: { versioned: boolean }): boolean {
  for (const selection of selections.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === '__typename') continue;
      if (!VERSIONED_READ_FIELDS.has(selection.name.value)) return false;
      seen.versioned = true;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (!rootFieldsAre(selection.selectionSet, document, visited, seen)) return false;
    } else {
      const name = selection.name.value;
      if (visited.has(name)) continue;
      visited.add(name);
      const fragment = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === name);
      if (!fragment || fragment.kind !== Kind.FRAGMENT_DEFINITION || !rootFieldsAre(fragment.selectionSet, document, visited, seen)) return false;
    }
  }
  return true;
}

/** `Cache-Control: no-cache` or `no-store` on the request: answer from the database (the benchmark sends it). */
function clientBypasses(request: Request): boolean {
  const control = request.headers.get('cache-control')?.toLowerCase() ?? '';
  return /(^|[\s,])no-(cache|store)($|[\s,=])/.test(control);
}

/** If-None-Match holds `etag` (a list, weak or strong; `*` is not honoured: it would answer 304 to any question). */
function matchesEtag(header: string | null, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
}
