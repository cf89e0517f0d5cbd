// The process's last line of defence. A promise rejected with nobody listening would, by Node's default,
// end the process — and with it every client and the embedded Neo4j. Here it is logged (with its stack)
// and the service keeps serving: such a rejection is a bug to fix, not a reason to stop.
// An uncaught exception is different: it unwound a stack mid-way, so state may be half-changed. Only the
// per-connection network errors known to be harmless (a client that went away) are logged and survived;
// anything else is logged and the process shuts down cleanly (exit 1) for its supervisor to restart.
import type { Logger } from '../log/logger.ts';

/** Errors on one client's socket: that connection is gone, the rest of the process is fine. */
const SURVIVABLE_CODES = new Set(['EPIPE', 'ECONNRESET', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE', 'ERR_STREAM_DESTROYED']);

export interface LastResortOptions {
  logger: Logger;
  /** Called after an uncaught exception that is not survivable: stop cleanly and exit with this code. */
  shutdown: (reason: string, exitCode: number) => void;
}

export function installLastResortHandlers({ logger, shutdown }: LastResortOptions): void {
  let rejections = 0;
  process.on('unhandledRejection', (reason) => {
    rejections++;
    logger.error('unhandled promise rejection (a bug; the service keeps serving)', {
      error: describe(reason),
      stack: reason instanceof Error ? reason.stack : undefined,
      count: rejections,
    });
  });
  process.on('uncaughtException', (error, origin) => {
    const code = (error as NodeJS.ErrnoException).code;
    const survivable = typeof code === 'string' && SURVIVABLE_CODES.has(code);
    logger.error(survivable ? 'uncaught network error on one connection (the service keeps serving)' : 'uncaught exception; shutting down', {
      error: describe(error),
      code,
      origin,
      stack: error.stack,
    });
    if (!survivable) shutdown('uncaughtException', 1);
  });
}

function describe(reason: unknown): string {
  return reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason);
}
