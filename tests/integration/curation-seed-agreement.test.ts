// Issue 18, "the seed and the API agree": after changes accepted through the API, a reseed keeps them
// (already tested in curation-proposals), does not reset the graph's version or counts to the seed's
// (the version goes on from the last change's; the counts are the graph's own), and reports each seed
// relationship retracted or edited through the API, with what differs, instead of overwriting it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher } from '../../src/db/executor.ts';
import { describeDivergence } from '../../src/seed/api-divergence.ts';
import { testApp } from '../support/app.ts';
import { closeTestExecutor, seedGraph, testExecutor, wipeDatabase } from '../support/database.ts';
import { bearer, keysForEveryRole, type Keys } from '../support/curation.ts';

const REVIEW = `mutation ($id: ID!, $revision: Int!) { review(id: $id, revision: $revision, decision: ACCEPT) { change { seq version } } }`;

let keys: Keys;
let seedVersion = '';
const ids = { retracted: '', edited: '' };

const graphState = async () =>
  (
    await testExecutor().read(
      cypher(
        'test.agreementState',
        `MATCH (g:GraphState {id: 'graph'})
         RETURN g.version AS version, g.seedVersion AS seedVersion, g.entities AS entities, g.relationships AS relationships, g.citations AS citations,
                COUNT { (:Entity) } AS graphEntities, COUNT { (:Claim) } AS graphRelationships, COUNT { (:Claim)-[:CITES]->() } AS graphCitations`,
      ),
    )
  )[0]!;

beforeAll(async () => {
  const loaded = await seedGraph();
  seedVersion = loaded.version;
  keys = await keysForEveryRole('-agreement');
  // Live seed TARGETS relationships no other test file changes (they take the first ones in id order, or the last policy claim).
  const rows = await testExecutor().read(
    cypher('test.agreementPick', "MATCH (c:Claim {type: 'TARGETS', origin: 'seed'}) WHERE c.curatedSeq IS NULL RETURN c.id AS id ORDER BY c.id SKIP 5 LIMIT 2"),
  );
  ids.retracted = String(rows[0]!.id);
  ids.edited = String(rows[1]!.id);
});
afterAll(async () => {
  // Changes accepted through the API outlive a reseed: leave the next file an empty database (it seeds its own).
  await wipeDatabase();
  await closeTestExecutor();
});

describe('a reseed after changes accepted through the API', () => {
  const { post } = testApp();
  let versionAfterChanges = '';

  it('accepts a retraction and an edit of two seed relationships', async () => {
    const retraction = await post('mutation ($id: ID!) { proposeRetraction(id: $id, reason: "agreement test: not in the quote") { id revision } }', { id: ids.retracted }, { headers: bearer(keys.contributor) });
    expect((await post(REVIEW, retraction.body.data.proposeRetraction, { headers: bearer(keys.reviewer) })).status).toBe(200);
    const edit = await post('mutation ($id: ID!) { proposeEdit(relationshipId: $id, edit: { qualifiers: [{ name: "scope", value: "agreement test scope" }] }) { id revision } }', { id: ids.edited }, { headers: bearer(keys.contributor) });
    expect(edit.body.errors).toBeUndefined();
    const accepted = await post(REVIEW, edit.body.data.proposeEdit, { headers: bearer(keys.reviewer) });
    versionAfterChanges = accepted.body.data.review.change.version;
    expect((await graphState()).version).toBe(versionAfterChanges);
  });

  it('advances the version instead of resetting it to the seed’s, and counts what the graph holds', async () => {
    const result = await seedGraph();
    expect(result.unchanged).toBe(false);
    const state = await graphState();
    expect(state.seedVersion).toBe(result.version);
    expect(state.version).toBe(result.graphVersion);
    expect(state.version).not.toBe(result.version);
    expect(state.version).not.toBe(versionAfterChanges);
    expect(result.version).toBe(seedVersion);
    // The counts are the graph's (the retracted seed relationship is not counted; API-made items are).
    expect(state.relationships).toBe(state.graphRelationships);
    expect(state.entities).toBe(state.graphEntities);
    expect(state.citations).toBe(state.graphCitations);
    // The load's own count is the seed's rows; the graph leaves out the seed relationships retracted
    // through the API and adds the ones the API made (other test files' too: the database is shared).
    const [made] = await testExecutor().read(
      cypher('test.agreementMade', "RETURN COUNT { (c:RetractedClaim) WHERE c.origin = 'seed' } AS seedRetracted, COUNT { (c:Claim) WHERE c.origin = 'api' } AS apiLive"),
    );
    expect(made!.seedRetracted).toBeGreaterThan(0);
    expect(state.relationships).toBe(result.relationships - Number(made!.seedRetracted) + Number(made!.apiLive));
    const stats = (await post('{ stats { relationships entities } }')).body.data.stats;
    expect(stats).toEqual({ relationships: state.graphRelationships, entities: state.graphEntities });
  });

  it('reports each seed relationship retracted or edited through the API, with what differs', async () => {
    const result = await seedGraph();
    const byId = new Map(result.divergence.map((d) => [d.id, d]));
    expect(byId.get(ids.retracted)).toMatchObject({ kind: 'retracted', seq: expect.any(Number), reason: expect.stringContaining('agreement test: not in the quote') });
    expect(byId.get(ids.edited)).toMatchObject({ kind: 'edited', seq: expect.any(Number) });
    expect(byId.get(ids.edited)!.differs).toEqual([expect.stringMatching(/^scope: seed .*, graph "agreement test scope"$/)]);
    const lines = describeDivergence(result.divergence).join('\n');
    expect(lines).toContain(`${ids.retracted}: retracted (change `);
    expect(lines).toContain(`${ids.edited}: edited (change `);
    // The edit was not overwritten.
    const [edited] = await testExecutor().read(cypher('test.agreementEdited', 'MATCH (c:Claim {id: $id}) RETURN c.scope AS scope'), { id: ids.edited });
    expect(edited!.scope).toBe('agreement test scope');
  });

  it('skips an unchanged seed on start-up without touching the version', async () => {
    const before = await graphState();
    const result = await seedGraph({ force: false });
    expect(result.unchanged).toBe(true);
    expect(result.divergence).toEqual([]);
    expect((await graphState()).version).toBe(before.version);
  });
});
