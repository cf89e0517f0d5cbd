// Starts and stops the embedded Neo4j (neo4j-embedded/) as a child JVM and waits until Bolt answers.
// Used by `npm start` when NEO4J_URI is unset (through the supervisor), by the test setup, and by
// `npm run db`. The JVM's own output goes to <data>/logs/jvm-output.log (Neo4j's log is
// <data>/logs/debug.log); once ready, a marker in the data folder says which process serves it. Bolt
// asks for user neo4j and the password the JVM keeps in <data>/neo4j-password (password-file.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { ensureLauncherBuilt, LauncherSetupError, requireTool } from './build-launcher.ts';
import { LAUNCHER_MAIN_CLASS, newInstanceToken, removeMarker, writeMarker } from './instance-marker.ts';
import { EMBEDDED_USERNAME, passwordPath, readEmbeddedPassword } from './password-file.ts';
import { assertRoomToStart } from './disk-space.ts';
import { assertWritableDataFolder } from './data-folder.ts';
import { storeFolder, storeRecoveryAdvice } from './store-recovery.ts';
import { createDriver } from '../driver.ts';

export { LauncherSetupError } from './build-launcher.ts';

/** The store did not open (Neo4j marked the database failed): restarting cannot help; the message says what can. */
export class StoreFailedError extends LauncherSetupError {
  override name = 'StoreFailedError';
}

export interface EmbeddedOptions {
  /** Bolt port on 127.0.0.1. @default 7687 */
  port: number;
  /** Data folder (created if missing). @default .data/neo4j */
  dataDir: string;
  /** JVM heap (-Xms/-Xmx) in MiB. @default 1024 */
  heapMb: number;
  /** Neo4j page cache in MiB. @default 256 */
  pageCacheMb: number;
  /** Server-side ceiling for any transaction, in seconds. @default 30 */
  txTimeoutSeconds: number;
  /**
   * A folder of Neo4j plugin jars (the benchmark's APOC, see neo4j-embedded/apoc/pom.xml). Embedded, a
   * plugin must be on the classpath and in the plugin folder, so both are set. @default none
   */
  pluginDir?: string;
  /**
   * How long to wait for the READY line. Generous: after a crash the store recovers first, and on a loaded
   * machine a start took 70 s here; killing a slow start only makes the next one recover again. @default 300000
   */
  startTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface JvmExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when stop() asked for it. */
  expected: boolean;
}

export interface EmbeddedNeo4j {
  uri: string;
  /** Bolt credentials: user neo4j and the password kept in the data folder. */
  username: string;
  password: string;
  /** The file that holds the password (owner-only). */
  passwordFile: string;
  port: number;
  pid: number;
  dataDir: string;
  /** Milliseconds from spawning the JVM to Bolt answering. */
  startMs: number;
  /** The JVM's stdout and stderr, appended across starts. */
  outputLog: string;
  /** Neo4j's own log. */
  neo4jLog: string;
  /** The JVM's last lines of output (stdout and stderr). */
  lastOutput(): string[];
  /** Resolves when the JVM has exited, for whatever reason. */
  exited: Promise<JvmExit>;
  /** Stops the JVM (SIGTERM, then SIGKILL after 30 s) and resolves when it has exited. */
  stop(): Promise<void>;
}

/** Exit codes of EmbeddedNeo4j.java. */
const EXIT_PORT_TAKEN = 3;
const EXIT_STORE_LOCKED = 4;
/** The database panicked (a full disk, an I/O error): the JVM exits so that it is restarted. */
export const EXIT_PANICKED = 6;
const EXIT_PASSWORD_FAILED = 7;
/** Neo4j marked the database failed while opening its store (an unreadable transaction log, a damaged file). */
export const EXIT_STORE_FAILED = 8;
const TAIL_LINES = 40;
/** While waiting for the JVM, say so this often. */
const PROGRESS_EVERY_MS = 5_000;

// Neo4j's own launcher opens these packages on Java 17; without java.nio start-up dies with a LinkageError.
const JVM_OPENS = ['java.nio', 'java.io', 'sun.nio.ch', 'java.lang', 'java.util', 'java.util.concurrent'].map(
  (pkg) => `--add-opens=java.base/${pkg}=ALL-UNNAMED`,
);

/** Resolves true when something accepts TCP connections on 127.0.0.1:port. */
export function isPortInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ port, host });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      done(false);
    });
    socket.once('error', () => done(false));
  });
}

export function neo4jLogPath(dataDir: string): string {
  return join(resolve(dataDir), 'logs', 'debug.log');
}

