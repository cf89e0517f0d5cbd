// Issue 18, proposing entities: a new entity is checked as a seed record of its kind is, waits for
// review like any proposal, and once accepted is found by `entity`, `search` and name arguments, is
// counted, has a history, and can be the endpoint of a later relationship proposal. An id, a name or an
// alias another entity already has is refused naming that entity; bad and hostile input changes nothing;
// a crash before any statement of the acceptance leaves the graph and its version untouched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../support/app.ts';
import { closeTestExecutor, seedGraph, wipeDatabase } from '../support/database.ts';
import { bearer, keysForEveryRole, writeSideCounts, type Keys } from '../support/curation.ts';
import { crashBeforeEachStatement } from '../support/crash-injection.ts';

const ID = 'test-quantum-sensors';
const NAME = 'Test quantum sensors';
const TEXT = [
  'Sensor curbs',
  '',
  'WASHINGTON (Test Wire) - The United States imposed export controls on test quantum sensors sold to China on Friday.',
].join('\n');
const QUOTE = 'The United States imposed export controls on test quantum sensors sold to China on Friday.';
const POLICY = 'us-export-controls-2022-10';

const PROPOSE_ENTITY = `mutation ($input: EntityProposalInput!) { proposeEntity(input: $input) { id status revision kind targetId } }`;
const REVIEW = `mutation ($id: ID!, $revision: Int!) { review(id: $id, revision: $revision, decision: ACCEPT) { proposal { status } change { seq kind itemId version } } }`;
const ENTITY = `query ($id: ID!) { entity(id: $id) { id name kind aliases ... on Technology { type named } relationships { totalCount nodes { id } } } }`;

const technology = (overrides: Record<string, unknown> = {}) => ({
  kind: 'TECHNOLOGY',
  id: ID,
  name: NAME,
  aliases: ['TQS sensors'],
  properties: [{ name: 'type', value: 'product' }],
  ...overrides,
});

let keys: Keys;
beforeAll(async () => {
  await seedGraph();
  keys = await keysForEveryRole('-entities');
});
afterAll(async () => {
  // Changes accepted through the API outlive a reseed: leave the next file an empty database (it seeds its own).
  await wipeDatabase();
  await closeTestExecutor();
});

