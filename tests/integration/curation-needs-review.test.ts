// Issue 18, "a changed text sends the claims that cite it back to review" — and review ends it: a
// reviewer re-confirms a claim whose quote is still verbatim in the new text (re-verified, with its new
// offset, logged as RECONFIRM), is refused with the nearest passage where it is not, and a retraction
// also takes a claim out of review. A crash before any statement of a re-confirmation leaves the graph
// and its version untouched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher } from '../../src/db/executor.ts';
import { storeSourceTexts } from '../../src/sources/held-texts.ts';
import { testApp } from '../support/app.ts';
import { closeTestExecutor, seedGraph, testExecutor, wipeDatabase } from '../support/database.ts';
import { bearer, keysForEveryRole, type Keys } from '../support/curation.ts';
import { crashBeforeEachStatement } from '../support/crash-injection.ts';

const SOURCE = 'test-wire-review-curbs';
const KEPT = 'The United States imposed export controls on review-test chips sold to China on Friday.';
const DROPPED = 'The United States also imposed export controls on review-test tools sold to China.';
const TEXT = ['Review curbs', '', `WASHINGTON (Test Wire) - ${KEPT}`, DROPPED].join('\n');
// The corrected text: the first sentence moved (a new offset), the second reworded.
const NEW_TEXT = ['Review curbs (corrected)', '', 'An earlier version misquoted officials.', `WASHINGTON (Test Wire) - ${KEPT}`, 'The United States also imposed export controls on review-test equipment sold to China.'].join('\n');
const POLICY = 'us-export-controls-2022-10';

const REVIEW = `mutation ($id: ID!, $revision: Int!) { review(id: $id, revision: $revision, decision: ACCEPT) { change { seq kind } } }`;
const RECONFIRM = `mutation ($id: ID!) { reconfirm(relationshipId: $id, comment: "checked against the corrected text") { seq kind itemId version reviewer } }`;

let keys: Keys;
const rels = { kept: `${POLICY}.TARGETS.china#review-kept`, dropped: `${POLICY}.TARGETS.china#review-dropped` };

beforeAll(async () => {
  await seedGraph();
  keys = await keysForEveryRole('-review');
});
afterAll(async () => {
  // Changes accepted through the API outlive a reseed: leave the next file an empty database (it seeds its own).
  await wipeDatabase();
  await closeTestExecutor();
});

const labels = async (id: string) =>
  (await testExecutor().read(cypher('test.reviewLabels', 'MATCH (c {id: $id}) WHERE c:Claim OR c:RetractedClaim RETURN labels(c) AS labels'), { id }))[0]?.labels as string[];

