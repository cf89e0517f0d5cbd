// Issue 24 item 1 on a real Neo4j: `path` holds at hubs. A small generated graph beside the seed (its own
// ids) has hubs of 1 500 and 6 000 relationships; the search must find the short routes through them
// without listing a hub's relationships, in a few round trips, and say when its answer is partial.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher } from '../../src/db/executor.ts';
import { DEFAULT_PATH_LIMITS, searchPaths } from '../../src/repository/path-search.ts';
import { CypherBuilder } from '../../src/cypher/projection/builder.ts';
import { levelRows, pathLevelStatement, type PathSearch } from '../../src/cypher/paths.ts';
import { Repository } from '../../src/repository/repository.ts';
import { closeTestExecutor, seedGraph, testExecutor, testOntology } from '../support/database.ts';
import { testApp } from '../support/app.ts';
import { ResponseCache } from '../../src/server/response-cache/response-cache.ts';
import { operators } from '../support/plans.ts';

const P = 'hubtest-';
const BIG = 6_000; // over DEFAULT_PATH_LIMITS.endDegree: an end that is never listed
const MID = 1_500; // over DEFAULT_PATH_LIMITS.hubDegree

/** `spokes` actors BASED_IN `hub`, written in one statement. */
async function spokes(hub: string, count: number) {
  await testExecutor().write(
    cypher(
      'test.hubSpokes',
      `MATCH (h:Entity {id: $hub})
       UNWIND range(1, $count) AS i
       CREATE (a:Entity:Actor {id: $hub + '-spoke-' + i, name: $hub + ' spoke ' + i, type: 'company'})-[:BASED_IN {id: $hub + '-spoke-rel-' + i, independentSources: 1}]->(h)`,
    ),
    { hub, count },
  );
}

async function link(from: string, type: string, to: string, id: string) {
  await testExecutor().write(
    cypher('test.hubLink', `MATCH (a:Entity {id: $from}), (b:Entity {id: $to}) CREATE (a)-[r:${type} {id: $id, independentSources: 2}]->(b)`),
    { from, to, id: P + id },
  );
}

beforeAll(async () => {
  await seedGraph();
  const actors = ['start', 'middle', 'far', 'near-a', 'near-b', 'near-c', 'x', 'k-a', 'k-c1', 'k-c2', 'k-c3', 'k-x', 'k-end'];
  await testExecutor().write(
    cypher(
      'test.hubNodes',
      `UNWIND $actors AS a CREATE (:Entity:Actor {id: $p + a, name: 'Hubtest ' + a, type: 'company'})
       WITH count(*) AS done
       UNWIND $countries AS c CREATE (:Entity:Country {id: $p + c, name: 'Hubtest ' + c})`,
    ),
    { p: P, actors, countries: ['bigland', 'midland-a', 'midland-b', 'midland-c'] },
  );
  await spokes(P + 'bigland', BIG);
  await spokes(P + 'midland-a', MID);
  await spokes(P + 'midland-b', MID);
  await spokes(P + 'midland-c', MID);
  // start → middle → bigland: the 2-hop route to the big hub.
  await link(P + 'start', 'AFFILIATED_WITH', P + 'middle', 'r1');
  await link(P + 'middle', 'BASED_IN', P + 'bigland', 'r2');
  // near-a → midland-a — midland-b → near-b: two hubs next to each other.
  await link(P + 'near-a', 'BASED_IN', P + 'midland-a', 'r3');
  await link(P + 'midland-a', 'AGREED_WITH', P + 'midland-b', 'r4');
  await link(P + 'near-b', 'BASED_IN', P + 'midland-b', 'r5');
  // far → midland-a — x — midland-c ← near-c: the only route passes an ordinary node between two hubs.
  await link(P + 'far', 'BASED_IN', P + 'midland-a', 'r6');
  await link(P + 'x', 'BASED_IN', P + 'midland-a', 'r7');
  await link(P + 'x', 'AFFILIATED_WITH', P + 'midland-c', 'r8');
  await link(P + 'near-c', 'BASED_IN', P + 'midland-c', 'r9');
  // k-a → midland-b → k-x → k-end, beside a cheap dead-end chain k-a → k-c1 → k-c2 → k-c3 that the
  // search lists first; k-end has 30 more relationships.
  await link(P + 'k-a', 'BASED_IN', P + 'midland-b', 'r10');
  await link(P + 'k-x', 'BASED_IN', P + 'midland-b', 'r11');
  await link(P + 'k-x', 'AFFILIATED_WITH', P + 'k-end', 'r12');
  await link(P + 'k-a', 'AFFILIATED_WITH', P + 'k-c1', 'r13');
  await link(P + 'k-c1', 'AFFILIATED_WITH', P + 'k-c2', 'r14');
  await link(P + 'k-c2', 'AFFILIATED_WITH', P + 'k-c3', 'r15');
  await spokes(P + 'k-end', 30);
  // The db-hit tests below measure the plans made on this graph, not plans cached from an earlier file's
  // (as query-plans and accept-plans do): resample the indexes and clear the plan cache.
  await testExecutor().write(cypher('test.prepareForReplanning', 'CALL db.prepareForReplanning(120)'));
}, 240_000);

