// Issue 18, "retract, never delete": a retracted relationship leaves an entity's relationships (rows
// and totalCount), a policy's evidence and `relationship(id:)` by default, and comes back — with who,
// when and why — only with `includeRetracted: true`. The default statements are unchanged: the
// retracted branch is added only when asked for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher } from '../../src/db/executor.ts';
import { testApp } from '../support/app.ts';
import { CypherBuilder } from '../../src/cypher/projection/builder.ts';
import { relationshipPage } from '../../src/cypher/projection/projections.ts';
import { closeTestExecutor, seedGraph, testExecutor, testOntology, wipeDatabase } from '../support/database.ts';
import { bearer, keysForEveryRole, type Keys } from '../support/curation.ts';

const REASON = 'include-retracted test: the quote names another measure';
const REVIEW = `mutation ($id: ID!, $revision: Int!) { review(id: $id, revision: $revision, decision: ACCEPT) { change { seq kind } } }`;

let keys: Keys;
/** A live seed relationship from a policy, retracted by the tests below. */
let rel: { id: string; fromId: string; type: string };
let seq = 0;

beforeAll(async () => {
  await seedGraph();
  keys = await keysForEveryRole('-retracted');
  // The last one in id order: the other curation tests retract the first ones.
  const [row] = await testExecutor().read(
    cypher('test.lastPolicyClaim', "MATCH (c:Claim {origin: 'seed', fromKind: 'Policy'}) WHERE c.curatedSeq IS NULL RETURN c.id AS id, c.fromId AS fromId, c.type AS type ORDER BY c.id DESC LIMIT 1"),
  );
  rel = { id: String(row!.id), fromId: String(row!.fromId), type: String(row!.type) };
});
afterAll(async () => {
  // Changes accepted through the API outlive a reseed: leave the next file an empty database (it seeds its own).
  await wipeDatabase();
  await closeTestExecutor();
});

const ENTITY = `query ($id: ID!, $all: Boolean) { entity(id: $id) {
  relationships(direction: OUT, first: 500, includeRetracted: $all) { totalCount nodes { id retraction { at by reason seq } citations { quote } } }
  both: relationships(first: 500, includeRetracted: $all) { totalCount nodes { id } }
  ... on Policy { evidence(first: 500, includeRetracted: $all) { id retraction { reason } } } } }`;
const ONE = `query ($id: ID!, $all: Boolean) { relationship(id: $id, includeRetracted: $all) { id type modality retraction { at by reason seq } citations { quote } } }`;

describe('includeRetracted', () => {
  const { post } = testApp();
  let before: { out: number; both: number; evidence: number };

  it('lists a live relationship with no retraction, by default and on request', async () => {
    const read = await post(ENTITY, { id: rel.fromId, all: false });
    expect(read.body.errors).toBeUndefined();
    const entity = read.body.data.entity;
    expect(entity.relationships.nodes.find((n: { id: string }) => n.id === rel.id)).toMatchObject({ retraction: null });
    before = { out: entity.relationships.totalCount, both: entity.both.totalCount, evidence: entity.evidence.length };
    const one = await post(ONE, { id: rel.id });
    expect(one.body.data.relationship).toMatchObject({ id: rel.id, type: rel.type, retraction: null });
  });

  it('hides a retracted relationship from default reads and counts, and shows it with who, when and why on request', async () => {
    const proposed = await post('mutation ($id: ID!, $reason: String!) { proposeRetraction(id: $id, reason: $reason) { id revision } }', { id: rel.id, reason: REASON }, { headers: bearer(keys.contributor) });
    expect(proposed.body.errors).toBeUndefined();
    const accepted = await post(REVIEW, proposed.body.data.proposeRetraction, { headers: bearer(keys.reviewer) });
    expect(accepted.body.data.review.change.kind).toBe('RETRACT');
    seq = accepted.body.data.review.change.seq;

    const hidden = (await post(ENTITY, { id: rel.fromId })).body.data.entity;
    expect(hidden.relationships.nodes.map((n: { id: string }) => n.id)).not.toContain(rel.id);
    expect(hidden.relationships.totalCount).toBe(before.out - 1);
    expect(hidden.both.totalCount).toBe(before.both - 1);
    expect(hidden.evidence.map((n: { id: string }) => n.id)).not.toContain(rel.id);
    expect(hidden.evidence.length).toBe(before.evidence - 1);
    expect((await post(ONE, { id: rel.id })).body.data.relationship).toBeNull();

    const shown = await post(ENTITY, { id: rel.fromId, all: true });
    expect(shown.body.errors).toBeUndefined();
    const entity = shown.body.data.entity;
    const row = entity.relationships.nodes.find((n: { id: string }) => n.id === rel.id);
    expect(row).toMatchObject({ retraction: { reason: REASON, by: expect.stringMatching(/^key:/), seq } });
    expect(Date.parse(row.retraction.at)).not.toBeNaN();
    // Its citations stay with it.
    expect(row.citations.length).toBeGreaterThan(0);
    expect(entity.relationships.totalCount).toBe(before.out);
    expect(entity.both.totalCount).toBe(before.both);
    const ids = entity.relationships.nodes.map((n: { id: string }) => n.id);
    expect(ids).toEqual([...ids].sort());
    expect(entity.evidence.find((n: { id: string }) => n.id === rel.id)).toMatchObject({ retraction: { reason: REASON } });

    const one = (await post(ONE, { id: rel.id, all: true })).body.data.relationship;
    expect(one).toMatchObject({ id: rel.id, type: rel.type, retraction: { reason: REASON, seq } });
    expect(one.citations.length).toBeGreaterThan(0);
  });

  it('pages across live and retracted relationships in one id order with the same cursors', async () => {
    const PAGE = `query ($id: ID!, $after: String) { entity(id: $id) { relationships(direction: OUT, first: 1, after: $after, includeRetracted: true) { nodes { id } pageInfo { hasNextPage endCursor } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 500; i++) {
      const page: any = (await post(PAGE, { id: rel.fromId, after })).body.data.entity.relationships;
      seen.push(...page.nodes.map((n: { id: string }) => n.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toContain(rel.id);
    expect(seen.length).toBe(before.out);
    expect(seen).toEqual([...new Set(seen)].sort());
  });

  it('adds the retracted branches only when asked: the default statement never names RetractedClaim', async () => {
    const page = { direction: 'BOTH', types: null, limit: 51, after: null } as const;
    const plain = relationshipPage(new CypherBuilder(testOntology()), 'n', 'c', page);
    expect(plain).not.toContain('RetractedClaim');
    const all = relationshipPage(new CypherBuilder(testOntology()), 'n', 'c', { ...page, includeRetracted: true });
    expect(all).toContain('USING INDEX c:RetractedClaim(fromId, id)');
    expect(all).toContain('USING INDEX c:RetractedClaim(toId, id)');
    // The indexes those branches are anchored on exist.
    const [row] = await testExecutor().read(cypher('test.retractedIndexes', "SHOW INDEXES YIELD name WHERE name IN ['retracted_claim_from', 'retracted_claim_to'] RETURN count(*) AS n"));
    expect(row!.n).toBe(2);
  });
});
