// Issue 18, "the seed and the API agree": after a series of accepted changes (a registered source, a new
// relationship with two citations, an added citation, a modality edit, a retraction, a revert), the
// change log exported as seed YAML rebuilds, in an emptied database, a graph whose content, counts,
// export rows and search answers equal the live graph's; and each change moved the live graph's version
// by chaining (sha256(previous, seq, change)), never by rehashing the graph.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { exportCuration, EXPORTED_RELATIONSHIPS_FILE, EXPORTED_SOURCES_FILE, exportedEntitiesFile, type SeedExportReport } from '../../src/curation/seed-export.ts';
import { nextVersion } from '../../src/curation/apply-change.ts';
import { cypher } from '../../src/db/executor.ts';
import { testApp } from '../support/app.ts';
import { closeTestExecutor, seedGraph, testExecutor, testOntology, wipeDatabase } from '../support/database.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { bearer, keysForEveryRole, type Keys } from '../support/curation.ts';
import { FIXTURE_SEED, FIXTURE_SOURCES } from '../support/seed-fixture.ts';

const SOURCE = 'round-trip-wire';
const TEXT = [
  'Widget curbs widen',
  '',
  'STRELSAU (Round Trip Wire) - Ruritania announced export controls on widget chips on Monday.',
  'The controls target Graustark, according to officials in Strelsau. Ruritania proposed a draft rule that would widen the controls.',
  'Ruritania also announced export controls on gadget sensors.',
].join('\n');
const POLICY = 'ruritania-widget-controls';
// The new relationship keeps widget-chips linked once the seed's own TARGETS edge to it is retracted
// (the seed refuses an entity no relationship names).
const NEW_REL = `${POLICY}.TARGETS.widget-chips#round-trip`;
const CITED = `${POLICY}.TARGETS.graustark`;
const RETRACTED = `${POLICY}.TARGETS.widget-chips`;
const REVERTED = `ruritania-government.ISSUED.${POLICY}`;
const GADGET_REL = `${POLICY}.TARGETS.gadget-sensors`;

const REGISTER = `mutation ($input: SourceInput!) { registerSource(input: $input) { id seq } }`;
const REVIEW = `mutation ($id: ID!) { review(id: $id, revision: 1, decision: ACCEPT) { change { seq kind itemId version } } }`;
const CHANGES = `{ changes(since: 0, first: 100) { lastSeq version changes { seq kind itemId proposalId author reviewer proposedAt appliedAt before after version comment } } }`;

/** Node properties that say who wrote an item and when, not what it says: a rebuild from files writes them anew. */
const BOOKKEEPING = new Set(['origin', 'curatedSeq', 'storedAt', 'storedBy']);
/**
 * What the export adds to a registered source: the record of the quote check it ran on export day
 * (checkedDigest = the held text's digest, checkedOn), which the live graph keeps on the SourceText instead.
 */
const EXPORT_CHECK_RECORD = new Set(['checkedDigest', 'checkedOn']);
/** Labels of the write side's own records (keys, proposals, the log) and the load's state: not the knowledge. */
const NOT_CONTENT = ['GraphState', 'TimelineCount', 'ApiKey', 'Proposal', 'Change', 'RetractedClaim'];

/** Every node and relationship of the knowledge (labels, properties, endpoints by id), canonical and sorted, minus bookkeeping. */
async function contentLines(): Promise<string[]> {
  const skip = NOT_CONTENT.map((l) => `n:${l}`).join(' OR ');
  const nodes = await testExecutor().read(cypher('test.roundTrip.nodes', `MATCH (n) WHERE NOT (${skip}) RETURN labels(n) AS labels, properties(n) AS props`));
  const rels = await testExecutor().read(
    cypher(
      'test.roundTrip.rels',
      `MATCH (a)-[r]->(b) WHERE NOT (${skip.replaceAll('n:', 'a:')}) AND NOT (${skip.replaceAll('n:', 'b:')})
       RETURN type(r) AS type, coalesce(a.id, a.sourceId) AS from, coalesce(b.id, b.sourceId) AS to, properties(r) AS props`,
    ),
  );
  const canon = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canon)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).filter(([k]) => !BOOKKEEPING.has(k)).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, canon(x)]))
        : v;
  const nodeProps = (labels: string[], props: Record<string, unknown>) =>
    canon(labels.includes('Source') && props.id === SOURCE ? Object.fromEntries(Object.entries(props).filter(([k]) => !EXPORT_CHECK_RECORD.has(k))) : props);
  return [
    ...nodes.map((n) => JSON.stringify({ labels: (n.labels as string[]).sort(), props: nodeProps(n.labels as string[], n.props as Record<string, unknown>) })),
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
  dataDir = temp('chokepoint-roundtrip-data-');
  textsDir = temp('chokepoint-roundtrip-texts-');
  cpSync(FIXTURE_SEED, dataDir, { recursive: true });
  cpSync(FIXTURE_SOURCES, textsDir, { recursive: true });
  // The live graph starts from the fixture seed with its texts (so every quote is verified now, in both graphs).
  await seedGraph({ dataDir, sourcesDir: textsDir });
  keys = await keysForEveryRole('-roundtrip');
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
  // The fixture graph with API-made items would outlive the next file's reseed (a load never prunes what the API made).
  await wipeDatabase();
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  await closeTestExecutor();
});

