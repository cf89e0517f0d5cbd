// Issue 18: the role × mutation matrix (each mutation refused below its role with 401/403 before it
// runs, allowed at it), and hostile input on the new fields — huge texts, 10 000 items, control
// characters, injection strings — refused with a clear 4xx that names the field, with nothing written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../support/app.ts';
import { closeTestExecutor, seedGraph } from '../support/database.ts';
import { bearer, keysForEveryRole, writeSideCounts, type Keys } from '../support/curation.ts';

const TEXT = 'BEIJING (Matrix Wire) - China announced new export licences for gallium on Monday.\nTraders said prices rose.';
const QUOTE = 'China announced new export licences for gallium on Monday.';

let keys: Keys;
beforeAll(async () => {
  await seedGraph();
  keys = await keysForEveryRole('-matrix');
});
afterAll(() => closeTestExecutor());

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
