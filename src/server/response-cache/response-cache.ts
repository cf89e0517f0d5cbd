// The store of the response cache: whole answers of read operations by a key that holds the graph
// version, bounded in bytes and entries (least recently used go first). A version change empties it:
// an entry of another version can never be served (its key differs), and keeping it only costs memory.
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { ResponseCacheLimits } from '../../config/config.ts';
import { deepFreeze } from '../../repository/name-cache.ts';

/** What one cached answer holds: the data of a complete, error-free result (frozen: requests share it). */
export interface CachedAnswer {
  version: string;
  data: unknown;
  bytes: number;
}

export interface ResponseCacheStats {
  hits: number;
  misses: number;
  entries: number;
  bytes: number;
}

/** What identifies an answer: the same document, operation, variables and graph version give the same answer. */
export interface AnswerKey {
  version: string;
  document: string;
  operationName: string | null;
  variables: unknown;
}

export class ResponseCache {
  private readonly entries: LRUCache<string, CachedAnswer>;
  private version: string | null = null;
  hits = 0;
  misses = 0;

  constructor(readonly limits: ResponseCacheLimits) {
    this.entries = new LRUCache<string, CachedAnswer>({
      max: limits.maxEntries,
      maxSize: limits.maxBytes,
      // One large answer may not push out everything else: an entry takes at most a quarter of the budget.
      maxEntrySize: Math.max(1, Math.floor(limits.maxBytes / 4)),
      sizeCalculation: (answer) => Math.max(1, answer.bytes),
    });
  }

  /** The key of an answer: a SHA-256 (base64url) over the version and the request, also the ETag's value. */
  static key({ version, document, operationName, variables }: AnswerKey): string {
    return createHash('sha256')
      .update(JSON.stringify([version, operationName, document, stableJson(variables ?? null)]))
      .digest('base64url');
  }

  /** The graph is at `version` now: forget every answer of another one. */
  useVersion(version: string): void {
    if (this.version === version) return;
    this.version = version;
    this.entries.clear();
  }

  get(key: string): CachedAnswer | undefined {
    const answer = this.entries.get(key);
    if (answer) this.hits++;
    else this.misses++;
    return answer;
  }

  /** Keeps `data` (read at `version`) unless the graph has moved on meanwhile; returns whether it was kept. */
  set(key: string, version: string, data: unknown): boolean {
    if (version !== this.version) return false;
    const bytes = Buffer.byteLength(JSON.stringify(data) ?? '');
    if (bytes > Math.floor(this.limits.maxBytes / 4)) return false;
    this.entries.set(key, { version, data: deepFreeze(data), bytes });
    return this.entries.has(key);
  }

  stats(): ResponseCacheStats {
    return { hits: this.hits, misses: this.misses, entries: this.entries.size, bytes: this.entries.calculatedSize };
  }
}

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` are one set of variables. */
export function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  return `{${Object.keys(record)
    .sort()
    .filter((name) => record[name] !== undefined)
    .map((name) => `${JSON.stringify(name)}:${stableJson(record[name])}`)
    .join(',')}}`;
}
