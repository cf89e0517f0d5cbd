// A small closed-loop load for fault tests: N clients each send one GraphQL request after another until
// told to stop, and every outcome is recorded (status, error code, Retry-After, when it started and ended).
// A request that gets no answer within `abortAfterMs` is recorded as hung instead of blocking the test.

export interface Outcome {
  startedAt: number;
  endedAt: number;
  /** HTTP status; 0 when the request hung or the connection failed. */
  status: number;
  code?: string;
  retryAfter?: string | null;
  hasData: boolean;
  hung: boolean;
}

export interface Load {
  outcomes: Outcome[];
  /** Stop sending; resolves once every client's last request has finished. */
  stop(): Promise<void>;
}

export function startLoad(url: string, queries: string[], clients: number, abortAfterMs = 90_000): Load {
  const outcomes: Outcome[] = [];
  let running = true;
  const client = async (index: number) => {
    for (let i = index; running; i++) {
      const query = queries[i % queries.length]!;
      const startedAt = Date.now();
      try {
        const response = await fetch(`${url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ query }),
          signal: AbortSignal.timeout(abortAfterMs),
        });
        const body = (await response.json()) as { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> };
        outcomes.push({
          startedAt,
          endedAt: Date.now(),
          status: response.status,
          code: body.errors?.[0]?.extensions?.code,
          retryAfter: response.headers.get('retry-after'),
          hasData: body.data !== undefined && body.data !== null,
          hung: false,
        });
      } catch (error) {
        const hung = (error as Error).name === 'TimeoutError';
        outcomes.push({ startedAt, endedAt: Date.now(), status: 0, hasData: false, hung });
        // A refused connection would spin: back off a little.
        if (!hung) await new Promise((r) => setTimeout(r, 100));
      }
    }
  };
  const done = Promise.all(Array.from({ length: clients }, (_, i) => client(i)));
  return {
    outcomes,
    async stop() {
      running = false;
      await done;
    },
  };
}
