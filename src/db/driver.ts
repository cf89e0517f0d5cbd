// Creates the neo4j-driver instances for a resolved connection (embedded or external).
// bolt://, neo4j:// and their +s/+ssc variants all work, so a cluster or Aura can replace the local database.
import neo4j, { type Driver } from 'neo4j-driver';

export interface Connection {
  uri: string;
  username: string;
  password: string;
  /** Undefined: the server's default database. */
  database: string | undefined;
}

/** Client-side bounds, so a database that is gone or frozen costs seconds, not the driver's defaults (30–60 s). */
export interface DriverBounds {
  /** Opening a TCP connection. @default 3000 */
  connectTimeoutMs: number;
  /** Waiting for a free connection from the pool. @default 10000 */
  acquisitionTimeoutMs: number;
  /** Retrying a managed transaction after a transient error (the driver's default is 30 s). @default 2000 */
  maxRetryTimeMs: number;
}

export const DEFAULT_BOUNDS: DriverBounds = { connectTimeoutMs: 3_000, acquisitionTimeoutMs: 10_000, maxRetryTimeMs: 2_000 };

export function createDriver(connection: Connection, bounds: Partial<DriverBounds> = {}, poolSize = 50): Driver {
  const { connectTimeoutMs, acquisitionTimeoutMs, maxRetryTimeMs } = { ...DEFAULT_BOUNDS, ...bounds };
  return neo4j.driver(connection.uri, neo4j.auth.basic(connection.username, connection.password), {
    userAgent: 'chokepoint/0.1',
    connectionTimeout: connectTimeoutMs,
    connectionAcquisitionTimeout: acquisitionTimeoutMs,
    maxTransactionRetryTime: maxRetryTimeMs,
    maxConnectionPoolSize: poolSize,
    // Integers arrive as JS numbers, not Integer objects: every integer in the model (counts, ordinals,
    // paragraphs, offsets) is far below 2^53, and a page of Integer objects was a visible share of the
    // garbage per request. Parameters still go out as Integers (src/db/values.ts toCypher).
    disableLosslessIntegers: true,
    logging: { level: 'error', logger: (_level, message) => process.stderr.write(`[neo4j-driver] ${message}\n`) },
  });
}

/** A second driver with a pool of two, only for liveness pings: a busy main pool must not look like a dead database. */
export function createProbeDriver(connection: Connection, bounds: Partial<DriverBounds> = {}): Driver {
  const connectTimeoutMs = bounds.connectTimeoutMs ?? DEFAULT_BOUNDS.connectTimeoutMs;
  return createDriver(connection, { connectTimeoutMs, acquisitionTimeoutMs: connectTimeoutMs, maxRetryTimeMs: 0 }, 2);
}