describe('review clears NeedsReview', () => {
  const { post } = testApp();

  it('sends the claims citing a changed text back to review', async () => {
    const registered = await post('mutation ($input: SourceInput!) { registerSource(input: $input) { id } }', {
      input: { id: SOURCE, type: 'news_report', title: 'Review curbs', publisher: 'Test Wire', urlNote: 'test text', published: { on: '2022-10-08' }, text: TEXT },
    }, { headers: bearer(keys.contributor) });
    expect(registered.body.errors).toBeUndefined();
    for (const [key, quote] of [['review-kept', KEPT], ['review-dropped', DROPPED]] as const) {
      const proposed = await post('mutation ($input: RelationshipProposalInput!) { proposeRelationship(input: $input) { id revision } }', {
        input: { type: 'TARGETS', from: POLICY, to: 'china', key, citations: [{ sourceId: SOURCE, quote }] },
      }, { headers: bearer(keys.contributor) });
      expect(proposed.body.errors, key).toBeUndefined();
      expect((await post(REVIEW, proposed.body.data.proposeRelationship, { headers: bearer(keys.reviewer) })).status).toBe(200);
    }
    const before = await post(RECONFIRM, { id: rels.kept }, { headers: bearer(keys.reviewer) });
    expect(before.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'relationshipId' });
    expect(before.body.errors[0].message).toContain('not waiting for review');

    const report = await storeSourceTexts(testExecutor(), [{ sourceId: SOURCE, text: NEW_TEXT }], { by: 'test' });
    expect(report.changed).toMatchObject([{ sourceId: SOURCE, claimsForReview: 2 }]);
    expect(await labels(rels.kept)).toContain('NeedsReview');
    const queue = await post('{ needingReview { relationshipId sourceIds } }', {}, { headers: bearer(keys.contributor) });
    expect(queue.body.data.needingReview).toEqual(
      expect.arrayContaining([{ relationshipId: rels.kept, sourceIds: [SOURCE] }, { relationshipId: rels.dropped, sourceIds: [SOURCE] }]),
    );
  });

  it('re-confirms a claim whose quote is still verbatim: re-verified at its new offset, out of review, logged', async () => {
    const contributor = await post(RECONFIRM, { id: rels.kept }, { headers: bearer(keys.contributor) });
    expect(contributor.status).toBe(403);
    const done = await post(RECONFIRM, { id: rels.kept }, { headers: bearer(keys.reviewer) });
    expect(done.body.errors).toBeUndefined();
    expect(done.body.data.reconfirm).toMatchObject({ kind: 'RECONFIRM', itemId: rels.kept, reviewer: expect.stringMatching(/^key:/) });
    expect(done.headers.get('chokepoint-graph-version')).toBe(done.body.data.reconfirm.version);
    expect(await labels(rels.kept)).not.toContain('NeedsReview');
    const read = await post('query ($id: ID!) { relationship(id: $id) { citations { offset verified verification { status digest } } } }', { id: rels.kept });
    const [digest] = (await testExecutor().read(cypher('test.reviewDigest', 'MATCH (t:SourceText {sourceId: $id}) RETURN t.digest AS digest'), { id: SOURCE })).map((r) => r.digest);
    expect(read.body.data.relationship.citations).toEqual([{ offset: NEW_TEXT.indexOf(KEPT), verified: true, verification: { status: 'VERIFIED', digest } }]);
    const history = await post('query ($id: ID!) { history(id: $id) { kind } }', { id: rels.kept });
    expect(history.body.data.history.map((c: { kind: string }) => c.kind)).toEqual(['ADD_RELATIONSHIP', 'RECONFIRM']);
    const queue = await post('{ needingReview { relationshipId } }', {}, { headers: bearer(keys.contributor) });
    expect(queue.body.data.needingReview.map((r: { relationshipId: string }) => r.relationshipId)).not.toContain(rels.kept);
  });

  it('refuses to re-confirm a quote the new text no longer holds, with the nearest passage, and changes nothing', async () => {
    const [state] = await testExecutor().read(cypher('test.reviewState', "MATCH (g:GraphState {id: 'graph'}) RETURN g.version AS version, g.changeSeq AS seq"));
    const refused = await post(RECONFIRM, { id: rels.dropped }, { headers: bearer(keys.reviewer) });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'citations[0].quote' });
    expect(refused.body.errors[0].extensions.nearestPassage.text).toContain('review-test equipment');
    expect(await labels(rels.dropped)).toContain('NeedsReview');
    const [after] = await testExecutor().read(cypher('test.reviewState', "MATCH (g:GraphState {id: 'graph'}) RETURN g.version AS version, g.changeSeq AS seq"));
    expect(after).toEqual(state);
  });

  it('ends the review of a claim that is retracted', async () => {
    const proposed = await post('mutation ($id: ID!) { proposeRetraction(id: $id, reason: "the corrected text no longer says this") { id revision } }', { id: rels.dropped }, { headers: bearer(keys.contributor) });
    expect((await post(REVIEW, proposed.body.data.proposeRetraction, { headers: bearer(keys.reviewer) })).status).toBe(200);
    expect(await labels(rels.dropped)).toEqual(['RetractedClaim']);
    const queue = await post('{ needingReview { relationshipId } }', {}, { headers: bearer(keys.contributor) });
    expect(queue.body.data.needingReview.map((r: { relationshipId: string }) => r.relationshipId)).not.toContain(rels.dropped);
  });
});

describe('reconfirm, crashed before each statement', () => {
  const { post } = testApp();
  const source = 'test-wire-crash-curbs';
  const quote = 'The United States imposed export controls on crash-test chips sold to China on Friday.';
  const id = `${POLICY}.TARGETS.china#review-crash`;

  it('leaves the graph and its version as they were after each crash, then the same re-confirmation commits', async () => {
    const registered = await post('mutation ($input: SourceInput!) { registerSource(input: $input) { id } }', {
      input: { id: source, type: 'news_report', title: 'Crash curbs', publisher: 'Test Wire', urlNote: 'test text', published: { on: '2022-10-08' }, text: `WASHINGTON (Test Wire) - ${quote}` },
    }, { headers: bearer(keys.contributor) });
    expect(registered.body.errors).toBeUndefined();
    const proposed = await post('mutation ($input: RelationshipProposalInput!) { proposeRelationship(input: $input) { id revision } }', {
      input: { type: 'TARGETS', from: POLICY, to: 'china', key: 'review-crash', citations: [{ sourceId: source, quote }] },
    }, { headers: bearer(keys.contributor) });
    expect(proposed.body.errors).toBeUndefined();
    expect((await post(REVIEW, proposed.body.data.proposeRelationship, { headers: bearer(keys.reviewer) })).status).toBe(200);
    await storeSourceTexts(testExecutor(), [{ sourceId: source, text: `Crash curbs (corrected)\n\nWASHINGTON (Test Wire) - ${quote}` }], { by: 'test' });
    expect(await labels(id)).toContain('NeedsReview');

    const { statements, committed } = await crashBeforeEachStatement((crashing) => crashing(RECONFIRM, { id }, { headers: bearer(keys.reviewer) }));
    expect(statements).toEqual(expect.arrayContaining(['curation.nextChange', 'curation.claimNeedsReview', 'curation.clearNeedsReview', 'curation.recordChange']));
    expect(committed.body.errors).toBeUndefined();
    expect(committed.body.data.reconfirm).toMatchObject({ kind: 'RECONFIRM', itemId: id });
    expect(await labels(id)).not.toContain('NeedsReview');
  }, 300_000);
});
