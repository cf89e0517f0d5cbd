// A subscriber of the change feed over SSE (`subscription { changes(since:) }`), as a client would hold
// one: it notes when each event arrives (performance.now(), this process's clock), so the benchmark and
// the feed's tests can tell how long a committed change took to reach it.

export interface FeedEvent {
  seq: number;
  kind: string;
  itemId: string;
  /** performance.now() when the event was read off the stream. */
  receivedAt: number;
}

export interface FeedSubscription {
  readonly events: FeedEvent[];
  /** Resolves when the server has answered with an event stream. */
  readonly opened: Promise<void>;
  /** Resolves with the first event of sequence number `seq` or later; rejects after `timeoutMs`. */
  waitFor(seq: number, timeoutMs: number): Promise<FeedEvent>;
  /** Closes the stream (the server stops following at once); rejects if the stream had failed. */
  stop(): Promise<void>;
}

const SUBSCRIPTION = 'subscription ($since: Int) { changes(since: $since) { seq kind itemId } }';

/** Parses the SSE blocks in `text`; returns the `data:` payloads and what is left of an unfinished block. */
export function parseSseBlocks(text: string): { data: string[]; rest: string } {
  const data: string[] = [];
  let rest = text;
  let end: number;
  while ((end = rest.indexOf('\n\n')) >= 0) {
    const block = rest.slice(0, end);
    rest = rest.slice(end + 2);
    const lines = block.split('\n').filter((line) => line.startsWith('data:'));
    if (lines.length > 0) data.push(lines.map((line) => line.slice(5).trimStart()).join('\n'));
  }
  return { data, rest };
}

export function subscribeFeed(url: string, since: number, headers: Record<string, string> = {}): FeedSubscription {
  const events: FeedEvent[] = [];
  const waiters = new Set<() => void>();
  const controller = new AbortController();
  let failure: Error | undefined;
  let markOpened!: () => void;
  let failOpen!: (error: Error) => void;
  const opened = new Promise<void>((resolve, reject) => {
    markOpened = resolve;
    failOpen = reject;
  });
  opened.catch(() => {});
  const done = (async () => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
      body: JSON.stringify({ query: SUBSCRIPTION, variables: { since } }),
      signal: controller.signal,
    });
    if (!response.ok || !response.headers.get('content-type')?.includes('text/event-stream')) {
      throw new Error(`the feed answered HTTP ${response.status} (${response.headers.get('content-type')}): ${(await response.text()).slice(0, 500)}`);
    }
    markOpened();
    const decoder = new TextDecoder();
    let pending = '';
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      const receivedAt = performance.now();
      const parsed = parseSseBlocks(pending + decoder.decode(chunk, { stream: true }));
      pending = parsed.rest;
      for (const data of parsed.data) {
        const message = JSON.parse(data) as { data?: { changes: Omit<FeedEvent, 'receivedAt'> }; errors?: unknown[] };
        if (message.errors) throw new Error(`the feed sent errors: ${JSON.stringify(message.errors)}`);
        if (message.data) events.push({ ...message.data.changes, receivedAt });
      }
      for (const wake of [...waiters]) wake();
    }
  })().catch((error: Error) => {
    if (error.name === 'AbortError') return;
    failure = error;
    failOpen(error);
    for (const wake of [...waiters]) wake();
  });
  return {
    events,
    opened,
    waitFor(seq, timeoutMs) {
      return new Promise<FeedEvent>((resolve, reject) => {
        const check = () => {
          const found = events.find((e) => e.seq >= seq);
          if (!found && !failure) return;
          waiters.delete(check);
          clearTimeout(timer);
          if (found) resolve(found);
          else reject(failure);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no feed event with seq ≥ ${seq} within ${timeoutMs} ms (last seen: ${events.at(-1)?.seq ?? 'none'})`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async stop() {
      controller.abort();
      await done;
      if (failure) throw failure;
    },
  };
}
