// Issues 18 (item 1) and 22 (row 10, item 6): the service keeps each source's text (SourceText) once it
// has read it from SOURCES_DIR, checks quotes against it on later loads, says per citation what was
// checked (verified now / at curation / never), sends the claims citing a changed text to review, and
// refuses hostile texts before writing anything. Real Neo4j; the fixture seed (tests/fixtures). Each test
// starts with no held text and loads the graph it needs: generous timeouts for a busy machine.
import { closeSync, cpSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, ftruncateSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cypher } from '../../src/db/executor.ts';
import { describeTexts, SeedValidationError } from '../../src/seed/load-seed.ts';
import { closeTestExecutor, graphHash, seedGraph, testExecutor } from '../support/database.ts';
import { testApp } from '../support/app.ts';
import { startTestServer } from '../support/server.ts';
import { checkQuoteAgainstHeldText } from '../../src/sources/quote-check.ts';
import { claimsNeedingReview } from '../../src/sources/held-texts.ts';

const FIXTURE_SEED = 'tests/fixtures/seed-minimal';
const FIXTURE_SOURCES = 'tests/fixtures/sources';
const temps: string[] = [];

function tempCopy(from: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'chokepoint-source-texts-'));
  temps.push(dir);
  cpSync(from, dir, { recursive: true });
  return dir;
}

const digestOf = (path: string) => `sha256:${createHash('sha256').update(readFileSync(path)).digest('hex')}`;

const heldTexts = async () =>
  (
    await testExecutor().read(
      cypher('test.heldTexts', 'MATCH (t:SourceText) RETURN t.sourceId AS sourceId, t.digest AS digest, t.length AS length, t.storedBy AS storedBy, t.storedAt AS storedAt ORDER BY sourceId'),
    )
  ).map((r) => ({ ...r }));

/** `<source>|<verification>|<checkedDigest>|<verified>` of every citation, sorted. */
const citationStates = async () =>
  (
    await testExecutor().read(
      cypher(
        'test.citationStates',
        `MATCH (:Claim)-[k:CITES]->(s:Source)
         RETURN s.id + '|' + k.verification + '|' + coalesce(k.checkedDigest, '-') + '|' + toString(k.verified) AS state ORDER BY state`,
      ),
    )
  ).map((r) => String(r.state));

/** What the curation queue lists (src/sources/held-texts.ts claimsNeedingReview), checked against the labels themselves. */
const needingReview = async () => {
  const listed = (await claimsNeedingReview(testExecutor())).map((c) => c.id);
  const labelled = (await testExecutor().read(cypher('test.needsReview', 'MATCH (c:Claim:NeedsReview) RETURN c.id AS id ORDER BY id'))).map((r) => String(r.id));
  expect(listed).toEqual(labelled);
  return listed;
};

/** The citations table as JSON Lines, and the manifest's description of its columns, from the app in-process. */
async function citationsExport(): Promise<{ rows: any[]; columns: Map<string, string> }> {
  // Over HTTP: the exports stream through Node's response.
  const server = await startTestServer();
  try {
    const response = await fetch(`${server.url}/export/citations.jsonl`);
    expect(response.status).toBe(200);
    const rows = (await response.text()).split('\n').filter(Boolean).map((line) => JSON.parse(line));
    const manifest = (await (await fetch(`${server.url}/export/manifest.json`)).json()) as any;
    const columns = new Map<string, string>(manifest.tables.citations.columns.map((c: { name: string; description: string }) => [c.name, c.description]));
    return { rows, columns };
  } finally {
    await server.close();
  }
}

const CITATIONS_QUERY = /* GraphQL */ `
  query {
    relationships(first: 50) {
      nodes { id citations { verified verification { status digest checkedAt } source { id heldText { digest length storedBy } } } }
    }
  }
`;

/**
 * No held text, no review mark: what each test starts from. (Not a wipe of the whole graph: on a cold,
 * busy database that outlasted the tests' query timeout; each load below replaces the graph anyway.)
 */
