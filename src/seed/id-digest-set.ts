// A set of ids kept as 106-bit digests in typed arrays (16 bytes an id, against ~100 for a Set of
// strings): the write path remembers every relationship id of a 5-million-relationship load with it,
// to find duplicates and what the graph holds that the load does not. Two different ids share a
// digest with probability ~n²/2^107 (1e-19 at 5 M); if they ever did, a duplicate would be reported
// that is not one, or a stale item kept instead of pruned — never a wrong deletion.

/** cyrb53 (public domain): a fast 53-bit string hash; two seeds give two independent halves. */
function cyrb53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

const EMPTY = -1;

export class IdDigestSet {
  private hi: Float64Array;
  private lo: Float64Array;
  private count = 0;

  constructor(expected = 1024) {
    let capacity = 1024;
    while (capacity < expected * 2) capacity *= 2;
    this.hi = new Float64Array(capacity).fill(EMPTY);
    this.lo = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Adds the id; returns false when it (or an id with the same digest) was already there. */
  add(id: string): boolean {
    if ((this.count + 1) * 2 > this.hi.length) this.grow();
    return this.insert(cyrb53(id, 1), cyrb53(id, 2));
  }

  has(id: string): boolean {
    const hi = cyrb53(id, 1);
    const lo = cyrb53(id, 2);
    const mask = this.hi.length - 1;
    for (let i = lo & mask; ; i = (i + 1) & mask) {
      const h = this.hi[i]!;
      if (h === EMPTY) return false;
      if (h === hi && this.lo[i] === lo) return true;
    }
  }

  private insert(hi: number, lo: number): boolean {
    const mask = this.hi.length - 1;
    for (let i = lo & mask; ; i = (i + 1) & mask) {
      const h = this.hi[i]!;
      if (h === EMPTY) {
        this.hi[i] = hi;
        this.lo[i] = lo;
        this.count++;
        return true;
      }
      if (h === hi && this.lo[i] === lo) return false;
    }
  }

  private grow(): void {
    const { hi, lo } = this;
    this.hi = new Float64Array(hi.length * 2).fill(EMPTY);
    this.lo = new Float64Array(lo.length * 2);
    this.count = 0;
    for (let i = 0; i < hi.length; i++) if (hi[i] !== EMPTY) this.insert(hi[i]!, lo[i]!);
  }
}
