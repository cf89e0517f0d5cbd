// Issue 18: the role × mutation matrix (each mutation refused below its role with 401/403 before it
// runs, allowed at it), and hostile input on the new fields — huge texts, 10 000 items, control
// characters, injection strings — refused with a clear 4xx that names the field, with nothing written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../support/app.ts';
import { closeTestExecutor, graphHash, seedGraph, wipeDatabase } from '../support/database.ts';
import { bearer, keysForEveryRole, writeSideCounts, type Keys } from '../support/curation.ts';

const TEXT = 'BEIJING (Matrix Wire) - China announced new export licences for gallium on Monday.\nTraders said prices rose.';
const QUOTE = 'China announced new export licences for gallium on Monday.';

let keys: Keys;
beforeAll(async () => {
  await seedGraph();
  keys = await keysForEveryRole('-matrix');
});
afterAll(async () => {
  // Changes accepted through the API outlive a reseed: leave the next file an empty database (it seeds its own).
  await wipeDatabase();
  await closeTestExecutor();
});

/** Each mutation with variables that pass every check, so only the role decides. */
const MUTATIONS: Record<string, { query: string; variables: (n: number) => Record<string, unknown>; needs: 'contributor' | 'reviewer' | 'admin' }> = {
  registerSource: {
    query: 'mutation ($input: SourceInput!) { registerSource(input: $input) { id } }',
    variables: (n) => ({ input: { id: `matrix-source-${n}`, type: 'news_report', text: TEXT } }),
    needs: 'contributor',
  },
  proposeRelationship: {
    query: 'mutation ($input: RelationshipProposalInput!) { proposeRelationship(input: $input) { id } }',
    variables: (n) => ({ input: { type: 'TARGETS', from: 'us-export-controls-2022-10', to: 'china', key: `matrix-${n}`, modality: 'announced', citations: [{ sourceId: 'matrix-source', quote: QUOTE }] } }),
    needs: 'contributor',
  },
  proposeRetraction: {
    query: 'mutation ($id: ID!) { proposeRetraction(id: $id, reason: "matrix") { id } }',
    variables: () => ({ id: 'us-export-controls-2022-10.TARGETS.china' }),
    needs: 'contributor',
  },
  review: {
    query: 'mutation ($id: ID!) { review(id: $id, revision: 99, decision: REJECT, comment: "matrix") { proposal { id } } }',
    variables: () => ({ id: 'prop-none' }),
    needs: 'reviewer',
  },
  proposeEntity: {
    query: 'mutation ($input: EntityProposalInput!) { proposeEntity(input: $input) { id } }',
    variables: (n) => ({ input: { kind: 'TECHNOLOGY', id: `matrix-technology-${n}`, name: `Matrix technology ${n}`, properties: [{ name: 'type', value: 'product' }] } }),
    needs: 'contributor',
  },
  proposeEntityEdit: {
    query: 'mutation ($id: ID!, $edit: EntityEditInput!) { proposeEntityEdit(entityId: $id, edit: $edit) { id } }',
    variables: (n) => ({ id: 'china', edit: { description: `Matrix description ${n}` } }),
    needs: 'contributor',
  },
  reconfirm: {
    query: 'mutation ($id: ID!) { reconfirm(relationshipId: $id) { seq } }',
    variables: () => ({ id: 'matrix-none' }),
    needs: 'reviewer',
  },
  createApiKey: {
    query: 'mutation ($name: String!) { createApiKey(name: $name, role: READER) { secret } }',
    variables: (n) => ({ name: `matrix ${n}` }),
    needs: 'admin',
  },
};
const ROLES = ['reader', 'contributor', 'reviewer', 'admin'] as const;

