// Makes sure the embedded Neo4j's data folder can be written before anything starts (issue 19 row 10: a
// read-only folder said only "ENOENT: no such file or directory, mkdir …/logs" — Node's recursive mkdir
// reports a read-only file system as a missing folder). The refusal names the folder, what failed, the
// permission needed, who owns the folder, and the fixes.
import { accessSync, constants, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { userInfo } from 'node:os';
import { LauncherSetupError } from './build-launcher.ts';

export class DataFolderError extends LauncherSetupError {
  override name = 'DataFolderError';
}

/** The nearest folder on the way to `path` that exists (the one whose permissions decide). */
function nearestExisting(path: string): string {
  let current = resolve(path);
  for (;;) {
    try {
      statSync(current);
      return current;
    } catch {
      const parent = dirname(current);
      if (parent === current) return current;
      current = parent;
    }
  }
}

function describeOwner(folder: string): string {
  try {
    const stats = statSync(folder);
    return `${folder} is owned by uid ${stats.uid} (gid ${stats.gid}) with mode ${(stats.mode & 0o777).toString(8).padStart(4, '0')}`;
  } catch {
    return `${folder} cannot be read`;
  }
}

function whoAmI(): string {
  try {
    const me = userInfo();
    return `user ${me.username} (uid ${me.uid})`;
  } catch {
    return `uid ${process.getuid?.() ?? '?'}`;
  }
}

/** Creates the data folder and its logs folder and writes a probe file; refuses with what to do when it cannot. */
export function assertWritableDataFolder(dataDir: string): void {
  const folder = resolve(dataDir);
  const probe = join(folder, 'logs', `.write-probe-${process.pid}`);
  try {
    mkdirSync(join(folder, 'logs'), { recursive: true });
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
    if (code === 'ENOSPC') throw error; // the free-space check says that better (disk-space.ts)
    const decider = nearestExisting(folder);
    let readOnly = code === 'EROFS';
    if (!readOnly && (code === 'ENOENT' || code === 'EACCES' || code === 'EPERM')) {
      // Node's recursive mkdir says ENOENT on a read-only file system: ask the folder itself.
      try {
        accessSync(decider, constants.W_OK);
        readOnly = code === 'ENOENT';
      } catch (access) {
        readOnly = (access as NodeJS.ErrnoException).code === 'EROFS';
      }
    }
    const what = readOnly
      ? `${decider} is on a read-only file system`
      : code === 'ENOTDIR'
        ? `a part of that path is a file, not a folder`
        : `${whoAmI()} may not write there (${describeOwner(decider)})`;
    throw new DataFolderError(
      `the data folder ${folder} (NEO4J_EMBEDDED_DATA_DIR) cannot be written: ${what} (${code} on ${(error as NodeJS.ErrnoException).path ?? folder}). ` +
        `The embedded Neo4j keeps its store, logs and password file there and needs read, write and execute (search) permission on it ` +
        `for ${whoAmI()}. Fix: ${readOnly ? 'mount that file system read-write' : `chown or chmod the folder (chmod u+rwx ${decider})`}, ` +
        `or set NEO4J_EMBEDDED_DATA_DIR to a folder this user can write. Nothing was started or changed.`,
    );
  }
}
