// Issue 24 design tests on a generated S graph, measured as db hits (PROFILE): the timeline of the
// largest hub country (with its government bodies and officials) with `totalCount` must not walk every
// event of the graph for the count; and for every technology, the measures anchor the API chooses must
// cost at most 1.5× the db hits of the other plan.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { ANCHORS } from '../../bench/generate/anchors.ts';
import { ENTITY_DOCUMENT } from '../../bench/lib/sweep.ts';
import { generateGraph } from '../../bench/generate/generate-graph.ts';
import { createDriver } from '../../src/db/driver.ts';
import { applySchema } from '../../src/store/apply-schema.ts';
import { Executor, cypher, type CypherQuery, type Params, type QueryObserver, type Row } from '../../src/db/executor.ts';
import { writeGraph } from '../../src/seed/write-graph.ts';
import { CypherBuilder } from '../../src/cypher/projection/builder.ts';
import { chooseAnchor, measuresStatement, type MeasureAnchor, type MeasureFilter } from '../../src/cypher/measures.ts';
import { closeTestExecutor, seedGraph, testExecutor, testOntology, wipeDatabase } from '../support/database.ts';
import { testApp } from '../support/app.ts';
import { plainTimelineTotal } from '../support/timeline-oracle.ts';

class RecordingExecutor extends Executor {
  readonly statements: Array<{ query: CypherQuery; params: Params }> = [];
  override read(query: CypherQuery, params: Params = {}, observe?: QueryObserver): Promise<Row[]> {
    this.statements.push({ query, params });
    return super.read(query, params, observe);
  }
}

let executor: RecordingExecutor;

beforeAll(async () => {
  await wipeDatabase();
  await applySchema(testExecutor(), testOntology());
  await writeGraph(testExecutor(), testOntology(), generateGraph(testOntology(), 'S'));
  // The db hits below are those of the plans made on this graph, not of plans cached from an earlier
  // file's graph or made on statistics sampled before this load (as query-plans, accept-plans and
  // path-hubs do): resample the indexes and clear the plan cache. Once, in CI at 86844fe, both timeline
  // tests measured 45 649 db hits for the hub's first page (3 075 here otherwise; a walk of every policy
  // in date order costs about that); three runs in the suite's order did not reproduce it.
  await testExecutor().write(cypher('test.prepareForReplanning', 'CALL db.prepareForReplanning(120)'));
  const { uri, username, password } = inject('neo4j');
  executor = new RecordingExecutor(createDriver({ uri, username, password, database: undefined }), { database: undefined, timeoutMs: 300_000 });
}, 300_000);

afterAll(async () => {
  // The seed back for the next file, wiped first, with this file's generous statement limit: on a loaded
  // machine pruning (and even wiping) the S graph ran past the shared executor's 30 s.
  if (executor) {
    await wipeDatabase(executor);
    await seedGraph({}, executor);
    await executor.close();
  }
  await closeTestExecutor();
}, 600_000);

const TIMELINE = `query($entity: ID!, $after: String) {
  timeline(entity: $entity, first: 50, after: $after) { totalCount pageInfo { endCursor hasNextPage } nodes { title } }
}`;

async function timelinePage(app: ReturnType<typeof testApp>, entity: string, after: string | null = null) {
  executor.statements.length = 0;
  const { body } = await app.post(TIMELINE, { entity, after });
  expect(body.errors).toBeUndefined();
  const statements = [...executor.statements];
  const page = statements.find((s) => s.query.name === 'timeline.page')!;
  return { body, statements, page, profile: await executor.profile(page.query, page.params) };
}

const setVersion = cypher('test.timelineSetVersion', `MATCH (g:GraphState {id: 'graph'}) SET g.version = $version`);
const dropCounts = cypher('test.dropTimelineCounts', 'MATCH (t:TimelineCount) DETACH DELETE t');
/** The hub country's set: the country, its government bodies and their officials (src/cypher/names.ts, `involved`). */
async function hubIds(): Promise<string[]> {
  const [row] = await testExecutor().read(
    cypher(
      'test.hubIds',
      `MATCH (c:Country {name: $name})
       CALL (c) { MATCH (a:Actor) WHERE a.country = c.id AND a.type IN ['government', 'agency'] OPTIONAL MATCH (o:Actor)-[:AFFILIATED_WITH]->(a) RETURN collect(a.id) + collect(o.id) AS members }
       RETURN [c.id] + members AS ids`,
    ),
    { name: ANCHORS.hubCountry.name },
  );
  return [...new Set(row!.ids as string[])];
}

