// Resolves where the database is — NEO4J_URI when set, else the embedded Neo4j (started and supervised
// here, or shared when the one already on its port is verifiably ours for this data folder) — and
// returns an executor over it. Something else on the embedded port is never used: start-up refuses
// with a message saying what answers there and how to fix it.
import { resolve } from 'node:path';
import type { Config } from '../config/config.ts';
import type { Logger } from '../log/logger.ts';
import { findPortOwner } from '../net/port-owner.ts';
import { createDriver, createProbeDriver, type Connection, type DriverBounds } from './driver.ts';
import { LAUNCHER_MAIN_CLASS, MARKER_FILE, processArguments, readMarker, verifyInstance } from './embedded/instance-marker.ts';
import { isPortInUse, LauncherSetupError, startEmbeddedNeo4j, type EmbeddedNeo4j } from './embedded/launcher.ts';
import { EMBEDDED_USERNAME, readEmbeddedPassword } from './embedded/password-file.ts';
import { assertRoomForLoad, type LoadSize } from './embedded/disk-space.ts';
import { superviseEmbeddedNeo4j, type SupervisorState } from './embedded/supervisor.ts';
import { Executor } from './executor.ts';

export type DatabaseState = 'external' | 'shared' | SupervisorState;

export interface Database {
  executor: Executor;
  connection: Connection;
  /** Who runs the database: NEO4J_URI, another process's embedded Neo4j, or ours (and its supervisor's state). */
  state(): DatabaseState;
  /** Where to read when the database misbehaves (for messages). */
  logHint: string;
  /**
   * Refuses a load that may not fit on the disk of the embedded Neo4j's data folder (DiskSpaceError
   * with the figures); undefined for an external Neo4j, whose disk this process cannot see.
   */
  checkRoomForLoad: ((size: LoadSize) => void) | undefined;
  /** Closes the driver, then stops the embedded Neo4j if this process started it. */
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Supervise the embedded Neo4j (restart it when it exits); its events go to this logger. */
  supervise?: Logger;
  /** Told when the database is marked down or answers again. */
  onHealthChange?: ConstructorParameters<typeof Executor>[1]['onHealthChange'];
}

/** The embedded Neo4j's server-side transaction ceiling: well above the client timeout, so the client's fires first. */
export function serverTimeoutSeconds(config: Config): number {
  return Math.ceil(config.queryTimeoutMs / 1000) * 3;
}

export function driverBounds(config: Config): DriverBounds {
  return {
    connectTimeoutMs: config.connectTimeoutMs,
    // Waiting for a pooled connection is part of the request's time budget.
    acquisitionTimeoutMs: Math.max(config.connectTimeoutMs, config.queryTimeoutMs),
    maxRetryTimeMs: config.maxRetryTimeMs,
  };
}

export async function openDatabase(config: Config, log: (line: string) => void, options: OpenOptions = {}): Promise<Database> {
  let connection: Connection;
  let state: () => DatabaseState;
  let stop: () => Promise<void> = async () => {};
  let logHint: string;
  let checkRoomForLoad: Database['checkRoomForLoad'];
  // Set once the executor exists: the supervisor tells it when the JVM exited after a panic.
  let onPanic: (detail: string) => void = () => {};
  let onExit: (detail: string) => void = () => {};
  let onGiveUp: (detail: string) => void = () => {};
  if (config.neo4j.mode === 'external') {
    const { uri, username, password, database } = config.neo4j;
    connection = { uri, username, password, database };
    log(`using the Neo4j at ${uri} (NEO4J_URI)`);
    state = () => 'external';
    logHint = `the log of the Neo4j server at ${uri} (its debug.log)`;
  } else {
    const { port } = config.neo4j;
    const dataDir = resolve(config.neo4j.dataDir);
    // The password is read once the JVM has written it (first start) or from the folder it shares.
    connection = { uri: `bolt://127.0.0.1:${port}`, username: EMBEDDED_USERNAME, password: '', database: undefined };
    logHint = `${dataDir}/logs/debug.log (Neo4j) and ${dataDir}/logs/jvm-output.log (its JVM)`;
    checkRoomForLoad = (size) => assertRoomForLoad(dataDir, size);
    if (await isPortInUse(port)) {
      const verdict = verifyInstance(dataDir, port);
      if (!verdict.ours) throw new LauncherSetupError(await foreignPortMessage(connection, dataDir, verdict.why));
      // Another `npm start` (or `npm run db -- start`) runs this data folder's Neo4j: share it; it is theirs to stop.
      log(`the embedded Neo4j for ${dataDir} already runs on ${connection.uri} (pid ${verdict.pid}, verified by ${MARKER_FILE}); sharing it`);
      connection.password = readEmbeddedPassword(dataDir);
      state = () => 'shared';
    } else {
      refuseIfServedElsewhere(dataDir, port);
      const embeddedOptions = { ...config.neo4j, txTimeoutSeconds: serverTimeoutSeconds(config), log };
      if (options.supervise) {
        const supervised = await superviseEmbeddedNeo4j({ ...embeddedOptions, logger: options.supervise, onPanic: (detail) => onPanic(detail), onExit: (detail) => onExit(detail), onGiveUp: (detail) => onGiveUp(detail) });
        state = supervised.state;
        stop = () => supervised.stop();
        connection.password = supervised.password;
      } else {
        const embedded: EmbeddedNeo4j = await startEmbeddedNeo4j(embeddedOptions);
        state = () => 'running';
        stop = () => embedded.stop();
        connection.password = embedded.password;
      }
    }
  }
  const bounds = driverBounds(config);
  const executor = new Executor(createDriver(connection, bounds), {
    database: connection.database,
    timeoutMs: config.queryTimeoutMs,
    livenessMs: config.connectTimeoutMs,
    readRetryMs: config.maxRetryTimeMs,
    probeDriver: createProbeDriver(connection, bounds),
    onHealthChange: options.onHealthChange,
  });
  onPanic = (detail) => executor.health.markFailed(detail);
  // Even with no request in flight: marked down now, its return is noticed and followed by a re-warm.
  onExit = (detail) => executor.health.contactFailed(detail);
  // Nothing restarts it now: requests say so (DATABASE_GAVE_UP, no Retry-After) instead of "retry in 2 s".
  onGiveUp = (detail) => executor.health.markGaveUp(detail);
  return {
    executor,
    connection,
    state: () => state(),
    logHint,
    checkRoomForLoad,
    async close() {
      await executor.close();
      await stop();
    },
  };
}

