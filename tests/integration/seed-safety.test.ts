// Issue 10, seed rows: no seed command may wipe the graph or hang on hostile input, and a quote that
// could not be checked is never silently trusted. Each case runs `npm run seed` as an operator would,
// against the tests' Neo4j, and checks the graph afterwards.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cypher } from '../../src/db/executor.ts';
import { prepareSeed } from '../../src/seed/load-seed.ts';
import { SEED_DATA_DIR } from '../../src/seed/read-seed.ts';
import { closeTestExecutor, graphHash, seedGraph, testExecutor, testOntology } from '../support/database.ts';
import { startTestServer } from '../support/server.ts';

const FIXTURE_SEED = 'tests/fixtures/seed-minimal';
const FIXTURE_SOURCES = 'tests/fixtures/sources';
const temps: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'chokepoint-seed-safety-'));
  temps.push(dir);
  return dir;
}

/** `npm run seed -- ...args` against the tests' Neo4j, with only the environment given. */
function seedCli(args: string[], env: Record<string, string> = {}) {
  const { uri, username, password } = inject('neo4j');
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/seed/cli.ts', ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NEO4J_URI: uri, NEO4J_USERNAME: username, NEO4J_PASSWORD: password, ...env },
    timeout: 50_000,
  });
  return { status: result.status, out: `${result.stdout}\n${result.stderr}` };
}

const countClaims = async () => Number((await testExecutor().read(cypher('test.claims', 'MATCH (c:Claim) RETURN count(c) AS n')))[0]?.n);

beforeAll(async () => {
  await seedGraph();
});

afterAll(async () => {
  await seedGraph();
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  await closeTestExecutor();
});

