// What a source text must be before the service keeps it: at most MAX_SOURCE_TEXT_BYTES of UTF-8, no
// control characters but tab and line breaks. Its digest is the key that says which text a quote was
// checked against (docs/decisions/0018-source-texts-and-verification.md).
import { createHash } from 'node:crypto';

/** The largest source text kept (UTF-8 bytes): a long report is ~100 KB; 5 MB leaves room for a book. */
export const MAX_SOURCE_TEXT_BYTES = 5 * 1024 * 1024;

/** A text refused, with what was wrong, where, and what is allowed. */
export class SourceTextError extends Error {
  override name = 'SourceTextError';
  constructor(
    /** Which text (a source id or a file path), for the message. */
    readonly what: string,
    readonly problem: string,
  ) {
    super(`${what}: ${problem}`);
  }
}

/** `sha256:` and the hex SHA-256 of the text's UTF-8 bytes: the same digest whoever stores the text. */
export function textDigest(text: string | Uint8Array): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

export function tooLarge(what: string, bytes: number, limit = MAX_SOURCE_TEXT_BYTES): SourceTextError {
  return new SourceTextError(what, `the text is ${formatSize(bytes)}; a source text may be at most ${formatSize(limit)} of UTF-8`);
}

/**
 * Decodes UTF-8 bytes into a checked text; throws SourceTextError naming the first invalid byte
 * sequence or control character. The size is checked first, before any decoding.
 */
export function decodeSourceText(bytes: Uint8Array, what: string, limit = MAX_SOURCE_TEXT_BYTES): string {
  if (bytes.length > limit) throw tooLarge(what, bytes.length, limit);
  const bad = invalidUtf8At(bytes);
  if (bad !== undefined) {
    const shown = [...bytes.subarray(bad, bad + 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new SourceTextError(what, `the text is not valid UTF-8: byte ${bad} starts an invalid sequence (${shown}); save the text as UTF-8`);
  }
  const text = new TextDecoder('utf-8').decode(bytes);
  checkCharacters(text, what);
  return text;
}

/** Checks a text that arrives as a string (an API argument): size in UTF-8 bytes, unpaired surrogates, control characters. */
export function checkSourceText(text: string, what: string, limit = MAX_SOURCE_TEXT_BYTES): string {
  // A UTF-16 unit is at most 3 UTF-8 bytes: a text this short cannot be over the limit, so skip the count.
  const bytes = text.length * 3 <= limit ? 0 : Buffer.byteLength(text, 'utf8');
  if (bytes > limit) throw tooLarge(what, bytes, limit);
  const at = LONE_SURROGATE.exec(text)?.index;
  if (at !== undefined) {
    throw new SourceTextError(what, `the text has an unpaired surrogate (at character ${at}), which UTF-8 cannot encode`);
  }
  checkCharacters(text, what);
  return text;
}

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** C0 controls but tab, line feed and carriage return; DEL; C1 controls. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

function checkCharacters(text: string, what: string): void {
  const match = CONTROL.exec(text);
  if (!match) return;
  const offset = match.index;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  const code = `U+${match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  throw new SourceTextError(
    what,
    `the text has the control character ${code} at offset ${offset} (line ${line}, column ${column}); only tab, line feed and carriage return are allowed`,
  );
}

/** The index of the first byte that starts an invalid UTF-8 sequence (overlong, surrogate, > U+10FFFF, truncated), or undefined. */
function invalidUtf8At(bytes: Uint8Array): number | undefined {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    if (i + need >= bytes.length) return i; // truncated at the end
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]!;
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return undefined;
}
