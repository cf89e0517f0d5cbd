// How a client's own values are shown back in error messages and logs: at most 200 characters, with
// the full length said, so a megabyte-long value cannot come back whole (or fill the log).
import { GraphQLError } from 'graphql';
export const MAX_ECHO = 200;

/** A string cut to `max` characters, saying how long it was. */
export function truncate(text: string, max = MAX_ECHO): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}

/** A value as JSON (a string in quotes), truncated. */
export function echo(value: unknown, max = MAX_ECHO): string {
  let shown: string;
  try {
    shown = value === undefined ? 'undefined' : (JSON.stringify(value) ?? String(value));
  } catch {
    shown = String(value);
  }
  return truncate(shown, max);
}

/** Every double-quoted run longer than `max` in a message (graphql-js quotes the values it echoes), truncated. */
export function truncateQuoted(message: string, max = MAX_ECHO): string {
  if (message.length <= max) return message;
  const longQuoted = new RegExp(`"((?:[^"\\\\]|\\\\.){${max + 1},})"`, 'g');
  return message.replace(longQuoted, (_match, inner: string) => `"${truncate(inner, max)}"`);
}

/** Extension values for a client: long strings truncated, two levels into arrays and objects. */
export function truncateValues(value: unknown, max = MAX_ECHO, depth = 0): unknown {
  if (typeof value === 'string') return truncate(value, max);
  if (depth > 2 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => truncateValues(v, max, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, truncateValues(v, max, depth + 1)]));
}

/** A copy of `error` with its message and extensions truncated (and `extensions` replaced when given). */
export function withTruncatedEchoes(error: GraphQLError, extensions: Record<string, unknown> = error.extensions ?? {}): GraphQLError {
  return new GraphQLError(truncateQuoted(error.message), {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions: truncateValues(extensions) as Record<string, unknown>,
  });
}