describe('npm run seed with an empty or partial data folder', () => {
  it('refuses an empty data folder, and the graph keeps every item', async () => {
    const before = await graphHash();
    const result = seedCli(['--data-dir', tempDir()]);
    expect(result.status).toBe(1);
    expect(result.out).toContain('holds no records');
    expect(result.out).toContain('--prune --yes');
    expect(await graphHash()).toEqual(before);
  });

  // A valid folder that lacks what the graph holds: a partial copy (a missing file usually also orphans
  // entities, which validation reports), or another seed — here the fixture seed over the real one.
  it('refuses a data folder that lacks items the graph holds, naming how many of each kind it would delete and the first ids', async () => {
    const before = await graphHash();
    const result = seedCli(['--data-dir', FIXTURE_SEED]);
    expect(result.status).toBe(1);
    expect(result.out).toMatch(/the graph holds \d+ items? this load does not; nothing was written or deleted/);
    expect(result.out).toMatch(/\d+ relationships: [a-z0-9-]+\.[A-Z_]+\.[a-z0-9-]+, /);
    expect(result.out).toMatch(/\d+ entities: [a-z0-9-]+, /);
    expect(result.out).toContain('npm run seed -- --prune');
    expect(await graphHash()).toEqual(before);
  });

  it('with --prune lists what it would delete and changes nothing; with --prune --yes it deletes exactly that', async () => {
    const real = prepareSeed(testOntology());
    const fixture = prepareSeed(testOntology(), { dataDir: FIXTURE_SEED });
    const before = await graphHash();

    const preview = seedCli(['--data-dir', FIXTURE_SEED, '--prune']);
    expect(preview.status).toBe(3);
    expect(preview.out).toContain(`${real.relationships.length} relationships: `);
    expect(preview.out).toContain('run again with --prune --yes');
    expect(await graphHash()).toEqual(before);

    const pruned = seedCli(['--data-dir', FIXTURE_SEED, '--prune', '--yes']);
    expect(pruned.status, pruned.out).toBe(0);
    expect(pruned.out).toContain(`${real.relationships.length} relationships: `);
    expect(pruned.out).toMatch(/deleted \d+ item\(s\) the data no longer has/);
    expect(await countClaims()).toBe(fixture.relationships.length);
    await seedGraph();
  });

  it('never prunes an entity or source that a change made through the API uses, and says it kept them', async () => {
    const db = testExecutor();
    const [source] = await db.read(cypher('test.seedSource', "MATCH (s:Source {origin: 'seed'}) WHERE s.id <> 'chokepoint-technology-taxonomy' RETURN s.id AS id ORDER BY s.id LIMIT 1"));
    const sourceId = String(source!.id);
    // An accepted API relationship as the curation side writes it: an api-origin Claim citing a seed
    // source, and its domain edge (same id) between two seed entities the fixture seed does not have.
    const id = 'asml.TARGETS.china#seed-safety-api';
    await db.write(
      cypher(
        'test.apiClaim',
        `MATCH (a:Entity {id: 'asml'}), (b:Entity {id: 'china'}), (s:Source {id: $sourceId})
         CREATE (c:Claim {id: $id, origin: 'api', type: 'TARGETS', fromId: 'asml', toId: 'china'})-[:CITES]->(s)
         CREATE (a)-[:TARGETS {id: $id}]->(b)`,
      ),
      { id, sourceId },
    );
    const pruned = seedCli(['--data-dir', FIXTURE_SEED, '--prune', '--yes']);
    expect(pruned.status, pruned.out).toBe(0);
    expect(pruned.out).toMatch(/kept, because changes made through the API use them: 2 entities: asml, china/);
    expect(pruned.out).toContain(`kept, because changes made through the API use them: 1 sources: ${sourceId}`);
    const left = await db.read(
      cypher('test.apiClaimLeft', `MATCH (c:Claim {id: $id})-[:CITES]->(s:Source) MATCH (a:Entity {id: 'asml'})-[r {id: $id}]->(b:Entity {id: 'china'}) RETURN s.id AS source, type(r) AS type`),
      { id },
    );
    expect(left).toEqual([{ source: sourceId, type: 'TARGETS' }]);
    // Everything else the fixture lacks is gone: the prune still ran.
    expect(await countClaims()).toBe(prepareSeed(testOntology(), { dataDir: FIXTURE_SEED }).relationships.length + 1);
    await db.write(cypher('test.apiClaimGone', 'MATCH (c:Claim {id: $id}) DETACH DELETE c WITH 1 AS one MATCH ()-[r {id: $id}]->() DELETE r'), { id });
    await seedGraph();
  });

  it('empties the graph only with an empty folder, --prune and --yes; stats then answers zeros', async () => {
    await seedGraph();
    const result = seedCli(['--data-dir', tempDir(), '--prune', '--yes']);
    expect(result.status, result.out).toBe(0);
    const [left] = await testExecutor().read(cypher('test.left', 'MATCH (n) WHERE n:Entity OR n:Claim OR n:Source RETURN count(n) AS n'));
    expect(left?.n).toBe(0);
    // The API's stats on the emptied graph: zeros, not INTERNAL_SERVER_ERROR (the table's last seed row).
    const server = await startTestServer();
    try {
      const answer = await server.gql('{ stats { entities relationships sources citations byKind { name count } } }');
      expect(answer.errors).toBeUndefined();
      expect(answer.data?.stats).toMatchObject({ entities: 0, relationships: 0, sources: 0, citations: 0 });
      expect(answer.data?.stats.byKind.every((k: { count: number }) => k.count === 0)).toBe(true);
    } finally {
      await server.close();
    }
    await seedGraph();
  });
});

describe('npm run seed with an oversized seed file', () => {
  it('refuses a 44 MB file before reading it, naming the file, its size and the limit', async () => {
    const dir = tempDir();
    cpSync(SEED_DATA_DIR, dir, { recursive: true });
    // Valid YAML of realistic records, as an operator's export would be: parsing it would cost gigabytes.
    const record =
      '  - type: MET_WITH\n    from: janet-yellen\n    to: li-qiang\n    citations:\n' +
      '      - source: xi-20th-congress-report\n        quote: "A sentence long enough to look like a real quotation from a news report."\n';
    const big = join(dir, 'relationships/bulk-export.yaml');
    writeFileSync(big, `relationships:\n${record.repeat(Math.ceil((44 * 1024 * 1024) / record.length))}`);
    const before = await graphHash();
    const result = seedCli(['--data-dir', dir]);
    expect(result.status).toBe(1);
    expect(result.out).toMatch(/relationships\/bulk-export\.yaml .*the file is 44\.0 MB; a seed file may be at most 8\.0 MB/);
    expect(result.out).toContain('nothing was written');
    expect(await graphHash()).toEqual(before);
  });
});

