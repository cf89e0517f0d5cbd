// Issue 18, a merge and the seed files agree: a seed entity merged into an entity made through the API
// (its seed relationship becomes a citation merge on the kept one) is exported as seed YAML — the
// dropped record leaves its file, the kept record gains the aliases, the old relationship goes under
// `retracted:` — and a full reload of those files into an emptied database equals the live graph
// (content, counts, the relationship rows and search by the dropped name).
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { exportCuration, EXPORTED_RELATIONSHIPS_FILE, exportedEntitiesFile } from '../../src/curation/seed-export.ts';
import { cypher } from '../../src/db/executor.ts';
import { testApp } from '../support/app.ts';
import { closeTestExecutor, seedGraph, testExecutor, testOntology, wipeDatabase } from '../support/database.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { bearer, keysForEveryRole, type Keys } from '../support/curation.ts';
import { FIXTURE_SEED, FIXTURE_SOURCES } from '../support/seed-fixture.ts';

const SOURCE = 'merge-round-trip-wire';
const QUOTE = 'The controls target widget semiconductors, officials said.';
const QUOTE_WAFERS = 'The controls also target widget wafers, officials said.';
const TEXT = ['Widget curbs', '', `STRELSAU (Merge Wire) - ${QUOTE}`, '', QUOTE_WAFERS].join('\n');
const POLICY = 'ruritania-widget-controls';
const KEEP = 'widget-semiconductors';
const DROP = 'widget-chips';
const KEPT_REL = `${POLICY}.TARGETS.${KEEP}`;
const DROPPED_REL = `${POLICY}.TARGETS.${DROP}`;

/** Properties that say who wrote an item and when, or that only the live graph's change log explains. */
const BOOKKEEPING = new Set(['origin', 'curatedSeq', 'storedAt', 'storedBy', 'mergedIds', 'checkedDigest', 'checkedOn']);
/** The write side's records, and what a merge or retraction keeps out of the reads (a rebuild from files has neither). */
const NOT_CONTENT = ['GraphState', 'TimelineCount', 'ApiKey', 'Proposal', 'Change', 'RetractedClaim', 'MergedEntity'];

async function contentLines(): Promise<string[]> {
  const skip = NOT_CONTENT.map((l) => `n:${l}`).join(' OR ');
  const nodes = await testExecutor().read(cypher('test.mergeRoundTrip.nodes', `MATCH (n) WHERE NOT (${skip}) RETURN labels(n) AS labels, properties(n) AS props`));
  const rels = await testExecutor().read(
    cypher(
      'test.mergeRoundTrip.rels',
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
  return [
    ...nodes.map((n) => JSON.stringify({ labels: (n.labels as string[]).sort(), props: canon(n.props) })),
    ...rels.map((r) => JSON.stringify(canon(r))),
  ].sort();
}

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
  dataDir = temp('chokepoint-merge-data-');
  textsDir = temp('chokepoint-merge-texts-');
  cpSync(FIXTURE_SEED, dataDir, { recursive: true });
  cpSync(FIXTURE_SOURCES, textsDir, { recursive: true });
  await seedGraph({ dataDir, sourcesDir: textsDir });
  keys = await keysForEveryRole('-merge-roundtrip');
  server = await startTestServer();
}, 120_000);
afterAll(async () => {
  await server?.close();
  await wipeDatabase();
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  await closeTestExecutor();
});

