// Issue 18, merging two entities: `proposeMerge` goes through the same gate as every proposal (checked
// when proposed, a preview, no self-review, CONFLICT on a stale revision or a moved set of relationships,
// one transaction). After acceptance the kept entity holds the moved relationships (a shared neighbour
// becomes a citation merge), the dropped id answers the kept entity with `redirectedFrom`, search finds
// the kept entity by the dropped name, counts equal a recount, and both histories show the one change.
// A crash between the acceptance's statements leaves the whole graph as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher } from '../../src/db/executor.ts';
import { testApp } from '../support/app.ts';
import { closeTestExecutor, graphHash, seedGraph, testExecutor, wipeDatabase } from '../support/database.ts';
import { bearer, keysForEveryRole, writeSideCounts, type Keys } from '../support/curation.ts';

const SOURCE = 'test-wire-litho-merge';
const POLICY = 'us-export-controls-2022-10';
const POLICY_2 = 'us-netherlands-japan-chipmaking-equipment-deal';
const KEEP = 'test-merge-euv-scanners';
const DROP = 'test-merge-litho-machines';
const Q_KEEP = 'The United States imposed export controls on test EUV scanners sold to China on Friday.';
const Q_SHARED = 'The United States imposed export controls on test lithography machines sold to China on Friday.';
const Q_MOVED = 'The deal restricts sales of test lithography machines to China.';
const TEXT = ['Scanner curbs', '', `WASHINGTON (Test Wire) - ${Q_KEEP} ${Q_SHARED}`, '', Q_MOVED].join('\n');
const SHARED = `${POLICY}.TARGETS.${KEEP}`;
const DROP_SHARED = `${POLICY}.TARGETS.${DROP}`;
const DROP_MOVED = `${POLICY_2}.TARGETS.${DROP}`;
const MOVED = `${POLICY_2}.TARGETS.${KEEP}`;

const PROPOSE_MERGE = `mutation ($keep: ID!, $drop: ID!, $reason: String!) { proposeMerge(keep: $keep, drop: $drop, reason: $reason) { id revision kind targetId status } }`;
const REVIEW = `mutation ($id: ID!, $revision: Int!) { review(id: $id, revision: $revision, decision: ACCEPT) { proposal { status revision } change { seq kind itemId version before after } } }`;
const PREVIEW = `query ($id: ID!) { proposal(id: $id) { preview { problem affects merge { keep drop aliasesGained moves { relationshipId becomes citationMerge } } } } }`;
const ENTITY = `query ($id: ID!) { entity(id: $id) { id name aliases redirectedFrom { id kind name mergedInto reason seq } relationships(first: 100) { totalCount nodes { id citations { quote source { id } } } } } }`;

const { post } = testApp();
let keys: Keys;

async function accept(query: string, variables: Record<string, unknown>): Promise<void> {
  const proposed = await post(query, variables, { headers: bearer(keys.contributor) });
  expect(proposed.body.errors).toBeUndefined();
  const proposal = Object.values(proposed.body.data)[0] as { id: string; revision: number };
  const accepted = await post(REVIEW, proposal, { headers: bearer(keys.reviewer) });
  expect(accepted.body.errors).toBeUndefined();
}

const technology = (id: string, name: string, aliases: string[]) => ({ kind: 'TECHNOLOGY', id, name, aliases, properties: [{ name: 'type', value: 'product' }] });
const targets = (from: string, to: string, quote: string) => ({ type: 'TARGETS', from, to, citations: [{ sourceId: SOURCE, quote }] });
const PROPOSE_ENTITY = `mutation ($input: EntityProposalInput!) { proposeEntity(input: $input) { id revision } }`;
const PROPOSE_REL = `mutation ($input: RelationshipProposalInput!) { proposeRelationship(input: $input) { id revision } }`;

/** What the graph holds, counted from the nodes themselves (not GraphState's kept figures). */
async function recount() {
  const [row] = await testExecutor().read(
    cypher('test.mergeRecount', 'RETURN COUNT { (:Entity) } AS entities, COUNT { (:Claim) } AS relationships, COUNT { (:Claim)-[:CITES]->() } AS citations, COUNT { (:Source) } AS sources'),
  );
  return row;
}

