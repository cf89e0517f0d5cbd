// Reads a source text file (SOURCES_DIR, seed/reference) with its size bounded before anything is read:
// a 50 MB file is refused on its size alone, and a file that grows while it is read is refused after one
// byte more than its size, so at most MAX_SOURCE_TEXT_BYTES + 1 bytes are ever held.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { decodeSourceText, MAX_SOURCE_TEXT_BYTES, SourceTextError, tooLarge } from './text-checks.ts';

/** The checked text of the file at `path`; throws SourceTextError (too large, not UTF-8, control characters, unreadable). */
export function readSourceTextFile(path: string, limit = MAX_SOURCE_TEXT_BYTES): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SourceTextError(path, code === 'ENOENT' ? 'the file does not exist' : `the file cannot be read (${code ?? (error as Error).message})`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new SourceTextError(path, 'is not a regular file');
    if (stat.size > limit) throw tooLarge(path, stat.size, limit);
    // One byte more than allowed: reading it means the file grew past the limit after the stat.
    const buffer = Buffer.allocUnsafe(Math.min(stat.size, limit) + 1);
    let length = 0;
    while (length < buffer.length) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > stat.size) throw new SourceTextError(path, `the file grew while it was read (from ${stat.size} bytes); read it again once it is complete`);
    return decodeSourceText(buffer.subarray(0, length), path, limit);
  } finally {
    closeSync(fd);
  }
}
