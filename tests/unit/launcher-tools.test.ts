// Without Java or Maven on PATH, the local Neo4j cannot be built or run: the message says which tool is
// missing and how to get it (or how to use another Neo4j instead).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LauncherSetupError, MavenProgress, requireTool } from '../../src/db/embedded/build-launcher.ts';

const originalPath = process.env.PATH;
const empty = mkdtempSync(join(tmpdir(), 'chokepoint-nopath-'));
afterEach(() => {
  process.env.PATH = originalPath;
});

describe('requireTool', () => {
  it.each([
    ['java', 'apt-get install openjdk-17-jdk-headless'],
    ['mvn', 'apt-get install maven'],
  ] as const)('names a missing %s and how to install it', (tool, hint) => {
    process.env.PATH = empty;
    let error: unknown;
    try {
      requireTool(tool);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(LauncherSetupError);
    expect((error as Error).message).toContain(`'${tool}' was not found on PATH`);
    expect((error as Error).message).toContain(hint);
    expect((error as Error).message).toContain('NEO4J_URI');
  });

  it('passes when the tool is there', () => {
    expect(() => requireTool('java')).not.toThrow();
    rmSync(empty, { recursive: true, force: true });
  });
});

describe('MavenProgress', () => {
  // Lines as Maven 3.8.7 prints them in batch mode (from a first build with an empty repository).
  const output = [
    '\u001b[0m\u001b[0m[INFO] Scanning for projects...',
    '[INFO] Downloading from central: https://repo.maven.apache.org/maven2/org/apache/maven/plugins/maven-resources-plugin/2.6/maven-resources-plugin-2.6.pom',
    '[INFO] Downloaded from central: https://repo.maven.apache.org/maven2/org/apache/maven/plugins/maven-resources-plugin/2.6/maven-resources-plugin-2.6.pom (8.1 kB at 2.6 kB/s)',
    '[INFO] Downloaded from central: https://repo.maven.apache.org/maven2/org/neo4j/neo4j-kernel/5.26.19/neo4j-kernel-5.26.19.jar (12 MB at 4.1 MB/s)',
    '[INFO] --- maven-compiler-plugin:3.13.0:compile (default-compile) @ neo4j-embedded ---',
    '[INFO] --- maven-dependency-plugin:3.8.1:copy-dependencies (copy-dependencies) @ neo4j-embedded ---',
    '[INFO] --- exec-maven-plugin:3.1.0:java (default-cli) @ neo4j-embedded ---',
  ].join('\n');

  it('turns goal lines into progress lines and counts downloads, also across chunk boundaries', () => {
    const lines: string[] = [];
    const progress = new MavenProgress((line) => lines.push(line));
    // Fed in odd pieces, as a pipe delivers them.
    for (let i = 0; i < output.length; i += 37) progress.feed(output.slice(i, i + 37));
    progress.feed('\n');
    expect(lines).toEqual(['Maven: compiling the launcher', 'Maven: copying the Neo4j jars to target/lib', 'Maven: running exec-maven-plugin:java']);
    expect(progress.downloads).toBe(2);
    expect(Math.round(progress.downloadedBytes / 1e5) / 10).toBe(12);
    expect(progress.heartbeat(42)).toBe('Maven is still building the launcher (42 s); 2 files downloaded from Maven Central so far (12 MB)…');
  });
});