async function forgetTexts(): Promise<void> {
  await testExecutor().write(cypher('test.dropTexts', 'MATCH (t:SourceText) DELETE t'));
  await testExecutor().write(cypher('test.clearReview', 'MATCH (c:Claim:NeedsReview) REMOVE c:NeedsReview'));
}

beforeAll(async () => {
  // A cold database answers its first query slowly: wait for it here, not in the first test.
  expect(await testExecutor().awaitAnswer(200_000)).toBe(true);
});

beforeEach(async () => {
  await forgetTexts();
});

afterAll(async () => {
  await forgetTexts();
  await seedGraph();
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  await closeTestExecutor();
});

describe('source texts kept in the graph', { timeout: 240_000 }, () => {
  it('keeps each text read from SOURCES_DIR, and a later load without SOURCES_DIR verifies against it (same graph version)', async () => {
    const first = await seedGraph({ dataDir: FIXTURE_SEED, sourcesDir: FIXTURE_SOURCES });
    expect(first.texts.added.sort()).toEqual(['fixture-independent', 'fixture-wire-a', 'fixture-wire-b']);
    const texts = await heldTexts();
    expect(texts.map((t) => [t.sourceId, t.digest, t.length, t.storedBy])).toEqual(
      ['fixture-independent', 'fixture-wire-a', 'fixture-wire-b'].map((id) => [
        id,
        digestOf(join(FIXTURE_SOURCES, `${id}.txt`)),
        readFileSync(join(FIXTURE_SOURCES, `${id}.txt`), 'utf8').length,
        'seed',
      ]),
    );
    const verifiedStates = await citationStates();
    expect(verifiedStates).toHaveLength(6);
    for (const state of verifiedStates) {
      const [source, ...rest] = state.split('|');
      expect(rest, state).toEqual(['verified', digestOf(join(FIXTURE_SOURCES, `${source}.txt`)), 'true']);
    }

    // No SOURCES_DIR now: the held texts are used, every quote is still verified, and the rows (so the
    // version) are the same: an unchanged load writes nothing.
    const second = await seedGraph({ dataDir: FIXTURE_SEED, force: false });
    expect(second.heldTextsUsed).toBe(3);
    expect(second.unchanged).toBe(true);
    expect(second.version).toBe(first.version);
    expect(second.verification).toEqual({ verified: 6, curation: 0, unchecked: 0 });
    expect(await citationStates()).toEqual(verifiedStates);
    expect(await heldTexts()).toEqual(texts);
  });

  it('answers verification in GraphQL: VERIFIED with the held text digest and the load time', async () => {
    await seedGraph({ dataDir: FIXTURE_SEED, sourcesDir: FIXTURE_SOURCES });
    const [state] = await testExecutor().read(cypher('test.loadedAt', "MATCH (g:GraphState {id: 'graph'}) RETURN g.loadedAt AS loadedAt"));
    const { status, body } = await testApp().post(CITATIONS_QUERY);
    expect(status, JSON.stringify(body.errors)).toBe(200);
    const citations = body.data.relationships.nodes.flatMap((n: any) => n.citations);
    expect(citations).toHaveLength(6);
    for (const c of citations) {
      expect(c).toEqual({
        verified: true,
        verification: { status: 'VERIFIED', digest: c.source.heldText.digest, checkedAt: state!.loadedAt },
        source: { id: c.source.id, heldText: { digest: digestOf(join(FIXTURE_SOURCES, `${c.source.id}.txt`)), length: expect.any(Number), storedBy: 'seed' } },
      });
    }
    // The exports' citation table says the same, and the manifest explains the columns.
    const { rows, columns } = await citationsExport();
    expect(rows).toHaveLength(6);
    for (const row of rows) {
      expect([row.verified, row.verification, row.checked_digest, row.checked_at], row.source_id).toEqual([
        true,
        'verified',
        digestOf(join(FIXTURE_SOURCES, `${row.source_id}.txt`)),
        state!.loadedAt,
      ]);
    }
    expect(columns.get('verification')).toMatch(/^What was checked: verified .*verified_at_curation .*unchecked/);
    expect(columns.get('checked_digest')).toContain('sha256:');
  });
});

