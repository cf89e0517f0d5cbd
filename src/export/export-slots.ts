// How many exports stream at once. An export holds a database reader and most of a core for as long as
// the file takes (seconds on the seed, minutes for a large graph through a slow client), so a process
// streams at most `maxConcurrent` at once and one client at most `perClient`: beyond that the answer
// comes at once, before any row is read — 429 RATE_LIMITED for a client over its share, 503
// EXPORTS_BUSY when the process is full (the Python client waits Retry-After and tries again). The
// manifest, HEAD and 304 answers read no table and take no slot. Slots live in this process.
import { ErrorCode } from '../errors/api-errors.ts';
import { ExportError } from './export-error.ts';

/** Seconds a refused client is told to wait before it asks again. */
const RETRY_AFTER_S = 5;

export interface ExportLimits {
  /** Exports one process streams at once. */
  maxConcurrent: number;
  /** Exports one client (its address, as the cost budget counts it) streams at once. */
  perClient: number;
}

export class ExportSlots {
  private streaming = 0;
  private readonly byClient = new Map<string, number>();

  constructor(private readonly limits: ExportLimits) {}

  /** A slot for `client`; the function returned gives it back (once, however often it is called). */
  take(client: string): () => void {
    const mine = this.byClient.get(client) ?? 0;
    if (mine >= this.limits.perClient) {
      throw new ExportError(
        429,
        ErrorCode.RATE_LIMITED,
        `${mine} export${mine === 1 ? ' is' : 's are'} already streaming to ${client}; a client may stream at most ${this.limits.perClient} at once ` +
          `(the server's EXPORTS_PER_CLIENT). Retry when one has finished.`,
        { streaming: mine, limit: this.limits.perClient },
        { 'retry-after': String(RETRY_AFTER_S) },
      );
    }
    if (this.streaming >= this.limits.maxConcurrent) {
      throw new ExportError(
        503,
        ErrorCode.EXPORTS_BUSY,
        `The server is streaming ${this.streaming} exports, as many as it allows at once (EXPORTS_MAX_CONCURRENT); retry in ${RETRY_AFTER_S} s.`,
        { streaming: this.streaming, limit: this.limits.maxConcurrent },
        { 'retry-after': String(RETRY_AFTER_S) },
      );
    }
    this.streaming++;
    this.byClient.set(client, mine + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.streaming--;
      const left = (this.byClient.get(client) ?? 1) - 1;
      if (left > 0) this.byClient.set(client, left);
      else this.byClient.delete(client);
    };
  }
}
