// `npm run db -- start`: run only the local Neo4j (as configured by NEO4J_EMBEDDED_*) until Ctrl-C.
// `npm run db -- build`: build the launcher (download the jars) and exit.
import { loadConfig } from '../../config/config.ts';
import { ensureLauncherBuilt } from './build-launcher.ts';
import { startEmbeddedNeo4j } from './launcher.ts';
import { serverTimeoutSeconds } from '../open-database.ts';

async function main(command: string | undefined): Promise<void> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  if (command === 'build') {
    const build = await ensureLauncherBuilt(log);
    log(build.built ? 'launcher built' : 'launcher already built (neo4j-embedded/target)');
    return;
  }
  if (command !== 'start') {
    log('usage: npm run db -- start | build');
    process.exit(2);
  }
  const config = loadConfig();
  if (config.neo4j.mode !== 'embedded') {
    log(`NEO4J_URI is set (${config.neo4j.uri}); unset it to run the local Neo4j.`);
    process.exit(2);
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

main(process.argv[2]).catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
