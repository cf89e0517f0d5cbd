// Remembers a timeline's `totalCount` per graph version (issue 24): the count does not depend on the page,
// so a client paging a hub's timeline pays for it once per version, not on every page. Process memory
// and only an optimisation: an entry is used only when the page statement read the same version.
import { LRUCache } from 'lru-cache';

export interface TimelineTotalKey {
  entityIds: readonly string[] | null;
  from: string | null;
  to: string | null;
}

export class TimelineTotals {
  private readonly totals: LRUCache<string, { version: string; total: number }>;

  /** @param capacity timelines remembered. @default 1000 */
  constructor(capacity = 1000) {
    this.totals = new LRUCache({ max: capacity });
  }

  static key({ entityIds, from, to }: TimelineTotalKey): string {
    return JSON.stringify([entityIds ? [...entityIds].sort() : null, from, to]);
  }

  get(key: TimelineTotalKey): { version: string; total: number } | undefined {
    return this.totals.get(TimelineTotals.key(key));
  }

  set(key: TimelineTotalKey, version: string, total: number): void {
    this.totals.set(TimelineTotals.key(key), { version, total });
  }
}