beforeAll(async () => {
  await seedGraph();
  keys = await keysForEveryRole('-merges');
  const registered = await post('mutation ($input: SourceInput!) { registerSource(input: $input) { id } }', {
    input: { id: SOURCE, type: 'news_report', title: 'Scanner curbs', publisher: 'Test Wire', urlNote: 'test text', published: { on: '2022-10-08' }, text: TEXT },
  }, { headers: bearer(keys.contributor) });
  expect(registered.body.errors).toBeUndefined();
  await accept(PROPOSE_ENTITY, { input: technology(KEEP, 'Test EUV scanners', ['TES']) });
  await accept(PROPOSE_ENTITY, { input: technology(DROP, 'Test lithography machines', ['TLM']) });
  await accept(PROPOSE_REL, { input: targets(POLICY, KEEP, Q_KEEP) });
  await accept(PROPOSE_REL, { input: targets(POLICY, DROP, Q_SHARED) });
  await accept(PROPOSE_REL, { input: targets(POLICY_2, DROP, Q_MOVED) });
}, 120_000);

afterAll(async () => {
  // Changes accepted through the API outlive a reseed: leave the next file an empty database.
  await wipeDatabase();
  await closeTestExecutor();
});

describe('proposeMerge', () => {
  let proposal: { id: string; revision: number };
  let statsBefore: { entities: number; relationships: number; citations: number; sources: number };
  let mergeSeq = 0;

  it('refuses a bad merge naming the field and value, and writes nothing', async () => {
    const before = await writeSideCounts();
    const cases: Array<[Record<string, string>, string, RegExp]> = [
      [{ keep: KEEP, drop: KEEP }, 'drop', /same entity/],
      [{ keep: KEEP, drop: 'test-no-such-entity' }, 'drop', /not the id of an entity/],
      [{ keep: 'test-no-such-entity', drop: DROP }, 'keep', /not the id of an entity/],
      [{ keep: KEEP, drop: 'china' }, 'drop', /is a Country, and 'test-merge-euv-scanners' is a Technology/],
      // Actors name China by their `country` property, which a merge would leave dangling.
      [{ keep: 'japan', drop: 'china' }, 'drop', /reference properties of other entities/],
      [{ keep: KEEP, drop: 'x'.repeat(5_000) }, 'drop', /characters/],
      // Hostile input: control characters, an injection string, a huge reason.
      [{ keep: KEEP, drop: 'bad\u0000id' }, 'drop', /control character/],
      [{ keep: KEEP, drop: "x'}) DETACH DELETE n //" }, 'drop', /not the id of an entity/],
    ];
    for (const [args, field, message] of cases) {
      const refused = await post(PROPOSE_MERGE, { ...args, reason: 'duplicates' }, { headers: bearer(keys.contributor) });
      expect(refused.status, JSON.stringify(args).slice(0, 80)).toBe(400);
      expect(refused.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(refused.body.errors[0].message).toMatch(message);
    }
    const huge = await post(PROPOSE_MERGE, { keep: KEEP, drop: DROP, reason: 'r'.repeat(50_000) }, { headers: bearer(keys.contributor) });
    expect(huge.status).toBe(400);
    expect(huge.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const anonymous = await post(PROPOSE_MERGE, { keep: KEEP, drop: DROP, reason: 'duplicates' });
    expect(anonymous.status).toBe(401);
    const reader = await post(PROPOSE_MERGE, { keep: KEEP, drop: DROP, reason: 'duplicates' }, { headers: bearer(keys.reader) });
    expect(reader.status).toBe(403);
    expect(await writeSideCounts()).toEqual(before);
  });

  it('previews the moves, the citation merge and the names gained, writing nothing', async () => {
    const proposed = await post(PROPOSE_MERGE, { keep: KEEP, drop: DROP, reason: 'One product under two names' }, { headers: bearer(keys.contributor) });
    expect(proposed.body.errors).toBeUndefined();
    proposal = proposed.body.data.proposeMerge;
    expect(proposal).toMatchObject({ kind: 'MERGE', targetId: KEEP, status: 'PENDING', revision: 1 });
    const hash = (await graphHash()).hash;
    const preview = (await post(PREVIEW, { id: proposal.id }, { headers: bearer(keys.reviewer) })).body.data.proposal.preview;
    expect(preview.problem).toBeNull();
    expect(preview.merge).toEqual({
      keep: KEEP,
      drop: DROP,
      aliasesGained: ['Test lithography machines', 'TLM'],
      moves: [
        { relationshipId: DROP_SHARED, becomes: SHARED, citationMerge: true },
        { relationshipId: DROP_MOVED, becomes: MOVED, citationMerge: false },
      ],
    });
    expect(preview.affects.join('\n')).toContain(`entity("${KEEP}") gains 1 relationship(s)`);
    expect((await graphHash()).hash).toBe(hash);
    // Nothing visible before acceptance: the dropped id is still its own entity.
    expect((await post(ENTITY, { id: DROP })).body.data.entity).toMatchObject({ id: DROP, redirectedFrom: null });
  });

  it('lets nobody accept their own merge, and refuses a stale revision with CONFLICT', async () => {
    const own = await post(PROPOSE_MERGE, { keep: KEEP, drop: DROP, reason: 'mine' }, { headers: bearer(keys.reviewer) });
    const self = await post(REVIEW, own.body.data.proposeMerge, { headers: bearer(keys.reviewer) });
    expect(self.status).toBe(403);
    expect(self.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const stale = await post(REVIEW, { id: proposal.id, revision: 5 }, { headers: bearer(keys.reviewer) });
    expect(stale.status).toBe(409);
    expect(stale.body.errors[0].extensions).toMatchObject({ code: 'CONFLICT', currentRevision: 1 });
  });

  it('applies nothing when the acceptance fails between its statements', async () => {
    for (const failAt of ['curation.upsertRelationship', 'curation.retractClaim', 'curation.setMergedNames', 'curation.retireMerged.Technology', 'curation.recordAcceptance']) {
      const before = await graphHash();
      const crashing = testApp({
        curation: {
          beforeStatement: (name) => {
            if (name === failAt) throw new Error(`injected crash before ${name}`);
          },
        },
      });
      const crashed = await crashing.post(REVIEW, proposal, { headers: bearer(keys.reviewer) });
      expect(crashed.body.errors?.[0]?.extensions?.code, failAt).toBe('INTERNAL_SERVER_ERROR');
      expect((await graphHash()).hash, failAt).toBe(before.hash);
    }
  });

  it('accepts it in one transaction: relationships moved, citations joined, names gained, drop redirects', async () => {
    statsBefore = (await post('{ stats { entities relationships citations sources } }')).body.data.stats;
    const accepted = await post(REVIEW, proposal, { headers: bearer(keys.reviewer) });
    expect(accepted.body.errors).toBeUndefined();
    const { change } = accepted.body.data.review;
    expect(change).toMatchObject({ kind: 'MERGE', itemId: KEEP });
    mergeSeq = change.seq;
    expect(accepted.headers.get('chokepoint-graph-version')).toBe(change.version);

    const keep = (await post(ENTITY, { id: KEEP })).body.data.entity;
    expect(keep.aliases).toEqual(['TES', 'Test lithography machines', 'TLM']);
    expect(keep.redirectedFrom).toBeNull();
    expect(keep.relationships.nodes.map((n: { id: string }) => n.id).sort()).toEqual([SHARED, MOVED].sort());
    const shared = keep.relationships.nodes.find((n: { id: string }) => n.id === SHARED);
    expect(shared.citations.map((c: { quote: string }) => c.quote)).toEqual([Q_KEEP, Q_SHARED]);
    const moved = keep.relationships.nodes.find((n: { id: string }) => n.id === MOVED);
    expect(moved.citations).toEqual([{ quote: Q_MOVED, source: { id: SOURCE } }]);

    // The old id still resolves, to the kept entity, saying so.
    const redirected = (await post(ENTITY, { id: DROP })).body.data.entity;
    expect(redirected).toMatchObject({ id: KEEP, redirectedFrom: { id: DROP, kind: 'TECHNOLOGY', name: 'Test lithography machines', mergedInto: KEEP, reason: 'One product under two names', seq: change.seq } });

    // Search finds the kept entity by the dropped name; the dropped entity is in no search or list.
    const search = (await post('query ($t: String!) { search(text: $t) { entity { id } exact } }', { t: 'test lithography machines' })).body.data.search;
    expect(search[0]).toEqual({ entity: { id: KEEP }, exact: true });
    expect(search.map((h: { entity: { id: string } }) => h.entity.id)).not.toContain(DROP);
    const measures = await post('query ($t: String!) { measures(targeting: $t) { nodes { id } } }', { t: 'TLM' });
    expect(measures.body.errors).toBeUndefined();
    expect(measures.body.data.measures.nodes.map((n: { id: string }) => n.id).sort()).toEqual([POLICY, POLICY_2].sort());

    // The dropped relationships are retracted with the reason, seen only on request.
    const old = await post('query ($id: ID!) { relationship(id: $id, includeRetracted: true) { id retraction { reason seq } } }', { id: DROP_MOVED });
    expect(old.body.data.relationship.retraction).toEqual({ reason: `merged into ${KEEP}`, seq: change.seq });
    expect((await post('query ($id: ID!) { relationship(id: $id) { id } }', { id: DROP_MOVED })).body.data.relationship).toBeNull();

    // Counts: one entity and one relationship fewer (two became one), the same citations; equal to a recount.
    const stats = (await post('{ stats { entities relationships citations sources } }')).body.data.stats;
    expect(stats).toMatchObject({ entities: statsBefore.entities - 1, relationships: statsBefore.relationships - 1, citations: statsBefore.citations });
    expect(stats).toEqual(await recount());

    // One change in the feed; the history of both ids shows it.
    const feed = (await post('query ($since: Int!) { changes(since: $since) { changes { seq kind } } }', { since: change.seq - 1 })).body.data.changes.changes;
    expect(feed).toEqual([{ seq: change.seq, kind: 'MERGE' }]);
    for (const id of [KEEP, DROP]) {
      const history = (await post('query ($id: ID!) { history(id: $id) { seq kind } }', { id })).body.data.history;
      expect(history.at(-1), id).toEqual({ seq: change.seq, kind: 'MERGE' });
    }
  });

  it('refuses merging an id that was merged already, and reusing the merged id', async () => {
    const again = await post(PROPOSE_MERGE, { keep: KEEP, drop: DROP, reason: 'again' }, { headers: bearer(keys.contributor) });
    expect(again.status).toBe(400);
    expect(again.body.errors[0].extensions).toMatchObject({ field: 'drop', value: DROP });
    expect(again.body.errors[0].message).toContain(`was merged into '${KEEP}' already`);
    // The merged id is not free for a new entity either.
    const reuse = await post(PROPOSE_ENTITY, { input: technology(DROP, 'Test other machines', []) }, { headers: bearer(keys.contributor) });
    expect(reuse.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });

  it('reverts the merge by a new reviewed change: drop is itself again, its relationships and keep\'s names are back', async () => {
    const proposed = await post('mutation ($seq: Int!) { proposeRevert(seq: $seq, reason: "they are two products") { id revision kind } }', { seq: mergeSeq }, { headers: bearer(keys.contributor) });
    expect(proposed.body.errors).toBeUndefined();
    const revert = proposed.body.data.proposeRevert;
    const preview = (await post('query ($id: ID!) { proposal(id: $id) { preview { problem affects } } }', { id: revert.id }, { headers: bearer(keys.reviewer) })).body.data.proposal.preview;
    expect(preview.problem).toBeNull();
    expect(preview.affects.join('\n')).toContain(`entity("${DROP}") answers itself again`);
    const accepted = await post(REVIEW, revert, { headers: bearer(keys.reviewer) });
    expect(accepted.body.errors).toBeUndefined();
    const { change } = accepted.body.data.review;
    expect(change).toMatchObject({ kind: 'REVERT_MERGE', itemId: KEEP });

    const drop = (await post(ENTITY, { id: DROP })).body.data.entity;
    expect(drop).toMatchObject({ id: DROP, aliases: ['TLM'], redirectedFrom: null });
    expect(drop.relationships.nodes.map((n: { id: string }) => n.id).sort()).toEqual([DROP_SHARED, DROP_MOVED].sort());
    const keep = (await post(ENTITY, { id: KEEP })).body.data.entity;
    expect(keep.aliases).toEqual(['TES']);
    expect(keep.relationships.nodes).toEqual([{ id: SHARED, citations: [{ quote: Q_KEEP, source: { id: SOURCE } }] }]);
    const search = (await post('query ($t: String!) { search(text: $t) { entity { id } exact } }', { t: 'test lithography machines' })).body.data.search;
    expect(search[0]).toEqual({ entity: { id: DROP }, exact: true });
    const stats = (await post('{ stats { entities relationships citations sources } }')).body.data.stats;
    expect(stats).toEqual(statsBefore);
    expect(stats).toEqual(await recount());
    for (const id of [KEEP, DROP]) {
      const history = (await post('query ($id: ID!) { history(id: $id) { seq kind } }', { id })).body.data.history;
      expect(history.slice(-2), id).toEqual([{ seq: mergeSeq, kind: 'MERGE' }, { seq: change.seq, kind: 'REVERT_MERGE' }]);
    }
    // Reverting it twice: the merge's items moved (drop is no longer merged), so the second is a CONFLICT.
    const twice = (await post('mutation ($seq: Int!) { proposeRevert(seq: $seq, reason: "again") { id revision } }', { seq: mergeSeq }, { headers: bearer(keys.contributor) })).body.data.proposeRevert;
    const hash = (await graphHash()).hash;
    const late = await post(REVIEW, twice, { headers: bearer(keys.reviewer) });
    expect(late.status).toBe(409);
    expect(late.body.errors[0].extensions.code).toBe('CONFLICT');
    expect((await graphHash()).hash).toBe(hash);
  });
});

describe('a merge whose dropped entity changed after it was proposed', () => {
  it('is a CONFLICT at acceptance, naming the relationship that appeared', async () => {
    const a = 'test-merge-conflict-a';
    const b = 'test-merge-conflict-b';
    await accept(PROPOSE_ENTITY, { input: technology(a, 'Test conflict scanners', []) });
    await accept(PROPOSE_ENTITY, { input: technology(b, 'Test conflict machines', []) });
    const proposed = (await post(PROPOSE_MERGE, { keep: a, drop: b, reason: 'same' }, { headers: bearer(keys.contributor) })).body.data.proposeMerge;
    // After the proposal, b gains a relationship the merge's author never saw.
    await accept(PROPOSE_REL, { input: { ...targets(POLICY, b, Q_SHARED) } });
    const hash = (await graphHash()).hash;
    const late = await post(REVIEW, proposed, { headers: bearer(keys.reviewer) });
    expect(late.status).toBe(409);
    expect(late.body.errors[0].extensions).toMatchObject({ code: 'CONFLICT', currentRevision: 1 });
    expect(late.body.errors[0].message).toContain(`new: ${POLICY}.TARGETS.${b}`);
    expect((await graphHash()).hash).toBe(hash);
  });
});

describe('reverting a merge after the kept entity was renamed', () => {
  it('keeps the new name findable: the name keys are rebuilt from the current name, not the one before the merge', async () => {
    const a = 'test-merge-rename-a';
    const b = 'test-merge-rename-b';
    await accept(PROPOSE_ENTITY, { input: technology(a, 'Test rename scanners', ['TRS']) });
    await accept(PROPOSE_ENTITY, { input: technology(b, 'Test rename machines', []) });
    const proposed = (await post(PROPOSE_MERGE, { keep: a, drop: b, reason: 'same' }, { headers: bearer(keys.contributor) })).body.data.proposeMerge;
    const merged = await post(REVIEW, proposed, { headers: bearer(keys.reviewer) });
    expect(merged.body.errors).toBeUndefined();
    const mergeSeq = merged.body.data.review.change.seq;
    await accept('mutation ($id: ID!, $edit: EntityEditInput!) { proposeEntityEdit(entityId: $id, edit: $edit) { id revision } }', { id: a, edit: { name: 'Test renamed wafer scanners' } });
    const revert = (await post('mutation ($seq: Int!) { proposeRevert(seq: $seq, reason: "two products") { id revision } }', { seq: mergeSeq }, { headers: bearer(keys.contributor) })).body.data.proposeRevert;
    // A crash between the revert's statements leaves everything as it was.
    for (const failAt of ['curation.restoreMerged.Technology', 'curation.restoreNames', 'curation.recordAcceptance']) {
      const before = await graphHash();
      const crashing = testApp({ curation: { beforeStatement: (name) => { if (name === failAt) throw new Error(`injected crash before ${name}`); } } });
      const crashed = await crashing.post(REVIEW, revert, { headers: bearer(keys.reviewer) });
      expect(crashed.body.errors?.[0]?.extensions?.code, failAt).toBe('INTERNAL_SERVER_ERROR');
      expect((await graphHash()).hash, failAt).toBe(before.hash);
    }
    const reverted = await post(REVIEW, revert, { headers: bearer(keys.reviewer) });
    expect(reverted.body.errors).toBeUndefined();
    expect(reverted.body.data.review.change).toMatchObject({ kind: 'REVERT_MERGE', itemId: a });

    const entity = (await post(ENTITY, { id: a })).body.data.entity;
    expect(entity).toMatchObject({ name: 'Test renamed wafer scanners', aliases: ['TRS'] });
    const exactHit = async (text: string) =>
      (await post('query ($t: String!) { search(text: $t) { entity { id } exact } }', { t: text })).body.data.search.find((h: { entity: { id: string } }) => h.entity.id === a)?.exact ?? false;
    expect(await exactHit('Test renamed wafer scanners')).toBe(true);
    expect(await exactHit('Test rename scanners')).toBe(false);
    // Name arguments resolve by the same keys.
    const timeline = await post('query ($t: ID!) { timeline(entity: $t) { totalCount } }', { t: 'Test renamed wafer scanners' });
    expect(timeline.body.errors).toBeUndefined();
  });
});

describe('a merge of two seed entities, then a reseed before any export', () => {
  // The seed's files still hold `drop` and its relationships; the reviewed merge must outlive the reload.
  const keep = 'advanced-materials';
  const drop = 'seed-sources';
  const entityNodes = cypher('test.mergeReseedNodes', 'MATCH (n {id: $id}) WHERE n:Entity OR n:MergedEntity RETURN labels(n) AS labels, n.mergedInto AS mergedInto');
  const liveClaimsOf = cypher('test.mergeReseedClaims', 'MATCH (c:Claim) WHERE c.fromId = $id OR c.toId = $id RETURN c.id AS id ORDER BY id');

  it('leaves drop merged: not an entity again, its seed relationships still retracted, entity(drop) still answers keep', async () => {
    const dropClaims = (await testExecutor().read(liveClaimsOf, { id: drop })).map((r) => String(r.id));
    expect(dropClaims.length).toBeGreaterThan(0);
    await accept(PROPOSE_MERGE, { keep, drop, reason: 'reseed test: one material' });
    const mergedStats = (await post('{ stats { entities relationships citations sources } }')).body.data.stats;
    const keepAliases = (await post(ENTITY, { id: keep })).body.data.entity.aliases;

    await seedGraph();

    expect(await testExecutor().read(entityNodes, { id: drop })).toEqual([{ labels: ['MergedEntity'], mergedInto: keep }]);
    expect(await testExecutor().read(liveClaimsOf, { id: drop })).toEqual([]);
    const redirected = (await post(ENTITY, { id: drop })).body.data.entity;
    expect(redirected).toMatchObject({ id: keep, aliases: keepAliases, redirectedFrom: { id: drop, mergedInto: keep } });
    const search = (await post('query ($t: String!) { search(text: $t) { entity { id } } }', { t: 'Seed sources' })).body.data.search;
    expect(search.map((h: { entity: { id: string } }) => h.entity.id)).not.toContain(drop);
    const stats = (await post('{ stats { entities relationships citations sources } }')).body.data.stats;
    expect(stats).toEqual(mergedStats);
    expect(stats).toEqual(await recount());
  });
});
