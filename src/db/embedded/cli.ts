// `npm run db -- start`: run only the local Neo4j (as configured by NEO4J_EMBEDDED_*) until Ctrl-C.
// `npm run db -- build`: build the launcher (download the jars) and exit.
// `npm run db -- check` / `set-aside`: when the store does not open — check it, or move it aside (store-recovery.ts).
import { loadConfig } from '../../config/config.ts';
import { freePort } from '../../net/free-port.ts';
import { ensureLauncherBuilt } from './build-launcher.ts';
import { startEmbeddedNeo4j, StoreFailedError } from './launcher.ts';
import { checkStore, setStoreAside, storeFolder, storeRecoveryAdvice, type CheckResult } from './store-recovery.ts';
import { serverTimeoutSeconds } from '../open-database.ts';

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(command: string | undefined): Promise<void> {
  if (command === 'build') {
    const build = await ensureLauncherBuilt(log);
    log(build.built ? 'launcher built' : 'launcher already built (neo4j-embedded/target)');
    return;
  }
  if (command !== 'start' && command !== 'check' && command !== 'set-aside') {
    log('usage: npm run db -- start | build | check | set-aside');
    process.exit(2);
  }
  const config = loadConfig();
  if (config.neo4j.mode !== 'embedded') {
    log(`NEO4J_URI is set (${config.neo4j.uri}); unset it to run the local Neo4j.`);
    process.exit(2);
  }
  if (command === 'check') return check(config);
  if (command === 'set-aside') {
    const aside = setStoreAside(config.neo4j.dataDir);
    log(`moved ${storeFolder(config.neo4j.dataDir)} to ${aside}; the password file stays. npm start now loads the seed into a new store; delete ${aside} once the service answers.`);
    return;
  }
  const db = await startEmbeddedNeo4j({ ...config.neo4j, txTimeoutSeconds: serverTimeoutSeconds(config), log });
  log(
    `Neo4j answers on ${db.uri} (127.0.0.1 only). User ${db.username}; the password is in ${db.passwordFile} (readable by its owner only). ` +
      `Connect with: cypher-shell -a ${db.uri} -u ${db.username} -p "$(cat ${db.passwordFile})". Ctrl-C stops it.`,
  );
  // Not supervised here (npm start supervises its own): say that it died and where to look, and exit.
  void db.exited.then((exit) => {
    if (exit.expected) return;
    log(`the embedded Neo4j exited unexpectedly (code ${exit.code}, signal ${exit.signal}). Last output:\n${db.lastOutput().slice(-15).join('\n')}`);
    log(`Read ${db.outputLog} and ${db.neo4jLog}.`);
    process.exit(1);
  });
  const stop = async () => {
    await db.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/**
 * The checker refuses a store that still needs recovery (after a crash, kill -9 or a panic): Neo4j recovers
 * it when it opens it, so open it once (on a free port, nothing served) and stop it cleanly, then check.
 * Exit 0 only when the store is consistent.
 */
async function check(config: ReturnType<typeof loadConfig>): Promise<void> {
  if (config.neo4j.mode !== 'embedded') return;
  const { dataDir, heapMb } = config.neo4j;
  let result: CheckResult = await checkStore({ dataDir, heapMb, log });
  if (result.verdict === 'needs-recovery') {
    log('the store needs recovery first (it was not shut down cleanly): opening it once so that Neo4j replays its transaction log…');
    try {
      const db = await startEmbeddedNeo4j({ ...config.neo4j, port: await freePort(), txTimeoutSeconds: serverTimeoutSeconds(config), log });
      await db.stop();
      result = await checkStore({ dataDir, heapMb, log });
    } catch (error) {
      if (!(error instanceof StoreFailedError)) throw error;
      result = { verdict: 'unreadable', detail: error.message.split('\n')[0]!, reportDir: result.reportDir };
    }
  }
  const store = storeFolder(dataDir);
  const verdicts: Record<CheckResult['verdict'], string> = {
    consistent: `the store in ${store} is consistent: keep it (npm start opens it).`,
    inconsistent: `the store in ${store} has inconsistencies (${result.detail}; reports in ${result.reportDir}).`,
    'in-use': `the store in ${store} is in use by a running Neo4j: stop the service first (${result.detail}).`,
    'needs-recovery': `the store in ${store} still needs recovery (${result.detail}).`,
    unreadable: `the store in ${store} cannot be read: ${result.detail}`,
    'no-store': `there is no store to check: ${result.detail}.`,
  };
  log(`consistency check: ${verdicts[result.verdict]}`);
  if (result.verdict === 'inconsistent' || result.verdict === 'unreadable' || result.verdict === 'needs-recovery') log(storeRecoveryAdvice(dataDir));
  process.exitCode = result.verdict === 'consistent' ? 0 : 1;
}

main(process.argv[2]).catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