describe('accepted changes exported as seed YAML rebuild the same graph', () => {
  const { post } = testApp();
  const accepted: Array<{ seq: number; kind: string; itemId: string; version: string }> = [];

  async function propose(query: string, variables: Record<string, unknown>): Promise<string> {
    const made = await post(query, variables, { headers: bearer(keys.contributor) });
    expect(made.body.errors, JSON.stringify(made.body.errors)).toBeUndefined();
    return (Object.values(made.body.data)[0] as { id: string }).id;
  }
  async function accept(proposalId: string) {
    const reviewed = await post(REVIEW, { id: proposalId }, { headers: bearer(keys.reviewer) });
    expect(reviewed.body.errors, JSON.stringify(reviewed.body.errors)).toBeUndefined();
    accepted.push(reviewed.body.data.review.change);
    return reviewed.body.data.review.change;
  }
  const cite = (sourceId: string, quote: string) => ({ sourceId, quote });

  /** What a reader sees: counts, the two edge-side export tables (rows sorted), a name search and an evidence search. */
  async function readerView() {
    const stats = await post('{ stats { entities relationships sources citations byRelationshipType { name count } } }');
    /** A CSV table's rows, sorted; `blank` names columns emptied first (values that differ between two loads by design). */
    const rows = async (path: string, blank: string[] = []) => {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(200);
      const [header, ...lines] = (await response.text()).trimEnd().split(/\r?\n/);
      const columns = header!.split(',');
      const at = blank.map((name) => columns.indexOf(name));
      expect(at, `${path} has the columns ${blank.join(', ')}`).not.toContain(-1);
      // The blanked columns are the last ones of their tables: cut the line there (quoted commas come before).
      const cut = (line: string) => (at.length === 0 ? line : line.split(',').slice(0, columns.length - at.length).join(','));
      expect(at.every((i) => i >= columns.length - at.length), 'blanked columns are last').toBe(true);
      return { header, lines: lines.map(cut).sort() };
    };
    const search = await post('{ search(text: "Ruritania", first: 50) { entity { id } } }');
    const evidence = await post('{ searchEvidence(text: "according to officials in Strelsau") { relationship { id } } }');
    const sourceRows = await rows('/export/sources.csv');
    // The export's record of its quote check (see EXPORT_CHECK_RECORD) is not in the live graph's row.
    const checkColumns = ['checked_digest', 'checked_on'].map((c) => sourceRows.header!.split(',').indexOf(c));
    sourceRows.lines = sourceRows.lines.map((line) => (line.startsWith(`${SOURCE},`) ? line.split(',').map((v, i) => (checkColumns.includes(i) ? '' : v)).join(',') : line));
    for (const answer of [stats, search, evidence]) expect(answer.body.errors, JSON.stringify(answer.body.errors)).toBeUndefined();
    return {
      stats: stats.body.data.stats,
      relationships: await rows('/export/relationships.csv'),
      // checked_at of a verified citation is the time of the load that wrote the graph.
      citations: await rows('/export/citations.csv', ['checked_at']),
      sources: sourceRows,
      search: search.body.data.search,
      evidence: evidence.body.data.searchEvidence,
    };
  }

  it('applies a series of changes, each advancing the version by one chained step', async () => {
    const seedVersion = String((await testExecutor().read(cypher('test.roundTrip.version', "MATCH (g:GraphState {id: 'graph'}) RETURN g.version AS version")))[0]!.version);
    const registered = await post(REGISTER, { input: { id: SOURCE, type: 'news_report', title: 'Widget curbs widen', publisher: 'Round Trip Wire', published: { on: '2030-01-08' }, urlNote: 'An invented text for tests; it has no address.', text: TEXT } }, { headers: bearer(keys.contributor) });
    expect(registered.body.errors, JSON.stringify(registered.body.errors)).toBeUndefined();
    accepted.push({ seq: registered.body.data.registerSource.seq, kind: 'REGISTER_SOURCE', itemId: SOURCE, version: '' });

    await accept(
      await propose(`mutation ($input: RelationshipProposalInput!) { proposeRelationship(input: $input) { id } }`, {
        input: {
          type: 'TARGETS', from: POLICY, to: 'widget-chips', key: 'round-trip', modality: 'announced',
          citations: [cite(SOURCE, 'Ruritania announced export controls on widget chips on Monday.'), cite('fixture-independent', 'Ruritania announced export controls on widget chips.')],
        },
      }),
    );
    await accept(await propose(`mutation ($c: CitationInput!) { proposeCitation(relationshipId: "${CITED}", citation: $c) { id } }`, { c: cite(SOURCE, 'The controls target Graustark, according to officials in Strelsau.') }));
    await accept(await propose(`mutation { proposeEdit(relationshipId: "${CITED}", edit: { modality: "reported" }) { id } }`, {}));
    await accept(await propose(`mutation { proposeRetraction(id: "${RETRACTED}", reason: "the round-trip test withdraws it") { id } }`, {}));
    const retractedToRevert = await accept(await propose(`mutation { proposeRetraction(id: "${REVERTED}", reason: "retracted to be reverted") { id } }`, {}));
    await accept(await propose(`mutation ($seq: Int!) { proposeRevert(seq: $seq, reason: "the retraction was a mistake") { id } }`, { seq: retractedToRevert.seq }));
    // A new entity, and a relationship to it: the export writes the entity's record to a file of its kind.
    await accept(await propose(`mutation ($input: EntityProposalInput!) { proposeEntity(input: $input) { id } }`, {
      input: { kind: 'TECHNOLOGY', id: 'gadget-sensors', name: 'Gadget sensors', aliases: ['gadget sensor'], properties: [{ name: 'type', value: 'product' }] },
    }));
    await accept(
      await propose(`mutation ($input: RelationshipProposalInput!) { proposeRelationship(input: $input) { id } }`, {
        input: { type: 'TARGETS', from: POLICY, to: 'gadget-sensors', modality: 'announced', citations: [cite(SOURCE, 'Ruritania also announced export controls on gadget sensors.')] },
      }),
    );
    expect(accepted.map((c) => c.kind)).toEqual(['REGISTER_SOURCE', 'ADD_RELATIONSHIP', 'ADD_CITATION', 'EDIT_RELATIONSHIP', 'RETRACT', 'RETRACT', 'REVERT', 'ADD_ENTITY', 'ADD_RELATIONSHIP']);

    // The log as a client reads it: consecutive numbers, each version the previous one chained with the change.
    const log = await post(CHANGES);
    const { changes, lastSeq, version } = log.body.data.changes;
    expect(changes.map((c: { seq: number }) => c.seq)).toEqual(accepted.map((c) => c.seq));
    expect(lastSeq).toBe(accepted.at(-1)!.seq);
    const [state] = await testExecutor().read(cypher('test.roundTrip.version', "MATCH (g:GraphState {id: 'graph'}) RETURN g.version AS version"));
    expect(state!.version).toBe(version);
    // From the seed load's version on, each version is computed from the previous one and the change alone.
    let previous = seedVersion;
    for (const c of changes) {
      const { version: recorded, ...change } = c as Record<string, unknown> & { version: string };
      expect(nextVersion(previous, Number(change.seq), change), `change ${String(change.seq)}`).toBe(recorded);
      expect(recorded).not.toBe(previous);
      previous = recorded;
    }
  });

  let report: SeedExportReport;
  let live: { lines: string[]; view: Awaited<ReturnType<typeof readerView>>; retracted: string[] };

  it('exports the changes into the seed folder, validated, and a second export changes nothing', async () => {
    live = {
      lines: await contentLines(),
      view: await readerView(),
      retracted: (await testExecutor().read(cypher('test.roundTrip.retracted', 'MATCH (c:RetractedClaim) RETURN c.id AS id ORDER BY id'))).map((r) => String(r.id)),
    };
    expect(live.retracted).toEqual([RETRACTED]);
    const before = readFileSync(join(dataDir, 'relationships/all.yaml'), 'utf8');
    report = await exportCuration(testExecutor(), testOntology(), { fromDir: dataDir, outDir: dataDir, textsDir, now: () => new Date('2030-02-01T00:00:00Z') });
    expect(report).toMatchObject({ sources: [SOURCE], entities: ['gadget-sensors'], textsWritten: [`${SOURCE}.txt`], patched: [CITED], added: [NEW_REL, GADGET_REL], retracted: [RETRACTED], lastSeq: accepted.at(-1)!.seq });
    expect(report.files.sort()).toEqual([EXPORTED_RELATIONSHIPS_FILE, EXPORTED_SOURCES_FILE, exportedEntitiesFile('Technology'), 'relationships/all.yaml'].sort());
    const gadgets = parse(readFileSync(join(dataDir, exportedEntitiesFile('Technology')), 'utf8'));
    expect(gadgets).toMatchObject({ kind: 'Technology', records: [{ id: 'gadget-sensors', name: 'Gadget sensors', aliases: ['gadget sensor'], type: 'product' }] });
    expect(readFileSync(join(textsDir, `${SOURCE}.txt`), 'utf8')).toBe(TEXT);

    // Registered metadata as given, plus the record of the export's own quote check.
    const sources = parse(readFileSync(join(dataDir, EXPORTED_SOURCES_FILE), 'utf8'));
    expect(sources.kind).toBe('Source');
    expect(sources.records).toHaveLength(1);
    expect(sources.records[0]).toMatchObject({ id: SOURCE, type: 'news_report', title: 'Widget curbs widen', publisher: 'Round Trip Wire', published: { on: '2030-01-08' }, file: `${SOURCE}.txt`, checkedOn: '2030-02-01' });
    expect(Object.keys(sources.records[0]).sort()).toEqual(['checkedDigest', 'checkedOn', 'file', 'id', 'published', 'publisher', 'sha256', 'title', 'type', 'urlNote']);

    const curated = parse(readFileSync(join(dataDir, EXPORTED_RELATIONSHIPS_FILE), 'utf8'));
    expect(curated.relationships).toHaveLength(2);
    expect(curated.relationships[0]).toMatchObject({ type: 'TARGETS', from: POLICY, to: 'widget-chips', key: 'round-trip' });
    expect(curated.relationships[0].citations.map((c: { source: string }) => c.source)).toEqual([SOURCE, 'fixture-independent']);
    expect(curated.retracted).toEqual([expect.objectContaining({ type: 'TARGETS', from: POLICY, to: 'widget-chips', retracted: expect.objectContaining({ reason: 'the round-trip test withdraws it', by: expect.stringMatching(/^key:/) }) })]);

    // The seed file: the cited and edited relationship rewritten in place, the retracted one gone, the reverted one untouched.
    const after = readFileSync(join(dataDir, 'relationships/all.yaml'), 'utf8');
    const records = parse(after).relationships as Array<Record<string, any>>;
    expect(records.filter((r) => r.to === 'widget-chips')).toEqual([]);
    expect(records.find((r) => r.to === 'graustark')).toMatchObject({ modality: 'reported', citations: [{ source: 'fixture-wire-a' }, { source: SOURCE, quote: 'The controls target Graustark, according to officials in Strelsau.' }] });
    const issued = (text: string) => text.slice(text.indexOf('- type: ISSUED'), text.indexOf('- type: TARGETS'));
    expect(issued(after)).toBe(issued(before));

    const again = await exportCuration(testExecutor(), testOntology(), { fromDir: dataDir, outDir: dataDir, textsDir, now: () => new Date('2030-02-01T00:00:00Z') });
    expect(again).toMatchObject({ files: [], textsWritten: [], patched: [] });
  });

  it('rebuilds, in an emptied database, a graph equal to the live one: content, counts, exports, search', async () => {
    expect(report, 'the export ran').toBeDefined();
    await wipeDatabase();
    expect((await contentLines()).length).toBe(0);
    const loaded = await seedGraph({ dataDir, sourcesDir: textsDir });
    expect(loaded.verification.unchecked).toBe(0);
    const rebuilt = await contentLines();
    // Line by line first: a difference names the item it is in.
    expect(rebuilt.filter((l) => !live.lines.includes(l))).toEqual([]);
    expect(live.lines.filter((l) => !rebuilt.includes(l))).toEqual([]);
    expect(rebuilt.length).toBeGreaterThan(10);
    const view = await readerView();
    expect(view).toEqual(live.view);
    expect(view.relationships.lines.filter((l) => l.startsWith(`${NEW_REL},`))).toHaveLength(1);
    expect(view.relationships.lines.filter((l) => l.startsWith(`${RETRACTED},`))).toEqual([]);
    // Counts leave the retracted claim's citations out (they are the live graph's only other CITES); the accepted entity counts.
    expect(view.stats).toMatchObject({ relationships: 4, citations: 8, entities: 6 });
    // Both Graustark quotes match the words (the added one first); both cite the relationship edited above.
    expect(view.evidence.length).toBeGreaterThan(0);
    expect(new Set(view.evidence.map((hit: { relationship: { id: string } }) => hit.relationship.id))).toEqual(new Set([CITED]));
  });

  it('exports from the rebuilt graph without losing what the files hold, and a failed export writes nothing', async () => {
    expect(report, 'the export ran').toBeDefined();
    // The rebuilt graph's log is empty; a new change is the only thing an export now has to write.
    keys = await keysForEveryRole('-rebuilt');
    const snapshot = () => ['relationships/all.yaml', EXPORTED_RELATIONSHIPS_FILE, EXPORTED_SOURCES_FILE].map((f) => readFileSync(join(dataDir, f), 'utf8'));
    const before = snapshot();
    // Retracting the last relationship that names widget-chips leaves an entity the seed refuses.
    const retraction = await accept(await propose(`mutation { proposeRetraction(id: "${NEW_REL}", reason: "orphans widget-chips") { id } }`, {}));
    const failed = exportCuration(testExecutor(), testOntology(), { fromDir: dataDir, outDir: dataDir, textsDir });
    await expect(failed).rejects.toThrow(/would not load.*nothing was written[\s\S]*widget-chips.*no relationship names this Technology/);
    expect(snapshot()).toEqual(before);

    await accept(await propose(`mutation ($seq: Int!) { proposeRevert(seq: $seq, reason: "keep widget-chips linked") { id } }`, { seq: retraction.seq }));
    const after = await exportCuration(testExecutor(), testOntology(), { fromDir: dataDir, outDir: dataDir, textsDir });
    expect(after).toMatchObject({ sources: [], added: [], retracted: [], patched: [], files: [] });
    expect(snapshot()).toEqual(before);
  });

  it('does the same from the command line: npm run curation -- export into a new folder', async () => {
    expect(report, 'the export ran').toBeDefined();
    const { uri, username, password } = inject('neo4j');
    const cli = (args: string[], env: Record<string, string> = {}) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/curation/cli.ts', ...args], {
        encoding: 'utf8',
        timeout: 120_000,
        env: { ...process.env, NEO4J_URI: uri, NEO4J_USERNAME: username, NEO4J_PASSWORD: password, SOURCES_DIR: '', ...env },
      });
    const usage = cli([]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('usage: npm run curation -- export');
    const noTexts = cli(['export', '--from', dataDir, '--out', temp('chokepoint-roundtrip-cli-')]);
    expect(noTexts.status).toBe(2);
    expect(noTexts.stderr).toContain('pass --texts-dir or set SOURCES_DIR');
    // The graph now is the rebuilt one plus a retraction and its revert: the folder comes out as it is.
    const out = temp('chokepoint-roundtrip-cli-');
    const done = cli(['export', '--from', dataDir, '--out', out, '--texts-dir', textsDir]);
    expect(done.status, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/exported the change log up to change \d+ into/);
    for (const file of ['relationships/all.yaml', EXPORTED_RELATIONSHIPS_FILE, EXPORTED_SOURCES_FILE, 'sources.yaml', 'things.yaml']) {
      expect(readFileSync(join(out, file), 'utf8'), file).toBe(readFileSync(join(dataDir, file), 'utf8'));
    }
  });
});
