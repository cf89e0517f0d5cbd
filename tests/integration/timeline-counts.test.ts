// Issue 24, counts kept at load (decision 0036): a country's timeline total is stored by the load, read
// by the first page instead of counted, and after every accepted change that touches the set — a new
// relationship, its retraction, the revert of the retraction — the API's totalCount equals a fresh count
// of the set's events (the stored total is dropped and counted again once, then stored again).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDriver } from '../../src/db/driver.ts';
import { Executor, cypher, type CypherQuery, type Params, type QueryObserver, type Row } from '../../src/db/executor.ts';
import { resolveNames } from '../../src/cypher/names.ts';
import { CypherBuilder } from '../../src/cypher/projection/builder.ts';
import { timelineCountKey } from '../../src/cypher/timeline-counts.ts';
import { testApp } from '../support/app.ts';
import { bearer, keysForEveryRole, type Keys } from '../support/curation.ts';
import { closeTestExecutor, seedGraph, testExecutor, testOntology, wipeDatabase } from '../support/database.ts';
import { plainTimelineTotal } from '../support/timeline-oracle.ts';

const COUNTRY = 'china';
const SOURCE = 'timeline-count-wire';
const QUOTE = 'Officials in Washington said the controls on lithography tools would now reach China.';
const TEXT = ['Lithography controls reach China', '', `WASHINGTON (Count Wire) - ${QUOTE}`, 'Industry groups said the measures would hurt sales.'].join('\n');

const REGISTER = `mutation ($input: SourceInput!) { registerSource(input: $input) { id } }`;
const PROPOSE = `mutation ($input: RelationshipProposalInput!) { proposeRelationship(input: $input) { id revision } }`;
const REVIEW = `mutation ($id: ID!, $revision: Int!) { review(id: $id, revision: $revision, decision: ACCEPT) { change { seq } } }`;
const RETRACT = `mutation ($id: ID!) { proposeRetraction(id: $id, reason: "count test") { id revision } }`;
const REVERT = `mutation ($seq: Int!) { proposeRevert(seq: $seq, reason: "count test") { id revision } }`;
const TIMELINE = `query ($entity: ID!) { timeline(entity: $entity, first: 5) { totalCount nodes { title } } }`;

class RecordingExecutor extends Executor {
  readonly names: string[] = [];
  override read(query: CypherQuery, params: Params = {}, observe?: QueryObserver, timeoutMs?: number): Promise<Row[]> {
    this.names.push(query.name);
    return super.read(query, params, observe, timeoutMs);
  }
}

const storedCount = cypher('test.storedTimelineCount', 'OPTIONAL MATCH (t:TimelineCount {key: $key}) RETURN t.total AS total');

let keys: Keys;
let executor: RecordingExecutor;
let app: ReturnType<typeof testApp>;

/** The country's set as the timeline expands it. */
async function setIds(): Promise<string[]> {
  const b = new CypherBuilder(testOntology());
  const text = resolveNames(b, [{ argument: 'entity', text: COUNTRY, key: COUNTRY, phrase: `"${COUNTRY}"`, labels: ['Country'], expand: 'involved', minSources: 0 }]);
  const [row] = await testExecutor().read(cypher('test.timelineCountsSet', text), b.params);
  return (row!.matches as Array<{ props: { id: string }; ids: string[] }>).find((m) => m.props.id === COUNTRY)!.ids;
}

async function fresh(): Promise<number> {
  return (await testExecutor().read(plainTimelineTotal, { ids: await setIds() }))[0]!.n as number;
}

async function stored(): Promise<number | null> {
  return (await testExecutor().read(storedCount, { key: timelineCountKey(await setIds()) }))[0]!.total as number | null;
}

/** The API's totalCount, a fresh app each time (no total remembered in process), and the statements it read. */
async function apiTotal(): Promise<{ total: number; statements: string[] }> {
  executor.names.length = 0;
  const { body } = await testApp({ executor }).post(TIMELINE, { entity: COUNTRY });
  expect(body.errors).toBeUndefined();
  return { total: body.data.timeline.totalCount, statements: [...executor.names] };
}

async function accept(proposal: { id: string; revision: number }): Promise<number> {
  const { body } = await app.post(REVIEW, proposal, { headers: bearer(keys.reviewer) });
  expect(body.errors).toBeUndefined();
  return body.data.review.change.seq;
}

beforeAll(async () => {
  await seedGraph();
  keys = await keysForEveryRole('-counts');
  const { uri, username, password } = inject('neo4j');
  executor = new RecordingExecutor(createDriver({ uri, username, password, database: undefined }), { database: undefined, timeoutMs: 60_000 });
  app = testApp();
}, 300_000);

