// Issue 21, the assistant in the review queue: `proposeFromSource` runs the ingestion assistant on a
// registered source's held text against the graph the database holds and queues its proposals through
// the same checks as a person's (origin ASSISTANT, with its version, score and rule ids); reviewers
// accept or reject them like any other; a second run queues nothing twice; only contributors may run it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASSISTANT_VERSION } from '../../src/ingest/proposal.ts';
import { testApp } from '../support/app.ts';
import { closeTestExecutor, seedGraph, wipeDatabase } from '../support/database.ts';
import { bearer, keysForEveryRole, writeSideCounts, type Keys } from '../support/curation.ts';

const SOURCE = 'test-wire-assistant-run';
const TEXT = [
  'Chip curbs widen',
  '',
  'WASHINGTON (Test Wire) - The U.S. Commerce Department added YMTC to its entity list on Friday, restricting its access to chipmaking equipment.',
  "China's government said it would respond to the measures. Xi Jinping met with Janet Yellen in Beijing to discuss the curbs.",
  'The Netherlands agreed to restrict exports of advanced chipmaking equipment to China, a Dutch official said.',
].join('\n');

const REGISTER = `mutation ($input: SourceInput!) { registerSource(input: $input) { id } }`;
const RUN = `mutation ($id: ID!, $max: Int) {
  proposeFromSource(sourceId: $id, max: $max) {
    sourceId assistantVersion graphVersion considered candidates
    proposals { id status kind targetId revision payload origin assistant { version score rules action } }
    skipped { type from to quote score reason }
  } }`;
const REVIEW = `mutation ($id: ID!, $revision: Int!, $decision: ReviewDecision!, $comment: String) {
  review(id: $id, revision: $revision, decision: $decision, comment: $comment) { proposal { status } change { kind itemId } } }`;

let keys: Keys;
beforeAll(async () => {
  await seedGraph();
  keys = await keysForEveryRole('-assistant');
});
afterAll(async () => {
  // The accepted claim and the registered source are the API's, which a reseed keeps: leave the next
  // file an empty database (it seeds its own), not a graph with this file's additions.
  await wipeDatabase();
  await closeTestExecutor();
});

describe('proposeFromSource', () => {
  const { post } = testApp();
  let first: any;

  it('queues the assistant proposals for a registered source, marked ASSISTANT, each with verbatim quotes', async () => {
    const registered = await post(REGISTER, { input: { id: SOURCE, type: 'news_report', title: 'Chip curbs widen', urlNote: 'A test text.', text: TEXT } }, { headers: bearer(keys.contributor) });
    expect(registered.body.errors).toBeUndefined();
    const run = await post(RUN, { id: SOURCE }, { headers: bearer(keys.contributor) });
    expect(run.status).toBe(200);
    expect(run.body.errors).toBeUndefined();
    first = run.body.data.proposeFromSource;
    expect(first).toMatchObject({ sourceId: SOURCE, assistantVersion: ASSISTANT_VERSION, graphVersion: expect.any(String) });
    expect(first.proposals.length).toBeGreaterThan(0);
    // Everything the assistant made is accounted for: queued or skipped with a reason.
    expect(first.proposals.length + first.skipped.length).toBe(first.considered);
    for (const s of first.skipped) expect(s.reason.length).toBeGreaterThan(10);
    const kinds = new Set<string>();
    for (const p of first.proposals) {
      expect(p).toMatchObject({ status: 'PENDING', revision: 1, origin: 'ASSISTANT' });
      expect(p.assistant.version).toBe(ASSISTANT_VERSION);
      expect(p.assistant.rules.length).toBeGreaterThan(0);
      expect(p.assistant.score).toBeGreaterThan(0);
      kinds.add(p.kind);
      const payload = JSON.parse(p.payload);
      const citations = payload.raw?.citations ?? [payload.citation];
      for (const c of citations) {
        expect(c.source).toBe(SOURCE);
        expect(TEXT).toContain(c.quote);
      }
      expect(p.assistant.action).toBe(p.kind === 'CITATION' ? 'ADD_CITATION' : 'NEW_CLAIM');
    }
    // Best first, as the assistant ranked them.
    const scores = first.proposals.map((p: any) => p.assistant.score);
    expect(scores).toEqual([...scores].sort((a: number, b: number) => b - a));
    // A relationship the graph holds gets a citation, a new one a relationship proposal.
    expect(kinds).toEqual(new Set(['RELATIONSHIP', 'CITATION']));
    // In the queue reviewers read, and a person's proposal reads PERSON there.
    const queue = await post('{ proposals(status: PENDING, first: 500) { id origin } }', {}, { headers: bearer(keys.reviewer) });
    const origins = new Map(queue.body.data.proposals.map((p: any) => [p.id, p.origin]));
    for (const p of first.proposals) expect(origins.get(p.id)).toBe('ASSISTANT');
  });

  it('a second run queues nothing twice', async () => {
    const before = await writeSideCounts();
    const again = await post(RUN, { id: SOURCE }, { headers: bearer(keys.contributor) });
    expect(again.body.errors).toBeUndefined();
    const run = again.body.data.proposeFromSource;
    expect(run.proposals).toEqual([]);
    expect(run.skipped.filter((s: any) => /pending already/.test(s.reason)).length).toBe(first.proposals.length);
    expect((await writeSideCounts()).proposals).toBe(before.proposals);
  });

  it('reviewers accept or reject the assistant proposals in the queue like any other', async () => {
    const [accept, reject] = [first.proposals.find((p: any) => p.kind === 'RELATIONSHIP'), first.proposals.find((p: any) => p.kind === 'CITATION')];
    const accepted = await post(REVIEW, { id: accept.id, revision: 1, decision: 'ACCEPT' }, { headers: bearer(keys.reviewer) });
    expect(accepted.body.errors).toBeUndefined();
    expect(accepted.body.data.review).toMatchObject({ proposal: { status: 'ACCEPTED' }, change: { kind: 'ADD_RELATIONSHIP', itemId: accept.targetId } });
    const read = await post(`{ relationships(source: "${SOURCE}", first: 100) { nodes { id citations { quote source { id } } } } }`);
    expect(read.body.errors).toBeUndefined();
    const visible = read.body.data.relationships.nodes.find((n: any) => n.id === accept.targetId);
    expect(visible.citations[0].source.id).toBe(SOURCE);
    expect(TEXT).toContain(visible.citations[0].quote);
    const rejected = await post(REVIEW, { id: reject.id, revision: 1, decision: 'REJECT', comment: 'not this one' }, { headers: bearer(keys.reviewer) });
    expect(rejected.body.data.review).toMatchObject({ proposal: { status: 'REJECTED' }, change: null });
  });

  it('is for contributors, names an unknown source, and bounds max', async () => {
    const before = await writeSideCounts();
    const reader = await post(RUN, { id: SOURCE }, { headers: bearer(keys.reader) });
    expect(reader.status).toBe(403);
    const anonymous = await post(RUN, { id: SOURCE });
    expect(anonymous.status).toBe(401);
    const unknown = await post(RUN, { id: 'no-such-source' }, { headers: bearer(keys.contributor) });
    expect(unknown.body.errors[0].extensions.code).toBe('NOT_FOUND');
    expect(unknown.body.errors[0].message).toContain('no-such-source');
    const tooMany = await post(RUN, { id: SOURCE, max: 1000 }, { headers: bearer(keys.contributor) });
    expect(tooMany.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'max' });
    expect(tooMany.body.errors[0].message).toMatch(/1 to 100/);
    expect(await writeSideCounts()).toEqual(before);
  });
});
