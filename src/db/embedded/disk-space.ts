// Free space on the embedded Neo4j's data folder, checked before the JVM starts and before a load writes
// (issue 19 row 1: a disk that filled during a load panicked Neo4j and left a store that did not open).
// A refusal names the folder, the free space, what is needed and why, before anything is written.
import { statfsSync } from 'node:fs';
import { LauncherSetupError } from './build-launcher.ts';

const MIB = 1024 * 1024;

/**
 * What a start needs: the two transaction logs Neo4j preallocates for a new store (neo4j and system,
 * 16 MiB each, the launcher's rotation size), the next rotation's 16 MiB, and room for a checkpoint.
 */
export const START_RESERVE_BYTES = 64 * MIB;

/**
 * A load's estimate per item, from the M graph (1.4 GB with its indexes for 100 k entities and 500 k
 * relationships, each with its Claim and citations: ~2.8 KiB a relationship) rounded up, plus the
 * start reserve so the database can still rotate its log and checkpoint when the load is done.
 */
export const BYTES_PER_RELATIONSHIP = 3 * 1024;
export const BYTES_PER_ENTITY = 1024;

export class DiskSpaceError extends LauncherSetupError {
  override name = 'DiskSpaceError';
  constructor(
    message: string,
    readonly freeBytes: number,
    readonly neededBytes: number,
  ) {
    super(message);
  }
}

/** Bytes an unprivileged process may still write on the file system that holds `path`. */
export function freeBytes(path: string): number {
  const stats = statfsSync(path);
  return stats.bavail * stats.bsize;
}

export const mib = (bytes: number): string => `${(bytes / MIB).toFixed(bytes < 10 * MIB ? 1 : 0)} MiB`;

/** Before the JVM starts (also each restart by the supervisor). */
export function assertRoomToStart(dataDir: string): void {
  const free = freeBytes(dataDir);
  if (free >= START_RESERVE_BYTES) return;
  throw new DiskSpaceError(
    `the disk of the data folder ${dataDir} has ${mib(free)} free; the embedded Neo4j needs at least ${mib(START_RESERVE_BYTES)} to start ` +
      `(it preallocates its transaction logs, so a full disk fails cleanly instead of tearing them). Free space on that disk ` +
      `(or move NEO4J_EMBEDDED_DATA_DIR to a larger one), then start again; nothing was started or changed.`,
    free,
    START_RESERVE_BYTES,
  );
}

export interface LoadSize {
  entities: number;
  /** Unknown for a streamed load checked batch by batch. */
  relationships: number | undefined;
}

export function bytesForLoad(size: LoadSize): number {
  return size.entities * BYTES_PER_ENTITY + (size.relationships ?? 0) * BYTES_PER_RELATIONSHIP + START_RESERVE_BYTES;
}

/** Before a load's first write: refuses with the figures when the load may not fit. */
export function assertRoomForLoad(dataDir: string, size: LoadSize): void {
  const needed = bytesForLoad(size);
  const free = freeBytes(dataDir);
  if (free >= needed) return;
  const items = `${size.entities} entities${size.relationships === undefined ? '' : ` and ${size.relationships} relationships`}`;
  throw new DiskSpaceError(
    `not enough free disk for this load: the data folder ${dataDir} has ${mib(free)} free, and ${items} need about ${mib(needed)} ` +
      `(${BYTES_PER_ENTITY} bytes an entity, ${BYTES_PER_RELATIONSHIP} a relationship, plus ${mib(START_RESERVE_BYTES)} Neo4j keeps for its logs). ` +
      `Nothing was written. Free space on that disk or move NEO4J_EMBEDDED_DATA_DIR to a larger one.`,
    free,
    needed,
  );
}
