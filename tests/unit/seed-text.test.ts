// Issue 19 row 9: seed files of allowed size full of junk, a binary file, invalid UTF-8 and control
// characters in names. Each is reported by file, position and code point before parsing, never
// echoed raw; reading stops after the first hundred problems, in bounded time.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_SEED_PROBLEMS, readSeed } from '../../src/seed/read-seed.ts';

let dir: string;
const folder = (files: Record<string, string | Buffer>) => {
  dir = mkdtempSync(join(tmpdir(), 'seed-text-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
};
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const actors = (name: string) => `kind: Actor\nrecords:\n  - id: acme\n    name: "${name}"\n`;
const problemsOf = (data: string) => readSeed(data).problems.map((p) => `${p.file.split('/').pop()}: ${p.problem}`);

describe('seed text checks (issue 19 row 9)', () => {
  it('a binary file is reported by its first NUL byte, and none of its bytes are echoed', () => {
    const binary = Buffer.alloc(400_000);
    for (let i = 0; i < binary.length; i++) binary[i] = (i * 7919) % 256;
    const problems = problemsOf(folder({ 'blob.yaml': binary }));
    expect(problems).toEqual(['blob.yaml: is a binary file, not YAML text (a NUL byte at byte 0); its content is not shown']);
  });

  it('invalid UTF-8 is reported with its line and column; the file is not loaded', () => {
    const bytes = Buffer.concat([Buffer.from(actors('ok').replace('"ok"\n', '"Bad ')), Buffer.from([0xff, 0xfe]), Buffer.from('"\n')]);
    const seed = readSeed(folder({ 'actors.yaml': bytes }));
    expect(seed.problems.map((p) => p.problem)).toEqual(['is not valid UTF-8 text (the first invalid byte is at line 4, column 16); save it as UTF-8']);
    expect(seed.entityFiles).toEqual([]);
  });

  it('control characters in a name are reported by position and code point, never echoed', () => {
    const seed = readSeed(folder({ 'actors.yaml': actors('Acme\u0007 Corp\u001b[31m') }));
    expect(seed.problems.map((p) => p.problem)).toEqual([
      'line 4, column 16: control character U+0007 is not allowed in seed text',
      'line 4, column 22: control character U+001B is not allowed in seed text',
    ]);
    expect(JSON.stringify(seed.problems)).not.toMatch(/\u0007|\u001b/);
    expect(seed.entityFiles).toEqual([]);
  });

  it('clean text with tabs, CRLF line ends and a byte-order mark is read as before', () => {
    const seed = readSeed(folder({ 'actors.yaml': '\uFEFF' + actors('Acme\tCorp').replace(/\n/g, '\r\n') }));
    expect(seed.problems).toEqual([]);
    expect(seed.entityFiles[0]!.records[0]!.data).toMatchObject({ id: 'acme', name: 'Acme\tCorp' });
  });

  it('junk of allowed size is cut short after the first hundred problems, in bounded time and memory', () => {
    // 8 files of 4 MB of printable junk that YAML cannot parse, and control characters by the thousand.
    const files: Record<string, string> = {};
    for (let f = 0; f < 8; f++) files[`junk-${f}.yaml`] = Array.from({ length: 200_000 }, (_, i) => `- [a: ${i}, {b: "c"]: }\n`).join('').slice(0, 4 << 20);
    files['controls.yaml'] = actors('x').repeat(1) + '\u0001'.repeat(50_000);
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const seed = readSeed(folder(files));
    const seconds = (performance.now() - started) / 1000;
    expect(seed.problems.length).toBeLessThanOrEqual(MAX_SEED_PROBLEMS + 12);
    expect(seed.problems.at(-1)!.problem).toMatch(/stopped after the first 100 problems; this file and the ones after it were not read/);
    expect(seconds).toBeLessThan(60);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(1_500 << 20);
    // No message is longer than a line of context.
    for (const p of seed.problems) expect(p.problem.length).toBeLessThan(600);
  }, 120_000);
});
