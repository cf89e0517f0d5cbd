// Issue 18, editing an existing entity: aliases, description and properties through the review gate.
// A pending edit changes no read; a bad value is refused naming the field and the value; a reviewer
// sees each field before and after, never reviews their own edit, and gets a CONFLICT when the proposal
// or the entity moved; acceptance changes the entity, its name keys and full-text entries in one
// change that history and the feed show; a reviewed revert gives the entity back exactly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher } from '../../src/db/executor.ts';
import { testApp } from '../support/app.ts';
import { closeTestExecutor, seedGraph, testExecutor, wipeDatabase } from '../support/database.ts';
import { bearer, keysForEveryRole, writeSideCounts, type Keys } from '../support/curation.ts';
import { crashBeforeEachStatement } from '../support/crash-injection.ts';

// A seed actor: aliases [Dutch government, Netherlands government], type government, country netherlands.
const ID = 'netherlands-government';
const NEW_ALIAS = 'Test Hague cabinet';
const REMOVED_ALIAS = 'Dutch government';

const PROPOSE = `mutation ($id: ID!, $edit: EntityEditInput!, $reason: String) {
  proposeEntityEdit(entityId: $id, edit: $edit, reason: $reason) { id status revision kind targetId }
}`;
const REVIEW = `mutation ($id: ID!, $revision: Int!) { review(id: $id, revision: $revision, decision: ACCEPT) { proposal { status } change { seq kind itemId version before after } } }`;
const ENTITY = `query ($id: ID!) { entity(id: $id) { id name aliases description ... on Actor { type country { id } } } }`;
const SEARCH = `query ($t: String!) { search(text: $t) { entity { id } exact } }`;
const PREVIEW = `query ($id: ID!) { proposal(id: $id) { kind preview { problem affects entityEdit { entityId kind fields { field before after } } } } }`;

const storedProps = async (id: string) => {
  const [row] = await testExecutor().read(cypher('test.entityProps', 'MATCH (n:Entity {id: $id}) RETURN properties(n) AS props'), { id });
  return row!.props as Record<string, unknown>;
};
const withoutMark = ({ curatedSeq: _seq, ...rest }: Record<string, unknown>) => rest;
const exactHit = (hits: Array<{ entity: { id: string }; exact: boolean }>, id: string) => hits.some((h) => h.entity.id === id && h.exact);

let keys: Keys;
beforeAll(async () => {
  await seedGraph();
  keys = await keysForEveryRole('-entity-edits');
});
afterAll(async () => {
  // Changes accepted through the API outlive a reseed: leave the next file an empty database.
  await wipeDatabase();
  await closeTestExecutor();
});

