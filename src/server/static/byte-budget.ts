// Bytes of browser assets one client may take per minute: a token bucket per client address that
// refills at `perMinute` a minute and holds at most that much. A first visit of the playground is ~2 MB
// compressed and a revisit a few KB (304s), so a person never meets it; a crowd behind one address
// fetching it over and over does, and gets 429 instead of the bandwidth and CPU others need (issue 19
// row 3). Buckets live in this process, like the cost budget's.
import { LRUCache } from 'lru-cache';

export interface ByteBudget {
  /** Takes `bytes` from `client`'s bucket: 0 when it could pay, else the seconds until it can. */
  take(client: string, bytes: number): number;
}

export function createByteBudget(perMinute: number, now: () => number = Date.now, maxClients = 10_000): ByteBudget {
  const perMs = perMinute / 60_000;
  const buckets = new LRUCache<string, { bytes: number; at: number }>({ max: maxClients });
  return {
    take(client, bytes) {
      if (perMinute <= 0) return 0;
      const time = now();
      const bucket = buckets.get(client) ?? { bytes: perMinute, at: time };
      bucket.bytes = Math.min(perMinute, bucket.bytes + (time - bucket.at) * perMs);
      bucket.at = time;
      buckets.set(client, bucket);
      // A body larger than a whole minute's budget needs a full bucket, as in the cost budget.
      const charge = Math.min(bytes, perMinute);
      if (bucket.bytes >= charge) {
        bucket.bytes -= charge;
        return 0;
      }
      return Math.max(1, Math.ceil((charge - bucket.bytes) / perMs / 1000));
    },
  };
}
