// The seed loader on a real Neo4j: what a load writes, that a second load changes nothing, and that
// every kind of bad input is reported (file, id, problem) with the graph left exactly as it was.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher } from '../../src/db/executor.ts';
import { SEED_DATA_DIR } from '../../src/seed/read-seed.ts';
import { SeedValidationError } from '../../src/seed/load-seed.ts';
import { closeTestExecutor, graphHash, seedGraph, testExecutor, testOntology, wipeDatabase } from '../support/database.ts';

const FIXTURE_SEED = 'tests/fixtures/seed-minimal';
const FIXTURE_SOURCES = 'tests/fixtures/sources';
const temps: string[] = [];

/** A copy of a seed folder with one file edited (a plain text replacement that must apply). */
function editedSeed(from: string, file: string, edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'chokepoint-seed-'));
  temps.push(dir);
  cpSync(from, dir, { recursive: true });
  const path = join(dir, file);
  const before = readFileSync(path, 'utf8');
  const after = edit(before);
  expect(after, `the edit of ${file} must change it`).not.toBe(before);
  writeFileSync(path, after);
  return dir;
}

/** Loads, expects a SeedValidationError, and returns its problems — checking the graph did not change. */
async function expectRejected(options: { dataDir: string; sourcesDir?: string }) {
  const before = await graphHash();
  let caught: unknown;
  try {
    await seedGraph(options);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(SeedValidationError);
  expect(await graphHash()).toEqual(before);
  return (caught as SeedValidationError).problems;
}

function yamlRecords(dir: string) {
  const files = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(d, e.name)) : [join(d, e.name)]));
  const counts: Record<string, number> = {};
  let relationships = 0;
  const relationshipTypes: Record<string, number> = {};
  for (const file of files(dir).filter((f) => f.endsWith('.yaml'))) {
    const data = parse(readFileSync(file, 'utf8'));
    if (data.kind) counts[data.kind] = (counts[data.kind] ?? 0) + data.records.length;
    for (const rel of data.relationships ?? []) {
      relationships++;
      relationshipTypes[rel.type] = (relationshipTypes[rel.type] ?? 0) + 1;
    }
  }
  return { counts, relationships, relationshipTypes };
}

beforeAll(async () => {
  await wipeDatabase();
  await seedGraph();
});

afterAll(async () => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  await closeTestExecutor();
});

