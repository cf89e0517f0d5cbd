// Starts and stops the embedded Neo4j (neo4j-embedded/) as a child JVM and waits until Bolt answers.
// Used by `npm start` when NEO4J_URI is unset, by the test setup, and by `npm run db`.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { ensureLauncherBuilt, LauncherSetupError, requireTool } from './build-launcher.ts';

export { LauncherSetupError } from './build-launcher.ts';

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
  /** How long to wait for the READY line. @default 120000 */
  startTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface EmbeddedNeo4j {
  uri: string;
  port: number;
  pid: number;
  /** Milliseconds from spawning the JVM to Bolt answering. */
  startMs: number;
  /** Stops the JVM (SIGTERM, then SIGKILL after 30 s) and resolves when it has exited. */
  stop(): Promise<void>;
}

/** Exit codes of EmbeddedNeo4j.java. */
const EXIT_PORT_TAKEN = 3;
const EXIT_STORE_LOCKED = 4;

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
  mkdirSync(dataDir, { recursive: true });

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
    // stdin stays open while we live; if this process dies, the JVM sees EOF and shuts down.
    '--watch-stdin',
  ];
  const started = Date.now();
  const child = spawn('java', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  child.stderr.on('data', (chunk: Buffer) => {
    stderr.push(chunk.toString());
    if (stderr.length > 200) stderr.shift();
  });

  await waitForReady(child, options.startTimeoutMs ?? 120_000, () => stderr.join(''), port, dataDir);
  const startMs = Date.now() - started;
  log(`embedded Neo4j is ready on bolt://127.0.0.1:${port} (${startMs} ms, data in ${dataDir})`);
  // Drain stdout after READY so the pipe never fills up.
  child.stdout.resume();

  let stopping: Promise<void> | undefined;
  return {
    uri: `bolt://127.0.0.1:${port}`,
    port,
    pid: child.pid ?? -1,
    startMs,
    stop() {
      stopping ??= stopChild(child);
      return stopping;
    },
  };
}

function waitForReady(
  child: ChildProcess,
  timeoutMs: number,
  errors: () => string,
  port: number,
  dataDir: string,
): Promise<void> {
  return new Promise((ready, fail) => {
    let buffered = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new LauncherSetupError(`the local Neo4j did not become ready within ${timeoutMs / 1000} s.\n${errors()}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
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
      fail(new LauncherSetupError(explainExit(code, port, dataDir, errors())));
    };
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', (error) => {
      clearTimeout(timer);
      fail(new LauncherSetupError(`could not run java: ${error.message}`));
    });
  });
}

function explainExit(code: number | null, port: number, dataDir: string, stderr: string): string {
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
    default: {
      const lastLines = stderr.trim().split('\n').slice(-15).join('\n');
      return `the local Neo4j exited during start-up (exit code ${code}).\n${lastLines}`;
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
