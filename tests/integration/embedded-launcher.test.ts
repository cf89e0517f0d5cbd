// The embedded launcher: clear failures for a taken port and a locked data folder, and no Java
// process left behind — after stop(), and even when its parent is killed.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isPortInUse, LauncherSetupError, startEmbeddedNeo4j, type EmbeddedNeo4j } from '../../src/db/embedded/launcher.ts';
import { freePort } from '../../src/net/free-port.ts';
import { childJvm } from '../support/service-process.ts';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'chokepoint-launcher-'));
  dirs.push(dir);
  return dir;
};
const options = (port: number, dataDir: string) => ({ port, dataDir, heapMb: 512, pageCacheMb: 64, txTimeoutSeconds: 30 });

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return !isAlive(pid);
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('embedded Neo4j launcher', () => {
  let first: EmbeddedNeo4j | undefined;

  it('refuses a second start on the same port with a message that says so', async () => {
    const port = await freePort();
    first = await startEmbeddedNeo4j(options(port, tempDir()));
    const second = startEmbeddedNeo4j(options(port, tempDir()));
    await expect(second).rejects.toBeInstanceOf(LauncherSetupError);
    await expect(second).rejects.toThrow(`port ${port} on 127.0.0.1 is already in use`);
  });

  it('refuses a second process on the same data folder', async () => {
    const dataDir = tempDir();
    const holder = await startEmbeddedNeo4j(options(await freePort(), dataDir));
    try {
      await expect(startEmbeddedNeo4j(options(await freePort(), dataDir))).rejects.toThrow(/is in use by another Neo4j process/);
    } finally {
      await holder.stop();
    }
  });

  it('leaves no Java process behind after stop()', async () => {
    expect(first).toBeDefined();
    const pid = first!.pid;
    expect(isAlive(pid)).toBe(true);
    await first!.stop();
    expect(isAlive(pid)).toBe(false);
  });

  it('stops the JVM when its parent process is killed outright', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/embedded-child.ts', String(await freePort()), tempDir()], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const jvmPid = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /JVM (\d+)/.exec(out);
        if (match) resolve(Number(match[1]));
      });
      child.once('exit', (code) => reject(new Error(`child exited early with ${code}`)));
    });
    expect(isAlive(jvmPid)).toBe(true);
    child.kill('SIGKILL');
    expect(await waitUntilGone(jvmPid, 30_000)).toBe(true);
  });

  it('stops the JVM when its parent is killed while the JVM is still starting, before it opens the port', async () => {
    const port = await freePort();
    const dataDir = tempDir();
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/embedded-child.ts', String(port), dataDir], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    let jvmPid: number | undefined;
    const deadline = Date.now() + 120_000;
    while (jvmPid === undefined && Date.now() < deadline) {
      jvmPid = childJvm(child.pid!);
      if (jvmPid === undefined) await new Promise((r) => setTimeout(r, 20));
    }
    expect(jvmPid, 'the JVM was spawned').toBeDefined();
    child.kill('SIGKILL');
    // The JVM must go without finishing its start: Neo4j never enables Bolt (its debug.log would say so).
    let portOpened = false;
    while (isAlive(jvmPid!) && Date.now() < deadline) {
      portOpened ||= await isPortInUse(port);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(isAlive(jvmPid!)).toBe(false);
    expect(portOpened).toBe(false);
    const debugLog = join(dataDir, 'logs', 'debug.log');
    expect(existsSync(debugLog) ? readFileSync(debugLog, 'utf8') : '').not.toContain('Bolt enabled on');
  }, 180_000);
});
