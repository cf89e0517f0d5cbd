// Notices an export whose client stopped reading: the response has been waiting for 'drain' (its
// buffers full, nothing taken by the client) for `idleMs`. A reading client, however slow the
// database, never waits that long between two drains; one that stopped would otherwise hold its
// export slot, a database reader and buffers for as long as it keeps the socket open (issue 19 row 5).
import type { ServerResponse } from 'node:http';

/** Calls `onIdle` once when `res` has needed a drain for `idleMs`; the function returned stops watching. */
export function watchIdleWrites(res: ServerResponse, idleMs: number, onIdle: () => void): () => void {
  let stalledSince: number | null = null;
  const reset = () => (stalledSince = null);
  const timer = setInterval(
    () => {
      if (!res.writableNeedDrain) return reset();
      stalledSince ??= Date.now();
      if (Date.now() - stalledSince >= idleMs) {
        stop();
        onIdle();
      }
    },
    Math.max(10, Math.min(1_000, Math.floor(idleMs / 4))),
  );
  timer.unref();
  res.on('drain', reset);
  const stop = () => {
    clearInterval(timer);
    res.off('drain', reset);
  };
  res.once('close', stop);
  return stop;
}
