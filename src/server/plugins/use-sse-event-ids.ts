// Streams subscription results as Server-Sent Events that carry an `id:` — the position the subscription's
// resolver names for each event (the change feed's seq) — so a client that reconnects sends it back as
// `Last-Event-ID` and resumes there (decision 0029). graphql-yoga 5's own SSE writer emits no ids; this
// replaces it for subscriptions only and otherwise writes the same stream (pings, `next`, `complete`).
import type { ExecutionResult, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { AppContext, SseEvent } from '../../graphql/context.ts';

export interface SseEventIdsOptions {
  /** How often an idle stream sends a comment line so proxies keep it open, in ms. @default 12000 (as yoga) */
  pingMs?: number;
}

const HEADERS = {
  'Content-Type': 'text/event-stream',
  Connection: 'keep-alive',
  'Cache-Control': 'no-cache',
  'Content-Encoding': 'none',
};

export function useSseEventIds({ pingMs = 12_000 }: SseEventIdsOptions = {}): Plugin<AppContext> {
  const subscriptions = new WeakMap<Request, SseEvent>();
  return {
    onContextBuilding({ extendContext }) {
      extendContext({ sseEvent: { id: null } });
    },
    onSubscribe({ args }) {
      const context = args.contextValue as AppContext;
      if (context.request && context.sseEvent) subscriptions.set(context.request, context.sseEvent);
    },
    onResultProcess({ request, result, resultProcessor, setResultProcessor }) {
      const event = subscriptions.get(request);
      // Yoga (whose plugin runs first) chose its SSE writer: the only one it has for a subscription's stream.
      // A single result (e.g. the subscription was refused with an error) keeps yoga's writer and status.
      if (!event || !resultProcessor || !isAsyncIterable(result)) return;
      setResultProcessor((stream) => sseResponse(stream as AsyncIterable<ExecutionResult>, event, pingMs), 'text/event-stream');
    },
  };
}

/**
 * One response whose body writes each result as `id: <event.id>` (when the resolver set one), `event: next`
 * and `data: <json>`, then `event: complete`. Pings are comment lines and never carry an id, so they never
 * move the client's resume position. Exported for its unit test.
 */
export function sseResponse(results: AsyncIterable<ExecutionResult>, event: SseEvent, pingMs: number): Response {
  const encoder = new TextEncoder();
  const iterator = results[Symbol.asyncIterator]();
  let ping: NodeJS.Timeout | undefined;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      // Some clients see no headers until the first bytes arrive: send a comment at once.
      controller.enqueue(encoder.encode(':\n\n'));
      ping = setInterval(() => {
        if (controller.desiredSize === null) clearInterval(ping);
        else if (controller.desiredSize > 0) controller.enqueue(encoder.encode(':\n\n'));
      }, pingMs);
    },
    async pull(controller) {
      try {
        // The resolver runs inside next() and names this event's id; nothing else runs in between.
        event.id = null;
        const { value, done } = await iterator.next();
        if (value != null) {
          const id = event.id === null ? '' : `id: ${event.id}\n`;
          controller.enqueue(encoder.encode(`${id}event: next\ndata: ${JSON.stringify(withoutInternals(value))}\n\n`));
        }
        if (done) {
          controller.enqueue(encoder.encode('event: complete\ndata:\n\n'));
          clearInterval(ping);
          controller.close();
        }
      } catch (error) {
        clearInterval(ping);
        controller.error(error);
      }
    },
    async cancel() {
      clearInterval(ping);
      await iterator.return?.();
    },
  });
  return new Response(body, { status: 200, headers: HEADERS });
}

/** What a client sees of a result: no HTTP hints (`http`) or masking marks (`unexpected`), as yoga writes it. */
function withoutInternals(result: ExecutionResult): ExecutionResult {
  const { http: _http, ...extensions } = (result.extensions ?? {}) as Record<string, unknown>;
  return {
    ...result,
    ...(result.errors ? { errors: result.errors.map(errorOut) as unknown as GraphQLError[] } : {}),
    extensions: Object.keys(extensions).length > 0 ? extensions : undefined,
  };
}

function errorOut(error: GraphQLError) {
  const json = error.toJSON();
  const { http: _http, unexpected: _unexpected, ...extensions } = (json.extensions ?? {}) as Record<string, unknown>;
  return { ...json, extensions: Object.keys(extensions).length > 0 ? extensions : undefined };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}
