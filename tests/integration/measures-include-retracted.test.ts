// Issue 18, "retract, never delete", for "which measures target X" (decision 0032): a policy reached only
// through a retracted TARGETS or ISSUED relationship leaves `measures` (rows and totalCount) by default
// and comes back with `includeRetracted: true`, whichever anchor the planner takes; its retracted link,
// with who, when and why, is in the policy's `evidence(includeRetracted: true)`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher } from '../../src/db/executor.ts';
import type { MeasureAnchor, MeasureFilter } from '../../src/cypher/measures.ts';
import { CypherBuilder } from '../../src/cypher/projection/builder.ts';
import { measuresStatement } from '../../src/cypher/measures.ts';
import { Repository } from '../../src/repository/repository.ts';
import { testApp } from '../support/app.ts';
import { closeTestExecutor, seedGraph, testExecutor, testOntology, wipeDatabase } from '../support/database.ts';
import { bearer, keysForEveryRole, type Keys } from '../support/curation.ts';

let keys: Keys;
/** A seed TARGETS relationship that is its policy's only link to that target, and an ISSUED one likewise. */
let targets: { id: string; policy: string; target: string };
let issued: { id: string; policy: string; issuer: string; modality: string };
const REASON = 'measures test: the quote names another target';

const MEASURES = `query ($t: String, $i: String, $m: [Modality!], $all: Boolean) {
  measures(targeting: $t, imposedBy: $i, modality: $m, includeNarrower: false, includeRetracted: $all, first: 300) {
    totalCount nodes { id evidence(first: 100, includeRetracted: true) { id retraction { at by reason seq } } } } }`;

const noFilter: MeasureFilter = {
  targetIds: null, promotingIds: null, issuerIds: null, statuses: null, types: null, from: null, to: null, minSources: null, modalities: null, targetSubtree: null, includeAreas: false,
};

const { post } = testApp();

async function mutate(query: string, variables: Record<string, unknown>, token: string) {
  const response = await post(query, variables, { headers: bearer(token) });
  expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
  return response.body.data;
}

async function retract(id: string) {
  const proposed = await mutate('mutation ($id: ID!, $reason: String!) { proposeRetraction(id: $id, reason: $reason) { id revision } }', { id, reason: REASON }, keys.contributor);
  const accepted = await mutate('mutation ($id: ID!, $revision: Int!) { review(id: $id, revision: $revision, decision: ACCEPT) { change { kind } } }', proposed.proposeRetraction, keys.reviewer);
  expect(accepted.review.change.kind).toBe('RETRACT');
}

async function measures(variables: Record<string, unknown>) {
  const response = await post(MEASURES, variables);
  expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
  const page = response.body.data.measures as { totalCount: number; nodes: Array<{ id: string; evidence: Array<{ id: string; retraction: any }> }> };
  expect(page.nodes.length).toBe(page.totalCount);
  return page;
}

/** Policy ids of the filter under one anchor, read through the repository (so each anchor is exercised). */
async function idsUnder(filter: MeasureFilter, anchor: MeasureAnchor): Promise<string[]> {
  const page = await new Repository(testExecutor(), testOntology()).measures({ filter, anchor, after: null, limit: 500, fields: [], withRows: true, withTotal: true });
  const ids = page.rows.map((r) => r.id);
  expect(page.total).toBe(ids.length);
  return ids;
}

beforeAll(async () => {
  await seedGraph();
  keys = await keysForEveryRole('-measures-retracted');
  // A policy's only TARGETS link to a country (no narrower expansion), and a policy's only issuing
  // link (ISSUED, PARTY_TO, HELD) whose issuer issued another policy too.
  const [t] = await testExecutor().read(
    cypher(
      'test.onlyTargetLink',
      `MATCH (c:Claim {type: 'TARGETS', origin: 'seed', fromKind: 'Policy', toKind: 'Country'}) WHERE c.curatedSeq IS NULL
         AND COUNT { MATCH (x:Claim) WHERE x.fromId = c.fromId AND x.toId = c.toId AND x.type = 'TARGETS' } = 1
       RETURN c.id AS id, c.fromId AS fromId, c.toId AS toId ORDER BY c.id LIMIT 1`,
    ),
  );
  targets = { id: String(t!.id), policy: String(t!.fromId), target: String(t!.toId) };
  const [i] = await testExecutor().read(
    cypher(
      'test.onlyIssuingLink',
      `MATCH (c:Claim {type: 'ISSUED', origin: 'seed', toKind: 'Policy'}) WHERE c.curatedSeq IS NULL AND c.toId <> $policy
         AND COUNT { MATCH (x:Claim) WHERE x.toId = c.toId AND x.type IN ['ISSUED', 'PARTY_TO', 'HELD'] } = 1
         AND COUNT { MATCH (x:Claim) WHERE x.fromId = c.fromId AND x.type = 'ISSUED' } > 1
       RETURN c.id AS id, c.fromId AS fromId, c.toId AS toId, c.modality AS modality ORDER BY c.id LIMIT 1`,
    ),
    { policy: targets.policy },
  );
  issued = { id: String(i!.id), policy: String(i!.toId), issuer: String(i!.fromId), modality: String(i!.modality).toUpperCase() };
});
afterAll(async () => {
  // Changes accepted through the API outlive a reseed: leave the next file an empty database (it seeds its own).
  await wipeDatabase();
  await closeTestExecutor();
});

