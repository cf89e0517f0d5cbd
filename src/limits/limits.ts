// Documented limits on arguments, checked before any query runs. The numbers appear in the SDL
// descriptions and in docs/api.md.
import { badUserInput } from '../errors/api-errors.ts';

export const LIMITS = {
  /** Largest page of any connection or list argument `first`. */
  maxPageSize: 500,
  maxSearchResults: 50,
  maxSearchTextLength: 200,
  maxPathHops: 6,
  maxPaths: 20,
  /** Longest string accepted for a name, id or type argument. */
  maxNameLength: 200,
  /** Longest list accepted for list arguments (types, status, kinds). */
  maxListLength: 50,
  /** Issuers or parties of one policy returned at most: the literal 100 of 'Policy.issuers'/'Policy.parties' in src/cypher/projection/projections.ts. */
  maxPolicyActors: 100,
  /** Query shape limits (src/graphql/query-limits.ts), checked before validation. */
  maxDepth: 12,
  maxAliases: 30,
  /** Fields once every fragment spread is expanded: GraphiQL's schema query has about 150. */
  maxFields: 1_000,
  /** Tokens (names, punctuation, values) in one document; graphql-js stops parsing beyond it. */
  maxTokens: 5_000,
  /** Estimated items a query may ask for (src/graphql/query-cost.ts): list lengths multiplied down nested lists, summed. */
  maxCost: 100_000,
} as const;

export function checkRange(argument: string, value: number | null | undefined, min: number, max: number): void {
  if (value === null || value === undefined) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw badUserInput(`'${argument}' is ${value}; it must be a whole number from ${min} to ${max}.`, {
      argument,
      value,
      min,
      max,
    });
  }
}

export function pageSize(argument: string, value: number | null | undefined, fallback: number, max: number = LIMITS.maxPageSize): number {
  checkRange(argument, value, 1, max);
  return value ?? fallback;
}

export function checkText(argument: string, value: string | null | undefined, max: number = LIMITS.maxNameLength): string | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (text === '' || text.length > max) {
    throw badUserInput(`'${argument}' must be 1 to ${max} characters; got ${value.length === 0 || text === '' ? 'an empty string' : `${value.length} characters`}.`, {
      argument,
      max,
    });
  }
  return text;
}

export function checkList<T>(argument: string, value: readonly T[] | null | undefined): T[] | null {
  if (value === null || value === undefined) return null;
  if (value.length > LIMITS.maxListLength) {
    throw badUserInput(`'${argument}' has ${value.length} items; at most ${LIMITS.maxListLength} are allowed.`, {
      argument,
      max: LIMITS.maxListLength,
    });
  }
  return [...value];
}

export function checkDateOrder(from: string | null | undefined, to: string | null | undefined): void {
  if (from && to && from > to) {
    throw badUserInput(`'from' (${from}) is after 'to' (${to}); 'from' must be on or before 'to'.`, { argument: 'from', from, to });
  }
}
