// The one place unexpected errors are masked: clients see a stable code and a generic message, never
// Cypher, driver messages or stacks; the original goes to the log. Errors of our vocabulary pass, with
// any value they echo truncated.
import { GraphQLError } from 'graphql';
import { DatabaseUnavailableError, QueryTimeoutError } from '../db/errors.ts';
import { SearchBusyError } from '../repository/search-slots.ts';
import { withTruncatedEchoes } from '../graphql/echo.ts';
import { ErrorCode } from '../errors/api-errors.ts';
import type { Logger } from '../log/logger.ts';

/** A panicked database needs a restart, perhaps after an operator freed disk: clients wait longer. */
const FAILED_RETRY_AFTER_SECONDS = 30;

const CLIENT_CODES = new Set<string>(Object.values(ErrorCode).filter((c) => c !== ErrorCode.INTERNAL_SERVER_ERROR));

/** The error as a client may see it: `code` set, echoed values (graphql-js quotes them) truncated. */
function forClient(error: GraphQLError, code: string, http?: Record<string, unknown>): GraphQLError {
  return withTruncatedEchoes(error, { ...error.extensions, code, ...(http ? { http } : {}) });
}

export function createMaskError(logger: Logger) {
  return (error: unknown): Error => {
    if (error instanceof GraphQLError) {
      const original = error.originalError;
      const code = error.extensions?.code;
      const ours = typeof code === 'string' && CLIENT_CODES.has(code);
      if (ours && (!original || original instanceof GraphQLError)) return forClient(error, code);
      // Variable coercion (graphql-js) wraps the scalar's own error: the client sent a wrong value.
      // (useVariableCheck answers these before execution; this is the safety net.)
      if (error.message.startsWith('Variable "$') && (!original || original instanceof GraphQLError)) {
        return forClient(error, ErrorCode.BAD_USER_INPUT, { status: 400 });
      }
      if (!original) {
        // Parse and validation errors come from graphql-js itself, HTTP-level ones from yoga.
        if (error.message.startsWith('Syntax Error')) return forClient(error, ErrorCode.GRAPHQL_PARSE_FAILED);
        return forClient(error, typeof code === 'string' ? code : ErrorCode.GRAPHQL_VALIDATION_FAILED);
      }
    }
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    if (original instanceof QueryTimeoutError) return queryTimeout(original, error, logger);
    if (original instanceof SearchBusyError) return searchBusy(original, error);
    if (original instanceof DatabaseUnavailableError) return databaseUnavailable(original, error, logger);
    logger.error('unexpected error', {
      error: original instanceof Error ? `${original.name}: ${original.message}` : String(original),
      stack: original instanceof Error ? original.stack : undefined,
      path: error instanceof GraphQLError ? error.path : undefined,
    });
    return new GraphQLError('Internal server error.', {
      path: error instanceof GraphQLError ? error.path : undefined,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    });
  };
}

/**
 * Neo4j cannot answer now: HTTP 503 with Retry-After (yoga takes status and headers from
 * `extensions.http` and leaves it out of the body). The outage itself is logged once by the
 * executor's health check; each failed field is only worth a debug line.
 */
function databaseUnavailable(original: DatabaseUnavailableError, error: unknown, logger: Logger): GraphQLError {
  const path = error instanceof GraphQLError ? error.path : undefined;
  logger.debug('database unavailable', { reason: original.reason, error: original.message, path });
  if (original.reason === 'gave-up') {
    // No Retry-After: nothing restarts the database until an operator does (issue 19 row 10).
    return new GraphQLError(
      'The service gave up restarting its database (it could not be started again); retrying will not help until an operator fixes the cause and restarts the service (see the service log).',
      { path, extensions: { code: ErrorCode.DATABASE_GAVE_UP, http: { status: 503 } } },
    );
  }
  if (original.reason === 'disk-full') {
    // The write that hit the full disk: the client must know it was not saved, the operator what to free.
    logger.error("a write failed: the database's disk is full; the change was not saved", { error: original.message, path });
    const retryAfter = FAILED_RETRY_AFTER_SECONDS;
    return new GraphQLError(
      `The change was not saved: the database's disk is full, and the database stops until an operator frees space (see the service log); it then restarts by itself. Retry in ${retryAfter} s.`,
      {
        path,
        extensions: {
          code: ErrorCode.DATABASE_FAILED,
          cause: 'DISK_FULL',
          retryAfterSeconds: retryAfter,
          http: { status: 503, headers: { 'Retry-After': String(retryAfter) } },
        },
      },
    );
  }
  if (original.reason === 'failed') {
    // Retrying in 2 s does not help: the database has to be restarted (and its disk may need room first).
    const retryAfter = FAILED_RETRY_AFTER_SECONDS;
    return new GraphQLError(
      `The database stopped after a critical error (for example a full disk) and is being restarted; an operator may need to free disk space (see the service log). Retry in ${retryAfter} s.`,
      {
        path,
        extensions: {
          code: ErrorCode.DATABASE_FAILED,
          retryAfterSeconds: retryAfter,
          http: { status: 503, headers: { 'Retry-After': String(retryAfter) } },
        },
      },
    );
  }
  const retryAfter = original.retryAfterSeconds;
  return new GraphQLError(`The database is unavailable right now; retry in ${retryAfter} s.`, {
    path,
    extensions: {
      code: ErrorCode.DATABASE_UNAVAILABLE,
      retryAfterSeconds: retryAfter,
      http: { status: 503, headers: { 'Retry-After': String(retryAfter) } },
    },
  });
}

/**
 * A statement ran out of time on a database that answers: the question is too big for the limit. Not a
 * 5xx (clients and proxies retry those) and no Retry-After: the same question would time out again.
 * HTTP 200, as for any other field error; the rest of the response is kept.
 */
function queryTimeout(original: QueryTimeoutError, error: unknown, logger: Logger): GraphQLError {
  const path = error instanceof GraphQLError ? error.path : undefined;
  logger.warn('query timeout', { statement: original.statement, limitMs: original.limitMs, path });
  const limit = original.limitMs === undefined ? 'its time limit' : `the limit of ${original.limitMs} ms`;
  return new GraphQLError(
    `The question took longer than ${limit} (the server's QUERY_TIMEOUT_MS) and was stopped; the database is fine, and asking again will not help. ` +
      'Narrow it: a smaller page (first), fewer hops (maxHops), a narrower filter or date range, or leave out totalCount.',
    { path, extensions: { code: ErrorCode.QUERY_TIMEOUT, ...(original.limitMs === undefined ? {} : { limitMs: original.limitMs }) } },
  );
}

/** Too many full-text searches at once in this process: HTTP 503, retry in a second. */
function searchBusy(original: SearchBusyError, error: unknown): GraphQLError {
  return new GraphQLError(`The server is busy with other searches (${original.message}); retry in 1 s.`, {
    path: error instanceof GraphQLError ? error.path : undefined,
    extensions: { code: ErrorCode.SEARCH_BUSY, running: original.running, waiting: original.waiting, http: { status: 503, headers: { 'Retry-After': '1' } } },
  });
}
