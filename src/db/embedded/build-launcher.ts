// Builds the embedded Neo4j launcher (neo4j-embedded/) with Maven on first use and caches the result:
// a stamp file records a hash of the pom and the Java sources, so a change rebuilds and nothing else does.
import { createHash } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const LAUNCHER_DIR = fileURLToPath(new URL('../../../neo4j-embedded/', import.meta.url));
const STAMP = join(LAUNCHER_DIR, 'target', 'build.stamp');

export class LauncherSetupError extends Error {
  override name = 'LauncherSetupError';
}

export interface LauncherBuild {
  /** The `java -cp` value: compiled classes and every dependency jar. */
  classpath: string;
  mainClass: string;
  /** True when this call ran Maven (first use or a changed launcher). */
  built: boolean;
}

/** Throws a LauncherSetupError naming the missing tool and how to get it. */
export function requireTool(command: 'java' | 'mvn'): void {
  const probe = spawnSync(command, ['-version'], { encoding: 'utf8' });
  if (probe.error) {
    const hint =
      command === 'java'
        ? 'Install a Java 17+ JDK (Debian: apt-get install openjdk-17-jdk-headless) or set NEO4J_URI to use an existing Neo4j.'
        : 'Install Apache Maven (Debian: apt-get install maven) or set NEO4J_URI to use an existing Neo4j.';
    throw new LauncherSetupError(`'${command}' was not found on PATH; it is needed to run the local Neo4j. ${hint}`);
  }
}

function sourceHash(): string {
  const hash = createHash('sha256');
  const files = [join(LAUNCHER_DIR, 'pom.xml'), ...listFiles(join(LAUNCHER_DIR, 'src'))].sort();
  for (const file of files) {
    hash.update(relative(LAUNCHER_DIR, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** Ensures the launcher is compiled and its jars copied; runs `mvn package` only when needed. */
export async function ensureLauncherBuilt(log: (line: string) => void = () => {}): Promise<LauncherBuild> {
  const wanted = sourceHash();
  const result = (built: boolean): LauncherBuild => ({
    classpath: [join(LAUNCHER_DIR, 'target', 'classes'), join(LAUNCHER_DIR, 'target', 'lib', '*')].join(':'),
    mainClass: 'chokepoint.neo4j.EmbeddedNeo4j',
    built,
  });
  if (existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === wanted) {
    return result(false);
  }
  requireTool('java');
  requireTool('mvn');
  log('building the embedded Neo4j launcher with Maven (first run downloads ~160 MB from Maven Central)…');
  const started = Date.now();
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const mvn = spawn('mvn', ['-B', '-q', 'package'], { cwd: LAUNCHER_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
    mvn.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    mvn.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    mvn.on('error', reject);
    mvn.on('close', resolve);
  });
  if (code !== 0) {
    const tail = output.join('').split('\n').slice(-25).join('\n');
    throw new LauncherSetupError(
      `building the embedded Neo4j launcher failed (mvn package exited with ${code}). ` +
        `Maven needs to reach Maven Central the first time. Last output:\n${tail}`,
    );
  }
  writeFileSync(STAMP, wanted + '\n');
  log(`launcher built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result(true);
}
