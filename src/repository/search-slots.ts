// Full-text searches get their own concurrency cap per process: a typo-tolerant search over long text
// costs a database worker tens to hundreds of milliseconds, so a few clients sending many of them must
// not take every worker from everyone else (issue 19 row 4). Searches beyond the cap wait in a bounded
// queue; beyond that they are refused at once (SearchBusyError: HTTP 503 SEARCH_BUSY with Retry-After).

export class SearchBusyError extends Error {
  override name = 'SearchBusyError';
  constructor(
    readonly running: number,
    readonly waiting: number,
  ) {
    super(`${running} searches are running and ${waiting} are waiting, as many as the server allows at once.`);
  }
}

export class SearchSlots {
  private running = 0;
  private readonly queue: Array<() => void> = [];

  constructor(
    /** Searches running at once. @default 2 */
    readonly maxRunning = 2,
    /** Searches waiting for a slot; more are refused. @default 32 */
    readonly maxWaiting = 32,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.maxRunning) {
      if (this.queue.length >= this.maxWaiting) throw new SearchBusyError(this.running, this.queue.length);
      await new Promise<void>((resolve) => this.queue.push(resolve));
    } else this.running++;
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next waiter (running stays the same), or free it.
      const next = this.queue.shift();
      if (next) next();
      else this.running--;
    }
  }

  get state(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.queue.length };
  }
}

/** The process's search slots. */
export const SEARCH_SLOTS = new SearchSlots();
