// Many reviewers accepting different proposals at once: every acceptance commits (none is lost to a
// database deadlock surfacing as INTERNAL_SERVER_ERROR), the change log stays gap-free and ordered, and
// the graph version moves once per change. The bench's propose+accept loops found one deadlock per run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTestExecutor, seedGraph, wipeDatabase } from '../support/database.ts';
import { bearer, keysForEveryRole, type Keys } from '../support/curation.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const TEXT = [
  'Chip curbs widen',
  '',
  'WASHINGTON (Test Wire) - The United States imposed sweeping export controls on chips sold to China on Friday.',
].join('\n');
const QUOTE = 'The United States imposed sweeping export controls on chips sold to China on Friday.';
const POLICY = 'us-export-controls-2022-10';
const SOURCE = 'test-wire-concurrent-accepts';
const ROUNDS = 3;
const AT_ONCE = 8;

let keys: Keys;
let others: Keys[];
let server: TestServer;
beforeAll(async () => {
  await seedGraph();
  keys = await keysForEveryRole();
  others = await Promise.all(Array.from({ length: AT_ONCE }, (_, i) => keysForEveryRole(`-acc${i}`)));
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
  // The accepted claims are the API's, which a reseed keeps: leave the next file an empty database.
  await wipeDatabase();
  await closeTestExecutor();
});

async function post(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } };
}

describe('concurrent acceptances of different proposals', () => {
  it(`commits all ${ROUNDS} × ${AT_ONCE} acceptances, one gap-free change each`, async () => {
    const registered = await post(
      'mutation ($input: SourceInput!) { registerSource(input: $input) { id seq } }',
      { input: { id: SOURCE, type: 'news_report', title: 'Chip curbs widen', publisher: 'Test Wire', published: { on: '2022-10-08' }, urlNote: 'a test text', text: TEXT } },
      bearer(keys.contributor),
    );
    expect(registered.body.errors).toBeUndefined();
    const firstSeq = registered.body.data.registerSource.seq as number;
    for (let round = 0; round < ROUNDS; round++) {
      const proposals = [];
      for (let i = 0; i < AT_ONCE; i++) {
        const p = await post(
          'mutation ($input: RelationshipProposalInput!) { proposeRelationship(input: $input) { id revision } }',
          { input: { type: 'TARGETS', from: POLICY, to: 'china', key: `concurrent-${round}-${i}`, citations: [{ sourceId: SOURCE, quote: QUOTE }] } },
          bearer(keys.contributor),
        );
        expect(p.body.errors).toBeUndefined();
        proposals.push(p.body.data.proposeRelationship as { id: string; revision: number });
      }
      const decided = await Promise.all(
        proposals.map((p, i) =>
          post('mutation ($id: ID!, $revision: Int!) { review(id: $id, revision: $revision, decision: ACCEPT) { change { seq version } } }', { id: p.id, revision: p.revision }, bearer(others[i]!.reviewer)),
        ),
      );
      for (const d of decided) expect(d.body.errors, JSON.stringify(d.body.errors) + server.logs.filter((l) => /error/i.test(l)).join("\n").slice(0, 3000)).toBeUndefined();
    }
    const log = await post('query ($since: Int!) { changes(since: $since, first: 500) { changes { seq version } } }', { since: firstSeq });
    const seqs = log.body.data.changes.changes.map((c: { seq: number }) => c.seq);
    expect(seqs).toEqual(Array.from({ length: ROUNDS * AT_ONCE }, (_, i) => firstSeq + 1 + i));
    expect(new Set(log.body.data.changes.changes.map((c: { version: string }) => c.version)).size).toBe(ROUNDS * AT_ONCE);
  });
});