/** The data folder's own Neo4j runs on another port: starting a second one would only hit the store lock. */
function refuseIfServedElsewhere(dataDir: string, port: number): void {
  const marker = readMarker(dataDir);
  if (!marker || marker.port === port || marker.dataDir !== dataDir) return;
  const args = processArguments(marker.pid);
  if (!args?.includes(LAUNCHER_MAIN_CLASS) || !args.includes(`--instance-token=${marker.token}`)) return;
  throw new LauncherSetupError(
    `the data folder ${dataDir} is already served by the embedded Neo4j with pid ${marker.pid} on port ${marker.port}. ` +
      `Set NEO4J_EMBEDDED_PORT=${marker.port} to share it, stop that process, or choose another NEO4J_EMBEDDED_DATA_DIR.`,
  );
}

/** What answers on Bolt at `connection`: its agent (e.g. Neo4j/5.26.0), or why it does not answer as Neo4j. */
async function probeBolt(connection: Connection): Promise<string> {
  const driver = createDriver(connection, { connectTimeoutMs: 2_000, acquisitionTimeoutMs: 3_000, maxRetryTimeMs: 0 }, 1);
  try {
    const info = await Promise.race([
      driver.getServerInfo(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no Bolt answer within 3 s')), 3_000).unref()),
    ]);
    return `it answers as ${info.agent ?? 'a Bolt server'}`;
  } catch (error) {
    return `it does not answer as Neo4j (${(error as Error).message.split('\n')[0]})`;
  } finally {
    void driver.close().catch(() => {});
  }
}

/** Says what holds the port (process and protocol, as far as can be told) and how to get out of the way. */
async function foreignPortMessage(connection: Connection, dataDir: string, why: string): Promise<string> {
  const port = Number(new URL(connection.uri).port);
  const owner = findPortOwner(port);
  const ownerData = owner?.args.find((arg) => arg.startsWith('--data-dir='))?.slice('--data-dir='.length);
  let answers = await probeBolt(connection);
  // Authentication is on: another folder's embedded Neo4j refuses this folder's password. Ask it with its own.
  if (/unauthori[sz]ed|authentication/i.test(answers) && ownerData && owner?.args.includes(LAUNCHER_MAIN_CLASS)) {
    try {
      answers = await probeBolt({ ...connection, password: readEmbeddedPassword(ownerData) });
    } catch {
      // No readable password file there: keep the first answer.
    }
  }
  const who = owner
    ? owner.args.includes(LAUNCHER_MAIN_CLASS) && ownerData
      ? `process ${owner.pid} is Chokepoint's embedded Neo4j for another data folder, ${ownerData}`
      : `process ${owner.pid} listens there: ${owner.command}`
    : 'the process that listens there could not be identified';
  const share =
    owner?.args.includes(LAUNCHER_MAIN_CLASS) && ownerData ? ` set NEO4J_EMBEDDED_DATA_DIR=${ownerData} to share that one;` : '';
  return (
    `port ${port} on 127.0.0.1 (NEO4J_EMBEDDED_PORT) is taken by something this data folder's Neo4j did not start, so it is not used ` +
    `(it would serve and seed another database than ${dataDir}).\n` +
    `  What is there: ${answers}; ${who}.\n` +
    `  Why it is not ours: ${why}.\n` +
    `  Fix: stop that process; or set NEO4J_EMBEDDED_PORT to a free port;${share} or, to use that database on purpose, ` +
    `set NEO4J_URI=${connection.uri}.`
  );
}
