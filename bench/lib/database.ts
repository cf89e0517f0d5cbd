// The benchmark's Neo4j: its own embedded one (free port, temporary data folder, APOC loaded for
// @neo4j/graphql), or the one BENCH_NEO4J_URI names (which must then have APOC core installed).
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LAUNCHER_DIR, LauncherSetupError, requireTool } from '../../src/db/embedded/build-launcher.ts';
import { startEmbeddedNeo4j, type EmbeddedNeo4j } from '../../src/db/embedded/launcher.ts';
import { freePort } from '../../src/net/free-port.ts';
import type { Connection } from '../../src/db/driver.ts';

const APOC_POM = join(LAUNCHER_DIR, 'apoc', 'pom.xml');
export const APOC_DIR = join(LAUNCHER_DIR, 'target', 'apoc');
const APOC_STAMP = join(APOC_DIR, 'build.stamp');

export interface JvmSettings {
  heapMb: number;
  pageCacheMb: number;
  txTimeoutSeconds: number;
}

export interface BenchDatabase {
  connection: Connection;
  /** Where it runs: "embedded (…)" or the URI given. */
  description: string;
  /** Settings of the embedded JVM; undefined for a database given by URI. */
  jvm: JvmSettings | undefined;
  /** Process id of the embedded JVM (to sample its memory), if we started it. */
  pid: number | undefined;
  stop(): Promise<void>;
}

/** Copies APOC core and its libraries into neo4j-embedded/target/apoc once (Maven; ~5 s, cached by a stamp). */
export async function ensureApoc(log: (line: string) => void): Promise<string> {
  const wanted = createHash('sha256').update(readFileSync(APOC_POM)).digest('hex');
  if (existsSync(APOC_STAMP) && readFileSync(APOC_STAMP, 'utf8').trim() === wanted) return APOC_DIR;
  requireTool('mvn');
  log('copying APOC core for @neo4j/graphql into neo4j-embedded/target/apoc (Maven)…');
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const mvn = spawn('mvn', ['-B', '-q', '-f', APOC_POM, 'package'], { stdio: ['ignore', 'pipe', 'pipe'] });
    mvn.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    mvn.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    mvn.on('error', reject);
    mvn.on('close', resolve);
  });
  if (code !== 0) {
    throw new LauncherSetupError(`copying APOC failed (mvn exited with ${code}):\n${output.join('').split('\n').slice(-20).join('\n')}`);
  }
  writeFileSync(APOC_STAMP, wanted + '\n');
  return APOC_DIR;
}

export interface OpenBenchOptions {
  /** Runs on the embedded database's new, empty data folder before the JVM opens it (a bulk import). Not for BENCH_NEO4J_URI. */
  beforeStart?: (dataDir: string) => Promise<void>;
}

export async function openBenchDatabase(jvm: JvmSettings, log: (line: string) => void, options: OpenBenchOptions = {}): Promise<BenchDatabase> {
  const uri = process.env.BENCH_NEO4J_URI;
  if (uri) {
    return {
      connection: {
        uri,
        username: process.env.BENCH_NEO4J_USERNAME ?? 'neo4j',
        password: process.env.BENCH_NEO4J_PASSWORD ?? '',
        database: process.env.BENCH_NEO4J_DATABASE || undefined,
      },
      description: `given by BENCH_NEO4J_URI (${uri})`,
      jvm: undefined,
      pid: undefined,
      stop: async () => {},
    };
  }
  const pluginDir = await ensureApoc(log);
  const dataDir = mkdtempSync(join(tmpdir(), 'chokepoint-bench-'));
  let embedded: EmbeddedNeo4j;
  try {
    await options.beforeStart?.(dataDir);
    embedded = await startEmbeddedNeo4j({ port: await freePort(), dataDir, pluginDir, ...jvm, log });
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    connection: { uri: embedded.uri, username: embedded.username, password: embedded.password, database: undefined },
    description: `embedded Neo4j 5.26 Community with APOC core, started by the benchmark (${embedded.startMs} ms to ready)`,
    jvm,
    pid: embedded.pid,
    async stop() {
      await embedded.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
