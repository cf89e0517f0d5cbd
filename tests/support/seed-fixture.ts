// Small seeds for validator tests without a database: a copy of tests/fixtures/seed-minimal with files
// edited or added, validated in-process. Each edit must change its file, so a test cannot pass vacuously.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { loadOntology, type Ontology } from '../../src/ontology/ontology.ts';
import { readSeed } from '../../src/seed/read-seed.ts';
import { validateSeed, type SeedProblem } from '../../src/seed/validate-seed.ts';

export const FIXTURE_SEED = 'tests/fixtures/seed-minimal';
export const FIXTURE_SOURCES = 'tests/fixtures/sources';

const temps: string[] = [];
let ontology: Ontology | undefined;

/** A copy of the minimal fixture seed; `edits` maps a file to a text replacement (or new content). */
export function fixtureSeed(edits: Record<string, (text: string) => string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'chokepoint-fixture-'));
  temps.push(dir);
  cpSync(FIXTURE_SEED, dir, { recursive: true });
  for (const [file, edit] of Object.entries(edits)) {
    const path = join(dir, file);
    let before = '';
    try {
      before = readFileSync(path, 'utf8');
    } catch {
      // A new file.
    }
    const after = edit(before);
    expect(after, `the edit of ${file} must change it`).not.toBe(before);
    writeFileSync(path, after);
  }
  return dir;
}

/** Every problem the validator finds in a seed folder; quotes are checked against the fixture texts unless `sourcesDir` is null. */
export function problemsOf(dataDir: string, sourcesDir: string | null = FIXTURE_SOURCES): SeedProblem[] {
  ontology ??= loadOntology();
  return validateSeed(readSeed(dataDir), ontology, { sourcesDir: sourcesDir ?? undefined }).problems;
}

export function removeFixtureSeeds(): void {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
}
