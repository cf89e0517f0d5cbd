// While the service warms up (at start, and again after Neo4j came back: a restarted JVM is cold), GraphQL
// requests get a quick 503 WARMING_UP with Retry-After instead of queueing behind the warm-up on a cold
// JVM (issue 19 row 12: requests stalled up to 11.7 s after a kill -9). The warm-up's own requests pass.
import type { Plugin } from 'graphql-yoga';
import { ErrorCode } from '../../errors/api-errors.ts';

/** The server context the warm-up passes to `app.fetch` (src/server/warm-up.ts): let through the gate. */
export const WARM_UP_CONTEXT = { chokepointWarmUp: true } as const;

export interface WarmGateOptions {
  /** False while the warm-up has not finished (main's readiness source). */
  warmedUp: () => boolean;
  /** The GraphQL endpoint. @default /graphql */
  endpoint?: string;
  /** Seconds a client should wait. @default 2 */
  retryAfterSeconds?: number;
}

export function useWarmGate(options: WarmGateOptions): Plugin {
  const endpoint = options.endpoint ?? '/graphql';
  const retryAfter = options.retryAfterSeconds ?? 2;
  const body = JSON.stringify({
    errors: [
      {
        message: `The service is warming up (the database was just started or came back, and its first answers are slow); retry in ${retryAfter} s. /ready says 200 once it is done.`,
        extensions: { code: ErrorCode.WARMING_UP, retryAfterSeconds: retryAfter },
      },
    ],
    data: null,
  });
  return {
    onRequest({ request, serverContext, endResponse, url }) {
      if (options.warmedUp() || (serverContext as { chokepointWarmUp?: boolean } | undefined)?.chokepointWarmUp) return;
      // The playground page (a browser's GET for HTML) is not a query.
      if (url.pathname !== endpoint || (request.method === 'GET' && request.headers.get('accept')?.includes('text/html'))) return;
      endResponse(new Response(body, { status: 503, headers: { 'content-type': 'application/json', 'retry-after': String(retryAfter) } }));
    },
  };
}
