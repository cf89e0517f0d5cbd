// Without Java or Maven on PATH, the local Neo4j cannot be built or run: the message says which tool is
// missing and how to get it (or how to use another Neo4j instead).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LauncherSetupError, requireTool } from '../../src/db/embedded/build-launcher.ts';

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
