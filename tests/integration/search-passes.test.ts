// Issue 24 item 6 and issue 19 row 4 on a real Neo4j: search matches exact words and prefixes first and
// runs the typo-tolerant pass only when they do not fill the page, or when asked (`fuzzy: true`); its
// hits come after them. Searches have their own concurrency cap, and their cost estimate grows with the
// text and the edits its words allow. Test entities have their own ids beside the seed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher } from '../../src/db/executor.ts';
import { CypherBuilder } from '../../src/cypher/projection/builder.ts';
import { searchStatement } from '../../src/cypher/entities.ts';
import { exactQuery, fuzzyQuery, searchCost } from '../../src/text/search-text.ts';
import { nameKey } from '../../src/text/fold.ts';
import { SearchBusyError, SearchSlots } from '../../src/repository/search-slots.ts';
import { closeTestExecutor, seedGraph, testExecutor, testOntology } from '../support/database.ts';
import { testApp } from '../support/app.ts';

const NAMES = { 'zq-alpha': 'Zorbleton Alpha', 'zq-beta': 'Zorbleton Beta', 'zq-gamma': 'Zorbletan Gamma' };

beforeAll(async () => {
  await seedGraph();
  await testExecutor().write(
    cypher(
      'test.searchNodes',
      `UNWIND $rows AS row
       CREATE (:Entity:Actor {id: row.id, name: row.name, type: 'company', nameKeys: [row.key], nameKeyText: row.key})`,
    ),
    { rows: Object.entries(NAMES).map(([id, name]) => ({ id, name, key: nameKey(name) })) },
  );
});

afterAll(async () => {
  await testExecutor().write(cypher('test.searchWipe', 'MATCH (n:Entity) WHERE n.id STARTS WITH "zq-" DETACH DELETE n'));
  await closeTestExecutor();
});

const SEARCH = `query($text: String!, $first: Int, $fuzzy: Boolean) { search(text: $text, first: $first, fuzzy: $fuzzy) { exact entity { id } } }`;
const ids = (body: any) => body.data.search.map((h: any) => h.entity.id);

/** Whether the statement ran its typo-tolerant pass (its `fuzzyPass` column), on the real Neo4j. */
async function fuzzyPassRan(text: string, first: number, fuzzyAlways: boolean): Promise<boolean> {
  const b = new CypherBuilder(testOntology());
  const statement = searchStatement(b, { query: exactQuery(text)!, fuzzyQuery: fuzzyQuery(text)!, fuzzyAlways, key: nameKey(text), labels: null, limit: first }, []);
  const [row] = await testExecutor().read(cypher('test.search', statement), b.params);
  return row?.fuzzyPass === true;
}

describe('search: exact and prefix matches first, the typo-tolerant pass when needed (issue 24 item 6)', () => {
  it('prefix matches fill the page: the typo-tolerant pass does not run (it does when they do not)', async () => {
    const { body } = await testApp().post(SEARCH, { text: 'Zorbleton', first: 2 });
    expect(ids(body).sort()).toEqual(['zq-alpha', 'zq-beta']);
    expect(await fuzzyPassRan('Zorbleton', 2, false)).toBe(false);
    expect(await fuzzyPassRan('Zorbleton', 3, false)).toBe(true);
  });

  it('fuzzy: true runs the typo-tolerant pass even when the page is full', async () => {
    expect(await fuzzyPassRan('Zorbleton', 2, true)).toBe(true);
  });

  it('a page the first pass cannot fill gets the typo-tolerant hits after the prefix hits', async () => {
    const { body } = await testApp().post(SEARCH, { text: 'Zorbleton', first: 3 });
    const found = ids(body);
    expect(found.slice(0, 2).sort()).toEqual(['zq-alpha', 'zq-beta']);
    expect(found[2]).toBe('zq-gamma');
  });

  it('a typo alone still finds the name, and an exact name comes first', async () => {
    const typo = await testApp().post(SEARCH, { text: 'Zorbletin Gamma', first: 5 });
    expect(ids(typo.body)).toContain('zq-gamma');
    const exact = await testApp().post(SEARCH, { text: 'Zorbletan Gamma', first: 5 });
    expect(exact.body.data.search[0]).toEqual({ exact: true, entity: { id: 'zq-gamma' } });
  });
});

describe('search costs and slots (issue 19 row 4)', () => {
  it('the estimate grows with the words and the edits they allow', () => {
    expect(searchCost('ab')).toBeLessThan(searchCost('abcd'));
    expect(searchCost('abcd')).toBeLessThan(searchCost('abcdefg'));
    expect(searchCost('semiconductor')).toBeLessThan(searchCost('semiconductor lithography equipment'));
    // Ten long words (the most that become terms) stay under the per-query limit of 100 000.
    expect(searchCost('semiconductor '.repeat(20))).toBeLessThan(100_000);
  });

  it('a long typo-tolerant search is charged by its text against the client budget', async () => {
    const budget = searchCost('semiconductor lithography equipment suppliers worldwide') + 100;
    const { post } = testApp({ http: { rateLimitCostPerMinute: budget } });
    const first = await post(SEARCH, { text: 'semiconductor lithography equipment suppliers worldwide', first: 1 });
    expect(first.status).toBe(200);
    const second = await post(SEARCH, { text: 'semiconductor lithography equipment suppliers worldwide', first: 1 });
    expect(second.status).toBe(429);
    expect(second.body.errors[0].extensions.code).toBe('RATE_LIMITED');
  });

  it('runs at most maxRunning searches at once, queues maxWaiting, refuses the rest', async () => {
    const slots = new SearchSlots(2, 1);
    let running = 0;
    let peak = 0;
    const releases: Array<() => void> = [];
    const work = () =>
      new Promise<void>((resolve) => {
        running++;
        peak = Math.max(peak, running);
        releases.push(() => {
          running--;
          resolve();
        });
      });
    const started = [slots.run(work), slots.run(work), slots.run(work)];
    await new Promise((r) => setTimeout(r, 10));
    expect(slots.state).toEqual({ running: 2, waiting: 1 });
    await expect(slots.run(work)).rejects.toBeInstanceOf(SearchBusyError);
    while (releases.length > 0 || running > 0) {
      releases.shift()?.();
      await new Promise((r) => setTimeout(r, 5));
    }
    await Promise.all(started);
    expect(peak).toBe(2);
    expect(slots.state).toEqual({ running: 0, waiting: 0 });
  });
});