/** The entity set a timeline statement was asked with: its longest list parameter (the other anchor's list is empty). */
function entitySet(params: Record<string, unknown>): string[] {
  const lists = Object.values(params).filter((v): v is string[] => Array.isArray(v));
  return lists.reduce((a, b) => (b.length > a.length ? b : a), [] as string[]);
}

describe('timeline of a hub (issue 24)', () => {
  it('counts a hub\'s events from their own index ranges, never walking every event of the graph', async () => {
    const first = await timelinePage(testApp({ executor }), ANCHORS.hubCountry.name);
    const ids = entitySet(first.page.params);
    expect(ids.length).toBeGreaterThan(10); // the country, its government bodies and their officials
    const [plain] = await testExecutor().read(plainTimelineTotal, { ids });
    expect(first.body.data.timeline.totalCount).toBe(plain!.n);
    const [claims] = await testExecutor().read(cypher('test.timelineClaims', 'MATCH (c:Claim) RETURN count(c) AS n'));
    // The statement that walked every policy and claim in date order for the count cost 18 433 db hits
    // here, more than the graph's 10 043 claims; counted per entity it costs a fraction of them.
    expect(first.profile.dbHits, `first page with totalCount: ${first.profile.dbHits} db hits, ${claims!.n} claims`).toBeLessThan((claims!.n as number) / 2);
  });

  it('reads the total kept at load: the first page with totalCount is one statement, its db hits pinned (decision 0036)', async () => {
    const app = testApp({ executor });
    const first = await timelinePage(app, ANCHORS.hubCountry.name);
    expect(first.statements.map((s) => s.query.name)).toEqual(['names.resolve', 'timeline.page']);
    const ids = entitySet(first.page.params);
    const [plain] = await testExecutor().read(plainTimelineTotal, { ids });
    expect(first.body.data.timeline.totalCount).toBe(plain!.n);
    // The rows of the first page and one unique-index seek for the total: 3 075 db hits on S when this was
    // written (before, the first page also counted per entity: 4 581 db hits; the date-order walk 18 433).
    expect(first.profile.dbHits, `first page with totalCount: ${first.profile.dbHits} db hits`).toBeLessThan(3_500);
  });

  it('resolves the hub\'s name without the counts only the measures filters use (targeted, promoted, issued)', async () => {
    const app = testApp({ executor });
    const first = await timelinePage(app, ANCHORS.hubCountry.name);
    const resolve = first.statements.find((s) => s.query.name === 'names.resolve')!;
    const { dbHits } = await executor.profile(resolve.query, resolve.params);
    const ids = await hubIds();
    // Per id of the set: its expansion and the degree the timeline prices its anchor with. With the three
    // counts of the measures filters too it cost 873 db hits for S's 55 ids (15.9 per id; on M, Valdoria's
    // 1 301 ids: 14 619); without them 598 (10.9 per id; on M 8 114); with the counts read from the
    // expanded nodes instead of seeking each id again, 485 (8.8 per id; on M 5 493).
    expect(dbHits, `${dbHits} db hits for ${ids.length} ids`).toBeLessThan(ids.length * 10);
  });

  it('counts once per graph version when no total is kept: later pages reuse it; a version change alone keeps the kept total', async () => {
    const app = testApp({ executor });
    // What an accepted change touching the set does: its kept total goes.
    await testExecutor().write(dropCounts);
    const first = await timelinePage(app, ANCHORS.hubCountry.name);
    expect(first.statements.map((s) => s.query.name)).toContain('timeline.total');
    const total = first.body.data.timeline.totalCount;
    const second = await timelinePage(app, ANCHORS.hubCountry.name, first.body.data.timeline.pageInfo.endCursor);
    expect(second.body.data.timeline.totalCount).toBe(total);
    expect(second.statements.map((s) => s.query.name)).not.toContain('timeline.total');
    // The first request stored it again; another version (a change elsewhere) keeps it: no count.
    await testExecutor().write(setVersion, { version: 'v-timeline-2' });
    const reloaded = await timelinePage(testApp({ executor }), ANCHORS.hubCountry.name);
    expect(reloaded.statements.map((s) => s.query.name)).not.toContain('timeline.total');
    expect(reloaded.body.data.timeline.totalCount).toBe(total);
    expect(reloaded.body.extensions.graphVersion).toBe('v-timeline-2');
    // Without a kept total, the remembered one of the old version is not used: counted again.
    await testExecutor().write(dropCounts);
    await testExecutor().write(setVersion, { version: 'v-timeline-3' });
    const again = await timelinePage(app, ANCHORS.hubCountry.name);
    expect(again.statements.map((s) => s.query.name)).toContain('timeline.total');
    expect(again.body.data.timeline.totalCount).toBe(total);
  });
});

