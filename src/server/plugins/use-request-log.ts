// One structured log line per request: method, path, status, operation name (truncated: clients choose
// it), duration and the number of Neo4j round trips it made.
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { truncate } from '../../graphql/echo.ts';
import type { AppContext } from '../../graphql/context.ts';
import type { Logger } from '../../log/logger.ts';
import type { QueryEvent } from '../../db/executor.ts';

interface RequestInfo {
  started: number;
  operation?: string;
  context?: AppContext;
}

export function useRequestLog(logger: Logger): Plugin<AppContext> {
  const requests = new WeakMap<Request, RequestInfo>();
  return {
    onRequest({ request }) {
      requests.set(request, { started: performance.now() });
    },
    onParams({ request, params }) {
      // Known before parsing, so requests refused before execution are logged with it too.
      const info = requests.get(request);
      if (info && typeof params.operationName === 'string') info.operation = truncate(params.operationName);
    },
    onExecute({ args }) {
      const info = requests.get((args.contextValue as AppContext & { request: Request }).request);
      if (!info) return;
      info.operation = truncate(getOperationAST(args.document, args.operationName)?.name?.value ?? args.operationName ?? '(anonymous)');
      info.context = args.contextValue;
    },
    onResponse({ request, response }) {
      const info = requests.get(request);
      if (!info) return;
      const url = new URL(request.url);
      // Probes hit /health and /ready every few seconds; keep them out of the info log.
      const log = url.pathname === '/health' || url.pathname === '/ready' ? logger.debug : logger.info;
      log('request', {
        method: request.method,
        path: url.pathname,
        status: response.status,
        operation: info.operation,
        ms: Math.round((performance.now() - info.started) * 10) / 10,
        // A request refused before execution made no round trips.
        dbQueries: info.context?.queries.length ?? 0,
        // Time inside the database calls (as the driver saw it): the rest of `ms` is Node (parse, resolve, serialise).
        dbMs: Math.round((info.context?.queries ?? []).reduce((sum, q) => sum + q.ms, 0) * 10) / 10,
        // Which statement took longest, so a slow request says where without a profiler.
        ...slowestQuery(info.context?.queries ?? []),
      });
    },
  };
}

/** `slowestQuery` (the statement's name) and `slowestQueryMs`, when the request ran any statement. */
function slowestQuery(queries: readonly QueryEvent[]): { slowestQuery?: string; slowestQueryMs?: number } {
  let slowest: QueryEvent | undefined;
  for (const query of queries) if (!slowest || query.ms > slowest.ms) slowest = query;
  return slowest ? { slowestQuery: slowest.name, slowestQueryMs: Math.round(slowest.ms * 10) / 10 } : {};
}
