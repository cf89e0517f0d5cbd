// Resolves where the database is — NEO4J_URI when set, else the embedded Neo4j (started here, or
// reused when one of ours already answers on its port) — and returns an executor over it.
import type { Config } from '../config/config.ts';
import { createDriver, type Connection } from './driver.ts';
import { startEmbeddedNeo4j, isPortInUse, type EmbeddedNeo4j } from './embedded/launcher.ts';
import { Executor } from './executor.ts';

export interface Database {
  executor: Executor;
  connection: Connection;
  /** Set when this process started the embedded Neo4j (and so must stop it). */
  embedded: EmbeddedNeo4j | undefined;
  /** Closes the driver, then stops the embedded Neo4j if this process started it. */
  close(): Promise<void>;
}

/** The embedded Neo4j's server-side transaction ceiling: well above the client timeout, so the client's fires first. */
export function serverTimeoutSeconds(config: Config): number {
  return Math.ceil(config.queryTimeoutMs / 1000) * 3;
}

export async function openDatabase(config: Config, log: (line: string) => void): Promise<Database> {
  let connection: Connection;
  let embedded: EmbeddedNeo4j | undefined;
  if (config.neo4j.mode === 'external') {
    const { uri, username, password, database } = config.neo4j;
    connection = { uri, username, password, database };
    log(`using the Neo4j at ${uri} (NEO4J_URI)`);
  } else {
    const { port } = config.neo4j;
    const uri = `bolt://127.0.0.1:${port}`;
    connection = { uri, username: 'neo4j', password: '', database: undefined };
    if (await isPortInUse(port)) {
      // Another `npm start` (or `npm run db`) already runs the local Neo4j: share it.
      const probe = new Executor(createDriver(connection), { database: undefined, timeoutMs: 5_000 });
      const answers = await probe.ping(5_000);
      await probe.close();
      if (!answers) {
        throw new Error(
          `port ${port} on 127.0.0.1 is in use by something that does not answer as Neo4j. ` +
            `Stop it, or set NEO4J_EMBEDDED_PORT to a free port.`,
        );
      }
      log(`a local Neo4j already answers on ${uri}; using it`);
    } else {
      embedded = await startEmbeddedNeo4j({ ...config.neo4j, txTimeoutSeconds: serverTimeoutSeconds(config), log });
    }
  }
  const executor = new Executor(createDriver(connection), { database: connection.database, timeoutMs: config.queryTimeoutMs });
  return {
    executor,
    connection,
    embedded,
    async close() {
      await executor.close();
      await embedded?.stop();
    },
  };
}
