// `npm run ingest` end to end on an invented article: the review sheet, the seed YAML (every quote in
// the article, loadable shape), and clear refusals of bad input; and the cue lexicons: one per
// relationship type, and a wrong file named in the error.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CueLexiconError, loadCueLexicons } from '../../src/ingest/cue-lexicons.ts';
import { loadOntology } from '../../src/ontology/ontology.ts';
import { projectPath } from '../../src/project-root.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'ingest-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ingest = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', projectPath('src/ingest/cli.ts'), ...args], { cwd: projectPath('.'), timeout: 120_000 }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

describe('npm run ingest', () => {
  it('prints a review sheet and writes proposals as seed YAML whose quotes are in the article', async () => {
    const article = join(dir, 'article.txt');
    const text = 'Washington unveiled chip export controls on chips for supercomputers on Friday.\nXi Jinping reportedly met Janet Yellen in Beijing.';
    writeFileSync(article, text);
    const out = join(dir, 'proposals.yaml');
    const r = await ingest('--file', article, '--source-id', 'test-report', '--published', '2031-03-07', '--yaml', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('PROPOSALS');
    expect(r.stdout).toMatch(/\[Washington\]₁ «unveiled»/);
    type Cited = { citations: Array<{ source: string; quote: string; at: { offset: number } }> };
    const yaml = parse(readFileSync(out, 'utf8')) as { relationships: Array<Cited & { type: string; from: string; modality?: string }>; citationsToAdd: Array<Cited & { relationship: string }> };
    expect(yaml.relationships.length).toBeGreaterThan(0);
    // Washington's controls are a claim the seed holds: a citation to merge, not a second record.
    expect(yaml.citationsToAdd.map((c) => c.relationship)).toContain('us-government.ISSUED.us-export-controls-2022-10');
    expect(yaml.relationships.some((r) => r.type === 'ISSUED' && r.from === 'us-government')).toBe(false);
    for (const rel of [...yaml.relationships, ...yaml.citationsToAdd]) {
      for (const c of rel.citations) {
        expect(c.source).toBe('test-report');
        expect(text.slice(c.at.offset, c.at.offset + c.quote.length)).toBe(c.quote);
      }
    }
    const met = yaml.relationships.find((x) => x.type === 'MET_WITH');
    expect(met?.modality).toBe('reported');
  });

  it('refuses bad input, naming the value and what is allowed', async () => {
    const missing = await ingest('--file', join(dir, 'nope.txt'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.txt: no such file');
    const date = await ingest('--file', projectPath('tests/fixtures/sources/fixture-wire-a.txt'), '--published', '2031-13');
    expect(date.code).toBe(2);
    expect(date.stderr).toMatch(/--published 'on' is '2031-13'.*YYYY, YYYY-MM or YYYY-MM-DD/);
    const limit = await ingest('--file', projectPath('tests/fixtures/sources/fixture-wire-a.txt'), '--limit', 'lots');
    expect(limit.code).toBe(2);
    expect(limit.stderr).toContain("--limit is 'lots'; expected a positive whole number");
    const huge = join(dir, 'huge.txt');
    writeFileSync(huge, 'a'.repeat(1_000_001));
    const big = await ingest('--file', huge);
    expect(big.code).toBe(1);
    expect(big.stderr).toMatch(/is 1000001 bytes; an article may be at most 1000000 bytes/);
  });
});

describe('the cue lexicons', () => {
  const ontology = loadOntology();

  it('cover every relationship type of the ontology, one file each', () => {
    expect([...loadCueLexicons(ontology).keys()].sort()).toEqual([...ontology.relationshipTypes.keys()].sort());
  });

  it('name the file at fault and what is allowed', () => {
    const bad = mkdtempSync(join(dir, 'cues-'));
    writeFileSync(join(bad, 'oops.yaml'), 'type: SELLS_TO\ncues: [sold]\n');
    expect(() => loadCueLexicons(ontology, bad)).toThrow(CueLexiconError);
    expect(() => loadCueLexicons(ontology, bad)).toThrow(/oops\.yaml: type 'SELLS_TO' is not a relationship type of the ontology; allowed: AFFILIATED_WITH/);
  });
});
