// Creates the neo4j-driver instance for a resolved connection (embedded or external).
// bolt://, neo4j:// and their +s/+ssc variants all work, so a cluster or Aura can replace the local database.
import neo4j, { type Driver } from 'neo4j-driver';

export interface Connection {
  uri: string;
  username: string;
  password: string;
  /** Undefined: the server's default database. */
  database: string | undefined;
}

export function createDriver(connection: Connection): Driver {
  return neo4j.driver(connection.uri, neo4j.auth.basic(connection.username, connection.password), {
    userAgent: 'chokepoint/0.1',
    // Fail fast when the database is gone, so /ready answers promptly instead of hanging.
    connectionTimeout: 5_000,
    connectionAcquisitionTimeout: 10_000,
    maxConnectionPoolSize: 50,
    logging: { level: 'error', logger: (_level, message) => process.stderr.write(`[neo4j-driver] ${message}\n`) },
  });
}
