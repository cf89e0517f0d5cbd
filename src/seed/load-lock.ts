// One load at a time (issue 19 row 6): every load takes the lock in the graph (src/cypher/load-lock.ts)
// before it reads or writes anything, proves it lives with a heartbeat, and releases it when done. A
// second load is refused with who holds the lock, since when, and what to do; the graph is untouched.
// A dead loader's lock is taken over: at once when it ran on this host and its process is gone, else
// once its heartbeat is older than LOCK_STALE_MS.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Executor } from '../db/executor.ts';
import { acquireLoadLock as acquireStatement, heartbeatLoadLock, releaseLoadLock } from '../cypher/load-lock.ts';

/** How often a running load proves it lives. */
export const HEARTBEAT_MS = 10_000;
/**
 * A lock whose heartbeat is this old belongs to a dead loader (six missed heartbeats: a loader whose
 * event loop is busy for a while, or a database that stalls, must not lose its lock).
 */
export const LOCK_STALE_MS = 60_000;

interface OwnerInfo {
  host: string;
  pid: number;
  /** What runs the load (`npm run seed`, `npm start`, `npm run generate`). */
  what: string;
}

export class LoadInProgressError extends Error {
  override name = 'LoadInProgressError';
}

/** The lock was taken over while this load ran (it stalled for longer than LOCK_STALE_MS): it must stop. */
export class LoadLockLostError extends Error {
  override name = 'LoadLockLostError';
}

export interface LoadLock {
  /** Throws LoadLockLostError when another loader has taken the lock over. */
  assertHeld(): void;
  release(): Promise<void>;
}

export interface LockOptions {
  /** Named in the refusal another load gets. @default the process's command line */
  what?: string;
  /** @default HEARTBEAT_MS */
  heartbeatMs?: number;
  /** @default LOCK_STALE_MS */
  staleMs?: number;
}

function parseInfo(raw: unknown): OwnerInfo | undefined {
  if (typeof raw !== 'string') return undefined;
  try {
    const info = JSON.parse(raw) as OwnerInfo;
    return typeof info.pid === 'number' && typeof info.host === 'string' ? info : undefined;
  } catch {
    return undefined;
  }
}

/** True when `info` names a process on this host that no longer exists. */
function isDeadHere(info: OwnerInfo | undefined): boolean {
  if (!info || info.host !== hostname()) return false;
  try {
    process.kill(info.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export async function acquireLoadLock(executor: Executor, options: LockOptions = {}): Promise<LoadLock> {
  const staleMs = options.staleMs ?? LOCK_STALE_MS;
  const owner = `${hostname()}:${process.pid}:${randomBytes(6).toString('hex')}`;
  const info: OwnerInfo = { host: hostname(), pid: process.pid, what: options.what ?? process.argv.slice(1).join(' ') };
  const attempt = async (deadOwner: string | null) =>
    (await executor.write(acquireStatement, { owner, info: JSON.stringify(info), staleMs, deadOwner }))[0]!;
  let row = await attempt(null);
  if (!row.acquired && isDeadHere(parseInfo(row.previousInfo))) row = await attempt(row.previousOwner as string);
  if (!row.acquired) throw refusal(row, staleMs);

  let lost = false;
  const timer = setInterval(() => {
    executor.write(heartbeatLoadLock, { owner }).then(
      (rows) => {
        if (rows.length === 0) lost = true;
      },
      // A database that does not answer fails the load's own statements; the heartbeat only watches ownership.
      () => {},
    );
  }, options.heartbeatMs ?? HEARTBEAT_MS);
  timer.unref();
  return {
    assertHeld() {
      if (lost) {
        throw new LoadLockLostError(
          `this load lost its lock: it gave no heartbeat for ${staleMs / 1000} s and another load took the graph over. It stopped; the other load's result stands.`,
        );
      }
    },
    async release() {
      clearInterval(timer);
      await executor.write(releaseLoadLock, { owner }).catch(() => {});
    },
  };
}
function refusal(row: Record<string, unknown>, staleMs: number): LoadInProgressError {
  const info = parseInfo(row.previousInfo);
  const now = Number(row.now);
  const ago = (at: unknown) => `${Math.max(0, Math.round((now - Number(at)) / 1000))} s ago`;
  const who = info ? `process ${info.pid} on ${info.host} (${info.what})` : `another process (${String(row.previousOwner)})`;
  const takeOver = Math.max(0, Math.ceil((Number(row.previousHeartbeatAt) + staleMs - now) / 1000));
  return new LoadInProgressError(
    `another load is writing the graph: ${who}, started ${ago(row.previousLockedAt)}, last heartbeat ${ago(row.previousHeartbeatAt)}. ` +
      `Nothing was read or written. Wait for it to finish and run this again; if that process is dead, its lock is taken over ` +
      `${takeOver > 0 ? `in ${takeOver} s` : 'now'} (${staleMs / 1000} s after its last heartbeat, at once when it ran on this host).`,
  );
}
