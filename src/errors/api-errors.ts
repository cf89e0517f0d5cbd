// The API's small error vocabulary. Every client-facing error has a stable `extensions.code`, and its
// message says what was wrong, with which value, and what is allowed.
import { GraphQLError } from 'graphql';
import { CurationCode } from './curation-errors.ts';

export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  GRAPHQL_PARSE_FAILED: 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  GRAPH_VERSION_CHANGED: 'GRAPH_VERSION_CHANGED',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  /** The HTTP request itself is wrong: a content type or method the endpoint refuses, invalid JSON (yoga's code). */
  BAD_REQUEST: 'BAD_REQUEST',
  /** HTTP 429 with Retry-After: the client is over its cost budget (RATE_LIMIT_COST_PER_MINUTE). */
  RATE_LIMITED: 'RATE_LIMITED',
  /** HTTP 413: the request body is over MAX_REQUEST_BYTES. */
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** Neo4j is down, frozen or too slow right now: HTTP 503 with Retry-After (src/db/errors.ts). */
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  /**
   * A statement ran past QUERY_TIMEOUT_MS on a database that answers: the question is too big. No
   * Retry-After (the same question would time out again); `limitMs` and a hint to narrow it.
   */
  QUERY_TIMEOUT: 'QUERY_TIMEOUT',
  /** HTTP 503 with Retry-After: as many full-text searches run and wait as the process allows (src/repository/search-slots.ts). */
  SEARCH_BUSY: 'SEARCH_BUSY',
  /**
   * HTTP 503 with Retry-After: Neo4j stopped after a critical error of its own (it panicked: a full disk,
   * an I/O error) and must be restarted; an operator may have to free disk first (docs/operations.md).
   */
  DATABASE_FAILED: 'DATABASE_FAILED',
  /**
   * HTTP 503 without Retry-After: the service gave up restarting its embedded Neo4j (NEO4J_EMBEDDED_RESTARTS,
   * or a store that does not open); retrying will not help until an operator restarts it. /health says 503 too.
   */
  DATABASE_GAVE_UP: 'DATABASE_GAVE_UP',
  /** HTTP 503 with Retry-After: the service is warming up (at start, or after Neo4j came back cold); src/server/plugins/use-warm-gate.ts. */
  WARMING_UP: 'WARMING_UP',
  /** HTTP 503 with Retry-After: a load is writing the graph (GraphState 'loading'); reads wait for it to complete. */
  GRAPH_LOADING: 'GRAPH_LOADING',
  /** HTTP 503 with Retry-After: the process streams as many exports at once as it allows (EXPORTS_MAX_CONCURRENT). */
  EXPORTS_BUSY: 'EXPORTS_BUSY',
  /** HTTP 408: the request's headers or body did not arrive in time (HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS). */
  REQUEST_TIMEOUT: 'REQUEST_TIMEOUT',
  /** The write side's codes: UNAUTHENTICATED (401), FORBIDDEN (403), CONFLICT (409); src/errors/curation-errors.ts. */
  ...CurationCode,
} as const;

export function badUserInput(message: string, details: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, ...details } });
}

export function notFound(message: string, suggestions: string[], details: Record<string, unknown> = {}): GraphQLError {
  const hint = suggestions.length > 0 ? ` Did you mean: ${suggestions.map((s) => `"${s}"`).join(', ')}?` : '';
  return new GraphQLError(message + hint, { extensions: { code: ErrorCode.NOT_FOUND, suggestions, ...details } });
}

/** A query refused before it runs: HTTP 400 (yoga reads `extensions.http` and leaves it out of the response). */
export function queryTooComplex(message: string, details: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, ...details, http: { status: 400 } } });
}

/** HTTP 413, for a body refused while it is read: `size` is its declared length, or the bytes read so far. */
export function payloadTooLarge(size: number, limit: number, declared: boolean): GraphQLError {
  const what = declared ? `The request body is ${size} bytes` : `The request body is over ${limit} bytes (${size} read before it was refused)`;
  return new GraphQLError(`${what}; at most ${limit} bytes are allowed (the server's MAX_REQUEST_BYTES).`, {
    extensions: { code: ErrorCode.PAYLOAD_TOO_LARGE, size, limit, http: { status: 413 } },
  });
}
