// Opaque, stable cursors: base64url of a small JSON array — the list it belongs to, the graph version it
// was taken on, and the keyset position (a relationship id, a policy's sort key, a timeline key), never an
// offset. A cursor of another list is BAD_USER_INPUT; one taken on another graph version is refused with
// GRAPH_VERSION_CHANGED once the current version is known (see src/repository/graph-version.ts).
import { badUserInput } from '../errors/api-errors.ts';

export type CursorKind = 'rel' | 'pol' | 'tl';

export interface CursorPosition {
  /** Graph version the cursor was taken on; null when the graph had none. */
  version: string | null;
  /** The keyset position: the sort key of the last row seen. */
  key: string;
}

export function encodeCursor(kind: CursorKind, version: string | null, key: string): string {
  return Buffer.from(JSON.stringify([kind, version ?? '', key]), 'utf8').toString('base64url');
}

/** Decodes a cursor of the expected kind; BAD_USER_INPUT otherwise. */
export function decodeCursor(value: string | null | undefined, kind: CursorKind, argument = 'after'): CursorPosition | null {
  if (value === null || value === undefined) return null;
  const fail = () =>
    badUserInput(
      `'${argument}' is not a valid cursor for this list: "${value.slice(0, 80)}". Pass a pageInfo.endCursor (or edges.cursor) returned by this same field.`,
      { argument, value: value.slice(0, 200) },
    );
  if (!/^[A-Za-z0-9_-]{1,2000}$/.test(value)) throw fail();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw fail();
  }
  if (
    !Array.isArray(decoded) ||
    decoded.length !== 3 ||
    decoded[0] !== kind ||
    !decoded.every((part) => typeof part === 'string' && part.length <= 1000) ||
    decoded[2] === ''
  ) {
    throw fail();
  }
  return { version: decoded[1] === '' ? null : (decoded[1] as string), key: decoded[2] as string };
}
