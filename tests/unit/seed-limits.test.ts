// Hostile seed files are bounded before they cost anything: nesting before parsing, records before validating.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSeed } from '../../src/seed/read-seed.ts';
import { flowDepth, recordSizeProblem, SEED_LIMITS } from '../../src/seed/seed-limits.ts';

const dirs: string[] = [];
function seedDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'chokepoint-limits-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('flowDepth', () => {
  it('counts nested brackets outside quotes and comments', () => {
    expect(flowDepth('a: [1, {b: [2]}]\n')).toBe(3);
    expect(flowDepth('quote: "China [sic] {said} [[["\n# [[[[ a comment\n')).toBe(0);
    expect(flowDepth("note: 'it''s [here'\nname: China's [first]\n")).toBe(1);
  });
});

describe('readSeed bounds', () => {
  it('refuses 100 000 nested brackets before parsing them (the parser would run out of memory)', () => {
    const depth = 100_000;
    const raw = readSeed(seedDir({ 'deep.yaml': `relationships: ${'['.repeat(depth)}${']'.repeat(depth)}\n` }));
    expect(raw.problems).toEqual([
      expect.objectContaining({ file: expect.stringContaining('deep.yaml'), problem: `brackets nest ${depth} deep; at most ${SEED_LIMITS.flowDepth} levels are allowed` }),
    ]);
  });

  it('refuses a record with an absurdly long value, naming its line and id, and keeps the others', () => {
    const text = `kind: Actor\nrecords:\n  - id: small\n    name: Small\n    type: person\n  - id: huge\n    name: Huge\n    type: person\n    description: "${'x'.repeat(200_000)}"\n`;
    const raw = readSeed(seedDir({ 'actors.yaml': text }));
    expect(raw.problems).toEqual([
      expect.objectContaining({ line: 6, id: 'huge', problem: expect.stringMatching(/^the record is 2000\d\d characters long; a record may be at most 64K characters$/) }),
    ]);
    expect(raw.entityFiles[0]?.records.map((r) => r.data.id)).toEqual(['small']);
  });

  it('counts aliases where they are used: a small record that expands to gigabytes is refused', () => {
    const list = Array.from({ length: 1000 }, (_, i) => `alias-number-${i}`).join(', ');
    const text = `kind: Actor\nrecords:\n  - id: a\n    name: A\n    type: person\n    aliases: &many [${list}]\n  - id: b\n    name: B\n    type: person\n    description: [${Array(60).fill('*many').join(', ')}]\n`;
    const raw = readSeed(seedDir({ 'actors.yaml': text }));
    expect(raw.problems).toEqual([expect.objectContaining({ id: 'b', problem: 'the record is larger than 64K characters (with its aliases expanded)' })]);
  });

  it('bounds a record value nested deeper than the limit', () => {
    expect(recordSizeProblem({ a: [[[[[[[[[[[[[[[[[['deep']]]]]]]]]]]]]]]]]] })).toBe(`nests deeper than ${SEED_LIMITS.recordDepth} levels`);
    expect(recordSizeProblem({ id: 'fine', aliases: ['a', 'b'] })).toBeUndefined();
  });
});
