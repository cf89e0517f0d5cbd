// Which embedded Neo4j serves a data folder. The launcher writes `chokepoint-instance.json` into the
// data folder once its JVM is ready: pid, Bolt port, data folder and a random token, which is also on
// the JVM's command line (`--instance-token=`). Another `npm start` may share that Neo4j only when all
// of it checks out against /proc: the pid is alive and is our launcher's JVM, started for this very
// data folder and port with this token. Anything else on the port is foreign and is never used.
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const MARKER_FILE = 'chokepoint-instance.json';
export const LAUNCHER_MAIN_CLASS = 'chokepoint.neo4j.EmbeddedNeo4j';

export interface InstanceMarker {
  pid: number;
  port: number;
  dataDir: string;
  token: string;
  startedAt: string;
}

export function newInstanceToken(): string {
  return randomBytes(16).toString('hex');
}

export function markerPath(dataDir: string): string {
  return join(dataDir, MARKER_FILE);
}

export function writeMarker(marker: InstanceMarker): void {
  writeFileSync(markerPath(marker.dataDir), JSON.stringify(marker, null, 2) + '\n');
}

export function readMarker(dataDir: string): InstanceMarker | undefined {
  try {
    const marker = JSON.parse(readFileSync(markerPath(dataDir), 'utf8')) as InstanceMarker;
    return typeof marker.pid === 'number' && typeof marker.token === 'string' ? marker : undefined;
  } catch {
    return undefined;
  }
}

/** Removes the marker only if it is still the one with this token (a newer instance may have replaced it). */
export function removeMarker(dataDir: string, token: string): void {
  if (readMarker(dataDir)?.token === token) rmSync(markerPath(dataDir), { force: true });
}

/** The command line of a process, as its arguments; undefined when it is gone or unreadable. */
export function processArguments(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return undefined;
  }
}

export type Verdict = { ours: true; pid: number } | { ours: false; why: string };

/** Whether the embedded Neo4j on `port` is verifiably ours for `dataDir` (absolute). */
export function verifyInstance(dataDir: string, port: number): Verdict {
  const marker = readMarker(dataDir);
  if (!marker) return { ours: false, why: `the data folder has no ${MARKER_FILE}` };
  if (marker.dataDir !== dataDir || marker.port !== port) {
    return { ours: false, why: `${MARKER_FILE} names port ${marker.port} and folder ${marker.dataDir}` };
  }
  const args = processArguments(marker.pid);
  if (!args) return { ours: false, why: `${MARKER_FILE} names pid ${marker.pid}, which is not running (a stale marker)` };
  const expected = [LAUNCHER_MAIN_CLASS, `--port=${port}`, `--data-dir=${dataDir}`, `--instance-token=${marker.token}`];
  const missing = expected.filter((arg) => !args.includes(arg));
  if (missing.length > 0) {
    return { ours: false, why: `pid ${marker.pid} is not the launcher named in ${MARKER_FILE} (its command line lacks ${missing.join(' ')})` };
  }
  return { ours: true, pid: marker.pid };
}