export function jvmOutputLogPath(dataDir: string): string {
  return join(resolve(dataDir), 'logs', 'jvm-output.log');
}

export async function startEmbeddedNeo4j(options: EmbeddedOptions): Promise<EmbeddedNeo4j> {
  const log = options.log ?? (() => {});
  const { port } = options;
  if (await isPortInUse(port)) {
    throw new LauncherSetupError(
      `port ${port} on 127.0.0.1 is already in use, so the local Neo4j cannot start there. ` +
        `Stop whatever listens on it (another 'npm start'?), choose another port with NEO4J_EMBEDDED_PORT, ` +
        `or point NEO4J_URI at a running Neo4j.`,
    );
  }
  const build = await ensureLauncherBuilt(log);
  requireTool('java');
  const dataDir = resolve(options.dataDir);
  // A read-only or foreign-owned folder is refused with the permission it needs (issue 19 row 10).
  assertWritableDataFolder(dataDir);
  assertRoomToStart(dataDir);
  const outputLog = jvmOutputLogPath(dataDir);
  const token = newInstanceToken();

  const args = [
    `-Xms${options.heapMb}m`,
    `-Xmx${options.heapMb}m`,
    ...JVM_OPENS,
    '-Dio.netty.tryReflectionSetAccessible=true',
    '-cp',
    options.pluginDir ? `${build.classpath}:${join(resolve(options.pluginDir), '*')}` : build.classpath,
    build.mainClass,
    `--port=${port}`,
    `--data-dir=${dataDir}`,
    `--pagecache-mb=${options.pageCacheMb}`,
    `--tx-timeout-seconds=${options.txTimeoutSeconds}`,
    ...(options.pluginDir ? [`--plugin-dir=${resolve(options.pluginDir)}`] : []),
    // Names this instance in the data folder's marker, so another `npm start` can verify it (instance-marker.ts).
    `--instance-token=${token}`,
    // stdin stays open while we live; if this process dies, the JVM sees EOF and shuts down.
    '--watch-stdin',
  ];
  if (build.mainClass !== LAUNCHER_MAIN_CLASS) throw new Error(`unexpected launcher class ${build.mainClass}`);
  log(`starting the embedded Neo4j on bolt://127.0.0.1:${port} (data in ${dataDir}; its output goes to ${outputLog})`);
  const started = Date.now();
  const child = spawn('java', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const output = createWriteStream(outputLog, { flags: 'a' });
  output.on('error', () => {}); // a full disk must not take the service down; the tail stays in memory
  output.write(`--- ${new Date().toISOString()} started pid ${child.pid} on port ${port}\n`);
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    output.write(chunk);
    for (const line of chunk.toString().split('\n')) {
      if (line.trim() === '') continue;
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
    }
  };
  child.stderr.on('data', keep);
  let stopping = false;
  const exited = new Promise<JvmExit>((done) => {
    child.once('exit', (code, signal) => {
      output.end(`--- ${new Date().toISOString()} pid ${child.pid} exited (code ${code}, signal ${signal})\n`);
      done({ code, signal, expected: stopping });
    });
  });
  child.stdin.on('error', () => {}); // EPIPE when the JVM has died; its exit is reported above

  const progress = setInterval(
    () => log(`still waiting for the embedded Neo4j to open its store and Bolt port (${Math.round((Date.now() - started) / 1000)} s)…`),
    PROGRESS_EVERY_MS,
  );
  try {
    await waitForReady(child, options.startTimeoutMs ?? 300_000, keep, () => tail.join('\n'), port, dataDir, outputLog);
  } finally {
    clearInterval(progress);
  }
  const startMs = Date.now() - started;
  log(`embedded Neo4j is ready on bolt://127.0.0.1:${port} (${startMs} ms, pid ${child.pid}, data in ${dataDir})`);
  // After READY, stdout keeps going to the log and the tail, so the pipe never fills up.
  child.stdout.on('data', keep);
  writeMarker({ pid: child.pid!, port, dataDir, token, startedAt: new Date(started).toISOString() });
  void exited.then(() => removeMarker(dataDir, token));

  let stopped: Promise<void> | undefined;
  const password = readEmbeddedPassword(dataDir);
  await refuseWrongPassword(`bolt://127.0.0.1:${port}`, password, dataDir, () => stopChild(child));
  return {
    uri: `bolt://127.0.0.1:${port}`,
    username: EMBEDDED_USERNAME,
    password,
    passwordFile: passwordPath(dataDir),
    port,
    pid: child.pid ?? -1,
    dataDir,
    startMs,
    outputLog,
    neo4jLog: neo4jLogPath(dataDir),
    lastOutput: () => [...tail],
    exited,
    stop() {
      stopping = true;
      stopped ??= stopChild(child).then(() => removeMarker(dataDir, token));
      return stopped;
    },
  };
}

