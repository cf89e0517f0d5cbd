// An acceptance checks the quotes before it takes the change log's lock (decision 0031); a held text that
// changes between that check and the lock must not slip through. The text is replaced just before the
// acceptance's first locked statement (curation.openReview): with the quote gone the acceptance is
// refused and writes nothing; with the quote moved it is accepted at the new offset — the check ran
// again under the lock, on the text as it is at commit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher } from '../../src/db/executor.ts';
import { Curation } from '../../src/curation/curation.ts';
import { storeText } from '../../src/curation/source-text-store.ts';
import type { Principal } from '../../src/auth/roles.ts';
import { closeTestExecutor, seedGraph, testExecutor, testOntology, wipeDatabase } from '../support/database.ts';

const QUOTE = 'The United States imposed sweeping export controls on chips sold to China on Friday.';
const TEXT = ['Chip curbs widen', '', `WASHINGTON (Test Wire) - ${QUOTE}`].join('\n');
const MOVED = ['Chip curbs widen', '', 'A new first paragraph pushes the sentence down.', '', `WASHINGTON (Test Wire) - ${QUOTE}`].join('\n');
const GONE = ['Chip curbs widen', '', 'WASHINGTON (Test Wire) - The story was corrected and no longer says that.'].join('\n');
const SOURCE = 'test-wire-accept-recheck';
const POLICY = 'us-export-controls-2022-10';

const contributor: Principal = { keyId: 'recheck-contributor', name: 'recheck contributor', role: 'contributor' };
const reviewer: Principal = { keyId: 'recheck-reviewer', name: 'recheck reviewer', role: 'reviewer' };

const claim = cypher(
  'test.recheckClaim',
  `OPTIONAL MATCH (c:Claim {id: $id}) OPTIONAL MATCH (c)-[k:CITES]->() RETURN c IS NOT NULL AS exists, k.offset AS offset, k.verified AS verified`,
);
const changeSeq = cypher('test.recheckSeq', `MATCH (g:GraphState {id: 'graph'}) RETURN g.changeSeq AS seq`);

/** A curation whose next acceptance has the held text replaced just before it takes its locks. */
function replacingTextBeforeLock(text: string): Curation {
  let done = false;
  return new Curation(testExecutor(), testOntology(), {
    beforeStatement: async (name) => {
      if (name !== 'curation.openReview' || done) return;
      done = true;
      await testExecutor().writeTransaction((tx) => storeText(tx, SOURCE, text, 'test', new Date().toISOString()));
    },
  });
}

beforeAll(async () => {
  await seedGraph();
  await new Curation(testExecutor(), testOntology()).registerSource(contributor, {
    id: SOURCE,
    type: 'news_report',
    title: 'Chip curbs widen',
    publisher: 'Test Wire',
    published: { on: '2022-10-08' },
    urlNote: 'a test text',
    text: TEXT,
  });
}, 300_000);

afterAll(async () => {
  // The API's changes survive a reseed: leave the next file an empty database.
  await wipeDatabase();
  await closeTestExecutor();
});

describe('a held text that changes between the early check and the lock', () => {
  it('refuses the acceptance when the quote is gone from the text, and writes nothing', async () => {
    const plain = new Curation(testExecutor(), testOntology());
    const proposal = await plain.proposeRelationship(contributor, { type: 'TARGETS', from: POLICY, to: 'china', key: 'recheck-gone', citations: [{ sourceId: SOURCE, quote: QUOTE }] });
    const [seqBefore] = await testExecutor().read(changeSeq);
    const refused = await replacingTextBeforeLock(GONE)
      .review(reviewer, proposal.id, proposal.revision, 'ACCEPT')
      .then(
        () => null,
        (error: { message: string; extensions?: Record<string, unknown> }) => error,
      );
    expect(refused?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'citations[0].quote' });
    expect(refused?.message).toMatch(/not found verbatim/);
    const [row] = await testExecutor().read(claim, { id: proposal.targetId });
    expect(row!.exists).toBe(false);
    expect((await plain.proposal(proposal.id))!).toMatchObject({ status: 'pending', revision: 1 });
    expect((await testExecutor().read(changeSeq))[0]!.seq).toBe(seqBefore!.seq);
    await testExecutor().writeTransaction((tx) => storeText(tx, SOURCE, TEXT, 'test', new Date().toISOString()));
  });

  it('accepts at the quote’s new offset when the quote moved', async () => {
    const plain = new Curation(testExecutor(), testOntology());
    const proposal = await plain.proposeRelationship(contributor, { type: 'TARGETS', from: POLICY, to: 'china', key: 'recheck-moved', citations: [{ sourceId: SOURCE, quote: QUOTE }] });
    expect(MOVED.indexOf(QUOTE)).not.toBe(TEXT.indexOf(QUOTE));
    const decided = await replacingTextBeforeLock(MOVED).review(reviewer, proposal.id, proposal.revision, 'ACCEPT');
    expect(decided.change).not.toBeNull();
    const [row] = await testExecutor().read(claim, { id: proposal.targetId });
    expect(row).toMatchObject({ exists: true, verified: true, offset: MOVED.indexOf(QUOTE) });
  });
});