afterAll(async () => {
  await testExecutor().write(cypher('test.hubWipe', 'MATCH (n:Entity) WHERE n.id STARTS WITH $p DETACH DELETE n'), { p: P });
  await closeTestExecutor();
});

const PATH = `query($from: ID!, $to: ID!, $maxHops: Int) {
  path(from: $from, to: $to, maxHops: $maxHops) { length nodes { id } }
}`;

describe('paths that hold at hubs (issue 24 item 1)', () => {
  it('finds the 2-hop route to a hub of 6 000 relationships without listing them, in a few round trips', async () => {
    const { post } = testApp();
    const { status, body } = await post(PATH, { from: P + 'start', to: P + 'bigland' });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.path[0]).toEqual({ length: 2, nodes: [{ id: P + 'start' }, { id: P + 'middle' }, { id: P + 'bigland' }] });
    expect(body.extensions.partial).toBeUndefined();
    const levels = (body.extensions.dbQueries as string[]).filter((name) => name === 'paths.level');
    expect(levels.length).toBeGreaterThan(0);
    expect(levels.length).toBeLessThanOrEqual(4);
  });

  it('lists no more relationships than the work budget, whatever the hub', async () => {
    const executor = testExecutor();
    const listed: number[] = [];
    const repo = new Repository(executor, testOntology(), { observe: (event) => event.name === 'paths.level' && listed.push(event.rows) });
    const found = await repo.paths(
      { from: P + 'start', to: P + 'bigland', maxHops: 4, excludeUnnamed: false, minSources: 0 },
      { fromDegree: 1, toDegree: BIG + 1 },
      5,
      [],
      [],
      { nodes: false, relationships: false },
    );
    expect(found.paths.length).toBeGreaterThan(0);
    expect(listed.reduce((a, b) => a + b, 0)).toBeLessThan(DEFAULT_PATH_LIMITS.hubDegree);
  });

  it('meets two adjacent hubs from their ends: near-a → midland-a → midland-b → near-b', async () => {
    const { body } = await testApp().post(PATH, { from: P + 'near-a', to: P + 'near-b' });
    expect(body.errors).toBeUndefined();
    expect(body.data.path[0].nodes.map((n: { id: string }) => n.id)).toEqual([P + 'near-a', P + 'midland-a', P + 'midland-b', P + 'near-b']);
    expect(body.extensions.partial).toBeUndefined();
  });

  it('says the answer is partial when the only route runs through an ordinary node between two hubs', async () => {
    // far → midland-a → x → midland-c → near-c: 4 hops, but the search lists neither hub's 1 500 relationships.
    const { status, body } = await testApp().post(PATH, { from: P + 'far', to: P + 'near-c' });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.path).toEqual([]);
    expect(body.extensions.partial).toEqual([{ path: ['path'], reason: expect.stringMatching(/hubs/) }]);
  });

  it('never keeps a partial answer in the response cache (decision 0022)', async () => {
    const cache = new ResponseCache({ maxBytes: 1024 * 1024, maxEntries: 10 });
    const { post } = testApp({ responseCache: cache });
    for (let i = 0; i < 2; i++) {
      const { headers, body } = await post(PATH, { from: P + 'far', to: P + 'near-c' });
      expect(body.extensions.partial).toHaveLength(1);
      expect(headers.get('chokepoint-cache')).toBe('miss');
    }
    expect(cache.stats().entries).toBe(0);
    // A whole answer on the same app is kept.
    await post(PATH, { from: P + 'start', to: P + 'bigland' });
    expect((await post(PATH, { from: P + 'start', to: P + 'bigland' })).headers.get('chokepoint-cache')).toBe('hit');
  });

  it('stops at the work budget with the routes found so far and the reason', async () => {
    const repo = new Repository(testExecutor(), testOntology());
    const found = await repo.paths(
      { from: P + 'start', to: P + 'near-b', maxHops: 6, excludeUnnamed: false, minSources: 0 },
      { fromDegree: 1, toDegree: 1 },
      5,
      [],
      [],
      { nodes: false, relationships: false },
      { ...DEFAULT_PATH_LIMITS, budget: 3 },
    );
    expect(found.paths).toEqual([]);
    expect(found.partial).toMatch(/work budget \(3 relationships\)/);
  });

  // The search's work in the database, level by level under PROFILE (issue 24, docs/decisions/0035): a
  // hub end is met from the small nodes that reach it, never walked, and nodes already listed are not
  // met again. Before, start → bigland read bigland's 6 000 relationships twice after the ends had met.
  async function searchWork(search: PathSearch, ends: { fromDegree: number; toDegree: number }) {
    const executor = testExecutor();
    let dbHits = 0;
    const found = await searchPaths(search, ends, async (level) => {
      const b = new CypherBuilder(testOntology());
      const text = pathLevelStatement(b, level);
      dbHits += (await executor.profile(cypher('paths.level', text), b.params)).dbHits;
      return levelRows((await executor.read(cypher('paths.level', text), b.params)).map((r) => r.row));
    });
    return { found, dbHits };
  }

  it('reaches a hub end of 6 000 relationships with fewer db hits than its degree', async () => {
    const { found, dbHits } = await searchWork({ from: P + 'start', to: P + 'bigland', maxHops: 4, excludeUnnamed: false, minSources: 0 }, { fromDegree: 1, toDegree: BIG + 1 });
    expect(found.candidates[0]?.nodeIds).toEqual([P + 'start', P + 'middle', P + 'bigland']);
    expect(found.partial).toBe(false);
    expect(dbHits).toBeGreaterThan(0);
    expect(dbHits).toBeLessThan(BIG);
  });

  it('expands the far end when a hub near the start is unlisted, even after the start side went deep (3 hops through the hub)', async () => {
    // The start side lists its cheap chain to depth 3 first; the route behind the hub at depth 1 needs the
    // far end's neighbours, which a level may still list since they can meet the hub within 4 hops.
    const { found } = await searchWork({ from: P + 'k-a', to: P + 'k-end', maxHops: 4, excludeUnnamed: false, minSources: 0 }, { fromDegree: 2, toDegree: 31 });
    expect(found.partial).toBe(false);
    expect(found.candidates[0]?.nodeIds).toEqual([P + 'k-a', P + 'midland-b', P + 'k-x', P + 'k-end']);
  });

  it('meets two adjacent hubs by reading one of them once', async () => {
    const { found, dbHits } = await searchWork({ from: P + 'near-a', to: P + 'near-b', maxHops: 4, excludeUnnamed: false, minSources: 0 }, { fromDegree: 1, toDegree: 1 });
    expect(found.candidates[0]?.nodeIds).toEqual([P + 'near-a', P + 'midland-a', P + 'midland-b', P + 'near-b']);
    // One hub's relationships read once costs about 2 db hits each (the relationship and the far node's id).
    expect(dbHits).toBeLessThan(3 * MID);
  });
});

