// What to do when the embedded Neo4j's store does not open (issue 19 row 1): run Neo4j's consistency
// checker on it (`npm run db -- check`), and, when it cannot be kept, move it aside so that the next
// start loads the seed into a new store (`npm run db -- set-aside`). Both refuse while a Neo4j serves it.
import { spawn } from 'node:child_process';
import { existsSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureLauncherBuilt, LauncherSetupError, requireTool } from './build-launcher.ts';
import { processArguments, readMarker, LAUNCHER_MAIN_CLASS } from './instance-marker.ts';

/** The checker's verdicts (StoreCheck.java prints one as "CHECK <verdict> <detail>"). */
export type CheckVerdict = 'consistent' | 'inconsistent' | 'in-use' | 'needs-recovery' | 'unreadable' | 'no-store';

export interface CheckResult {
  verdict: CheckVerdict;
  /** What the checker said (the cause, the report's path). */
  detail: string;
  /** Where the checker writes its report (inconsistencies-*.report). */
  reportDir: string;
}

/** The store's folder inside a data folder (Neo4j's layout: data/databases, data/transactions, data/dbms). */
export function storeFolder(dataDir: string): string {
  return join(resolve(dataDir), 'data');
}

/**
 * The commands an operator runs when the store does not open, for messages (launcher, supervisor) and the
 * CLI. Changes accepted through the API since the last load live only in the store: a rebuilt store has the
 * seed's graph, so the advice says so.
 */
export function storeRecoveryAdvice(dataDir: string): string {
  const store = storeFolder(dataDir);
  return (
    `What to do (docs/operations.md, "A store that does not open"): stop the service, then\n` +
    `  1. npm run db -- check      runs Neo4j's consistency checker on ${store} (after letting Neo4j recover it when it can) and says whether it can be kept;\n` +
    `  2. if it cannot be kept: npm run db -- set-aside   moves ${store} to ${store}.broken-<time> (the password file stays), ` +
    `then npm start loads the seed into a new store (a generated graph: npm run generate again). ` +
    `Changes accepted through the API since the last load are only in the old store.` +
    (dataDir === resolve('.data/neo4j') ? '' : `\n  (both with NEO4J_EMBEDDED_DATA_DIR=${resolve(dataDir)})`)
  );
}

/** Refuses while a Neo4j process (ours, by its marker and command line) serves the data folder. */
function refuseWhileServed(dataDir: string, doing: string): void {
  const marker = readMarker(dataDir);
  if (!marker) return;
  const args = processArguments(marker.pid);
  if (args?.includes(LAUNCHER_MAIN_CLASS) && args.includes(`--instance-token=${marker.token}`)) {
    throw new LauncherSetupError(
      `the embedded Neo4j with pid ${marker.pid} (port ${marker.port}) serves ${dataDir}: stop the service (or \`npm run db -- start\`) before you ${doing}.`,
    );
  }
}

/** Runs Neo4j's consistency checker on the store (no database is started); the JVM's output goes to `log`. */
export async function checkStore(options: { dataDir: string; heapMb: number; log?: (line: string) => void }): Promise<CheckResult> {
  const dataDir = resolve(options.dataDir);
  const log = options.log ?? (() => {});
  const reportDir = join(dataDir, 'logs');
  if (!existsSync(join(storeFolder(dataDir), 'databases', 'neo4j'))) {
    return { verdict: 'no-store', detail: `${join(storeFolder(dataDir), 'databases', 'neo4j')} does not exist`, reportDir };
  }
  refuseWhileServed(dataDir, 'checking its store');
  const build = await ensureLauncherBuilt(log);
  requireTool('java');
  const args = [
    `-Xmx${options.heapMb}m`,
    ...['java.nio', 'java.io', 'sun.nio.ch', 'java.lang', 'java.util', 'java.util.concurrent'].map((pkg) => `--add-opens=java.base/${pkg}=ALL-UNNAMED`),
    '-cp',
    build.classpath,
    build.mainClass,
    '--check',
    `--data-dir=${dataDir}`,
  ];
  const child = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let verdictLine = '';
  const forward = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (line.startsWith('CHECK ')) verdictLine = line;
      else if (line.trim() !== '') log(line);
    }
  };
  child.stdout.on('data', forward);
  child.stderr.on('data', forward);
  const code = await new Promise<number | null>((done, fail) => {
    child.once('error', fail);
    child.once('exit', done);
  });
  const match = /^CHECK (\S+) ?(.*)$/.exec(verdictLine);
  if (!match) throw new LauncherSetupError(`Neo4j's consistency checker exited with code ${code} without a verdict; its output is above.`);
  return { verdict: match[1] as CheckVerdict, detail: match[2]!.trim(), reportDir };
}

/**
 * Moves the store (<data>/data) aside to <data>/data.broken-<time>, keeping the password file, so the next
 * start makes a new store with the same password and loads the seed into it. Returns the new path.
 */
export function setStoreAside(dataDir: string, now = new Date()): string {
  const folder = resolve(dataDir);
  const store = storeFolder(folder);
  if (!existsSync(store)) throw new LauncherSetupError(`there is no store to set aside: ${store} does not exist.`);
  refuseWhileServed(folder, 'setting its store aside');
  const aside = `${store}.broken-${now.toISOString().replace(/[:.]/g, '-')}`;
  renameSync(store, aside);
  return aside;
}