describe('a load of seed/data', () => {
  it('writes as many nodes of each kind, and relationships of each type, as the YAML files hold', async () => {
    const expected = yamlRecords(SEED_DATA_DIR);
    const read = (text: string, params = {}) => testExecutor().read(cypher('test.count', text), params);
    for (const kind of testOntology().entityKinds) {
      const [row] = await read('MATCH (n:Entity) WHERE $kind IN labels(n) RETURN count(n) AS n', { kind });
      expect(row?.n, kind).toBe(expected.counts[kind]);
    }
    const [sources] = await read('MATCH (s:Source) RETURN count(s) AS n');
    expect(sources?.n).toBe(expected.counts.Source);
    const byType = await read('MATCH (:Entity)-[r]->(:Entity) RETURN type(r) AS type, count(r) AS n');
    expect(Object.fromEntries(byType.map((r) => [r.type, r.n]))).toEqual(expected.relationshipTypes);
    expect(byType.reduce((sum, r) => sum + Number(r.n), 0)).toBe(expected.relationships);
  });

  it('leaves no relationship without a citation, and every citation with a quote, a source and a location', async () => {
    const read = (text: string) => testExecutor().read(cypher('test.citations', text));
    const [uncited] = await read(`
      MATCH (:Entity)-[r]->(:Entity)
      WHERE NOT EXISTS { MATCH (c:Claim {id: r.id})-[:CITES]->(:Source) }
      RETURN count(r) AS n`);
    expect(uncited?.n).toBe(0);
    const [orphanClaims] = await read(`
      MATCH (c:Claim) WHERE NOT EXISTS { MATCH (:Entity {id: c.fromId})-[r]->(:Entity {id: c.toId}) WHERE r.id = c.id }
      RETURN count(c) AS n`);
    expect(orphanClaims?.n).toBe(0);
    const [bad] = await read(`
      MATCH (:Claim)-[k:CITES]->(:Source)
      WHERE k.quote IS NULL OR trim(k.quote) = '' OR k.paragraph IS NULL OR k.offset IS NULL
      RETURN count(k) AS n`);
    expect(bad?.n).toBe(0);
  });

  it('creates the uniqueness constraints and the full-text index over names and aliases', async () => {
    const constraints = await testExecutor().read(cypher('test.constraints', 'SHOW CONSTRAINTS YIELD name, type RETURN name, type'));
    expect(constraints.map((c) => c.name)).toEqual(expect.arrayContaining(['entity_id', 'source_id', 'claim_id', 'rel_targets_id']));
    const indexes = await testExecutor().read(cypher('test.indexes', 'SHOW INDEXES YIELD name, type, state RETURN name, type, state'));
    expect(indexes.find((i) => i.name === 'entity_names')).toMatchObject({ type: 'FULLTEXT', state: 'ONLINE' });
  });

  it('counts syndicated copies of one wire story once', async () => {
    const [row] = await testExecutor().read(
      cypher('test.independent', `
        MATCH (c:Claim {id: 'janet-yellen.MET_WITH.li-qiang'})-[:CITES]->(s:Source)
        RETURN c.independentSources AS independent, count(DISTINCT s) AS sources, collect(DISTINCT s.story) AS stories`),
    );
    expect(row?.sources).toBe(2);
    expect(row?.stories).toEqual(['reuters-xi-jiangsu-2023-07']);
    expect(row?.independent).toBe(1);
  });

  it('does not count the editorial taxonomy as an independent source', async () => {
    const [row] = await testExecutor().read(
      cypher('test.editorial', `MATCH (c:Claim {id: 'advanced-semiconductors.BROADER.semiconductors'}) RETURN c.independentSources AS n`),
    );
    expect(row?.n).toBe(0);
  });

  it('skips the write on start-up when the graph already holds exactly this seed', async () => {
    const before = await graphHash();
    const again = await seedGraph({ force: false });
    expect(again.unchanged).toBe(true);
    expect(await graphHash()).toEqual(before);
    // A changed seed is written, even without force.
    const dir = editedSeed(SEED_DATA_DIR, 'actors.yaml', (t) => t.replace('    description: Satellite-imaging expert.\n', '    description: Satellite-imaging expert (edited).\n'));
    const changed = await seedGraph({ dataDir: dir, force: false });
    expect(changed.unchanged).toBe(false);
    const [row] = await testExecutor().read(cypher('test.edited', `MATCH (n:Entity {id: 'li-deren'}) RETURN n.description AS d`));
    expect(row?.d).toBe('Satellite-imaging expert (edited).');
    await seedGraph();
    expect(await graphHash()).toEqual(before);
  });

  it('changes nothing when run a second time', async () => {
    const ids = cypher('test.elementIds', 'MATCH (n) RETURN n.id AS id, elementId(n) AS element ORDER BY id');
    const before = await graphHash();
    const elementsBefore = await testExecutor().read(ids);
    await seedGraph();
    expect(await graphHash()).toEqual(before);
    expect(await testExecutor().read(ids)).toEqual(elementsBefore);
  });
});

