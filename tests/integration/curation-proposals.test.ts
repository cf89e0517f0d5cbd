// Issue 18, proposals and one publish gate: a registered source's text checks every quote (a
// paraphrase is refused with the nearest passage), nothing proposed is visible until a reviewer other
// than its author accepts it at the revision they read, acceptance is one transaction (a crash between
// its statements leaves nothing), retraction hides without deleting, revert is a reviewed change, and
// every accepted change is in the log and the feed with a new graph version.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher } from '../../src/db/executor.ts';
import { testApp } from '../support/app.ts';
import { closeTestExecutor, graphHash, seedGraph, testExecutor, wipeDatabase } from '../support/database.ts';
import { bearer, keysForEveryRole, writeSideCounts, type Keys } from '../support/curation.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const TEXT = [
  'Chip curbs widen',
  '',
  'WASHINGTON (Test Wire) - The United States imposed sweeping export controls on chips sold to China on Friday.',
  'Officials said the rules would be reviewed next year. Industry groups said the measures would hurt sales.',
].join('\n');
const QUOTE = 'The United States imposed sweeping export controls on chips sold to China on Friday.';
const POLICY = 'us-export-controls-2022-10';
const REL = `${POLICY}.TARGETS.china#curation-test`;

const REGISTER = `mutation ($input: SourceInput!) { registerSource(input: $input) { id digest length seq } }`;
const PROPOSE = `mutation ($input: RelationshipProposalInput!) { proposeRelationship(input: $input) { id status revision kind targetId author } }`;
const REVIEW = `mutation ($id: ID!, $revision: Int!, $decision: ReviewDecision!, $comment: String) {
  review(id: $id, revision: $revision, decision: $decision, comment: $comment) {
    proposal { id status revision reviewer appliedSeq } change { seq kind itemId version author reviewer before after } } }`;
const PREVIEW = `query ($id: ID!) { proposal(id: $id) { revision preview { before { independentSources retracted } after { independentSources citationCount modality retracted } affects problem } } }`;
const VISIBLE = `query { relationships(types: ["TARGETS"], from: "${POLICY}", first: 100) { totalCount nodes { id independentSources citationCount } } }`;

const relationship = (quote = QUOTE) => ({
  type: 'TARGETS',
  from: POLICY,
  to: 'china',
  key: 'curation-test',
  citations: [{ sourceId: 'test-wire-chip-curbs', quote }],
});

let keys: Keys;
let other: Keys;
let server: TestServer;
beforeAll(async () => {
  await seedGraph();
  keys = await keysForEveryRole();
  other = await keysForEveryRole('-2');
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
  // Changes accepted through the API outlive a reseed: leave the next file an empty database (it seeds its own).
  await wipeDatabase();
  await closeTestExecutor();
});

/** The edge table as the bulk export streams it. */
const exportedCsv = async () => (await fetch(`${server.url}/export/relationships.csv`)).text();

/** Everything but the write side's bookkeeping (keys, proposals, the log, texts). */
async function contentHash(): Promise<string> {
  const rows = await testExecutor().read(
    cypher(
      'test.contentDump',
      `MATCH (n) WHERE n:Entity OR n:Source OR n:Claim OR n:RetractedClaim
       OPTIONAL MATCH (n)-[r]->(m)
       WITH n, collect([type(r), m.id, properties(r)]) AS out
       RETURN labels(n) AS labels, properties(n) AS props, out`,
    ),
  );
  const canon = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(canon) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, canon(x)])) : v;
  const lines = rows.map((r) => JSON.stringify(canon({ labels: (r.labels as string[]).sort(), props: r.props, out: (r.out as unknown[][]).map((o) => JSON.stringify(canon(o))).sort() }))).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

async function graphVersion(): Promise<string> {
  const [row] = await testExecutor().read(cypher('test.version', "MATCH (g:GraphState {id: 'graph'}) RETURN g.version AS version"));
  return String(row!.version);
}

