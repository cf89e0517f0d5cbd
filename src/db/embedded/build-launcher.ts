// Builds the embedded Neo4j launcher (neo4j-embedded/) with Maven on first use and caches the result:
// a stamp file records a hash of the pom and the Java sources, so a change rebuilds and nothing else does.
// While Maven runs it reports progress (goals, downloads) and keeps the full output in target/build.log.
import { createHash } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { projectPath } from '../../project-root.ts';

export const LAUNCHER_DIR = projectPath('neo4j-embedded/');

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

function sourceHash(dir: string): string {
  const hash = createHash('sha256');
  const files = [join(dir, 'pom.xml'), ...listFiles(join(dir, 'src'))].sort();
  for (const file of files) {
    hash.update(relative(dir, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** While Maven runs, say what it is doing at least this often. */
const PROGRESS_EVERY_MS = 5_000;

/** Maven plugin goals, as an operator would say them. */
const GOALS: Record<string, string> = {
  resources: 'copying resources',
  compile: 'compiling the launcher',
  testResources: 'skipping test resources (there are none)',
  testCompile: 'skipping test compilation (there are no tests)',
  test: 'skipping tests (there are none)',
  jar: 'packaging the launcher jar',
  'copy-dependencies': 'copying the Neo4j jars to target/lib',
};

/**
 * Turns Maven's batch output into progress lines: one per plugin goal as it starts, and a heartbeat
 * with the download count and size every few seconds, so the first build (~160 MB) is never silent.
 */
export class MavenProgress {
  downloads = 0;
  downloadedBytes = 0;
  private partial = '';

  constructor(private readonly log: (line: string) => void) {}

  feed(chunk: string): void {
    const lines = (this.partial + chunk).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.line(line);
  }

  private line(raw: string): void {
    // Batch mode still colours a few lines; Maven 3.8 prefixes transfer lines with [INFO].
    const line = raw.replace(/\x1b\[[0-9;]*m/g, '');
    const goal = /^\[INFO\] --- ([\w.-]+):[\w.-]+:([\w-]+) /.exec(line);
    if (goal) {
      const [, plugin, name] = goal;
      this.log(`Maven: ${GOALS[name!] ?? `running ${plugin}:${name}`}`);
      return;
    }
    const downloaded = /^(?:\[INFO\] )?Downloaded from [^:]+: \S+ \((\d+(?:\.\d+)?) (B|kB|MB|GB)/.exec(line);
    if (downloaded) {
      const unit = { B: 1, kB: 1e3, MB: 1e6, GB: 1e9 }[downloaded[2] as 'B' | 'kB' | 'MB' | 'GB'];
      this.downloads++;
      this.downloadedBytes += Number(downloaded[1]) * unit;
    }
  }

  heartbeat(seconds: number): string {
    const downloads =
      this.downloads > 0 ? `; ${this.downloads} files downloaded from Maven Central so far (${Math.round(this.downloadedBytes / 1e6)} MB)` : '';
    return `Maven is still building the launcher (${seconds} s)${downloads}…`;
  }
}

/** Ensures the launcher is compiled and its jars copied; runs `mvn package` only when needed. */
export async function ensureLauncherBuilt(log: (line: string) => void = () => {}, dir: string = LAUNCHER_DIR): Promise<LauncherBuild> {
  const stamp = join(dir, 'target', 'build.stamp');
  const wanted = sourceHash(dir);
  const result = (built: boolean): LauncherBuild => ({
    classpath: [join(dir, 'target', 'classes'), join(dir, 'target', 'lib', '*')].join(':'),
    mainClass: 'chokepoint.neo4j.EmbeddedNeo4j',
    built,
  });
  if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === wanted) {
    return result(false);
  }
  requireTool('java');
  requireTool('mvn');
  mkdirSync(join(dir, 'target'), { recursive: true });
  const buildLog = join(dir, 'target', 'build.log');
  log(
    `building the embedded Neo4j launcher with Maven (first run downloads ~160 MB from Maven Central and takes about a minute; ` +
      `full output in ${buildLog})…`,
  );
  const started = Date.now();
  const output: string[] = [];
  const file = createWriteStream(buildLog);
  file.on('error', () => {});
  const progress = new MavenProgress(log);
  const heartbeat = setInterval(() => log(progress.heartbeat(Math.round((Date.now() - started) / 1000))), PROGRESS_EVERY_MS);
  let code: number | null;
  try {
    code = await new Promise<number | null>((resolve, reject) => {
      // Batch mode, no colours; not -q, because its "Downloaded from" and goal lines are the progress.
      const mvn = spawn('mvn', ['-B', '-Dstyle.color=never', 'package'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      const take = (chunk: Buffer) => {
        const text = chunk.toString();
        file.write(text);
        output.push(text);
        if (output.length > 400) output.shift();
        progress.feed(text);
      };
      mvn.stdout.on('data', take);
      mvn.stderr.on('data', take);
      mvn.on('error', reject);
      mvn.on('close', resolve);
    });
  } finally {
    clearInterval(heartbeat);
    file.end();
  }
  if (code !== 0) {
    const tail = output.join('').split('\n').filter((line) => /ERROR|FAIL|Could not/.test(line)).slice(-25).join('\n');
    throw new LauncherSetupError(
      `building the embedded Neo4j launcher failed (mvn package exited with ${code}). ` +
        `Maven needs to reach Maven Central the first time. Read ${buildLog}. Errors:\n${tail}`,
    );
  }
  writeFileSync(stamp, wanted + '\n');
  log(`launcher built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result(true);
}
