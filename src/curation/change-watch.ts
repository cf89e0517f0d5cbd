// Tells the change feed's subscribers that the change log moved past what they have seen. A change this
// process commits wakes them at once (`committed`); changes committed by other processes on the same
// database are found by one shared poll of the log's last sequence number (an index lookup of the one
// GraphState node) every `pollMs` — one read per process however many subscribers wait, and none while
// nobody does. The log itself stays the only source of what changed: a woken subscriber reads it.
import { DEFAULT_FEED_POLL_MS } from '../config/config.ts';

export interface ChangeWatchOptions {
  /** Reads the change log's last sequence number (0 when there is none). */
  lastSeq: () => Promise<number>;
  /** How often the shared poll runs while someone waits, in ms. @default 50 */
  pollMs?: number;
  /** Told when a poll fails (the database is away); the waiters keep waiting and the poll goes on. */
  onPollError?: (error: unknown) => void;
}

interface Waiter {
  /** The last sequence number this subscriber has read. */
  seen: number;
  wake: () => void;
}

export class ChangeWatch {
  private readonly waiters = new Set<Waiter>();
  private readonly pollMs: number;
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  /** Polls run so far (the tests count them). */
  polls = 0;

  constructor(private readonly options: ChangeWatchOptions) {
    this.pollMs = options.pollMs ?? DEFAULT_FEED_POLL_MS;
  }

  /**
   * Resolves once the log holds a change after `seen` (committed here, or seen by the poll), or when
   * `signal` aborts. The caller reads the log again either way: a wake-up is a hint, never the data.
   */
  waitBeyond(seen: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const waiter: Waiter = {
        seen,
        wake: () => {
          this.waiters.delete(waiter);
          signal?.removeEventListener('abort', waiter.wake);
          resolve();
        },
      };
      this.waiters.add(waiter);
      signal?.addEventListener('abort', waiter.wake, { once: true });
      this.schedule();
    });
  }

  /** This process committed change `seq`: wake everyone who has not seen it, without waiting for a poll. */
  committed(seq: number): void {
    this.wakeBefore(seq);
  }

  /** How many subscribers wait right now. */
  get waiting(): number {
    return this.waiters.size;
  }

  private wakeBefore(seq: number): void {
    for (const waiter of [...this.waiters]) if (waiter.seen < seq) waiter.wake();
  }

  private schedule(): void {
    if (this.timer || this.polling || this.waiters.size === 0) return;
    this.timer = setTimeout(() => void this.poll(), this.pollMs);
    // A waiting subscriber holds its own HTTP response open; the poll alone must not keep a process alive.
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    this.timer = undefined;
    if (this.waiters.size === 0) return;
    this.polling = true;
    try {
      this.polls++;
      this.wakeBefore(await this.options.lastSeq());
    } catch (error) {
      this.options.onPollError?.(error);
    } finally {
      this.polling = false;
      this.schedule();
    }
  }
}