describe('verification without the texts', { timeout: 240_000 }, () => {
  it('reads "verified at curation against digest D" where the seed records the check, and UNCHECKED where it does not', async () => {
    // fixture-independent's record of its check removed: its citation was never checked.
    const dir = tempCopy(FIXTURE_SEED);
    const file = join(dir, 'sources.yaml');
    const yaml = readFileSync(file, 'utf8');
    const independent = yaml.slice(yaml.indexOf('- id: fixture-independent'));
    writeFileSync(file, yaml.replace(independent, independent.replace(/\n\s+checkedDigest: .*/, '').replace(/\n\s+checkedOn: .*/, '')));
    expect(readFileSync(file, 'utf8')).not.toBe(yaml);

    const result = await seedGraph({ dataDir: dir });
    expect(result.verification).toEqual({ verified: 0, curation: 5, unchecked: 1 });
    expect(await heldTexts()).toEqual([]);
    const { body } = await testApp().post(CITATIONS_QUERY);
    const bySource = new Map<string, any[]>();
    for (const c of body.data.relationships.nodes.flatMap((n: any) => n.citations)) bySource.set(c.source.id, [...(bySource.get(c.source.id) ?? []), c]);
    for (const id of ['fixture-wire-a', 'fixture-wire-b']) {
      for (const c of bySource.get(id)!) {
        expect(c.verified).toBe(false);
        expect(c.verification).toEqual({ status: 'VERIFIED_AT_CURATION', digest: digestOf(join(FIXTURE_SOURCES, `${id}.txt`)), checkedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
        expect(c.source.heldText).toBeNull();
      }
    }
    expect(bySource.get('fixture-independent')!.map((c) => c.verification)).toEqual([{ status: 'UNCHECKED', digest: null, checkedAt: null }]);
    const { rows } = await citationsExport();
    expect(rows.map((r) => `${r.source_id}|${r.verified}|${r.verification}|${r.checked_digest}|${/^\d{4}-\d{2}-\d{2}$/.test(r.checked_at)}`).sort()).toEqual([
      `fixture-independent|false|unchecked|null|false`,
      ...Array(3).fill(`fixture-wire-a|false|verified_at_curation|${digestOf(join(FIXTURE_SOURCES, 'fixture-wire-a.txt'))}|true`),
      ...Array(2).fill(`fixture-wire-b|false|verified_at_curation|${digestOf(join(FIXTURE_SOURCES, 'fixture-wire-b.txt'))}|true`),
    ]);
  });
});

describe('the real seed on a fresh clone (no SOURCES_DIR, no text held yet)', { timeout: 240_000 }, () => {
  it('reads no citation as a blanket unverified: references VERIFIED, news reports VERIFIED_AT_CURATION with their recorded digest', async () => {
    const result = await seedGraph();
    expect(result.verification.unchecked).toBe(0);
    expect(result.verification.verified).toBeGreaterThan(0);
    expect(result.verification.curation).toBeGreaterThan(0);
    const rows = await testExecutor().read(
      cypher(
        'test.realSeedStates',
        `MATCH (:Claim)-[k:CITES]->(s:Source)
         RETURN s.type AS type, k.verification AS status, k.checkedDigest = s.checkedDigest AS recorded, k.verified AS verified, count(*) AS n
         ORDER BY type, status`,
      ),
    );
    expect(rows.map((r) => `${r.type}|${r.status}|${r.recorded}|${r.verified}`)).toEqual(['news_report|curation|true|false', 'reference|verified|true|true']);
    expect(rows.reduce((n, r) => n + Number(r.n), 0)).toBe(result.citations);
    // The references' texts are in the repository: the graph now holds them.
    expect((await heldTexts()).map((t) => t.sourceId)).toEqual(['chokepoint-curation-links', 'chokepoint-technology-taxonomy']);
  });
});

describe('a source whose text changes', { timeout: 240_000 }, () => {
  it('replaces the held text, sends every relationship citing it to review, and says so in the load report', async () => {
    await seedGraph({ dataDir: FIXTURE_SEED, sourcesDir: FIXTURE_SOURCES });
    const before = await heldTexts();
    expect(await needingReview()).toEqual([]);

    // The independent report gains a correction; its quotes are still in it. The seed records the new text.
    const sources = tempCopy(FIXTURE_SOURCES);
    const textFile = join(sources, 'fixture-independent.txt');
    writeFileSync(textFile, `${readFileSync(textFile, 'utf8')}Correction: the controls start in March.\n`);
    const dir = tempCopy(FIXTURE_SEED);
    const seedFile = join(dir, 'sources.yaml');
    const oldHex = digestOf(join(FIXTURE_SOURCES, 'fixture-independent.txt')).slice('sha256:'.length);
    const newDigest = digestOf(textFile);
    writeFileSync(seedFile, readFileSync(seedFile, 'utf8').replace(`sha256: ${oldHex}`, `sha256: ${newDigest.slice('sha256:'.length)}`));

    const result = await seedGraph({ dataDir: dir, sourcesDir: sources });
    expect(result.texts.changed).toEqual([
      { sourceId: 'fixture-independent', previousDigest: `sha256:${oldHex}`, digest: newDigest, claimsForReview: 1 },
    ]);
    expect(result.texts.kept.sort()).toEqual(['fixture-wire-a', 'fixture-wire-b']);
    expect(describeTexts(result).join('\n')).toContain(
      `the text of fixture-independent changed (sha256:${oldHex} → ${newDigest}): 1 relationship(s) citing it need review (label NeedsReview)`,
    );
    expect(await needingReview()).toEqual(['ruritania-government.ISSUED.ruritania-widget-controls']);
    const after = await heldTexts();
    expect(after.find((t) => t.sourceId === 'fixture-independent')?.digest).toBe(newDigest);
    // The texts that did not change keep their first storedAt.
    expect(after.filter((t) => t.sourceId !== 'fixture-independent')).toEqual(before.filter((t) => t.sourceId !== 'fixture-independent'));

    // The mark outlives later loads (a load replaces properties, not labels) until a reviewer clears it.
    const again = await seedGraph({ dataDir: dir, sourcesDir: sources });
    expect(again.texts.changed).toEqual([]);
    expect(await needingReview()).toEqual(['ruritania-government.ISSUED.ruritania-widget-controls']);
  });

  it('does not check quotes against a held text the seed no longer expects, and says why', async () => {
    await seedGraph({ dataDir: FIXTURE_SEED, sourcesDir: FIXTURE_SOURCES });
    const dir = tempCopy(FIXTURE_SEED);
    const seedFile = join(dir, 'sources.yaml');
    const oldHex = digestOf(join(FIXTURE_SOURCES, 'fixture-independent.txt')).slice('sha256:'.length);
    writeFileSync(seedFile, readFileSync(seedFile, 'utf8').replace(`sha256: ${oldHex}`, `sha256: ${'a'.repeat(64)}`));
    const result = await seedGraph({ dataDir: dir });
    expect(result.heldTextsUsed).toBe(2);
    expect(result.notes.join('\n')).toContain(`fixture-independent: the graph holds a text of digest sha256:${oldHex}, but the seed expects sha256:${'a'.repeat(64)}`);
    // Its citation falls back to what the seed records (the check against the old text).
    expect((await citationStates()).filter((s) => s.startsWith('fixture-independent|'))).toEqual([`fixture-independent|curation|sha256:${oldHex}|false`]);
  });
});

describe('quotes checked against the held text', { timeout: 240_000 }, () => {
  it('refuses a paraphrased quote with the nearest passage of the held text, and writes nothing', async () => {
    await seedGraph({ dataDir: FIXTURE_SEED, sourcesDir: FIXTURE_SOURCES });
    const before = await graphHash();
    const dir = tempCopy(FIXTURE_SEED);
    const file = join(dir, 'relationships/all.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"Ruritania announced export controls on widget chips."', '"Ruritania declared export curbs on widget chips."'));
    const error = await seedGraph({ dataDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SeedValidationError);
    const digest = digestOf(join(FIXTURE_SOURCES, 'fixture-independent.txt'));
    expect((error as Error).message).toContain(
      `quote not found verbatim in fixture-independent (the text the graph holds, ${digest}): "Ruritania declared export curbs on widget chips."; ` +
        `nearest passage at offset 23 (paragraph 1, `,
    );
    expect((error as Error).message).toMatch(/% alike\): 'Ruritania announced export controls on widget chips\.'/);
    expect(await graphHash()).toEqual(before);
  });
});

describe('a quote proposed through the API, checked against the held text', { timeout: 240_000 }, () => {
  it('locates a verbatim quote with the digest, and refuses a paraphrase or an unheld source with the reason', async () => {
    await seedGraph({ dataDir: FIXTURE_SEED, sourcesDir: FIXTURE_SOURCES });
    const at = new Date('2031-01-02T03:04:05.000Z');
    const digest = digestOf(join(FIXTURE_SOURCES, 'fixture-wire-a.txt'));
    expect(await checkQuoteAgainstHeldText(testExecutor(), 'fixture-wire-a', 'The controls target Graustark', () => at)).toEqual({
      ok: true,
      location: { paragraph: 2, offset: readFileSync(join(FIXTURE_SOURCES, 'fixture-wire-a.txt'), 'utf8').indexOf('The controls target') },
      verification: { status: 'verified', digest, checkedAt: at.toISOString() },
    });
    const paraphrase = await checkQuoteAgainstHeldText(testExecutor(), 'fixture-wire-a', 'The curbs target Graustark, officials said.');
    expect(paraphrase.ok).toBe(false);
    expect(!paraphrase.ok && paraphrase.problem).toMatch(
      new RegExp(`^the quote is not found verbatim in the text of 'fixture-wire-a' \\(${digest}\\); nearest passage at offset \\d+ \\(paragraph 2, \\d+% alike\\): 'The controls target Graustark, officials said\\.'$`),
    );
    await testExecutor().write(cypher('test.dropText', "MATCH (t:SourceText {sourceId: 'fixture-independent'}) DELETE t"));
    expect(await checkQuoteAgainstHeldText(testExecutor(), 'fixture-independent', 'Ruritania announced export controls')).toEqual({
      ok: false,
      problem: "the service holds no text for source 'fixture-independent' to check the quote against; register its text first",
    });
  });
});

describe('hostile source texts', { timeout: 240_000 }, () => {
  const cases: Array<[string, (path: string) => void, RegExp]> = [
    [
      'a text of 50 MB (refused on its size, before it is read)',
      (path) => {
        const fd = openSync(path, 'w');
        ftruncateSync(fd, 50 * 1024 * 1024);
        closeSync(fd);
      },
      /fixture-independent\.txt: the text is 50\.0 MB; a source text may be at most 5\.0 MB of UTF-8/,
    ],
    [
      'invalid UTF-8',
      (path) => writeFileSync(path, Buffer.concat([Buffer.from('An independent report: Ruritania '), Buffer.from([0xc3, 0x28]), Buffer.from(' chips.\n')])),
      /fixture-independent\.txt: the text is not valid UTF-8: byte 33 starts an invalid sequence \(c3 28 20 63\)/,
    ],
    [
      'a control character',
      (path) => writeFileSync(path, 'An independent report:\nRuritania \u0007announced export controls on widget chips.\n'),
      /fixture-independent\.txt: the text has the control character U\+0007 at offset 33 \(line 2, column 11\); only tab, line feed and carriage return are allowed/,
    ],
  ];
  for (const [name, spoil, message] of cases) {
    it(`refuses ${name} with a clear error, and writes nothing`, async () => {
      await seedGraph({ dataDir: FIXTURE_SEED, sourcesDir: FIXTURE_SOURCES });
      const before = await graphHash();
      const sources = tempCopy(FIXTURE_SOURCES);
      spoil(join(sources, 'fixture-independent.txt'));
      const error = await seedGraph({ dataDir: FIXTURE_SEED, sourcesDir: sources }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SeedValidationError);
      expect((error as Error).message).toMatch(message);
      expect(await graphHash()).toEqual(before);
    });
  }
});
