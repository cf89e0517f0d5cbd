// Issue 19 row 10: a data folder the service cannot write said only "ENOENT: no such file or directory,
// mkdir …/logs" (Node's recursive mkdir on a read-only file system). Now the start is refused before any
// JVM runs, naming the folder, why it cannot be written and the permission it needs. A read-only tmpfs
// (skipped with the reason where none can be mounted) and a folder owned by root, started as `nobody`.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataFolderError } from '../../src/db/embedded/data-folder.ts';
import { startEmbeddedNeo4j } from '../../src/db/embedded/launcher.ts';
import { freePort } from '../../src/net/free-port.ts';

const root = mkdtempSync(join(tmpdir(), 'chokepoint-data-folder-'));
chmodSync(root, 0o755);
const readOnly = join(root, 'read-only');
mkdirSync(readOnly);

function mountReadOnly(): string | undefined {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', readOnly], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? (error as Error).message).trim();
  }
}
const cannotMount = mountReadOnly();
if (cannotMount) process.stderr.write(`data-folder-permissions.test.ts: the read-only case is skipped, a tmpfs cannot be mounted here (${cannotMount})\n`);
const isRoot = process.getuid?.() === 0;
if (!isRoot) process.stderr.write('data-folder-permissions.test.ts: the other-user case is skipped, it needs root to start a process as nobody\n');
// `nobody` runs the launcher from this checkout: a clone inside a private folder (mktemp -d is mode 0700)
// is out of its reach, and the case would fail on module resolution, not on the data folder.
const tsxOfCheckout = join(process.cwd(), 'node_modules/tsx/package.json');
const nobodyReadsCheckout = isRoot && nobodyCanRead(tsxOfCheckout);
if (isRoot && !nobodyReadsCheckout) process.stderr.write(`data-folder-permissions.test.ts: the other-user case is skipped, nobody (uid 65534) cannot read ${tsxOfCheckout} (a parent folder's mode)\n`);

function nobodyCanRead(path: string): boolean {
  try {
    execFileSync('test', ['-r', path], { uid: 65534, gid: 65534, stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

afterAll(() => {
  if (!cannotMount) execFileSync('umount', ['-l', readOnly], { stdio: 'pipe' });
  rmSync(root, { recursive: true, force: true });
});

describe('a data folder the service cannot write (issue 19 row 10)', () => {
  it.skipIf(cannotMount !== undefined)('on a read-only file system: refused with the folder, the cause and the permission needed', async () => {
    const dataDir = join(readOnly, 'neo4j');
    const start = startEmbeddedNeo4j({ port: await freePort(), dataDir, heapMb: 512, pageCacheMb: 64, txTimeoutSeconds: 30 });
    await expect(start).rejects.toBeInstanceOf(DataFolderError);
    const message = await start.then(
      () => '',
      (error: Error) => error.message,
    );
    expect(message).toContain(`the data folder ${dataDir} (NEO4J_EMBEDDED_DATA_DIR) cannot be written: ${readOnly} is on a read-only file system`);
    expect(message).toContain('needs read, write and execute (search) permission');
    expect(message).toContain('mount that file system read-write');
    expect(message).not.toMatch(/^ENOENT/);
  });

  it.skipIf(!nobodyReadsCheckout)('owned by another user: refused with who may not write, the owner and mode, and the chmod to run', async () => {
    const locked = join(root, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    const dataDir = join(locked, 'neo4j');
    const script = `
      import { startEmbeddedNeo4j } from ${JSON.stringify(join(process.cwd(), 'src/db/embedded/launcher.ts'))};
      try { await startEmbeddedNeo4j({ port: ${await freePort()}, dataDir: ${JSON.stringify(dataDir)}, heapMb: 512, pageCacheMb: 64, txTimeoutSeconds: 30 }); console.log('STARTED'); }
      catch (error) { console.log(error.name + ': ' + error.message); }
      process.exit(0);`;
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        uid: 65534,
        gid: 65534,
        env: { PATH: process.env.PATH ?? '', HOME: root, TSX_TSCONFIG_PATH: join(process.cwd(), 'tsconfig.json') },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.once('error', reject);
      child.once('exit', () => resolve(text));
    });
    expect(output).toContain(`DataFolderError: the data folder ${dataDir} (NEO4J_EMBEDDED_DATA_DIR) cannot be written: user `);
    expect(output).toContain(`may not write there (${locked} is owned by uid 0 (gid 0) with mode 0555)`);
    expect(output).toContain(`chmod u+rwx ${locked}`);
  }, 120_000);
});
