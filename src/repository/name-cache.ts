// Remembers, per graph version, what name arguments resolved to ("AI chips" → ai-chips and the narrower
// technologies), so a question asked again skips the full-text look-up — the most expensive statement of
// a small request. The cache is process memory and only an optimisation: every entry carries the version
// it was read on, and a request that then reads another version resolves its names again (see
// `resolveArguments`), so answers never mix two graphs. Bounded: the least recently used entries go.
import type { NameQuery } from '../cypher/names.ts';

export interface CachedResolution<T> {
  version: string;
  value: T;
}

export class NameCache<T> {
  private readonly entries = new Map<string, CachedResolution<T>>();

  /** @param capacity entries kept. @default 2000 */
  constructor(private readonly capacity = 2000) {}

  static key(query: NameQuery): string {
    // The argument too: the counts resolved with a match depend on it (src/cypher/names.ts).
    return JSON.stringify([query.argument, query.text, query.key, query.labels, query.expand, query.minSources]);
  }

  get(query: NameQuery): CachedResolution<T> | undefined {
    const key = NameCache.key(query);
    const entry = this.entries.get(key);
    if (entry) {
      // Most recently used last.
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  set(query: NameQuery, version: string, value: T): void {
    const key = NameCache.key(query);
    this.entries.delete(key);
    this.entries.set(key, { version, value });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  /** Forgets every entry read on another version than `version`. */
  keepOnly(version: string): void {
    for (const [key, entry] of this.entries) if (entry.version !== version) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Freezes `value` and everything it holds, so a value shared between requests cannot be changed by one of them. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