describe('quotes that cannot be or are not verified', () => {
  it('checks every quote when SOURCES_DIR is set: a news quote that is not in its article stops the load', async () => {
    const dir = tempDir();
    cpSync(FIXTURE_SEED, dir, { recursive: true });
    const file = join(dir, 'relationships/all.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"Ruritania announced export controls on widget chips."', '"Ruritania announced sweeping export controls on widget chips."'));
    const before = await graphHash();
    const result = seedCli(['--data-dir', dir], { SOURCES_DIR: FIXTURE_SOURCES });
    expect(result.status).toBe(1);
    expect(result.out).toContain('quote not found verbatim in fixture-independent (fixture-independent.txt): "Ruritania announced sweeping export controls on widget chips."');
    expect(await graphHash()).toEqual(before);
  });

  it('stores a citation as verified only when its quote was found in this load', async () => {
    const verifiedFlags = async () =>
      (
        await testExecutor().read(
          cypher('test.verified', `MATCH (:Claim)-[k:CITES]->(s:Source) RETURN s.type AS type, k.verified AS verified, count(*) AS n ORDER BY type, verified`),
        )
      ).map((r) => `${r.type}:${r.verified}:${r.n}`);
    // Without the article texts (none in SOURCES_DIR, none held by the graph) the news reports' quotes
    // cannot be checked now: none is verified; they read as checked at curation, which the seed records.
    // (--prune --yes: the fixture replaces the real seed.)
    await testExecutor().write(cypher('test.dropTexts', 'MATCH (t:SourceText) DELETE t'));
    const unchecked = seedCli(['--data-dir', FIXTURE_SEED, '--prune', '--yes']);
    expect(unchecked.status, unchecked.out).toBe(0);
    expect(unchecked.out).toContain('citations: 0 verified now against the texts held, 6 verified at curation (recorded digest), 0 never checked');
    expect(await verifiedFlags()).toEqual(['news_report:false:6']);
    // With them (SOURCES_DIR), every quote is found and marked verified.
    const checked = seedCli(['--data-dir', FIXTURE_SEED, '--prune', '--yes'], { SOURCES_DIR: FIXTURE_SOURCES });
    expect(checked.status, checked.out).toBe(0);
    expect(await verifiedFlags()).toEqual(['news_report:true:6']);
  });
});

describe('what a seed load leaves behind', () => {
  it('marks the graph ready with a content-derived version: unchanged seed, same version; changed seed, new one', async () => {
    const state = async () => (await testExecutor().read(cypher('test.state', `MATCH (g:GraphState {id: 'graph'}) RETURN g.status AS status, g.version AS version`)))[0];
    await seedGraph();
    const first = await state();
    expect(first).toMatchObject({ status: 'ready', version: expect.stringMatching(/^[0-9a-f]{64}$/) });
    await seedGraph();
    expect(await state()).toEqual(first);
    const dir = tempDir();
    cpSync(SEED_DATA_DIR, dir, { recursive: true });
    writeFileSync(join(dir, 'actors.yaml'), readFileSync(join(dir, 'actors.yaml'), 'utf8').replace('description: Satellite-imaging expert.', 'description: Satellite-imaging expert (edited).'));
    await seedGraph({ dataDir: dir });
    const changed = await state();
    expect(changed?.status).toBe('ready');
    expect(changed?.version).not.toBe(first?.version);
    await seedGraph();
    expect(await state()).toEqual(first);
  });
});
