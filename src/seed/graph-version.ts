// The graph version (contract 3): a SHA-256 over every row a load writes, in the order it writes them,
// and over the statements that write them. Same rows → same version, whatever the batch sizes.
import { createHash, type Hash } from 'node:crypto';

export class GraphVersionHasher {
  private readonly hash: Hash = createHash('sha256');
  private pending: string[] = [];
  private pendingLength = 0;

  /** `format` names how rows become graph (the statement texts): a new writer gives a new version. */
  constructor(format: string) {
    this.add('format', format);
  }

  /** Rows serialise with JSON.stringify (dates through RowDate.toJSON); their key order is fixed by the row builders. */
  add(kind: string, row: unknown): void {
    const line = `${kind}\t${JSON.stringify(row)}\n`;
    this.pending.push(line);
    this.pendingLength += line.length;
    // Hashing in chunks of ~1 MB: one update per row would cost more than the hashing itself.
    if (this.pendingLength > 1 << 20) this.flush();
  }

  /**
   * Lines `add` would have made (`kind\tJSON\n` each), made elsewhere and encoded as UTF-8 (a bulk load's
   * worker threads): hashed as they are, with no string on this thread's heap.
   */
  addEncodedLines(utf8: Uint8Array): void {
    this.flush();
    this.hash.update(utf8);
  }

  private flush(): void {
    this.hash.update(this.pending.join(''));
    this.pending = [];
    this.pendingLength = 0;
  }

  digest(): string {
    this.flush();
    return this.hash.digest('hex');
  }
}