describe('role × mutation matrix', () => {
  const { post } = testApp();

  beforeAll(async () => {
    const made = await post(MUTATIONS.registerSource!.query, { input: { id: 'matrix-source', type: 'news_report', text: TEXT } }, { headers: bearer(keys.contributor) });
    expect(made.status).toBe(200);
  });

  let n = 0;
  for (const [name, mutation] of Object.entries(MUTATIONS)) {
    it(`${name}: 401 anonymous, 403 below ${mutation.needs}, allowed from ${mutation.needs} up`, async () => {
      const anonymous = await post(mutation.query, mutation.variables(++n));
      expect(anonymous.status).toBe(401);
      for (const role of ROLES) {
        const before = await writeSideCounts();
        const answer = await post(mutation.query, mutation.variables(++n), { headers: bearer(keys[role]) });
        const allowed = ROLES.indexOf(role) >= ROLES.indexOf(mutation.needs);
        if (allowed) {
          // Allowed: it runs (`review` of an unknown proposal, `reconfirm` of an unknown relationship get the resolver's own 404).
          expect(answer.status, `${name} as ${role}: ${JSON.stringify(answer.body.errors ?? null)}`).toBe(name === 'review' || name === 'reconfirm' ? 404 : 200);
        } else {
          expect(answer.status, `${name} as ${role}`).toBe(403);
          expect(answer.body.errors[0].extensions.code).toBe('FORBIDDEN');
          expect(await writeSideCounts()).toEqual(before);
        }
      }
    });
  }
});

describe('hostile input', () => {
  const propose = 'mutation ($input: RelationshipProposalInput!) { proposeRelationship(input: $input) { id } }';
  const register = 'mutation ($input: SourceInput!) { registerSource(input: $input) { id } }';
  const valid = { type: 'TARGETS', from: 'us-export-controls-2022-10', to: 'china', key: 'hostile', citations: [{ sourceId: 'matrix-source', quote: QUOTE }] };

  async function refused(app: ReturnType<typeof testApp>, query: string, variables: Record<string, unknown>) {
    const before = await writeSideCounts();
    const answer = await app.post(query, variables, { headers: bearer(keys.contributor) });
    expect(await writeSideCounts()).toEqual(before);
    return answer;
  }

  it('refuses a 50 MB source text by its size before reading it, and a 3 MB one when the body limit allows it', async () => {
    const big = await refused(testApp(), register, { input: { id: 'huge', type: 'news_report', text: 'a'.repeat(50 * 1024 * 1024) } });
    expect(big.status).toBe(413);
    expect(big.body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    const roomy = testApp({ http: { maxRequestBytes: 8 * 1024 * 1024 } });
    const large = await refused(roomy, register, { input: { id: 'large', type: 'news_report', text: 'a'.repeat(3_000_000) } });
    expect(large.status).toBe(400);
    expect(large.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'text' });
    expect(large.body.errors[0].message).toContain('at most 2000000');
  });

  it('refuses 10 000 qualifiers or citations by their count', async () => {
    const roomy = testApp({ http: { maxRequestBytes: 8 * 1024 * 1024 } });
    const qualifiers = Array.from({ length: 10_000 }, (_, i) => ({ name: `q${i}`, value: 'x' }));
    const many = await refused(roomy, propose, { input: { ...valid, qualifiers } });
    expect(many.status).toBe(400);
    expect(many.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'qualifiers', value: 'a list of 10000 items' });
    const citations = Array.from({ length: 10_000 }, () => valid.citations[0]);
    const cites = await refused(roomy, propose, { input: { ...valid, citations } });
    expect(cites.body.errors[0].extensions).toMatchObject({ field: 'citations' });
  });

  it('refuses control characters in a quote, an id or a text', async () => {
    const app = testApp();
    const quote = await refused(app, propose, { input: { ...valid, citations: [{ sourceId: 'matrix-source', quote: `China announced\u0000 new export licences` }] } });
    expect(quote.status).toBe(400);
    expect(quote.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'citations[0].quote' });
    const id = await refused(app, propose, { input: { ...valid, from: 'us-export\u001b[2J' } });
    expect(id.body.errors[0].extensions).toMatchObject({ field: 'from' });
    const text = await refused(app, register, { input: { id: 'escape', type: 'news_report', text: 'A text with an escape \u001b[31m inside.' } });
    expect(text.body.errors[0].extensions).toMatchObject({ field: 'text' });
    expect(text.body.errors[0].message).toContain('U+001b at offset 22');
  });

  it('treats injection strings as plain values: refused by the checks, never run', async () => {
    const app = testApp();
    const cypherish = "x'}) MATCH (n) DETACH DELETE n //";
    const from = await refused(app, propose, { input: { ...valid, from: cypherish } });
    expect(from.status).toBe(400);
    expect(from.body.errors[0].extensions).toMatchObject({ field: 'from', value: cypherish });
    const type = await refused(app, propose, { input: { ...valid, type: 'TARGETS]->() DELETE n //' } });
    expect(type.body.errors[0].extensions).toMatchObject({ field: 'type' });
    const source = await refused(app, register, { input: { id: 'Robert"); DROP', type: 'news_report', text: 'Fine text.' } });
    expect(source.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });
});