describe('entity page of a hub (issue 24)', () => {
  it('is one statement whose db hits do not grow with the hub: the page, and the total from the node\'s degree', async () => {
    executor.statements.length = 0;
    const { body } = await testApp({ executor }).post(ENTITY_DOCUMENT, { id: ANCHORS.hubCountry.id });
    expect(body.errors).toBeUndefined();
    expect(executor.statements.map((s) => s.query.name)).toEqual(['entities.byId']);
    const { dbHits } = await executor.profile(executor.statements[0]!.query, executor.statements[0]!.params);
    const total = body.data.entity.relationships.totalCount as number;
    // 20 relationships with their ends and citations, and the degree for totalCount: 393 db hits on S
    // when this was written, 401 for Valdoria on M (33 388 relationships); counting the relationships
    // would cost at least one per relationship.
    expect(dbHits, `${dbHits} db hits, ${total} relationships`).toBeLessThan(600);
    expect(dbHits).toBeLessThan(total);
  });
});

describe('measures anchor chosen from counts (issue 24 item 3)', () => {
  it('never costs more than 1.5× the db hits of the other plan, for any technology of the graph', async () => {
    const policies = (await testExecutor().read(cypher("test.policies", "MATCH (p:Policy) RETURN count(p) AS policies")))[0]!.policies as number;
    // Each technology with everything narrower, and the TARGETS relationships into that set: the counts
    // the name resolution gives the resolver (src/cypher/names.ts, `targetedBy`).
    const technologies = (await testExecutor().read(
      cypher(
        'test.subtrees',
        `MATCH (t:Technology)
         CALL (t) { MATCH (x:Technology)-[:BROADER*0..]->(t) RETURN collect(DISTINCT x.id) AS ids }
         CALL (ids) { UNWIND ids AS id MATCH (:Entity {id: id})<-[r:TARGETS]-() RETURN count(r) AS targetedBy }
         RETURN t.id AS id, ids, targetedBy ORDER BY id`,
      ),
    )) as Array<{ id: string; ids: string[]; targetedBy: number }>;
    expect(technologies.length).toBeGreaterThan(100);
    const worse: string[] = [];
    for (const t of technologies) {
      const filter: MeasureFilter = {
        targetIds: t.ids, promotingIds: null, issuerIds: null, statuses: null, types: null, from: null, to: null,
        minSources: null, modalities: null, targetSubtree: t.id, includeAreas: false,
      };
      const hits = {} as Record<'targets' | 'dateOrder', number>;
      for (const anchor of ['targets', 'dateOrder'] as const) {
        const b = new CypherBuilder(testOntology());
        const text = measuresStatement(b, { filter, anchor, after: null, limit: 21, fields: [], withRows: true, withTotal: false });
        hits[anchor] = (await executor.profile(cypher('measures.page', text), b.params)).dbHits;
      }
      const chosen = chooseAnchor(filter, { targets: t.targetedBy, policies }, 21) as MeasureAnchor as 'targets' | 'dateOrder';
      const other = chosen === 'targets' ? 'dateOrder' : 'targets';
      if (hits[chosen] > 1.5 * hits[other]) worse.push(`${t.id} (${t.ids.length} technologies, ${t.targetedBy} TARGETS): ${chosen} ${hits[chosen]} db hits, ${other} ${hits[other]}`);
    }
    expect(worse).toEqual([]);
  }, 600_000);
});

