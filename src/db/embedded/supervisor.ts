// Keeps the embedded Neo4j that this process started running: when its JVM exits without being asked
// to, the exit is logged (code or signal, its last lines of output, where its logs are) and the JVM is
// started again on the same port and data folder, after 1, 2, 4 … s (at most 30 s). After `maxRestarts`
// failed starts in a row it gives up, says so, and the service keeps answering 503 until an operator
// restarts it. A JVM that stayed up for a minute resets the count. A JVM that exited because its database
// panicked (exit code 6: a full disk, an I/O error) is reported as such; a restart that finds too little
// free disk waits for space (checked every few seconds) instead of counting as a failed try. A store that
// does not open (StoreFailedError) is not retried: the supervisor gives up at once with what to do.
import type { Logger } from '../../log/logger.ts';
import { DiskSpaceError, freeBytes, mib } from './disk-space.ts';
import { EXIT_PANICKED, jvmOutputLogPath, neo4jLogPath, startEmbeddedNeo4j, StoreFailedError, type EmbeddedNeo4j, type EmbeddedOptions, type JvmExit } from './launcher.ts';

/** 'failed': the JVM exited after its database panicked, and no restart has succeeded since. */
export type SupervisorState = 'running' | 'restarting' | 'failed' | 'gave-up' | 'stopped';

export interface SupervisorOptions extends EmbeddedOptions {
  /** Failed restarts in a row before giving up (0: never restart). @default 5 */
  maxRestarts: number;
  logger: Logger;
  /** First delay before a restart; doubles each time. @default 1000 */
  firstBackoffMs?: number;
  /** @default 30000 */
  maxBackoffMs?: number;
  /** A JVM that ran this long counts as healthy: the next crash starts the count again. @default 60000 */
  stableAfterMs?: number;
  /** How often a restart waiting for free disk checks again. @default 5000 */
  diskRecheckMs?: number;
  /** Told when the JVM exited because its database panicked (with what it said). */
  onPanic?: (detail: string) => void;
  /** Told when the JVM exited unexpectedly (any reason): the database is gone, and comes back cold. */
  onExit?: (detail: string) => void;
  /** Told when the supervisor gives up restarting the JVM: nothing will restart it until an operator does. */
  onGiveUp?: (detail: string) => void;
}

export interface SupervisedNeo4j {
  uri: string;
  /** Bolt password (the same across restarts: it lives in the data folder). */
  password: string;
  port: number;
  state(): SupervisorState;
  /** The running JVM's pid, if one runs. */
  pid(): number | undefined;
  stop(): Promise<void>;
}

