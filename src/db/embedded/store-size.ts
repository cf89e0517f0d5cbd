// How big the embedded Neo4j's store is on disk (store files and indexes, not the transaction logs), to
// warn when the page cache cannot hold it: then reads keep going to the files however warm the start was.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Bytes under `<dataDir>/data/databases` (0 when it does not exist yet). */
export function storeBytes(dataDir: string): number {
  const walk = (dir: string): number => {
    let total = 0;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return 0;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) total += walk(path);
      else if (entry.isFile()) total += statSync(path, { throwIfNoEntry: false })?.size ?? 0;
    }
    return total;
  };
  return walk(join(dataDir, 'data', 'databases'));
}

/** The page cache a store of `bytes` wants: the store and its indexes plus a fifth for growth, in MiB. */
export function pageCacheWantedMb(bytes: number): number {
  return Math.ceil((bytes * 1.2) / (1024 * 1024));
}
