// Issue 10, "first start: ~45 s of Maven with no output": building the embedded Neo4j launcher reports
// what Maven is doing while it runs, and keeps Maven's full output in a log file it names. Built here
// from a copy of neo4j-embedded/ in a temporary folder (the jars come from the local Maven repository),
// so the project's own build is not touched.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureLauncherBuilt, LAUNCHER_DIR } from '../../src/db/embedded/build-launcher.ts';

const dir = mkdtempSync(join(tmpdir(), 'chokepoint-launcher-build-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('building the launcher', () => {
  it('says what Maven is doing while it builds, and where its full output is', async () => {
    cpSync(join(LAUNCHER_DIR, 'pom.xml'), join(dir, 'pom.xml'));
    cpSync(join(LAUNCHER_DIR, 'src'), join(dir, 'src'), { recursive: true });
    const lines: Array<{ at: number; line: string }> = [];
    const build = await ensureLauncherBuilt((line) => lines.push({ at: Date.now(), line }), dir);
    expect(build.built).toBe(true);
    const text = lines.map((l) => l.line);
    const buildLog = join(dir, 'target', 'build.log');
    expect(text[0]).toContain(buildLog);
    expect(text).toContain('Maven: compiling the launcher');
    expect(text).toContain('Maven: copying the Neo4j jars to target/lib');
    expect(text.at(-1)).toMatch(/^launcher built in [\d.]+ s$/);
    // Between the first and the last line there is progress, not silence.
    expect(lines.length).toBeGreaterThanOrEqual(5);
    expect(readFileSync(buildLog, 'utf8')).toContain('BUILD SUCCESS');
    expect(existsSync(join(dir, 'target', 'lib'))).toBe(true);
    // The next call finds the stamp and builds nothing.
    expect((await ensureLauncherBuilt(() => {}, dir)).built).toBe(false);
  }, 300_000);
});
