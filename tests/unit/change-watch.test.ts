// The change feed's wake-ups (src/curation/change-watch.ts) on a fake clock: a commit here wakes at
// once, other processes' commits are found by one shared poll per interval however many wait, nobody
// waiting means no poll, and a subscriber that has seen a change is not woken for it again.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChangeWatch } from '../../src/curation/change-watch.ts';

let logSeq = 0;
let reads = 0;
const lastSeq = async () => {
  reads++;
  return logSeq;
};

beforeEach(() => {
  vi.useFakeTimers();
  logSeq = 10;
  reads = 0;
});
afterEach(() => vi.useRealTimers());

/** Resolves to true if `promise` settles within `ms` of fake time. */
async function settlesWithin(promise: Promise<void>, ms: number): Promise<boolean> {
  let settled = false;
  void promise.then(() => (settled = true));
  await vi.advanceTimersByTimeAsync(ms);
  return settled;
}

describe('ChangeWatch', () => {
  it('wakes waiters at once when this process commits, only those that have not seen the change', async () => {
    const watch = new ChangeWatch({ lastSeq, pollMs: 60_000 });
    const behind = watch.waitBeyond(10);
    const ahead = watch.waitBeyond(12);
    watch.committed(11);
    expect(await settlesWithin(behind, 0)).toBe(true);
    expect(await settlesWithin(ahead, 0)).toBe(false);
    expect(watch.waiting).toBe(1);
    expect(reads).toBe(0);
  });

  it('finds another process’s commit with one poll per interval, whatever the number of waiters', async () => {
    const watch = new ChangeWatch({ lastSeq, pollMs: 50 });
    const waiting = Array.from({ length: 100 }, () => watch.waitBeyond(10));
    const all = Promise.all(waiting).then(() => undefined);
    expect(await settlesWithin(all, 200)).toBe(false);
    expect(reads).toBe(4);
    logSeq = 11;
    expect(await settlesWithin(all, 50)).toBe(true);
    expect(reads).toBe(5);
    expect(watch.polls).toBe(5);
  });

  it('does not poll while nobody waits, and stops waiting on abort', async () => {
    const watch = new ChangeWatch({ lastSeq, pollMs: 50 });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(reads).toBe(0);
    const controller = new AbortController();
    const waiting = watch.waitBeyond(10, controller.signal);
    await vi.advanceTimersByTimeAsync(120);
    expect(reads).toBe(2);
    controller.abort();
    expect(await settlesWithin(waiting, 0)).toBe(true);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(reads).toBe(2);
    expect(watch.waiting).toBe(0);
  });

  it('keeps polling after a failed read and tells whoever listens', async () => {
    const errors: unknown[] = [];
    let fail = true;
    const watch = new ChangeWatch({
      lastSeq: async () => {
        if (fail) throw new Error('database away');
        return 11;
      },
      pollMs: 50,
      onPollError: (e) => errors.push(e),
    });
    const waiting = watch.waitBeyond(10);
    expect(await settlesWithin(waiting, 60)).toBe(false);
    expect(errors).toHaveLength(1);
    fail = false;
    expect(await settlesWithin(waiting, 60)).toBe(true);
  });
});