describe('measures(includeRetracted:)', () => {
  let before: { targeting: number; imposedBy: number; modality: number };

  it('lists the policies through their standing links, the same with or without the flag', async () => {
    const byTarget = await measures({ t: targets.target });
    expect(byTarget.nodes.map((n) => n.id)).toContain(targets.policy);
    expect((await measures({ t: targets.target, all: true })).nodes).toEqual(byTarget.nodes);
    const byIssuer = await measures({ i: issued.issuer });
    expect(byIssuer.nodes.map((n) => n.id)).toContain(issued.policy);
    const byModality = await measures({ m: [issued.modality] });
    expect(byModality.nodes.map((n) => n.id)).toContain(issued.policy);
    before = { targeting: byTarget.totalCount, imposedBy: byIssuer.totalCount, modality: byModality.totalCount };
  });

  it('hides a policy reached only through a retracted link, and shows it on request with the link’s retraction', async () => {
    await retract(targets.id);
    await retract(issued.id);

    const hidden = await measures({ t: targets.target });
    expect(hidden.nodes.map((n) => n.id)).not.toContain(targets.policy);
    expect(hidden.totalCount).toBe(before.targeting - 1);
    const shown = await measures({ t: targets.target, all: true });
    expect(shown.totalCount).toBe(before.targeting);
    const policy = shown.nodes.find((n) => n.id === targets.policy)!;
    expect(policy.evidence.find((e) => e.id === targets.id)).toMatchObject({ retraction: { reason: REASON, by: expect.stringMatching(/^key:/) } });

    const byIssuer = await measures({ i: issued.issuer });
    expect(byIssuer.nodes.map((n) => n.id)).not.toContain(issued.policy);
    expect(byIssuer.totalCount).toBe(before.imposedBy - 1);
    const byIssuerAll = await measures({ i: issued.issuer, all: true });
    expect(byIssuerAll.nodes.map((n) => n.id)).toContain(issued.policy);
    expect(byIssuerAll.totalCount).toBe(before.imposedBy);
  });

  it('a modality filter follows the retracted issuing link only on request', async () => {
    const policyHasOtherIssuing = await testExecutor().read(
      cypher('test.otherIssuing', `RETURN COUNT { MATCH (:Actor)-[r:ISSUED|PARTY_TO|HELD]->(:Policy {id: $id}) WHERE r.modality = $m } AS n`),
      { id: issued.policy, m: issued.modality.toLowerCase() },
    );
    const standing = Number(policyHasOtherIssuing[0]!.n) > 0;
    const plain = await measures({ m: [issued.modality] });
    expect(plain.nodes.map((n) => n.id).includes(issued.policy)).toBe(standing);
    expect(plain.totalCount).toBe(before.modality - (standing ? 0 : 1));
    const all = await measures({ m: [issued.modality], all: true });
    expect(all.nodes.map((n) => n.id)).toContain(issued.policy);
    expect(all.totalCount).toBe(before.modality);
  });

  it('every anchor gives the same answer with retracted links: expanding from the entity set and walking policies in date order', async () => {
    const byTarget: MeasureFilter = { ...noFilter, targetIds: [targets.target], includeRetracted: true };
    const expanded = await idsUnder(byTarget, 'targets');
    expect(expanded).toContain(targets.policy);
    expect(await idsUnder(byTarget, 'dateOrder')).toEqual(expanded);
    expect(await idsUnder({ ...byTarget, includeRetracted: false }, 'dateOrder')).not.toContain(targets.policy);

    const byIssuer: MeasureFilter = { ...noFilter, issuerIds: [issued.issuer], includeRetracted: true };
    const fromIssuer = await idsUnder(byIssuer, 'issuers');
    expect(fromIssuer).toContain(issued.policy);
    expect(await idsUnder(byIssuer, 'dateOrder')).toEqual(fromIssuer);
    // Two entity filters at once: the one not anchored is a predicate with its own retracted branch.
    const both: MeasureFilter = { ...noFilter, targetIds: [targets.target], issuerIds: null, promotingIds: null, includeRetracted: true, minSources: null };
    expect(await idsUnder(both, 'targets')).toEqual(expanded);
  });

  it('adds the retracted branches only when asked, anchored on the retracted Claims’ end indexes', () => {
    const statement = (filter: MeasureFilter, anchor: MeasureAnchor) =>
      measuresStatement(new CypherBuilder(testOntology()), { filter, anchor, after: null, limit: 51, fields: [], withRows: true, withTotal: true });
    const filter: MeasureFilter = { ...noFilter, targetIds: ['x'], issuerIds: ['y'] };
    for (const anchor of ['targets', 'issuers', 'dateOrder'] as const) expect(statement(filter, anchor)).not.toContain('RetractedClaim');
    expect(statement({ ...filter, includeRetracted: true }, 'targets')).toMatch(/USING INDEX rc\d+:RetractedClaim\(toId, id\)/);
    expect(statement({ ...filter, includeRetracted: true }, 'issuers')).toMatch(/USING INDEX rc\d+:RetractedClaim\(fromId, id\)/);
  });
});