describe('meetings at a hub joined on the far node (issue 24 item 1)', () => {
  // 40 actors of 30 relationships each (their own spokes), 10 of them BASED_IN bigland (6 000), and a
  // start linked to all 40: the search's scan level meets the 40 against the hub end. Walking either end
  // reads about a db hit per relationship: the far node is joined with the other set's nodes, sought by
  // id, instead of reading its id (before: two db hits per relationship, 67 773 for a 33 388 hub of M).
  const FANS = Array.from({ length: 40 }, (_, i) => `${P}fan-${i}`);
  const FAN_ROOT = `${P}fan-root`;

  beforeAll(async () => {
    await testExecutor().write(cypher('test.fans', `UNWIND $fans AS f CREATE (:Entity:Actor {id: f, name: 'Hubtest ' + f, type: 'company'})`), { fans: FANS });
    for (const fan of FANS) await spokes(fan, 30);
    for (const [i, fan] of FANS.slice(0, 10).entries()) await link(fan, 'BASED_IN', P + 'bigland', `fan-r${i}`);
    // A start of 40 relationships, one to each of them.
    await testExecutor().write(cypher('test.fanRoot', `CREATE (:Entity:Actor {id: $root, name: 'Hubtest fan root', type: 'company'})`), { root: FAN_ROOT });
    for (const [i, fan] of FANS.entries()) await link(FAN_ROOT, 'AFFILIATED_WITH', fan, `fan-root-r${i}`);
    await testExecutor().write(cypher('test.prepareForReplanning', 'CALL db.prepareForReplanning(120)'));
  }, 240_000);

  async function level(scanFrom: 'scan' | 'meet') {
    const b = new CypherBuilder(testOntology());
    const text = pathLevelStatement(b, { ends: [FAN_ROOT, P + 'bigland'], excludeUnnamed: false, minSources: 0, expand: [], scan: FANS, meet: [P + 'bigland'], scanFrom });
    const rows = levelRows((await testExecutor().read(cypher('paths.level', text), b.params)).map((r) => r.row));
    const { dbHits } = await testExecutor().profile(cypher('paths.level', text), b.params);
    const plan = operators(await testExecutor().explain(cypher('paths.level', text), b.params));
    return { rows: rows.map((r) => `${r.fromNode} ${r.id} ${r.toNode} ${r.outgoing} ${r.degree}`).sort(), dbHits, plan };
  }

  it('sends each row as a list of seven values, not a map that repeats its keys in every record', async () => {
    const b = new CypherBuilder(testOntology());
    const text = pathLevelStatement(b, { ends: [FAN_ROOT, P + 'bigland'], excludeUnnamed: false, minSources: 0, expand: [FAN_ROOT], scan: [], meet: [] });
    const records = await testExecutor().read(cypher('paths.level', text), b.params);
    expect(records).toHaveLength(FANS.length);
    for (const record of records) expect(record.row).toEqual([FAN_ROOT, expect.any(String), true, expect.any(Number), expect.any(String), true, expect.any(Number)]);
    const rows = levelRows(records.map((r) => r.row));
    expect(rows.map((r) => r.toNode).sort()).toEqual([...FANS].sort());
    expect(rows.every((r) => r.fromNode === FAN_ROOT && r.outgoing && r.named && r.id.startsWith(P + 'fan-root-r'))).toBe(true);
  });

  it('finds the same meetings from either end, about one db hit per relationship walked', async () => {
    const [fromFans, fromHub] = [await level('scan'), await level('meet')];
    expect(fromFans.rows).toHaveLength(10);
    expect(fromFans.rows).toEqual(fromHub.rows);
    const [degrees] = await testExecutor().read(
      cypher('test.fanDegrees', 'UNWIND $fans AS f MATCH (a:Entity {id: f}) RETURN sum(COUNT { (a)--() }) AS fans, COUNT { (:Entity {id: $hub})--() } AS hub'),
      { fans: FANS, hub: P + 'bigland' },
    );
    // The relationships walked, 2 db hits per node sought, and the ten rows' own columns (~20 each).
    const budget = (walked: number) => walked + 2 * (FANS.length + 1) + 10 * 20 + 50;
    expect(fromFans.dbHits, `from the 40: ${fromFans.dbHits} db hits, ${degrees!.fans} relationships`).toBeLessThan(budget(degrees!.fans as number));
    expect(fromHub.dbHits, `from the hub: ${fromHub.dbHits} db hits, ${degrees!.hub} relationships`).toBeLessThan(budget(degrees!.hub as number));
    for (const { plan } of [fromFans, fromHub]) expect(plan.map((o) => o.operator)).toContain('NodeHashJoin');
  });

  it('gives the search its ten 2-hop routes through the hub end', async () => {
    const found = await searchPaths(
      { from: FAN_ROOT, to: P + 'bigland', maxHops: 3, excludeUnnamed: false, minSources: 0 },
      { fromDegree: 40, toDegree: BIG + 10 },
      async (lvl) => {
        const b = new CypherBuilder(testOntology());
        return levelRows((await testExecutor().read(cypher('paths.level', pathLevelStatement(b, lvl)), b.params)).map((r) => r.row));
      },
    );
    expect(found.partial).toBe(false);
    expect(found.candidates.filter((c) => c.nodeIds.length === 3).map((c) => c.nodeIds[1]).sort()).toEqual(FANS.slice(0, 10).sort());
  });
});
