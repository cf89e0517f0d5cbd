// Issue 18, an entity edit and the seed files agree: a seed entity edited through the API (renamed,
// aliases replaced, a description added, its type changed) keeps the edit when the unchanged seed files are
// loaded again over the live graph, is exported into its own record of the seed files, and a full
// reload of those files into an emptied database equals the live graph (content, counts, the entities
// export and search by the new alias).
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { exportCuration } from '../../src/curation/seed-export.ts';
import { cypher } from '../../src/db/executor.ts';
import { testApp } from '../support/app.ts';
import { closeTestExecutor, seedGraph, testExecutor, testOntology, wipeDatabase } from '../support/database.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { bearer, keysForEveryRole, type Keys } from '../support/curation.ts';
import { FIXTURE_SEED, FIXTURE_SOURCES } from '../support/seed-fixture.ts';

const ID = 'ruritania-government';
const NEW_ALIAS = 'Ruritanian cabinet';
const NEW_NAME = 'Council of Ministers of Ruritania';

/** Properties that say who wrote an item and when, or that only the live graph's change log explains. */
const BOOKKEEPING = new Set(['origin', 'curatedSeq', 'storedAt', 'storedBy', 'mergedIds', 'checkedDigest', 'checkedOn']);
const NOT_CONTENT = ['GraphState', 'TimelineCount', 'ApiKey', 'Proposal', 'Change', 'RetractedClaim', 'MergedEntity'];

async function contentLines(): Promise<string[]> {
  const skip = NOT_CONTENT.map((l) => `n:${l}`).join(' OR ');
  const nodes = await testExecutor().read(cypher('test.entityEditRoundTrip.nodes', `MATCH (n) WHERE NOT (${skip}) RETURN labels(n) AS labels, properties(n) AS props`));
  const rels = await testExecutor().read(
    cypher(
      'test.entityEditRoundTrip.rels',
      `MATCH (a)-[r]->(b) WHERE NOT (a:RetractedClaim OR a:Proposal OR a:Change)
       RETURN type(r) AS type, coalesce(a.id, a.sourceId) AS from, coalesce(b.id, b.sourceId) AS to, properties(r) AS props`,
    ),
  );
  const canon = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canon)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).filter(([k]) => !BOOKKEEPING.has(k)).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, canon(x)]))
        : v;
  return [...nodes.map((n) => JSON.stringify({ labels: (n.labels as string[]).sort(), props: canon(n.props) })), ...rels.map((r) => JSON.stringify(canon(r)))].sort();
}

const entityProps = async () => {
  const [row] = await testExecutor().read(cypher('test.entityEditRoundTrip.entity', 'MATCH (n:Entity {id: $id}) RETURN properties(n) AS props'), { id: ID });
  return row!.props as Record<string, unknown>;
};

const temps: string[] = [];
const temp = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
};

let keys: Keys;
let dataDir: string;
let textsDir: string;
let server: TestServer;
beforeAll(async () => {
  await wipeDatabase();
  dataDir = temp('chokepoint-entity-edit-data-');
  textsDir = temp('chokepoint-entity-edit-texts-');
  cpSync(FIXTURE_SEED, dataDir, { recursive: true });
  cpSync(FIXTURE_SOURCES, textsDir, { recursive: true });
  await seedGraph({ dataDir, sourcesDir: textsDir });
  keys = await keysForEveryRole('-entity-edit-roundtrip');
  server = await startTestServer();
}, 120_000);
afterAll(async () => {
  await server?.close();
  await wipeDatabase();
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  await closeTestExecutor();
});

describe('an entity edit exported as seed YAML rebuilds the same graph', () => {
  const { post } = testApp();
  async function view() {
    const stats = await post('{ stats { entities relationships sources citations byKind { name count } } }');
    const search = await post(`{ search(text: "${NEW_ALIAS}", first: 5) { entity { id } exact } }`);
    const entity = await post(`{ entity(id: "${ID}") { name aliases description ... on Actor { type } } }`);
    const response = await fetch(`${server.url}/export/entities.csv`);
    expect(response.status).toBe(200);
    // Fuzzy hits of equal score come in the index's internal order, which a rebuild may change: the
    // exact hit first, then the other hits as a set.
    const hits = search.body.data.search as Array<{ entity: { id: string }; exact: boolean }>;
    const others = hits.slice(1).map((h) => `${h.entity.id}:${h.exact}`).sort();
    return { stats: stats.body.data.stats, search: [hits[0], ...others], entity: entity.body.data.entity, entities: (await response.text()).trimEnd().split(/\r?\n/).sort() };
  }

  let live: { lines: string[]; view: Awaited<ReturnType<typeof view>> };

  it('edits a seed entity, and a reseed from the unchanged files keeps the edit', async () => {
    const made = await post(
      'mutation ($edit: EntityEditInput!) { proposeEntityEdit(entityId: "ruritania-government", edit: $edit) { id revision } }',
      { edit: { name: NEW_NAME, aliases: [NEW_ALIAS], description: 'The executive of Ruritania (test edit).', properties: [{ name: 'type', value: 'agency' }] } },
      { headers: bearer(keys.contributor) },
    );
    expect(made.body.errors, JSON.stringify(made.body.errors)).toBeUndefined();
    const reviewed = await post('mutation ($id: ID!, $revision: Int!) { review(id: $id, revision: $revision, decision: ACCEPT) { change { kind } } }', made.body.data.proposeEntityEdit, { headers: bearer(keys.reviewer) });
    expect(reviewed.body.data.review.change.kind).toBe('EDIT_ENTITY');
    live = { lines: await contentLines(), view: await view() };
    expect(live.view.search[0]).toEqual({ entity: { id: ID }, exact: true });
    expect(live.view.entity).toEqual({ name: NEW_NAME, aliases: [NEW_ALIAS], description: 'The executive of Ruritania (test edit).', type: 'AGENCY' });

    const edited = await entityProps();
    await seedGraph({ dataDir: FIXTURE_SEED, sourcesDir: textsDir });
    expect(await entityProps()).toEqual(edited);
    // The relationships' copies of the name too (their Claims were marked curated by the rename).
    expect(await contentLines()).toEqual(live.lines);
    expect((await view()).entity).toEqual(live.view.entity);
  });

  it('exports the edit into the entity record, and a reload of the files equals the live graph', async () => {
    expect(live, 'the edit ran').toBeDefined();
    const report = await exportCuration(testExecutor(), testOntology(), { fromDir: dataDir, outDir: dataDir, textsDir, now: () => new Date('2030-02-01T00:00:00Z') });
    expect(report.files).toContain('entities.yaml');
    const records = parse(readFileSync(join(dataDir, 'entities.yaml'), 'utf8')).records;
    expect(records).toEqual([{ id: ID, name: NEW_NAME, type: 'agency', country: 'ruritania', aliases: [NEW_ALIAS], description: 'The executive of Ruritania (test edit).' }]);

    await wipeDatabase();
    await seedGraph({ dataDir, sourcesDir: textsDir });
    const rebuilt = await contentLines();
    expect(rebuilt.filter((l) => !live.lines.includes(l))).toEqual([]);
    expect(live.lines.filter((l) => !rebuilt.includes(l))).toEqual([]);
    expect(await view()).toEqual(live.view);
  });
});