/**
 * The password file is the only copy of the password: one replaced, or deleted after the store's password
 * was set (Neo4j applies a new initial password only to a user that still has the default one), does not
 * open the store. Say so, and what to do, instead of failing every statement later.
 */
async function refuseWrongPassword(uri: string, password: string, dataDir: string, stop: () => Promise<void>): Promise<void> {
  const driver = createDriver({ uri, username: EMBEDDED_USERNAME, password, database: undefined }, { connectTimeoutMs: 10_000, acquisitionTimeoutMs: 20_000, maxRetryTimeMs: 0 }, 1);
  let refused = false;
  try {
    // Resolves false when the server refuses these credentials.
    refused = !(await driver.verifyAuthentication());
  } catch (error) {
    // Anything else (a slow first answer) is left to the caller's own first statement and its retries.
    refused = (error as { code?: string }).code === 'Neo.ClientError.Security.Unauthorized';
  } finally {
    await driver.close().catch(() => {});
  }
  if (!refused) return;
  await stop();
  throw new LauncherSetupError(
    `the password in ${passwordPath(dataDir)} does not open the store in ${dataDir}: the file was replaced, or deleted after the store's ` +
      `password was set. Put the original file back (from a backup), or rebuild the store: stop the service, move ${join(dataDir, 'data')} ` +
      `aside and start again (the seed loads into a new store; a generated graph must be generated again).`,
  );
}

function waitForReady(
  child: ChildProcess,
  timeoutMs: number,
  keep: (chunk: Buffer) => void,
  errors: () => string,
  port: number,
  dataDir: string,
  outputLog: string,
): Promise<void> {
  return new Promise((ready, fail) => {
    let buffered = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new LauncherSetupError(`the local Neo4j did not become ready within ${timeoutMs / 1000} s (its output: ${outputLog}).\n${errors()}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      keep(chunk);
      buffered += chunk.toString();
      if (/^READY /m.test(buffered)) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.off('exit', onExit);
        ready();
      }
    };
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      const message = explainExit(code, port, dataDir, errors(), outputLog);
      fail(code === EXIT_STORE_FAILED ? new StoreFailedError(message) : new LauncherSetupError(message));
    };
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', (error) => {
      clearTimeout(timer);
      fail(new LauncherSetupError(`could not run java: ${error.message}`));
    });
  });
}

function explainExit(code: number | null, port: number, dataDir: string, stderr: string, outputLog: string): string {
  switch (code) {
    case EXIT_PORT_TAKEN:
      return (
        `port ${port} on 127.0.0.1 is already in use, so the local Neo4j cannot start there. ` +
        `Choose another port with NEO4J_EMBEDDED_PORT or stop the process that holds it.`
      );
    case EXIT_STORE_LOCKED:
      return (
        `the data folder ${dataDir} is in use by another Neo4j process. ` +
        `Stop the other process, or choose another folder with NEO4J_EMBEDDED_DATA_DIR.`
      );
    case EXIT_PASSWORD_FAILED:
      return (
        `the local Neo4j could not set the password of user neo4j (${passwordPath(dataDir)}). ` +
        `Check that the data folder is writable by this user and has free space; its output: ${outputLog}.\n${stderr.trim().split('\n').slice(-5).join('\n')}`
      );
    case EXIT_STORE_FAILED: {
      // The launcher's one-line verdict carries Neo4j's cause; the stack is in the logs.
      const said = stderr.split('\n').find((line) => line.startsWith('STORE-FAILED '));
      const cause = said?.replace(/^STORE-FAILED database 'neo4j' in \S+ did not open: /, '') ?? 'see the logs';
      return (
        `the store of the local Neo4j in ${storeFolder(dataDir)} did not open: ${cause}\n` +
        `  Read ${neo4jLogPath(dataDir)} (Neo4j's log) and ${outputLog}.\n` +
        storeRecoveryAdvice(dataDir)
      );
    }
    default: {
      const lastLines = stderr.trim().split('\n').slice(-15).join('\n');
      return (
        `the local Neo4j exited during start-up (exit code ${code}). ` +
        `Read ${outputLog} and ${neo4jLogPath(dataDir)}. Last output:\n${lastLines}`
      );
    }
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', () => {
      clearTimeout(killer);
      done();
    });
    child.kill('SIGTERM');
  });
}
