// The warm-up asks the timelines of the graph's hub countries after the examples (issue 24): the
// examples' small entities never walk in date order (on M, Valdoria's first page after a restart took
// 105–114 ms without it, 49 with it). Here, on the seed graph: the hubs are the countries with the most
// relationships, each one's timeline page runs during the warm-up, and none of it fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { largestCountries } from '../../src/cypher/entities.ts';
import { cypher } from '../../src/db/executor.ts';
import { createLogger } from '../../src/log/logger.ts';
import { warmUp } from '../../src/server/warm-up.ts';
import { testApp } from '../support/app.ts';
import { closeTestExecutor, seedGraph, testExecutor } from '../support/database.ts';

beforeAll(async () => {
  await seedGraph();
});
afterAll(async () => {
  await closeTestExecutor();
});

describe('the warm-up', () => {
  it('asks the timeline of each of the countries with the most relationships, after the examples', async () => {
    const [expected] = await testExecutor().read(
      cypher('test.hubCountries', 'MATCH (c:Country) OPTIONAL MATCH (c)-[r]-() WITH c, count(r) AS n ORDER BY n DESC, c.id LIMIT 3 RETURN collect(c.id) AS ids'),
    );
    const hubs = (await testExecutor().read(largestCountries, { limit: 3 })).map((row) => String(row.id));
    expect(hubs).toEqual(expected!.ids);
    expect(hubs).toHaveLength(3);

    const statements: Array<{ name: string; params: Record<string, unknown> }> = [];
    const executor = testExecutor();
    const recording = new Proxy(executor, {
      get(target, prop, receiver) {
        if (prop !== 'read') return Reflect.get(target, prop, receiver);
        return (query: { name: string }, params: Record<string, unknown> = {}, ...rest: unknown[]) => {
          statements.push({ name: query.name, params });
          return (target.read as (...a: unknown[]) => unknown).call(target, query, params, ...rest);
        };
      },
    });
    const logs: string[] = [];
    const result = await warmUp(testApp({ executor: recording }).app, createLogger('info', (line) => logs.push(line)), { hubs: async () => hubs });
    expect(result.failed, logs.join('\n')).toEqual([]);
    const pages = statements.filter((s) => s.name === 'timeline.page');
    for (const hub of hubs) {
      const asked = pages.some((s) => Object.values(s.params).some((v) => Array.isArray(v) && v.includes(hub)));
      expect(asked, `a timeline page of ${hub} in the warm-up`).toBe(true);
    }
    // After the examples: the last pages are the hubs'.
    const lastPage = pages.at(-1)!;
    expect(Object.values(lastPage.params).some((v) => Array.isArray(v) && v.includes(hubs.at(-1)))).toBe(true);
  });
});
