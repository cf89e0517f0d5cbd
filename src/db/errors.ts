// The database's error vocabulary: every way "Neo4j cannot answer now" shows up in the driver (refused
// or lost connection, pool wait, expired session, no answer at all) becomes one DatabaseUnavailableError,
// which the API turns into HTTP 503 DATABASE_UNAVAILABLE with Retry-After. A statement that ran out of
// its time on a database that answers is a QueryTimeoutError: the question is too big, not the database
// away, so the API says QUERY_TIMEOUT with the limit and no Retry-After (retrying cannot help).
// Anything else (a Cypher error, a constraint violation) is a bug or bad data and passes unchanged.

export type UnavailableReason =
  /** Nothing listens, or the connection broke (ServiceUnavailable, SessionExpired, connection refused/reset). */
  | 'unreachable'
  /** No free connection within the acquisition timeout. */
  | 'acquisition-timeout'
  /** The transaction ran past its timeout (server side, or this process's own deadline). */
  | 'transaction-timeout'
  /** The database did not answer a liveness check (frozen, overloaded, or network trouble). */
  | 'no-answer'
  /** An earlier failure marked the database unavailable; requests fail fast until a probe succeeds. */
  | 'marked-down'
  /**
   * The database stopped after a critical error of its own (it panicked: a full disk, an I/O error) and
   * must be restarted; the embedded one is restarted by its supervisor once there is room.
   */
  | 'failed'
  /**
   * A write could not be appended to the transaction log because the database's disk is full ("Could not
   * append transaction", "No space left on device"): that change was not saved, and Neo4j stops (panics).
   */
  | 'disk-full'
  /** The embedded Neo4j could not be restarted (NEO4J_EMBEDDED_RESTARTS, or a store that does not open): an operator must act. */
  | 'gave-up';

export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
  constructor(
    readonly reason: UnavailableReason,
    message: string,
    /** Seconds a client should wait before retrying (the HTTP Retry-After). */
    readonly retryAfterSeconds = 2,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * A statement ran past its time limit while the database answered. It is a DatabaseUnavailableError
 * (reason 'transaction-timeout') only so that start-up steps and loads keep retrying it as before; the
 * API tells the two apart (src/server/mask-error.ts).
 */
export class QueryTimeoutError extends DatabaseUnavailableError {
  override name = 'QueryTimeoutError';
  constructor(
    /** The statement's name (src/cypher/). */
    readonly statement: string,
    /** The limit it ran past, in ms (QUERY_TIMEOUT_MS). */
    readonly limitMs: number | undefined,
    options?: { cause?: unknown },
  ) {
    super('transaction-timeout', `${statement} ran past its time limit${limitMs === undefined ? '' : ` of ${limitMs} ms`}.`, 0, options);
  }
}

interface DriverErrorShape {
  code?: unknown;
  message?: unknown;
  gqlStatus?: unknown;
  cause?: unknown;
}

const TIMEOUT_CODES = new Set([
  'Neo.ClientError.Transaction.TransactionTimedOut',
  'Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration',
  'Neo.TransientError.Transaction.LockClientStopped',
]);
const UNREACHABLE_CODES = new Set(['ServiceUnavailable', 'SessionExpired']);
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND']);

/** The reason when `error` means the database cannot answer now, else undefined. */
export function unavailableReason(error: unknown): UnavailableReason | undefined {
  if (error instanceof DatabaseUnavailableError) return error.reason;
  for (let e = error as DriverErrorShape | undefined, depth = 0; e && depth < 5; e = e.cause as DriverErrorShape, depth++) {
    const code = typeof e.code === 'string' ? e.code : '';
    const message = typeof e.message === 'string' ? e.message : '';
    if (TIMEOUT_CODES.has(code)) return 'transaction-timeout';
    if (/Could not append transaction|No space left on device/i.test(message)) return 'disk-full';
    // What a panicked Neo4j answers to every transaction (an external one, or ours before its JVM exits).
    if (/critical error, and needs to be restarted|database has encountered a critical error|health check failed|DatabaseHealth/i.test(message)) {
      return 'failed';
    }
    if (message.startsWith('Connection acquisition timed out')) return 'acquisition-timeout';
    if (UNREACHABLE_CODES.has(code) || SOCKET_CODES.has(code)) return 'unreachable';
    // The driver reports a dead socket as an error without a Neo4j code.
    if (/Failed to connect to server|Connection was closed by server|Failed to establish connection|connect ECONNREFUSED/.test(message)) {
      return 'unreachable';
    }
  }
  return undefined;
}

const MESSAGES: Record<UnavailableReason, string> = {
  unreachable: 'The database cannot be reached.',
  'acquisition-timeout': 'The database has no free connection right now.',
  'transaction-timeout': 'The database did not answer in time.',
  'no-answer': 'The database does not answer.',
  'marked-down': 'The database is unavailable.',
  failed: 'The database stopped after a critical error (a full disk?) and must be restarted.',
  'disk-full': "The database's disk is full: the write was not saved, and the database stops until there is room.",
  'gave-up': 'The embedded Neo4j could not be restarted; an operator must fix the cause and restart the service.',
};

/**
 * Wraps a driver error as DatabaseUnavailableError when it is one of "cannot answer now" (a
 * QueryTimeoutError when the server stopped the statement at its time limit); else returns it as is.
 */
export function toDatabaseError(error: unknown, statement: string, limitMs?: number): unknown {
  if (error instanceof DatabaseUnavailableError) return error;
  const reason = unavailableReason(error);
  if (!reason) return error;
  if (reason === 'transaction-timeout') return new QueryTimeoutError(statement, limitMs, { cause: error });
  return new DatabaseUnavailableError(reason, `${MESSAGES[reason]} (${statement})`, 2, { cause: error });
}

export function unavailable(reason: UnavailableReason, detail: string, retryAfterSeconds = 2): DatabaseUnavailableError {
  return new DatabaseUnavailableError(reason, `${MESSAGES[reason]} (${detail})`, retryAfterSeconds);
}
