// Runs `src/main.ts` as a real child process (as `npm start` does) on ports picked at run time and a
// temporary data folder, and gives tests its output, its embedded JVM's pid and a few HTTP helpers.
// Only processes started here are ever signalled.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../src/net/free-port.ts';

export interface ServiceProcess {
  child: ChildProcess;
  url: string;
  boltPort: number;
  dataDir: string;
  /** stdout and stderr, in arrival order. */
  output(): string;
  /** Each chunk with the time it arrived (for ordering checks). */
  chunks: Array<{ at: number; text: string }>;
  exited(): boolean;
  /** Resolves with the first output match, or rejects after timeoutMs with the output so far. */
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** Pid of the embedded JVM this process started (a child of it), or undefined. */
  jvmPid(): number | undefined;
  /** Stops it (SIGTERM, SIGKILL after 30 s) and removes the data folder. */
  stop(): Promise<number | null>;
}

export interface ServiceOptions {
  env?: Record<string, string>;
  /** Extra node flags (e.g. `--import` of a test module). */
  nodeArgs?: string[];
  /** Use this data folder instead of a new temporary one (it is not removed by stop()). */
  dataDir?: string;
  boltPort?: number;
}

export async function startService(options: ServiceOptions = {}): Promise<ServiceProcess> {
  const httpPort = await freePort();
  const boltPort = options.boltPort ?? (await freePort());
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? join(mkdtempSync(join(tmpdir(), 'chokepoint-service-')), 'neo4j');
  const child = spawn(process.execPath, ['--import', 'tsx', ...(options.nodeArgs ?? []), 'src/main.ts'], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: String(httpPort),
      NEO4J_EMBEDDED_PORT: String(boltPort),
      NEO4J_EMBEDDED_DATA_DIR: dataDir,
      NEO4J_EMBEDDED_HEAP_MB: '512',
      NEO4J_EMBEDDED_PAGECACHE_MB: '64',
      LOG_LEVEL: 'info',
      // The fault tests' load comes from one address (loopback): no per-client cost budget.
      RATE_LIMIT_COST_PER_MINUTE: '0',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: Array<{ at: number; text: string }> = [];
  const waiters = new Set<() => void>();
  const onChunk = (chunk: Buffer) => {
    chunks.push({ at: Date.now(), text: chunk.toString() });
    for (const wake of waiters) wake();
  };
  child.stdout!.on('data', onChunk);
  child.stderr!.on('data', onChunk);
  child.once('exit', () => {
    for (const wake of waiters) wake();
  });
  const output = () => chunks.map((c) => c.text).join('');
  const exited = () => child.exitCode !== null || child.signalCode !== null;

  return {
    child,
    url: `http://127.0.0.1:${httpPort}`,
    boltPort,
    dataDir,
    chunks,
    output,
    exited,
    waitForOutput(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = output().match(pattern);
          if (match) return done(() => resolve(match));
          if (exited()) return done(() => reject(new Error(`process exited (${child.exitCode ?? child.signalCode}) before ${pattern}:\n${output()}`)));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${output()}`))), timeoutMs);
        const done = (settle: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          settle();
        };
        waiters.add(check);
        check();
      });
    },
    jvmPid: () => childJvm(child.pid!),
    async stop() {
      if (!exited()) {
        const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        await gone;
        clearTimeout(killer);
      }
      if (ownDataDir) rmSync(join(dataDir, '..'), { recursive: true, force: true });
      return child.exitCode;
    },
  };
}

/** The embedded Neo4j JVM among the direct children of `pid` (Linux /proc). */
export function childJvm(pid: number): number | undefined {
  let children: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const list = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (list) children.push(...list.split(/\s+/).map(Number));
    }
  } catch {
    return undefined;
  }
  children = children.filter((child) => {
    try {
      return readFileSync(`/proc/${child}/cmdline`, 'utf8').includes('chokepoint.neo4j.EmbeddedNeo4j');
    } catch {
      return false;
    }
  });
  return children[0];
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls `probe` every intervalMs until it returns a value other than undefined, or throws after timeoutMs. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** GET a URL; undefined when nothing answers. */
export async function status(url: string, timeoutMs = 10_000): Promise<number | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return undefined;
  }
}