describe('curation', () => {
  const { post } = testApp();
  let proposalId = '';

  it('registers a source with its text, logged as a change with a new graph version', async () => {
    const version = await graphVersion();
    const input = { id: 'test-wire-chip-curbs', type: 'news_report', title: 'Chip curbs widen', publisher: 'Test Wire', published: { on: '2022-10-08' }, text: TEXT };
    const made = await post(REGISTER, { input }, { headers: bearer(keys.contributor) });
    expect(made.status).toBe(200);
    expect(made.body.data.registerSource).toMatchObject({ id: 'test-wire-chip-curbs', digest: `sha256:${createHash('sha256').update(TEXT).digest('hex')}`, length: TEXT.length });
    const [stored] = await testExecutor().read(cypher('test.text', 'MATCH (t:SourceText {sourceId: $id}) RETURN t.text AS text, t.storedBy AS by'), { id: 'test-wire-chip-curbs' });
    expect(stored).toMatchObject({ text: TEXT, by: expect.stringMatching(/^key:/) });
    expect(await graphVersion()).not.toBe(version);
    const again = await post(REGISTER, { input }, { headers: bearer(keys.contributor) });
    expect(again.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });

  it('refuses a paraphrased quote with the nearest passage, and writes nothing', async () => {
    const before = await writeSideCounts();
    const refused = await post(PROPOSE, { input: relationship('The US imposed broad export controls on chips sold to China on Friday.') }, { headers: bearer(keys.contributor) });
    expect(refused.status).toBe(400);
    const error = refused.body.errors[0];
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'citations[0].quote', nearestPassage: { offset: TEXT.indexOf('WASHINGTON') } });
    expect(error.extensions.nearestPassage.text).toContain(QUOTE);
    expect(error.message).toContain('not found verbatim');
    expect(await writeSideCounts()).toEqual(before);
  });

  it('refuses an endpoint the ontology does not allow, naming the field and what is allowed', async () => {
    const refused = await post(PROPOSE, { input: { ...relationship(), from: 'china', to: POLICY } }, { headers: bearer(keys.contributor) });
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
    expect(refused.body.errors[0].message).toMatch(/TARGETS cannot go from a Country.*allows from: Policy/);
  });

  it('keeps a proposal invisible to reads until it is accepted', async () => {
    const proposed = await post(PROPOSE, { input: relationship() }, { headers: bearer(keys.contributor) });
    expect(proposed.status).toBe(200);
    expect(proposed.body.data.proposeRelationship).toMatchObject({ status: 'PENDING', revision: 1, kind: 'RELATIONSHIP', targetId: REL });
    proposalId = proposed.body.data.proposeRelationship.id;
    const read = await post(VISIBLE);
    expect(read.body.data.relationships.nodes.map((n: { id: string }) => n.id)).not.toContain(REL);
    const queue = await post('{ proposals(status: PENDING) { id } }', {}, { headers: bearer(keys.reviewer) });
    expect(queue.body.data.proposals.map((p: { id: string }) => p.id)).toContain(proposalId);
  });

  it('previews the effect without writing', async () => {
    const before = await contentHash();
    const preview = await post(PREVIEW, { id: proposalId }, { headers: bearer(keys.reviewer) });
    expect(preview.body.data.proposal.preview).toMatchObject({ before: null, after: { independentSources: 1, citationCount: 1, modality: 'STATED'.toLowerCase(), retracted: false }, problem: null });
    expect(preview.body.data.proposal.preview.affects.join('\n')).toContain(`gains the row ${REL}`);
    expect(await contentHash()).toBe(before);
  });

  it('lets nobody review their own proposal, nor a contributor review at all', async () => {
    const own = await post(REVIEW, { id: proposalId, revision: 1, decision: 'ACCEPT' }, { headers: bearer(keys.contributor) });
    expect(own.status).toBe(403);
    const selfReviewer = await post(PROPOSE, { input: { ...relationship(), key: 'curation-self' } }, { headers: bearer(keys.reviewer) });
    const self = await post(REVIEW, { id: selfReviewer.body.data.proposeRelationship.id, revision: 1, decision: 'ACCEPT' }, { headers: bearer(keys.reviewer) });
    expect(self.status).toBe(403);
    expect(self.body.errors[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' }, message: expect.stringContaining('own proposal') });
  });

  it('refuses a review based on a stale revision with CONFLICT and the current revision', async () => {
    const stale = await post(REVIEW, { id: proposalId, revision: 7, decision: 'ACCEPT' }, { headers: bearer(keys.reviewer) });
    expect(stale.status).toBe(409);
    expect(stale.body.errors[0].extensions).toMatchObject({ code: 'CONFLICT', currentRevision: 1 });
  });

  it('applies nothing when the acceptance fails between its statements', async () => {
    for (const failAt of ['curation.openReview', 'curation.upsertRelationship', 'curation.recordAcceptance']) {
      const before = { content: await contentHash(), version: await graphVersion(), counts: await writeSideCounts(), all: await graphHash() };
      const crashing = testApp({
        curation: {
          beforeStatement: (name) => {
            if (name === failAt) throw new Error(`injected crash before ${name}`);
          },
        },
      });
      const crashed = await crashing.post(REVIEW, { id: proposalId, revision: 1, decision: 'ACCEPT' }, { headers: bearer(keys.reviewer) });
      expect(crashed.body.errors[0].extensions.code, failAt).toBe('INTERNAL_SERVER_ERROR');
      expect(await contentHash(), failAt).toBe(before.content);
      expect(await graphVersion()).toBe(before.version);
      expect(await writeSideCounts()).toEqual(before.counts);
      // Not even the proposal's lock or the change counter moved.
      expect((await graphHash()).hash, failAt).toBe(before.all.hash);
    }
  });

  it('lets two concurrent reviews of one proposal end with one acceptance and one CONFLICT', async () => {
    const version = await graphVersion();
    const [a, b] = await Promise.all([
      post(REVIEW, { id: proposalId, revision: 1, decision: 'ACCEPT' }, { headers: bearer(keys.reviewer) }),
      post(REVIEW, { id: proposalId, revision: 1, decision: 'ACCEPT' }, { headers: bearer(other.reviewer) }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const won = a.status === 200 ? a : b;
    const lost = a.status === 200 ? b : a;
    expect(lost.body.errors[0].extensions).toMatchObject({ code: 'CONFLICT', currentRevision: 2 });
    const { proposal, change } = won.body.data.review;
    expect(proposal).toMatchObject({ status: 'ACCEPTED', revision: 2 });
    expect(change).toMatchObject({ kind: 'ADD_RELATIONSHIP', itemId: REL, seq: proposal.appliedSeq, author: expect.stringMatching(/^key:/), before: null });
    expect(change.version).not.toBe(version);
    expect(won.headers.get('chokepoint-graph-version')).toBe(change.version);
    expect(await graphVersion()).toBe(change.version);
    const read = await post(VISIBLE);
    expect(read.body.data.relationships.nodes.find((n: { id: string }) => n.id === REL)).toMatchObject({ independentSources: 1, citationCount: 1 });
    const quote = await post(`{ relationships(types: ["TARGETS"], from: "${POLICY}", first: 100) { nodes { id citations { quote verified offset source { id } } } } }`);
    const citation = quote.body.data.relationships.nodes.find((n: { id: string }) => n.id === REL).citations[0];
    expect(citation).toEqual({ quote: QUOTE, verified: true, offset: TEXT.indexOf(QUOTE), source: { id: 'test-wire-chip-curbs' } });
  });

  it('writes the same rows as the loader (read model, stored CSV line) and updates the counts', async () => {
    const [claim] = await testExecutor().read(cypher('test.claim', 'MATCH (c:Claim {id: $id}) RETURN properties(c) AS props'), { id: REL });
    const props = claim!.props as Record<string, unknown>;
    expect(props).toMatchObject({ origin: 'api', type: 'TARGETS', fromId: POLICY, toId: 'china', fromKind: 'Policy', toName: 'China', independentSources: 1, sourceIds: ['test-wire-chip-curbs'] });
    expect(String(props.csvLine)).toContain(REL);
    expect(await exportedCsv()).toContain(REL);
    const search = await post('{ searchEvidence(text: "sweeping export controls on chips") { relationship { id } } }');
    expect(JSON.stringify(search.body)).toContain(REL);
  });

  it('retracts without deleting: hidden from reads and exports, kept with who, when and why; a revert brings it back', async () => {
    const retract = await post('mutation ($id: ID!) { proposeRetraction(id: $id, reason: "duplicate of the seed relationship") { id revision } }', { id: REL }, { headers: bearer(keys.contributor) });
    const p = retract.body.data.proposeRetraction;
    const accepted = await post(REVIEW, { id: p.id, revision: p.revision, decision: 'ACCEPT' }, { headers: bearer(keys.reviewer) });
    expect(accepted.body.data.review.change).toMatchObject({ kind: 'RETRACT', itemId: REL });
    expect((await post(VISIBLE)).body.data.relationships.nodes.map((n: { id: string }) => n.id)).not.toContain(REL);
    expect(await exportedCsv()).not.toContain(REL);
    const [kept] = await testExecutor().read(cypher('test.retracted', 'MATCH (c:RetractedClaim {id: $id}) RETURN c.retractedReason AS reason, c.retractedBy AS by, COUNT { (c)-[:CITES]->() } AS cites'), { id: REL });
    expect(kept).toMatchObject({ reason: 'duplicate of the seed relationship', by: expect.stringMatching(/^key:/), cites: 1 });

    const seq = accepted.body.data.review.change.seq;
    const revert = await post('mutation ($seq: Int!) { proposeRevert(seq: $seq, reason: "not a duplicate after all") { id revision kind } }', { seq }, { headers: bearer(other.contributor) });
    const r = revert.body.data.proposeRevert;
    expect(r.kind).toBe('REVERT');
    const reverted = await post(REVIEW, { id: r.id, revision: r.revision, decision: 'ACCEPT' }, { headers: bearer(other.reviewer) });
    expect(reverted.body.data.review.change.kind).toBe('REVERT');
    expect((await post(VISIBLE)).body.data.relationships.nodes.map((n: { id: string }) => n.id)).toContain(REL);
    const history = await post('query ($id: ID!) { history(id: $id) { seq kind } }', { id: REL });
    expect(history.body.data.history.map((c: { kind: string }) => c.kind)).toEqual(['ADD_RELATIONSHIP', 'RETRACT', 'REVERT']);
  });

  it('gives a seed relationship back exactly as the loader wrote it after a retraction and its revert', async () => {
    const [row] = await testExecutor().read(cypher('test.seedTargets', "MATCH (c:Claim {type: 'TARGETS', origin: 'seed'}) RETURN c.id AS id ORDER BY c.id LIMIT 1"));
    const id = String(row!.id);
    const before = await contentHash();
    const p = (await post('mutation ($id: ID!) { proposeRetraction(id: $id, reason: "test") { id revision } }', { id }, { headers: bearer(keys.contributor) })).body.data.proposeRetraction;
    const change = (await post(REVIEW, { id: p.id, revision: p.revision, decision: 'ACCEPT' }, { headers: bearer(keys.reviewer) })).body.data.review.change;
    expect(await contentHash()).not.toBe(before);
    const r = (await post('mutation ($seq: Int!) { proposeRevert(seq: $seq, reason: "test") { id revision } }', { seq: change.seq }, { headers: bearer(keys.contributor) })).body.data.proposeRevert;
    const done = await post(REVIEW, { id: r.id, revision: r.revision, decision: 'ACCEPT' }, { headers: bearer(keys.reviewer) });
    expect(done.status).toBe(200);
    expect(await contentHash()).toBe(before);
  });

  it('keeps reviewed changes through a reseed: a retracted seed relationship stays retracted, an edited one keeps its edit', async () => {
    const seedTargets = (await testExecutor().read(cypher('test.seedTargets2', "MATCH (c:Claim {type: 'TARGETS', origin: 'seed'}) RETURN c.id AS id ORDER BY c.id LIMIT 3"))).map((r) => String(r.id));
    const [retracted, edited] = [seedTargets[1]!, seedTargets[2]!];
    const accept = async (proposal: { id: string; revision: number }) =>
      expect((await post(REVIEW, { id: proposal.id, revision: proposal.revision, decision: 'ACCEPT' }, { headers: bearer(keys.reviewer) })).status).toBe(200);
    await accept((await post('mutation ($id: ID!) { proposeRetraction(id: $id, reason: "reseed test") { id revision } }', { id: retracted }, { headers: bearer(keys.contributor) })).body.data.proposeRetraction);
    const edit = await post('mutation ($id: ID!) { proposeEdit(relationshipId: $id, edit: { qualifiers: [{ name: "scope", value: "reseed test scope" }] }) { id revision } }', { id: edited }, { headers: bearer(keys.contributor) });
    await accept(edit.body.data.proposeEdit);

    await seedGraph();

    const count = cypher('test.claimLabels', 'MATCH (c {id: $id}) WHERE c:Claim OR c:RetractedClaim RETURN labels(c) AS labels, c.scope AS scope');
    expect((await testExecutor().read(count, { id: retracted })).map((r) => r.labels)).toEqual([['RetractedClaim']]);
    expect(await testExecutor().read(count, { id: edited })).toEqual([{ labels: ['Claim'], scope: 'reseed test scope' }]);
    // The API's own relationship (origin api) is not the loader's to prune.
    expect((await testExecutor().read(count, { id: REL })).length).toBe(1);
  });

  it('pages the change log in order from any position', async () => {
    const page = await post('{ changes(since: 0, first: 500) { lastSeq version changes { seq kind } } }');
    expect(page.body.errors).toBeUndefined();
    const all = page.body.data.changes;
    const seqs = all.changes.map((c: { seq: number }) => c.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(all.lastSeq).toBe(seqs.at(-1));
    expect(all.version).toBe(await graphVersion());
    const tail = (await post('query ($since: Int!) { changes(since: $since, first: 2) { changes { seq } } }', { since: seqs[1] })).body.data.changes.changes;
    expect(tail.map((c: { seq: number }) => c.seq)).toEqual(seqs.slice(2, 4));
  });
});
