// Opaque, stable cursors: base64url of a small JSON array tagged with the list it belongs to. They hold
// the keyset position (sort key and id), never an offset, so concurrent reads do not shift pages.
import { badUserInput } from './errors.ts';

export type CursorKind = 'rel' | 'pol' | 'tl';

export function encodeCursor(kind: CursorKind, ...key: string[]): string {
  return Buffer.from(JSON.stringify([kind, ...key]), 'utf8').toString('base64url');
}

/** Decodes a cursor of the expected kind with `parts` key strings; BAD_USER_INPUT otherwise. */
export function decodeCursor(value: string | null | undefined, kind: CursorKind, parts: number, argument = 'after'): string[] | null {
  if (value === null || value === undefined) return null;
  const fail = () =>
    badUserInput(`'${argument}' is not a valid cursor for this list: "${value.slice(0, 80)}". Pass a pageInfo.endCursor (or edges.cursor) returned by this same field.`, {
      argument,
      value,
    });
  if (!/^[A-Za-z0-9_-]{1,2000}$/.test(value)) throw fail();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw fail();
  }
  if (
    !Array.isArray(decoded) ||
    decoded[0] !== kind ||
    decoded.length !== parts + 1 ||
    !decoded.every((part) => typeof part === 'string' && part.length <= 1000)
  ) {
    throw fail();
  }
  return decoded.slice(1) as string[];
}