describe('proposeEntityEdit', () => {
  const { post } = testApp();
  let original: Record<string, unknown>;
  let proposal: { id: string; revision: number };
  let editSeq = 0;
  let ownEdit: { id: string; revision: number };

  it('keeps a proposed edit out of every read, and previews each field before and after', async () => {
    original = await storedProps(ID);
    expect(exactHit((await post(SEARCH, { t: REMOVED_ALIAS })).body.data.search, ID)).toBe(true);
    const proposed = await post(
      PROPOSE,
      { id: ID, edit: { aliases: ['Netherlands government', NEW_ALIAS], description: 'The Dutch executive (test edit).' }, reason: 'test: a better alias' },
      { headers: bearer(keys.contributor) },
    );
    expect(proposed.body.errors).toBeUndefined();
    proposal = proposed.body.data.proposeEntityEdit;
    expect(proposal).toMatchObject({ status: 'PENDING', revision: 1, kind: 'ENTITY_EDIT', targetId: ID });

    expect((await post(ENTITY, { id: ID })).body.data.entity).toMatchObject({ aliases: [REMOVED_ALIAS, 'Netherlands government'], description: null });
    expect(exactHit((await post(SEARCH, { t: NEW_ALIAS })).body.data.search, ID)).toBe(false);
    expect(await storedProps(ID)).toEqual(original);

    const preview = (await post(PREVIEW, { id: proposal.id }, { headers: bearer(keys.reviewer) })).body.data.proposal.preview;
    expect(preview.problem).toBeNull();
    expect(preview.entityEdit).toEqual({
      entityId: ID,
      kind: 'ACTOR',
      fields: [
        { field: 'aliases', before: JSON.stringify([REMOVED_ALIAS, 'Netherlands government']), after: JSON.stringify(['Netherlands government', NEW_ALIAS]) },
        { field: 'description', before: null, after: JSON.stringify('The Dutch executive (test edit).') },
      ],
    });
    expect(preview.affects.join('\n')).toContain('by its new names');
  });

  it('refuses a review by the author, and a review of a revision that moved (CONFLICT with the current one)', async () => {
    const own = await post(PROPOSE, { id: ID, edit: { description: 'Proposed by a reviewer.' } }, { headers: bearer(keys.reviewer) });
    const mine = own.body.data.proposeEntityEdit;
    const self = await post(REVIEW, mine, { headers: bearer(keys.reviewer) });
    expect(self.status).toBe(403);
    expect(self.body.errors[0].extensions.code).toBe('FORBIDDEN');

    const stale = await post(REVIEW, { id: proposal.id, revision: proposal.revision + 1 }, { headers: bearer(keys.reviewer) });
    expect(stale.status).toBe(409);
    expect(stale.body.errors[0].extensions).toMatchObject({ code: 'CONFLICT', currentRevision: proposal.revision });
    expect(await storedProps(ID)).toEqual(original);
    // The reviewer's own proposal is left to be decided later: it becomes a CONFLICT once the entity moves.
    ownEdit = mine;
  });

  it('accepts it in one change: the entity, its name keys and full-text entries, history and the feed', async () => {
    const before = (await post('{ changes(since: 0, first: 500) { lastSeq } }', {}, { headers: bearer(keys.reader) })).body.data.changes.lastSeq;
    const accepted = await post(REVIEW, proposal, { headers: bearer(keys.reviewer) });
    expect(accepted.body.errors).toBeUndefined();
    const change = accepted.body.data.review.change;
    expect(change).toMatchObject({ kind: 'EDIT_ENTITY', itemId: ID });
    expect(accepted.headers.get('chokepoint-graph-version')).toBe(change.version);
    editSeq = change.seq;
    expect(JSON.parse(change.before).entity.data.aliases).toEqual([REMOVED_ALIAS, 'Netherlands government']);
    expect(JSON.parse(change.after).entity.data).toMatchObject({ aliases: ['Netherlands government', NEW_ALIAS], description: 'The Dutch executive (test edit).' });

    expect((await post(ENTITY, { id: ID })).body.data.entity).toMatchObject({
      name: 'Government of the Netherlands',
      aliases: ['Netherlands government', NEW_ALIAS],
      description: 'The Dutch executive (test edit).',
      type: 'GOVERNMENT',
      country: { id: 'netherlands' },
    });
    const found = (await post(SEARCH, { t: 'test hague cabinet' })).body.data.search;
    expect(found[0]).toEqual({ entity: { id: ID }, exact: true });
    expect(exactHit((await post(SEARCH, { t: REMOVED_ALIAS })).body.data.search, ID)).toBe(false);
    const props = await storedProps(ID);
    expect(props.aliasText).toBe(`Netherlands government | ${NEW_ALIAS}`);
    expect(props.nameKeys).toEqual(['government of the netherlands', 'netherlands government', 'test hague cabinet']);
    expect(props.curatedSeq).toBe(editSeq);
    // Nothing else of the entity moved.
    const { aliases: _a, aliasText: _t, nameKeys: _k, nameKeyText: _x, description: _d, curatedSeq: _s, ...rest } = props;
    const { aliases: _oa, aliasText: _ot, nameKeys: _ok, nameKeyText: _ox, ...originalRest } = original;
    expect(rest).toEqual(originalRest);

    const history = await post('query ($id: ID!) { history(id: $id) { seq kind author reviewer } }', { id: ID });
    expect(history.body.data.history).toContainEqual({ seq: editSeq, kind: 'EDIT_ENTITY', author: expect.stringMatching(/^key:/), reviewer: expect.stringMatching(/^key:/) });
    const feed = await post('query ($since: Int!) { changes(since: $since) { changes { seq kind itemId } } }', { since: before }, { headers: bearer(keys.reader) });
    expect(feed.body.data.changes.changes).toEqual([{ seq: editSeq, kind: 'EDIT_ENTITY', itemId: ID }]);
  });

  it('makes an edit proposed on the entity as it was a CONFLICT at acceptance, naming what moved', async () => {
    const own = ownEdit;
    const preview = (await post(PREVIEW, { id: own.id }, { headers: bearer(keys.admin) })).body.data.proposal.preview;
    expect(preview.problem).toContain('changed since the edit was proposed (aliases, description)');
    const counts = await writeSideCounts();
    const late = await post(REVIEW, own, { headers: bearer(keys.admin) });
    expect(late.status).toBe(409);
    expect(late.body.errors[0].extensions).toMatchObject({ code: 'CONFLICT', changed: ['aliases', 'description'] });
    expect(await writeSideCounts()).toEqual(counts);
  });

  it('refuses bad values naming the field, the value and what is allowed, and writes nothing', async () => {
    const counts = await writeSideCounts();
    const refuse = async (edit: Record<string, unknown>, field: string, value?: unknown, id = ID) => {
      const response = await post(PROPOSE, { id, edit }, { headers: bearer(keys.contributor) });
      expect(response.status, JSON.stringify(response.body)).toBe(400);
      expect(response.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field, ...(value !== undefined ? { value } : {}) });
      return response.body.errors[0];
    };
    const badType = await refuse({ properties: [{ name: 'type', value: 'spaceship' }] }, 'properties.type', 'spaceship');
    expect(badType.message).toContain('expected one of');
    expect(badType.message).toContain('government');
    const badRef = await refuse({ properties: [{ name: 'country', value: 'atlantis' }] }, 'properties.country', 'atlantis');
    expect(badRef.message).toContain('not a known Country id');
    expect((await refuse({ properties: [{ name: 'name', value: 'Dutch cabinet' }] }, 'properties[0].name', 'name')).message).toContain("is given as 'name'");
    expect((await refuse({ properties: [{ name: 'colour', value: 'orange' }] }, 'properties[0].name', 'colour')).message).toContain('not a property of Actor');
    await refuse({ unset: ['type'] }, 'unset[0]', 'type');
    expect((await refuse({ properties: [{ name: 'announced', date: { on: '2023-01' } }] }, 'properties[0].name', 'announced', 'us-export-controls-2022-10')).message).toContain('sorts in measures and timelines');
    await refuse({ aliases: ['ok', 'bad\u0007bell'] }, 'aliases[1]');
    await refuse({ aliases: ['x'.repeat(301)] }, 'aliases[0]');
    expect((await refuse({ aliases: Array.from({ length: 51 }, (_, i) => `alias ${i}`) }, 'aliases')).message).toContain('at most 50');
    // Hostile sizes are refused before the entity is read.
    const huge = await post(PROPOSE, { id: ID, edit: { aliases: Array.from({ length: 200 }, () => 'x'.repeat(250)) } }, { headers: bearer(keys.contributor) });
    expect(huge.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'aliases' });
    expect(huge.body.extensions.dbQueries).not.toContain('curation.entityForEdit');
    const long = await post(PROPOSE, { id: ID, edit: { description: 'y'.repeat(20_000) } }, { headers: bearer(keys.contributor) });
    expect(long.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'description' });
    expect(long.body.extensions.dbQueries).not.toContain('curation.entityForEdit');
    const clash = await refuse({ aliases: ['Netherlands government', 'Government of Japan'] }, 'aliases[1]', 'Government of Japan');
    expect(clash.extensions.existingId).toBe('japan-government');
    await refuse({}, 'edit');
    await refuse({ aliases: ['Netherlands government', NEW_ALIAS] }, 'edit');
    expect(await writeSideCounts()).toEqual(counts);
  });

  it('refuses a request without a key (401) or with a reader key (403), and writes nothing', async () => {
    const counts = await writeSideCounts();
    const edit = { description: 'no' };
    const anonymous = await post(PROPOSE, { id: ID, edit });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const reader = await post(PROPOSE, { id: ID, edit }, { headers: bearer(keys.reader) });
    expect(reader.status).toBe(403);
    expect(reader.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const missing = await post(PROPOSE, { id: 'no-such-entity', edit }, { headers: bearer(keys.contributor) });
    expect(missing.body.errors[0].extensions.code).toBe('NOT_FOUND');
    expect(await writeSideCounts()).toEqual(counts);
  });

  it('reverts it through a reviewed proposal: the entity is exactly as before, found by its old alias again', async () => {
    const proposed = await post('mutation ($seq: Int!) { proposeRevert(seq: $seq, reason: "test: undo the edit") { id revision kind targetId } }', { seq: editSeq }, { headers: bearer(keys.contributor) });
    expect(proposed.body.errors).toBeUndefined();
    const revert = proposed.body.data.proposeRevert;
    expect(revert).toMatchObject({ kind: 'REVERT', targetId: ID });
    const preview = (await post(PREVIEW, { id: revert.id }, { headers: bearer(keys.reviewer) })).body.data.proposal.preview;
    expect(preview.entityEdit.fields.map((f: { field: string }) => f.field)).toEqual(['aliases', 'description']);
    const accepted = await post(REVIEW, revert, { headers: bearer(keys.reviewer) });
    expect(accepted.body.errors).toBeUndefined();
    expect(accepted.body.data.review.change).toMatchObject({ kind: 'REVERT_EDIT_ENTITY', itemId: ID });

    expect(withoutMark(await storedProps(ID))).toEqual(original);
    expect(exactHit((await post(SEARCH, { t: REMOVED_ALIAS })).body.data.search, ID)).toBe(true);
    expect(exactHit((await post(SEARCH, { t: NEW_ALIAS })).body.data.search, ID)).toBe(false);
    const history = await post('query ($id: ID!) { history(id: $id) { kind } }', { id: ID });
    expect(history.body.data.history.map((c: { kind: string }) => c.kind)).toEqual(['EDIT_ENTITY', 'REVERT_EDIT_ENTITY']);
  });

  it('renames it: the name keys, search, and every relationship copy of the name and stored CSV line, reverted exactly', async () => {
    const claims = async () =>
      (await testExecutor().read(cypher('test.entityClaims', 'MATCH (c:Claim) WHERE c.fromId = $id OR c.toId = $id RETURN c.id AS id, c.fromName AS fromName, c.toName AS toName, c.fromId AS fromId, c.csvLine AS line ORDER BY id'), { id: ID })) as Array<Record<string, string>>;
    const before = await claims();
    expect(before.length).toBeGreaterThan(0);
    const props = await storedProps(ID);
    const clash = await post(PROPOSE, { id: ID, edit: { name: 'Government of Japan' } }, { headers: bearer(keys.contributor) });
    expect(clash.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name', value: 'Government of Japan', existingId: 'japan-government' });

    const NEW_NAME = 'Test Dutch cabinet of ministers';
    const proposed = (await post(PROPOSE, { id: ID, edit: { name: NEW_NAME } }, { headers: bearer(keys.contributor) })).body.data.proposeEntityEdit;
    const preview = (await post(PREVIEW, { id: proposed.id }, { headers: bearer(keys.reviewer) })).body.data.proposal.preview;
    expect(preview.affects.join('\n')).toContain(`its ${before.length} relationship(s) show the new name`);
    const accepted = await post(REVIEW, proposed, { headers: bearer(keys.reviewer) });
    expect(accepted.body.errors).toBeUndefined();
    const change = accepted.body.data.review.change;
    expect(JSON.parse(change.after)).toMatchObject({ fields: ['name'], relationshipsRenamed: before.length });

    const after = await claims();
    for (const claim of after) {
      expect(claim.fromId === ID ? claim.fromName : claim.toName).toBe(NEW_NAME);
      expect(claim.line).toContain(NEW_NAME);
      expect(claim.line).not.toContain('Government of the Netherlands');
    }
    expect((await post(SEARCH, { t: NEW_NAME })).body.data.search[0]).toEqual({ entity: { id: ID }, exact: true });
    expect(exactHit((await post(SEARCH, { t: 'Government of the Netherlands' })).body.data.search, ID)).toBe(false);

    const revert = (await post('mutation ($seq: Int!) { proposeRevert(seq: $seq, reason: "test: undo the rename") { id revision } }', { seq: change.seq }, { headers: bearer(keys.contributor) })).body.data.proposeRevert;
    const reverted = await post(REVIEW, revert, { headers: bearer(keys.reviewer) });
    expect(reverted.body.errors).toBeUndefined();
    expect(withoutMark(await storedProps(ID))).toEqual(withoutMark(props));
    expect((await claims()).map(({ id, fromName, toName, line }) => ({ id, fromName, toName, line }))).toEqual(before.map(({ id, fromName, toName, line }) => ({ id, fromName, toName, line })));
  });

  it('leaves the graph and its version as they were after a crash before any statement of a rename, then commits it whole', async () => {
    const proposed = (await post(PROPOSE, { id: ID, edit: { name: 'Test crash cabinet', aliases: ['Test crash alias'] } }, { headers: bearer(keys.contributor) })).body.data.proposeEntityEdit;
    const { statements, committed } = await crashBeforeEachStatement((crashing) => crashing(REVIEW, proposed, { headers: bearer(keys.reviewer) }));
    // Every statement was crashed before once: the entity's write, each relationship's rewrite, the log, the decision.
    expect(statements).toEqual(expect.arrayContaining(['curation.entityForEdit', 'curation.setEntityProps', 'curation.recordAcceptance']));
    expect(statements.filter((name) => name === 'curation.setEntityProps')).toHaveLength(1);
    expect(committed.body.errors).toBeUndefined();
    expect(committed.body.data.review.change.kind).toBe('EDIT_ENTITY');
    expect((await post(ENTITY, { id: ID })).body.data.entity).toMatchObject({ name: 'Test crash cabinet', aliases: ['Test crash alias'] });
  }, 300_000);

  it('edits a date property as the seed writes it (a goal\'s targetDate), flattened as the loader flattens it, and reverts it', async () => {
    const GOAL = 'original-innovation';
    const original = await storedProps(GOAL);
    expect(original.targetDatePrecision).toBeUndefined();
    const bad = await post(PROPOSE, { id: GOAL, edit: { properties: [{ name: 'targetDate', date: { on: '2035-13' } }] } }, { headers: bearer(keys.contributor) });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'properties.targetDate' });
    const proposed = (await post(PROPOSE, { id: GOAL, edit: { properties: [{ name: 'targetDate', date: { on: '2035', text: 'by 2035' } }] } }, { headers: bearer(keys.contributor) })).body.data.proposeEntityEdit;
    const accepted = await post(REVIEW, proposed, { headers: bearer(keys.reviewer) });
    expect(accepted.body.errors).toBeUndefined();
    expect(await storedProps(GOAL)).toMatchObject({ targetDateStart: '2035-01-01', targetDateEnd: '2035-12-31', targetDatePrecision: 'year', targetDateText: 'by 2035' });
    expect(JSON.parse(accepted.body.data.review.change.after).entity.data.targetDate).toEqual({ on: '2035', text: 'by 2035' });
    const revert = (await post('mutation ($seq: Int!) { proposeRevert(seq: $seq, reason: "test: undo the date") { id revision } }', { seq: accepted.body.data.review.change.seq }, { headers: bearer(keys.contributor) })).body.data.proposeRevert;
    expect((await post(REVIEW, revert, { headers: bearer(keys.reviewer) })).body.errors).toBeUndefined();
    expect(withoutMark(await storedProps(GOAL))).toEqual(original);
  });
});
