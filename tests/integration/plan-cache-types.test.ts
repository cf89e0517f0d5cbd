// Neo4j caches a plan per statement text *and* per the types of its parameters: the same text sent with
// `null` where it once had a string, or an empty list where it once had a non-empty one, is planned
// again (0.2–1.2 s for the large read statements on M; measured in docs/performance.md "Session 9" and
// "Session 10"). Valdoria's first timeline page paid exactly that until session 9. This test sends a
// varied set of requests — the playground's examples, first and next pages, names that match much and
// little, searches with and without hits, paths — and fails when one statement text reached the database
// with two type signatures (tests/support/plans.ts `cacheType`: the types Neo4j's cache tells apart).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Executor } from '../../src/db/executor.ts';
import { loadExamples } from '../../src/server/graphiql-examples.ts';
import { testApp } from '../support/app.ts';
import { closeTestExecutor, seedGraph, testExecutor } from '../support/database.ts';
import { cacheSignature } from '../support/plans.ts';

/** Every read statement's text with each parameter-type signature it was sent with, and the requests that sent it. */
const seen = new Map<string, { name: string; signatures: Map<string, string> }>();
let current = '';

function recording(executor: Executor): Executor {
  return new Proxy(executor, {
    get(target, property, receiver) {
      if (property === 'read') {
        return (query: { name: string; text: string }, params: Record<string, unknown> = {}, ...rest: unknown[]) => {
          const entry = seen.get(query.text) ?? { name: query.name, signatures: new Map<string, string>() };
          const types = cacheSignature(params);
          if (!entry.signatures.has(types)) entry.signatures.set(types, current);
          seen.set(query.text, entry);
          return (target.read as (...args: unknown[]) => unknown)(query, params, ...rest);
        };
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

beforeAll(async () => {
  await seedGraph();
});
afterAll(closeTestExecutor);

describe('the plan cache', () => {
  it('gets one parameter-type signature per statement text, so no question is planned twice', async () => {
    const { post } = testApp({ executor: recording(testExecutor()) });
    const ask = async (label: string, query: string, variables: Record<string, unknown> = {}) => {
      current = label;
      const answer = await post(query, variables, { headers: { 'cache-control': 'no-cache' } });
      expect(answer.status, `${label}: ${JSON.stringify(answer.body).slice(0, 300)}`).toBe(200);
      expect(answer.body.errors, label).toBeUndefined();
      return answer.body;
    };

    for (const example of loadExamples()) await ask(example.file, example.query);

    // Measures: a narrow and a broad technology (the two anchors), an issuer, filters, and a next page.
    const MEASURES = `query M($t: String, $by: String, $after: String, $from: Date, $status: [PolicyStatus!]) {
      measures(targeting: $t, imposedBy: $by, after: $after, from: $from, status: $status, first: 2) {
        totalCount pageInfo { endCursor } nodes { id name date { start } issuers { id } targets { id } evidence(first: 2) { id citations { quote } } }
      }
    }`;
    for (const variables of [{ t: 'AI chips' }, { t: 'Semiconductors' }, { t: 'Quantum computing' }, { t: 'China' }, { by: 'China' }, { by: 'United States', t: 'Semiconductors' }, { t: 'Semiconductors', from: '2023-01-01' }]) {
      const first = await ask(`measures ${JSON.stringify(variables)}`, MEASURES, variables);
      const after = first.data?.measures?.pageInfo?.endCursor;
      if (after) await ask(`measures ${JSON.stringify(variables)}, next page`, MEASURES, { ...variables, after });
    }

    // Timelines: a country with its government (an entity set), a company, and a next page.
    const TIMELINE = `query T($e: ID!, $after: String) { timeline(entity: $e, first: 3, after: $after) { totalCount pageInfo { endCursor } nodes { kind date { start } title } } }`;
    for (const e of ['China', 'United States', 'ASML', 'Netherlands', 'Xi Jinping']) {
      const first = await ask(`timeline ${e}`, TIMELINE, { e });
      const after = first.data?.timeline?.pageInfo?.endCursor;
      if (after) await ask(`timeline ${e}, next page`, TIMELINE, { e, after });
    }

    // The edge table and the sources, first and next pages.
    const TABLE = `query R($after: String) { relationships(first: 5, after: $after) { totalCount pageInfo { endCursor } nodes { id type citations { quote source { id } } } } }`;
    const table = await ask('relationships', TABLE);
    await ask('relationships, next page', TABLE, { after: table.data.relationships.pageInfo.endCursor });
    const SOURCES = `query S($after: ID) { sources(first: 2, after: $after) { id title } }`;
    const sources = await ask('sources', SOURCES);
    const lastSource = sources.data?.sources?.at(-1)?.id;
    if (lastSource) await ask('sources, next page', SOURCES, { after: lastSource });

    // Entity pages: one with many relationships, one with few, and a next page of relationships.
    const ENTITY = `query E($id: ID!, $after: String) { entity(id: $id) { id name relationships(first: 2, after: $after) { totalCount pageInfo { endCursor } nodes { id type } } } }`;
    for (const id of ['china', 'asml']) {
      const first = await ask(`entity ${id}`, ENTITY, { id });
      const after = first.data?.entity?.relationships?.pageInfo?.endCursor;
      if (after) await ask(`entity ${id}, next page`, ENTITY, { id, after });
    }

    // Search: hits, a typo, no hit; paths near and far.
    const SEARCH = `query Q($text: String!) { search(text: $text, first: 5) { score entity { id name } } }`;
    for (const text of ['ASML', 'Semicondutors', 'semiconductor', 'zzzzqqq']) await ask(`search ${text}`, SEARCH, { text });
    const PATH = `query P($from: ID!, $to: ID!) { path(from: $from, to: $to, maxHops: 4, limit: 3) { length nodes { id } hops { relationship { id citations { quote } } } } }`;
    for (const [from, to] of [['asml', 'china'], ['joe-biden', 'china'], ['asml', 'netherlands']]) await ask(`path ${from} → ${to}`, PATH, { from, to });

    expect(seen.size, 'the requests reached the database').toBeGreaterThan(20);
    const twice = [...seen.values()]
      .filter((entry) => entry.signatures.size > 1)
      .map((entry) => `${entry.name}: ${[...entry.signatures].map(([types, label]) => `[${types}] (first by ${label})`).join(' against ')}`);
    expect(twice).toEqual([]);
  }, 240_000);
});
