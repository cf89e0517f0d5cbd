// What a source text must be before the service keeps it (src/sources/text-checks.ts,
// read-text-file.ts): bounded size (a 50 MB file refused before it is read), UTF-8, no control characters.
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSourceTextFile } from '../../src/sources/read-text-file.ts';
import { checkSourceText, decodeSourceText, MAX_SOURCE_TEXT_BYTES, SourceTextError, textDigest } from '../../src/sources/text-checks.ts';

const dir = mkdtempSync(join(tmpdir(), 'chokepoint-text-checks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const refusal = (work: () => unknown): string => {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(SourceTextError);
    return (error as Error).message;
  }
  throw new Error('expected a SourceTextError');
};

describe('source text checks', () => {
  it('accepts UTF-8 prose with tabs and line breaks of any style, and digests its UTF-8 bytes', () => {
    const text = 'Xi’s “battle”:\tchips\r\nmade in 中国\n';
    expect(decodeSourceText(Buffer.from(text, 'utf8'), 't')).toBe(text);
    expect(checkSourceText(text, 't')).toBe(text);
    expect(textDigest(text)).toBe(textDigest(Buffer.from(text, 'utf8')));
    expect(textDigest('abc')).toBe('sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('names the first invalid UTF-8 sequence by byte offset', () => {
    const cases: Array<[number[], number]> = [
      [[0x61, 0xff], 1], // never valid
      [[0x61, 0x62, 0xc3, 0x28], 2], // lead byte without its continuation
      [[0xc0, 0xaf], 0], // overlong
      [[0x61, 0xed, 0xa0, 0x80], 1], // UTF-16 surrogate encoded
      [[0x61, 0x62, 0x63, 0xe2, 0x82], 3], // truncated at the end
    ];
    for (const [bytes, at] of cases) {
      expect(refusal(() => decodeSourceText(Uint8Array.from(bytes), 'src'))).toMatch(new RegExp(`^src: the text is not valid UTF-8: byte ${at} starts an invalid sequence`));
    }
  });

  it('refuses control characters with their code point, offset, line and column', () => {
    expect(refusal(() => checkSourceText('ok\nbad\u0000here', 'src'))).toBe(
      'src: the text has the control character U+0000 at offset 6 (line 2, column 4); only tab, line feed and carriage return are allowed',
    );
    expect(refusal(() => checkSourceText('x\u009bC1', 'src'))).toContain('U+009B at offset 1');
    expect(refusal(() => checkSourceText('del\u007f', 'src'))).toContain('U+007F');
    expect(refusal(() => checkSourceText('lone \ud800 surrogate', 'src'))).toContain('unpaired surrogate (at character 5)');
  });

  it('refuses a text over the limit by its UTF-8 size, before decoding it', () => {
    expect(refusal(() => decodeSourceText(new Uint8Array(MAX_SOURCE_TEXT_BYTES + 1), 'src'))).toBe('src: the text is 5.0 MB; a source text may be at most 5.0 MB of UTF-8');
    // Three bytes per character in UTF-8: under the limit in characters, over it in bytes.
    const wide = '中'.repeat(Math.floor(MAX_SOURCE_TEXT_BYTES / 3) + 1);
    expect(refusal(() => checkSourceText(wide, 'src'))).toMatch(/^src: the text is 5\.0 MB; a source text may be at most 5\.0 MB/);
  });

  it('refuses a 50 MB file on its size alone, and reads a good one', () => {
    const big = join(dir, 'big.txt');
    const fd = openSync(big, 'w');
    ftruncateSync(fd, 50 * 1024 * 1024); // sparse: nothing to read, so only the stat can refuse it quickly
    closeSync(fd);
    const started = performance.now();
    expect(refusal(() => readSourceTextFile(big))).toBe(`${big}: the text is 50.0 MB; a source text may be at most 5.0 MB of UTF-8`);
    expect(performance.now() - started).toBeLessThan(1_000);
    const good = join(dir, 'good.txt');
    writeFileSync(good, 'A short report.\n');
    expect(readSourceTextFile(good)).toBe('A short report.\n');
    expect(refusal(() => readSourceTextFile(join(dir, 'missing.txt')))).toContain('the file does not exist');
    expect(refusal(() => readSourceTextFile(dir))).toContain('is not a regular file');
  });
});