// Every other field of the write side, one case each: the refusal is a 4xx naming the field, showing the
// value (shortened) and what is allowed, and the graph and the write side's records are unchanged.
describe('hostile input on every curation field', () => {
  const RELATIONSHIP = 'us-export-controls-2022-10.TARGETS.china';
  const register = (input: Record<string, unknown>) => ({
    query: 'mutation ($input: SourceInput!) { registerSource(input: $input) { id } }',
    variables: { input: { id: 'hostile-source', type: 'news_report', text: TEXT, urlNote: 'A test text.', ...input } },
  });
  const edit = (edit: Record<string, unknown>) => ({
    query: 'mutation ($id: ID!, $edit: RelationshipEditInput!) { proposeEdit(relationshipId: $id, edit: $edit) { id } }',
    variables: { id: RELATIONSHIP, edit },
  });
  const retract = (id: string, reason: string) => ({ query: 'mutation ($id: ID!, $r: String!) { proposeRetraction(id: $id, reason: $r) { id } }', variables: { id, r: reason } });
  const cite = (id: string, citation: Record<string, unknown>) => ({
    query: 'mutation ($id: ID!, $c: CitationInput!) { proposeCitation(relationshipId: $id, citation: $c) { id } }',
    variables: { id, c: { sourceId: 'matrix-source', quote: QUOTE, ...citation } },
  });
  const nested = (depth: number): Record<string, unknown> => (depth === 0 ? { on: '2022' } : { between: nested(depth - 1) });
  const cases: Array<[string, { query: string; variables: Record<string, unknown> }, string, RegExp, 'contributor' | 'reviewer']> = [
    ['a 5 000-character title', register({ title: 't'.repeat(5_000) }), 'title', /has 5000 characters; allowed: at most 2000/, 'contributor'],
    ['a bell in the publisher', register({ publisher: 'Wire\u0007' }), 'publisher', /control character or line break; allowed: printable text on one line/, 'contributor'],
    ['10 000 authors', register({ authors: Array.from({ length: 10_000 }, () => 'A') }), 'authors', /has 10000 items; allowed: at most 50/, 'contributor'],
    ['a line break in an author', register({ authors: ['Ana\nRui'] }), 'authors[0]', /control character or line break/, 'contributor'],
    ['a 5 000-character publication date', register({ published: { on: '2'.repeat(5_000) } }), 'published.on', /at most 2000/, 'contributor'],
    ['an empty source id', register({ id: '   ' }), 'id', /must not be empty; allowed: text of 1 to 200 characters/, 'contributor'],
    ['a control character in an edited modality', edit({ modality: 'stated\u0000' }), 'modality', /control character/, 'contributor'],
    ['10 000 edited qualifiers', edit({ qualifiers: Array.from({ length: 10_000 }, (_, i) => ({ name: `q${i}`, value: 'x' })) }), 'qualifiers', /has 10000 items; allowed: at most 20/, 'contributor'],
    ['an edit that changes nothing', edit({}), 'edit', /changes nothing; allowed: modality, date or qualifiers/, 'contributor'],
    ['a 3 000-character retraction reason', retract(RELATIONSHIP, 'r'.repeat(3_000)), 'reason', /has 3000 characters; allowed: at most 2000/, 'contributor'],
    ['an escape sequence in a retraction reason', retract(RELATIONSHIP, 'wrong \u001b[2J'), 'reason', /control character/, 'contributor'],
    ['a 5 000-character relationship id', retract('x'.repeat(5_000), 'why'), 'id', /has 5000 characters; allowed: at most 600/, 'contributor'],
    ['a line break in a mention', cite(RELATIONSHIP, { mentionsFrom: 'Washington\nDC' }), 'citation.mentionsFrom', /control character or line break/, 'contributor'],
    ['a 5 000-character relationship id of a citation', cite('y'.repeat(5_000), {}), 'relationshipId', /at most 600/, 'contributor'],
    ['a 3 000-character review comment', { query: 'mutation ($c: String) { review(id: "prop-x", revision: 1, decision: REJECT, comment: $c) { proposal { id } } }', variables: { c: 'c'.repeat(3_000) } }, 'comment', /at most 2000/, 'reviewer'],
    ['a rejection without a comment', { query: 'mutation { review(id: "prop-x", revision: 1, decision: REJECT) { proposal { id } } }', variables: {} }, 'comment', /needs a comment saying why/, 'reviewer'],
    ['a revert reason of 3 000 characters', { query: 'mutation ($r: String!) { proposeRevert(seq: 1, reason: $r) { id } }', variables: { r: 'v'.repeat(3_000) } }, 'reason', /at most 2000/, 'contributor'],
  ];

  it.each(cases)('refuses %s, naming the field, the value and what is allowed; nothing changes', async (_what, request, field, message, role) => {
    const app = testApp({ http: { maxRequestBytes: 1024 * 1024 } });
    const before = { counts: await writeSideCounts(), graph: await graphHash() };
    const answer = await app.post(request.query, request.variables, { headers: bearer(keys[role]) });
    expect(answer.status, JSON.stringify(answer.body)).toBe(400);
    const error = answer.body.errors[0];
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(error.extensions).toHaveProperty('value');
    expect(error.message).toMatch(message);
    // A long value is echoed shortened, never whole.
    expect(JSON.stringify(error).length).toBeLessThan(2_000);
    expect(await writeSideCounts()).toEqual(before.counts);
    expect((await graphHash()).hash).toBe(before.graph.hash);
  });

  it('refuses deeply nested JSON in a variable before it is read, and changes nothing', async () => {
    const before = await graphHash();
    const answer = await testApp().post(
      'mutation ($input: RelationshipProposalInput!) { proposeRelationship(input: $input) { id } }',
      { input: { type: 'TARGETS', from: 'us-export-controls-2022-10', to: 'china', citations: [{ sourceId: 'matrix-source', quote: QUOTE }], date: nested(200) } },
      { headers: bearer(keys.contributor) },
    );
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', variable: 'input', limit: 32 });
    expect((await graphHash()).hash).toBe(before.hash);
  });

  it('stores an injection string given as a reason as plain text, and runs nothing of it', async () => {
    const before = await writeSideCounts();
    const reason = "x'}) MATCH (n) DETACH DELETE n //";
    const answer = await testApp().post('mutation ($id: ID!, $r: String!) { proposeRetraction(id: $id, reason: $r) { id payload } }', { id: RELATIONSHIP, r: reason }, { headers: bearer(keys.contributor) });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body.data.proposeRetraction.payload)).toEqual({ reason });
    expect(await writeSideCounts()).toEqual({ ...before, proposals: before.proposals! + 1 });
  });
});