describe('proposeEntity', () => {
  const { post } = testApp();
  let proposal: { id: string; revision: number };
  let entitiesBefore = 0;

  it('keeps a proposed entity out of every read until it is accepted', async () => {
    entitiesBefore = (await post('{ stats { entities } }')).body.data.stats.entities;
    const proposed = await post(PROPOSE_ENTITY, { input: technology() }, { headers: bearer(keys.contributor) });
    expect(proposed.body.errors).toBeUndefined();
    proposal = proposed.body.data.proposeEntity;
    expect(proposal).toMatchObject({ status: 'PENDING', revision: 1, kind: 'ENTITY', targetId: ID });
    expect((await post(ENTITY, { id: ID })).body.data.entity).toBeNull();
    expect((await post('query ($t: String!) { search(text: $t) { entity { id } } }', { t: NAME })).body.data.search.map((h: any) => h.entity.id)).not.toContain(ID);
    const preview = await post('query ($id: ID!) { proposal(id: $id) { preview { problem affects } } }', { id: proposal.id }, { headers: bearer(keys.reviewer) });
    expect(preview.body.data.proposal.preview.problem).toBeNull();
    expect(preview.body.data.proposal.preview.affects.join('\n')).toContain(`entity("${ID}")`);
  });

  it('accepts it in one change: found by entity, search and name arguments, counted, with a history', async () => {
    const accepted = await post(REVIEW, proposal, { headers: bearer(keys.reviewer) });
    expect(accepted.body.errors).toBeUndefined();
    expect(accepted.body.data.review).toMatchObject({ proposal: { status: 'ACCEPTED' }, change: { kind: 'ADD_ENTITY', itemId: ID } });
    expect(accepted.headers.get('chokepoint-graph-version')).toBe(accepted.body.data.review.change.version);

    const entity = (await post(ENTITY, { id: ID })).body.data.entity;
    expect(entity).toMatchObject({ id: ID, name: NAME, kind: 'TECHNOLOGY', aliases: ['TQS sensors'], type: 'PRODUCT', named: true, relationships: { totalCount: 0 } });
    const search = await post('query ($t: String!) { search(text: $t) { entity { id } exact } }', { t: 'tqs sensors' });
    expect(search.body.data.search[0]).toEqual({ entity: { id: ID }, exact: true });
    // A name argument resolves the alias (the read side's name resolution, not only search).
    const measures = await post('query ($t: String!) { measures(targeting: $t) { totalCount } }', { t: 'TQS sensors' });
    expect(measures.body.errors).toBeUndefined();
    expect(measures.body.data.measures.totalCount).toBe(0);
    expect((await post('{ stats { entities } }')).body.data.stats.entities).toBe(entitiesBefore + 1);
    const history = await post('query ($id: ID!) { history(id: $id) { kind author reviewer } }', { id: ID });
    expect(history.body.data.history).toEqual([{ kind: 'ADD_ENTITY', author: expect.stringMatching(/^key:/), reviewer: expect.stringMatching(/^key:/) }]);
  });

  it('lets a later relationship proposal use it as an endpoint', async () => {
    const source = await post('mutation ($input: SourceInput!) { registerSource(input: $input) { id } }', {
      input: { id: 'test-wire-sensor-curbs', type: 'news_report', title: 'Sensor curbs', publisher: 'Test Wire', urlNote: 'test text', published: { on: '2022-10-08' }, text: TEXT },
    }, { headers: bearer(keys.contributor) });
    expect(source.body.errors).toBeUndefined();
    const proposed = await post('mutation ($input: RelationshipProposalInput!) { proposeRelationship(input: $input) { id revision } }', {
      input: { type: 'TARGETS', from: POLICY, to: ID, citations: [{ sourceId: 'test-wire-sensor-curbs', quote: QUOTE }] },
    }, { headers: bearer(keys.contributor) });
    expect(proposed.body.errors).toBeUndefined();
    const accepted = await post(REVIEW, proposed.body.data.proposeRelationship, { headers: bearer(keys.reviewer) });
    expect(accepted.body.data.review.change.kind).toBe('ADD_RELATIONSHIP');
    const entity = (await post(ENTITY, { id: ID })).body.data.entity;
    expect(entity.relationships).toEqual({ totalCount: 1, nodes: [{ id: `${POLICY}.TARGETS.${ID}` }] });
    const measures = await post('query ($t: String!) { measures(targeting: $t) { nodes { id } } }', { t: NAME });
    expect(measures.body.data.measures.nodes.map((n: { id: string }) => n.id)).toContain(POLICY);
  });

  it('refuses an id, a name or an alias another entity already has, naming that entity', async () => {
    const before = await writeSideCounts();
    const id = await post(PROPOSE_ENTITY, { input: technology({ name: 'Another sensor class' }) }, { headers: bearer(keys.contributor) });
    expect(id.status).toBe(400);
    expect(id.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id', existingId: ID });
    // Country "China" has the alias "PRC": compared ignoring case.
    const name = await post(PROPOSE_ENTITY, { input: { kind: 'COUNTRY', id: 'test-prc', name: 'prc' } }, { headers: bearer(keys.contributor) });
    expect(name.status).toBe(400);
    expect(name.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name', value: 'prc', existingId: 'china' });
    expect(name.body.errors[0].message).toContain("'china'");
    const alias = await post(PROPOSE_ENTITY, { input: technology({ id: 'test-other-sensors', name: 'Other sensors', aliases: ['sensors, other', 'Test Quantum Sensors'] }) }, { headers: bearer(keys.contributor) });
    expect(alias.body.errors[0].extensions).toMatchObject({ field: 'aliases[1]', existingId: ID });
    expect(await writeSideCounts()).toEqual(before);
  });

  it('turns the second of two proposals of one name into a CONFLICT at acceptance', async () => {
    const input = (id: string) => technology({ id, name: 'Test photonic chips', aliases: [] });
    const first = (await post(PROPOSE_ENTITY, { input: input('test-photonic-chips') }, { headers: bearer(keys.contributor) })).body.data.proposeEntity;
    const second = (await post(PROPOSE_ENTITY, { input: input('test-photonic-chips-2') }, { headers: bearer(keys.contributor) })).body.data.proposeEntity;
    expect((await post(REVIEW, first, { headers: bearer(keys.reviewer) })).status).toBe(200);
    const before = await writeSideCounts();
    const late = await post(REVIEW, second, { headers: bearer(keys.reviewer) });
    expect(late.status).toBe(409);
    expect(late.body.errors[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'name' });
    expect(late.body.errors[0].message).toContain("'test-photonic-chips'");
    expect(await writeSideCounts()).toEqual(before);
  });

  it('checks the kind’s properties as the seed does, with the field, the value and what is allowed', async () => {
    const before = await writeSideCounts();
    const type = await post(PROPOSE_ENTITY, { input: technology({ id: 'test-x', name: 'Test X', aliases: [], properties: [{ name: 'type', value: 'spaceship' }] }) }, { headers: bearer(keys.contributor) });
    expect(type.status).toBe(400);
    expect(type.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'properties.type', value: 'spaceship' });
    expect(type.body.errors[0].message).toMatch(/expected one of field, product, material, category/);
    const missing = await post(PROPOSE_ENTITY, { input: technology({ id: 'test-x', name: 'Test X', aliases: [], properties: [] }) }, { headers: bearer(keys.contributor) });
    expect(missing.body.errors[0].extensions).toMatchObject({ field: 'properties.type' });
    expect(missing.body.errors[0].message).toContain("'type' is required");
    const unknown = await post(PROPOSE_ENTITY, { input: technology({ id: 'test-x', name: 'Test X', aliases: [], properties: [{ name: 'type', value: 'product' }, { name: 'colour', value: 'blue' }] }) }, { headers: bearer(keys.contributor) });
    expect(unknown.body.errors[0].extensions).toMatchObject({ field: 'properties.colour' });
    expect(unknown.body.errors[0].message).toMatch(/unknown property 'colour' for Technology; allowed: .*type/);
    const ref = await post(PROPOSE_ENTITY, { input: { kind: 'ACTOR', id: 'test-ministry', name: 'Test Ministry', properties: [{ name: 'type', value: 'government' }, { name: 'country', value: 'atlantis' }] } }, { headers: bearer(keys.contributor) });
    expect(ref.body.errors[0].extensions).toMatchObject({ field: 'properties.country', value: 'atlantis' });
    expect(ref.body.errors[0].message).toContain('not a known Country id');
    const badId = await post(PROPOSE_ENTITY, { input: technology({ id: 'Test X', name: 'Test X', aliases: [] }) }, { headers: bearer(keys.contributor) });
    expect(badId.body.errors[0].extensions).toMatchObject({ field: 'id' });
    expect(await writeSideCounts()).toEqual(before);
  });

  it('refuses hostile input before anything is read or written', async () => {
    const before = await writeSideCounts();
    // 10 000 aliases do not fit the request body limit (MAX_REQUEST_BYTES); 1 000 do, and meet the alias bound.
    const huge = await post(PROPOSE_ENTITY, { input: technology({ id: 'test-many', name: 'Test many', aliases: Array.from({ length: 10_000 }, (_, i) => `alias ${i}`) }) }, { headers: bearer(keys.contributor) });
    expect(huge.status).toBe(413);
    const many = await post(PROPOSE_ENTITY, { input: technology({ id: 'test-many', name: 'Test many', aliases: Array.from({ length: 1_000 }, (_, i) => `a${i}`) }) }, { headers: bearer(keys.contributor) });
    expect(many.status).toBe(400);
    expect(many.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'aliases', allowed: 'at most 50' });
    const control = await post(PROPOSE_ENTITY, { input: technology({ id: 'test-ctl', name: 'Test\u0000name', aliases: [] }) }, { headers: bearer(keys.contributor) });
    expect(control.status).toBe(400);
    expect(control.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    const injection = await post(PROPOSE_ENTITY, { input: technology({ id: 'test-inj', name: "x') DETACH DELETE n //", aliases: ['"] OR 1=1'] }) }, { headers: bearer(keys.contributor) });
    // Parameters only: an injection string is a name like any other (here: accepted for review, not run).
    expect(injection.body.errors).toBeUndefined();
    const after = await writeSideCounts();
    expect({ ...after, proposals: Number(after.proposals) - 1 }).toEqual(before);
    const reader = await post(PROPOSE_ENTITY, { input: technology({ id: 'test-reader' }) }, { headers: bearer(keys.reader) });
    expect(reader.status).toBe(403);
  });
});

describe('accepting a proposed entity, crashed before each statement', () => {
  const { post } = testApp();

  it('leaves the graph and its version as they were after each crash, then the same acceptance commits', async () => {
    const id = 'test-crash-sensors';
    const proposed = await post(PROPOSE_ENTITY, { input: technology({ id, name: 'Test crash sensors', aliases: ['TCS sensors'] }) }, { headers: bearer(keys.contributor) });
    expect(proposed.body.errors).toBeUndefined();
    const proposal = proposed.body.data.proposeEntity as { id: string; revision: number };
    const entitiesBefore = (await post('{ stats { entities } }')).body.data.stats.entities;

    const { statements, committed } = await crashBeforeEachStatement((crashing) => crashing(REVIEW, proposal, { headers: bearer(keys.reviewer) }));
    // Every statement of the acceptance was crashed before once: the entity's write, the log, the decision among them.
    expect(statements).toEqual(expect.arrayContaining(['curation.openReview', 'seed.createEntities.Technology', 'curation.recordAcceptance']));
    expect(committed.body.errors).toBeUndefined();
    expect(committed.body.data.review).toMatchObject({ proposal: { status: 'ACCEPTED' }, change: { kind: 'ADD_ENTITY', itemId: id } });
    expect((await post(ENTITY, { id })).body.data.entity).toMatchObject({ id, name: 'Test crash sensors' });
    expect((await post('{ stats { entities } }')).body.data.stats.entities).toBe(entitiesBefore + 1);
  }, 300_000);
});