afterAll(async () => {
  // Accepted changes outlive a reseed: leave the next file an empty database.
  await executor?.close();
  await wipeDatabase();
  await closeTestExecutor();
}, 300_000);

describe('timeline totals kept at load and by every accepted change (issue 24)', () => {
  let relationshipId = '';
  let retractionSeq = 0;

  it('stores each country\'s total at load, and the first page reads it instead of counting', async () => {
    expect((await setIds()).length).toBeGreaterThan(1); // the country and its government
    const expected = await fresh();
    expect(expected).toBeGreaterThan(0);
    expect(await stored()).toBe(expected);
    const read = await apiTotal();
    expect(read.total).toBe(expected);
    expect(read.statements).not.toContain('timeline.total');
  });

  it('after a new relationship into the set: the stored total goes, the API counts once, stores it, and equals a fresh count', async () => {
    const before = await fresh();
    // A dated policy that no member of the set touches yet: targeting the country adds it as one event.
    const [policy] = await testExecutor().read(
      cypher(
        'test.untouchedPolicy',
        `MATCH (p:Policy) WHERE p.eventKey IS NOT NULL AND NOT EXISTS { (p)--(y:Entity) WHERE y.id IN $ids } RETURN p.id AS id ORDER BY id LIMIT 1`,
      ),
      { ids: await setIds() },
    );
    expect(policy).toBeDefined();
    const registered = await app.post(REGISTER, { input: { id: SOURCE, type: 'news_report', title: 'Lithography controls', publisher: 'Count Wire', published: { on: '2023-01-10' }, text: TEXT } }, { headers: bearer(keys.contributor) });
    expect(registered.body.errors).toBeUndefined();
    const input = { type: 'TARGETS', from: policy!.id, to: COUNTRY, key: 'timeline-count', citations: [{ sourceId: SOURCE, quote: QUOTE }] };
    const proposed = await app.post(PROPOSE, { input }, { headers: bearer(keys.contributor) });
    expect(proposed.body.errors).toBeUndefined();
    await accept(proposed.body.data.proposeRelationship);
    relationshipId = `${policy!.id}.TARGETS.${COUNTRY}#timeline-count`;

    expect(await fresh()).toBe(before + 1);
    expect(await stored()).toBeNull();
    const first = await apiTotal();
    expect(first.total).toBe(before + 1);
    expect(first.statements).toContain('timeline.total');
    expect(await stored()).toBe(before + 1);
    const second = await apiTotal();
    expect(second.total).toBe(before + 1);
    expect(second.statements).not.toContain('timeline.total');
  });

  it('after its retraction, and after the revert of the retraction, the total equals a fresh count', async () => {
    const withIt = await fresh();
    const retraction = await app.post(RETRACT, { id: relationshipId }, { headers: bearer(keys.contributor) });
    expect(retraction.body.errors).toBeUndefined();
    retractionSeq = await accept(retraction.body.data.proposeRetraction);
    expect(await fresh()).toBe(withIt - 1);
    expect(await stored()).toBeNull();
    expect((await apiTotal()).total).toBe(withIt - 1);
    expect(await stored()).toBe(withIt - 1);

    const revert = await app.post(REVERT, { seq: retractionSeq }, { headers: bearer(keys.contributor) });
    expect(revert.body.errors).toBeUndefined();
    await accept(revert.body.data.proposeRevert);
    expect(await fresh()).toBe(withIt);
    expect(await stored()).toBeNull();
    expect((await apiTotal()).total).toBe(withIt);
    expect(await stored()).toBe(withIt);
  });

  it('a change that touches no member of the set keeps its stored total', async () => {
    const total = await stored();
    expect(total).not.toBeNull();
    // Retract a relationship between two entities outside the set (and outside any of its countries' sets).
    const [outside] = await testExecutor().read(
      cypher(
        'test.outsideClaim',
        `MATCH (c:Claim) WHERE NOT c.fromId IN $ids AND NOT c.toId IN $ids
           AND NOT EXISTS { MATCH (e:Entity) WHERE e.id IN [c.fromId, c.toId] AND (e:Country OR e.country IS NOT NULL OR EXISTS { (e)-[:AFFILIATED_WITH]->() }) }
         RETURN c.id AS id ORDER BY id LIMIT 1`,
      ),
      { ids: await setIds() },
    );
    expect(outside).toBeDefined();
    const retraction = await app.post(RETRACT, { id: outside!.id }, { headers: bearer(keys.contributor) });
    expect(retraction.body.errors).toBeUndefined();
    await accept(retraction.body.data.proposeRetraction);
    expect(await stored()).toBe(total);
    expect(await fresh()).toBe(total);
  });
});