describe('validation before writing', () => {
  it('rejects an unknown entity id', async () => {
    const dir = editedSeed(SEED_DATA_DIR, 'relationships/us-measures.yaml', (t) => t.replace('    to: ymtc\n', '    to: ymtc-typo\n'));
    const problems = await expectRejected({ dataDir: dir });
    expect(problems).toContainEqual(
      expect.objectContaining({
        file: expect.stringContaining('relationships/us-measures.yaml'),
        id: 'us-unverified-list-additions-2022-10.TARGETS.ymtc-typo',
        problem: "'to' is 'ymtc-typo', which is not a known entity id",
      }),
    );
  });

  it('rejects an endpoint kind the ontology forbids', async () => {
    const dir = editedSeed(SEED_DATA_DIR, 'relationships/us-measures.yaml', (t) =>
      t.replace('  - type: ISSUED\n    from: us-government\n    to: us-export-controls-2022-10', '  - type: ISSUED\n    from: china\n    to: us-export-controls-2022-10'),
    );
    const problems = await expectRejected({ dataDir: dir });
    expect(problems.map((p) => p.problem)).toContain("ISSUED cannot go from a Country ('china'); the ontology allows from: Actor");
  });

  it('rejects missing and empty citations', async () => {
    const dir = editedSeed(SEED_DATA_DIR, 'relationships/technologies.yaml', (t) =>
      t
        .replace(/  - type: BROADER\n    from: integrated-circuits\n    to: semiconductors\n    citations:\n(      .*\n)+?(?=  - )/, '  - type: BROADER\n    from: integrated-circuits\n    to: semiconductors\n')
        .replace(/(  - type: BROADER\n    from: quantum-computing\n    to: quantum-science\n    citations:)\n(      .*\n)+?(?=\n)/, '$1 []\n'),
    );
    const problems = await expectRejected({ dataDir: dir });
    const byId = Object.fromEntries(problems.map((p) => [p.id, p.problem]));
    expect(byId['integrated-circuits.BROADER.semiconductors']).toBe('has no citations; every relationship needs at least one {source, quote}');
    expect(byId['quantum-computing.BROADER.quantum-science']).toBe('has no citations; every relationship needs at least one {source, quote}');
  });

  it('rejects an empty quote', async () => {
    const dir = editedSeed(SEED_DATA_DIR, 'relationships/technologies.yaml', (t) =>
      t.replace('quote: "Quantum computing is a field of quantum science."', 'quote: "  "'),
    );
    const problems = await expectRejected({ dataDir: dir });
    expect(problems).toContainEqual(expect.objectContaining({ id: 'quantum-computing.BROADER.quantum-science', problem: 'citation 1: the quote is empty: "  "' }));
  });

  it('rejects duplicate ids, across kinds too', async () => {
    const dir = editedSeed(SEED_DATA_DIR, 'technologies.yaml', (t) => t.replace('  - id: biotechnology\n', '  - id: xi-jinping\n'));
    const problems = await expectRejected({ dataDir: dir });
    expect(problems).toContainEqual(
      expect.objectContaining({ id: 'xi-jinping', problem: expect.stringMatching(/^duplicate id 'xi-jinping' \(already defined in .*actors\.yaml:\d+\); ids must be unique across all kinds$/) }),
    );
  });

  it('rejects bad dates', async () => {
    const dir = editedSeed(SEED_DATA_DIR, 'policies.yaml', (t) =>
      t.replace('      on: 2022-10\n      text: Earlier this month; early October', '      on: 2022-13\n      text: Earlier this month; early October').replace(
        'between: [2023-07-03, 2023-07-06]',
        'between: [2023-07-06, 2023-07-03]',
      ),
    );
    const problems = await expectRejected({ dataDir: dir });
    const byId = Object.fromEntries(problems.map((p) => [p.id, p.problem]));
    expect(byId['us-export-controls-2022-10']).toBe("'announced' 'on' is '2022-13', which is not a valid date; expected YYYY, YYYY-MM or YYYY-MM-DD");
    expect(byId['china-metal-export-curbs-2023-07']).toBe("'announced' 'between' runs backwards: 2023-07-06 is after 2023-07-03");
  });

  it('rejects an unknown source', async () => {
    const dir = editedSeed(SEED_DATA_DIR, 'relationships/technologies.yaml', (t) =>
      t.replace('      - source: chokepoint-technology-taxonomy\n        quote: "Integrated circuits', '      - source: no-such-source\n        quote: "Integrated circuits'),
    );
    const problems = await expectRejected({ dataDir: dir });
    expect(problems).toContainEqual(
      expect.objectContaining({
        id: 'integrated-circuits.BROADER.semiconductors',
        problem: expect.stringMatching(/^citation 1: source 'no-such-source' is not a known source id; known: /),
      }),
    );
  });

  it('reports every problem at once, each with file, line and id', async () => {
    const dir = editedSeed(SEED_DATA_DIR, 'relationships/people-and-organisations.yaml', (t) =>
      t.replace('    from: li-deren\n    to: wuhan-university', '    from: li-deren-x\n    to: wuhan-university').replace('    to: sustech\n', '    to: sustech-x\n'),
    );
    const problems = await expectRejected({ dataDir: dir });
    expect(problems).toHaveLength(2);
    for (const problem of problems) {
      expect(problem.file).toBe(join(dir, 'relationships/people-and-organisations.yaml'));
      expect(problem.line).toBeGreaterThan(0);
    }
  });

  it('catches an altered quote when checking against the source texts', async () => {
    await expectRejected({ dataDir: editedSeed(FIXTURE_SEED, 'relationships/all.yaml', (t) => t.replace('officials said.', 'officials confirmed.')), sourcesDir: FIXTURE_SOURCES });
    const dir = editedSeed(FIXTURE_SEED, 'relationships/all.yaml', (t) => t.replace('"Ruritania announced export controls on widget chips."', '"Ruritania announced strict export controls on widget chips."'));
    const problems = await expectRejected({ dataDir: dir, sourcesDir: FIXTURE_SOURCES });
    expect(problems).toEqual([
      expect.objectContaining({
        id: 'ruritania-government.ISSUED.ruritania-widget-controls',
        problem:
          'citation 3: quote not found verbatim in fixture-independent (fixture-independent.txt): "Ruritania announced strict export controls on widget chips."; ' +
          "nearest passage at offset 23 (paragraph 1, 92% alike): 'Ruritania announced export controls on widget chips.'",
      }),
    ]);
  });

  it('accepts quotes that differ only in whitespace and quote style', async () => {
    const dir = editedSeed(FIXTURE_SEED, 'relationships/all.yaml', (t) =>
      t.replace('"The controls target Graustark, officials said."', '"The   controls target\\nGraustark, officials said."'),
    );
    const result = await seedGraph({ dataDir: dir, sourcesDir: FIXTURE_SOURCES });
    expect(result.verifiedQuotes).toBe(6);
  });

  it('counts the two copies of a wire story once among independent sources (fixture)', async () => {
    await seedGraph({ dataDir: FIXTURE_SEED, sourcesDir: FIXTURE_SOURCES });
    const [row] = await testExecutor().read(
      cypher('test.fixtureIndependent', `MATCH (c:Claim {id: 'ruritania-government.ISSUED.ruritania-widget-controls'}) RETURN c.independentSources AS n, size(c.sourceIds) AS sources`),
    );
    expect(row).toEqual({ n: 2, sources: 3 });
    // The fixture replaced the real seed: everything the real seed had is gone, nothing is left half-written.
    const [left] = await testExecutor().read(cypher('test.left', `MATCH (n:Entity {id: 'xi-jinping'}) RETURN count(n) AS n`));
    expect(left?.n).toBe(0);
    await seedGraph();
  });

  it('makes `npm run seed` exit non-zero with the problems listed, before touching any database', () => {
    const dir = editedSeed(SEED_DATA_DIR, 'relationships/us-measures.yaml', (t) => t.replace('    to: ymtc\n', '    to: ymtc-typo\n'));
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/seed/cli.ts', '--data-dir', dir], {
      encoding: 'utf8',
      env: { ...process.env, NEO4J_URI: 'bolt://127.0.0.1:1' },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('nothing was written');
    expect(result.stderr).toContain("[us-unverified-list-additions-2022-10.TARGETS.ymtc-typo]  'to' is 'ymtc-typo', which is not a known entity id");
  });
});