describe('a merge exported as seed YAML rebuilds the same graph', () => {
  const { post } = testApp();
  async function accept(query: string, variables: Record<string, unknown>) {
    const made = await post(query, variables, { headers: bearer(keys.contributor) });
    expect(made.body.errors, JSON.stringify(made.body.errors)).toBeUndefined();
    const proposal = Object.values(made.body.data)[0] as { id: string; revision: number };
    const reviewed = await post('mutation ($id: ID!, $revision: Int!) { review(id: $id, revision: $revision, decision: ACCEPT) { change { seq kind } } }', proposal, { headers: bearer(keys.reviewer) });
    expect(reviewed.body.errors, JSON.stringify(reviewed.body.errors)).toBeUndefined();
    return reviewed.body.data.review.change;
  }
  async function view() {
    const stats = await post('{ stats { entities relationships sources citations byKind { name count } } }');
    const search = await post('{ search(text: "Widget chips", first: 5) { entity { id } exact } }');
    const rows = async (path: string) => {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(200);
      return (await response.text()).trimEnd().split(/\r?\n/).sort();
    };
    return { stats: stats.body.data.stats, search: search.body.data.search, relationships: await rows('/export/relationships.csv'), entities: await rows('/export/entities.csv') };
  }

  let live: { lines: string[]; view: Awaited<ReturnType<typeof view>> };

  it('merges a seed entity into one made through the API, and exports it', async () => {
    const registered = await post('mutation ($input: SourceInput!) { registerSource(input: $input) { id } }', {
      input: { id: SOURCE, type: 'news_report', title: 'Widget curbs', publisher: 'Merge Wire', published: { on: '2030-01-08' }, urlNote: 'An invented text for tests.', text: TEXT },
    }, { headers: bearer(keys.contributor) });
    expect(registered.body.errors).toBeUndefined();
    await accept('mutation ($input: EntityProposalInput!) { proposeEntity(input: $input) { id revision } }', {
      input: { kind: 'TECHNOLOGY', id: KEEP, name: 'Widget semiconductors', properties: [{ name: 'type', value: 'product' }] },
    });
    await accept('mutation ($input: RelationshipProposalInput!) { proposeRelationship(input: $input) { id revision } }', {
      input: { type: 'TARGETS', from: POLICY, to: KEEP, citations: [{ sourceId: SOURCE, quote: QUOTE }] },
    });
    const merge = await accept('mutation { proposeMerge(keep: "widget-semiconductors", drop: "widget-chips", reason: "one product") { id revision } }', {});
    expect(merge.kind).toBe('MERGE');
    live = { lines: await contentLines(), view: await view() };
    expect(live.view.search[0]).toEqual({ entity: { id: KEEP }, exact: true });

    const report = await exportCuration(testExecutor(), testOntology(), { fromDir: dataDir, outDir: dataDir, textsDir, now: () => new Date('2030-02-01T00:00:00Z') });
    expect(report).toMatchObject({ merged: [DROP], retracted: [DROPPED_REL], entities: [KEEP] });
    // The dropped record left the seed's file; the kept one carries its name as an alias.
    const things = parse(readFileSync(join(dataDir, 'things.yaml'), 'utf8'));
    expect(things.records.map((r: { id: string }) => r.id)).not.toContain(DROP);
    const kept = parse(readFileSync(join(dataDir, exportedEntitiesFile('Technology')), 'utf8'));
    expect(kept.records).toEqual([expect.objectContaining({ id: KEEP, aliases: ['Widget chips'] })]);
    const curated = parse(readFileSync(join(dataDir, EXPORTED_RELATIONSHIPS_FILE), 'utf8'));
    const joined = curated.relationships.find((r: { to: string }) => r.to === KEEP);
    expect(joined.citations.map((c: { source: string }) => c.source)).toEqual([SOURCE, 'fixture-wire-a', 'fixture-wire-b']);
    expect(curated.retracted).toEqual([expect.objectContaining({ from: POLICY, to: DROP, retracted: expect.objectContaining({ reason: `merged into ${KEEP}` }) })]);
  });

  it('reloads the files into an emptied database as the graph the merge left', async () => {
    expect(live, 'the merge and export ran').toBeDefined();
    await wipeDatabase();
    const loaded = await seedGraph({ dataDir, sourcesDir: textsDir });
    expect(loaded.verification.unchecked).toBe(0);
    const rebuilt = await contentLines();
    expect(rebuilt.filter((l) => !live.lines.includes(l))).toEqual([]);
    expect(live.lines.filter((l) => !rebuilt.includes(l))).toEqual([]);
    expect(await view()).toEqual(live.view);
    expect(live.view.relationships.filter((l) => l.startsWith(`${KEPT_REL},`))).toHaveLength(1);
    expect(live.view.relationships.filter((l) => l.startsWith(`${DROPPED_REL},`))).toEqual([]);
  });

  it('exports a merge and its revert as if neither happened, and the reload equals the live graph', async () => {
    expect(live, 'the merge and export ran').toBeDefined();
    keys = await keysForEveryRole('-merge-roundtrip-2');
    const wafers = 'widget-wafers';
    await accept('mutation ($input: EntityProposalInput!) { proposeEntity(input: $input) { id revision } }', {
      input: { kind: 'TECHNOLOGY', id: wafers, name: 'Widget wafers', properties: [{ name: 'type', value: 'product' }] },
    });
    await accept('mutation ($input: RelationshipProposalInput!) { proposeRelationship(input: $input) { id revision } }', {
      input: { type: 'TARGETS', from: POLICY, to: wafers, citations: [{ sourceId: SOURCE, quote: QUOTE_WAFERS }] },
    });
    const merge = await accept(`mutation { proposeMerge(keep: "${KEEP}", drop: "${wafers}", reason: "same?") { id revision } }`, {});
    const revert = await accept('mutation ($seq: Int!) { proposeRevert(seq: $seq, reason: "not the same") { id revision } }', { seq: merge.seq });
    expect(revert.kind).toBe('REVERT_MERGE');
    const again = { lines: await contentLines(), view: await view() };
    expect(again.view.search[0]).toEqual({ entity: { id: KEEP }, exact: true });

    const report = await exportCuration(testExecutor(), testOntology(), { fromDir: dataDir, outDir: dataDir, textsDir, now: () => new Date('2030-02-01T00:00:00Z') });
    expect(report.merged).toBeUndefined();
    const kept = parse(readFileSync(join(dataDir, exportedEntitiesFile('Technology')), 'utf8'));
    expect(kept.records).toEqual([expect.objectContaining({ id: KEEP, aliases: ['Widget chips'] }), expect.objectContaining({ id: wafers, name: 'Widget wafers' })]);
    expect(kept.records[1].aliases).toBeUndefined();

    await wipeDatabase();
    await seedGraph({ dataDir, sourcesDir: textsDir });
    const rebuilt = await contentLines();
    expect(rebuilt.filter((l) => !again.lines.includes(l))).toEqual([]);
    expect(again.lines.filter((l) => !rebuilt.includes(l))).toEqual([]);
    expect(await view()).toEqual(again.view);
  });
});
