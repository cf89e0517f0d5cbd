// The errors of the write side (auth and curation), as GraphQL errors with a stable `extensions.code`,
// the HTTP status yoga answers with, and — for bad input — the field, the value and what is allowed.
import { GraphQLError } from 'graphql';

export const CurationCode = {
  /** HTTP 401: no key where one is needed, or a key that is unknown, malformed or revoked. */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** HTTP 403: the key's role is below what the operation needs, or it reviews its own proposal. */
  FORBIDDEN: 'FORBIDDEN',
  /** HTTP 409: the item moved on since the revision the request was based on (`currentRevision` says where it is). */
  CONFLICT: 'CONFLICT',
} as const;

/** Longest value echoed back in an error. */
const ECHO = 200;

function echo(value: unknown): unknown {
  if (typeof value === 'string') return value.length > ECHO ? `${value.slice(0, ECHO)}… (${value.length} characters)` : value;
  if (Array.isArray(value)) return value.length > 10 ? `a list of ${value.length} items` : value.map(echo);
  return value;
}

/** A refused field: its path in the input (`citations[1].quote`), the value (shortened) and what is allowed. */
export function fieldError(field: string, value: unknown, message: string, allowed?: string, details: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(`${field}: ${message}${allowed ? `; allowed: ${allowed}` : ''}.`, {
    extensions: { code: 'BAD_USER_INPUT', field, value: echo(value), ...(allowed ? { allowed } : {}), ...details, http: { status: 400 } },
  });
}

export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: CurationCode.UNAUTHENTICATED, http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="chokepoint"' } } },
  });
}

export function forbidden(message: string, details: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: CurationCode.FORBIDDEN, ...details, http: { status: 403 } } });
}

export function conflict(message: string, currentRevision: number, details: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: CurationCode.CONFLICT, currentRevision, ...details, http: { status: 409 } } });
}

export function notFoundItem(what: string, id: string): GraphQLError {
  return new GraphQLError(`There is no ${what} with id "${echo(id)}".`, { extensions: { code: 'NOT_FOUND', id: echo(id), http: { status: 404 } } });
}