/** Starts the JVM (failing like startEmbeddedNeo4j if the first start fails) and supervises it. */
export async function superviseEmbeddedNeo4j(options: SupervisorOptions): Promise<SupervisedNeo4j> {
  const { logger, maxRestarts } = options;
  const firstBackoffMs = options.firstBackoffMs ?? 1_000;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  const stableAfterMs = options.stableAfterMs ?? 60_000;
  const diskRecheckMs = options.diskRecheckMs ?? 5_000;
  let panicked = false;
  // Start-up progress goes to the caller's log; later restarts log through the logger.
  let current: EmbeddedNeo4j | undefined = await startEmbeddedNeo4j(options);
  let state: SupervisorState = 'running';
  let failures = 0;
  let retryTimer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  // A function, not a comparison, because stop() may change the state while a restart awaits.
  const stopped = () => state === 'stopped';

  const watch = (jvm: EmbeddedNeo4j) => {
    const upSince = Date.now();
    void jvm.exited.then((exit) => {
      if (exit.expected || stopped()) return;
      if (Date.now() - upSince >= stableAfterMs) failures = 0;
      reportExit(jvm, exit, Date.now() - upSince);
      options.onExit?.(`the embedded Neo4j exited (code ${exit.code}, signal ${exit.signal})`);
      if (exit.code === EXIT_PANICKED) {
        panicked = true;
        const said = jvm.lastOutput().filter((line) => line.startsWith('PANIC')).pop() ?? 'the database panicked';
        options.onPanic?.(said);
      }
      current = undefined;
      void restart();
    });
  };

  const reportExit = (jvm: EmbeddedNeo4j, exit: JvmExit, upMs: number) => {
    const panic = exit.code === EXIT_PANICKED;
    logger.error(panic ? 'embedded Neo4j stopped after its database panicked (a full disk or an I/O error); restarting it' : 'embedded Neo4j exited unexpectedly', {
      pid: jvm.pid,
      code: exit.code,
      signal: exit.signal,
      upSeconds: Math.round(upMs / 1000),
      lastOutput: jvm.lastOutput().slice(-15),
      outputLog: jvm.outputLog,
      neo4jLog: jvm.neo4jLog,
      ...(panic ? { freeDisk: safeFree(options.dataDir), advice: 'if the disk is full, free space there: the restart waits for it (docs/operations.md, "A full disk")' } : {}),
    });
  };
  const safeFree = (dir: string) => {
    try {
      return mib(freeBytes(dir));
    } catch {
      return 'unknown';
    }
  };

  const restart = async () => {
    let lastError = '';
    let storeFailed = false;
    while (!stopped()) {
      if (failures >= maxRestarts || storeFailed) {
        state = 'gave-up';
        const advice = storeFailed
          ? `${lastError}\nUntil then every request gets 503 DATABASE_GAVE_UP and /health answers 503.`
          : `the embedded Neo4j on port ${options.port} could not be started again after ${failures} tries. ` +
            `Read ${jvmOutputLogPath(options.dataDir)} and ${neo4jLogPath(options.dataDir)}, fix the cause, ` +
            `then restart the service. Until then every request gets 503 DATABASE_GAVE_UP and /health answers 503.`;
        logger.error('gave up restarting the embedded Neo4j', { attempts: failures, setting: 'NEO4J_EMBEDDED_RESTARTS', lastError, advice });
        options.onGiveUp?.(storeFailed ? 'the store of the embedded Neo4j does not open' : `the embedded Neo4j could not be restarted after ${failures} tries`);
        return;
      }
      state = panicked ? 'failed' : 'restarting';
      const delayMs = Math.min(maxBackoffMs, firstBackoffMs * 2 ** failures);
      failures++;
      logger.warn('restarting the embedded Neo4j', { attempt: failures, of: maxRestarts, inSeconds: delayMs / 1000 });
      await new Promise<void>((resolve) => {
        wake = resolve;
        retryTimer = setTimeout(resolve, delayMs);
      });
      if (stopped()) return;
      try {
        const jvm = await startEmbeddedNeo4j({ ...options, log: (line) => logger.info(line) });
        if (stopped()) {
          await jvm.stop();
          return;
        }
        current = jvm;
        state = 'running';
        panicked = false;
        logger.info('embedded Neo4j restarted', { pid: jvm.pid, attempt: failures, startMs: jvm.startMs });
        watch(jvm);
        return;
      } catch (error) {
        lastError = (error as Error).message;
        if (error instanceof DiskSpaceError) {
          // Not the JVM's fault, and an operator can fix it at any time: wait for space, without giving up.
          failures--;
          logger.error('the embedded Neo4j waits for free disk before it starts again', {
            free: mib(error.freeBytes),
            needed: mib(error.neededBytes),
            recheckSeconds: diskRecheckMs / 1000,
            error: lastError,
          });
          await waitForSpace(error.neededBytes);
          continue;
        }
        logger.error('restarting the embedded Neo4j failed', { attempt: failures, error: lastError });
        // A store that does not open will not open on the next try either: give up now, with what to do.
        if (error instanceof StoreFailedError) storeFailed = true;
      }
    }
  };

  const waitForSpace = async (neededBytes: number) => {
    while (!stopped()) {
      await new Promise<void>((resolve) => {
        wake = resolve;
        retryTimer = setTimeout(resolve, diskRecheckMs);
      });
      let free = 0;
      try {
        free = freeBytes(options.dataDir);
      } catch {
        free = 0;
      }
      if (free >= neededBytes) {
        logger.info('free disk is back; starting the embedded Neo4j again', { free: mib(free) });
        return;
      }
    }
  };

  watch(current);
  return {
    uri: current.uri,
    password: current.password,
    port: options.port,
    state: () => state,
    pid: () => current?.pid,
    async stop() {
      state = 'stopped';
      clearTimeout(retryTimer);
      wake?.();
      await current?.stop();
    },
  };
}
